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


@dataclass
class CrawlErrorItem:
    """A problem with one source or URL. It is stored and the crawl goes on."""

    source_id: str
    url: str
    kind: str  # short machine-readable code, e.g. feed_malformed, http_503, no_text, duplicate
    message: str
