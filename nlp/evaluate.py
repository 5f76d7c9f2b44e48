"""Score the tagger against an annotated gold set (``gatewatch eval GOLD.jsonl``).

Gold lines are ``{"id", "text", "title"?, "language"?, "published"?, "split"?, "gold": {…}}``
with ``gold`` in the tagger's output shape. Set fields (companies, regulators, jurisdictions,
event types) are scored by micro precision/recall/F1 over all items; fines match when the
currency is equal and the amounts are within 2 %; relevance by accuracy; the event date by
exact-day accuracy over items whose gold gives one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from gatewatch.nlp.kb import read_jsonl_file
from gatewatch.nlp.tag import tag_records

SET_FIELDS = {
    "companies": lambda tags: {c["name"] for c in tags["companies"]},
    "regulators": lambda tags: {r["name"] for r in tags["regulators"]},
    "jurisdictions": lambda tags: set(tags["jurisdictions"]),
    "event_types": lambda tags: set(tags["event_types"]),
}
FINE_TOLERANCE = 0.02


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.tp, self.fp, self.fn = self.tp + tp, self.fp + fp, self.fn + fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    items: int = 0
    fields: dict[str, Counts] = field(default_factory=lambda: {name: Counts() for name in [*SET_FIELDS, "fines"]})
    relevance_correct: int = 0
    dated: int = 0
    date_correct: int = 0

    @property
    def relevance_accuracy(self) -> float:
        return self.relevance_correct / self.items if self.items else 1.0

    @property
    def date_accuracy(self) -> float:
        return self.date_correct / self.dated if self.dated else 1.0


def match_fines(predicted: list[dict], gold: list[dict]) -> tuple[int, int, int]:
    unmatched = list(gold)
    tp = 0
    for fine in predicted:
        hit = next(
            (g for g in unmatched
             if g["currency"] == fine["currency"] and abs(g["amount"] - fine["amount"]) <= FINE_TOLERANCE * g["amount"]),
            None,
        )
        if hit is not None:
            unmatched.remove(hit)
            tp += 1
    return tp, len(predicted) - tp, len(unmatched)


def score(items: list[dict], predictions: dict, report: Report) -> Report:
    for item in items:
        gold, tags = item["gold"], predictions[item["id"]]
        report.items += 1
        for name, extract in SET_FIELDS.items():
            predicted, expected = extract(tags), extract(gold)
            report.fields[name].add(len(predicted & expected), len(predicted - expected), len(expected - predicted))
        report.fields["fines"].add(*match_fines(tags["fines"], gold["fines"]))
        report.relevance_correct += tags["relevant"] == gold["relevant"]
        if gold.get("event_date"):
            report.dated += 1
            report.date_correct += tags["event_date"] == gold["event_date"]
    return report


def evaluate(gold_path: Path, bare: bool = False) -> dict[str, Report]:
    """Reports per split (``dev``, ``holdout``, …) and ``all``."""
    items = read_jsonl_file(gold_path)
    return _per_split(items, {tags["id"]: tags for tags in tag_records(items, bare=bare)})


def evaluate_second_reading(gold_path: Path, second_path: Path) -> list[tuple[str, dict[str, Report]]]:
    """A second annotator's labels (``{"id", "gold"}`` lines, written without seeing the gold
    set's) scored against the gold items they cover, beside the pipeline on the same items:
    where two careful readers differ, no tagger can be right for both."""
    second = {record["id"]: record["gold"] for record in read_jsonl_file(second_path)}
    items = [item for item in read_jsonl_file(gold_path) if item["id"] in second]
    if missing := second.keys() - {item["id"] for item in items}:
        raise ValueError(f"{second_path}: ids not in {gold_path}: {', '.join(sorted(missing)[:5])}")
    return [("reader 2", _per_split(items, second)),
            ("pipeline", _per_split(items, {tags["id"]: tags for tags in tag_records(items)}))]


def _per_split(items: list[dict], predictions: dict) -> dict[str, Report]:
    reports: dict[str, Report] = {}
    for item in items:
        for split in (item.get("split", "all"), "all"):
            score([item], predictions, reports.setdefault(split, Report()))
    return reports


def format_reports(named: Iterable[tuple[str, dict[str, Report]]]) -> str:
    lines = [f"{'labels':<10} {'split':<8} {'items':>5}  {'field':<14} {'P':>6} {'R':>6} {'F1':>6}"]
    for labels, reports in named:
        for split in sorted(reports, key=lambda s: (s == "all", s)):
            report = reports[split]
            for name, counts in report.fields.items():
                lines.append(
                    f"{labels:<10} {split:<8} {report.items:>5}  {name:<14} "
                    f"{counts.precision:>6.3f} {counts.recall:>6.3f} {counts.f1:>6.3f}"
                )
            lines.append(f"{labels:<10} {split:<8} {report.items:>5}  {'relevance acc':<14} {report.relevance_accuracy:>20.3f}")
            lines.append(f"{labels:<10} {split:<8} {report.dated:>5}  {'event date acc':<14} {report.date_accuracy:>20.3f}")
    return "\n".join(lines)


def pairwise(gold: dict[str, str], predicted: dict[str, str | None]) -> Counts:
    """Pairwise agreement of two groupings of the same items: a pair is a true positive when
    both put it together; an item grouped nowhere (None) is alone."""
    from itertools import combinations

    pairs = Counts()
    for a, b in combinations(sorted(gold), 2):
        same_gold = gold[a] == gold[b]
        same = predicted[a] is not None and predicted[a] == predicted[b]
        pairs.add(int(same_gold and same), int(same and not same_gold), int(same_gold and not same))
    return pairs


def evaluate_events(gold_path: Path) -> dict:
    """Pairwise precision/recall/F1 of the grouping and decision-date accuracy.

    Gold lines carry ``"event"`` (articles sharing it report one event) and optionally
    ``"event_date"``. An article left out of every event counts as an event of its own.
    """
    from gatewatch.nlp.cluster import cluster

    items = read_jsonl_file(gold_path)
    predicted = {r["id"]: r for r in cluster(items, tag_records(items))}
    pairs = pairwise({i["id"]: i["event"] for i in items}, {i["id"]: predicted[i["id"]]["event_id"] for i in items})
    dated = [i for i in items if i.get("event_date")]
    correct = sum(predicted[i["id"]]["decision_date"] == i["event_date"] for i in dated)
    return {
        "articles": len(items),
        "gold_events": len({i["event"] for i in items}),
        "predicted_events": len({r["event_id"] for r in predicted.values() if r["event_id"]}),
        "pairs": pairs,
        "dated": len(dated),
        "date_accuracy": correct / len(dated) if dated else 1.0,
    }
