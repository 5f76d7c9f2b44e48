"""Events in the database: the stored, tagged coverage grouped into real-world actions.

``update_events`` clusters only the articles no event holds yet (new, or re-tagged since),
against the stored events filed under the same keys (``event_keys``), so a run's cost does
not grow with the store. ``rebuild_events`` recomputes everything from the articles' stored
tags. Either way an event that changes keeps the previous values in ``event_history``, with
when and why; case threads are then updated (``db/cases.py``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Iterable

import sqlite_utils

from gatewatch.db import cases
from gatewatch.db.clustering import ARTICLE_COLUMNS, as_article, chunks, fines_of, loader, marks, members, retally, save_events
from gatewatch.db.effective import effective_date
from gatewatch.db.fines import fine_details
from gatewatch.nlp.cluster import Clusterer, Event, publication_order
from gatewatch.nlp.kb import load_kb

# How a generated title says what the authority did ("SAMR fines Alibaba CNY 18.228bn").
VERBS = {
    "fine": "fines",
    "investigation_opened": "opens an investigation into",
    "ruling": "rules on",
    "lawsuit_filed": "sues",
    "settlement_or_commitments": "settles with",
    "merger_review": "reviews a deal by",
    "designation": "designates",
    "interoperability_opening": "opening up:",
    "legislation": "legislates on",
    "appeal": "faces an appeal by",
    "compliance_change": "compliance change by",
    "other": "acts on",
}
SCALES = ((1e12, "tn"), (1e9, "bn"), (1e6, "m"), (1e3, "k"))
# A company named in a headline counts this many times toward being the event's protagonist: a
# designation of Booking lists the earlier gatekeepers (Apple …) in the body, not the headline.
HEADLINE_WEIGHT = 3
# A second company enters the title when named at least this share as often as the first.
PROTAGONIST_SHARE = 0.6
# Changes to these fields are kept in event_history.
TRACKED = ("title", "event_type", "decision_date", "fine_amount", "fine_currency", "companies", "regulators",
           "jurisdiction", "case_ids")
# Coverage citing the Digital Markets Act puts an event under that regime (a case thread never
# mixes a DMA matter with an antitrust one about the same product).
DMA_CUE = re.compile(r"Digital Markets Act|\bDMA\b|数字市场法")


def money(amount: float, currency: str) -> str:
    """"CNY 18.228bn", "EUR 500m"."""
    for size, suffix in SCALES:
        if amount >= size:
            return f"{currency} {amount / size:.5g}{suffix}"
    return f"{currency} {amount:,.0f}"


def event_title(event_type: str | None, regulators: list[str], companies: list[str], fine: tuple | None) -> str:
    """``companies`` are the event's protagonists, most named first (see ``_protagonists``)."""
    actor = regulators[0] if regulators else None
    target = " and ".join(companies) or "platforms"
    verb = VERBS.get(event_type or "other", "acts on")
    if event_type in ("interoperability_opening", "compliance_change", "appeal") or actor is None:
        title = f"{target}: {event_type.replace('_', ' ') if event_type else 'action'}"
    else:
        title = f"{actor} {verb} {target}"
    if fine:
        title += f" {money(fine[1], fine[0])}"
    return title


def _mention_counts(db: sqlite_utils.Database, article_ids: list[int]) -> dict[int, Counter[str]]:
    """Per article, how often each top-level company is named (products count for parents),
    a name in the headline counting ``HEADLINE_WEIGHT`` times."""
    kb = load_kb()
    counts: dict[int, Counter[str]] = {}
    for chunk in chunks(article_ids):
        for row in db.query(
            "select article_id, entity_id, article_entities.start < length(coalesce(articles.title, '')) as in_headline"
            " from article_entities join articles on articles.id = article_id"
            f" where article_id in ({marks(chunk)})", chunk,
        ):
            entity = kb.entities.get(row["entity_id"])
            if entity is not None and entity.family == "company":
                weight = HEADLINE_WEIGHT if row["in_headline"] else 1
                counts.setdefault(row["article_id"], Counter())[kb.group(entity.id).name] += weight
    return counts


