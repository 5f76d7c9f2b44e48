"""Versioned schema migrations.

Each migration is a function registered with ``@migration(version)``; ``migrate`` applies the
ones a database has not seen, in order, and records each in the ``migrations`` table, so running
it again is a no-op. Never edit a migration that has shipped: add a new one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import sqlite_utils

Migration = Callable[[sqlite_utils.Database], None]
MIGRATIONS: dict[int, Migration] = {}


def migration(version: int) -> Callable[[Migration], Migration]:
    def register(fn: Migration) -> Migration:
        if version in MIGRATIONS:
            raise ValueError(f"migration {version} is defined twice")
        MIGRATIONS[version] = fn
        return fn

    return register


@migration(1)
def create_core_tables(db: sqlite_utils.Database) -> None:
    db["sources"].create(
        {
            "id": str,
            "name": str,
            "url": str,
            "kind": str,
            "language": str,
            "jurisdiction": str,
            "tier": str,
            "interval_minutes": int,
            "etag": str,
            "last_modified": str,
            "last_success": str,
            "last_error": str,
        },
        pk="id",
    )
    db["articles"].create(
        {
            "id": int,
            "canonical_url": str,
            "url": str,
            "source_id": str,
            "title": str,
            "text": str,
            "language": str,
            "published": str,
            "published_raw": str,
            "fetched_at": str,
            "content_hash": str,
            "companies": str,  # JSON array of top-level companies (parents rolled up), for facets
            "mentioned": str,  # JSON array of every entity named, before roll-up
            "tagged_at": str,
        },
        pk="id",
        foreign_keys=[("source_id", "sources", "id")],
        not_null={"canonical_url", "url", "text", "fetched_at", "content_hash"},
    )
    db["articles"].create_index(["canonical_url"], unique=True)
    db["articles"].create_index(["content_hash"])
    db["articles"].create_index(["published"])
    db["articles"].enable_fts(["title", "text"], create_triggers=True, tokenize="unicode61")
    db["article_versions"].create(
        {
            "id": int,
            "article_id": int,
            "fetched_at": str,
            "title": str,
            "text": str,
            "content_hash": str,
        },
        pk="id",
        foreign_keys=[("article_id", "articles", "id")],
    )
    db["entities"].create(
        {
            "id": str,
            "name": str,
            "kind": str,
            "wikidata": str,
            "parent_id": str,
            "jurisdiction": str,
        },
        pk="id",
        foreign_keys=[("parent_id", "entities", "id")],
    )
    db["article_entities"].create(
        {
            "article_id": int,
            "entity_id": str,
            "surface": str,
            "start": int,
            "end": int,
        },
        pk=("article_id", "entity_id", "start"),
        foreign_keys=[("article_id", "articles", "id"), ("entity_id", "entities", "id")],
    )
    db["article_entities"].create_index(["entity_id"])
    db["crawl_runs"].create(
        {
            "id": int,
            "started": str,
            "finished": str,
            "status": str,
            "requests": int,
            "articles_new": int,
            "articles_updated": int,
            "articles_unchanged": int,
            "errors": int,
        },
        pk="id",
    )
    db["crawl_errors"].create(
        {
            "id": int,
            "run_id": int,
            "source_id": str,
            "url": str,
            "kind": str,
            "message": str,
            "at": str,
        },
        pk="id",
        foreign_keys=[("run_id", "crawl_runs", "id"), ("source_id", "sources", "id")],
    )
    db["crawl_errors"].create_index(["source_id", "kind"])


@migration(2)
def add_http_validators(db: sqlite_utils.Database) -> None:
    """Per-article ETag/Last-Modified for conditional GETs, and a count of 304 answers."""
    db["articles"].add_column("etag", str)
    db["articles"].add_column("last_modified", str)
    db["articles"].create_index(["url"])
    db["crawl_runs"].add_column("not_modified", int)


@migration(3)
def add_event_tags(db: sqlite_utils.Database) -> None:
    """What the tagger says an article reports: relevance, regulators, where, what kind,
    when, and the fines it names (with the text they were written as)."""
    for column, kind in [("relevant", int), ("regulators", str), ("jurisdictions", str), ("event_types", str),
                         ("event_date", str)]:
        db["articles"].add_column(column, kind)
    db["fines"].create(
        {"id": int, "article_id": int, "amount": float, "currency": str, "text": str},
        pk="id",
        foreign_keys=[("article_id", "articles", "id")],
    )
    db["fines"].create_index(["article_id"])


@migration(4)
def add_scheduling(db: sqlite_utils.Database) -> None:
    """When each source was last tried (for per-source intervals), the export log, and which
    export last carried each article (null: new or changed since, so due in the next one)."""
    db["sources"].add_column("last_attempt", str)
    db["exports"].create({"id": int, "at": str, "path": str, "articles": int}, pk="id")
    db["articles"].add_column("export_id", int)


@migration(5)
def add_article_alerts_view(db: sqlite_utils.Database) -> None:
    """Articles shaped as Atom entries (datasette-atom's columns), for the alert queries."""
    db.create_view(
        "article_alerts",
        """
        select id, 'tag:gatewatch,2024:article-' || id as atom_id, title as atom_title,
          case when length(coalesce(published, fetched_at)) = 10 then coalesce(published, fetched_at) || 'T00:00:00Z'
               else coalesce(published, fetched_at) end as atom_updated,
          substr(text, 1, 600) as atom_content, canonical_url as atom_link,
          relevant, companies, mentioned, regulators, event_types
        from articles
        """,
    )


@migration(6)
def create_events(db: sqlite_utils.Database) -> None:
    """Real-world actions grouped from the coverage, and which articles report each."""
    db["events"].create(
        {
            "id": str, "title": str, "event_type": str, "jurisdiction": str, "decision_date": str,
            "date_precision": str, "first_reported": str, "year": int, "month": str, "fine_amount": float,
            "fine_currency": str, "companies": str, "regulators": str, "case_ids": str, "articles": int,
            "primary_url": str,
        },
        pk="id",
    )
    db["events"].create_index(["decision_date"])
    db["event_articles"].create(
        {"event_id": str, "article_id": int},
        pk=("event_id", "article_id"),
        foreign_keys=[("event_id", "events", "id"), ("article_id", "articles", "id")],
    )
    db["event_articles"].create_index(["article_id"])


@migration(7)
def add_run_figures(db: sqlite_utils.Database) -> None:
    """Per-run health: duration, HTTP status counts, duplicates."""
    db["crawl_runs"].add_column("duration_seconds", float)
    db["crawl_runs"].add_column("status_counts", str)  # JSON {"200": 41, "304": 3, …}
    db["crawl_runs"].add_column("duplicates", int)


@migration(8)
def add_run_sources(db: sqlite_utils.Database) -> None:
    """Per run and per source: what each source yielded in that run."""
    db["crawl_run_sources"].create(
        {"run_id": int, "source_id": str, "articles_new": int, "articles_updated": int, "articles_unchanged": int,
         "not_modified": int, "duplicates": int, "errors": int},
        pk=("run_id", "source_id"),
        foreign_keys=[("run_id", "crawl_runs", "id"), ("source_id", "sources", "id")],
    )


@migration(9)
def add_event_details(db: sqlite_utils.Database) -> None:
    """Events for a newsroom: fines in euros with the sentence they came from, the main
    company, case threads, the keys incremental clustering looks events up by, and the
    history of every change to an event."""
    for column, kind in [("company", str), ("regime", str), ("effective_date", str), ("fine_eur", float),
                         ("fx_rate", float), ("fx_month", str), ("fine_text", str), ("fine_sentence", str),
                         ("fine_turnover_pct", float), ("case_id", str)]:
        db["events"].add_column(column, kind)
    db["events"].create_index(["case_id"])
    # A conclusion looks up the latest matter its authority opened against the same company.
    db.execute("create index idx_events_company_type_date on events"
               " (company, event_type, coalesce(decision_date, first_reported))")
    db["event_keys"].create({"key": str, "event_id": str}, pk=("key", "event_id"))
    db["event_keys"].create_index(["event_id"])
    db["case_keys"].create({"key": str, "event_id": str}, pk=("key", "event_id"))
    db["case_keys"].create_index(["event_id"])
    db["cases"].create(
        {"id": str, "title": str, "jurisdiction": str, "company": str, "product": str, "regulators": str,
         "case_ids": str, "opened": str, "last_action": str, "last_event_type": str, "events": int, "stages": str},
        pk="id",
    )
    db["cases"].create_index(["last_action"])
    db["event_history"].create(
        {"id": int, "event_id": str, "field": str, "old_value": str, "new_value": str, "changed_at": str, "reason": str},
        pk="id",
    )
    db["event_history"].create_index(["event_id"])
    # Each event's running tallies, so the clusterer compares and loads an event as one row.
    db["event_state"].create({"event_id": str, "state": str, "sketches": bytes}, pk="event_id")


# The dates an article lookup is ordered by: (column, SQL over the article ``{row}``, the article
# columns it reads, whose update re-files the article).
TIMELINE_DATE = ("sort_date", "coalesce({row}.event_date, {row}.published)", ("event_date", "published"))
# Atom feeds list the newest published first (article_alerts.atom_updated less its added midnight).
FEED_DATE = ("updated", "coalesce({row}.published, {row}.fetched_at)", ("published", "fetched_at"))
Date = tuple[str, str, tuple[str, ...]]


def article_lookup(db: sqlite_utils.Database, table: str, key: str, arrays: tuple[str, ...],
                   dates: tuple[Date, ...]) -> None:
    """``table`` (key, article_id, *dates): every value an article's JSON ``arrays`` name, filled
    from the articles and kept by triggers, so that a page or feed for one value reads an index
    range (key, date) newest first instead of parsing JSON in every article."""
    columns = ", ".join(name for name, _, _ in dates)
    # ``{row}`` is the table (to fill it) or a trigger's ``new`` row.
    select = " union ".join(
        f"select value, {{row}}.id, {', '.join(sql for _, sql, _ in dates)}"
        f" from {{source}}json_each(case when json_valid({{row}}.{array}) then {{row}}.{array} end)"
        for array in arrays
    )
    db[table].create({key: str, "article_id": int, **{name: str for name, _, _ in dates}},
                     foreign_keys=[("article_id", "articles", "id")], if_not_exists=True)
    insert = f"insert into {table} ({key}, article_id, {columns}) "
    db.execute(f"delete from {table}")  # so that running it again rebuilds rather than doubles
    db.execute(insert + select.format(row="articles", source="articles, "))
    for name, _, _ in dates:
        db[table].create_index([key, name, "article_id"], if_not_exists=True)
    db[table].create_index(["article_id"], if_not_exists=True)
    insert += select.format(row="new", source="")
    forget = f"delete from {table} where article_id = old.id"
    watched = ", ".join(dict.fromkeys([*arrays, *(column for _, _, read in dates for column in read)]))
    for trigger in (  # one statement each: executescript would commit the migration's transaction
        f"create trigger if not exists {table}_ai after insert on articles begin {insert}; end",
        f"create trigger if not exists {table}_au after update of {watched} on articles begin {forget}; {insert}; end",
        f"create trigger if not exists {table}_ad after delete on articles begin {forget}; end",
    ):
        db.execute(trigger)


@migration(10)
def add_publish_indexes(db: sqlite_utils.Database) -> None:
    """What the public pages need at a million articles and 100k events (bench/publish_scale.py).

    The company page parsed two JSON arrays in every article (past the 3 s limit at 1M rows):
    ``article_companies``, with each article's timeline date, makes it one index range, newest
    first. The events indexes serve the facets journalists combine (kind of action, place),
    the timeline's newest-first order and the /timeline chart's counts per month and kind.
    """
    article_lookup(db, "article_companies", "company", ("companies", "mentioned"), (TIMELINE_DATE,))
    db["events"].create_index(["event_type", "jurisdiction", "decision_date"], if_not_exists=True)
    db["events"].create_index(["jurisdiction", "decision_date"], if_not_exists=True)
    db["events"].create_index(["month", "event_type"], if_not_exists=True)
    db.execute("create index if not exists idx_events_timeline_date on events (coalesce(decision_date, first_reported))")



@migration(11)
def add_feed_lookups(db: sqlite_utils.Database) -> None:
    """The regulator page and the regulator and kind-of-action Atom feeds parsed a JSON array in
    every article (seconds at 1M rows): ``article_regulators`` and ``article_event_types`` make
    each one index range. Feeds list the newest published first, so each lookup also keeps that
    date, ``article_companies`` too: the company feed no longer sorts all of a company's articles.
    """
    db["article_companies"].add_column("updated", str)
    for trigger in ("ai", "au", "ad"):  # recreated below to fill the new column
        db.execute(f"drop trigger article_companies_{trigger}")
    article_lookup(db, "article_companies", "company", ("companies", "mentioned"), (TIMELINE_DATE, FEED_DATE))
    article_lookup(db, "article_regulators", "regulator", ("regulators",), (TIMELINE_DATE, FEED_DATE))
    article_lookup(db, "article_event_types", "event_type", ("event_types",), (FEED_DATE,))


@migration(12)
def add_event_search(db: sqlite_utils.Database) -> None:
    """Events searchable by their title, companies, regulators and the sentence stating their fine,
    ranked by bm25 in the ``search_events`` query; triggers follow every event update."""
    db["events"].enable_fts(["title", "companies", "regulators", "fine_sentence"], create_triggers=True,
                            tokenize="unicode61")


def migrate(db: sqlite_utils.Database) -> list[int]:
    """Apply pending migrations; return the versions applied (empty when up to date)."""
    db["migrations"].create(
        {"version": int, "name": str, "applied_at": str}, pk="version", if_not_exists=True
    )
    done = {row["version"] for row in db["migrations"].rows}
    applied = []
    for version in sorted(MIGRATIONS):
        if version in done:
            continue
        fn = MIGRATIONS[version]
        with db.atomic():  # a migration and its record land together, or neither does
            fn(db)
            db["migrations"].insert(
                {
                    "version": version,
                    "name": fn.__name__,
                    "applied_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                }
            )
        applied.append(version)
    return applied
