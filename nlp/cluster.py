"""Group tagged coverage into real-world events, incrementally and deterministically.

An article joins the event it agrees with best — same case number, same companies, same
kind of action, same decision date, same fine, or near-identical text (syndicated copies) —
or starts a new event. Agreement is a score of weighted signals (``WEIGHTS``); dates and
amounts that disagree count against, which keeps apart two fines on the same company in
different years and a designation from its later non-compliance fine. Candidates come from
an index on companies and case numbers, so the cost of adding an article does not grow with
the number of events stored: keys are a company with a week, a case number or a fine, so
a popular company's years of history are not all compared. The same ``Clusterer`` works
in memory (``cluster``) and over a database (``db/events.py`` passes a loader that fetches
the events stored under a set of keys).
"""

from __future__ import annotations

import datetime as dt
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from gatewatch.nlp.amounts import same_amount

# Case identifiers as regulators and courts write them.
CASE_ID = re.compile(
    r"\b(?:AT|M|DMA|SA)\.\d{5,6}\b"  # European Commission: antitrust, mergers, DMA, state aid
    r"|\b\d:\d{2}-cv-\d{3,5}\b"  # US federal dockets
    r"|\bCase No\. ?\d+ of \d{4}\b"  # CCI
    r"|国市监处(?:罚)?〔\d{4}〕\d+号"  # SAMR decisions
    r"|\b[CT]-\d{1,3}/\d{2}\b"  # EU courts
)
# A month without a day ("in July 2025", "2025年7月"): the decision date when no day is given.
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")
# (Lookbehinds are checked in Python: at the head of a pattern they would run at every position.)
MONTH_MENTION = re.compile(r"(?P<name>" + "|".join(MONTH_NAMES) + r")\s+(?P<year>20\d{2})\b")
CN_MONTH_MENTION = re.compile(r"(?P<year>20\d{2})\s*年\s*(?P<month>\d{1,2})\s*月(?!\s*\d)")
# A month mention counts as the decision month when it falls this many months before publication, at most.
MONTH_LOOKBACK = 2
WORD = re.compile(r"\w+")
SHINGLE = 3
# Texts are compared by a bottom-k sketch of their word 3-gram hashes (the k smallest), which
# estimates Jaccard similarity from a fixed-size record an event store can keep per article.
SKETCH_SIZE = 128

WEIGHTS = {
    "case_id": 4.0,  # a shared case number
    "company": 1.5,  # × Jaccard overlap of top-level companies
    "same_type": 1.0,  # same main event type
    "other_type": -1.0,  # no event type in common
    "same_day": 2.0,  # identical decision date
    "near_day": 1.0,  # decision dates within NEAR_DAYS
    "far_day": -3.0,  # decision dates more than FAR_DAYS apart: another action
    "close_publication": 0.5,  # no decision dates to compare, published within NEAR_PUBLICATION
    # No decision dates, published over FAR_PUBLICATION apart: a later step (a court approving a
    # penalty agreed months before) unless a case number or near-identical text says otherwise.
    "far_publication": -2.5,
    "same_fine": 2.0,  # a fine in common (same currency, within 2 %)
    "other_fine": -1.5,  # both name fines, none in common
    "other_place": -2.0,  # jurisdictions known on both sides and disjoint
    "same_text": 3.0,  # near-identical text: a syndicated copy
}
JOIN_AT = 2.5
NEAR_DAYS, FAR_DAYS = 3, 20
NEAR_PUBLICATION, FAR_PUBLICATION = 7, 45
SAME_TEXT = 0.6


def case_ids(text: str) -> list[str]:
    return sorted(set(CASE_ID.findall(text)))


