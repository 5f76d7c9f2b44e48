"""How Datasette is started on a Gatewatch database (configuration lives in ``datasette/``)."""

from __future__ import annotations

import sys
from pathlib import Path

from sqlite_utils.utils import sqlite3

DATASETTE_DIR = Path(__file__).with_name("datasette")
METADATA = DATASETTE_DIR / "metadata.yml"
TEMPLATES = DATASETTE_DIR / "templates"
PLUGINS = DATASETTE_DIR / "plugins"
# Limits that keep one visitor from tying the server up.
LIMITS = {"sql_time_limit_ms": "3000", "max_returned_rows": "1000", "suggest_facets": "off"}
# What a public server additionally turns off: arbitrary SQL and whole-file downloads.
PUBLIC = {"default_allow_sql": "off", "allow_download": "off"}


def public_snapshot(db_path: Path) -> Path:
    """A consistent copy of the database for public serving, beside it.

    Datasette's immutable mode (``-i``) is only safe on a file nobody writes, so the public
    server reads this snapshot (named like the original, so the metadata still applies)
    while crawls go on writing the original. Serving again takes a fresh snapshot.
    """
    snapshot = db_path.parent / ".public-snapshot" / db_path.name
    snapshot.parent.mkdir(exist_ok=True)
    partial = snapshot.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    with sqlite3.connect(db_path) as source:
        source.execute("VACUUM INTO ?", [str(partial)])
    source.close()
    partial.replace(snapshot)  # atomic: a reader never sees half a snapshot
    return snapshot


def datasette_command(db_path: str | Path, host: str = "127.0.0.1", port: int = 8001, public: bool = False) -> list[str]:
    """The ``datasette serve`` command line for ``db_path`` with our metadata and templates.

    The live file is served mutable (a crawl may be writing it); ``public`` serves the
    snapshot immutable, with SQL and downloads off.
    """
    settings = {**LIMITS, **(PUBLIC if public else {})}
    return [
        sys.executable, "-m", "datasette", "serve",
        *(["-i", str(public_snapshot(Path(db_path)))] if public else [str(db_path)]),
        "--metadata", str(METADATA),
        "--template-dir", str(TEMPLATES),
        "--plugins-dir", str(PLUGINS),
        "--host", host,
        "--port", str(port),
        *(part for name, value in settings.items() for part in ("--setting", name, value)),
    ]
