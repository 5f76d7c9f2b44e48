"""A loopback server whose ``…/_fault/NAME`` paths misbehave the way real servers do.

Everything else is served as static files. The fault endpoints answer from the files of the
site they sit under (``article.html`` with ``{fault}`` filled in, ``gbk-article.html``,
``truncated-feed.xml``), so each fixture site states its own content.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from gatewatch.crawler.archive import StaticHandler, serve_directory

HUGE_BYTES = 11 * 1024 * 1024  # just over the crawler's 10 MiB DOWNLOAD_MAXSIZE


class FaultHandler(StaticHandler):
    """Static files plus fault endpoints.

    List pages are dynamic on real sites (``?page=2``); here a request with a query string is
    answered from the file named ``<stem>@<query><suffix>`` beside the plain one when it
    exists (``press-releases@page=1.html``), so a fixture can hold each page of a list.
    """

    hits: Counter[str]
    # Java and Drupal boards answer .do and extension-less paths with HTML.
    extensions_map = {**StaticHandler.extensions_map, ".do": "text/html"}

    def translate_path(self, path: str) -> str:
        plain = super().translate_path(path)
        query = urlsplit(path).query
        if query:
            stem, suffix = os.path.splitext(plain)
            paged = f"{stem}@{unquote(query)}{suffix}"
            if os.path.isfile(paged):
                return paged
        return plain

    def do_GET(self) -> None:  # noqa: N802 (stdlib name)
        path = self.path.split("?")[0]
        if "/_fault/" not in path:
            return super().do_GET()
        site, name = path.rsplit("/_fault/", 1)
        self.site_dir = Path(self.directory) / site.strip("/")
        self.hits[path] += 1
        first = self.hits[path] == 1
        if name.startswith("ok-"):
            return self.article(name)
        fault = getattr(self, "fault_" + name.replace("-", "_"), None)
        if fault is None:
            return self.send_error(404)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the crawler may hang up
            fault(first)

    def reply(self, status: int, body: bytes = b"", content_type: str = "text/html; charset=utf-8", **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def article(self, name: str) -> None:
        page = (self.site_dir / "article.html").read_text(encoding="utf-8").replace("{fault}", name)
        self.reply(200, page.encode("utf-8"))

    def fault_slow(self, first: bool) -> None:
        time.sleep(3)
        self.article("slow")

    def fault_rate_limited_once(self, first: bool) -> None:
        if first:
            return self.reply(429, b"Too Many Requests", Retry_After="1")
        self.article("rate-limited-once")

    def fault_rate_limited(self, first: bool) -> None:
        self.reply(429, b"Too Many Requests", Retry_After="3600")

    def fault_flaky(self, first: bool) -> None:
        if first:
            return self.reply(500, b"Internal Server Error")
        self.article("flaky")

    def fault_loop(self, first: bool) -> None:
        self.reply(302, b"", Location=self.path)

    def fault_huge(self, first: bool) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(HUGE_BYTES))
        self.end_headers()
        chunk = b"<p>" + b"filler " * 1000 + b"</p>\n"
        for _ in range(HUGE_BYTES // len(chunk) + 1):
            self.wfile.write(chunk)

    def fault_gone(self, first: bool) -> None:
        self.reply(410, b"Gone")

    def fault_image(self, first: bool) -> None:
        self.reply(200, b"\x89PNG\r\n\x1a\n" + bytes(64), content_type="image/png")

    def fault_empty(self, first: bool) -> None:
        self.reply(200, b"")

    def fault_wrong_charset(self, first: bool) -> None:
        page = (self.site_dir / "gbk-article.html").read_text(encoding="utf-8")
        self.reply(200, page.encode("gbk"), content_type="text/html; charset=utf-8")

    def fault_truncated_feed(self, first: bool) -> None:
        feed = (self.site_dir / "truncated-feed.xml").read_bytes()
        self.reply(200, feed[: int(len(feed) * 0.7)], content_type="application/rss+xml")


@contextlib.contextmanager
def serve_faults(directory: Path) -> Iterator[str]:
    """Like ``serve_directory``, with the fault endpoints live; yields the base URL."""
    handler = type("Handler", (FaultHandler,), {"hits": Counter()})
    with serve_directory(directory, handler=handler) as base_url:
        yield base_url
