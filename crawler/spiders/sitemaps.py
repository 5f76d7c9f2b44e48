"""The sitemap family: Google News sitemaps, plain sitemaps and sitemap indexes, bounded.

Many outlets stopped maintaining RSS but keep a news sitemap for search engines: every
article of the last two days with ``<news:publication_date>`` and ``<news:title>``. A plain
sitemap has only ``<lastmod>`` (when the page last changed, not when it was published), so
it orders the URLs, newest first, but is never stored as a publication date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any
from dataclasses import dataclass

from lxml import etree
from scrapy.http import Request, Response
from scrapy.utils.gz import gunzip

from gatewatch.crawler.items import CrawlErrorItem, FeedStateItem, NotModifiedItem
from gatewatch.crawler.listing import parse_listing_date
from gatewatch.crawler.sources import Source
from gatewatch.crawler.spiders.base import SourceSpider

MAX_URLS = 100
MAX_SITEMAPS = 5
# No DTDs, no entities, no network: a sitemap is data from a stranger.
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)


@dataclass
class Located:
    url: str
    lastmod: str  # as given, for ordering only ("" when absent)
    title: str | None = None
    published: str | None = None
    published_raw: str | None = None


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child_text(element: etree._Element, name: str) -> str | None:
    for child in element.iter():
        if _local(child.tag) == name and child.text and child.text.strip():
            return child.text.strip()
    return None


def read_sitemap(body: bytes) -> tuple[str, list[Located]]:
    """("index" or "urlset", its entries); raises ValueError when it is neither."""
    if body[:2] == b"\x1f\x8b":
        body = gunzip(body, max_size=10 * 1024 * 1024)
    root = etree.fromstring(body, parser=PARSER)
    kind = _local(root.tag)
    if kind not in ("sitemapindex", "urlset"):
        raise ValueError(f"root element <{kind}> is neither <urlset> nor <sitemapindex>")
    entries = []
    for element in root:
        loc = _child_text(element, "loc") if _local(element.tag) in ("url", "sitemap") else None
        if not loc:
            continue
        located = Located(loc, _child_text(element, "lastmod") or "")
        news = next((child for child in element if _local(child.tag) == "news"), None)
        if news is not None:
            located.title = _child_text(news, "title")
            published_raw = _child_text(news, "publication_date")
            located.published = _iso(published_raw)
            located.published_raw = published_raw if located.published else None
        entries.append(located)
    return ("index" if kind == "sitemapindex" else "urlset"), entries


def _iso(raw: str | None) -> str | None:
    """W3C datetime → ISO 8601 UTC; a bare day, or a time without offset, keeps only its day."""
    if not raw:
        return None
    try:
        stamp = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return parse_listing_date(raw)[0]
    if stamp.tzinfo is None:
        return stamp.date().isoformat()
    return stamp.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class SitemapSpider(SourceSpider):
    """Fetch each sitemap in the registry (following an index's newest children), then its pages.

    Bounds per source: ``max_sitemaps`` files (index included), and per sitemap file the
    ``max_urls`` newest URLs; ``link_pattern`` keeps only matching URLs (say, ``/news/``).
    Per file rather than per source, so the bound does not depend on which child arrives first.

    Example: scrapy crawl sitemaps -a source=techcrunch-news-sitemap -s GATEWATCH_DB=gatewatch.db
    """

    name = "sitemaps"
    kinds = ("sitemap",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sitemap_budget: dict[str, int] = {}  # per source: child sitemaps still allowed

    def start_requests_for(self, source: Source) -> Iterator[Request]:
        self.sitemap_budget[source.id] = int(source.hint("max_sitemaps", MAX_SITEMAPS)) - 1
        yield self.index_request(source, self.parse_sitemap, root=True)

    def parse_sitemap(
        self, response: Response, source: Source, root: bool = False
    ) -> Iterator[Request | CrawlErrorItem | FeedStateItem | NotModifiedItem]:
        if root and (unchanged := self.index_unchanged(response, source)):
            yield unchanged
            return
        try:
            kind, entries = read_sitemap(response.body)
        except (etree.XMLSyntaxError, ValueError, OSError) as exc:
            yield CrawlErrorItem(source.id, response.url, "sitemap_malformed", f"not a sitemap: {exc}"[:500])
            return
        if root:
            yield self.index_state(response, source)
        entries.sort(key=lambda e: e.lastmod, reverse=True)  # ISO dates sort as text
        if kind == "index":
            for child in entries:
                if self.sitemap_budget[source.id] <= 0:
                    break
                self.sitemap_budget[source.id] -= 1
                yield self.request(response.urljoin(child.url), self.parse_sitemap, source)
            return
        pattern = re.compile(source.hint("link_pattern")) if source.hint("link_pattern") else None
        urls = [e for e in entries if not pattern or pattern.search(response.urljoin(e.url))]
        for entry in urls[: int(source.hint("max_urls", MAX_URLS))]:
            url = response.urljoin(entry.url)
            yield from self.follow_article(
                url, source, published=entry.published, published_raw=entry.published_raw, title=entry.title
            )
