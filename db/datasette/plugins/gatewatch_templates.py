"""Template helpers for Gatewatch's Datasette pages (loaded with --plugins-dir)."""

import json

from datasette import hookimpl


def json_list(value: str | None) -> list:
    """A JSON array column as a list; anything else as an empty list."""
    try:
        parsed = json.loads(value or "[]")
    except ValueError:
        return []
    return parsed if isinstance(parsed, list) else []


@hookimpl
def prepare_jinja2_environment(env):
    env.filters["gatewatch_json"] = json_list


@hookimpl
def extra_template_vars(datasette):
    """``sql(query, params, database)`` for custom pages such as pages/timeline.html.

    Read-only (Datasette's execute), bound by the same time limit as any query.
    """

    async def sql(query: str, params: dict | None = None, database: str | None = None) -> list[dict]:
        result = await datasette.get_database(database).execute(query, params or {})
        return [dict(row) for row in result.rows]

    return {"sql": sql}
