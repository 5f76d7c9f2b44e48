"""Scale-out on scrapy-redis: crawler processes share one scheduler queue in Redis, and one
writer process stores what they find, so SQLite never has two writers.

- Workers run the normal spiders with scrapy-redis's scheduler; one of them (``seed``)
  queues the registry's start requests, and any worker takes the next request from the
  shared queue. Instead of storing items they push them, as JSON, onto a Redis list.
- The writer pops that list and hands each item to the same ``RunWriter`` the single-process
  crawl uses; it finishes the run when every worker has said it is done.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import asdict
from typing import Any

import redis
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy_redis.connection import get_redis_from_settings

from gatewatch.crawler.items import ArticleItem, CrawlErrorItem, FeedStateItem, NotModifiedItem
from gatewatch.crawler.pipelines import Item, RunWriter

ITEM_TYPES = {cls.__name__: cls for cls in (ArticleItem, CrawlErrorItem, FeedStateItem, NotModifiedItem)}
DONE = "WorkerDone"
ITEMS_KEY = "gatewatch:items"
QUEUE_KEYS = ("registry:requests", "registry:dupefilter", ITEMS_KEY)
POP_SECONDS = 5


def worker_settings(redis_url: str, seed: bool) -> dict[str, Any]:
    """Scrapy settings that turn a crawl process into one worker of a shared crawl."""
    return {
        "SCHEDULER": "scrapy_redis.scheduler.Scheduler",
        # A worker that finishes must not flush the queue its peers are still reading.
        "SCHEDULER_PERSIST": True,
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "REDIS_URL": redis_url,
        "ITEM_PIPELINES": {"gatewatch.crawler.distributed.QueueItemsPipeline": 500},
        "EXTENSIONS": {"gatewatch.crawler.distributed.IdleGrace": 500, "gatewatch.crawler.progress.CrawlProgress": 500},
        "GATEWATCH_SEED": seed,
    }


def clear_queue(redis_url: str) -> None:
    """Start a shared crawl from an empty queue (a crashed run may have left requests)."""
    redis.Redis.from_url(redis_url).delete(*QUEUE_KEYS)


class QueueItemsPipeline:
    """A worker's pipeline: items go onto the Redis list for the writer."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.server = get_redis_from_settings(crawler.settings)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> QueueItemsPipeline:
        return cls(crawler)

    def process_item(self, item: Item) -> Item:
        self.server.rpush(ITEMS_KEY, json.dumps({"type": type(item).__name__, **asdict(item)}))
        return item

    def close_spider(self) -> None:
        stats = {k: v for k, v in self.crawler.stats.get_stats().items() if isinstance(v, int | float)}
        self.server.rpush(ITEMS_KEY, json.dumps({"type": DONE, "stats": stats}))


class IdleGrace:
    """Keep an idle worker alive for ``GATEWATCH_IDLE_GRACE`` seconds.

    A peer may still be parsing a feed whose article requests have not reached the shared
    queue yet; without the grace an idle worker would leave at once and the peer would end
    up doing the rest of the crawl alone.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.grace = crawler.settings.getfloat("GATEWATCH_IDLE_GRACE", 3.0)
        self.idle_since: float | None = None
        crawler.signals.connect(self.on_idle, signal=signals.spider_idle)
        crawler.signals.connect(self.on_activity, signal=signals.response_received)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IdleGrace:
        return cls(crawler)

    def on_activity(self, **kwargs: Any) -> None:
        self.idle_since = None

    def on_idle(self, **kwargs: Any) -> None:
        now = time.monotonic()
        self.idle_since = self.idle_since or now
        if now - self.idle_since < self.grace:
            raise DontCloseSpider


def drain(redis_url: str, writer: RunWriter, workers: int, patience: float = 600.0) -> list[int]:
    """Store every queued item until ``workers`` workers are done (or none spoke for
    ``patience`` s); return how many requests each worker made."""
    # Short blocking pops: a long one would outlast the client's own socket timeout.
    server = redis.Redis.from_url(redis_url, socket_timeout=POP_SECONDS + 10)
    per_worker: list[dict] = []
    reason = "finished"
    last_heard = time.monotonic()
    while len(per_worker) < workers:
        popped = server.blpop([ITEMS_KEY], timeout=POP_SECONDS)
        if popped is None:
            writer.commit()  # the workers are quiet: store what they sent so far
            if time.monotonic() - last_heard > patience:
                reason = "workers_silent"
                break
            continue
        last_heard = time.monotonic()
        payload = json.loads(popped[1])
        kind = payload.pop("type")
        if kind == DONE:
            per_worker.append(payload["stats"])
        else:
            writer.handle(ITEM_TYPES[kind](**payload))
    writer.finish(dict(sum((Counter(stats) for stats in per_worker), Counter())), reason)
    return [stats.get("downloader/request_count", 0) for stats in per_worker]
