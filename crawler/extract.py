"""Page → article: main text, title, publication date, language and canonical URL."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

import trafilatura
from lxml import etree
from lxml import html as lxml_html

from gatewatch.crawler.urls import canonical_url
from gatewatch.nlp.lang import detect_language

# Below this many characters of main text a page is treated as having no article.
MIN_TEXT_CHARS = 200


@dataclass
class Extracted:
    title: str | None
    text: str
    language: str | None
    published: str | None
    published_raw: str | None
    canonical_url: str


def feed_date(entry: dict) -> tuple[str | None, str | None]:
    """(ISO 8601 UTC, raw string) of a feedparser entry's date, or (None, None)."""
    for key in ("published", "updated", "created"):
        parsed = entry.get(f"{key}_parsed")
        if parsed:
            stamp = dt.datetime.fromtimestamp(calendar.timegm(parsed), dt.UTC)
            return stamp.strftime("%Y-%m-%dT%H:%M:%SZ"), entry.get(key)
    return None, None


# The caller decodes (Scrapy knows the HTTP charset); we re-encode so lxml never
# trips over a stale <meta charset> or an XML encoding declaration.
UTF8_HTML = lxml_html.HTMLParser(encoding="utf-8")


def extract_article(page: str, url: str) -> Extracted | None:
    """Extract the article from decoded HTML; None when the page has no article text."""
    if not page.strip():
        return None
    try:
        tree = lxml_html.document_fromstring(page.encode("utf-8"), parser=UTF8_HTML)
    except (etree.ParserError, ValueError):
        return None
    document = trafilatura.bare_extraction(tree, url=url, with_metadata=True, include_comments=False)
    text = (document.text or "").strip() if document else ""
    if len(text) < MIN_TEXT_CHARS:
        return None
    declared_canonical = next(iter(tree.xpath("//link[@rel='canonical']/@href")), None)
    declared_language = next(iter(tree.xpath("/html/@lang")), None)
    return Extracted(
        title=document.title,
        text=text,
        language=detect_language(text, declared_language),
        published=document.date,  # htmldate's day (YYYY-MM-DD); feeds supply the time
        published_raw=document.date,
        canonical_url=canonical_url(url, declared_canonical),
    )