def _protagonists(named: Counter[str]) -> list[str]:
    """The company named most, and a second one only when it is named about as often
    (Apple and Meta in one DMA decision), not a complainant mentioned in passing."""
    ranked = named.most_common(2)
    return [name for name, count in ranked if count >= PROTAGONIST_SHARE * ranked[0][1]] if ranked else []


def _most_common(values: Iterable) -> list:
    return [value for value, _ in Counter(values).most_common()]


def event_rows(db: sqlite_utils.Database, events: list[Event]) -> list[dict]:
    """The stored form of each event: generated title, fields agreed by its coverage, fine in
    euros, primary source (a regulator's own release first, else the earliest report)."""
    event_members = members(db, [e.id for e in events])
    ids = [a for article_ids in event_members.values() for a in article_ids]
    info: dict[int, dict] = {}
    for chunk in chunks(ids):
        info.update((r["id"], r) for r in db.query(
            "select articles.id, articles.published, articles.canonical_url, articles.regulators, articles.title, articles.text,"
            " articles.companies, articles.jurisdictions, sources.tier from articles"
            f" left join sources on sources.id = articles.source_id where articles.id in ({marks(chunk)})", chunk))
    mentions = _mention_counts(db, ids)
    fines = fines_of(db, ids)
    rows = []
    for event in events:
        article_ids = event_members[event.id]
        regulators = _most_common(r for a in article_ids for r in json.loads(info[a]["regulators"] or "[]"))
        companies = _most_common(g for a in article_ids for g in json.loads(info[a]["companies"] or "[]"))
        jurisdictions = _most_common(j for a in article_ids for j in json.loads(info[a]["jurisdictions"] or "[]"))
        published = sorted(p for a in article_ids if (p := info[a]["published"]))
        primary = sorted(article_ids, key=lambda a: (info[a]["tier"] != "regulator", info[a]["published"] or "9999", a))[0]
        decision = event.decision_text
        named = sum((mentions.get(a, Counter()) for a in article_ids), Counter())
        protagonists = _protagonists(named)
        earliest_first = sorted(article_ids, key=lambda a: (info[a]["published"] or "9999", a))
        fine = fine_details([(info[a]["tier"], info[a]["title"] or "", info[a]["text"] or "", fines.get(a, []))
                             for a in earliest_first],
                            decision or (published[0] if published else None))
        dated = decision or (published[0] if published else "")
        rows.append({
            "id": event.id, "event_type": event.main_type,
            "title": event_title(event.main_type, regulators, protagonists,
                                 (fine["fine_currency"], fine["fine_amount"]) if fine else None),
            "jurisdiction": jurisdictions[0] if jurisdictions else None,
            "decision_date": decision, "date_precision": {10: "day", 7: "month", 4: "year"}.get(len(decision or "")),
            "first_reported": published[0] if published else None,
            "effective_date": effective_date([(info[a]["text"] or "", info[a]["published"]) for a in article_ids]),
            "year": int(dated[:4]) if dated else None, "month": dated[:7] or None,
            **(fine or dict.fromkeys(("fine_amount", "fine_currency", "fine_eur", "fx_rate", "fx_month", "fine_text",
                                       "fine_sentence", "fine_turnover_pct"))),
            "company": (protagonists or companies or [None])[0],
            "regime": "DMA" if any(DMA_CUE.search(info[a]["text"] or "") for a in article_ids) else "competition",
            "companies": json.dumps(companies, ensure_ascii=False), "regulators": json.dumps(regulators, ensure_ascii=False),
            "case_ids": json.dumps(event.cases, ensure_ascii=False), "articles": len(article_ids),
            "primary_url": info[primary]["canonical_url"],
        })
    return rows


def _history(old: dict | None, new: dict | None, reason: str, at: str) -> list[dict]:
    if old is None:
        return []
    if new is None:
        return [{"event_id": old["id"], "field": "event", "old_value": old["title"], "new_value": None,
                 "changed_at": at, "reason": reason}]
    return [{"event_id": new["id"], "field": field, "old_value": None if old[field] is None else str(old[field]),
             "new_value": None if new[field] is None else str(new[field]), "changed_at": at, "reason": reason}
            for field in TRACKED if old[field] != new[field]]


