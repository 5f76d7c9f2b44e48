"""The stages ``gatewatch`` chains: crawl → tag → publish. Each runs alone too."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils
from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from gatewatch.crawler.sources import load_sources
from gatewatch.db import store
from gatewatch.nlp.kb import load_kb
from gatewatch.nlp.tag import tag_records

TAG_BATCH = 256


def crawl(
    db_path: str | Path,
    sources_path: str | Path | None = None,
    source: str | None = None,
    overrides: dict[str, str] | None = None,
) -> None:
    """Run every spider family over the registry, writing to ``db_path``.

    ``overrides`` are Scrapy settings given on the command line (``-s NAME=VALUE``).
    Scrapy's reactor runs once per process, so call this at most once per process.
    """
    settings = Settings()
    settings.setmodule("gatewatch.crawler.settings", priority="project")
    settings.setdict(overrides or {}, priority="cmdline")
    settings.set("GATEWATCH_DB", str(db_path), priority="cmdline")
    if sources_path:
        settings.set("GATEWATCH_SOURCES", str(sources_path), priority="cmdline")
    # A broken registry must stop here with its message, not inside Scrapy's callbacks.
    load_sources(settings["GATEWATCH_SOURCES"], only=source)
    process = CrawlerProcess(settings)
    # The "registry" spider runs the feeds, listings and sitemaps families together (see
    # crawler/spiders/registry.py for why one spider and not three crawlers).
    process.crawl("registry", source=source)
    process.start()


def tag_database(db: sqlite_utils.Database) -> int:
    """Tag every article not tagged since it last changed; return how many were tagged."""
    store.sync_entities(db, load_kb().rows())
    tagged = 0
    while batch := list(store.untagged_articles(db, limit=TAG_BATCH)):
        with db.atomic():  # one commit per batch, not per article
            for result in tag_records(batch, batch_size=64):
                store.store_tags(db, result["id"], result)
                tagged += 1
    return tagged


def last_run_summary(db: sqlite_utils.Database) -> dict:
    run = next(db.query("select * from crawl_runs order by id desc limit 1"), {})
    return {**run, "articles_total": db["articles"].count}
