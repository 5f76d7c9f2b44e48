"""Events in the database: the stored, tagged coverage grouped into real-world actions.

``rebuild_events`` recomputes every event from the articles' stored tags (no re-tagging):
it is deterministic, so running it again over the same articles gives the same events.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable

import sqlite_utils

from gatewatch.nlp.cluster import cluster
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
# A second company enters the title when named at least this share as often as the first.
PROTAGONIST_SHARE = 0.6


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


def _articles(db: sqlite_utils.Database) -> tuple[list[dict], list[dict]]:
    fines: dict[int, list[dict]] = {}
    for row in db.query("select article_id, amount, currency from fines"):
        fines.setdefault(row["article_id"], []).append({"amount": row["amount"], "currency": row["currency"]})
    records, tagged = [], []
    for row in db.query(
        "select id, title, text, published, companies, regulators, jurisdictions, event_types, event_date"
        " from articles where relevant = 1 order by id"
    ):
        records.append({"id": row["id"], "title": row["title"], "text": row["text"], "published": row["published"]})
        tagged.append({
            "id": row["id"], "relevant": True, "groups": json.loads(row["companies"] or "[]"),
            "jurisdictions": json.loads(row["jurisdictions"] or "[]"),
            "event_types": json.loads(row["event_types"] or "[]"), "event_date": row["event_date"],
            "fines": fines.get(row["id"], []),
        })
    return records, tagged


def _most_common(values: Iterable) -> list:
    return [value for value, _ in Counter(values).most_common()]


def _mention_counts(db: sqlite_utils.Database) -> dict[int, Counter[str]]:
    """Per article, how often each top-level company is named (products count for parents)."""
    kb = load_kb()
    counts: dict[int, Counter[str]] = {}
    for row in db.query("select article_id, entity_id from article_entities"):
        entity = kb.entities.get(row["entity_id"])
        if entity is not None and entity.family == "company":
            counts.setdefault(row["article_id"], Counter())[kb.group(entity.id).name] += 1
    return counts


def _protagonists(named: Counter[str]) -> list[str]:
    """The company named most, and a second one only when it is named about as often
    (Apple and Meta in one DMA decision), not a complainant mentioned in passing."""
    ranked = named.most_common(2)
    return [name for name, count in ranked if count >= PROTAGONIST_SHARE * ranked[0][1]] if ranked else []


def rebuild_events(db: sqlite_utils.Database) -> int:
    """Recompute ``events`` and ``event_articles`` from the tagged articles; return the count."""
    records, tagged = _articles(db)
    members: dict[str, list[int]] = {}
    results = {r["id"]: r for r in cluster(records, tagged)}
    for article_id, result in results.items():
        if result["event_id"]:
            members.setdefault(result["event_id"], []).append(article_id)
    info = {row["id"]: row for row in db.query(
        "select articles.id, articles.published, articles.canonical_url, articles.regulators, sources.tier"
        " from articles left join sources on sources.id = articles.source_id where relevant = 1"
    )}
    tags = {t["id"]: t for t in tagged}
    mentions = _mention_counts(db)
    rows, links = [], []
    for event_id, article_ids in sorted(members.items()):
        result = results[article_ids[0]]
        group = [tags[a] for a in article_ids]
        regulators = _most_common(r for a in article_ids for r in json.loads(info[a]["regulators"] or "[]"))
        companies = _most_common(c for t in group for c in t["groups"])
        jurisdictions = _most_common(j for t in group for j in t["jurisdictions"])
        fine_counts = Counter((f["currency"], f["amount"]) for t in group for f in t["fines"])
        fine = max(fine_counts, key=lambda f: (fine_counts[f], f[1])) if fine_counts else None
        published = sorted(p for a in article_ids if (p := info[a]["published"]))
        primary = sorted(article_ids, key=lambda a: (info[a]["tier"] != "regulator", info[a]["published"] or "9999", a))[0]
        decision = result["decision_date"]
        named = sum((mentions.get(a, Counter()) for a in article_ids), Counter())
        rows.append({
            "id": event_id, "title": event_title(result["event_type"], regulators, _protagonists(named), fine),
            "event_type": result["event_type"], "jurisdiction": jurisdictions[0] if jurisdictions else None,
            "decision_date": decision, "date_precision": "day" if decision else None,
            "first_reported": published[0] if published else None,
            "year": int((decision or (published[0] if published else "0"))[:4]) or None,
            "month": (decision or (published[0] if published else ""))[:7] or None,
            "fine_amount": fine[1] if fine else None, "fine_currency": fine[0] if fine else None,
            "companies": json.dumps(companies, ensure_ascii=False), "regulators": json.dumps(regulators, ensure_ascii=False),
            "case_ids": json.dumps(result["case_ids"], ensure_ascii=False), "articles": len(article_ids),
            "primary_url": info[primary]["canonical_url"],
        })
        links += [{"event_id": event_id, "article_id": a} for a in article_ids]
    with db.atomic():
        db["event_articles"].delete_where()
        db["events"].delete_where()
        db["events"].insert_all(rows)
        db["event_articles"].insert_all(links)
    return len(rows)
