"""The event-type model: its fitting, what it learns, and that the shipped one is up to date."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from gatewatch.nlp.components.events import EVENT_FILE
from gatewatch.nlp.logistic import SparseRows, fit_logistic
from gatewatch.nlp.train_types import train
from gatewatch.nlp.typemodel import (
    C, MODEL_FILE, RELEVANT, Evidence, GramTable, TypeModel, _code_points, char_grams, gold_labels, load_type_model,
    training_digest, word_grams,
)

GOLD = Path(__file__).parent / "data" / "nlp-gold.jsonl"


def test_the_fit_reaches_the_optimum_of_the_regularised_balanced_loss() -> None:
    rng = np.random.default_rng(0)
    features = rng.normal(size=(200, 30))
    labels = features[:, 0] + 0.5 * rng.normal(size=200) > 1.0  # a minority class
    weights, bias = fit_logistic(features, labels, C)
    # The gradient of C·Σ balanced log-loss + ½‖w‖² vanishes at the optimum.
    sign = np.where(labels, 1.0, -1.0)
    sample_weight = np.where(labels, 200 / (2 * labels.sum()), 200 / (2 * (~labels).sum()))
    slope = -C * sample_weight * sign / (1 + np.exp(sign * (features @ weights + bias)))
    assert np.abs(features.T @ slope + weights).max() < 1e-3 and abs(slope.sum()) < 1e-3
    assert weights[0] > 2 * np.abs(weights[1:]).max(), "the informative feature carries the decision"


def test_a_fit_on_the_non_zero_cells_is_the_fit_on_the_whole_matrix() -> None:
    rng = np.random.default_rng(1)
    features = rng.normal(size=(150, 40)) * (rng.random((150, 40)) < 0.1)  # mostly zeros, as leads' grams are
    labels = features[:, 0] + features[:, 1] > 0.2
    rows, index = np.nonzero(features)
    sparse = SparseRows(rows, index, features[rows, index], shape=features.shape)
    weights, slopes = rng.normal(size=40), rng.normal(size=150)
    assert np.allclose(sparse @ weights, features @ weights) and np.allclose(sparse.T @ slopes, features.T @ slopes)
    (dense_weights, dense_bias), (sparse_weights, sparse_bias) = fit_logistic(features, labels, C), fit_logistic(sparse, labels, C)
    assert np.allclose(dense_weights, sparse_weights, atol=1e-6) and abs(dense_bias - sparse_bias) < 1e-6


def evidence(lead: str, rule_types: tuple[str, ...] = ("other",)) -> Evidence:
    return Evidence(lead, {t: 3 for t in rule_types}, rule_types, False, ("company",), ())


def test_a_model_learns_the_words_that_tell_types_apart() -> None:
    # Constructed leads: the rules said "other" each time; the words tell the gold types.
    examples = [(evidence(f"The regulator fined {c} over its store"), ["fine"]) for c in ("Apple", "Google", "Meta", "Amazon")]
    examples += [(evidence(f"{c} sued a rival in court over its store"), ["lawsuit_filed"]) for c in ("Epic", "Spotify", "Match", "Tile")]
    model = TypeModel(train(examples, ["fine", "lawsuit_filed", "other"]))
    assert model.event_types([evidence("The regulator fined Microsoft over its store"),
                              evidence("Valve sued a rival in court over its store")]) == [["fine"], ["lawsuit_filed"]]


def test_other_found_likeliest_is_reported_alone() -> None:
    examples = [(evidence(f"The regulator fined {c}"), ["fine"]) for c in ("Apple", "Google", "Meta")]
    examples += [(evidence(f"The regulator studied {c}'s market"), ["other"]) for c in ("Apple", "Google", "Meta")]
    model = TypeModel(train(examples, ["fine", "other"]))
    lead = evidence("The regulator studied Tile's market and fined Tile")
    _, index, values = model.features([lead])
    votes = (values[:, None] * model.weights[index]).sum(axis=0)  # (the lead's logits less the bias)

    def found_with(fine_logit: float, other_logit: float) -> list[str]:
        """The types found for the lead, the model's bias set so that its logits are these."""
        wanted = {"fine": fine_logit, "other": other_logit}
        model.bias = np.array([wanted[t] for t in model.types]) - votes
        return model.event_types([lead])[0]

    assert found_with(1.0, 2.0) == ["other"]  # both pass the bar: "other", the likeliest, alone
    assert found_with(2.0, 1.0) == ["fine", "other"]  # another type the likeliest: both
    assert found_with(1.0, -1.0) == ["fine"]


def test_a_text_in_the_field_gets_the_likeliest_type_where_none_passes_the_bar() -> None:
    examples = [(evidence(f"The regulator fined {c}"), ["fine", RELEVANT]) for c in ("Apple", "Google", "Meta")]
    examples += [(evidence(f"{c} sued a rival"), ["lawsuit_filed", RELEVANT]) for c in ("Epic", "Tile", "Match")]
    examples += [(evidence(f"{c} launched a phone"), []) for c in ("Apple", "Google", "Meta")]
    model = TypeModel(train(examples, ["fine", "lawsuit_filed", RELEVANT]))
    lead = evidence("The regulator looked at Valve")
    _, index, values = model.features([lead])
    votes = (values[:, None] * model.weights[index]).sum(axis=0)

    def found_with(**logits: float) -> list[str]:
        model.bias = np.array([logits[t if t != RELEVANT else "relevant"] for t in model.types]) - votes
        return model.event_types([lead])[0]

    assert found_with(fine=-0.5, lawsuit_filed=-1.0, relevant=1.0) == [RELEVANT, "fine"]
    assert found_with(fine=-1.0, lawsuit_filed=-0.5, relevant=1.0) == [RELEVANT, "lawsuit_filed"]
    assert found_with(fine=-0.5, lawsuit_filed=-1.0, relevant=-1.0) == []  # out of the field: no type


