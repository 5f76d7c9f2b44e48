"""Read-side figures about the crawl: how each source is doing."""

from __future__ import annotations

from collections.abc import Iterable

import sqlite_utils

STATUS_COLUMNS = ("id", "kind", "tier", "jurisdiction", "articles", "errors", "last_success", "last_error")


def source_status(db: sqlite_utils.Database | None, sources: Iterable[dict]) -> list[dict]:
    """One row per registry source: stored articles, recorded errors, last success and error.

    ``db`` may be None (nothing crawled yet): every source then shows zeros.
    """
    stored: dict[str, dict] = {}
    if db is not None and db["sources"].exists():
        stored = {
            row["id"]: row
            for row in db.query(
                """
                select s.id, s.last_success, s.last_error,
                  (select count(*) from articles a where a.source_id = s.id) as articles,
                  (select count(*) from crawl_errors e where e.source_id = s.id) as errors
                from sources s
                """
            )
        }
    rows = []
    for source in sources:
        state = stored.get(source["id"], {})
        rows.append(
            {
                **{k: source.get(k) for k in ("id", "kind", "tier", "jurisdiction")},
                "articles": state.get("articles", 0),
                "errors": state.get("errors", 0),
                "last_success": state.get("last_success"),
                "last_error": state.get("last_error"),
            }
        )
    return rows
