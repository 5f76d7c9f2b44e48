"""Running unattended: one run at a time, only the sources that are due, a snapshot after.

``gatewatch run --once`` (cron, systemd timer) is built from these pieces.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import socket
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import sqlite_utils
import yaml

from gatewatch.crawler.sources import Source
from gatewatch.db import store
from gatewatch.db.events import events_summary, update_events
from gatewatch.db.export import query_articles, render

# Exit codes of `gatewatch run --once`, for cron and systemd.
EXIT_OK = 0
EXIT_SOURCE_ERRORS = 3  # the run finished; some sources failed (see crawl_errors)
EXIT_LOCKED = 75  # EX_TEMPFAIL: another run holds the lock; try again at the next tick


class RunLocked(RuntimeError):
    """Another live run holds the lock."""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


@contextlib.contextmanager
def run_lock(db_path: Path) -> Iterator[str | None]:
    """Hold ``<db>.lock`` for the run; yield a note when a stale lock was taken over.

    The lock records pid and host. A lock whose process is gone (on this host) was left by
    a crashed run: it is taken over. A lock from another host is respected, since we cannot
    tell whether its process lives.
    """
    lock = Path(f"{db_path}.lock")
    note = None
    claim = {"pid": os.getpid(), "host": socket.gethostname(), "started": store.utcnow()}
    for _ in range(2):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            try:
                holder = json.loads(lock.read_text(encoding="utf-8") or "{}")
            except (OSError, ValueError):
                holder = {}
            if holder.get("host") == claim["host"] and isinstance(holder.get("pid"), int) and not _alive(holder["pid"]):
                note = f"took over a stale lock left by pid {holder['pid']} (started {holder.get('started')})"
                lock.unlink(missing_ok=True)
                continue
            raise RunLocked(f"{lock} is held by {holder or 'an unreadable lock file'}") from None
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(claim, handle)
        break
    else:
        raise RunLocked(f"could not take {lock}")
    try:
        yield note
    finally:
        lock.unlink(missing_ok=True)


def due_sources(db: sqlite_utils.Database, sources: list[Source], now: dt.datetime) -> tuple[list[Source], list[Source]]:
    """(due, not yet due): a source is due when never tried or its interval has passed."""
    tried = {row["id"]: row["last_attempt"] for row in db.query("select id, last_attempt from sources")}
    due, waiting = [], []
    for source in sources:
        last = tried.get(source.id)
        elapsed = now - dt.datetime.fromisoformat(last.replace("Z", "+00:00")) if last else None
        (due if elapsed is None or elapsed >= dt.timedelta(minutes=source.interval_minutes) else waiting).append(source)
    return due, waiting


def write_registry(sources: list[Source], path: Path) -> Path:
    """A registry file holding just ``sources`` (what the spiders read)."""
    entries = [{k: v for k, v in vars(s).items() if k != "hints" or v} for s in sources]
    path.write_text(yaml.safe_dump({"sources": entries}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _events_of(db: sqlite_utils.Database, article_ids: list[int]) -> list[dict]:
    """The events the given articles report, JSON columns decoded."""
    rows = db.query(
        f"select * from events where id in (select event_id from event_articles where article_id in"
        f" ({', '.join('?' * len(article_ids))})) order by coalesce(decision_date, first_reported) desc",
        article_ids,
    )
    return [{**row, **{c: json.loads(row[c] or "[]") for c in ("companies", "regulators", "case_ids")}} for row in rows]


def export_snapshot(db: sqlite_utils.Database, exports_dir: Path) -> Path | None:
    """Write the articles that are new or changed since the last snapshot, and their events.

    ``exports/articles-<UTC time>.ndjson`` (and ``.json``) hold the articles,
    ``events-<UTC time>.*`` the events they report (new, or changed by them);
    ``latest-articles.*`` and ``latest-events.*`` are copies of the newest batch. Nothing is
    written when nothing changed, so re-running is idempotent. Returns the articles file.
    """
    rows = list(query_articles(db, unexported=True))
    if not rows:
        return None
    exports_dir.mkdir(parents=True, exist_ok=True)
    at = store.utcnow()
    stamp = at.replace(":", "").replace("-", "")
    for name, batch in (("articles", rows), ("events", _events_of(db, [row["id"] for row in rows]))):
        for fmt in ("ndjson", "json"):
            path = exports_dir / f"{name}-{stamp}.{fmt}"
            path.write_text("".join(render(iter(batch), fmt)), encoding="utf-8")
            shutil.copyfile(path, exports_dir / f"latest-{name}.{fmt}")
    articles_file = exports_dir / f"articles-{stamp}.ndjson"
    with db.atomic():
        export_id = db["exports"].insert({"at": at, "path": str(articles_file), "articles": len(rows)}).last_pk
        db.execute(
            f"update articles set export_id = ? where id in ({', '.join('?' * len(rows))})",
            [export_id, *(row["id"] for row in rows)],
        )
    return articles_file


def failed_sources(db: sqlite_utils.Database, run_id: int) -> list[str]:
    """Sources with a real problem in a run (a duplicate listing is not a failure)."""
    rows = db.query(
        "select distinct source_id from crawl_errors where run_id = ? and kind != 'duplicate' order by source_id",
        [run_id],
    )
    return [row["source_id"] for row in rows]


def run_once(
    db_path: Path, registry_path: Path, only: str | None, overrides: dict[str, str], exports_dir: Path,
    echo: Callable[[str], None], processes: int = 1,
) -> int:
    """One unattended run: lock, crawl the due sources, tag, snapshot; return the exit code."""
    from gatewatch import workflow
    from gatewatch.crawler.sources import load_sources

    try:
        with run_lock(db_path) as note:
            if note:
                echo(note)
            with contextlib.closing(store.open_db(db_path)) as db:
                due, waiting = due_sources(db, load_sources(registry_path, only=only), dt.datetime.now(dt.UTC))
                last_run = next(db.query("select max(id) as id from crawl_runs"))["id"]
            if due:
                with tempfile.TemporaryDirectory(prefix="gatewatch-due-") as tmp:
                    workflow.crawl(db_path, write_registry(due, Path(tmp) / "due.yaml"), None,
                                   {"LOG_LEVEL": "WARNING", **overrides})
            with contextlib.closing(store.open_db(db_path)) as db:
                tagged = workflow.tag_database(db, processes)
                events = events_summary(update_events(db))
                snapshot = export_snapshot(db, exports_dir)
                run = workflow.last_run_summary(db)
                failed = failed_sources(db, run["id"]) if due and run.get("id") != last_run else []
    except RunLocked as exc:
        echo(f"another run is in progress: {exc}")  # the exit code says it even when quiet
        return EXIT_LOCKED
    echo(
        f"sources due {len(due)}, not yet due {len(waiting)}; new {run.get('articles_new', 0) if due else 0}; "
        f"tagged {tagged}; {events}; failed sources {len(failed)}{' (' + ', '.join(failed) + ')' if failed else ''}; "
        f"snapshot {snapshot or 'none (nothing changed)'}"
    )
    return EXIT_SOURCE_ERRORS if failed else EXIT_OK
