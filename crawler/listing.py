"""Listing pages → entries (link, title, date), driven by a registry entry's parser hints.

Regulators publish press releases as HTML lists far more often than as feeds. Each list
differs only in markup, so a source states selectors in ``sources.yaml`` (see HINTS in
sources.py) and this module applies them; a site whose list needs more than selectors gets a
small parser class here, named by the entry's ``parser`` field.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from parsel import Selector, SelectorList
from scrapy.http import Response, TextResponse

from gatewatch.crawler.sources import Source

MAX_PAGES = 10  # whatever a registry entry asks, a crawl reads at most this many list pages
# Date-looking parts of a longer text: 2024-09-05, 2024.09.05, 5.9.2024, 2024年9月5日,
# September 5, 2024 and 5 September 2024.
DATE_PART = re.compile(
    r"\d{4}\s*[-./年]\s*\d{1,2}\s*[-./月]\s*\d{1,2}\s*日?"
    r"|\d{1,2}[./]\d{1,2}[./]\d{4}"
    r"|[A-Z][a-z]+\.? \d{1,2}, \d{4}"
    r"|\d{1,2} [A-Z][a-z]+ \d{4}"
)
COMMON_FORMATS = ("%Y-%m-%d", "%Y.%m.%d", "%Y/%m/%d", "%Y年%m月%d日", "%d.%m.%Y", "%B %d, %Y", "%b %d, %Y",
                  "%d %B %Y", "%d %b %Y")


class ListingError(ValueError):
    """The listing could not be read at all; ``kind`` is the crawl_errors code."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass
class Entry:
    url: str
    title: str | None
    published: str | None  # YYYY-MM-DD: a list states the day, not the time
    published_raw: str | None


def select(node: Selector, selector: str) -> SelectorList:
    """CSS, or XPath when the selector looks like one (``.`` alone, or starting ``/``, ``./``, ``(``, ``@``)."""
    if selector == "." or selector.startswith(("/", "./", "../", "(", "@")):
        return node.xpath(selector)
    return node.css(selector)


def text_of(node: Selector, selector: str) -> str | None:
    """The selected text with white space folded; None when nothing matches.

    A selector that already picks text or an attribute (``::text``, ``::attr(x)``, ``@x``,
    ``text()``) is taken as is; otherwise the first element's whole string value is used.
    """
    found = select(node, selector)
    if not found:
        return None
    if re.search(r"::(?:text|attr\()|@[\w-]+$|text\(\)$", selector):
        value = " ".join(found.getall())
    else:
        value = found[0].xpath("string()").get() or ""
    value = " ".join(value.split())
    return value or None


def parse_listing_date(text: str | None, date_format: str | None = None) -> tuple[str | None, str | None]:
    """(YYYY-MM-DD, raw text) for a list's date text, or (None, None) when it is not a date.

    The whole text is tried first, then each date-looking part of it, so a cell reading
    "Press release | 5 September 2024" still yields its date. Without a format, ISO 8601
    and a few common spellings are tried.
    """
    raw = " ".join((text or "").split())
    if not raw:
        return None, None
    formats = (date_format,) if date_format else COMMON_FORMATS
    for candidate in (raw, *DATE_PART.findall(raw)):
        candidate = re.sub(r"\s*([年月./-])\s*", r"\1", candidate).strip()
        for fmt in formats:
            try:
                return dt.datetime.strptime(candidate, fmt).date().isoformat(), raw
            except ValueError:
                pass
        if not date_format:
            try:
                return dt.datetime.fromisoformat(candidate.replace("Z", "+00:00")).date().isoformat(), raw
            except ValueError:
                pass
    return None, None


def with_query(url: str, **params: str) -> str:
    """``url`` with the given query parameters set (others kept, in order)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in params]
    return urlunsplit(parts._replace(query=urlencode(query + list(params.items()))))


class HtmlListing:
    """A list in the HTML page itself: the hints' selectors pick items, links, titles, dates."""

    def document(self, response: Response) -> Selector:
        if isinstance(response, TextResponse):
            return Selector(text=response.text)
        raise ListingError("not_html", f"content type {response.headers.get('Content-Type')!r}")

    def entries(self, response: Response, source: Source) -> list[Entry]:
        """Every entry on this page, once each, in page order."""
        document = self.document(response)
        pattern = re.compile(source.hint("link_pattern")) if source.hint("link_pattern") else None
        found: dict[str, Entry] = {}
        for item in select(document, source.hint("item", "//a[@href]")):
            href = text_of(item, source.hint("link")) if source.hint("link") else (
                item.attrib.get("href") or item.css("a::attr(href)").get()
            )
            if not href or href.strip().lower().startswith(("javascript:", "mailto:", "#")):
                continue
            url = urljoin(response.url, href.strip())
            if url in found or (pattern and not pattern.search(url)):
                continue
            title = text_of(item, source.hint("title") or (".//a" if item.root.tag != "a" else "."))
            date_text = text_of(item, source.hint("date")) if source.hint("date") else None
            published, raw = parse_listing_date(date_text, source.hint("date_format"))
            found[url] = Entry(url, title, published, raw)
        return list(found.values())

    def next_page(self, response: Response, source: Source, page: int) -> str | None:
        """The URL of list page ``page + 1`` (pages count from 1), or None to stop."""
        if page >= min(int(source.hint("max_pages", 1)), MAX_PAGES):
            return None
        if source.hint("next_page"):
            href = text_of(self.document(response), source.hint("next_page"))
            return urljoin(response.url, href) if href else None
        if source.hint("page_param"):
            number = int(source.hint("first_page", 1)) + page
            return with_query(response.url, **{source.hint("page_param"): str(number)})
        return None


class JpaasListing(HtmlListing):
    """The "jpaas" CMS of Chinese government sites (SAMR, MIIT, MOFCOM …).

    Its column pages are empty shells; a JSON API answers ``{"data": {"html": "…"}}`` with
    the list as an HTML fragment, which the hints' selectors then read. Further pages are the
    same URL with ``paramJson={"pageNo": N, "pageSize": S}``; the fragment's ``count``
    attribute says how many entries exist, so we stop when they have all been listed.
    """

    PAGE_SIZE = 20

    def document(self, response: Response) -> Selector:
        try:
            fragment = json.loads(response.body.decode("utf-8-sig"))["data"]["html"]
        except (UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
            raise ListingError("listing_malformed", f"not a jpaas list answer: {exc!r}"[:300]) from None
        return Selector(text=fragment or "<html></html>")

    def next_page(self, response: Response, source: Source, page: int) -> str | None:
        if page >= min(int(source.hint("max_pages", 1)), MAX_PAGES):
            return None
        query = dict(parse_qsl(urlsplit(response.url).query))
        size = int(json.loads(query.get("paramJson", "{}")).get("pageSize", self.PAGE_SIZE))
        count = self.document(response).xpath("string((//*[@count])[1]/@count)").get()
        if not count or not count.isdigit() or int(count) <= page * size:
            return None
        return with_query(response.url, paramJson=json.dumps({"pageNo": page + 1, "pageSize": size}))


PARSER_CLASSES: dict[str, type[HtmlListing]] = {"html": HtmlListing, "jpaas": JpaasListing}


def listing_parser(source: Source) -> HtmlListing:
    """The parser class the registry entry names (``parser: html`` unless stated)."""
    return PARSER_CLASSES[source.parser]()
