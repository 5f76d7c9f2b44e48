"""A learned second opinion on event types, trained on the gold set's dev split.

The cue rules (``kb/event_types.yaml``) score each type and read whether a text reports an
action in the field. On texts that name a company or an authority, one logistic regression per
type then reads the lead (headline and first sentence: its words and word pairs, and its
character pairs and triples, which carry Chinese) beside what the rules found (each type's
score, the types they chose, whether a fine was named, which kinds of entity and which
authorities' remits the text has, the signals of its field), and the types it gives replace the
rules' (in a text it finds in the field, its likeliest type where none passes one half; those
both give keep the rules' order). One more
column, ``RELEVANT``, decides whether the text is in the field at all. Measured against the
rules alone on gold batches scored before any tuning on them, it wins on most; see docs/tag.md.

``gatewatch train`` writes ``models/event_types.json``; ``load_type_model`` reads it.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

import numpy as np

MODEL_FILE = Path(__file__).parent / "models" / "event_types.json"
WORD = re.compile(r"\b\w\w+\b")
ASCII_WORD = re.compile("[a-z0-9_]{2,}")
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
C = 16.0
# A column of the model beside the types: whether the text is in Gatewatch's field at all.
RELEVANT = "(in the field)"
# The type of an action no other type names: where the model finds it the likeliest, the others
# it also finds likely are that action's side remarks and are not reported (the gold set lists
# "other" beside another type in under 1% of items; the model did so in 6% of holdout items).
OTHER = "other"


def gold_labels(gold: dict) -> list[str]:
    """What the model learns of a gold item: its event types, and ``RELEVANT`` if it is in the field."""
    return [*gold["event_types"], *([RELEVANT] if gold["relevant"] else [])]


class Evidence(NamedTuple):
    """What the type model reads of a text: its lead and what the rules found."""

    lead: str
    scores: dict[str, int]
    rule_types: tuple[str, ...]
    fine_named: bool
    # (tuples, sorted: spaCy's worker processes ship a doc's values with msgpack, which has no sets)
    families: tuple[str, ...]
    remits: tuple[str, ...]
    # What else the rules read that bears on whether the text is in the field: the field words
    # it speaks of (in the lead, or anywhere), whether a competition authority or another one
    # acts on a company the lead names, whether the rules found it relevant, and which types
    # have a cue in the lead (read by the type columns only).
    signals: tuple[str, ...] = ()


def _words(lead: str) -> list[str]:
    lowered = lead.lower()
    # (WORD's runs, where ASCII letters, digits and "_" are all its \w takes: a plain class is faster)
    return ASCII_WORD.findall(lowered) if lowered.isascii() else WORD.findall(lowered)


def _chars(lead: str) -> str:
    return SPACES.sub(" ", lead.lower().replace("\0", " "))


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
# the top bit. The model then looks grams up in numpy (a hash table of numbers) instead of
# building and hashing hundreds of strings per text.
CODE_BITS = np.uint64(21)
PAIR_MARK = np.uint64(1 << 63)
NO_GRAM = (1 << 64) - 1  # (code points stop below 2**21)


def _char_key(gram: str) -> int:
    """A character pair's or triple's number (see CODE_BITS)."""
    key = 0
    for char in gram:
        key = (key << int(CODE_BITS)) | ord(char)
    return key | int(PAIR_MARK) if len(gram) == 2 else key


def finding_names(evidence: Evidence, types: Iterable[str]) -> list[str]:
    """The names of the features that say what the rules found: every type's score, and each
    type chosen, kind of entity, authority's remit, and a fine named."""
    return [*(f"score:{t}" for t in types), *TypeModel.named(evidence)]


