"""The sample archive: our own short reports rendered as a news site, served on loopback.

``gatewatch run --sample`` and the tests crawl it exactly as they would a real site: an RSS
feed lists the articles and each article is a full HTML page with the clutter real pages
carry (navigation, related links, footer, JSON-LD).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import jinja2
import yaml

SAMPLE_DIR = Path(__file__).with_name("sample")
TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(SAMPLE_DIR), autoescape=jinja2.select_autoescape(["html", "xml"])
)


def load_sample_articles(path: Path = SAMPLE_DIR / "articles.yaml") -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _rfc822(iso: str | None) -> str | None:
    if not iso:
        return None
    stamp = dt.datetime.fromisoformat(iso.replace("Z", "+00:00"))
    return stamp.strftime("%a, %d %b %Y %H:%M:%S +0000")


def render_site(site: dict, out_dir: Path, base_url: str) -> Path:
    """Write ``feed.xml``, one page per article and a one-source registry; return the registry.

    ``site`` has the shape of ``sample/articles.yaml``: ``{"site": {...}, "articles": [...]}``.
    An article without ``published`` gets no date anywhere, as happens with real pages.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "articles").mkdir(exist_ok=True)
    articles = [
        {**a, "url": f"{base_url}/articles/{a['slug']}.html", "rfc822": _rfc822(a.get("published")),
         "paragraphs": [p.strip() for p in a["body"].split("\n\n") if p.strip()]}
        for a in site["articles"]
    ]
    page = TEMPLATES.get_template("article.html")
    for article in articles:
        related = [a for a in articles if a is not article][:4]
        (out_dir / "articles" / f"{article['slug']}.html").write_text(
            page.render(site=site["site"], article=article, related=related), encoding="utf-8"
        )
    (out_dir / "feed.xml").write_text(
        TEMPLATES.get_template("feed.xml").render(site=site["site"], articles=articles, base_url=base_url),
        encoding="utf-8",
    )
    registry = out_dir / "sources.yaml"
    source = {
        "id": "sample-wire", "name": site["site"]["name"], "url": f"{base_url}/feed.xml", "kind": "feed",
        "language": "en", "jurisdiction": None, "tier": "wire", "interval_minutes": 60,
        "attested": "the bundled sample archive, served on loopback",
    }
    registry.write_text(yaml.safe_dump({"sources": [source]}, allow_unicode=True), encoding="utf-8")
    return registry


class StaticHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, quietly, with per-path header overrides (e.g. a wrong Content-Type)."""

    header_overrides: dict[str, dict[str, str]] = {}

    def send_header(self, keyword: str, value: str) -> None:
        overrides = self.header_overrides.get(self.path.split("?")[0], {})
        super().send_header(keyword, overrides.get(keyword.lower(), value))

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (stdlib signature)
        pass


@contextlib.contextmanager
def serve_directory(
    directory: Path,
    port: int = 0,
    headers: dict[str, dict[str, str]] | None = None,
    handler: type[StaticHandler] = StaticHandler,
) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (a free port by default); yield its base URL.

    ``headers`` maps a URL path to response headers (lower-case names) that replace the
    ones the server would send, as fixtures need to reproduce what real servers say.
    """
    overrides = {path: {k.lower(): v for k, v in h.items()} for path, h in (headers or {}).items()}
    handler_class = type("Handler", (handler,), {"header_overrides": overrides})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", port), functools.partial(handler_class, directory=str(directory))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
