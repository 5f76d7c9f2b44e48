"""Shared base for every spider family: registry loading, article pages, error capture.

Each family (feeds, listings, sitemaps) only knows how to read its own kind of index; the
rest — conditional GETs against stored validators, claiming each article URL once per run,
fetching and extracting the article (HTML or PDF), turning failures into crawl_errors rows —
lives here so that every family behaves the same.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import scrapy
from scrapy import signals
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure
from w3lib.encoding import html_to_unicode

from gatewatch.crawler.extract import MIN_TEXT_CHARS, Extracted, extract_article, text_size, warm_up
from gatewatch.crawler.items import ArticleItem, CrawlErrorItem, FeedStateItem, NotModifiedItem
from gatewatch.crawler.middlewares import OffsiteRefused
from gatewatch.crawler.pdf import PdfUnreadable, looks_like_pdf, pdf_text
from gatewatch.crawler.sources import Source, load_sources
from gatewatch.crawler.urls import canonical_url
from gatewatch.db import store
from gatewatch.nlp.lang import detect_language

Validators = tuple[str | None, str | None]  # (ETag, Last-Modified) from our last fetch


def failure_message(failure: Failure) -> str:
    if failure.check(HttpError):
        response = failure.value.response
        retry_after = response.headers.get("Retry-After")
        suffix = f" (Retry-After: {retry_after.decode('latin-1')})" if retry_after else ""
        return f"HTTP {response.status}{suffix}"
    return failure.getErrorMessage()[:500]


def failure_kind(failure: Failure) -> str:
    """A short, queryable code for why a request failed."""
    if failure.check(HttpError):
        return f"http_{failure.value.response.status}"
    if failure.check(IgnoreRequest):
        message = failure.getErrorMessage()
        if failure.check(OffsiteRefused):
            return "offsite"
        if "redirection" in message:
            return "redirect_loop"
        return "robots_forbidden" if "robots.txt" in message else "ignored"
    kinds = {
        CannotResolveHostError: "dns",
        DownloadTimeoutError: "timeout",
        DownloadConnectionRefusedError: "connection_refused",
        DownloadCancelledError: "too_large",  # cancelled for exceeding DOWNLOAD_MAXSIZE
        ResponseDataLossError: "truncated",
    }
    for exception, kind in kinds.items():
        if failure.check(exception):
            return kind
    return "fetch_failed"


Page = ArticleItem | CrawlErrorItem | NotModifiedItem


class SourceSpider(scrapy.Spider):
    """Reads the sources of its ``kinds`` from the registry (``-a source=ID`` keeps one)."""

    kinds: tuple[str, ...] = ()

    def __init__(self, source: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.only_source = source
        self.listed: dict[str, str] = {}  # canonical URL -> the source that listed it first

    def claim(self, canonical: str, source: Source) -> str | None:
        """Claim a page for ``source``; return the source that already claimed it, if any.

        Requests bypass Scrapy's silent dupefilter (so a redirect loop runs into
        REDIRECT_MAX_TIMES and is reported); repeats are caught and reported here instead.
        """
        if canonical in self.listed:
            return self.listed[canonical]
        self.listed[canonical] = source.id
        return None

    @property
    def sources(self) -> list[Source]:
        if not hasattr(self, "_sources"):
            registry = load_sources(self.settings["GATEWATCH_SOURCES"], only=self.only_source)
            self._sources = [s for s in registry if s.kind in self.kinds]
        return self._sources

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if not self.settings.getbool("GATEWATCH_SEED", True):
            return  # a scale-out worker that only takes requests from the shared queue
        # The item pipeline has opened (and migrated) the database by now; we only read it.
        db = store.open_readonly(self.settings["GATEWATCH_DB"])
        self.feed_validators, self.page_validators = (
            store.http_validators(db, [s.id for s in self.sources]) if db else ({}, {})
        )
        for source in self.sources:
            for request in self.start_requests_for(source):
                yield request

    def start_requests_for(self, source: Source) -> Iterator[scrapy.Request]:
        raise NotImplementedError

    def index_request(self, source: Source, callback: Any, **cb_kwargs: Any) -> scrapy.Request:
        """The source's own URL (feed, first list page, sitemap), conditional on what we stored.

        Only the registry URL has stored validators: when it is unchanged (304) nothing below
        it is read either, since new entries appear at the top of a feed, list or sitemap.
        """
        return self.request(source.url, callback, source, self.feed_validators.get(source.id), **cb_kwargs)

    @staticmethod
    def index_unchanged(response: Response, source: Source) -> NotModifiedItem | None:
        """A NotModifiedItem when the server answered 304 to our conditional GET."""
        if response.status == 304:
            return NotModifiedItem(source.id, response.url, is_feed=True)
        return None

    def index_state(self, response: Response, source: Source) -> FeedStateItem:
        """The validators to store for next time, once the index proved readable."""
        return FeedStateItem(source.id, **self.validators_of(response))

    def follow_article(
        self, link: str, source: Source, published: str | None = None, published_raw: str | None = None,
        title: str | None = None,
    ) -> Iterator[scrapy.Request | CrawlErrorItem]:
        """Request an article page once per run; a repeat becomes a ``duplicate`` problem."""
        duplicate_of = self.claim(canonical_url(link), source)
        if duplicate_of:
            yield CrawlErrorItem(source.id, link, "duplicate", f"already listed in this run by {duplicate_of}")
            return
        self.extract_pool()  # started by the first article: its processes warm up while pages download
        yield self.request(
            link, self.parse_article, source, self.page_validators.get(link),
            published=published, published_raw=published_raw, title=title,
        )

    def request(
        self, url: str, callback: Any, source: Source, validators: Validators | None = None, **cb_kwargs: Any
    ) -> scrapy.Request:
        """A request whose failure becomes a ``crawl_errors`` row for ``source``.

        With validators from an earlier fetch it is conditional: an unchanged page costs a 304.
        """
        etag, last_modified = validators or (None, None)
        headers = {"If-None-Match": etag, "If-Modified-Since": last_modified}
        return scrapy.Request(
            url,
            callback=callback,
            errback=self.on_error,
            headers={k: v for k, v in headers.items() if v},
            meta={"handle_httpstatus_list": [304]},
            dont_filter=True,  # see claim()
            cb_kwargs={"source": source, **cb_kwargs},
        )

    @staticmethod
    def validators_of(response: Response) -> dict[str, str | None]:
        headers = {"etag": response.headers.get("ETag"), "last_modified": response.headers.get("Last-Modified")}
        return {k: v.decode("latin-1") if v else None for k, v in headers.items()}

    def on_error(self, failure: Failure) -> Iterator[CrawlErrorItem]:
        request = failure.request
        yield CrawlErrorItem(
            source_id=request.cb_kwargs["source"].id,
            url=request.url,
            kind=failure_kind(failure),
            message=failure_message(failure),
        )

    @staticmethod
    def repair_charset(response: TextResponse) -> tuple[str, str] | None:
        """(encoding, text) when the HTTP charset is wrong and the page's own bytes say better.

        Servers often send ``charset=utf-8`` for pages that are really GBK or Windows-1252;
        decoding with the header turns every such character into U+FFFD.
        """
        encoding, text = html_to_unicode(None, response.body)
        if text.count("\ufffd") < response.text.count("\ufffd"):
            return encoding, text
        return None

    async def parse_article(
        self, response: Response, source: Source, published: str | None = None, published_raw: str | None = None,
        title: str | None = None,
    ) -> AsyncIterator[Page]:
        """An article page: extract it, preferring the listing's date and title when given."""
        if response.status == 304:
            yield NotModifiedItem(source.id, response.url, is_feed=False)
            return
        content_type = response.headers.get("Content-Type", b"").decode("latin-1")
        if looks_like_pdf(content_type, response.body):
            for item in self.parse_pdf(response, source, published, published_raw, title):
                yield item
            return
        if not isinstance(response, TextResponse):
            yield CrawlErrorItem(source.id, response.url, "not_html", f"content type {content_type!r}")
            return
        page = response.text
        if "\ufffd" in page:
            repaired = self.repair_charset(response)
            if repaired is not None:
                encoding, page = repaired
                yield CrawlErrorItem(
                    source.id, response.url, "wrong_charset",
                    f"declared {response.encoding}, but the bytes are {encoding}; decoded as {encoding}",
                )
        article = await self.extract(page, response.url)
        if article is None:
            yield CrawlErrorItem(source.id, response.url, "no_text", "no article text could be extracted")
            return
        yield ArticleItem(
            source_id=source.id,
            url=response.url,
            canonical_url=article.canonical_url,
            title=title or article.title,
            text=article.text,
            language=article.language or source.language,
            published=published or article.published,
            published_raw=published_raw or article.published_raw,
            fetched_at=store.utcnow(),
            **self.validators_of(response),
        )

    async def extract(self, page: str, url: str) -> Extracted | None:
        """``extract_article`` in the extraction processes (GATEWATCH_EXTRACT_PROCESSES), so
        the crawl keeps fetching while pages are parsed; in this process when set to 0."""
        pool = self.extract_pool()
        if pool is None:
            return extract_article(page, url)
        return await asyncio.get_running_loop().run_in_executor(pool, extract_article, page, url)

    def extract_pool(self) -> ProcessPoolExecutor | None:
        """The extraction processes, started on first use; None when extracting in-process."""
        if not hasattr(self, "_extract_pool"):
            processes = self.settings.getint("GATEWATCH_EXTRACT_PROCESSES")
            self._extract_pool = None
            if processes > 0:
                # spawn, not fork: a fork of a process running the reactor and its threads is
                # unsafe. Each worker loads the extraction code and models (about a second)
                # as it starts.
                self._extract_pool = ProcessPoolExecutor(
                    processes, mp_context=multiprocessing.get_context("spawn"), initializer=warm_up
                )
                self._extract_pool.submit(int)  # the workers start with the first task: start them now
                self.crawler.signals.connect(self._close_extract_pool, signal=signals.spider_closed)
        return self._extract_pool

    def _close_extract_pool(self) -> None:
        self._extract_pool.shutdown(cancel_futures=True)

    def parse_pdf(
        self, response: Response, source: Source, published: str | None, published_raw: str | None,
        title: str | None,
    ) -> Iterator[Page]:
        """A PDF linked as an article (a decision, a press release): its text layer is the text.

        A PDF carries no trustworthy publication date (its CreationDate is when the file was
        made), so the date comes from the list or feed that linked it, or stays unknown.
        """
        try:
            document = pdf_text(response.body)
        except PdfUnreadable as exc:
            yield CrawlErrorItem(source.id, response.url, "pdf_unreadable", str(exc))
            return
        if text_size(document.text) < MIN_TEXT_CHARS:
            yield CrawlErrorItem(source.id, response.url, "no_text", "the PDF has no text layer (a scan?)")
            return
        yield ArticleItem(
            source_id=source.id,
            url=response.url,
            canonical_url=canonical_url(response.url),
            title=title or document.title,
            text=document.text,
            language=detect_language(document.text, source.language),
            published=published,
            published_raw=published_raw,
            fetched_at=store.utcnow(),
            **self.validators_of(response),
        )
