"""Pages per second with 1 and with 2 scrapy-redis workers on the same loopback archive.

Each worker waits DOWNLOAD_DELAY between requests to the site, as a polite crawler does on
a real host; splitting the crawl over workers is what lets it go faster than that delay
allows one process. Needs redis-server on PATH (started here on a free loopback port).

    .venv/bin/python bench/scaleout.py --pages 300 --delay 0.05
"""

from __future__ import annotations

import argparse
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from crawl_throughput import build_site

from gatewatch.crawler.archive import serve_directory


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--delay", type=float, default=0.05, help="DOWNLOAD_DELAY per worker, seconds")
    args = parser.parse_args()
    port = free_port()
    server = subprocess.Popen([shutil.which("redis-server"), "--port", str(port), "--bind", "127.0.0.1",
                               "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL)
    time.sleep(0.5)
    try:
        with tempfile.TemporaryDirectory() as tmp, serve_directory(Path(tmp)) as base_url:
            registry = build_site(Path(tmp), base_url, args.pages)
            rates = {}
            for workers in (1, 2):
                started = time.perf_counter()
                subprocess.run(
                    [sys.executable, "-m", "gatewatch", "crawl", "--sources", str(registry),
                     "--db", str(Path(tmp) / f"bench-{workers}.db"), "--redis", f"redis://127.0.0.1:{port}/0",
                     "--workers", str(workers), "-s", "AUTOTHROTTLE_ENABLED=False", "-s", f"DOWNLOAD_DELAY={args.delay}",
                     "-s", "GATEWATCH_IDLE_GRACE=2", "-s", "LOG_LEVEL=ERROR", "-s", "GATEWATCH_ALLOWED_HOSTS=127.0.0.1"],
                    check=True, capture_output=True,
                )
                rates[workers] = args.pages / (time.perf_counter() - started)
        print(f"{args.pages} pages, DOWNLOAD_DELAY {args.delay}s | 1 worker {rates[1]:.1f} pages/s | "
              f"2 workers {rates[2]:.1f} pages/s | speed-up {rates[2] / rates[1]:.2f}x")
    finally:
        server.terminate()


if __name__ == "__main__":
    main()
