"""Page → article: main text, title, publication date, language and canonical URL."""

from __future__ import annotations

import calendar
import copy
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

import trafilatura
from lxml import etree
from lxml import html as lxml_html

from gatewatch.crawler.urls import canonical_url
from gatewatch.nlp.lang import detect_language

# Below this much main text a page is treated as having no article. A Han, kana or hangul
# character carries about as much as two Latin letters, so those count double.
MIN_TEXT_CHARS = 200
WIDE_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


# Dates only from the page's structure (meta tags, <time>, JSON-LD, URL): htmldate's
# extensive search guesses from any year in the text, which invents dates for undated pages.
DATE_PARAMS = {"extensive_search": False, "original_date": True}


def text_size(text: str) -> int:
    return len(text) + len(WIDE_CHAR.findall(text))


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


# --- main text -------------------------------------------------------------------------
# trafilatura's precision mode is the backbone; its recall mode fills gaps *inside* that
# text, and readability-lxml (an independent algorithm) is the second opinion that decides
# where the article starts and ends.  Then a few generic boilerplate lines go.

WORD = re.compile(r"\w+")
SHINGLE = 4
# A short leading line carrying a date (05/10/2018, 2019-11-19, "22 de outubro de 2010").
DATELINE = re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b|\b(?:19|20)\d{2}\b")
DATELINE_MAX_WORDS = 15
# A second opinion that covers less than this share of the backbone's words is ignored,
# and trimming the edges with it may not drop more than this share.
MIN_AGREEMENT = 0.5
MAX_TRIM = 0.4
BLOCK_TAGS = {"p", "div", "li", "ul", "ol", "br", "tr", "table", "blockquote", "pre", "figcaption",
              "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt", "section", "article"}


def _words(text: str) -> list[str]:
    return WORD.findall(text)


def _joined(text: str) -> str:
    """Word sequence with sentinel spaces, for word-boundary containment tests."""
    return f" {' '.join(_words(text))} "


def _shingles(words: list[str]) -> Counter:
    return Counter(tuple(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1))


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if WORD.search(line)]


class _Opinion:
    """Another extractor's text, asked whether it also contains a given line."""

    def __init__(self, text: str) -> None:
        self.joined = _joined(text)
        self.shingles = _shingles(_words(text))

    def covers(self, line: str) -> bool:
        words = _words(line)
        if len(words) < SHINGLE:
            return _joined(line) in self.joined
        own = _shingles(words)
        return 2 * sum((own & self.shingles).values()) >= sum(own.values())


def _fill_gaps(backbone: list[str], recall: list[str], opinion: _Opinion | None) -> list[str]:
    """The recall run's lines from the backbone's first line to its last, plus edge lines the
    second opinion also holds; the backbone unchanged unless that span contains all of it."""
    joined = _joined("\n".join(backbone))
    inside = [_joined(line) in joined for line in recall]
    if not any(inside):
        return backbone
    first, last = inside.index(True), len(inside) - 1 - inside[::-1].index(True)
    span = _joined("\n".join(recall[first:last + 1]))
    if not all(_joined(line) in span for line in backbone):
        return backbone
    if opinion is not None:
        while first > 0 and opinion.covers(recall[first - 1]):
            first -= 1
        while last < len(recall) - 1 and opinion.covers(recall[last + 1]):
            last += 1
    return recall[first:last + 1]


def _trim_edges(lines: list[str], opinion: _Opinion) -> list[str]:
    """Drop leading and trailing lines the second opinion does not hold (related links,
    comment prompts, newsletter boxes), unless that would remove too much."""
    covered = [opinion.covers(line) for line in lines]
    if not any(covered):
        return lines
    first, last = covered.index(True), len(covered) - 1 - covered[::-1].index(True)
    kept = lines[first:last + 1]
    total = sum(len(_words(line)) for line in lines)
    if sum(len(_words(line)) for line in kept) < (1 - MAX_TRIM) * total:
        return lines
    return kept


def _is_shouting(line: str) -> bool:
    """An all-capitals line of four or more words: a promo or cross-link, not prose."""
    if "|" in line or any(ch.islower() for ch in line):
        return False
    return sum(1 for word in _words(line) if any(ch.isupper() for ch in word)) >= 4