def _withdraw_stale_links(db: sqlite_utils.Database) -> set[str]:
    """Unlink articles no longer relevant; return the events to recount: those whose coverage
    changed since stored, and any stored before their tallies were kept."""
    db.execute("delete from event_articles where article_id in (select id from articles where coalesce(relevant, 0) = 0)")
    return {r["id"] for r in db.query(
        "select events.id from events left join (select event_id, count(*) as n from event_articles group by event_id) links"
        " on links.event_id = events.id where coalesce(links.n, 0) != events.articles"
        " or not exists (select 1 from event_state where event_state.event_id = events.id)")}


def update_events(db: sqlite_utils.Database, reason: str | None = None, old_rows: dict[str, dict] | None = None) -> dict:
    """Cluster the relevant articles no event holds yet; return counts of what changed.

    ``reason`` overrides the history's reason (default: the coverage that changed each event);
    ``old_rows`` are the events before a rebuild, to keep their history across it.
    """
    at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    with db.atomic():
        stale = _withdraw_stale_links(db)
        recounted = {e.id: e for e in retally(db, stale)}
        pending = list(db.query(
            f"select {ARTICLE_COLUMNS} from articles where relevant = 1"
            " and not exists (select 1 from event_articles where article_id = articles.id)"))
        fines = fines_of(db, [r["id"] for r in pending])
        clusterer = Clusterer(loader=loader(db))
        added: dict[str, list[dict]] = {}
        created: set[str] = set()
        for row in sorted(pending, key=publication_order):
            event = clusterer.add(as_article(row, fines.get(row["id"], [])))
            # A new event's row is written below, but its link needs it now. The id may be
            # taken by this article's own earlier event (re-tagged): that one is reused.
            if event.size == 1 and db.execute("insert or ignore into events (id, articles) values (?, 0)", [event.id]).rowcount:
                created.add(event.id)
            added.setdefault(event.id, []).append(row)
            db["event_articles"].insert({"event_id": event.id, "article_id": row["id"]})
        save_events(db, (clusterer.events[e] for e in added))
        events = {**recounted, **{e: clusterer.events[e] for e in added}}
        rows = event_rows(db, [events[e] for e in sorted(events)])
        touched = stale | set(added)
        old = old_rows if old_rows is not None else {
            r["id"]: r for chunk in chunks(sorted(touched - created)) for r in db.query(
                f"select * from events where id in ({marks(chunk)})", chunk)}
        removed = (set(old) if old_rows is not None else touched) - set(events)
        history = []
        for row in rows:
            why = reason or "; ".join(f"coverage added: {a['title']}" for a in added.get(row["id"], [])) or "coverage re-tagged"
            history += _history(old.get(row["id"]), row, why, at)
        for event_id in sorted(removed):
            history += _history(old.get(event_id), None, reason or "its coverage was re-tagged as unrelated", at)
            # Its case goes too; update_cases re-threads any other events of it.
            db.execute("delete from cases where id = (select case_id from events where id = ?)", [event_id])
            db["events"].delete_where("id = ?", [event_id])
        db["events"].upsert_all(rows, pk="id")
        db["event_history"].insert_all(history)
        cases.update_cases(db, set(events) | removed)
    return {"articles": len(pending), "events_changed": len(rows), "events_new": sum(r["id"] not in old for r in rows),
            "events_removed": len(removed), "history": len(history)}


def events_summary(update: dict) -> str:
    """One line for a run's log: "events: 3 new, 2 updated (5 articles clustered)"."""
    return (f"events: {update['events_new']} new, {update['events_changed'] - update['events_new']} updated, "
            f"{update['events_removed']} removed ({update['articles']} articles clustered)")


def rebuild_events(db: sqlite_utils.Database) -> int:
    """Recompute every event from the tagged articles, keeping the history of what changed."""
    with db.atomic():
        old = {r["id"]: r for r in db.query("select * from events")}
        for table in ("event_articles", "event_keys", "event_state", "case_keys", "cases", "events"):
            db[table].delete_where()
        update_events(db, reason="events rebuild", old_rows=old)
    return db["events"].count