def _day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _months(text: str, published: dt.date | None) -> tuple[str, ...]:
    """Months named without a day, in text order, that fall shortly before publication."""
    named = [(m.start(), int(m.group("year")), MONTH_NAMES.index(m.group("name")) + 1)
             for m in MONTH_MENTION.finditer(text) if not _after_word_or_day(text, m.start())]
    if "年" in text:
        named += [(m.start(), int(m.group("year")), int(m.group("month"))) for m in CN_MONTH_MENTION.finditer(text)]
    found = []
    for _, year, month in sorted(named):
        if not 1 <= month <= 12:
            continue
        if published is not None and not 0 <= (published.year - year) * 12 + published.month - month <= MONTH_LOOKBACK:
            continue
        found.append(f"{year}-{month:02d}")
    return tuple(found)


def _after_word_or_day(text: str, start: int) -> bool:
    """"4 March 2024" names a day, not a month; "XMarch" is not a month at all."""
    before = text[max(0, start - 2):start]
    return bool(before) and (before[-1].isalnum() or before[-1] == "_" or (before[-1] == " " and before[:1].isdigit()))


def text_features(text: str, published: str | None) -> dict:
    """What clustering reads from an article's text: case numbers, months named, sketch."""
    return {"cases": case_ids(text), "months": list(_months(text, _day(published))), "sketch": list(sketch(text))}


def sketch(text: str) -> tuple[int, ...]:
    """The SKETCH_SIZE smallest CRC-32 hashes of the text's word 3-grams, ascending."""
    words = WORD.findall(text.lower())
    grams = {" ".join(words[i:i + SHINGLE]) for i in range(max(0, len(words) - SHINGLE + 1))}
    return tuple(sorted({zlib.crc32(g.encode()) for g in grams})[:SKETCH_SIZE])


@dataclass
class Article:
    id: str
    types: list[str]
    groups: frozenset[str]
    jurisdictions: frozenset[str]
    decision: dt.date | None
    published: dt.date | None
    fines: list[tuple[str, float]]
    cases: frozenset[str]
    sketch: tuple[int, ...]
    months: tuple[str, ...] = ()

    @classmethod
    def from_tags(cls, tags: dict, text: str | None, published: str | None, features: dict | None = None) -> Article:
        """``features`` (see ``text_features``) stand in for ``text`` when already computed."""
        features = features or text_features(text or "", published)
        return cls(
            id=str(tags["id"]), types=tags["event_types"], groups=frozenset(tags["groups"]),
            jurisdictions=frozenset(tags["jurisdictions"]), decision=_day(tags["event_date"]),
            published=_day(published), fines=[(f["currency"], f["amount"]) for f in tags["fines"]],
            cases=frozenset(features["cases"]), sketch=tuple(features["sketch"]), months=tuple(features["months"]),
        )

    def index_keys(self) -> list[str]:
        """The keys this article files its event under."""
        weeks = sorted({_week(d) for d in (self.decision, self.published) if d})
        return self._keys(weeks)

    def lookup_keys(self) -> list[str]:
        """The keys under which events this article may report are filed: its companies in
        its weeks and the neighbouring ones, its case numbers, its fines."""
        weeks = sorted({_week(d + dt.timedelta(days=step)) for d in (self.decision, self.published) if d
                        for step in (-7, 0, 7)})
        return self._keys(weeks)

    def _keys(self, weeks: list[str]) -> list[str]:
        return ([f"company:{g}:{w}" for g in sorted(self.groups) for w in weeks]
                + [f"case:{c}" for c in sorted(self.cases)]
                + [f"fine:{currency}:{amount:.2g}" for currency, amount in self.fines])


