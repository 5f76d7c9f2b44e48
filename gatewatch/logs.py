"""JSON-lines logs (``gatewatch --json-logs …``), for log shippers and unattended runs."""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys

_enabled = False


class JsonLinesFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, message (and the traceback)."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def use_json_logs(level: str = "INFO") -> None:
    """Send every log record to stderr as JSON lines (Scrapy's own handler stays off)."""
    global _enabled
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonLinesFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    _enabled = True


def json_logs() -> bool:
    return _enabled
