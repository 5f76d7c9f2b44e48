"""Every fixture site under tests/fixtures/sites is crawled; each states what it expects.

All sites go through one registry and one crawl (run twice: the second run must change
nothing), then one parametrised test per site checks its articles and crawl_errors rows.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlite_utils
import yaml

from faultserver import serve_faults
from helpers import LOOPBACK_ONLY, gatewatch

SITES = Path(__file__).parent / "fixtures" / "sites"
SITE_NAMES = sorted(p.name for p in SITES.iterdir() if (p / "expect.yaml").exists())
# A fixture's own source entries override these (kind, language, parser, hints …).
REGISTRY_DEFAULTS = {"kind": "feed", "language": "en", "jurisdiction": None, "tier": "trade"}
# Short timeout and backoff keep the fault cases (slow page, retries) to seconds.
CRAWL_SETTINGS = (*LOOPBACK_ONLY, "-s", "DOWNLOAD_TIMEOUT=1", "-s", "GATEWATCH_RETRY_BACKOFF=0.2")


def _substitute(value, base: str):
    if isinstance(value, str):
        return value.replace("{base}", base)
    if isinstance(value, list):
        return [_substitute(v, base) for v in value]
    if isinstance(value, dict):
        return {k: _substitute(v, base) for k, v in value.items()}
    return value


def _copy_site(source: Path, target: Path, base: str) -> None:
    """Copy a fixture site (sub-folders too), with ``{base}`` filled in wherever text has it."""
    for file in source.rglob("*"):
        if file.is_dir() or file.name == "expect.yaml":
            continue
        destination = target / file.relative_to(source)
        destination.parent.mkdir(parents=True, exist_ok=True)
        data = file.read_bytes()
        if b"{base}" in data:
            data = data.replace(b"{base}", base.encode("ascii"))
        destination.write_bytes(data)


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("sites")
    db_path = root / "gatewatch.db"
    with serve_faults(root) as root_url:
        sources, expectations = [], {}
        for name in SITE_NAMES:
            base = f"{root_url}/{name}"
            _copy_site(SITES / name, root / name, base)
            spec = _substitute(yaml.safe_load((SITES / name / "expect.yaml").read_text(encoding="utf-8")), base)
            sources += [{**REGISTRY_DEFAULTS, **s} for s in spec["sources"]]
            expectations[name] = spec
        registry = root / "sources.yaml"
        registry.write_text(yaml.safe_dump({"sources": sources}), encoding="utf-8")
        first = gatewatch("crawl", "--sources", str(registry), "--db", str(db_path), *CRAWL_SETTINGS)
        db = sqlite_utils.Database(db_path)
        articles_after_first = list(db.query("select * from articles order by id"))
        second = gatewatch("crawl", "--sources", str(registry), "--db", str(db_path), *CRAWL_SETTINGS)
    return {
        "db": db, "expect": expectations, "first": articles_after_first, "outputs": (first, second),
        "registry": registry, "db_path": db_path,
    }


@pytest.mark.parametrize("site", SITE_NAMES)
def test_fixture_site(crawled: dict, site: str) -> None:
    db, spec = crawled["db"], crawled["expect"][site]
    source_ids = [s["id"] for s in spec["sources"]]
    marks = ",".join("?" * len(source_ids))
    articles = db.execute(f"select count(*) from articles where source_id in ({marks})", source_ids).fetchone()[0]
    assert articles == spec["expect"]["articles"]
    expected = {(e["kind"], e["url"]) for e in spec["expect"]["errors"]}
    rerun_expected = expected if spec["expect"]["rerun"] == "same_errors" else set()
    for run_id, wanted in ((1, expected), (2, rerun_expected)):
        rows = {
            (r["kind"], r["url"])
            for r in db.query(f"select kind, url from crawl_errors where run_id = ? and source_id in ({marks})", [run_id, *source_ids])
        }
        assert rows == wanted, f"run {run_id}"
    for source_id in source_ids:
        last_error = db["sources"].get(source_id)["last_error"]
        assert (last_error is not None) == bool(spec["expect"]["errors"])


def test_rerun_changes_no_stored_article(crawled: dict) -> None:
    db = crawled["db"]
    assert crawled["first"], "the fixture sites must store at least one article"
    assert list(db.query("select * from articles order by id")) == crawled["first"]
    assert db["article_versions"].count == 0
    runs = list(db.query("select * from crawl_runs order by id"))
    assert [r["articles_new"] for r in runs] == [len(crawled["first"]), 0]
    cacheable = sum(spec["expect"]["rerun"] == "not_modified" for spec in crawled["expect"].values())
    assert [r["not_modified"] for r in runs] == [0, cacheable]
    assert all(r["status"] == "with_errors" and r["errors"] > 0 for r in runs)
    per_source = {(r["run_id"], r["source_id"]): r for r in db.query("select * from crawl_run_sources")}
    assert per_source[(1, "fixture-duplicate-item")]["articles_new"] == 1
    assert per_source[(1, "fixture-duplicate-item")]["duplicates"] == 1
    assert per_source[(2, "fixture-duplicate-item")]["not_modified"] == 1
    assert per_source[(1, "fixture-missing-page")]["errors"] == 1
    assert "crawl run 2: with_errors" in crawled["outputs"][1].stdout


def test_crawl_errors_are_queryable_per_source(crawled: dict) -> None:
    rows = crawled["db"].query("select source_id, kind, count(*) as n from crawl_errors group by source_id, kind")
    summary = {(r["source_id"], r["kind"]): r["n"] for r in rows}
    assert summary[("fixture-not-a-feed", "feed_malformed")] == 2


def test_sources_command_reports_each_source(crawled: dict) -> None:
    listing = gatewatch("sources", "--sources", str(crawled["registry"]), "--db", str(crawled["db_path"]), "--json")
    rows = {row["id"]: row for row in map(json.loads, listing.stdout.splitlines())}
    assert set(rows) == {s["id"] for spec in crawled["expect"].values() for s in spec["sources"]}
    for spec in crawled["expect"].values():
        for source in spec["sources"]:
            row = rows[source["id"]]
            assert row["errors"] == len(spec["expect"]["errors"]) * (2 if spec["expect"]["rerun"] == "same_errors" else 1)
            assert (row["last_error"] is not None) == bool(spec["expect"]["errors"])
    table = gatewatch("sources", "--sources", str(crawled["registry"]), "--db", str(crawled["db_path"])).stdout
    assert table.splitlines()[0].split() == ["id", "kind", "tier", "jurisdiction", "articles", "errors", "last_success", "last_error"]


def test_families_keep_what_their_index_says(crawled: dict) -> None:
    """Listings and sitemaps pass on their dates and titles; a PDF is an article; pages stay bounded."""
    db = crawled["db"]

    def article(source_id: str, url_part: str) -> dict:
        rows = list(db.query("select * from articles where source_id = ? and url like ?", [source_id, f"%{url_part}%"]))
        assert len(rows) == 1, (source_id, url_part)
        return rows[0]

    ec = article("fixture-listing-ec", "ip_18_4581")  # from the list's second page
    assert (ec["published"], ec["published_raw"]) == ("2018-07-18", "18 July 2018")
    samr = article("fixture-listing-samr", "art_7a3c1e5f0b2d4c6e8f90a1b2c3d4e5f6")
    assert samr["language"] == "zh" and samr["published"] == "2021-04-10" and "阿里巴巴" in samr["title"]
    assert article("fixture-listing-kftc", "nttSn=39871")["language"] == "ko"
    pdf = article("fixture-listing-pdf", "android-order.pdf")
    assert "Rs 1337.76 crore" in pdf["text"] and pdf["published"] == "2022-10-20"
    news = article("fixture-sitemap-news", "japan-passes")
    assert (news["published"], news["published_raw"]) == ("2024-06-12T08:30:00Z", "2024-06-12T17:30:00+09:00")
    plain = article("fixture-sitemap-news", "epic-apple")
    assert plain["published"] == "2021-09-10"  # from the page; <lastmod> is never a publication date
    never = db.execute(
        "select count(*) from crawl_errors where url like '%page=2%' or url like '%2019%' or url like '%older-post%'"
    ).fetchone()[0]
    assert never == 0
