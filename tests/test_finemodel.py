"""The fine model: what it reads of an amount, what it learns, how it joins the rules, and that
the shipped one is up to date."""

from __future__ import annotations

import json
from pathlib import Path

from gatewatch.nlp.components.fine_rules import MONEY_FILE, classify_money, rules_reading
from gatewatch.nlp.components.money import find_money
from gatewatch.nlp.finemodel import MODEL_FILE, FineModel, amount_grams, load_fine_model, train, training_digest
from gatewatch.nlp.pipeline import load_pipeline

GOLD = Path(__file__).parent / "data" / "nlp-gold.jsonl"


def read(text: str) -> list[dict]:
    """The amounts in ``text`` with the kind the rules give each."""
    return classify_money(load_pipeline("en")(text), find_money(text, chinese_context=False))


def test_the_model_reads_the_words_around_an_amount_within_its_sentence() -> None:
    text = "Shares rose 3%. The FTC fined Acme $5 million on Tuesday after a long probe, and Acme paid $5m."
    mentions = read(text)
    sentence = (text.index("The FTC"), len(text))
    grams = amount_grams(text, mentions, 0, sentence, lead_end=text.index(" The FTC"))
    assert {"kind:fine", "in body", "currency:USD", "magnitude:6", "first amount", "repeated:2", "largest",
            "before:fined", "before 0:acme", "before 1:fined", "before:ftc fined", "after 0:on", "after:tuesday",
            "after:a"} <= set(grams)
    assert not {"before:shares", "before:rose", "after:long", "after:probe"} & set(grams), "no words of another sentence, none past the window"


def test_a_model_learns_which_words_around_an_amount_make_it_a_fine() -> None:
    fined = [f"The regulator fined {name} €{n} million for abusing its dominance." for n, name in enumerate(["Acme", "Initech", "Globex", "Hooli"], 2)]
    earned = [f"{name} reported revenue of €{n} million for the quarter." for n, name in enumerate(["Acme", "Initech", "Globex", "Hooli"], 2)]
    examples = []
    for texts, is_fine in ((fined, True), (earned, False)):
        for text in texts:
            mentions = [dict(m, kind="other") for m in find_money(text, chinese_context=False)]  # (no help from the rules)
            examples.append((amount_grams(text, mentions, 0, (0, len(text)), len(text)), is_fine))
    model = FineModel(train(examples))
    for text, expected in (("The regulator fined Umbrella €9 million for abusing its dominance.", True),
                           ("Umbrella reported revenue of €9 million for the quarter.", False)):
        mentions = [dict(m, kind="other") for m in find_money(text, chinese_context=False)]
        assert model.is_fine(amount_grams(text, mentions, 0, (0, len(text)), len(text))) is expected


def test_the_model_has_the_last_word_on_the_rules_fines_only() -> None:
    text = "The Commission fined Apple €1.8bn ($2bn). Apple's revenue was €90bn."
    assert [m["kind"] for m in read(text)] == ["fine", "conversion", "other"]
    doc = load_pipeline("en")(text)
    says_yes, says_no = FineModel({"weights": {}, "bias": 1.0}), FineModel({"weights": {}, "bias": -1.0})
    assert [m["kind"] for m in classify_money(doc, find_money(text, False), says_yes)] == ["fine", "conversion", "other"]
    assert [m["kind"] for m in classify_money(doc, find_money(text, False), says_no)] == ["other", "conversion", "other"]
    # What the model is trained on is the rules' reading, whatever model the pipeline holds.
    assert [m["kind"] for m, _ in rules_reading(doc, find_money(text, False))] == ["fine", "conversion", "other"]


def test_without_a_model_file_the_rules_decide(tmp_path: Path) -> None:
    assert load_fine_model(tmp_path / "absent.json") is None


def test_the_shipped_fine_model_is_trained_on_this_gold_set_and_money_rules() -> None:
    dev = [item for item in map(json.loads, GOLD.read_text(encoding="utf-8").splitlines()) if item["split"] == "dev"]
    trained_on = json.loads(MODEL_FILE.read_text(encoding="utf-8"))["trained_on"]
    assert trained_on == training_digest(dev, MONEY_FILE), (
        "the gold set or kb/money.yaml changed: retrain with `gatewatch train tests/data/nlp-gold.jsonl`"
    )
