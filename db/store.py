"""Every write Gatewatch makes to its SQLite file goes through here."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import re
from collections.abc import Iterable
from pathlib import Path

import sqlite_utils
from sqlite_utils.utils import sqlite3  # the module sqlite-utils uses (pysqlite3 if installed)

from gatewatch.db.migrations import migrate

WHITESPACE = re.compile(r"\s+")


def utcnow() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def open_db(path: str | Path) -> sqlite_utils.Database:
    """Open (creating and migrating if needed) a Gatewatch database.

    WAL lets Datasette read while a crawl writes; the busy timeout makes a writer wait for a
    reader's checkpoint instead of failing with "database is locked".
    """
    db = sqlite_utils.Database(path)
    db.execute("PRAGMA busy_timeout = 10000")
    db.enable_wal()
    # In WAL mode NORMAL still never corrupts the file; it only skips an fsync per commit.
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("PRAGMA foreign_keys = ON")
    migrate(db)
    return db


def open_readonly(path: str | Path) -> sqlite_utils.Database | None:
    """A read-only view of an existing database (None if there is none), for spiders."""
    if not Path(path).exists():
        return None
    return sqlite_utils.Database(sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True))


def http_validators(db: sqlite_utils.Database, source_ids: list[str]) -> tuple[dict, dict]:
    """(ETag, Last-Modified) per source (its feed) and per fetched article URL."""
    marks = ", ".join("?" * len(source_ids))
    feeds = {
        r["id"]: (r["etag"], r["last_modified"])
        for r in db.query(f"select id, etag, last_modified from sources where id in ({marks})", source_ids)
    }
    pages = {
        r["url"]: (r["etag"], r["last_modified"])
        for r in db.query(
            f"select url, etag, last_modified from articles where source_id in ({marks})"
            " and (etag is not null or last_modified is not null)",
            source_ids,
        )
    }
    return feeds, pages


def content_hash(text: str) -> str:
    """Hash of the text with white space folded, so re-wrapped copies count as the same."""
    return hashlib.sha256(WHITESPACE.sub(" ", text).strip().encode("utf-8")).hexdigest()


def sync_sources(db: sqlite_utils.Database, rows: Iterable[dict]) -> None:
    """Insert or refresh registry sources, keeping crawl state (ETag, last success …)."""
    for row in rows:
        db["sources"].upsert(row, pk="id")


def start_run(db: sqlite_utils.Database) -> int:
    return db["crawl_runs"].insert({"started": utcnow(), "status": "running"}).last_pk


def finish_run(db: sqlite_utils.Database, run_id: int, status: str, counts: dict[str, int]) -> None:
    db["crawl_runs"].update(run_id, {"finished": utcnow(), "status": status, **counts})


def record_error(
    db: sqlite_utils.Database, run_id: int | None, source_id: str, url: str, kind: str, message: str
) -> None:
    at = utcnow()
    with db.atomic():
        db["crawl_errors"].insert(
            {"run_id": run_id, "source_id": source_id, "url": url, "kind": kind, "message": message, "at": at}
        )
        db["sources"].update(source_id, {"last_error": f"{at} {kind}: {message}"[:500]})


def mark_source_success(db: sqlite_utils.Database, source_id: str, **validators: str | None) -> None:
    """Note a successful fetch; ``etag``/``last_modified`` given for a feed are kept for next time."""
    db["sources"].update(source_id, {"last_success": utcnow(), **validators})


def mark_attempted(db: sqlite_utils.Database, source_ids: list[str], at: str) -> None:
    with db.atomic():
        for source_id in source_ids:
            db["sources"].update(source_id, {"last_attempt": at})


def forget_validators(db: sqlite_utils.Database, source_ids: list[str]) -> None:
    """Make the next crawl fetch these sources' feeds in full (no conditional GET)."""
    with db.atomic():
        for source_id in source_ids:
            db["sources"].update(source_id, {"etag": None, "last_modified": None})


def store_article(db: sqlite_utils.Database, article: dict, digest: str | None = None) -> str:
    """Insert or update one article by canonical URL; return new, updated or unchanged.

    ``digest`` is the text's ``content_hash`` when the caller has it already. An update keeps
    the previous text in ``article_versions`` and clears the tags, so the next ``tag`` run
    reads the new text.
    """
    digest = digest or content_hash(article["text"])
    existing = next(
        db.query(
            "select id, title, text, fetched_at, content_hash from articles where canonical_url = ?",
            [article["canonical_url"]],
        ),
        None,
    )
    if existing and existing["content_hash"] == digest:
        # Same text: keep the row, but remember the server's latest validators.
        db["articles"].update(existing["id"], {"etag": article.get("etag"), "last_modified": article.get("last_modified")})
        return "unchanged"
    row = {**article, "content_hash": digest, "tagged_at": None, "export_id": None}
    with db.atomic():
        if existing is None:
            db["articles"].insert(row)
            return "new"
        db["article_versions"].insert(
            {
                "article_id": existing["id"],
                "fetched_at": existing["fetched_at"],
                "title": existing["title"],
                "text": existing["text"],
                "content_hash": existing["content_hash"],
            }
        )
        db["articles"].update(existing["id"], row)
    return "updated"


def sync_entities(db: sqlite_utils.Database, rows: Iterable[dict]) -> None:
    """Upsert knowledge-base entities; parents must come before their children."""
    with db.atomic():
        db["entities"].upsert_all(rows, pk="id")


def untagged_articles(db: sqlite_utils.Database, limit: int) -> Iterable[dict]:
    return db.query(
        "select id, title, text, language, published from articles where tagged_at is null order by id limit ?",
        [limit],
    )


def store_tags(db: sqlite_utils.Database, article_id: int, tags: dict) -> None:
    """Replace an article's tags, evidence and fines in one transaction."""
    mentions = [
        {"article_id": article_id, "entity_id": m["entity_id"], "surface": m["surface"], "start": m["start"], "end": m["end"]}
        for m in tags["mentions"]
        if m["family"] != "place"  # places only inform jurisdictions; they are not entities
    ]
    as_json = functools.partial(json.dumps, ensure_ascii=False)
    with db.atomic():
        db["article_entities"].delete_where("article_id = ?", [article_id])
        db["article_entities"].insert_all(mentions, pk=("article_id", "entity_id", "start"), ignore=True)
        db["fines"].delete_where("article_id = ?", [article_id])
        # Re-tagged coverage is clustered again: its old event is recomputed without it.
        db["event_articles"].delete_where("article_id = ?", [article_id])
        db["fines"].insert_all({"article_id": article_id, **fine} for fine in tags["fines"])
        db["articles"].update(
            article_id,
            {
                "companies": as_json(tags["groups"]),
                "mentioned": as_json(sorted({c["name"] for c in tags["companies"]})),
                "relevant": int(tags["relevant"]),
                "regulators": as_json([r["name"] for r in tags["regulators"]]),
                "jurisdictions": as_json(tags["jurisdictions"]),
                "event_types": as_json(tags["event_types"]),
                "event_date": tags["event_date"],
                "tagged_at": utcnow(),
            },
        )
