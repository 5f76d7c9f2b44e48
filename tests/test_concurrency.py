"""Datasette keeps answering, with whole articles only, while a crawl writes the same file."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from gatewatch.crawler.archive import load_sample_articles, render_site
from gatewatch.db.store import open_db
from helpers import LOOPBACK_ONLY

PAGES = 240


def test_reads_during_a_crawl_see_no_lock_and_no_partial_article(loopback: tuple[Path, str], tmp_path: Path, datasette) -> None:
    site_dir, base_url = loopback
    sample = load_sample_articles()
    articles = [
        {**a, "slug": f"{a['slug']}-{n}", "body": f"{a['body']}\n\nCopy {n} of this report, for the concurrency test."}
        for n in range(PAGES // len(sample["articles"]))
        for a in sample["articles"]
    ]
    registry = render_site({"site": sample["site"], "articles": articles}, site_dir, base_url)
    db_path = tmp_path / "gatewatch.db"
    open_db(db_path).close()
    datasette_url = datasette(db_path)
    crawl = subprocess.Popen(
        [sys.executable, "-m", "gatewatch", "crawl", "--sources", str(registry), "--db", str(db_path), *LOOPBACK_ONLY,
         "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    reads, counts, failures = 0, [], []
    deadline = time.monotonic() + 120
    while crawl.poll() is None and time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{datasette_url}/gatewatch/articles.json?_shape=objects&_size=max", timeout=30) as r:
                rows = json.load(r)["rows"]
        except urllib.error.HTTPError as exc:
            failures.append(f"{exc.code}: {exc.read()[:200]!r}")
            continue
        reads += 1
        counts.append(len(rows))
        failures += [f"partial row {row['id']}" for row in rows if not (row["text"] and row["content_hash"] and row["canonical_url"])]
    _, stderr = crawl.communicate(timeout=120)
    assert crawl.returncode == 0, stderr
    assert failures == [], failures[:5]
    assert "database is locked" not in stderr
    assert reads >= 3 and counts == sorted(counts), "reads went on during the crawl and only ever saw more rows"
    assert counts[0] < len(articles), "the first reads ran while the crawl was still writing"
    with urllib.request.urlopen(f"{datasette_url}/gatewatch/articles.json?_shape=objects&_size=max") as r:
        assert len(json.load(r)["rows"]) == len(articles)
