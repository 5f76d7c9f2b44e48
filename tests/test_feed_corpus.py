"""Every feed in ../shared/corpus/feeds goes through the feed spider without an exception.

The corpus is feedparser's own well-formed and ill-formed test feeds plus real news feeds
(others' files, read from ../shared, never copied here). Each is served from loopback with
the HTTP headers its test expects; items link to other hosts, which the loopback-only guard
refuses and records.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import sqlite_utils
import yaml

from gatewatch.crawler.archive import serve_directory
from helpers import LOOPBACK_ONLY, gatewatch


def corpus_feeds(feeds_dir: Path) -> dict[str, dict]:
    """{relative path: manifest entry} for every feed file in the corpus."""
    manifest = json.loads((feeds_dir / "feedparser-manifest.json").read_text(encoding="utf-8"))
    manifest |= json.loads((feeds_dir / "rss-parser-manifest.json").read_text(encoding="utf-8"))
    return {path: entry for path, entry in manifest.items() if (feeds_dir / path).is_file()}


def source_id(path: str) -> str:
    return "corpus-" + re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-")


@pytest.fixture(scope="module")
def corpus_crawl(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    feeds_dir = shared_dir / "corpus" / "feeds"
    feeds = corpus_feeds(feeds_dir)
    tmp = tmp_path_factory.mktemp("corpus")
    headers = {
        f"/{path}": dict(line.split(": ", 1) for line in entry.get("http_headers") or [])
        for path, entry in feeds.items()
    }
    with serve_directory(feeds_dir, headers=headers) as base_url:
        sources = [
            {"id": source_id(path), "name": path, "url": f"{base_url}/{path}", "kind": "feed",
             "language": "en", "jurisdiction": None, "tier": "trade"}
            for path in feeds
        ]
        registry = tmp / "sources.yaml"
        registry.write_text(yaml.safe_dump({"sources": sources}), encoding="utf-8")
        result = gatewatch("crawl", "--sources", str(registry), "--db", str(tmp / "gatewatch.db"), *LOOPBACK_ONLY)
    return {"feeds": feeds, "db": sqlite_utils.Database(tmp / "gatewatch.db"), "log": result.stderr}


def test_no_exception_escapes_the_feed_code_path(corpus_crawl: dict) -> None:
    assert len(corpus_crawl["feeds"]) >= 60
    assert "Spider error processing" not in corpus_crawl["log"]
    assert "Traceback" not in corpus_crawl["log"]
    assert "'spider_exceptions" not in corpus_crawl["log"]


def test_every_feed_was_read_or_its_problem_recorded(corpus_crawl: dict) -> None:
    db = corpus_crawl["db"]
    feed_errors = {
        r["source_id"]: r["kind"]
        for r in db.query("select source_id, kind from crawl_errors where kind like 'feed_%'")
    }
    for path, entry in corpus_crawl["feeds"].items():
        expect = entry.get("expect", "")
        flagged = feed_errors.get(source_id(path))
        if re.match(r"bozo\b", expect):  # feedparser's own test says the feed is ill-formed
            assert flagged in {"feed_illformed", "feed_malformed"}, path
        elif expect.startswith("not bozo") or entry.get("xml_wellformed_per_expat"):
            assert flagged is None, f"{path}: {flagged}"
