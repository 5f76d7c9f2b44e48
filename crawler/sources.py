"""The source registry: a YAML data file describing every source the crawler reads.

Adding a source should be a data change, not a code change: a listing page is described by
parser hints (CSS or XPath selectors, date format, pagination) that the ``listings`` spider
reads, and only a site needing more than selectors names a small parser class.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml

KINDS = ("feed", "listing", "sitemap")
TIERS = ("regulator", "court", "legislature", "wire", "major", "trade", "aggregator")
# Listing parsers a registry entry may name in ``parser`` (see crawler/listing.py).
PARSERS = ("html", "jpaas")
# Hints a listing or sitemap entry may carry, with what each means.
HINTS = {
    "item": "selector for one listed entry (default: every link)",
    "link": "selector for the entry's URL, relative to the item (default: its href)",
    "title": "selector for the entry's title, relative to the item",
    "date": "selector for the entry's date text, relative to the item",
    "date_format": "strptime format of that date, e.g. %Y-%m-%d or %B %d, %Y",
    "link_pattern": "regular expression an entry's absolute URL must match",
    "next_page": "selector for the next listing page's URL",
    "page_param": "query parameter that numbers listing pages (when there is no next link)",
    "first_page": "the number page_param gives the first page (0 for Drupal, 1 for most boards)",
    "max_pages": "listing pages read per crawl (default 1, at most 10)",
    "max_urls": "URLs taken from each sitemap file, newest first (default 100)",
    "max_sitemaps": "sitemap files read per crawl, index included (default 5)",
    "referer": "Referer header some list APIs insist on",
}
JURISDICTION = re.compile(r"^(?:[A-Z]{2}|EU)$")
LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z]{2,4})?$")


class RegistryError(ValueError):
    """The registry file is not usable; the message names the entry and field."""


@dataclass(frozen=True)
class Source:
    id: str
    name: str
    url: str
    kind: str
    language: str
    jurisdiction: str | None
    tier: str
    interval_minutes: int = 60
    attested: str | None = None
    parser: str = "html"
    hints: dict[str, Any] = field(default_factory=dict, hash=False)

    def row(self) -> dict:
        """The columns this source owns in the ``sources`` table."""
        row = asdict(self)
        for registry_only in ("attested", "parser", "hints"):
            row.pop(registry_only)
        return row

    def hint(self, name: str, default: Any = None) -> Any:
        return self.hints.get(name, default)


def check_source(source: Source, where: str) -> None:
    """Raise RegistryError naming ``where`` when a field is out of its allowed range."""
    if source.kind not in KINDS:
        raise RegistryError(f"{where}: {source.id}: kind must be one of {KINDS}")
    if source.tier not in TIERS:
        raise RegistryError(f"{where}: {source.id}: tier must be one of {TIERS}")
    if source.parser not in PARSERS:
        raise RegistryError(f"{where}: {source.id}: parser must be one of {PARSERS}")
    if source.jurisdiction is not None and not JURISDICTION.match(source.jurisdiction):
        raise RegistryError(f"{where}: {source.id}: jurisdiction must be ISO 3166 alpha-2 or EU")
    if not LANGUAGE.match(source.language or ""):
        raise RegistryError(f"{where}: {source.id}: language must be a language code such as en or zh")
    if not isinstance(source.hints, dict):
        raise RegistryError(f"{where}: {source.id}: hints must be a mapping")
    unknown = set(source.hints) - set(HINTS)
    if unknown:
        raise RegistryError(f"{where}: {source.id}: unknown hints {sorted(unknown)}; known: {sorted(HINTS)}")
    if "link_pattern" in source.hints:
        try:
            re.compile(source.hints["link_pattern"])
        except re.error as exc:
            raise RegistryError(f"{where}: {source.id}: link_pattern: {exc}") from None


def load_sources(path: str | Path, only: str | None = None) -> list[Source]:
    """Read and check a registry file; ``only`` keeps the source with that id."""
    entries = (yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}).get("sources") or []
    known = {f.name for f in fields(Source)}
    sources = []
    for position, entry in enumerate(entries, 1):
        unknown = set(entry) - known
        if unknown:
            raise RegistryError(f"{path}: entry {position} has unknown fields {sorted(unknown)}")
        try:
            source = Source(**{**entry, "hints": entry.get("hints") or {}})
        except TypeError as exc:
            raise RegistryError(f"{path}: entry {position}: {exc}") from None
        check_source(source, str(path))
        sources.append(source)
    ids = [s.id for s in sources]
    if len(ids) != len(set(ids)):
        raise RegistryError(f"{path}: duplicate source ids")
    if only is not None:
        sources = [s for s in sources if s.id == only]
        if not sources:
            raise RegistryError(f"{path}: no source with id {only!r}")
    return sources
