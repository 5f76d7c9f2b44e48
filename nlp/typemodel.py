"""A learned second opinion on event types, trained on the gold set's dev split.

The cue rules (``kb/event_types.yaml``) say whether a text reports an action and score each
type. On texts they find relevant, one logistic regression per type then reads the lead
(headline and first sentence: its words and word pairs, and its character pairs and triples,
which carry Chinese) beside what the rules found (each type's score, the types they chose,
whether a fine was named, which kinds of entity and which authorities' remits the text has),
and the types it gives replace the rules' (the rules' stand where it gives none; those both
give keep the rules' order). Measured
against the rules alone on gold batches scored before any tuning on them, it wins on most;
see docs/tag.md.

``gatewatch train-types`` writes ``models/event_types.json``; ``load_type_model`` reads it.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Iterable
from itertools import repeat
from operator import add
from pathlib import Path
from typing import NamedTuple

import numpy as np

MODEL_FILE = Path(__file__).parent / "models" / "event_types.json"
WORD = re.compile(r"\b\w\w+\b")
SPACES = re.compile(r"\s\s+")
CHAR_SIZES = (2, 3)
# A feature seen in fewer training leads than this is left out.
MIN_LEADS = 2
# A type with fewer positive examples than this gets no model (the rules decide it).
MIN_POSITIVES = 3
# A type score counts up to this; the rules' findings weigh this much against the lead's text.
SCORE_CAP = 12
FINDINGS_WEIGHT = 3.0
# Inverse regularisation strength, as in scikit-learn's LogisticRegression.
C = 4.0


class Evidence(NamedTuple):
    """What the type model reads of a text: its lead and what the rules found."""

    language: str  # the pipeline's: "en" (Latin and other scripts read by words) or "zh"
    lead: str
    scores: dict[str, int]
    rule_types: tuple[str, ...]
    fine_named: bool
    # (tuples, sorted: spaCy's worker processes ship a doc's values with msgpack, which has no sets)
    families: tuple[str, ...]
    remits: tuple[str, ...]


def word_grams(lead: str) -> list[str]:
    """The lead's words and word pairs."""
    words = WORD.findall(lead.lower())
    return words + [f"{a} {b}" for a, b in zip(words, words[1:])]


def char_grams(lead: str) -> list[str]:
    """The lead's character pairs and triples (Chinese has no spaces between words)."""
    text = SPACES.sub(" ", lead.lower())
    pairs = list(map(add, text, text[1:]))  # (``map`` joins them in C: a third of the time of slicing)
    return pairs + list(map(add, pairs, text[2:]))


# Each kind of gram is its own block of features, of unit length.
GRAM_KINDS = {"word": word_grams, "char": char_grams}


def _findings(evidence: Evidence, types: Iterable[str]) -> dict[str, float]:
    found = {f"score:{t}": min(evidence.scores.get(t, 0), SCORE_CAP) / SCORE_CAP * FINDINGS_WEIGHT for t in types}
    found.update({f"rule:{t}": FINDINGS_WEIGHT for t in evidence.rule_types})
    found.update({f"family:{f}": FINDINGS_WEIGHT for f in evidence.families})
    found.update({f"remit:{r}": FINDINGS_WEIGHT for r in evidence.remits})
    if evidence.fine_named:
        found["fine named"] = FINDINGS_WEIGHT
    return found


class TypeModel:
    def __init__(self, data: dict) -> None:
        self.types: list[str] = data["types"]
        self.findings: dict[str, int] = data["findings"]
        self.weights = np.array(data["weights"], dtype=np.float64).reshape(-1, len(self.types))  # features × types
        self.bias = np.array(data["bias"], dtype=np.float64)
        # gram → feature index, per kind; each feature's idf (zero for the findings)
        self.vocabularies = [{g: i for g, (i, _) in data["grams"][kind].items()} for kind in GRAM_KINDS]
        self.idf = np.zeros(sum(map(len, self.vocabularies)) + len(self.findings))
        for kind in GRAM_KINDS:
            for i, idf in data["grams"][kind].values():
                self.idf[i] = idf

    def features(self, evidence: Evidence) -> tuple[np.ndarray, np.ndarray]:
        """The evidence's features that the model knows: (indices, values)."""
        parts = [self._tfidf(read(evidence.lead), vocabulary)
                 for read, vocabulary in zip(GRAM_KINDS.values(), self.vocabularies)]
        found = [(self.findings[name], v) for name, v in _findings(evidence, self.types).items() if name in self.findings]
        parts.append((np.array([i for i, _ in found], dtype=np.intp), np.array([v for _, v in found])))
        return np.concatenate([index for index, _ in parts]), np.concatenate([values for _, values in parts])

    def _tfidf(self, grams: list[str], vocabulary: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
        """Sublinear tf × idf over the grams the vocabulary holds, scaled to unit length."""
        counted = Counter(grams)
        index = np.fromiter(map(vocabulary.get, counted, repeat(-1)), dtype=np.intp, count=len(counted))
        known = index >= 0
        index = index[known]
        values = (1 + np.log(np.fromiter(counted.values(), dtype=np.float64, count=len(counted))[known])) * self.idf[index]
        norm = math.sqrt(values @ values)
        return index, values / norm if norm else values

    def event_types(self, evidence: Evidence) -> list[str]:
        """The types whose model gives them a probability over one half, likeliest first."""
        index, values = self.features(evidence)
        logits = self.bias + values @ self.weights[index]
        return [self.types[i] for i in np.argsort(-logits) if logits[i] > 0]


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
