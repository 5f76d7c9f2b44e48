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
