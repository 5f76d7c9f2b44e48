"""The feed family: RSS 0.9x/1.0/2.0 and Atom, read with feedparser."""

from __future__ import annotations

from collections.abc import Iterator

import feedparser
from scrapy.http import Request, Response

from gatewatch.crawler.extract import feed_date
from gatewatch.crawler.items import CrawlErrorItem, FeedStateItem, NotModifiedItem
from gatewatch.crawler.sources import Source
from gatewatch.crawler.spiders.base import SourceSpider


class FeedSpider(SourceSpider):
    """Fetch each feed in the registry, then every item's page.

    Example: scrapy crawl feeds -a source=ec-presscorner -s GATEWATCH_DB=gatewatch.db
    """

    name = "feeds"
    kinds = ("feed",)

    def start_requests_for(self, source: Source) -> Iterator[Request]:
        yield self.index_request(source, self.parse_feed)

    def parse_feed(
        self, response: Response, source: Source
    ) -> Iterator[Request | CrawlErrorItem | FeedStateItem | NotModifiedItem]:
        if unchanged := self.index_unchanged(response, source):
            yield unchanged
            return
        # feedparser sniffs the encoding itself; the HTTP Content-Type is part of its evidence.
        headers = {"content-type": response.headers.get("Content-Type", b"").decode("latin-1")}
        feed = feedparser.parse(response.body, response_headers=headers)
        if feed.bozo and not feed.entries:
            yield CrawlErrorItem(source.id, response.url, "feed_malformed", f"not a feed: {feed.bozo_exception}")
            return
        yield self.index_state(response, source)
        if feed.bozo:
            yield CrawlErrorItem(source.id, response.url, "feed_illformed", f"read leniently: {feed.bozo_exception}")
        for entry in feed.entries:
            link = entry.get("link")
            if not link:
                yield CrawlErrorItem(source.id, response.url, "entry_without_link", f"entry {entry.get('title', '')!r}")
                continue
            published, published_raw = feed_date(entry)
            yield from self.follow_article(
                response.urljoin(link), source, published=published, published_raw=published_raw,
                title=entry.get("title"),
            )
