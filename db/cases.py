"""Case threads: the events of one matter, opened → objections → fine → appeal → judgment.

Two events belong to one case when they share a case number (AT.39740, 1:20-cv-03010,
国市监处〔2021〕28号) or the same regime (DMA or competition law), jurisdiction, main company and product at
issue (EU, Google, Android: the Commission's fine and the General Court's judgment on it). Threads are the
connected groups of events over those keys (``case_keys``), recomputed only around the
events a run changed. A case's id is its earliest event's, prefixed ``case-``.
"""

from __future__ import annotations

import json
from collections import Counter

import sqlite_utils

from gatewatch.db.fines import LEAD_CHARS
from gatewatch.nlp.kb import load_kb

# Product mentions that say which matter an event is about, at least this often in its coverage.
MIN_PRODUCT_MENTIONS = 2
# Actions that open a matter, and those that conclude one: a conclusion joins the latest
# matter opened by the same authority against the same company within the reach.
OPENINGS = ("investigation_opened", "lawsuit_filed", "merger_review")
CONCLUSIONS = ("fine", "ruling", "settlement_or_commitments", "designation", "merger_review")
OPENING_REACH_YEARS = 5


def _marks(values) -> str:
    return ",".join("?" * len(values))


def _main_products(db: sqlite_utils.Database, event_ids: list[str]) -> dict[str, str]:
    """Per event, the product or service of its main company its coverage names most."""
    kb = load_kb()
    company = {r["id"]: r["company"] for r in db.query(
        f"select id, company from events where id in ({_marks(event_ids)})", event_ids)}
    counts: dict[str, Counter[str]] = {}
    for row in db.query(
        "select event_articles.event_id, article_entities.entity_id from event_articles join article_entities"
        f" on article_entities.article_id = event_articles.article_id where event_id in ({_marks(event_ids)})",
        event_ids,
    ):
        entity = kb.entities.get(row["entity_id"])
        if entity and entity.kind in ("product", "service") and kb.group(entity.id).name == company.get(row["event_id"]):
            counts.setdefault(row["event_id"], Counter())[entity.name] += 1
    return {event_id: ranked.most_common(1)[0][0] for event_id, ranked in counts.items()
            if ranked.most_common(1)[0][1] >= MIN_PRODUCT_MENTIONS}


def _fines_named(db: sqlite_utils.Database, event_ids: list[str]) -> dict[str, set[str]]:
    """Per event, the fines its coverage names in a headline or lead: a judgment on appeal
    leads with the fine it reviews ("top court confirms €2.4bn Google Shopping fine"), which
    ties it to the decision that imposed it. Fines listed further down are often the
    company's record of other cases, so they do not count."""
    named: dict[str, set[str]] = {}
    for row in db.query(
        "select event_articles.event_id, fines.currency, fines.amount from event_articles"
        " join fines on fines.article_id = event_articles.article_id join articles on articles.id = fines.article_id"
        f" where event_id in ({_marks(event_ids)}) and (instr(articles.title, fines.text) > 0"
        f" or instr(substr(articles.text, 1, {LEAD_CHARS}), fines.text) > 0)", event_ids,
    ):
        named.setdefault(row["event_id"], set()).add(f"{row['currency']}:{row['amount']:.3g}")
    return named


def _keys(db: sqlite_utils.Database, event_ids: list[str]) -> list[dict]:
    products = _main_products(db, event_ids)
    fines = _fines_named(db, event_ids)
    keys = []
    for row in db.query("select id, jurisdiction, company, regime, case_ids, event_type, fine_amount, fine_currency,"
                        " regulators, coalesce(decision_date, first_reported) as date"
                        f" from events where id in ({_marks(event_ids)})", event_ids):
        keys += [{"key": f"case:{c}", "event_id": row["id"]} for c in json.loads(row["case_ids"] or "[]")]
        if not (row["jurisdiction"] and row["company"]):
            continue
        party = f"{row['regime']}|{row['jurisdiction']}|{row['company']}"
        if row["id"] in products:
            keys.append({"key": f"matter:{party}|{products[row['id']]}", "event_id": row["id"]})
        # A decision that imposes its own fine names others only as background.
        own = {f"{row['fine_currency']}:{row['fine_amount']:.3g}"} if row["event_type"] == "fine" and row["fine_amount"] else None
        keys += [{"key": f"fine:{party}|{fine}", "event_id": row["id"]} for fine in sorted(own or fines.get(row["id"], ()))]
        if row["event_type"] in OPENINGS:
            keys.append({"key": f"opened:{row['id']}", "event_id": row["id"]})
        if row["event_type"] in CONCLUSIONS and (opening := _opening(db, row)):
            keys.append({"key": f"opened:{opening}", "event_id": row["id"]})
    return keys


