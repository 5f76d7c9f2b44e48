"""Crawl → tag → store → Datasette → browser, on the sample archive plus the seed article.

The seed article (../shared/seed-article.txt, someone else's text) is turned into a page and
a feed item at test time and crawled through the same code path as every other page.
"""

from __future__ import annotations

import json
import urllib.parse
from pathlib import Path

import pytest
import sqlite_utils

from gatewatch.crawler.archive import load_sample_articles
from helpers import gatewatch, get_json, screenshot

SEED_SLUG = "alibaba-embraces-wechat-pay"

def test_seed_article_is_crawled_tagged_and_published(crawled_db, seed_article, datasette, browser_page) -> None:
    db_path, base_url, site = crawled_db
    db = sqlite_utils.Database(db_path)
    assert db["articles"].count == len(site["articles"])
    seed = next(db.query("select * from articles where canonical_url = ?", [f"{base_url}/articles/{SEED_SLUG}.html"]))
    assert seed["title"] == seed_article["title"]
    assert "Taobao and Tmall" in seed["text"] and "Brian Adams is a technology writer" not in seed["text"][:200]
    assert {"Alibaba", "Tencent"} <= set(json.loads(seed["companies"]))
    assert {"WeChat Pay", "Taobao", "Tmall"} <= set(json.loads(seed["mentioned"]))
    assert seed["published"] is None, "the seed gives no date and none may be invented"
    evidence = {r["surface"] for r in db.query("select surface from article_entities where article_id = ?", [seed["id"]])}
    assert {"WeChat Pay", "Taobao", "Tmall", "Alibaba", "Tencent"} <= evidence

    datasette_url = datasette(db_path)
    query = urllib.parse.urlencode({"_search": "WeChat Pay Taobao", "_shape": "objects"})
    found = get_json(f"{datasette_url}/gatewatch/articles.json?{query}")
    assert seed["id"] in [row["id"] for row in found["rows"]]
    facet = {r["value"]: r["count"] for r in found["facet_results"]["companies"]["results"]}
    assert facet["Alibaba"] >= 1 and facet["Tencent"] >= 1

    browser_page.goto(f"{datasette_url}/gatewatch/articles/{seed['id']}")
    heading = browser_page.get_by_role("heading", name=seed_article["title"])
    assert heading.is_visible()
    screenshot(browser_page, "seed-article-page.png")


def test_articles_list_is_newest_first_with_company_facet(crawled_db, datasette) -> None:
    db_path, _, site = crawled_db
    datasette_url = datasette(db_path)
    listing = get_json(f"{datasette_url}/gatewatch/articles.json?_shape=objects")
    dated = [row["published"] for row in listing["rows"] if row["published"]]
    assert dated == sorted(dated, reverse=True) and len(dated) == len(site["articles"]) - 1
    assert {"companies", "event_types", "regulators", "jurisdictions"} <= set(listing["facet_results"])
    fines = get_json(f"{datasette_url}/gatewatch/fines.json?_shape=objects&currency=CNY")
    assert any(f["amount"] == 18_228_000_000 for f in fines["rows"]), "SAMR's 18.228bn yuan fine on Alibaba"


def test_canned_queries_answer_newsroom_questions(crawled_db, datasette) -> None:
    db_path, _, _ = crawled_db
    base = f"{datasette(db_path)}/gatewatch"

    def query(name: str, **params: str) -> list[dict]:
        return get_json(f"{base}/{name}.json?{urllib.parse.urlencode({**params, '_shape': 'objects'})}")["rows"]

    ranked = query("search", q="WeChat Pay")
    assert ranked and "WeChat Pay" in ranked[0]["title"] + ranked[0]["passage"]
    bm25 = dict(sqlite_utils.Database(db_path).execute(
        "select rowid, bm25(articles_fts) from articles_fts where articles_fts match 'WeChat Pay'").fetchall())
    assert [bm25[row["id"]] for row in ranked] == sorted(bm25.values())[:len(ranked)], "the best matches, best first"
    assert ranked[0]["event_id"], "each result leads to the event it reports"
    events = query("search_events", q="SAMR Alibaba")
    assert events and events[0]["title"] == "SAMR fines Alibaba CNY 18.228bn", "events ranked by bm25 too"
    ledger = query("fines_ledger")
    assert {"CNY", "EUR", "KRW"} <= {row["fine_currency"] for row in ledger}
    alibaba = next(row for row in ledger if row["fine_currency"] == "CNY" and row["fine_amount"] == 18_228_000_000)
    assert alibaba["eur_rate_month"] == "2021-04" and 2.3e9 < alibaba["fine_eur"] < 2.37e9
    assert alibaba["company"] == "Alibaba" and alibaba["written_as"] in alibaba["fine_sentence"]
    threads = query("cases", company="")
    assert all(row["events"] > 1 and " → " in row["stages"] for row in threads)
    coverage = query("coverage", event_id=alibaba["event_id"])
    assert len(coverage) >= 2 and {row["language"] for row in coverage} >= {"en", "zh"}, "English and Chinese reports"
    tencent = {row["title"] for row in query("company", company="Tencent")}
    assert any("WeChat Pay" in title for title in tencent)
    samr = query("regulator", regulator="SAMR")
    assert len(samr) >= 2 and all("SAMR" in json.loads(row["regulators"]) for row in samr)
    latest = [row["date"] for row in query("latest_actions")]
    dated = [d for d in latest if d]
    assert dated and dated == sorted(dated, reverse=True) and latest[: len(dated)] == dated  # undated last
    health = query("crawl_health")
    assert [row["id"] for row in health] == ["sample-wire"] and health[0]["articles"] > 0


@pytest.mark.parametrize("article", load_sample_articles()["articles"], ids=lambda a: a["slug"])
def test_sample_article_tags_match_its_expectations(article: dict) -> None:
    """Each sample article says which parent companies a tagger must find in it."""
    record = {"id": article["slug"], "title": article["title"], "text": article["body"], "language": article.get("language")}
    result = gatewatch("tag", "-", input=json.dumps(record, ensure_ascii=False) + "\n")
    companies = json.loads(result.stdout)["companies"]
    groups = {c["name"] for c in companies if c["parent"] is None}
    assert set(article["expect"]["companies"]) <= groups


def test_demo_run_on_the_sample_archive_is_idempotent(tmp_path: Path) -> None:
    """What `make demo` runs, without the final Datasette step (tagging here in two worker processes)."""
    db_path = tmp_path / "gatewatch.db"
    first = gatewatch("run", "--sample", "--no-serve", "--processes", "2", "--db", str(db_path))
    sample = load_sample_articles()["articles"]
    assert f"new {len(sample)}," in first.stdout and f"tagged {len(sample)} articles" in first.stdout
    db = sqlite_utils.Database(db_path)
    wechat = next(db.query("select * from articles where canonical_url like '%/taobao-tmall-accept-wechat-pay.html'"))
    assert {"Alibaba", "Tencent"} <= set(json.loads(wechat["companies"]))
    before = list(db.query("select id, canonical_url, content_hash, companies from articles order by id"))
    second = gatewatch("run", "--sample", "--no-serve", "--db", str(db_path))
    assert "new 0," in second.stdout and "tagged 0 articles" in second.stdout
    assert list(db.query("select id, canonical_url, content_hash, companies from articles order by id")) == before
