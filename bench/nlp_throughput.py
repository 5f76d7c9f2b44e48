"""Documents per second: the full tagging pipeline against a bare spaCy blank + EntityRuler.

Both run in this process over the same documents (the gold set's texts, repeated), so the
ratio is what matters on a noisy machine; they run in turn ``--rounds`` times and the median of
each round's ratio is printed, so that a burst of load on one run does not decide it. Prints where a document's time goes, component by
component (all documents held at once, so a little slower than streaming). Also times the
full pipeline with spaCy's n_process=2, and Gatewatch's own tagging (``tag_records``: the
pipeline plus the tags it outputs) in one process and in two worker processes that send back
only the tags.

    .venv/bin/python bench/nlp_throughput.py --docs 10000
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import time
from pathlib import Path

from gatewatch.nlp.pipeline import load_pipeline
from gatewatch.nlp.tag import tag_records

GOLD = Path(__file__).parent.parent / "tests" / "data" / "nlp-gold.jsonl"


def docs_per_second(language: str, texts: list[str], bare: bool, n_process: int = 1) -> float:
    nlp = load_pipeline(language, bare=bare)
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=64, n_process=n_process):
        pass
    return len(texts) / (time.perf_counter() - started)


def microseconds_per_component(language: str, texts: list[str]) -> dict[str, float]:
    """Where a document's time goes: each component of the full pipeline run over all the
    texts in turn (the tokenizer as "make_doc"), in µs per document, through ``pipe`` as
    ``nlp.pipe`` runs it (the event component reads a batch's leads at once there)."""
    nlp = load_pipeline(language, bare=False)
    started = time.perf_counter()
    docs = [nlp.make_doc(text) for text in texts]
    spent = {"make_doc": time.perf_counter() - started}
    for name, component in nlp.pipeline:
        started = time.perf_counter()
        docs = list(component.pipe(docs)) if hasattr(component, "pipe") else [component(doc) for doc in docs]
        spent[name] = time.perf_counter() - started
    return {name: seconds / len(texts) * 1e6 for name, seconds in spent.items()}


def tagged_per_second(language: str, texts: list[str], processes: int) -> float:
    records = [{"id": i, "text": text, "language": language} for i, text in enumerate(texts)]
    started = time.perf_counter()
    for _ in tag_records(records, processes=processes):
        pass
    return len(texts) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000, help="documents per run (per language)")
    parser.add_argument("--rounds", type=int, default=3, help="bare and full runs in turn, median ratio printed")
    args = parser.parse_args()
    items = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
    for language in ("en", "zh"):
        sample = [f"{i.get('title', '')}\n\n{i['text']}" for i in items if i["language"] == language]
        texts = list(itertools.islice(itertools.cycle(sample), args.docs))
        rounds = [(docs_per_second(language, texts, bare=True), docs_per_second(language, texts, bare=False))
                  for _ in range(args.rounds)]
        ratios = sorted(full / bare for bare, full in rounds)
        bare = statistics.median(b for b, _ in rounds)
        full = statistics.median(f for _, f in rounds)
        parallel = docs_per_second(language, texts, bare=False, n_process=2)
        print(f"{language}: {len(texts)} docs | bare ruler {bare:8.1f} docs/s | full {full:8.1f} docs/s "
              f"({statistics.median(ratios):.2f}x bare, median of {args.rounds} rounds: "
              + " ".join(f"{r:.2f}" for r in ratios) + f") | full n_process=2 {parallel:8.1f} docs/s "
              f"({parallel / bare:.2f}x bare)")
        parts = microseconds_per_component(language, texts)
        print(f"{language}: µs per doc | " + " | ".join(f"{name} {us:.0f}" for name, us in parts.items()))
        tagged = {processes: tagged_per_second(language, texts, processes) for processes in (1, 2)}
        print(f"{language}: gatewatch tagging | 1 process {tagged[1]:8.1f} docs/s ({tagged[1] / bare:.2f}x bare) "
              f"| 2 worker processes {tagged[2]:8.1f} docs/s ({tagged[2] / bare:.2f}x bare, "
              f"{tagged[2] / tagged[1]:.2f}x one process)")


if __name__ == "__main__":
    main()
