"""Item pipeline: the crawl's single writer to SQLite."""

from __future__ import annotations

import json
import time
from collections import Counter, defaultdict

import sqlite_utils
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.utils.asyncio import create_looping_call

from gatewatch.crawler import settings as defaults
from gatewatch.crawler.items import ArticleItem, CrawlErrorItem, FeedStateItem, NotModifiedItem
from gatewatch.crawler.sources import Source
from gatewatch.db import store

# The crawl_runs columns a run always fills in, zero when nothing happened.
COUNTED = ("requests", "articles_new", "articles_updated", "articles_unchanged", "not_modified", "errors", "duplicates")
STATUS_STAT = "downloader/response_status_count/"
Item = ArticleItem | CrawlErrorItem | FeedStateItem | NotModifiedItem
# Problems that may go away by themselves; a page that met one must be fetched again.
TRANSIENT_KINDS = frozenset({"timeout", "dns", "connection_refused", "truncated", "fetch_failed", "http_408", "http_429"})


def is_transient(kind: str) -> bool:
    return kind in TRANSIENT_KINDS or (kind.startswith("http_5") and len(kind) == 8)


class RunWriter:
    """Everything one crawl run writes: articles, problems, source state, the run's counts.

    An article whose canonical URL or text was already stored earlier in the same run is a
    duplicate: it is recorded as a problem and dropped, and the first copy stays untouched.

    A source that met a transient problem (timeout, 429, 5xx …) forgets its feed's validators
    at the end of the run: otherwise the next run's 304 would hide the page that failed.

    Items are written in batches, one transaction per ``commit_items`` items or
    ``commit_seconds`` seconds, whichever comes first: a commit per article cost more than
    the article's own writes. A batch holds whole items only, so readers never see half an
    article, and ``commit`` (on a timer, on an error, at the end) keeps the rest.

    The Scrapy pipeline below drives one in-process; with several crawler processes
    (scrapy-redis) a single writer process drives one from the shared item queue, so SQLite
    always has exactly one writer.
    """

    def __init__(
        self, db: sqlite_utils.Database, sources: list[Source],
        commit_items: int = defaults.GATEWATCH_COMMIT_ITEMS, commit_seconds: float = defaults.GATEWATCH_COMMIT_SECONDS,
    ) -> None:
        self.db = db
        self.commit_items = commit_items
        self.commit_seconds = commit_seconds
        self.batch_size = 0
        self.batch_started = 0.0
        self.counts: Counter[str] = Counter(dict.fromkeys(COUNTED, 0))
        self.seen_urls: set[str] = set()
        self.seen_hashes: set[str] = set()
        self.to_refetch: set[str] = set()
        self.succeeded: set[str] = set()  # written once at the end, not per article
        self.per_source: defaultdict[str, Counter[str]] = defaultdict(Counter, {s.id: Counter() for s in sources})
        store.sync_sources(db, (s.row() for s in sources))
        self.started = time.monotonic()
        self.run_id = store.start_run(db)
        store.mark_attempted(db, [s.id for s in sources], store.utcnow())

    def handle(self, item: Item) -> bool:
        """Write one item; False when it was a duplicate and dropped."""
        if not self.db.conn.in_transaction:
            self.db.begin()
            self.batch_started = time.monotonic()
        try:
            kept = self._write(item)
        except BaseException:
            self.commit()  # keep the items before this one (its failed write rolled back to a savepoint)
            raise
        self.batch_size += 1
        if self.batch_size >= self.commit_items or time.monotonic() - self.batch_started >= self.commit_seconds:
            self.commit()
        return kept

    def commit(self) -> None:
        """Make every item handled so far durable and visible to readers."""
        self.db.commit()
        self.batch_size = 0

    def _write(self, item: Item) -> bool:
        tally = self.per_source[item.source_id]
        if isinstance(item, CrawlErrorItem):
            self._record(item)
            tally["duplicates" if item.kind == "duplicate" else "errors"] += 1
        elif isinstance(item, FeedStateItem):
            store.mark_source_success(self.db, item.source_id, etag=item.etag, last_modified=item.last_modified)
        elif isinstance(item, NotModifiedItem):
            self.counts["not_modified"] += 1
            self.counts["articles_unchanged"] += not item.is_feed
            tally["not_modified"] += 1
            tally["articles_unchanged"] += not item.is_feed
            self.succeeded.add(item.source_id)
        else:
            digest = store.content_hash(item.text)
            if item.canonical_url in self.seen_urls or digest in self.seen_hashes:
                self._record(CrawlErrorItem(item.source_id, item.url, "duplicate", f"same article as {item.canonical_url}"))
                tally["duplicates"] += 1
                return False
            self.seen_urls.add(item.canonical_url)
            self.seen_hashes.add(digest)
            # vars(), not asdict(): the fields are flat, and asdict deep-copies every one.
            outcome = store.store_article(self.db, dict(vars(item)), digest)
            self.counts[f"articles_{outcome}"] += 1
            tally[f"articles_{outcome}"] += 1
            self.succeeded.add(item.source_id)
        return True

    def finish(self, stats: dict, finish_reason: str = "finished") -> None:
        """Close the run with Scrapy's stats (summed over workers when the crawl was shared)."""
        self.commit()
        self.counts["requests"] = stats.get("downloader/request_count", 0)
        statuses = {key.removeprefix(STATUS_STAT): n for key, n in stats.items() if key.startswith(STATUS_STAT)}
        figures = {**self.counts, "status_counts": json.dumps(statuses, sort_keys=True),
                   "duration_seconds": round(time.monotonic() - self.started, 3)}
        status = "ok" if not self.counts["errors"] else "with_errors"
        store.finish_run(self.db, self.run_id, status if finish_reason == "finished" else finish_reason, figures)
        columns = ("articles_new", "articles_updated", "articles_unchanged", "not_modified", "duplicates", "errors")
        self.db["crawl_run_sources"].insert_all(
            {"run_id": self.run_id, "source_id": source_id, **{c: tally[c] for c in columns}}
            for source_id, tally in sorted(self.per_source.items())
        )
        for source_id in sorted(self.succeeded):
            store.mark_source_success(self.db, source_id)
        store.forget_validators(self.db, sorted(self.to_refetch))

    def _record(self, problem: CrawlErrorItem) -> None:
        self.counts["errors"] += 1
        self.counts["duplicates"] += problem.kind == "duplicate"
        if is_transient(problem.kind):
            self.to_refetch.add(problem.source_id)
        store.record_error(self.db, self.run_id, problem.source_id, problem.url, problem.kind, problem.message)


