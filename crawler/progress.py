"""What an interactive crawl shows: live counts while it runs, a table per source at the end.

Enabled by ``GATEWATCH_PROGRESS`` (``auto``: only when stderr is a terminal, so cron and CI
logs stay clean; ``on``; ``off``). Counts come from Scrapy's signals, so they describe this
run whether items are stored here or queued for a scale-out writer.
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from typing import Any

from rich.console import Console
from rich.live import Live
from rich.table import Table
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from gatewatch.crawler.items import ArticleItem, CrawlErrorItem, NotModifiedItem

COLUMNS = ("pages", "articles", "not modified", "problems")


class CrawlProgress:
    def __init__(self, crawler: Crawler, console: Console) -> None:
        self.crawler = crawler
        self.console = console
        self.per_source: dict[str, Counter[str]] = defaultdict(Counter)
        self.live = Live(self._summary_line(), console=console, refresh_per_second=4, transient=True)
        crawler.signals.connect(self.opened, signal=signals.spider_opened)
        crawler.signals.connect(self.response, signal=signals.response_received)
        crawler.signals.connect(self.item, signal=signals.item_scraped)
        crawler.signals.connect(self.closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlProgress:
        mode = crawler.settings.get("GATEWATCH_PROGRESS", "auto")
        if mode == "off" or (mode == "auto" and not sys.stderr.isatty()):
            raise NotConfigured
        return cls(crawler, Console(stderr=True, force_terminal=mode == "on" or None))

    def opened(self, spider: Any) -> None:
        self.live.start()

    def response(self, response: Any, request: Any, spider: Any) -> None:
        source = request.cb_kwargs.get("source")
        if source is not None:
            self.per_source[source.id]["pages"] += 1
        self.live.update(self._summary_line())

    def item(self, item: Any, spider: Any) -> None:
        key = {ArticleItem: "articles", NotModifiedItem: "not modified", CrawlErrorItem: "problems"}.get(type(item))
        if key:
            self.per_source[item.source_id][key] += 1
            self.live.update(self._summary_line())

    def closed(self, spider: Any, reason: str) -> None:
        self.live.stop()
        table = Table(title=f"Crawl finished ({reason})")
        table.add_column("source")
        for column in COLUMNS:
            table.add_column(column, justify="right")
        for source_id in sorted(self.per_source):
            table.add_row(source_id, *(str(self.per_source[source_id][c]) for c in COLUMNS))
        totals = sum(self.per_source.values(), Counter())
        table.add_row("all sources", *(str(totals[c]) for c in COLUMNS), style="bold")
        self.console.print(table)

    def _summary_line(self) -> str:
        totals = sum(self.per_source.values(), Counter())
        total_sources = len(getattr(self.crawler.spider, "sources", []) or [])
        return (
            f"sources {len(self.per_source)}/{total_sources} · pages {totals['pages']} · "
            f"new or changed articles {totals['articles']} · problems {totals['problems']}"
        )
