"""The name model: which runs of capitalised words it reads, what it reads of them, what it
learns, how its names join the tags, and that the shipped one is up to date."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from gatewatch.nlp.components.names import reading
from gatewatch.nlp.namemodel import MODEL_FILE, Candidate, NameModel, candidates, load_name_model, training_digest
from gatewatch.nlp.logistic import fit_grams
from gatewatch.nlp.tag import parsed_docs, tag_records

GOLD = Path(__file__).parent / "data" / "nlp-gold.jsonl"


def companies(text: str, language: str = "en") -> list[str]:
    return [c["name"] for c in next(tag_records([{"id": 1, "text": text, "language": language}]))["companies"]]


def test_a_run_of_capitalised_words_loses_what_opens_a_phrase_describes_or_owns() -> None:
    text = "After Thoma Bravo agreed to buy Cambridge-based Darktrace, Level 3 Communications and FD do Brasil's unit."
    runs, seen = candidates(text, [])
    assert [c.name for c in runs] == ["Thoma Bravo", "Darktrace", "Level 3 Communications", "FD do Brasil"]
    assert seen["Darktrace"] == 1 and "After Thoma Bravo" not in seen
    assert candidates("The Bain-led group.", [])[0] == [], "a describing word alone is no name"
    assert candidates("Its rival alfaview GmbH complained.", [])[0] == [], "a legal form alone is no name"
    # (the name is after a word inside the run that describes or owns it)
    assert [c.name for c in candidates("Hong Kong-based Skycom and Singapore's PayNow met.", [])[0]] == ["Skycom", "PayNow"]


def test_a_run_ends_where_an_amount_begins() -> None:
    # Ukraine's AMCU and Russia's FAS on mobile operators (constructed sentences): a currency
    # code before a number, or a number the text goes on as an amount, is no part of a name.
    text = "AMCU fined Kyivstar UAH 54 million; FAS fined MegaFon 737,500 roubles and Telenor paid EUR 5 million."
    assert [c.name for c in candidates(text, [])[0]] == ["AMCU", "Kyivstar", "FAS", "MegaFon", "Telenor"]
    assert [c.name for c in candidates("Level 3 Communications and Channel 4 said so.", [])[0]] == [
        "Level 3 Communications", "Channel 4"]
    # India's CCI on cement makers, 2012, and Taiwan's FTC on capacitor makers, 2015 (constructed
    # sentences): a currency glued to its number, a currency code split off by "$", a share.
    text = "CCI fined Binani Rs.167.32 crore; the FTC fined Rubycon NT$1,248,000,000; Coles 29% and Metcash 7 per cent."
    assert [c.name for c in candidates(text, [])[0]] == ["CCI", "Binani", "FTC", "Rubycon", "Coles", "Metcash"]


def test_a_person_s_company_after_their_name_is_the_run() -> None:
    text = "Alex Davis of Disruptive Technology Advisers and the Bank of America agreed."
    assert [c.name for c in candidates(text, [])[0]] == ["Disruptive Technology Advisers", "Bank of America"]


def test_a_run_opened_by_a_lower_case_led_word_keeps_it() -> None:
    # Saudi GAC on beIN Sports, 2018 (constructed sentence): "beIN" opens the name.
    assert [c.name for c in candidates("The authority fined beIN Sports and Rotana.", [])[0]] == ["beIN Sports", "Rotana"]
    assert [c.name for c in candidates("A tax on Sports Direct.", [])[0]] == ["Sports Direct"]


def test_the_model_module_loads_before_the_components() -> None:
    """``namemodel`` reads the legal-form recogniser's lists, whose package loads the name
    component, which reads ``namemodel``: a script that imports the model first must work."""
    loaded = subprocess.run([sys.executable, "-c", "import gatewatch.nlp.namemodel"], capture_output=True, text=True)
    assert loaded.returncode == 0, loaded.stderr


def test_a_run_another_component_claimed_is_not_read() -> None:
    text = "Acme Widgets sued Globex over prices."
    runs, seen = candidates(text, [(0, 12)])
    assert runs == [Candidate(18, 24, "Globex")] and seen == {"Acme Widgets": 1, "Globex": 1}, "(claimed runs are counted)"
    doc = next(parsed_docs([{"id": 1, "text": "Google agreed to buy Initech for $32 billion, Google said.",
                             "language": "en"}]))
    assert [c.name for c, _ in reading(doc)] == ["Initech"], "the KB's company is the linker's"


def test_the_model_reads_the_words_around_a_name_its_shape_and_its_repeats() -> None:
    text = ("A judge, Jeannette Vargas, denied the request.\n\nIn her ruling Vargas said Acme's app could stay, "
            "as Initech argued. Acme sued.")
    doc = next(parsed_docs([{"id": 1, "text": text, "language": "en"}]))
    grams = {c.name: set(g) for c, g in reading(doc)}
    assert {"before:judge ,", "after:,", "words:2", "in lead", "last word alone", "first:jeannette",
            "word:vargas"} <= grams["Jeannette Vargas"]
    assert "Vargas" not in grams, "a person named again by surname is no candidate"
    assert {"before:as", "after:argued", "in body", "words:1", "repeated:1"} <= grams["Initech"]
    assert {"opens sentence", "repeated:2", "after:sued"} <= grams["Acme"]  # (the second Acme's)
    assert "opens sentence" not in grams["Initech"] and "In" not in grams, "an opening word is no name"
    assert "given name first" in grams["Jeannette Vargas"] and "given name first" not in grams["Acme"]
    # (six words on either side within 60 characters, as a bag: "ruling" is the seventh back)
    assert {"near before:said", "near before:acme's", "near after:argued", "near after:acme"} <= grams["Initech"]
    assert "near before:ruling" not in grams["Initech"] and "near after:denied" in grams["Jeannette Vargas"]


def test_a_model_learns_which_contexts_name_companies() -> None:
    firms = [f"Analysts expect {name} to report higher sales on Monday." for name in ("Acme", "Initech", "Globex", "Hooli")]
    people = [f"Judge {name} Smith said on Monday that the case would go on." for name in ("Alice", "Bruno", "Chen", "Dana")]
    examples = [(grams, text in firms) for text in firms + people
                for _, grams in reading(next(parsed_docs([{"id": 1, "text": text, "language": "en"}])))]
    weights, bias = fit_grams(examples, 1.0, 2)
    model = NameModel({"weights": weights, "bias": bias})
    for text, expected in (("Analysts expect Umbrella to report higher sales on Monday.", True),
                           ("Judge Erin Smith said on Monday that the case would go on.", False)):
        grams = {c.name: g for c, g in reading(next(parsed_docs([{"id": 1, "text": text, "language": "en"}])))}
        assert model.is_company(grams["Umbrella" if expected else "Judge Erin Smith"]) is expected


def test_the_shipped_model_finds_a_company_named_bare() -> None:
    # US sellers' suits over Amazon's logistics fees (2025).
    doc = next(parsed_docs([{"id": 1, "language": "en", "text": (
        "Sellers sue Amazon over logistics fees\n\nA class action filed on Monday says Amazon's antitrust "
        "violations push logistics fees far above those of rivals such as FedEx and UPS.")}]))
    assert not doc._.new_companies and "FedEx" in [c["name"] for c in doc._.named_companies]


def test_a_name_the_text_also_writes_longer_is_listed_once_in_full() -> None:
    # The FTC's order on Omnicom's purchase of Interpublic (2025).
    found = companies("FTC finalises order on Omnicom Group Inc.'s purchase of Interpublic Group\n\nThe order bars "
                      "Omnicom from ad boycotts based on political views.")
    assert "Omnicom Group" in found and "Omnicom" not in found


def test_only_english_text_is_read_and_without_a_model_no_name_is(tmp_path: Path) -> None:
    doc = next(parsed_docs([{"id": 1, "text": "市场监管总局对Acme公司垄断行为罚款。", "language": "zh"}]))
    assert doc._.event["relevant"] and list(reading(doc)) == [] and doc._.named_companies == []
    # The Autorité de la concurrence on Google, 2021: French goes through the English pipeline.
    french = ("L'Autorité de la concurrence inflige une amende de 220 millions d'euros à Google\n\n"
              "Selon Isabelle de Silva, Google a favorisé ses propres services.")
    assert next(parsed_docs([{"id": 2, "text": french, "language": "fr"}]))._.named_companies == []
    assert next(parsed_docs([{"id": 2, "text": french}]))._.language == "fr", "(detected when not given)"
    assert load_name_model(tmp_path / "absent.json") is None


def test_the_shipped_name_model_is_trained_on_this_gold_set() -> None:
    dev = [item for item in map(json.loads, GOLD.read_text(encoding="utf-8").splitlines())
           if item["split"] == "dev" and item["language"] == "en"]
    assert json.loads(MODEL_FILE.read_text(encoding="utf-8"))["trained_on"] == training_digest(dev), (
        "the gold set or kb/legal_forms.yaml changed: retrain with `gatewatch train tests/data/nlp-gold.jsonl`"
    )
