"""A learned second opinion on event types, trained on the gold set's dev split.

The cue rules (``kb/event_types.yaml``) say whether a text reports an action and score each
type. On texts they find relevant, one logistic regression per type then reads the lead
(headline and first sentence: its words and word pairs, and its character pairs and triples,
which carry Chinese) beside what the rules found (each type's score, the types they chose,
whether a fine was named, which kinds of entity and which authorities' remits the text has),
and the types it gives replace the rules' (the rules' stand where it gives none; those both
give keep the rules' order). Measured against the rules alone on gold batches scored before
any tuning on them, it wins on most; see docs/tag.md.

``gatewatch train-types`` writes ``models/event_types.json``; ``load_type_model`` reads it.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import re
from collections.abc import Iterable
from itertools import chain, repeat
from pathlib import Path
from typing import NamedTuple

import numpy as np

MODEL_FILE = Path(__file__).parent / "models" / "event_types.json"
WORD = re.compile(r"\b\w\w+\b")
SPACES = re.compile(r"\s\s+")
CHAR_SIZES = (2, 3)
# A feature seen in fewer training leads than this is left out.
MIN_LEADS = 2
# A type with fewer positive (or negative) examples than this gets no model (the rules decide it).
MIN_POSITIVES = 3
# A type score counts up to this; the rules' findings weigh this much against the lead's text.
SCORE_CAP = 12
FINDINGS_WEIGHT = 3.0
# Inverse regularisation strength, as in scikit-learn's LogisticRegression.
C = 4.0


class Evidence(NamedTuple):
    """What the type model reads of a text: its lead and what the rules found."""

    lead: str
    scores: dict[str, int]
    rule_types: tuple[str, ...]
    fine_named: bool
    # (tuples, sorted: spaCy's worker processes ship a doc's values with msgpack, which has no sets)
    families: tuple[str, ...]
    remits: tuple[str, ...]


def _words(lead: str) -> list[str]:
    return WORD.findall(lead.lower())


def _chars(lead: str) -> str:
    return SPACES.sub(" ", lead.lower())


def word_grams(lead: str) -> list[str]:
    """The lead's words and word pairs (what the vocabulary is built from)."""
    words = _words(lead)
    return words + [f"{a} {b}" for a, b in zip(words, words[1:])]


def char_grams(lead: str) -> list[str]:
    """The lead's character pairs and triples (Chinese has no spaces between words)."""
    text = _chars(lead)
    return [text[i:i + n] for n in CHAR_SIZES for i in range(len(text) - n + 1)]


# Each kind of gram is its own block of features, of unit length.
GRAM_KINDS = {"word": word_grams, "char": char_grams}
# A character gram as a number: its code points side by side (21 bits each), a pair marked by
# the top bit. The model then looks grams up in numpy (sorted keys) instead of building and
# hashing hundreds of strings per text.
CODE_BITS = np.uint64(21)
PAIR_MARK = np.uint64(1 << 63)
NO_GRAM = (1 << 64) - 1  # (code points stop below 2**21)


def _char_keys(text: str) -> np.ndarray:
    points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    pairs = (points[:-1] << CODE_BITS) | points[1:] | PAIR_MARK
    triples = (points[:-2] << (CODE_BITS + CODE_BITS)) | (points[1:-1] << CODE_BITS) | points[2:]
    return np.concatenate([pairs, triples])


def finding_names(evidence: Evidence, types: Iterable[str]) -> list[str]:
    """The names of the features that say what the rules found: every type's score, and each
    type chosen, kind of entity, authority's remit, and a fine named."""
    return [*(f"score:{t}" for t in types), *TypeModel.named(evidence)]


