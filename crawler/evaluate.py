"""Main-text extraction quality, measured the way the article-extraction benchmark does it.

The metric (our own implementation of the description in ``shared/corpus/README.md``):
tokens are the ``\\w+`` matches of a text (Unicode, case kept); each text becomes a multiset
of 4-token shingles; on each page TP = Σ min(count_true, count_pred) and FP / FN are the
excesses of the prediction / the truth.  Every page weighs the same (its TP, FP, FN are
divided by their sum).  Precision is the mean of TP/(TP+FP) over pages with TP+FP > 0,
recall the mean of TP/(TP+FN) over pages with TP+FN > 0 (a page with FP = FN = 0 scores 1
on both), F1 is the harmonic mean of those two means, and accuracy is the share of pages
whose token lists are identical.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

TOKEN = re.compile(r"\w+")
SHINGLE = 4

Extractor = Callable[[str, str], str]


@dataclass(frozen=True)
class Page:
    """One benchmark page: its id, URL, decoded HTML and ground-truth article body."""

    id: str
    url: str
    html: str
    truth: str


@dataclass(frozen=True)
class Scores:
    """Macro-averaged precision, recall, their F1 and exact-token accuracy over ``pages``."""

    pages: int
    precision: float
    recall: float
    f1: float
    accuracy: float


def tokenize(text: str) -> list[str]:
    """The ``\\w+`` tokens of ``text`` (Unicode word characters, case kept)."""
    return TOKEN.findall(text or "")


def shingles(tokens: list[str], size: int = SHINGLE) -> Counter[tuple[str, ...]]:
    """Multiset of ``size``-token shingles; a shorter non-empty text is one shingle of itself."""
    if 0 < len(tokens) < size:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i:i + size]) for i in range(len(tokens) - size + 1))


def page_counts(truth: str, prediction: str) -> tuple[float, float, float]:
    """(TP, FP, FN) of one page, normalised so that they sum to 1 (all 0 when both are empty)."""
    true, pred = shingles(tokenize(truth)), shingles(tokenize(prediction))
    tp = sum((true & pred).values())
    fp = sum((pred - true).values())
    fn = sum((true - pred).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def score(pairs: Iterable[tuple[str, str]]) -> Scores:
    """Benchmark scores of (truth, prediction) pairs, one pair per page."""
    precisions: list[float] = []
    recalls: list[float] = []
    exact = pages = 0
    for truth, prediction in pairs:
        pages += 1
        exact += tokenize(truth) == tokenize(prediction)
        tp, fp, fn = page_counts(truth, prediction)
        if fp == 0 and fn == 0:
            precisions.append(1.0)
            recalls.append(1.0)
            continue
        if tp + fp > 0:
            precisions.append(tp / (tp + fp))
        if tp + fn > 0:
            recalls.append(tp / (tp + fn))
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(pages, precision, recall, f1, exact / pages if pages else 0.0)


def load_corpus(corpus_dir: str | Path) -> list[Page]:
    """Pages of a benchmark-layout directory: ``ground-truth.json`` plus ``html/<id>.html.gz``."""
    root = Path(corpus_dir)
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id in sorted(truth):
        with gzip.open(root / "html" / f"{page_id}.html.gz", "rt", encoding="utf-8") as handle:
            html = handle.read()
        entry = truth[page_id]
        pages.append(Page(page_id, entry.get("url", ""), html, entry.get("articleBody") or ""))
    return pages


def _trafilatura(**options: object) -> Extractor:
    """A plain ``trafilatura.extract`` baseline with the given options."""
    import trafilatura

    def extract(html: str, url: str) -> str:
        return trafilatura.extract(html, **options) or ""

    return extract


def extractors() -> dict[str, Extractor]:
    """Our extractor (the crawler's own code) and the plain trafilatura baselines."""
    from gatewatch.crawler.extract import main_text

    return {
        "gatewatch": main_text,
        "trafilatura": _trafilatura(),
        "trafilatura favor_precision": _trafilatura(favor_precision=True),
    }


def evaluate_extractors(
    corpus_dir: str | Path, only: Iterable[str] | None = None,
) -> dict[str, Scores]:
    """Score each extractor (all of :func:`extractors`, or those named in ``only``) on a corpus."""
    pages = load_corpus(corpus_dir)
    chosen = {name: fn for name, fn in extractors().items() if only is None or name in set(only)}
    return {
        name: score((page.truth, fn(page.html, page.url)) for page in pages)
        for name, fn in chosen.items()
    }


def format_report(report: dict[str, Scores]) -> str:
    """A small fixed-width table of a report: extractor, pages, precision, recall, F1, accuracy."""
    width = max([len("extractor"), *map(len, report)])
    lines = [f"{'extractor':<{width}}  pages  precision  recall     F1  accuracy"]
    for name, s in report.items():
        lines.append(
            f"{name:<{width}}  {s.pages:>5}  {s.precision:>9.3f}  {s.recall:>6.3f}  {s.f1:>5.3f}  {s.accuracy:>8.3f}"
        )
    return "\n".join(lines)