class GramTable:
    """Gram numbers → features, as an open-addressing hash table held in two numpy arrays.

    A batch's grams are all looked up at once: each round reads every pending gram's slot,
    and those that meet another gram move on to the next slot. A quarter full, the table
    settles most grams in the first round (4x faster than a binary search of sorted keys,
    whose reads wander over the whole array).
    """

    MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)  # (Fibonacci hashing: 2**64 over the golden ratio)

    def __init__(self, features: dict[int, int]) -> None:
        bits = max(4, (4 * len(features) - 1).bit_length())
        self.mask = (1 << bits) - 1
        self.shift = np.uint64(64 - bits)
        self.keys = np.full(1 << bits, NO_GRAM, dtype=np.uint64)
        self.values = np.full(1 << bits, -1, dtype=np.intp)
        self.rounds = 1
        keys = np.array(list(features), dtype=np.uint64)
        for key, slot in zip(keys.tolist(), self._slots(keys).tolist()):
            tried = 1
            while self.keys[slot] != NO_GRAM:
                slot, tried = (slot + 1) & self.mask, tried + 1
            self.keys[slot], self.values[slot] = key, features[key]
            self.rounds = max(self.rounds, tried)

    def _slots(self, keys: np.ndarray) -> np.ndarray:
        return ((keys * self.MULTIPLIER) >> self.shift).astype(np.intp)

    def features(self, keys: np.ndarray) -> np.ndarray:
        """Each key's feature, -1 for a key the table lacks."""
        # (the first round, which settles most keys, reads every key's slot without the
        # bookkeeping of which are pending: a third faster)
        slots = self._slots(keys)
        held = self.keys.take(slots)
        found = np.where(held == keys, self.values.take(slots), -1)
        pending = np.flatnonzero((found < 0) & (held != NO_GRAM))  # (an empty slot: the key is not in the table)
        slots = slots[pending]
        for _ in range(self.rounds - 1):
            if not len(pending):
                break
            slots = (slots + 1) & self.mask
            held = self.keys.take(slots)
            hit = held == keys[pending]
            found[pending[hit]] = self.values.take(slots[hit])
            going_on = ~hit & (held != NO_GRAM)
            pending, slots = pending[going_on], slots[going_on]
        return found