def _week(day: dt.date) -> str:
    """ISO week ("2024-W10"): blocks are a week wide, so a company's coverage splits by week."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


# Sketches an event keeps to recognise copies of its coverage (its first articles').
EVENT_SKETCHES = 8


@dataclass(eq=False)
class Event:
    """An action and running tallies of what its articles say, so that comparing an article
    with an event costs the same whatever its size, and an event is stored as one row."""

    id: str
    size: int = 0
    groups: set[str] = field(default_factory=set)
    cases_named: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    types: set[str] = field(default_factory=set)
    fines: list[tuple[str, float]] = field(default_factory=list)
    lead_types: Counter[str] = field(default_factory=Counter)  # each article's main type
    decisions: Counter[str] = field(default_factory=Counter)
    months: Counter[str] = field(default_factory=Counter)  # each article's first month named
    published: set[str] = field(default_factory=set)
    sketches: list[tuple[int, ...]] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)  # added since loaded: the store keeps the rest

    def add(self, article: Article) -> None:
        self.size += 1
        self.groups |= article.groups
        self.cases_named |= article.cases
        self.places |= article.jurisdictions
        self.types |= set(article.types)
        self.fines += [f for f in article.fines if f not in self.fines]
        if article.types:
            self.lead_types[article.types[0]] += 1
        if article.decision:
            self.decisions[article.decision.isoformat()] += 1
        if article.months:
            self.months[article.months[0]] += 1
        if article.published:
            self.published.add(article.published.isoformat())
        if len(self.sketches) < EVENT_SKETCHES and article.sketch:
            self.sketches.append(article.sketch)
        self.keys |= set(article.index_keys())

    @property
    def main_type(self) -> str | None:
        return _most(self.lead_types)

    @property
    def decision(self) -> dt.date | None:
        """The decision date most articles give (earliest on a tie)."""
        return _day(_most(self.decisions))

    @property
    def decision_text(self) -> str | None:
        """The decision day as ISO, else the month most articles name ("2025-07"), else None."""
        return _most(self.decisions) or _most(self.months)

    @property
    def cases(self) -> list[str]:
        return sorted(self.cases_named)

    def to_state(self) -> dict:
        """The tallies as JSON-ready data, sketches and keys aside (``from_state`` reads them back)."""
        return {"size": self.size, "groups": sorted(self.groups), "cases": sorted(self.cases_named),
                "places": sorted(self.places), "types": sorted(self.types), "fines": self.fines,
                "lead_types": self.lead_types, "decisions": self.decisions, "months": self.months,
                "published": sorted(self.published)}

    @classmethod
    def from_state(cls, event_id: str, state: dict, sketches: list[tuple[int, ...]]) -> Event:
        return cls(
            id=event_id, size=state["size"], groups=set(state["groups"]), cases_named=set(state["cases"]),
            places=set(state["places"]), types=set(state["types"]), fines=[tuple(f) for f in state["fines"]],
            lead_types=Counter(state["lead_types"]), decisions=Counter(state["decisions"]),
            months=Counter(state["months"]), published=set(state["published"]),
            sketches=sketches,
        )


def _most(counts: Counter[str]) -> str | None:
    """The most frequent value, the smallest on a tie (deterministic)."""
    return max(sorted(counts), key=counts.__getitem__) if counts else None


def agreement(article: Article, event: Event) -> float:
    """How strongly ``article`` reports the same action as ``event``."""
    w = WEIGHTS
    score = w["case_id"] if article.cases & event.cases_named else 0.0
    if article.groups and event.groups:
        score += w["company"] * len(article.groups & event.groups) / len(article.groups | event.groups)
    if article.types and event.types:
        score += (w["same_type"] if article.types[0] == event.main_type
                  else 0 if set(article.types) & event.types else w["other_type"])
    decision = event.decision
    if article.decision and decision:
        gap = abs((article.decision - decision).days)
        score += w["same_day"] if gap == 0 else w["near_day"] if gap <= NEAR_DAYS else w["far_day"] if gap > FAR_DAYS else 0
    elif article.published and event.published:
        gap = min(abs((article.published - dt.date.fromisoformat(p)).days) for p in event.published)
        score += w["close_publication"] if gap <= NEAR_PUBLICATION else w["far_publication"] if gap > FAR_PUBLICATION else 0
    if article.fines and event.fines:
        score += w["same_fine"] if any(same_amount(f, g) for f in article.fines for g in event.fines) else w["other_fine"]
    if article.jurisdictions and event.places and not article.jurisdictions & event.places:
        score += w["other_place"]
    # Comparing texts is the costly part: skip it when even a copy could not reach JOIN_AT.
    if score + w["same_text"] >= JOIN_AT and any(similarity(article.sketch, sketch) >= SAME_TEXT for sketch in event.sketches):
        score += w["same_text"]
    return score


def similarity(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """Jaccard similarity of two texts estimated from their sketches: the share of the k
    smallest hashes of the union that both texts hold (exact when texts are short)."""
    if not a or not b:
        return 0.0
    union = sorted(set(a) | set(b))[:SKETCH_SIZE]
    both = set(a) & set(b)
    return sum(h in both for h in union) / len(union)


# Given lookup keys and the events already in memory, yields (key, event) for every stored
# event filed under one of the keys, loading those not yet in memory.
Loader = Callable[[list[str], dict[str, "Event"]], Iterable[tuple[str, "Event"]]]


class Clusterer:
    """Adds articles one at a time; ``add`` returns the event each one joined or started.

    With a ``loader``, events not yet in memory are fetched by key before each comparison,
    so a database of any size is clustered incrementally with the same rules.
    """

    def __init__(self, loader: Loader | None = None) -> None:
        self.events: dict[str, Event] = {}
        self.by_key: dict[str, dict[str, Event]] = defaultdict(dict)
        self.loader = loader

    def _file(self, event: Event, keys: Iterable[str]) -> None:
        for key in keys:
            self.by_key[key][event.id] = event

    def add(self, article: Article) -> Event:
        keys = article.lookup_keys()
        if self.loader is not None:
            for key, event in self.loader(keys, self.events):
                self.events[event.id] = event
                self.by_key[key][event.id] = event
        candidates = {e.id: e for key in keys for e in self.by_key.get(key, {}).values()}.values()
        scored = sorted(((agreement(article, e), e.id, e) for e in candidates), key=lambda t: (-t[0], t[1]))
        if scored and scored[0][0] >= JOIN_AT:
            event = scored[0][2]
        else:
            event = Event(id=f"ev-{article.id}")
            self.events[event.id] = event
        event.add(article)
        self._file(event, article.index_keys())
        return event


def publication_order(record: dict) -> tuple[str, str]:
    """Articles are clustered oldest first, so results do not depend on input order."""
    return (record.get("published") or "9999")[:10], str(record["id"])


def cluster(records: Iterable[dict], tagged: Iterable[dict]) -> Iterator[dict]:
    """Group records (with their tags, in the same order) into events.

    Articles are added oldest first so the result does not depend on input order; each
    result is ``{"id", "event_id", "event_type", "decision_date", "case_ids"}``, in input
    order. An article that reports no tracked action stays out of every event: its
    ``event_id`` is null and ``reason`` says why.
    """
    pairs = list(zip(records, tagged))
    relevant = [(r, t) for r, t in pairs if t["relevant"]]
    order = sorted(relevant, key=lambda p: publication_order(p[0]))
    clusterer = Clusterer()
    membership: dict[str, Event] = {}
    for record, tags in order:
        text = f"{record.get('title') or ''}\n\n{record.get('text') or ''}"
        article = Article.from_tags(tags, text, record.get("published"))
        membership[article.id] = clusterer.add(article)
    for record, tags in pairs:
        event = membership.get(str(record["id"]))
        if event is None:
            yield {"id": record["id"], "event_id": None, "event_type": None, "decision_date": None, "case_ids": [],
                   "reason": "reports no competition, platform-regulation or interoperability action"}
            continue
        yield {
            "id": record["id"],
            "event_id": event.id,
            "event_type": event.main_type,
            "decision_date": event.decision_text,
            "case_ids": event.cases,
        }
