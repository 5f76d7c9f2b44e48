"""Downloader middlewares: where the crawler decides what it may fetch."""

from __future__ import annotations

import datetime as dt
import email.utils
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.settings import BaseSettings
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.task import deferLater


class OffsiteRefused(IgnoreRequest):
    """The request's host is outside ``GATEWATCH_ALLOWED_HOSTS``."""


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
            raise OffsiteRefused(f"host {host!r} is outside GATEWATCH_ALLOWED_HOSTS")


def retry_after_seconds(value: bytes | None, now: dt.datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    text = value.decode("latin-1").strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - (now or dt.datetime.now(dt.UTC))).total_seconds())


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retry, but waiting before each new try, as the server asks.

    Scrapy retries at once and ignores ``Retry-After``. Here a retry waits the server's
    Retry-After when given, else ``GATEWATCH_RETRY_BACKOFF`` × 2^(try − 1) seconds. A server
    that asks for more than ``GATEWATCH_RETRY_AFTER_MAX`` seconds is not retried in this run:
    the response becomes a crawl error that names the Retry-After it sent.
    """

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.backoff = settings.getfloat("GATEWATCH_RETRY_BACKOFF")
        self.max_wait = settings.getfloat("GATEWATCH_RETRY_AFTER_MAX")

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        asked = retry_after_seconds(response.headers.get("Retry-After"))
        if asked is not None and asked > self.max_wait and response.status in self.retry_http_codes:
            return response
        retry = super().process_response(request, response)
        if isinstance(retry, Request):
            await self._wait(asked if asked is not None else self._backoff(retry))
        return retry

    async def process_exception(self, request: Request, exception: Exception) -> Request | Response | None:
        retry = super().process_exception(request, exception)
        if isinstance(retry, Request):
            await self._wait(self._backoff(retry))
        return retry

    def _backoff(self, retry: Request) -> float:
        return self.backoff * 2 ** (retry.meta.get("retry_times", 1) - 1)

    async def _wait(self, seconds: float) -> None:
        from twisted.internet import reactor  # the one Scrapy installed; importing earlier would pick another

        if seconds > 0:
            await maybe_deferred_to_future(deferLater(reactor, seconds, lambda: None))
