"""Exports of stored articles as JSON, NDJSON or CSV (the shape is documented in docs/)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

import sqlite_utils

FORMATS = ("json", "ndjson", "csv")
COLUMNS = (
    "id", "canonical_url", "source_id", "title", "published", "language", "companies", "regulators",
    "jurisdictions", "event_types", "event_date", "relevant", "fetched_at",
)
# Stored as JSON arrays; exported as lists (CSV: joined with "; ").
LIST_COLUMNS = ("companies", "regulators", "jurisdictions", "event_types")


def query_articles(
    db: sqlite_utils.Database, since: str | None = None, company: str | None = None, unexported: bool = False,
    until: str | None = None,
) -> Iterator[dict]:
    """Articles newest first; ``company`` matches a top-level group or any entity named;
    ``unexported`` keeps the tagged articles no export has carried since they last changed."""
    where, params = ["1 = 1"], {}
    if unexported:
        where.append("tagged_at is not null and export_id is null")
    if since:
        where.append("coalesce(published, fetched_at) >= :since")
        params["since"] = since
    if until:  # inclusive of the whole day: "2024-09-30" keeps 2024-09-30T23:59:59Z
        where.append("substr(coalesce(published, fetched_at), 1, length(:until)) <= :until")
        params["until"] = until
    if company:
        where.append(
            "(exists (select 1 from json_each(companies) where value = :company)"
            " or exists (select 1 from json_each(mentioned) where value = :company))"
        )
        params["company"] = company
    sql = (
        f"select {', '.join(COLUMNS)} from articles where {' and '.join(where)}"
        " order by coalesce(published, fetched_at) desc, id desc"
    )
    for row in db.query(sql, params):
        yield {**row, **{c: json.loads(row[c] or "[]") for c in LIST_COLUMNS},
               "relevant": None if row["relevant"] is None else bool(row["relevant"])}


def render(rows: Iterator[dict], fmt: str) -> Iterator[str]:
    """Serialise rows lazily, so a large export never sits in memory."""
    if fmt == "ndjson":
        for row in rows:
            yield json.dumps(row, ensure_ascii=False) + "\n"
    elif fmt == "json":
        yield "["
        for position, row in enumerate(rows):
            yield ("," if position else "") + "\n  " + json.dumps(row, ensure_ascii=False)
        yield "\n]\n"
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow({**row, **{c: "; ".join(row[c]) for c in LIST_COLUMNS}})
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
        yield buffer.getvalue()
    else:
        raise ValueError(f"unknown format {fmt!r}; choose one of {FORMATS}")