class TypeModel:
    def __init__(self, data: dict) -> None:
        self.types: list[str] = data["types"]
        self.findings: dict[str, int] = data["findings"]
        self.weights = np.array(data["weights"], dtype=np.float64).reshape(-1, len(self.types))  # features × types
        self.bias = np.array(data["bias"], dtype=np.float64)
        words, chars = data["grams"]["word"], data["grams"]["char"]
        self.idf = np.zeros(len(words) + len(chars) + len(self.findings))
        for i, idf in [*words.values(), *chars.values()]:
            self.idf[i] = idf
        # words and word pairs → feature (a pair as a tuple: no string built per pair)
        self.word_feature = {tuple(gram.split(" ")) if " " in gram else gram: i for gram, (i, _) in words.items()}
        self.char_keys, self.char_features = self._sorted(
            {int(_char_keys(gram)[-1 if len(gram) == 3 else 0]): i for gram, (i, _) in chars.items()})
        # the findings' features, by what the rules found
        self.score_features = [(t, self.findings.get(f"score:{t}")) for t in self.types]
        self.named_features = {name: i for name, i in self.findings.items() if not name.startswith("score:")}

    @staticmethod
    def _sorted(features: dict[int, int]) -> tuple[np.ndarray, np.ndarray]:
        """Keys sorted, ending in one no gram has (so a search never falls off the end), and
        their features."""
        keys = sorted(features)
        return (np.array([*keys, NO_GRAM], dtype=np.uint64),
                np.array([*(features[k] for k in keys), -1], dtype=np.intp))

    def features(self, evidence: Evidence) -> tuple[np.ndarray, np.ndarray]:
        """The evidence's features that the model knows: (indices, values)."""
        words = _words(evidence.lead)
        get = self.word_feature.get
        word_index = np.fromiter(chain(map(get, words, repeat(-1)), map(get, zip(words, words[1:]), repeat(-1))),
                                 dtype=np.intp, count=2 * len(words) - 1 if words else 0)
        char_index = self._look_up(_char_keys(_chars(evidence.lead)), self.char_keys, self.char_features)
        found = [(i, min(evidence.scores.get(t, 0), SCORE_CAP) / SCORE_CAP * FINDINGS_WEIGHT)
                 for t, i in self.score_features if i is not None and t in evidence.scores]
        found += [(i, FINDINGS_WEIGHT) for name in self.named(evidence) if (i := self.named_features.get(name)) is not None]
        (words_at, word_values), (chars_at, char_values) = self._tfidf(word_index[word_index >= 0]), self._tfidf(char_index)
        return (np.concatenate([words_at, chars_at, np.array([i for i, _ in found], dtype=np.intp)]),
                np.concatenate([word_values, char_values, np.array([v for _, v in found])]))

    @staticmethod
    def named(evidence: Evidence) -> list[str]:
        return [*(f"rule:{t}" for t in evidence.rule_types), *(f"family:{f}" for f in evidence.families),
                *(f"remit:{r}" for r in evidence.remits), *(["fine named"] if evidence.fine_named else [])]

    @staticmethod
    def _look_up(keys: np.ndarray, known: np.ndarray, features: np.ndarray) -> np.ndarray:
        """The features of the keys the model knows."""
        at = np.searchsorted(known, keys)
        return features[at[known[at] == keys]]

    def _tfidf(self, index: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Sublinear tf × idf of each feature found, scaled to unit length."""
        index, counts = np.unique(index, return_counts=True)
        values = (1 + np.log(counts)) * self.idf[index]
        norm = math.sqrt(values @ values)
        return index, values / norm if norm else values

    def event_types(self, evidence: Evidence) -> list[str]:
        """The types whose model gives them a probability over one half, likeliest first."""
        index, values = self.features(evidence)
        logits = (self.bias + values @ self.weights[index]).tolist()
        return [t for logit, t in sorted(zip(logits, self.types), reverse=True) if logit > 0]


@functools.cache
def load_type_model(path: Path = MODEL_FILE) -> TypeModel | None:
    """The shipped model, read once; None when there is none (the rules alone decide)."""
    return TypeModel(json.loads(path.read_text(encoding="utf-8"))) if path.is_file() else None


def training_digest(labelled: list[tuple[str, list[str]]], cue_file: Path) -> str:
    """A fingerprint of what a model is trained on: the ids and types of the training items
    and the cue file whose findings it reads."""
    digest = hashlib.sha256(cue_file.read_bytes())
    digest.update(json.dumps(sorted(labelled), ensure_ascii=False).encode())
    return digest.hexdigest()
