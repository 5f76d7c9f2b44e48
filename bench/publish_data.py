"""Synthetic Gatewatch database at publishing scale, for bench/publish_scale.py.

The file is created by ``open_db`` (our real migrations, so the real schema, indexes and FTS
triggers are measured) and filled with the columns the real loaders fill (store_article,
store_tags, rebuild_events): companies and products from the real knowledge base with
Zipf-like popularity, regulators and jurisdictions with skew, event types with skew, dates
from 2015 with coverage growing every year, events whose coverage ranges from one article to
hundreds, and texts of a few hundred words whose words follow a Zipf law.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import random
import time
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils.utils import sqlite3

from gatewatch.crawler.settings import GATEWATCH_SOURCES
from gatewatch.crawler.sources import load_sources
from gatewatch.db import store
from gatewatch.db.events import event_title
from gatewatch.nlp.kb import load_kb

# Shares of the kinds of action (investigations and fines dominate real coverage).
EVENT_TYPES = {
    "investigation_opened": 20, "fine": 16, "ruling": 12, "lawsuit_filed": 11, "merger_review": 11,
    "settlement_or_commitments": 8, "appeal": 5, "legislation": 5, "designation": 3, "compliance_change": 3,
    "interoperability_opening": 2, "other": 4,
}
# What a report of each kind says, so that searches such as "fine" or "gatekeeper" hit.
CUES = {
    "fine": "imposed a fine of {fine} for abusing its dominant position",
    "investigation_opened": "opened an investigation into possible anticompetitive conduct",
    "ruling": "the court ruled that the conduct infringed competition law",
    "lawsuit_filed": "filed a lawsuit alleging an illegal monopoly",
    "settlement_or_commitments": "offered legally binding commitments to settle the case",
    "merger_review": "reviewed the proposed acquisition in a phase 2 merger investigation",
    "designation": "designated it as a gatekeeper for its core platform services",
    "interoperability_opening": "will open up to rivals and allow interoperability with third-party services",
    "legislation": "passed legislation on digital platforms and app stores",
    "appeal": "lodged an appeal against the decision",
    "compliance_change": "announced changes to comply with the new rules",
    "other": "raised competition concerns about the market",
}
DMA = "under the Digital Markets Act"
CURRENCIES = {"EU": "EUR", "US": "USD", "CN": "CNY", "GB": "GBP", "KR": "KRW", "JP": "JPY", "IN": "INR",
              "DE": "EUR", "FR": "EUR", "IT": "EUR", "ES": "EUR", "NL": "EUR", "TR": "TRY", "BR": "BRL"}
FIRST_DAY, LAST_DAY = dt.date(2015, 1, 1), dt.date(2026, 11, 20)
RANK_OF_KIND = {"regulator": 0, "court": 1, "legislature": 2}
GROWTH = 1.2  # coverage per year grows by a fifth
ZIPF = 1.1  # exponent of company, authority and word popularity
BATCH = 5_000
COMMON = ("the of and to in a is that for on was with by as it at from said its has have be an are this "
          "which or not will but were had been would also after their more than company market said competition "
          "authority regulator platform users case decision law court commission rules data services app "
          "digital online store search advertising payments consumers rivals dominant conduct abuse antitrust "
          "investigation complaint proceedings statement spokesperson billion million percent year month week "
          "officials lawyers judge appeal order practice business customers developers merchants prices fees").split()
SYLLABLES = "ka lo mi ne ru sa te vi zo pra dor len mar tis gun fel bro cha dri qua ster ven wol xi yan".split()


@dataclass
class Pickers:
    """Weighted draws over the real knowledge base."""

    groups: list[tuple[str, list]]  # (group name, [(entity id, name)] of the group itself and its products)
    group_weights: list[float]
    authorities: list  # top-level authorities, most prominent jurisdictions first
    authority_weights: list[float]


def zipf_weights(n: int) -> list[float]:
    return [1 / (rank + 1) ** ZIPF for rank in range(n)]


def kb_pickers() -> Pickers:
    """Groups ranked by how many products the KB lists for them (Alphabet, Microsoft, Apple …
    first); jurisdictions ranked by how many bodies the KB lists there (US, CN, EU …), then
    one of their authorities."""
    kb = load_kb()
    members: dict[str, list] = {}
    for entity in kb.entities.values():
        if entity.family == "company":
            members.setdefault(kb.group(entity.id).name, []).append((entity.id, entity.name))
    groups = sorted(members.items(), key=lambda item: (-len(item[1]), item[0]))
    places: dict[str, list] = {}
    for entity in kb.entities.values():
        if entity.family == "authority" and entity.parent is None:
            places.setdefault(entity.jurisdiction or "", []).append(entity)
    authorities, weights = [], []
    for place_weight, (_, bodies) in zip(zipf_weights(len(places)), sorted(places.items(), key=lambda p: (-len(p[1]), p[0]))):
        bodies.sort(key=lambda e: RANK_OF_KIND[e.kind])  # the regulator acts more often than courts and legislatures
        within = zipf_weights(len(bodies))
        authorities += bodies
        weights += [place_weight * w / sum(within) for w in within]
    return Pickers(groups, zipf_weights(len(groups)), authorities, weights)


def sentence_pool(rng: random.Random, size: int = 20_000) -> list[str]:
    """Filler sentences whose words follow a Zipf law over common and long-tail words."""
    tail = ["".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))) for _ in range(30_000)]
    vocabulary = list(dict.fromkeys(COMMON + tail))
    cumulative = list(itertools.accumulate(zipf_weights(len(vocabulary))))
    return [" ".join(rng.choices(vocabulary, cum_weights=cumulative, k=rng.randint(6, 24))).capitalize()
            for _ in range(size)]


def random_day(rng: random.Random) -> dt.date:
    """A day from FIRST_DAY to LAST_DAY, later years more likely (coverage grows)."""
    years = range(FIRST_DAY.year, LAST_DAY.year + 1)
    year = rng.choices(years, weights=[GROWTH ** (y - FIRST_DAY.year) for y in years])[0]
    start, end = max(FIRST_DAY, dt.date(year, 1, 1)), min(LAST_DAY, dt.date(year, 12, 31))
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def event_size(rng: random.Random) -> int:
    """Articles per event: mostly 1-5, a long tail past 50 (Pareto, capped)."""
    return min(400, int(rng.paretovariate(1.3)))


def pick_companies(rng: random.Random, p: Pickers) -> list[tuple[str, str, str]]:
    """1-3 (entity id, entity name, group name): a group by popularity, sometimes one of its products."""
    picked = {}
    for name, entities in rng.choices(p.groups, weights=p.group_weights, k=rng.choice((1, 1, 1, 2, 2, 3))):
        entity_id, entity_name = rng.choice(entities) if rng.random() < 0.4 else next(
            e for e in entities if e[1] == name)
        picked[entity_id] = (entity_id, entity_name, name)
    return list(picked.values())


def make_events(rng: random.Random, p: Pickers, count: int) -> list[dict]:
    kinds, shares = list(EVENT_TYPES), list(EVENT_TYPES.values())
    events = []
    for _ in range(count):
        regulator = rng.choices(p.authorities, weights=p.authority_weights)[0]
        kind = rng.choices(kinds, weights=shares)[0]
        place = regulator.jurisdiction or "US"
        fine = None
        if kind == "fine":
            fine = (CURRENCIES.get(place, "USD"), round(rng.lognormvariate(17, 2.5), -3))
        events.append({"kind": kind, "regulator": regulator, "jurisdiction": place, "fine": fine,
                       "companies": pick_companies(rng, p), "day": random_day(rng), "size": event_size(rng)})
    return events


def plan_articles(rng: random.Random, events: list[dict], total: int) -> list[tuple[str, int | None]]:
    """(published, event index or None) per article, in publication order (= id order, as crawled)."""
    plan = []
    for index, event in enumerate(events):
        for n in range(event["size"]):
            lag = 0 if n == 0 else int(rng.expovariate(1 / 4))  # follow-up coverage over days
            plan.append((min(event["day"] + dt.timedelta(days=lag), LAST_DAY), index))
            if len(plan) >= total * 0.45:  # keep most articles outside events, as in a real crawl
                break
        else:
            continue
        del events[index + 1:]
        break
    plan += [(random_day(rng), None) for _ in range(total - len(plan))]
    stamped = [(f"{day.isoformat()}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00Z", event)
               for day, event in plan]
    stamped.sort(key=lambda item: item[0])
    return stamped


class ArticleWriter:
    """Builds article rows (and their entities and fines) the way store_article/store_tags do."""

    COLUMNS = ("id", "canonical_url", "url", "source_id", "title", "text", "language", "published", "published_raw",
               "fetched_at", "content_hash", "companies", "mentioned", "tagged_at", "relevant", "regulators",
               "jurisdictions", "event_types", "event_date")

    def __init__(self, rng: random.Random, pickers: Pickers, sources: list) -> None:
        self.rng, self.p, self.sources = rng, pickers, sources
        self.pool = sentence_pool(rng)

    def row(self, article_id: int, published: str, event: dict | None) -> tuple[tuple, list[tuple], list[tuple]]:
        rng = self.rng
        companies = event["companies"] if event else pick_companies(rng, self.p)
        regulator = event["regulator"] if event else (
            rng.choices(self.p.authorities, weights=self.p.authority_weights)[0] if rng.random() < 0.3 else None)
        names = [c[1] for c in companies]
        groups = sorted({c[2] for c in companies})
        lead = f"{regulator.name if regulator else 'Reports say'} {', '.join(names)}"
        if event:
            fine = event["fine"]
            cue = CUES[event["kind"]].format(fine=f"{fine[0]} {fine[1]:,.0f}" if fine else "")
            lead += f" {cue}{' ' + DMA if event['jurisdiction'] == 'EU' and rng.random() < 0.5 else ''}"
            title = event_title(event["kind"], [regulator.name], groups[:2], fine)
        else:
            title = f"{names[0]} {rng.choice(self.pool)[:60].lower()}"
        body = rng.choices(self.pool, k=rng.randint(10, 30))
        body.insert(rng.randint(1, len(body)), f"{names[0]} declined to comment")
        text = ". ".join([lead, *body]) + "."
        source = rng.choice(self.sources)
        url = f"https://{source.id}.example/{published[:7]}/{article_id}"
        combined = f"{title}\n\n{text}"
        mentions = [(article_id, entity_id, name, combined.find(name), combined.find(name) + len(name))
                    for entity_id, name, _ in companies]
        if regulator:
            mentions.append((article_id, regulator.id, regulator.name, combined.find(regulator.name),
                             combined.find(regulator.name) + len(regulator.name)))
        fines = [(article_id, event["fine"][1], event["fine"][0], f"{event['fine'][0]} {event['fine'][1]:,.0f}")
                 ] if event and event["fine"] else []
        mentioned = sorted({c[1] for c in companies} | set(groups))
        row = (article_id, url, url, source.id, title, text, source.language, published, published, published,
               store.content_hash(text), json.dumps(groups), json.dumps(mentioned), published, int(bool(event)),
               json.dumps([regulator.name] if regulator else []), json.dumps([event["jurisdiction"]] if event else []),
               json.dumps([event["kind"]] if event else []), event["day"].isoformat() if event else None)
        return row, mentions, fines


# The events columns the generator fills (later ones, such as fines in euros, stay empty).
EVENT_COLUMNS = ("id", "title", "event_type", "jurisdiction", "decision_date", "date_precision", "first_reported",
                 "year", "month", "fine_amount", "fine_currency", "companies", "regulators", "case_ids", "articles",
                 "primary_url", "company", "regime")


def event_rows(events: list[dict], members: dict[int, list[int]], urls: dict[int, str]) -> list[tuple]:
    """events rows as rebuild_events writes them (id ev-<first article>, title, counts …)."""
    rows = []
    for index, article_ids in members.items():
        event = events[index]
        groups = list(dict.fromkeys(c[2] for c in event["companies"]))
        fine, day = event["fine"], event["day"].isoformat()
        rows.append((f"ev-{article_ids[0]}", event_title(event["kind"], [event["regulator"].name], groups[:2], fine),
                     event["kind"], event["jurisdiction"], day, "day", day, event["day"].year, day[:7],
                     fine[1] if fine else None, fine[0] if fine else None, json.dumps(groups),
                     json.dumps([event["regulator"].name]), "[]", len(article_ids), urls[article_ids[0]],
                     groups[0] if groups else None, "competition"))
    return rows


def generate(path: Path, articles: int, events: int, seed: int = 6) -> None:
    """Create ``path`` (a new file) with ``articles`` articles and up to ``events`` events."""
    started = time.perf_counter()
    rng = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = store.open_db(path)
    sources = load_sources(GATEWATCH_SOURCES)
    store.sync_sources(db, (s.row() for s in sources))
    store.sync_entities(db, load_kb().rows())
    db.close()
    conn = sqlite3.connect(path)
    # Generation only: no journal, no fsync, a large cache; the FTS index is rebuilt once at the end.
    conn.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -1000000;")
    # Only the full-text triggers are dropped (the index is rebuilt at the end); others keep working.
    fts_triggers = list(conn.execute("select name, sql from sqlite_master where type = 'trigger'"
                                     " and tbl_name = 'articles' and sql like '%articles_fts%'"))
    for name, _ in fts_triggers:
        conn.execute(f"drop trigger [{name}]")
    pickers = kb_pickers()
    planned = make_events(rng, pickers, events)
    plan = plan_articles(rng, planned, articles)
    writer = ArticleWriter(rng, pickers, sources)
    members: dict[int, list[int]] = {}
    urls: dict[int, str] = {}
    insert = f"insert into articles ({', '.join(writer.COLUMNS)}) values ({', '.join('?' * len(writer.COLUMNS))})"
    for start in range(0, len(plan), BATCH):
        rows, mentions, fines = [], [], []
        for article_id, (published, index) in enumerate(plan[start:start + BATCH], start + 1):
            row, named, fined = writer.row(article_id, published, planned[index] if index is not None else None)
            rows.append(row)
            mentions += named
            fines += fined
            if index is not None:
                members.setdefault(index, []).append(article_id)
                urls.setdefault(article_id, row[1])
        with conn:
            conn.executemany(insert, rows)
            conn.executemany("insert or ignore into article_entities values (?, ?, ?, ?, ?)", mentions)
            conn.executemany("insert into fines (article_id, amount, currency, text) values (?, ?, ?, ?)", fines)
        if (start // BATCH) % 20 == 0:
            print(f"  {start + len(rows):,} articles ({time.perf_counter() - started:.0f}s)", flush=True)
    with conn:
        conn.executemany(f"insert into events ({', '.join(EVENT_COLUMNS)}) values ({', '.join('?' * len(EVENT_COLUMNS))})",
                         event_rows(planned, members, urls))
        conn.executemany("insert into event_articles values (?, ?)",
                         ((f"ev-{ids[0]}", a) for ids in members.values() for a in ids))
    print(f"  {len(members):,} events; rebuilding the full-text index ({time.perf_counter() - started:.0f}s)", flush=True)
    with conn:
        conn.execute("insert into articles_fts (articles_fts) values ('rebuild')")
        for _, sql in fts_triggers:
            conn.execute(sql)
    conn.execute("PRAGMA journal_mode = WAL")  # as open_db leaves a real database
    conn.close()
    print(f"generated {path} in {time.perf_counter() - started:.0f}s", flush=True)