def _drop_boilerplate(lines: list[str], title: str | None) -> list[str]:
    """Remove a leading repeat of the headline, a leading dateline/byline and shouting lines."""
    title_words, title_joined = _words(title or ""), _joined(title or "")
    while lines and title_words and (
        _words(lines[0]) == title_words or (len(_words(lines[0])) >= 3 and _joined(lines[0]) in title_joined)
    ):
        lines = lines[1:]
    while len(lines) > 1 and len(_words(lines[0])) <= DATELINE_MAX_WORDS and DATELINE.search(lines[0]):
        lines = lines[1:]
    return [line for line in lines if not _is_shouting(line)]


def _block_text(fragment: str) -> str:
    """Plain text of an HTML fragment, one line per block element."""
    parts: list[str] = []

    def walk(element: etree._Element) -> None:
        if not isinstance(element.tag, str) or element.tag in ("script", "style", "noscript"):
            parts.append(element.tail or "")
            return
        block = element.tag in BLOCK_TAGS
        parts.append(("\n" if block else "") + (element.text or ""))
        for child in element:
            walk(child)
        parts.append(("\n" if block else "") + (element.tail or ""))

    walk(lxml_html.fragment_fromstring(fragment, create_parent="div"))
    return "\n".join(" ".join(line.split()) for line in "".join(parts).splitlines())


def _readability_text(tree: lxml_html.HtmlElement) -> str:
    """Main text according to readability-lxml; empty when it finds none or fails."""
    from readability import Document  # imported late: only main_text needs it

    try:
        return _block_text(Document(copy.deepcopy(tree)).summary(html_partial=True))
    except Exception:  # readability raises assorted errors on odd pages; it is only advisory
        return ""


def _parse(page: str | lxml_html.HtmlElement) -> lxml_html.HtmlElement | None:
    if not isinstance(page, str):
        return page
    if not page.strip():
        return None
    try:
        return lxml_html.document_fromstring(page.encode("utf-8"), parser=UTF8_HTML)
    except (etree.ParserError, ValueError):
        return None


def page_metadata(tree: lxml_html.HtmlElement, url: str | None = None) -> trafilatura.settings.Document:
    """Title, date and the rest of trafilatura's metadata, without a full text extraction."""
    # A date after tomorrow (UTC) is impossible for a published page: htmldate drops it.
    latest = (dt.datetime.now(dt.UTC) + dt.timedelta(days=1)).strftime("%Y-%m-%d")
    return trafilatura.extract_metadata(
        copy.deepcopy(tree), default_url=url, date_config={**DATE_PARAMS, "max_date": latest}
    )


def main_text(
    page: str | lxml_html.HtmlElement, url: str | None = None, metadata: trafilatura.settings.Document | None = None
) -> str:
    """The article's main text (one paragraph per line) from decoded HTML or a parsed tree.

    ``metadata`` (from ``page_metadata``) is read from the page when not given.
    """
    tree = _parse(page)
    if tree is None:
        return ""

    def run(**options: bool) -> str:
        return trafilatura.extract(copy.deepcopy(tree), url=url, include_comments=False, **options) or ""

    backbone, recall = _lines(run(favor_precision=True)), _lines(run(favor_recall=True))
    if not backbone:
        backbone = recall
    second = _readability_text(tree)
    opinion = _Opinion(second) if second else None
    if opinion is not None:
        backbone_words = sum(len(_words(line)) for line in backbone)
        agreed = sum(len(_words(line)) for line in backbone if opinion.covers(line))
        if agreed < MIN_AGREEMENT * backbone_words:
            opinion = None
    lines = _fill_gaps(backbone, recall, opinion) if recall else backbone
    if opinion is not None:
        lines = _trim_edges(lines, opinion)
    metadata = metadata if metadata is not None else page_metadata(tree, url)
    return "\n".join(_drop_boilerplate(lines, metadata.title if metadata else None))


def extract_article(page: str, url: str) -> Extracted | None:
    """Extract the article from decoded HTML; None when the page has no article text."""
    tree = _parse(page)
    if tree is None:
        return None
    document = page_metadata(tree, url)
    text = main_text(tree, url, document).strip()
    if text_size(text) < MIN_TEXT_CHARS:
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


WARM_UP_PAGE = "<html><body><article>" + "<p>A paragraph to read while the crawl starts.</p>" * 8 + "</article></body></html>"


def warm_up() -> None:
    """Load what a process's first extraction would load (py3langid's model alone takes
    ~0.6 s), so that a new extraction process does it before the first page arrives."""
    extract_article(WARM_UP_PAGE, "http://localhost/")
