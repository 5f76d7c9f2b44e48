"""How Datasette is started on a Gatewatch database (configuration lives in ``datasette/``)."""

from __future__ import annotations

import sys
from pathlib import Path

DATASETTE_DIR = Path(__file__).with_name("datasette")
METADATA = DATASETTE_DIR / "metadata.yml"
TEMPLATES = DATASETTE_DIR / "templates"
PLUGINS = DATASETTE_DIR / "plugins"


def datasette_command(db_path: str | Path, host: str = "127.0.0.1", port: int = 8001) -> list[str]:
    """The ``datasette serve`` command line for ``db_path`` with our metadata and templates.

    The file is served mutable (no ``-i``): a crawl may be writing it.
    """
    return [
        sys.executable, "-m", "datasette", "serve", str(db_path),
        "--metadata", str(METADATA),
        "--template-dir", str(TEMPLATES),
        "--plugins-dir", str(PLUGINS),
        "--host", host,
        "--port", str(port),
        "--setting", "sql_time_limit_ms", "3000",
        "--setting", "max_returned_rows", "1000",
        "--setting", "suggest_facets", "off",
    ]