def _code_points(batch: Sequence[Evidence]) -> tuple[np.ndarray, np.ndarray]:
    """The leads' code points, as ``_chars`` gives them, joined by a NUL (which no gram may
    hold), and the row of the lead each stands in."""
    leads = [_chars(evidence.lead) for evidence in batch]
    points = np.frombuffer("\0".join(leads).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    row_of = np.repeat(np.arange(len(leads)), [len(lead) + 1 for lead in leads])[:-1]
    return points, row_of


class WordHashes:
    """Words (runs of two or more characters that ``\\w`` takes, as ``_words`` finds them) and
    word pairs as 64-bit polynomial hashes of their code points, computed for a whole batch in
    numpy: a word's hash is its run's slice of one cumulative sum, brought to its start by an
    inverse power (arithmetic modulo 2**64, where numpy's integers wrap). The vocabulary is
    hashed alike once; two of its grams with one hash would raise (none do)."""

    BASE = 0x100000001B3  # (odd, so it has an inverse modulo 2**64)
    PAIR = np.uint64(0x9E3779B97F4A7C15)

    def __init__(self) -> None:
        # (``\\w``: what ``str.isalnum`` takes, and "_"; the BMP by table, beyond it one by one)
        self.word_char = np.array([chr(c).isalnum() or c == 0x5F for c in range(0x10000)])
        self.powers = self.inverse_powers = np.ones(0, dtype=np.uint64)

    def _grow(self, length: int) -> None:
        size = 1 << max(10, length.bit_length())
        self.powers = np.cumprod(np.r_[1, np.full(size - 1, self.BASE)].astype(np.uint64))
        self.inverse_powers = np.cumprod(np.r_[1, np.full(size - 1, pow(self.BASE, -1, 2**64))].astype(np.uint64))

    def words(self, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Where each word of ``points`` starts, and its hash."""
        if len(points) > len(self.powers):
            self._grow(len(points))
        in_word = self.word_char[np.minimum(points, 0xFFFF)]
        if (beyond := points > 0xFFFF).any():
            in_word[beyond] = [chr(c).isalnum() for c in points[beyond].tolist()]
        edges = np.flatnonzero(np.diff(np.r_[False, in_word, False]))
        starts, ends = edges[0::2], edges[1::2]
        long_enough = ends - starts >= 2
        starts, ends = starts[long_enough], ends[long_enough]
        sums = np.r_[np.uint64(0), np.cumsum(points * self.powers[:len(points)], dtype=np.uint64)]
        return starts, (sums[ends] - sums[starts]) * self.inverse_powers[starts]

    def pairs(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        return first * self.PAIR + second

    def vocabulary(self, grams: dict[str, int]) -> dict[int, int]:
        """The word grams' features (``word_grams``: a word, or two parted by a space) by hash."""
        powers = [pow(self.BASE, i, 2**64) for i in range(max(map(len, grams), default=0))]

        def word_hash(word: str) -> int:
            return sum(ord(char) * power for char, power in zip(word, powers)) % 2**64

        hashed = {}
        for gram, feature in grams.items():
            first, _, second = gram.partition(" ")
            key = word_hash(first) if not second else (word_hash(first) * int(self.PAIR) + word_hash(second)) % 2**64
            if key in hashed or key == NO_GRAM:
                raise ValueError(f"word gram {gram!r} hashes as another does")
            hashed[key] = feature
        return hashed


class TypeModel:
    def __init__(self, data: dict) -> None:
        self.types: list[str] = data["types"]
        # (a model trained before the column was added leaves the decision to the rules)
        self.modelled = frozenset(data.get("modelled", ()))
        self.judges_relevance = RELEVANT in self.modelled
        self.findings: dict[str, int] = data["findings"]
        # (held types × features, so that a batch's votes for each type lie in one row: numpy's
        # loops then run along rows of thousands, not of a dozen types; ``weights`` is its view)
        self.type_weights = np.array(data["weights"], dtype=np.float64).reshape(-1, len(self.types)).T.copy()
        self.weights = self.type_weights.T  # features × types
        self.bias = np.array(data["bias"], dtype=np.float64)
        words, chars = data["grams"]["word"], data["grams"]["char"]
        self.idf = np.zeros(len(words) + len(chars) + len(self.findings))
        for i, idf in [*words.values(), *chars.values()]:
            self.idf[i] = idf
        # words and word pairs → feature, by their hashes
        self.word_hashes = WordHashes()
        self.word_table = GramTable(self.word_hashes.vocabulary({gram: i for gram, (i, _) in words.items()}))
        self.first_char = len(words)  # (the char grams' features follow the words')
        self.char_table = GramTable({_char_key(gram): i for gram, (i, _) in chars.items()})
        # the findings' features, by what the rules found
        self.score_features = [(t, self.findings.get(f"score:{t}")) for t in self.types]
        self.named_features = {name: i for name, i in self.findings.items() if not name.startswith("score:")}
        self.scored = [(t, i) for t, i in self.score_features if i is not None]

    def features(self, batch: Sequence[Evidence]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The features of each evidence of ``batch`` that the model knows, as (row in the
        batch, feature, value) triples. A batch at a time: numpy's cost per call, not per
        gram, is most of the cost of one lead."""
        rows = len(batch)
        points, row_of = _code_points(batch)
        word_rows, word_index = self._word_features(points, row_of)
        char_rows, char_index = self._char_features(points, row_of)
        found_rows: list[int] = []
        found_index: list[int] = []
        found_values: list[float] = []
        for row, evidence in enumerate(batch):
            index, values = self._findings(evidence)
            found_rows += [row] * len(index)
            found_index += index
            found_values += values
        blocks = [self._tfidf(np.concatenate([word_rows, char_rows]), np.concatenate([word_index, char_index]), rows),
                  (np.array(found_rows, dtype=np.intp), np.array(found_index, dtype=np.intp),
                   np.array(found_values, dtype=np.float64))]
        return tuple(np.concatenate(parts) for parts in zip(*blocks))

    def _word_features(self, points: np.ndarray, row_of: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """All leads' words and word pairs at once, as ``WordHashes`` (the leads as in
        ``_char_features``: their NULs part words as any other non-word character does)."""
        starts, hashes = self.word_hashes.words(points)
        rows = row_of[starts]
        same_lead = rows[:-1] == rows[1:]
        keys = np.concatenate([hashes, self.word_hashes.pairs(hashes[:-1], hashes[1:])[same_lead]])
        rows = np.concatenate([rows, rows[:-1][same_lead]])
        features = self.word_table.features(keys)
        known = features >= 0
        return rows[known], features[known]

    def _char_features(self, points: np.ndarray, row_of: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """All leads' character grams at once (``_code_points``). Those across a NUL are looked up
        too, and never found: no gram holds a code point 0 (cheaper than leaving them out)."""
        pairs = (points[:-1] << CODE_BITS) | points[1:] | PAIR_MARK
        triples = (points[:-2] << (CODE_BITS + CODE_BITS)) | (points[1:-1] << CODE_BITS) | points[2:]
        keys = np.concatenate([pairs, triples])
        rows = np.concatenate([row_of[:-1], row_of[:-2]])
        features = self.char_table.features(keys)
        known = features >= 0
        return rows[known], features[known]

    def _findings(self, evidence: Evidence) -> tuple[list[int], list[float]]:
        """The features of what the rules found (each type's score, and what ``named`` names),
        and their values."""
        scores = evidence.scores
        index = [i for t, i in self.scored if t in scores]
        values = [min(scores[t], SCORE_CAP) / SCORE_CAP * FINDINGS_WEIGHT for t, i in self.scored if t in scores]
        named = [i for name in self.named(evidence) if (i := self.named_features.get(name)) is not None]
        return index + named, values + [FINDINGS_WEIGHT] * len(named)

    @staticmethod
    def named(evidence: Evidence) -> list[str]:
        return [*(f"rule:{t}" for t in evidence.rule_types), *(f"family:{f}" for f in evidence.families),
                *(f"remit:{r}" for r in evidence.remits), *(["fine named"] if evidence.fine_named else []),
                *(f"signal:{s}" for s in evidence.signals)]

    def _tfidf(self, rows: np.ndarray, index: np.ndarray, row_count: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Each row's sublinear tf × idf of the grams found, each kind of gram (a block of
        features) scaled to unit length per row: counted in one sort for both kinds."""
        # (a row's cells from ``row << shift``: split again by a shift and a mask, not a division)
        shift = max(1, (len(self.idf) - 1).bit_length())
        # (as 32-bit numbers while a batch's cells fit: half the bytes to sort)
        cells = (rows << shift) | index
        if row_count << shift < 2**31:
            cells = cells.astype(np.int32)
        # (sorted in place and counted by hand: ``np.unique``'s checks and copies cost half as much again)
        cells.sort()
        first = np.ones(len(cells), dtype=bool)
        first[1:] = cells[1:] != cells[:-1]
        starts = np.flatnonzero(first)
        counts = np.diff(np.r_[starts, len(cells)])
        cells = cells[starts].astype(np.intp)
        rows, index = cells >> shift, cells & ((1 << shift) - 1)
        values = (1 + np.log(counts)) * self.idf[index]
        blocks = rows * 2 + (index >= self.first_char)
        norms = np.sqrt(np.bincount(blocks, weights=values * values, minlength=2 * row_count))
        return rows, index, values / norms[blocks]

    def event_types(self, batch: Sequence[Evidence]) -> list[list[str]]:
        """For each evidence, the types whose model gives them a probability over one half,
        likeliest first (``OTHER`` alone where it is the likeliest type); in a text in the field
        where none passes one half, the likeliest type (5-fold cross-validation on the dev split,
        4,380 items: event types 0.8105 → 0.8147 against the rules' types there)."""
        rows, index, values = self.features(batch)
        logits = np.tile(self.bias, (len(batch), 1))
        # Each feature's votes (its value times its weight for each type) summed per row: within
        # each block of features (grams, then findings) the rows come in order, so one
        # ``reduceat`` sums each run, and ``add.at`` adds a row's runs from both blocks.
        if len(rows):
            starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
            # (``take`` and an in-place product: faster than indexing and a new array; ``reduceat``
            # sums each run along its axis alike whichever way the array lies)
            votes = self.type_weights.take(index, axis=1)
            np.multiply(votes, values, out=votes)
            np.add.at(logits, rows[starts], np.add.reduceat(votes, starts, axis=1).T)
        kinds = [k for k, t in enumerate(self.types) if t != RELEVANT and t in self.modelled]
        chosen = []
        for row in logits.tolist():
            ranked = [t for _, t in sorted(((logit, t) for logit, t in zip(row, self.types) if logit > 0), reverse=True)]
            if ranked == [RELEVANT] and kinds:
                ranked.append(self.types[max(kinds, key=row.__getitem__)])
            chosen.append(_other_alone(ranked))
        return chosen


def _other_alone(ranked: list[str]) -> list[str]:
    """``ranked`` (likeliest first), reduced to ``OTHER`` and ``RELEVANT`` where ``OTHER`` is the likeliest type."""
    kinds = [t for t in ranked if t != RELEVANT]
    return [t for t in ranked if t in (OTHER, RELEVANT)] if kinds[:1] == [OTHER] else ranked


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
