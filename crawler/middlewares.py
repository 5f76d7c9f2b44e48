"""Downloader middlewares: where the crawler decides what it may fetch."""

from __future__ import annotations

from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest


class AllowedHostsMiddleware:
    """Refuse requests to hosts outside ``GATEWATCH_ALLOWED_HOSTS`` when that list is set.

    The demo and the tests set it to the loopback addresses, so a feed that links to the
    outside world can never make them touch the internet; the refusal becomes a crawl error.
    """

    def __init__(self, allowed: list[str]) -> None:
        self.allowed = frozenset(host.lower() for host in allowed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AllowedHostsMiddleware:
        return cls(crawler.settings.getlist("GATEWATCH_ALLOWED_HOSTS"))

    def process_request(self, request: Request) -> None:
        host = (urlsplit(request.url).hostname or "").lower()
        if self.allowed and host not in self.allowed:
            raise IgnoreRequest(f"host {host!r} is outside GATEWATCH_ALLOWED_HOSTS")
