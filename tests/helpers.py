"""Helpers the tests import (fixtures live in conftest.py)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

# Screenshots and other things a person may want to look at after a run.
ARTIFACTS = Path(os.environ.get("GATEWATCH_ARTIFACTS", Path(__file__).parent.parent / "test-artifacts"))


# Crawls in tests may contact loopback only, whatever a fixture links to.
LOOPBACK_ONLY = ("-s", "GATEWATCH_ALLOWED_HOSTS=127.0.0.1")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def gatewatch(*args: str, check: bool = True, cwd: Path | None = None, input: str | None = None) -> subprocess.CompletedProcess:
    """Run the real ``gatewatch`` CLI in a child process (Scrapy's reactor runs once per process)."""
    result = subprocess.run(
        [sys.executable, "-m", "gatewatch", *args], capture_output=True, text=True, cwd=cwd, input=input, timeout=300
    )
    if check and result.returncode != 0:
        raise AssertionError(f"gatewatch {' '.join(args)} exited {result.returncode}\n{result.stdout}\n{result.stderr}")
    return result


def get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.load(response)


def screenshot(page, name: str) -> Path:
    """Save a screenshot to ARTIFACTS; a flaky capture is retried once, then fails loudly."""
    path = ARTIFACTS / name
    try:
        page.screenshot(path=str(path), full_page=True)
    except Exception:  # noqa: BLE001 (Playwright raises several kinds; one retry for any)
        page.screenshot(path=str(path), full_page=True)
    return path
