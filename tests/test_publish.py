"""Publishing: Atom alerts, the public read-only server, and inert article text in a browser."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request

import feedparser
import pytest

from gatewatch.db import store
from helpers import get_json, screenshot

HOSTILE_TITLE = 'Probe <script>window.__pwned = "title"</script>'
HOSTILE_TEXT = (
    'A regulator fined Google €1bn for self-preferencing. <img src=x onerror="window.__pwned = \'img\'">\n'
    "<script>window.__pwned = 'text'; document.title = 'pwned'</script> The decision can be appealed."
)


@pytest.mark.parametrize(
    "query, params",
    [
        ("alerts_company", {"company": "Tencent"}),
        ("alerts_regulator", {"regulator": "SAMR"}),
        ("alerts_event_type", {"event_type": "fine"}),
        ("alerts_search", {"q": "interoperability"}),
    ],
)
def test_alert_feeds_are_valid_atom(crawled_db, datasette, query: str, params: dict) -> None:
    db_path, _, _ = crawled_db
    url = f"{datasette(db_path)}/gatewatch/{query}.atom?{urllib.parse.urlencode(params)}"
    with urllib.request.urlopen(url, timeout=30) as response:
        assert response.headers["Content-Type"].startswith("application/xml") or "atom" in response.headers["Content-Type"]
        feed = feedparser.parse(response.read())
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10" and feed.entries
    assert all(entry.id.startswith("tag:gatewatch") and entry.updated_parsed for entry in feed.entries)
    if query == "alerts_company":
        assert any("WeChat Pay" in entry.title for entry in feed.entries), "a product's coverage alerts its parent"


def test_failing_sources_feed_lists_a_failed_source(crawled_db, datasette) -> None:
    db_path, _, _ = crawled_db
    with store.open_db(db_path) as db:
        store.sync_sources(db, [{"id": "down", "name": "Down", "url": "http://127.0.0.1:9/feed", "kind": "feed",
                                 "language": "en", "jurisdiction": None, "tier": "wire", "interval_minutes": 60}])
        store.record_error(db, None, "down", "http://127.0.0.1:9/feed", "connection_refused", "Connection refused")
    with urllib.request.urlopen(f"{datasette(db_path)}/gatewatch/alerts_failing_sources.atom", timeout=30) as r:
        feed = feedparser.parse(r.read())
    assert not feed.bozo and [e.title for e in feed.entries] == ["down is stale"]


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_public_server_is_read_only_and_limited(crawled_db, datasette) -> None:
    db_path, _, _ = crawled_db
    base = datasette(db_path, "--public")
    assert status(f"{base}/gatewatch.json?sql=select+1") == 403, "arbitrary SQL is off"
    assert status(f"{base}/gatewatch.db") == 403, "no whole-file download"
    with urllib.request.urlopen(f"{base}/robots.txt") as response:
        assert "Disallow: /" in response.read().decode()
    settings = get_json(f"{base}/-/settings.json")
    assert settings["sql_time_limit_ms"] == 3000 and settings["max_returned_rows"] == 1000
    ranked = get_json(f"{base}/gatewatch/search.json?q=WeChat&_shape=objects")["rows"]
    assert ranked, "canned queries still answer"
    assert (db_path.parent / ".public-snapshot" / "gatewatch.db").exists()


def test_stored_markup_never_runs_in_the_browser(crawled_db, datasette, browser_page) -> None:
    db_path, _, _ = crawled_db
    with store.open_db(db_path) as db:
        store.store_article(db, {
            "source_id": "sample-wire", "url": "http://127.0.0.1/hostile", "canonical_url": "http://127.0.0.1/hostile",
            "title": HOSTILE_TITLE, "text": HOSTILE_TEXT, "language": "en", "published": "2024-01-02",
            "published_raw": None, "fetched_at": store.utcnow(),
        })
        hostile_id = db.execute("select id from articles where canonical_url = 'http://127.0.0.1/hostile'").fetchone()[0]
    base = datasette(db_path)
    pages = [f"{base}/gatewatch/articles/{hostile_id}", f"{base}/gatewatch/articles?_sort_desc=id",
             f"{base}/gatewatch/search?q=regulator"]
    for number, url in enumerate(pages):
        browser_page.goto(url)
        assert browser_page.evaluate("window.__pwned") is None, url
        assert browser_page.title() != "pwned"
        screenshot(browser_page, f"inert-markup-{number}.png")
    browser_page.goto(pages[0])
    assert browser_page.get_by_text("<script>", exact=False).first.is_visible(), "markup is shown as text"


def test_timeline_of_events_filters_and_shows_in_the_browser(crawled_db, datasette, browser_page) -> None:
    db_path, _, _ = crawled_db
    base = f"{datasette(db_path)}/gatewatch"
    everything = get_json(f"{base}/timeline.json?_shape=objects")["rows"]
    dates = [row["decision_date"] for row in everything if row["decision_date"]]
    assert len(everything) >= 8 and dates == sorted(dates, reverse=True)
    alibaba = get_json(f"{base}/timeline.json?_shape=objects&company=Alibaba&event_type=fine")["rows"]
    assert [row["title"] for row in alibaba] == ["SAMR fines Alibaba CNY 18.228bn"]
    assert alibaba[0]["decision_date"] == "2021-04-10" and alibaba[0]["articles"] == 2, "English and Chinese reports"

    browser_page.goto(f"{base}/events")
    browser_page.get_by_role("link", name="fine", exact=True).first.click()  # the event_type facet
    browser_page.wait_for_load_state()
    assert "event_type=fine" in browser_page.url
    assert browser_page.get_by_text("SAMR fines Alibaba CNY 18.228bn").first.is_visible()
    screenshot(browser_page, "events-facet-fine.png")


def test_timeline_page_draws_its_chart_and_filters(crawled_db, datasette, browser_page) -> None:
    db_path, _, _ = crawled_db
    base = datasette(db_path)
    browser_page.goto(f"{base}/timeline")
    bars = browser_page.locator("svg#events-per-month rect")
    assert bars.count() >= 5, "one bar segment per month and kind of action"
    assert float(bars.first.get_attribute("height")) > 0
    browser_page.fill("input[name=company]", "Alibaba")
    browser_page.click("input[type=submit]")
    browser_page.wait_for_load_state()
    rows = browser_page.locator("table.rows-and-columns tbody tr")
    assert "company=Alibaba" in browser_page.url and rows.count() >= 1
    assert browser_page.get_by_text("SAMR fines Alibaba CNY 18.228bn").is_visible()
    fine = rows.filter(has_text="SAMR fines Alibaba CNY 18.228bn")
    assert "EUR 2,335m" in fine.inner_text(), "the fine in euros at April 2021's ECB rate"
    screenshot(browser_page, "timeline-alibaba.png")
    fine.get_by_role("link", name="2 articles").click()
    browser_page.wait_for_load_state()
    assert "/gatewatch/coverage" in browser_page.url
    coverage = browser_page.locator("table.rows-and-columns tbody tr")
    assert coverage.count() == 2, "the English and the Chinese report of the decision"
    browser_page.go_back()
    browser_page.get_by_text("SAMR fines Alibaba CNY 18.228bn").click()
    browser_page.wait_for_load_state()
    assert "/gatewatch/events/" in browser_page.url


def test_typed_search_shows_ranked_results(crawled_db, datasette, browser_page) -> None:
    db_path, _, _ = crawled_db
    browser_page.goto(f"{datasette(db_path)}/gatewatch/search")
    browser_page.fill("input[name=q]", "WeChat Pay")
    browser_page.keyboard.press("Enter")
    browser_page.wait_for_load_state()
    first_row = browser_page.locator("table.rows-and-columns tbody tr").first
    assert "WeChat Pay" in first_row.inner_text(), "the best match comes first"
    screenshot(browser_page, "search-wechat-pay.png")