def _opening(db: sqlite_utils.Database, event: dict) -> str | None:
    """The latest matter the same authority opened against the same company under the same
    regime within OPENING_REACH before ``event``, which concludes it (probe → fine)."""
    regulators = json.loads(event["regulators"] or "[]")
    if not regulators or not event["date"]:
        return None
    row = next(db.query(
        "select id from events where company = ? and regime = ? and json_extract(regulators, '$[0]') = ?"
        f" and event_type in ({_marks(OPENINGS)}) and coalesce(decision_date, first_reported) < ?"
        " and coalesce(decision_date, first_reported) >= date(?, ?) and id != ?"
        " order by coalesce(decision_date, first_reported) desc, id limit 1",
        [event["company"], event["regime"], regulators[0], *OPENINGS, event["date"], event["date"][:10],
         f"-{OPENING_REACH_YEARS} years", event["id"]],
    ), None)
    return row["id"] if row else None


def _threads(db: sqlite_utils.Database, start: set[str]) -> list[list[str]]:
    """The connected groups of events reachable from ``start`` through shared keys."""
    seen: set[str] = set()
    threads = []
    for origin in sorted(start):
        if origin in seen:
            continue
        thread, frontier = {origin}, [origin]
        while frontier:
            event_id = frontier.pop()
            for row in db.query("select b.event_id from case_keys a join case_keys b on a.key = b.key where a.event_id = ?",
                                [event_id]):
                if row["event_id"] not in thread:
                    thread.add(row["event_id"])
                    frontier.append(row["event_id"])
        seen |= thread
        threads.append(sorted(thread))
    return threads


def _case_row(events: list[dict], products: dict[str, str]) -> dict:
    def when(event: dict) -> str:
        return event["decision_date"] or event["first_reported"] or "9999"
    ordered = sorted(events, key=lambda e: (when(e), e["id"]))
    first = ordered[0]
    case_ids = sorted({c for e in events for c in json.loads(e["case_ids"] or "[]")})
    regulators = [r for r, _ in Counter(r for e in events for r in json.loads(e["regulators"] or "[]")).most_common()]
    product = next((products[e["id"]] for e in ordered if e["id"] in products), None)
    subject = " – ".join(filter(None, [first["company"], product])) or first["title"]
    return {
        "id": f"case-{first['id']}", "title": f"{subject} ({first['jurisdiction']})" if first["jurisdiction"] else subject,
        "jurisdiction": first["jurisdiction"], "company": first["company"], "product": product,
        "regulators": json.dumps(regulators, ensure_ascii=False), "case_ids": json.dumps(case_ids, ensure_ascii=False),
        "opened": when(first)[:10], "last_action": when(ordered[-1])[:10], "last_event_type": ordered[-1]["event_type"],
        "events": len(events),
        "stages": " → ".join(f"{when(e)} {e['event_type'] or 'action'}" for e in ordered),
    }


def update_cases(db: sqlite_utils.Database, changed: set[str], chunk: int = 500) -> int:
    """Re-thread the cases around the ``changed`` events (updated, new or removed)."""
    ordered = sorted(changed)
    return sum(_rethread(db, ordered[start:start + chunk]) for start in range(0, len(ordered), chunk))


def _rethread(db: sqlite_utils.Database, ids: list[str]) -> int:
    marks = _marks(ids)
    old_cases = {r["case_id"] for r in db.query(f"select case_id from events where id in ({marks}) and case_id is not null", ids)}
    neighbours = {r["event_id"] for r in db.query(
        f"select b.event_id from case_keys a join case_keys b on a.key = b.key where a.event_id in ({marks})", ids)}
    db["case_keys"].delete_where(f"event_id in ({marks})", ids)
    existing = {r["id"] for r in db.query(f"select id from events where id in ({marks})", ids)}
    if existing:
        db["case_keys"].insert_all(_keys(db, sorted(existing)), ignore=True)
    reach = sorted(existing | neighbours)
    start = {r["id"] for r in db.query(f"select id from events where id in ({_marks(reach)})", reach)}
    threads = _threads(db, start)
    members = [e for thread in threads for e in thread]
    old_cases |= {r["case_id"] for r in db.query(
        f"select case_id from events where id in ({_marks(members)}) and case_id is not null", members)}
    db["cases"].delete_where(f"id in ({_marks(old_cases)})", sorted(old_cases))
    products = _main_products(db, members) if members else {}
    for thread in threads:
        events = list(db.query(f"select * from events where id in ({_marks(thread)})", thread))
        case = _case_row(events, products)
        db["cases"].insert(case, pk="id", replace=True)
        db.execute(f"update events set case_id = ? where id in ({_marks(thread)})", [case["id"], *thread])
    return len(threads)