def test_a_model_with_a_relevance_column_judges_relevance() -> None:
    # Constructed leads alike in their words: only the field words the rules read (signals) tell
    # a competition case from a product launch.
    def read(lead: str, *signals: str) -> Evidence:
        return evidence(lead)._replace(signals=signals)

    examples = [(read(f"{c} and its store in the news", "(relevance cue)", "authority in field"), ["other", RELEVANT])
                for c in ("Apple", "Google", "Meta", "Amazon")]
    examples += [(read(f"{c} and its store in the news"), []) for c in ("Epic", "Spotify", "Match", "Tile")]
    model = TypeModel(train(examples, ["other", RELEVANT]))
    assert model.judges_relevance
    judged = model.event_types([read("Valve and its store in the news", "(relevance cue)", "authority in field"),
                                read("Valve and its store in the news")])
    assert RELEVANT in judged[0] and RELEVANT not in judged[1]
    # A model trained without the column leaves relevance to the rules.
    assert not TypeModel(train(examples, ["other"])).judges_relevance


def test_the_gram_table_finds_every_key_it_holds_and_none_it_lacks() -> None:
    # Keys that differ only in their low bits (as grams of one script do) and, in a table of 16
    # slots, many that share a slot: each is found past the others.
    held = {(0x4E00 << 21 | i): i for i in range(1000)} | {0: 1000}
    table = GramTable(held)
    assert table.rounds > 1, "some keys had to move on to a later slot"
    asked = np.array([*held, *(key + 5000 for key in list(held)[:500])], dtype=np.uint64)
    assert table.features(asked).tolist() == [*held.values(), *[-1] * 500]
    assert table.features(np.array([], dtype=np.uint64)).tolist() == []


def test_grams_looked_up_as_numbers_are_the_vocabulary_s_grams() -> None:
    # The vocabulary is built from gram strings; a text's grams are looked up as numbers. Both
    # must name the same features (constructed leads, both scripts, repeats and odd spacing).
    leads = ["SAMR fines Alibaba  over 二选一", "市场监管总局对阿里巴巴处以罚款 SAMR fines", "Alibaba fines, fines and fines"]
    data = train([(evidence(lead), ["fine"]) for lead in leads * 2], ["fine", "other"])
    model = TypeModel(data)
    words, chars = data["grams"]["word"], data["grams"]["char"]
    rows, index, values = model.features([evidence(lead) for lead in leads])
    for row, lead in enumerate(leads):
        assert set(index[rows == row].tolist()) - set(data["findings"].values()) == (
            {words[g][0] for g in word_grams(lead)} | {chars[g][0] for g in char_grams(lead)})
        # A lead read in a batch has the features and values it has read alone.
        _, alone, alone_values = model.features([evidence(lead)])
        assert dict(zip(index[rows == row].tolist(), values[rows == row].tolist())) == pytest.approx(
            dict(zip(alone.tolist(), alone_values.tolist())))


def test_word_hashes_find_the_shipped_vocabulary_s_words_and_pairs_as_its_strings_do() -> None:
    # Word grams are looked up by hashes computed for a whole batch in numpy; the vocabulary's
    # strings must name the same features, as often (gold leads, and words of other scripts,
    # beyond the BMP, with "_" or digits, one letter long, parted by NULs).
    model = load_type_model()
    vocabulary = {gram: i for gram, (i, _) in json.loads(MODEL_FILE.read_text(encoding="utf-8"))["grams"]["word"].items()}
    leads = [f"{item['title']}\n\n{item['text']}"[:300] for item in map(json.loads, GOLD.read_text(encoding="utf-8").splitlines())]
    leads += ["", "a", "İstanbul ﬁnes 𝐀𝐁 x_y 2024 é2", "fine\0fines\0\0 the European  Commission"]
    for first in range(0, len(leads), 64):
        batch = [evidence(lead) for lead in leads[first:first + 64]]
        rows, features = model._word_features(*_code_points(batch))
        expected = sorted((row, vocabulary[gram]) for row, item in enumerate(batch)
                          for gram in word_grams(item.lead) if gram in vocabulary)
        assert sorted(zip(rows.tolist(), features.tolist())) == expected


def test_without_a_model_file_the_rules_decide(tmp_path: Path) -> None:
    assert load_type_model(tmp_path / "absent.json") is None


def test_the_shipped_model_is_trained_on_this_gold_set_and_cue_file() -> None:
    dev = [item for item in map(json.loads, GOLD.read_text(encoding="utf-8").splitlines()) if item["split"] == "dev"]
    trained_on = json.loads(MODEL_FILE.read_text(encoding="utf-8"))["trained_on"]
    assert trained_on == training_digest([(item["id"], gold_labels(item["gold"])) for item in dev], EVENT_FILE), (
        "the gold set or the cue file changed: retrain with `gatewatch train tests/data/nlp-gold.jsonl`"
    )
