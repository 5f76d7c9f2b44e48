"""Unattended runs: the lock (live and stale), per-source intervals, exit codes, snapshots."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import sqlite_utils
import yaml

from gatewatch.crawler.archive import load_sample_articles, render_site
from gatewatch.operate import EXIT_LOCKED, EXIT_OK, EXIT_SOURCE_ERRORS, RunLocked, run_lock
from helpers import LOOPBACK_ONLY, gatewatch


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def write_lock(db_path: Path, pid: int) -> None:
    Path(f"{db_path}.lock").write_text(json.dumps({"pid": pid, "host": os.uname().nodename, "started": "x"}))


def test_a_live_lock_is_respected_and_a_stale_one_taken_over(tmp_path: Path) -> None:
    db_path = tmp_path / "gatewatch.db"
    write_lock(db_path, os.getpid())
    with pytest.raises(RunLocked):
        with run_lock(db_path):
            pass
    write_lock(db_path, dead_pid())
    with run_lock(db_path) as note:
        assert "stale lock" in note
        assert json.loads(Path(f"{db_path}.lock").read_text())["pid"] == os.getpid()
    assert not Path(f"{db_path}.lock").exists()


@pytest.fixture
def sample_registry(loopback: tuple[Path, str]) -> Path:
    site_dir, base_url = loopback
    return render_site(load_sample_articles(), site_dir, base_url)


def run_once(registry: Path, db_path: Path, exports: Path) -> subprocess.CompletedProcess:
    return gatewatch("run", "--once", "-v", "--sources", str(registry), "--db", str(db_path),
                     "--exports", str(exports), *LOOPBACK_ONLY, check=False)


def test_run_once_crawls_due_sources_and_snapshots_only_changes(sample_registry: Path, tmp_path: Path) -> None:
    db_path, exports = tmp_path / "gatewatch.db", tmp_path / "exports"
    first = run_once(sample_registry, db_path, exports)
    assert first.returncode == EXIT_OK, first.stderr
    assert "sources due 1, not yet due 0" in first.stderr
    snapshots = sorted(exports.glob("articles-*.ndjson"))
    assert len(snapshots) == 1
    exported = [json.loads(line) for line in snapshots[0].read_text().splitlines()]
    assert len(exported) == len(load_sample_articles()["articles"])
    assert (exports / "latest-articles.ndjson").read_text() == snapshots[0].read_text()
    events = [json.loads(line) for line in (exports / "latest-events.ndjson").read_text().splitlines()]
    assert any(e["title"] == "SAMR fines Alibaba CNY 18.228bn" and e["companies"][0] == "Alibaba" for e in events)

    second = run_once(sample_registry, db_path, exports)  # the source's 60-minute interval has not passed
    assert second.returncode == EXIT_OK and "sources due 0, not yet due 1" in second.stderr
    assert "nothing changed" in second.stderr and len(list(exports.glob("articles-*.ndjson"))) == 1

    registry = yaml.safe_load(sample_registry.read_text())
    registry["sources"][0]["interval_minutes"] = 0
    sample_registry.write_text(yaml.safe_dump(registry))
    third = run_once(sample_registry, db_path, exports)  # due again; the archive has not changed
    assert third.returncode == EXIT_OK and "sources due 1" in third.stderr and "new 0" in third.stderr
    assert len(list(exports.glob("articles-*.ndjson"))) == 1


def test_run_once_exit_codes(sample_registry: Path, tmp_path: Path) -> None:
    registry = yaml.safe_load(sample_registry.read_text())
    broken = {**registry["sources"][0], "id": "gone", "url": registry["sources"][0]["url"].replace("feed.xml", "gone.xml")}
    registry["sources"].append(broken)
    sample_registry.write_text(yaml.safe_dump(registry))
    db_path = tmp_path / "gatewatch.db"
    failing = run_once(sample_registry, db_path, tmp_path / "exports")
    assert failing.returncode == EXIT_SOURCE_ERRORS and "(gone)" in failing.stderr

    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        write_lock(db_path, holder.pid)
        locked = run_once(sample_registry, db_path, tmp_path / "exports")
        assert locked.returncode == EXIT_LOCKED and "another run is in progress" in locked.stderr
    finally:
        holder.kill()
        holder.wait()


def test_quiet_unless_asked(sample_registry: Path, tmp_path: Path) -> None:
    quiet = gatewatch("run", "--once", "--sources", str(sample_registry), "--db", str(tmp_path / "g.db"),
                      "--exports", str(tmp_path / "exports"), *LOOPBACK_ONLY)
    assert quiet.stdout == "" and quiet.stderr == ""


def test_a_broken_registry_stops_the_crawl_with_its_message(tmp_path: Path) -> None:
    registry = tmp_path / "sources.yaml"
    registry.write_text(yaml.safe_dump({"sources": [{"id": "x", "name": "X", "url": "http://127.0.0.1:9/feed",
                                                     "kind": "carrier-pigeon", "language": "en",
                                                     "jurisdiction": None, "tier": "wire"}]}))
    result = gatewatch("crawl", "--sources", str(registry), "--db", str(tmp_path / "g.db"), check=False)
    assert result.returncode == 1 and "kind must be one of" in result.stderr and "Traceback" not in result.stderr


def test_interactive_progress_and_run_figures(sample_registry: Path, tmp_path: Path) -> None:
    db_path = tmp_path / "gatewatch.db"
    result = gatewatch("crawl", "--sources", str(sample_registry), "--db", str(db_path), *LOOPBACK_ONLY,
                       "-s", "GATEWATCH_PROGRESS=on")
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", result.stderr)  # drop terminal colours
    summary = [line for line in plain.splitlines() if "all sources" in line]
    assert summary and summary[-1].split("│")[3].strip() == str(len(load_sample_articles()["articles"]))
    run = next(sqlite_utils.Database(db_path).query("select * from crawl_runs"))
    assert json.loads(run["status_counts"])["200"] >= len(load_sample_articles()["articles"])
    assert run["duration_seconds"] > 0 and run["duplicates"] == 0


def test_json_logs_on_request(sample_registry: Path, tmp_path: Path) -> None:
    result = gatewatch("--json-logs", "crawl", "--sources", str(sample_registry), "--db", str(tmp_path / "g.db"),
                       *LOOPBACK_ONLY)
    records = [json.loads(line) for line in result.stderr.splitlines() if line.strip()]
    assert records and {"time", "level", "logger", "message"} <= set(records[0])
    assert any(r["message"].startswith("Spider closed") for r in records)

