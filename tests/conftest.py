"""Shared fixtures: the ../shared material, loopback sites, the CLI, Datasette, Chromium."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from gatewatch.crawler.archive import serve_directory
from gatewatch.crawler.archive import load_sample_articles, render_site
from helpers import ARTIFACTS, LOOPBACK_ONLY, free_port, gatewatch

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("GATEWATCH_SHARED", REPO.parent / "shared"))
# CI sets this so that a missing browser fails the run instead of skipping.
REQUIRE_BROWSER = os.environ.get("GATEWATCH_REQUIRE_BROWSER") == "1"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared beside the clone (others' material we may read but never commit)."""
    if not (SHARED / "seed-article.txt").exists():
        pytest.skip(f"shared material not found at {SHARED} (set GATEWATCH_SHARED to its path)")
    return SHARED


@pytest.fixture(scope="session")
def seed_article(shared_dir: Path) -> dict:
    """The seed article as a sample-archive entry: first line the headline, then paragraphs.

    The file carries no date, so neither does the page or feed item made from it.
    """
    lines = [line.strip() for line in (shared_dir / "seed-article.txt").read_text(encoding="utf-8").splitlines()]
    title, body = lines[0], [line for line in lines[1:] if line]
    return {
        "slug": "alibaba-embraces-wechat-pay",
        "title": title,
        "author": "Brian Adams",
        "language": "en",
        "summary": body[0],
        "body": "\n\n".join(body),
    }


@pytest.fixture
def loopback(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """An empty directory served on 127.0.0.1; yields (directory, base URL)."""
    site = tmp_path / "site"
    site.mkdir()
    with serve_directory(site) as base_url:
        yield site, base_url


@pytest.fixture
def datasette(tmp_path: Path) -> Iterator:
    """Start ``gatewatch serve`` (a real Datasette process) for a database; yield its base URL."""
    processes = []

    def start(db_path: Path, *options: str) -> str:
        port = free_port()
        log = open(tmp_path / f"datasette-{port}.log", "w")
        process = subprocess.Popen(
            [sys.executable, "-m", "gatewatch", "serve", "--db", str(db_path), "--port", str(port), *options],
            stdout=log, stderr=subprocess.STDOUT,
        )
        processes.append(process)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise AssertionError(f"datasette exited: {(tmp_path / f'datasette-{port}.log').read_text()}")
            try:
                urllib.request.urlopen(f"{base}/-/versions.json", timeout=2)
                return base
            except OSError:
                time.sleep(0.2)
        raise AssertionError("datasette did not answer within 60 s")

    yield start
    for process in processes:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        if REQUIRE_BROWSER:
            pytest.fail("GATEWATCH_REQUIRE_BROWSER=1 but no chromium on PATH (apt-get install chromium)")
        pytest.skip("no chromium on PATH: apt-get install chromium to run browser tests")
    return path


@pytest.fixture
def browser_page(chromium_path: str, tmp_path: Path) -> Iterator:
    """A Playwright page in Debian's headless Chromium (no browser download needed)."""
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"],
        )
        page = browser.new_page()
        yield page
        browser.close()


@pytest.fixture
def crawled_db(loopback: tuple[Path, str], seed_article: dict, tmp_path: Path) -> tuple[Path, str, dict]:
    """The sample archive plus the seed article, crawled and tagged into a fresh database."""
    site_dir, base_url = loopback
    sample = load_sample_articles()
    site = {"site": sample["site"], "articles": [*sample["articles"], seed_article]}
    registry = render_site(site, site_dir, base_url)
    db_path = tmp_path / "gatewatch.db"
    crawl = gatewatch("crawl", "--sources", str(registry), "--db", str(db_path), *LOOPBACK_ONLY)
    assert f"new {len(site['articles'])}," in crawl.stdout
    gatewatch("tag", "--db", str(db_path))
    gatewatch("events", "rebuild", "--db", str(db_path))
    return db_path, base_url, site
