"""What spiders yield: an article to store, or a problem to record."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class ArticleItem:
    source_id: str
    url: str
    canonical_url: str
    title: str | None
    text: str
    language: str | None
    published: str | None  # ISO 8601 UTC, or None when no date could be found
    published_raw: str | None  # the date string as the page or feed gave it
    fetched_at: str
    etag: str | None = None  # HTTP validators, sent back on the next crawl
    last_modified: str | None = None


@dataclass
class NotModifiedItem:
    """The server answered 304: what we stored last time is still current."""

    source_id: str
    url: str
    is_feed: bool


@dataclass
class FeedStateItem:
    """A feed's HTTP validators, stored on its source for the next conditional GET."""

    source_id: str
    etag: str | None
    last_modified: str | None


@dataclass
class CrawlErrorItem:
    """A problem with one source or URL. It is stored and the crawl goes on."""

    source_id: str
    url: str
    kind: str  # short machine-readable code, e.g. feed_malformed, http_503, no_text, duplicate
    message: str