class StorePipeline:
    """The crawl's single writer to SQLite, inside the crawling process."""

    def __init__(self, crawler: Crawler) -> None:
        from twisted.internet import reactor  # the one Scrapy installed; importing earlier would pick another

        self.crawler = crawler
        self.reactor = reactor

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        settings = self.crawler.settings
        self.db = store.open_db(settings["GATEWATCH_DB"])
        self.writer = RunWriter(self.db, self.crawler.spider.sources,
                                settings.getint("GATEWATCH_COMMIT_ITEMS"), settings.getfloat("GATEWATCH_COMMIT_SECONDS"))
        # A slow crawl still commits every few seconds; a forced stop (a second Ctrl-C skips
        # close_spider) still keeps the items already handled.
        self.committer = create_looping_call(self.writer.commit)
        self.committer.start(self.writer.commit_seconds, now=False)
        self.on_shutdown = self.reactor.addSystemEventTrigger("before", "shutdown", self.writer.commit)

    def process_item(self, item: Item) -> Item:
        if not self.writer.handle(item):
            raise DropItem(f"duplicate of {item.canonical_url}")
        return item

    def close_spider(self) -> None:
        self.committer.stop()
        self.reactor.removeSystemEventTrigger(self.on_shutdown)
        stats = self.crawler.stats.get_stats()
        self.writer.finish(stats, stats.get("finish_reason", "finished"))
        self.db.close()
