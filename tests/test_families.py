"""The spider families' pieces on their own: registry checks, list dates, sitemaps, PDFs, scrapy crawl."""

from __future__ import annotations

import gzip
import subprocess
import sys
from pathlib import Path

import pytest
import sqlite_utils
import yaml

from gatewatch.crawler.listing import PARSER_CLASSES, parse_listing_date, with_query
from gatewatch.crawler.pdf import PdfUnreadable, looks_like_pdf, pdf_text
from gatewatch.crawler.settings import GATEWATCH_SOURCES
from gatewatch.crawler.sources import PARSERS, RegistryError, load_sources
from gatewatch.crawler.spiders.sitemaps import read_sitemap
from faultserver import serve_faults
from helpers import LOOPBACK_ONLY
from minipdf import make_pdf
from test_bad_input import SITES, _copy_site

REPO = Path(__file__).resolve().parent.parent
# The competition authorities the registry must carry as first-class sources.
AUTHORITIES = {"EU", "US", "GB", "CN", "KR", "JP", "IN", "DE", "AU", "FR", "BR", "TR", "CA"}


def test_registry_covers_the_authorities_and_news() -> None:
    sources = load_sources(GATEWATCH_SOURCES)
    assert len(sources) >= 30
    regulators = [s for s in sources if s.tier == "regulator"]
    assert AUTHORITIES <= {s.jurisdiction for s in regulators}
    assert {s.kind for s in sources} == {"feed", "listing", "sitemap"}
    assert any(s.jurisdiction == "CN" and s.kind == "listing" and s.language == "zh" for s in regulators)
    assert {"en", "zh"} <= {s.language for s in sources if s.tier == "aggregator"}
    for source in sources:
        assert source.attested and "not probed" in source.attested, source.id
        if source.kind == "listing":
            assert source.hints.get("item") or source.hints.get("link_pattern"), source.id


def test_parser_names_match_parser_classes() -> None:
    assert set(PARSERS) == set(PARSER_CLASSES)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"hints": {"selector": "a"}}, "unknown hints"),
        ({"jurisdiction": "USA"}, "jurisdiction"),
        ({"parser": "magic"}, "parser"),
        ({"hints": {"link_pattern": "("}}, "link_pattern"),
    ],
)
def test_registry_rejects_bad_entries(tmp_path: Path, change: dict, message: str) -> None:
    entry = {"id": "x", "name": "X", "url": "https://x.test/", "kind": "listing", "language": "en",
             "jurisdiction": "US", "tier": "regulator", **change}
    path = tmp_path / "sources.yaml"
    path.write_text(yaml.safe_dump({"sources": [entry]}), encoding="utf-8")
    with pytest.raises(RegistryError, match=message):
        load_sources(path)


@pytest.mark.parametrize(
    ("text", "fmt", "day"),
    [
        ("2024-09-05", "%Y-%m-%d", "2024-09-05"),
        ("Press release | 5 September 2024", "%d %B %Y", "2024-09-05"),
        ("September 5, 2024", None, "2024-09-05"),
        ("2024年9月5日", None, "2024-09-05"),
        ("5.9.2024", "%d.%m.%Y", "2024-09-05"),
        ("2024-09-05T16:00:00Z", None, "2024-09-05"),
        ("next week", None, None),
    ],
)
def test_listing_dates(text: str, fmt: str | None, day: str | None) -> None:
    assert parse_listing_date(text, fmt)[0] == day


def test_with_query_sets_one_parameter() -> None:
    assert with_query("https://x.test/l.do?key=10&pageIndex=1", pageIndex="2") == "https://x.test/l.do?key=10&pageIndex=2"


def test_sitemap_reader_handles_news_gzip_and_garbage() -> None:
    body = (SITES / "sitemap-news" / "news-sitemap.xml").read_bytes()
    kind, entries = read_sitemap(gzip.compress(body))
    assert kind == "urlset" and entries[0].published == "2024-06-12T08:30:00Z" and entries[0].title
    assert read_sitemap((SITES / "sitemap-news" / "sitemap.xml").read_bytes())[0] == "index"
    with pytest.raises(ValueError):
        read_sitemap(b"<html><body>Not found</body></html>")


def test_pdf_text_and_detection() -> None:
    document = pdf_text(make_pdf(["First line of a decision.", "Second (and last) line."], title="A decision"))
    assert document.title == "A decision" and "Second (and last) line." in document.text
    assert looks_like_pdf("application/octet-stream", b"%PDF-1.4\n...") and not looks_like_pdf("text/html", b"<html>")
    with pytest.raises(PdfUnreadable):
        pdf_text(b"%PDF-1.7\n1 0 obj\n<<")


@pytest.mark.parametrize(("spider", "site"), [("listings", "listing-doj"), ("sitemaps", "sitemap-news")])
def test_scrapy_crawl_from_the_repo_root(tmp_path: Path, spider: str, site: str) -> None:
    """`scrapy crawl listings|sitemaps` work like `scrapy crawl feeds`, with the project's settings."""
    with serve_faults(tmp_path) as root_url:
        base = f"{root_url}/{site}"
        _copy_site(SITES / site, tmp_path / site, base)
        spec = yaml.safe_load((SITES / site / "expect.yaml").read_text(encoding="utf-8").replace("{base}", base))
        sources = [{"language": "en", "jurisdiction": None, "tier": "trade", **s} for s in spec["sources"]]
        registry = tmp_path / "sources.yaml"
        registry.write_text(yaml.safe_dump({"sources": sources}), encoding="utf-8")
        db_path = tmp_path / "gatewatch.db"
        subprocess.run(
            [str(Path(sys.executable).with_name("scrapy")), "crawl", spider, "-s", f"GATEWATCH_SOURCES={registry}",
             "-s", f"GATEWATCH_DB={db_path}", "-s", "LOG_LEVEL=WARNING", *LOOPBACK_ONLY],
            cwd=REPO, check=True, capture_output=True, timeout=300,
        )
    assert sqlite_utils.Database(db_path)["articles"].count == spec["expect"]["articles"]
