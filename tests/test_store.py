"""Schema migrations and the store's write rules, on a real SQLite file."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils
from sqlite_utils.utils import sqlite3

from gatewatch.crawler.items import ArticleItem, CrawlErrorItem
from gatewatch.crawler.pipelines import RunWriter
from gatewatch.crawler.sources import Source
from gatewatch.crawler.urls import canonical_url
from gatewatch.db import store
from gatewatch.db.migrations import MIGRATIONS, migrate

ARTICLE = {
    "source_id": "src", "url": "https://news.example/a?utm_source=x", "canonical_url": "https://news.example/a",
    "title": "Headline", "text": "First version of the story.", "language": "en", "published": "2024-03-04",
    "published_raw": "4 March 2024", "fetched_at": "2024-03-04T10:00:00Z",
}


def open_with_source(tmp_path: Path) -> sqlite_utils.Database:
    db = store.open_db(tmp_path / "gatewatch.db")
    store.sync_sources(db, [{"id": "src", "name": "Source", "url": "https://news.example/feed", "kind": "feed",
                             "language": "en", "jurisdiction": None, "tier": "major", "interval_minutes": 60}])
    return db


def test_migrations_create_the_schema_once(tmp_path: Path) -> None:
    db = store.open_db(tmp_path / "gatewatch.db")
    assert {"sources", "articles", "article_versions", "entities", "article_entities", "crawl_runs",
            "crawl_errors", "articles_fts"} <= set(db.table_names())
    assert [r["version"] for r in db["migrations"].rows] == sorted(MIGRATIONS)
    assert migrate(db) == []
    assert db.execute("pragma journal_mode").fetchone()[0] == "wal"
    assert db.execute("pragma foreign_keys").fetchone()[0] == 1


def test_store_article_new_unchanged_updated(tmp_path: Path) -> None:
    db = open_with_source(tmp_path)
    assert store.store_article(db, ARTICLE) == "new"
    assert store.store_article(db, {**ARTICLE, "text": "First  version of the\nstory."}) == "unchanged"
    assert store.store_article(db, {**ARTICLE, "text": "Second version.", "fetched_at": "2024-03-05T10:00:00Z"}) == "updated"
    row = db["articles"].get(1)
    assert row["text"] == "Second version." and row["tagged_at"] is None
    versions = list(db["article_versions"].rows)
    assert [(v["text"], v["fetched_at"]) for v in versions] == [("First version of the story.", "2024-03-04T10:00:00Z")]


def test_full_text_search_follows_updates(tmp_path: Path) -> None:
    db = open_with_source(tmp_path)
    store.store_article(db, ARTICLE)
    store.store_article(db, {**ARTICLE, "text": "Interoperability ordered."})
    assert [r["id"] for r in db["articles"].search("interoperability")] == [1]
    assert list(db["articles"].search("first")) == []


def test_errors_are_recorded_against_their_source(tmp_path: Path) -> None:
    db = open_with_source(tmp_path)
    run_id = store.start_run(db)
    store.record_error(db, run_id, "src", "https://news.example/feed", "http_503", "Service Unavailable")
    assert db["crawl_errors"].get(1)["kind"] == "http_503"
    assert "http_503" in db["sources"].get("src")["last_error"]


def test_canonical_url_strips_tracking_and_fragments() -> None:
    assert canonical_url("https://News.example/a?utm_source=rss&id=7&fbclid=x#comments") == "https://news.example/a?id=7"
    assert canonical_url("https://news.example/a?id=7", declared="https://news.example/story/7") == "https://news.example/story/7"
    assert canonical_url("https://news.example/a", declared="https://other.example/b") == "https://news.example/a"


TAGS = {"mentions": [], "fines": [], "groups": ["Tencent"], "relevant": True, "regulators": [{"name": "SAMR"}],
        "companies": [{"name": "WeChat Pay"}, {"name": "Tencent"}], "jurisdictions": ["CN"],
        "event_types": ["fine", "ruling"], "event_date": None}
# Each lookup with the article and its dates: timeline (action date, else published), feed (published).
LOOKUPS = {
    "article_companies": "select company, article_id, sort_date, updated from article_companies order by company",
    "article_regulators": "select regulator, article_id, sort_date, updated from article_regulators",
    "article_event_types": "select event_type, article_id, updated from article_event_types order by event_type",
}


def lookups(db: sqlite_utils.Database) -> dict[str, list[tuple]]:
    return {table: db.execute(sql).fetchall() for table, sql in LOOKUPS.items()}


def test_lookups_follow_the_articles(tmp_path: Path) -> None:
    db = open_with_source(tmp_path)
    store.store_article(db, ARTICLE)
    store.store_tags(db, 1, TAGS)
    day = "2024-03-04"
    assert lookups(db) == {
        "article_companies": [("Tencent", 1, day, day), ("WeChat Pay", 1, day, day)],
        "article_regulators": [("SAMR", 1, day, day)],
        "article_event_types": [("fine", 1, day), ("ruling", 1, day)],
    }
    # Re-tagged with the action's date: the timeline date moves, the feed keeps the publication's.
    store.store_tags(db, 1, {**TAGS, "groups": ["Alibaba"], "companies": [{"name": "Alibaba"}], "event_date": "2021-04-10",
                             "regulators": [{"name": "European Commission"}], "event_types": ["designation"]})
    assert lookups(db) == {
        "article_companies": [("Alibaba", 1, "2021-04-10", day)],
        "article_regulators": [("European Commission", 1, "2021-04-10", day)],
        "article_event_types": [("designation", 1, day)],
    }
    db["articles"].update(1, {"published": None})  # a feed falls back on when it was fetched
    assert lookups(db)["article_event_types"] == [("designation", 1, ARTICLE["fetched_at"])]
    db["articles"].delete(1)
    assert lookups(db) == {table: [] for table in LOOKUPS}


def test_feed_lookups_migration_fills_them_from_existing_articles(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delitem(MIGRATIONS, 11)
    db = open_with_source(tmp_path)
    store.store_article(db, ARTICLE)
    store.store_tags(db, 1, TAGS)
    monkeypatch.undo()
    assert migrate(db) == [11]
    assert lookups(db)["article_regulators"] == [("SAMR", 1, "2024-03-04", "2024-03-04")]
    store.store_tags(db, 1, {**TAGS, "groups": ["Alibaba"], "companies": [{"name": "Alibaba"}]})
    assert lookups(db)["article_companies"] == [("Alibaba", 1, "2024-03-04", "2024-03-04")], "triggers recreated"


def test_crawl_writes_are_batched_and_an_error_keeps_the_batch(tmp_path: Path) -> None:
    db = store.open_db(tmp_path / "gatewatch.db")
    source = Source("src", "Source", "https://news.example/feed", "feed", "en", None, "major")
    writer = RunWriter(db, [source], commit_items=3, commit_seconds=3600)
    reader = sqlite_utils.Database(tmp_path / "gatewatch.db")

    def article(n: int, canonical: str | None = "") -> ArticleItem:
        url = f"https://news.example/{n}"
        return ArticleItem("src", url, url if canonical == "" else canonical, f"Story {n}", f"Story number {n}.", "en",
                           None, None, "2024-03-04T10:00:00Z")

    writer.handle(article(1))
    writer.handle(CrawlErrorItem("src", "https://news.example/x", "no_text", "no article text"))
    assert reader["articles"].count == 0 and reader["crawl_errors"].count == 0, "nothing committed before the batch is full"
    writer.handle(article(2))
    assert reader["articles"].count == 2 and reader["crawl_errors"].count == 1
    writer.handle(article(3))
    with pytest.raises(sqlite3.IntegrityError):
        writer.handle(article(4, canonical=None))  # canonical_url is NOT NULL
    assert [r["title"] for r in reader.query("select title from articles order by id")] == ["Story 1", "Story 2", "Story 3"]
    writer.handle(article(5))
    writer.finish({})
    assert reader["articles"].count == 4, "finishing the run commits the open batch"
