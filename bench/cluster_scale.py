"""Seconds to cluster 1,000 new articles into a store of 10k, then 100k, existing ones.

The store is synthetic but shaped like coverage: companies and regulators from the
knowledge base, named as often as Zipf's law says (a few very popular), one to dozens of
articles per action, fines on a tenth of the actions, dates spread over ten years with more
lately, and texts that share boilerplate. Articles are written with their tags as
``gatewatch tag`` stores them, then grouped by ``update_events``, the code ``gatewatch run``
uses. The figure to watch is the ratio between the two store sizes: candidates come from
keys (a company in a week, a case number, a fine), so a 10x larger store over the same ten
years costs more only where it packs more events into each company's weeks — far from the
10x a scan of the store would cost.

    .venv/bin/python bench/cluster_scale.py --sizes 10000,100000 --new 1000
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import itertools
import json
import random
import tempfile
import time
from pathlib import Path

from gatewatch.db import store
from gatewatch.db.events import update_events
from gatewatch.nlp.kb import load_kb

TYPES = ["fine", "investigation_opened", "ruling", "lawsuit_filed", "settlement_or_commitments", "merger_review",
         "designation", "appeal", "compliance_change", "interoperability_opening"]
CURRENCIES = {"EU": "EUR", "US": "USD", "GB": "GBP", "CN": "CNY", "KR": "KRW", "JP": "JPY", "IN": "INR", "TR": "TRY",
              "BR": "BRL", "AU": "AUD", "DE": "EUR", "FR": "EUR"}
FILLER = ("the regulator said the company had abused its position in the market for online services and must change "
          "its practices within months while rivals and consumer groups welcomed the decision which follows years of "
          "complaints about app stores search results payments advertising and data").split()


@functools.cache
def _zipf_cumulative(size: int) -> list[float]:
    return list(itertools.accumulate(1 / rank for rank in range(1, size + 1)))


class Coverage:
    """Synthetic actions and the articles reporting them, reproducible from a seed."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        kb = load_kb()
        self.companies = sorted({kb.group(e.id).name for e in kb.entities.values() if e.family == "company"})
        self.regulators = sorted((e.name, e.jurisdiction) for e in kb.entities.values()
                                 if e.kind == "regulator" and e.jurisdiction in CURRENCIES)
        self.next_id = 1

    def _pick(self, items: list) -> object:
        """Zipf's law over the list: the first is named twice as often as the second, …"""
        return self.rng.choices(items, cum_weights=_zipf_cumulative(len(items)))[0]

    def action(self) -> list[dict]:
        rng = self.rng
        company, (regulator, place) = self._pick(self.companies), self._pick(self.regulators)
        kind = rng.choice(TYPES)
        day = dt.date(2016, 1, 1) + dt.timedelta(days=int(3650 * rng.random() ** 0.6))
        fine = (CURRENCIES[place], round(rng.uniform(1, 900), 1) * 10 ** rng.choice((6, 9))) if kind == "fine" else None
        articles = []
        for _ in range(min(int(rng.paretovariate(1.1)), 60)):
            words = " ".join(rng.choice(FILLER) for _ in range(rng.randint(120, 400)))
            lead = f"{regulator} took action against {company} on {day:%d %B %Y}"
            if fine:
                lead += f", imposing a fine of {fine[0]} {fine[1]:,.0f}"
            published = day + dt.timedelta(days=rng.choice((0, 0, 1, 2, 5)))
            text = f"{lead}. {words}."
            articles.append({
                "id": self.next_id, "canonical_url": f"http://127.0.0.1/a/{self.next_id}",
                "url": f"http://127.0.0.1/a/{self.next_id}", "source_id": "bench",
                "title": f"{company}: {kind.replace('_', ' ')} ({self.next_id})", "text": text, "content_hash": store.content_hash(text),
                "published": published.isoformat(), "fetched_at": published.isoformat(), "relevant": 1,
                "companies": json.dumps([company]), "regulators": json.dumps([regulator]), "jurisdictions": json.dumps([place]),
                "event_types": json.dumps([kind]), "event_date": day.isoformat() if rng.random() < 0.8 else None,
                "tagged_at": published.isoformat(), "fine": fine,
            })
            self.next_id += 1
        return articles

    def articles(self, count: int) -> list[dict]:
        batch: list[dict] = []
        while len(batch) < count:
            batch += self.action()
        return batch


def add(db, articles: list[dict]) -> None:
    with db.atomic():
        db["articles"].insert_all(({k: v for k, v in a.items() if k != "fine"} for a in articles), batch_size=1000)
        db["fines"].insert_all({"article_id": a["id"], "currency": a["fine"][0], "amount": a["fine"][1],
                                "text": f"{a['fine'][0]} {a['fine'][1]:,.0f}"} for a in articles if a["fine"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="store sizes (articles) to measure at, ascending")
    parser.add_argument("--new", type=int, default=1000, help="new articles clustered at each size")
    args = parser.parse_args()
    coverage = Coverage(seed=7)
    with tempfile.TemporaryDirectory(prefix="gatewatch-bench-") as tmp, \
            contextlib.closing(store.open_db(Path(tmp) / "bench.db")) as db:
        store.sync_sources(db, [{"id": "bench", "name": "bench", "url": "http://127.0.0.1/", "kind": "feed", "tier": "wire"}])
        figures = []
        for size in (int(s) for s in args.sizes.split(",")):
            started = time.perf_counter()
            while (stored := db["articles"].count) < size:
                add(db, coverage.articles(min(20_000, size - stored)))
                update_events(db)
            built = time.perf_counter() - started
            new = coverage.articles(args.new)
            add(db, new)
            started = time.perf_counter()
            result = update_events(db)
            seconds = time.perf_counter() - started
            per_thousand = seconds * 1000 / len(new)
            figures.append(per_thousand)
            print(f"store {stored:>7} articles, {db['events'].count:>6} events (built in {built:6.1f} s): "
                  f"{len(new)} new articles clustered in {seconds:5.2f} s = {per_thousand:5.2f} s per 1,000 "
                  f"({result['events_new']} new events, {result['events_changed'] - result['events_new']} updated)")
        print(f"per-1,000 time at the largest store / at the smallest: {figures[-1] / figures[0]:.2f}x")


if __name__ == "__main__":
    main()
