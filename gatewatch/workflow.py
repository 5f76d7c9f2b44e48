"""The stages ``gatewatch`` chains: crawl → tag → publish. Each runs alone too."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils
from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from gatewatch.crawler.sources import load_sources
from gatewatch.db import store
from gatewatch.logs import json_logs
from gatewatch.nlp.kb import load_kb

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
    if json_logs():  # logging is already set up as JSON lines; Scrapy must not add its handler
        settings.set("LOG_INSTALL_ROOT_HANDLER", False, priority="cmdline")
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


def crawl_distributed(
    db_path: str | Path, sources_path: str | Path | None, redis_url: str, workers: int, overrides: dict[str, str]
) -> list[int]:
    """One crawl split over ``workers`` processes through Redis, stored by this process
    alone; returns the number of requests each worker made."""
    import subprocess
    import sys

    from gatewatch.crawler.distributed import clear_queue, drain
    from gatewatch.crawler.pipelines import RunWriter
    from gatewatch.crawler.settings import GATEWATCH_SOURCES

    registry = str(sources_path or GATEWATCH_SOURCES)
    sources = load_sources(registry)
    clear_queue(redis_url)
    db = store.open_db(db_path)  # created and migrated before any worker reads it
    writer = RunWriter(db, sources)
    settings = [part for name, value in overrides.items() for part in ("-s", f"{name}={value}")]
    processes = [
        subprocess.Popen([
            sys.executable, "-m", "gatewatch", "crawl-worker", "--redis", redis_url, "--db", str(db_path),
            "--sources", registry, *(["--seed"] if number == 0 else []), *settings,
        ])
        for number in range(workers)
    ]
    try:
        return drain(redis_url, writer, workers)
    finally:
        for process in processes:
            process.wait()
        db.close()


def crawl_worker(db_path: str | Path, sources_path: str | Path | None, redis_url: str, seed: bool,
                 overrides: dict[str, str]) -> None:
    """Run as one worker of a shared crawl (see ``crawl_distributed``)."""
    from gatewatch.crawler.distributed import worker_settings

    crawl(db_path, sources_path, None, {**overrides, **worker_settings(redis_url, seed)})


def tag_database(db: sqlite_utils.Database, processes: int = 1) -> int:
    """Tag every article not tagged since it last changed, in ``processes`` worker processes;
    return how many were tagged."""
    from gatewatch.nlp.tag import tag_records  # spaCy loads in ~1 s: only the commands that tag pay for it

    store.sync_entities(db, load_kb().rows())
    tagged = 0
    while batch := list(store.untagged_articles(db, limit=TAG_BATCH)):
        with db.atomic():  # one commit per batch, not per article
            for result in tag_records(batch, batch_size=64, processes=processes):
                store.store_tags(db, result["id"], result)
                tagged += 1
    return tagged


def last_run_summary(db: sqlite_utils.Database) -> dict:
    run = next(db.query("select * from crawl_runs order by id desc limit 1"), {})
    return {**run, "articles_total": db["articles"].count}
