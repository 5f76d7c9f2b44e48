"""Score what the database builds from a labelled set: events, case threads and fines in euros.

The gold articles go through the same path as a crawl's (stored in a scratch SQLite file,
tagged, clustered incrementally, threaded into cases), so the figures measure the code a
run uses, not a shortcut.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections import Counter
from pathlib import Path

from gatewatch import workflow
from gatewatch.db import store
from gatewatch.db.events import update_events
from gatewatch.nlp.evaluate import pairwise

GOLD_SOURCE = {"id": "gold", "name": "labelled set", "url": "about:gold", "kind": "feed", "tier": "major"}


def _load(db, items: list[dict]) -> None:
    store.sync_sources(db, [GOLD_SOURCE])
    for item in items:
        store.store_article(db, {
            "canonical_url": f"{item.get('url') or 'gold:'}#{item['id']}", "url": item.get("url"), "source_id": "gold",
            "title": item.get("title"), "text": item["text"], "language": item.get("language"),
            "published": item.get("published"), "fetched_at": item.get("published") or "1970-01-01",
        })


def evaluate_database_events(items: list[dict]) -> dict:
    """Per gold line ``{"id", "event", "case"?, …}``: pairwise scores of events and of cases
    (over gold events: an event's predicted case is the one most of its articles landed in),
    and how many fines got a euro value."""
    with tempfile.TemporaryDirectory(prefix="gatewatch-eval-") as tmp, \
            contextlib.closing(store.open_db(Path(tmp) / "eval.db")) as db:
        _load(db, items)
        workflow.tag_database(db)
        update_events(db)
        placed = {row["canonical_url"].rsplit("#", 1)[1]: row for row in db.query(
            "select articles.canonical_url, events.id as event_id, events.case_id from articles"
            " left join event_articles on event_articles.article_id = articles.id"
            " left join events on events.id = event_articles.event_id")}
        fines = list(db.query("select fine_currency, fine_eur, fx_month from events where fine_amount is not null"))
    articles = pairwise({i["id"]: i["event"] for i in items}, {i["id"]: placed[i["id"]]["event_id"] for i in items})
    predicted_case: dict[str, str | None] = {}
    gold_case: dict[str, str] = {}
    for event in sorted({i["event"] for i in items}):
        members = [i for i in items if i["event"] == event]
        predicted_case[event] = Counter(placed[i["id"]]["case_id"] for i in members).most_common(1)[0][0]
        gold_case[event] = members[0].get("case", event)
    cases = pairwise(gold_case, predicted_case)
    return {
        "event_pairs": articles, "case_pairs": cases,
        "gold_cases": len(set(gold_case.values())), "predicted_cases": len({c for c in predicted_case.values() if c}),
        "fines": len(fines), "fines_in_eur": sum(f["fine_eur"] is not None for f in fines),
        "fines_unconverted": sorted({f["fine_currency"] for f in fines if f["fine_eur"] is None}),
    }
