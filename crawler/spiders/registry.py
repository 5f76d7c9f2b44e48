"""Every family in one spider: what ``gatewatch crawl`` runs over the whole registry."""

from __future__ import annotations

from collections.abc import Iterator

from scrapy.http import Request

from gatewatch.crawler.sources import KINDS, Source
from gatewatch.crawler.spiders.base import SourceSpider
from gatewatch.crawler.spiders.feeds import FeedSpider
from gatewatch.crawler.spiders.listings import ListingSpider
from gatewatch.crawler.spiders.sitemaps import SitemapSpider

FAMILIES: dict[str, type[SourceSpider]] = {"feed": FeedSpider, "listing": ListingSpider, "sitemap": SitemapSpider}


class RegistrySpider(FeedSpider, ListingSpider, SitemapSpider):
    """Feeds, listings and sitemaps together, each source read by its family's code.

    One spider rather than three crawlers in one process, because then the families share
    one downloader (per-host concurrency and AutoThrottle hold even when a regulator has a
    feed and a listing on the same host), one claim on each article URL, and one item
    pipeline: a single SQLite writer and a single ``crawl_runs`` row per crawl.

    Example: scrapy crawl registry -s GATEWATCH_DB=gatewatch.db
    """

    name = "registry"
    kinds = KINDS

    def start_requests_for(self, source: Source) -> Iterator[Request]:
        return FAMILIES[source.kind].start_requests_for(self, source)
