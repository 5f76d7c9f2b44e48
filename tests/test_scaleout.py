"""Scale-out on scrapy-redis: two worker processes split one crawl of the loopback archive,
one writer stores it, and the stored result equals a single-process crawl."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
import sqlite_utils

from gatewatch.crawler.archive import load_sample_articles, render_site
from helpers import LOOPBACK_ONLY, free_port, gatewatch

# CI installs redis-server and sets this, so a missing server fails there instead of skipping.
REQUIRE_REDIS = os.environ.get("GATEWATCH_REQUIRE_REDIS") == "1"
# A small per-worker delay stands in for real network latency, so both workers get a share.
FAST = ("-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0.15", "-s", "GATEWATCH_IDLE_GRACE=2")


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    binary = shutil.which("redis-server")
    if binary is None:
        if REQUIRE_REDIS:
            pytest.fail("GATEWATCH_REQUIRE_REDIS=1 but redis-server is not installed (apt-get install redis-server)")
        pytest.skip("redis-server not installed: apt-get install redis-server to run the scale-out test")
    port = free_port()
    server = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                               "--dir", str(tmp_path)], stdout=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    deadline = time.monotonic() + 10
    while True:
        try:
            redis.Redis.from_url(url).ping()
            break
        except redis.ConnectionError:
            if time.monotonic() > deadline:
                server.kill()
                pytest.fail("redis-server did not start within 10 s")
            time.sleep(0.1)
    yield url
    server.terminate()
    server.wait(timeout=10)


def stored(db_path: Path) -> set[tuple]:
    db = sqlite_utils.Database(db_path)
    rows = db.query("select canonical_url, content_hash, title, published, language from articles")
    return {(re.sub(r"^http://127\.0\.0\.1:\d+", "", r["canonical_url"]), *list(r.values())[1:]) for r in rows}


def test_two_workers_store_what_one_process_stores(loopback: tuple[Path, str], tmp_path: Path, redis_url: str) -> None:
    site_dir, base_url = loopback
    sample = load_sample_articles()
    articles = [{**a, "slug": f"{a['slug']}-{n}", "body": f"{a['body']}\n\nScale-out copy {n}."}
                for n in range(6) for a in sample["articles"]]
    registry = render_site({"site": sample["site"], "articles": articles}, site_dir, base_url)
    single, shared = tmp_path / "single" / "gatewatch.db", tmp_path / "shared" / "gatewatch.db"
    single.parent.mkdir()
    shared.parent.mkdir()
    gatewatch("crawl", "--sources", str(registry), "--db", str(single), *LOOPBACK_ONLY, *FAST)
    result = gatewatch("crawl", "--sources", str(registry), "--db", str(shared), "--redis", redis_url,
                       "--workers", "2", *LOOPBACK_ONLY, *FAST)
    per_worker = [int(n) for n in re.search(r"requests per worker: ([\d, ]+)", result.stdout).group(1).split(", ")]
    assert len(per_worker) == 2 and all(n > 0 for n in per_worker), f"both workers fetched pages: {per_worker}"
    assert len(stored(single)) == len(articles)
    assert stored(shared) == stored(single)
    run = next(sqlite_utils.Database(shared).query("select * from crawl_runs"))
    assert run["status"] == "ok" and run["articles_new"] == len(articles)
