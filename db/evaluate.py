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
from gatewatch.nlp.amounts import same_amount
from gatewatch.nlp.evaluate import pairwise

# An event's fine is right within 3 %: reports round "€1.84bn" to "€1.8bn", while two distinct
# fines of one matter (Android: €4.34bn, cut to €4.125bn) stay 5 % apart.
EVENT_FINE_TOLERANCE = 0.03
GOLD_SOURCE = {"id": "gold", "name": "labelled set", "url": "about:gold", "kind": "feed", "tier": "major"}


def _load(db, items: list[dict]) -> None:
    store.sync_sources(db, [GOLD_SOURCE])
    for item in items:
        store.store_article(db, {
            "canonical_url": f"{item.get('url') or 'gold:'}#{item['id']}", "url": item.get("url"), "source_id": "gold",
            "title": item.get("title"), "text": item["text"], "language": item.get("language"),
            "published": item.get("published"), "fetched_at": item.get("published") or "1970-01-01",
        })


def same_fine(gold: dict | None, amount: float | None, currency: str | None) -> bool:
    """Both none, or one currency and amounts within ``EVENT_FINE_TOLERANCE``."""
    if gold is None or amount is None:
        return gold is None and amount is None
    return same_amount((gold["currency"], gold["amount"]), (currency, amount), EVENT_FINE_TOLERANCE)


def evaluate_database_events(items: list[dict]) -> dict:
    """Per gold line ``{"id", "event", "case"?, "event_fine"?, …}``: pairwise scores of events
    and of cases (over gold events: an event's predicted case is the one most of its articles
    landed in), how many gold events got the fine their coverage reports (``event_fine``, or
    none), and how many fines got a euro value."""
    with tempfile.TemporaryDirectory(prefix="gatewatch-eval-") as tmp, \
            contextlib.closing(store.open_db(Path(tmp) / "eval.db")) as db:
        _load(db, items)
        workflow.tag_database(db)
        update_events(db)
        placed = {row["canonical_url"].rsplit("#", 1)[1]: row for row in db.query(
            "select articles.canonical_url, events.id as event_id, events.case_id, events.fine_amount,"
            " events.fine_currency from articles"
            " left join event_articles on event_articles.article_id = articles.id"
            " left join events on events.id = event_articles.event_id")}
        fines = list(db.query("select fine_currency, fine_eur, fx_month from events where fine_amount is not null"))
    articles = pairwise({i["id"]: i["event"] for i in items}, {i["id"]: placed[i["id"]]["event_id"] for i in items})
    predicted_case: dict[str, str | None] = {}
    gold_case: dict[str, str] = {}
    fines_right = 0
    for event in sorted({i["event"] for i in items}):
        members = [i for i in items if i["event"] == event]
        stored = Counter(placed[i["id"]]["event_id"] for i in members).most_common(1)[0][0]
        row = next(placed[i["id"]] for i in members if placed[i["id"]]["event_id"] == stored)
        predicted_case[event] = Counter(placed[i["id"]]["case_id"] for i in members).most_common(1)[0][0]
        gold_case[event] = members[0].get("case", event)
        fines_right += same_fine(members[0].get("event_fine"), row["fine_amount"], row["fine_currency"])
    cases = pairwise(gold_case, predicted_case)
    return {
        "event_pairs": articles, "case_pairs": cases,
        "gold_cases": len(set(gold_case.values())), "predicted_cases": len({c for c in predicted_case.values() if c}),
        "events": len(gold_case), "event_fines_right": fines_right, "fines": len(fines), "fines_in_eur": sum(f["fine_eur"] is not None for f in fines),
        "fines_unconverted": sorted({f["fine_currency"] for f in fines if f["fine_eur"] is None}),
    }
