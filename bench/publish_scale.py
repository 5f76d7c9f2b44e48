"""Publishing at scale: p50/p95 of the pages journalists open, on a synthetic 1M-article database.

Generates (once, cached at --db) a database of --articles articles and --events events through
our real migrations (see publish_data.py), starts Datasette exactly as `gatewatch serve --public`
does (migrate, snapshot, immutable, our metadata, templates, plugins and limits) on a loopback
port, and times real HTTP requests, one at a time after a warm-up, for four kinds of page:

  search    the `search` canned query (bm25-ranked) for names, "fine", Digital Markets Act …
  timeline  the events table filtered by two facets, the /timeline front page (as opened,
            and with two filters) and the `timeline` canned query with two filters
  company   the `company` canned query for the most and a rarely covered company
  alerts    the Atom feeds a reader polls: the most covered company, the most active regulator, fines,
            and a saved search for the most covered company
  events    the `search_events` canned query (bm25 over event titles, companies, regulators)

    .venv/bin/python bench/publish_scale.py                  # 1M articles, 100k events (generation takes minutes)
    .venv/bin/python bench/publish_scale.py --articles 20000 --events 2000 --requests 10   # a quick look

Targets (issue #6, on a 2-core machine): search p50 <= 50 ms, timeline p50 <= 100 ms and p95 <= 250 ms.
A cached --db first gets any pending migration, as `gatewatch serve` would. Whatever else runs on
the machine slows every figure, so the load average is printed: compare runs made back to back.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from sqlite_utils.utils import sqlite3

from publish_data import generate

from gatewatch.db import store
from gatewatch.db.serve import datasette_command

SEARCHES = ["fine", "Digital Markets Act", "WeChat Pay", "Alphabet", "gatekeeper", "interoperability",
            "Apple fine", "Tencent"]
# (kind, path) with the query string appended; company and regulator names are filled in from the KB ranking.
PAGES = [
    *(("search", "/gatewatch/search?" + urllib.parse.urlencode({"q": q})) for q in SEARCHES),
    ("timeline", "/gatewatch/events?event_type=fine&jurisdiction=EU"),
    ("timeline", "/timeline"),  # the front page, unfiltered
    ("timeline", "/timeline?company={popular}&event_type=fine"),
    ("timeline", "/gatewatch/timeline?company={popular}&event_type=fine&since=2018-01-01"),
    ("company", "/gatewatch/company?company={popular}"),
    ("company", "/gatewatch/company?company={rare}"),
    ("alerts", "/gatewatch/alerts_company.atom?company={popular}"),
    ("alerts", "/gatewatch/alerts_regulator.atom?regulator={regulator}"),
    ("alerts", "/gatewatch/alerts_event_type.atom?event_type=fine"),
    ("alerts", "/gatewatch/alerts_search.atom?q={popular}"),
    ("events", "/gatewatch/search_events?q={popular}"),
    ("events", "/gatewatch/search_events?q=fines"),
]
# (kind, statistic, milliseconds)
TARGETS = [("search", "p50", 50), ("timeline", "p50", 100), ("timeline", "p95", 250)]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database(path: Path, articles: int, events: int) -> None:
    """Reuse ``path`` when it holds the requested number of articles, else generate it."""
    if path.exists():
        with sqlite3.connect(path) as conn:
            have = conn.execute("select count(*) from articles").fetchone()[0]
        if have == articles:
            print(f"reusing {path} ({have:,} articles)")
            return
        path.unlink()
    print(f"generating {articles:,} articles and {events:,} events into {path}")
    generate(path, articles, events)


def applied_migrations(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return ", ".join(name for (name,) in conn.execute("select name from migrations order by version"))


def page_subjects(path: Path) -> dict[str, str]:
    """Whom the company and regulator pages are about, read from the database itself (a cached
    one may predate knowledge-base changes): the most covered group, one three quarters down
    the coverage ranking of groups, and the most covered regulator."""
    with sqlite3.connect(path) as conn:
        companies = [name for (name,) in conn.execute(
            "select company from article_companies where company in (select name from entities where parent_id is null)"
            " group by company order by count(*) desc")]
        regulator, = conn.execute(
            "select regulator from article_regulators group by regulator order by count(*) desc limit 1").fetchone()
    return {"popular": companies[0], "rare": companies[len(companies) * 3 // 4], "regulator": regulator}


def start_server(path: Path, port: int) -> subprocess.Popen:
    """What `gatewatch serve --public` does: migrate, snapshot, then Datasette on the snapshot."""
    started = time.perf_counter()
    store.open_db(path).close()
    print(f"migrated ({applied_migrations(path)}) in {time.perf_counter() - started:.1f}s")
    started = time.perf_counter()
    command = datasette_command(path, port=port, public=True)
    print(f"public snapshot taken in {time.perf_counter() - started:.1f}s")
    log = (path.parent / "datasette.log").open("w")
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    for _ in range(600):
        try:
            versions = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/-/versions.json", timeout=5))
            # Figures depend on the SQLite Datasette runs on (FTS5 ranking got faster across versions).
            print(f"Datasette {versions['datasette']['version']} on SQLite {versions['sqlite']['version']}")
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit(f"Datasette did not start; see {log.name}")


def fetch(url: str) -> tuple[float, str | None]:
    """Seconds for one full GET of ``url``, and the error if it failed (time limit …)."""
    started = time.perf_counter()
    error = None
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            response.read()
    except urllib.error.HTTPError as failure:
        error = f"HTTP {failure.code}"
    return time.perf_counter() - started, error


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def measure(base: str, pages: list[tuple[str, str]], requests: int) -> tuple[dict, dict]:
    """Per page, ``requests`` timings in ms taken round-robin after one warm-up round, and the
    errors met (a failed request is timed too: that is what the reader waited)."""
    for _, path in pages:
        fetch(base + path)
    timings: dict[str, list[float]] = {path: [] for _, path in pages}
    errors: dict[str, list[str]] = {path: [] for _, path in pages}
    for _ in range(requests):
        for _, path in pages:
            seconds, error = fetch(base + path)
            timings[path].append(1000 * seconds)
            errors[path] += [error] if error else []
    return timings, errors


def report(pages: list[tuple[str, str]], timings: dict[str, list[float]], errors: dict[str, list[str]]) -> None:
    print(f"\n{'kind':9} {'p50':>7} {'p95':>7} {'max':>7}  page (ms)")
    for kind, path in pages:
        ms = timings[path]
        failed = f"  FAILED {len(errors[path])}x: {', '.join(sorted(set(errors[path])))}" if errors[path] else ""
        print(f"{kind:9} {percentile(ms, .5):7.1f} {percentile(ms, .95):7.1f} {max(ms):7.1f}  {path}{failed}")
    print()
    for kind in dict.fromkeys(kind for kind, _ in pages):
        ms = [t for k, path in pages if k == kind for t in timings[path]]
        stats = {"p50": percentile(ms, .5), "p95": percentile(ms, .95)}
        verdicts = [f"{stat} {stats[stat]:.1f} ms (target <= {limit}: {'PASS' if stats[stat] <= limit else 'MISS'})"
                    for k, stat, limit in TARGETS if k == kind]
        summary = "; ".join(verdicts) or f"p50 {stats['p50']:.1f} ms, p95 {stats['p95']:.1f} ms (no target)"
        print(f"{kind:9} all {len(ms)} requests: {summary}")


def check_rows(base: str, pages: list[tuple[str, str]]) -> None:
    """What each Datasette page returned (its .json), so a fast but empty answer shows up."""
    for _, path in pages:
        if path.startswith("/gatewatch/"):
            name, _, query = path.partition("?")
            data = json.load(urllib.request.urlopen(f"{base}{name.removesuffix('.atom')}.json?{query}", timeout=60))
            # A facet past facet_time_limit_ms is left out of facet_results.
            extra = (f", {data['filtered_table_rows_count']} match, facets computed: {', '.join(data['facet_results'])}"
                     if "facet_results" in data else "")
            print(f"{len(data['rows']):5} rows{' (truncated)' if data.get('truncated') else ''}{extra}  {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--db", type=Path, help="database to reuse or create (default /tmp/gw-bench/<articles>/gatewatch.db)")
    parser.add_argument("--requests", type=int, default=20, help="timed requests per page")
    args = parser.parse_args()
    path = args.db or Path(f"/tmp/gw-bench/{args.articles}/gatewatch.db")
    database(path, args.articles, args.events)
    names = page_subjects(path)
    pages = [(kind, path_.format(**{k: urllib.parse.quote(v) for k, v in names.items()})) for kind, path_ in PAGES]
    port = free_port()
    server = start_server(path, port)
    try:
        base = f"http://127.0.0.1:{port}"
        load = os.getloadavg()[0]
        timings, errors = measure(base, pages, args.requests)
        report(pages, timings, errors)
        print(f"load average (1 min) before {load:.1f}, after {os.getloadavg()[0]:.1f}, on {os.cpu_count()} CPUs")
        check_rows(base, pages)
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
