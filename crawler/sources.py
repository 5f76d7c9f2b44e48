"""The source registry: a YAML data file describing every source the crawler reads."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from pathlib import Path

import yaml

KINDS = ("feed", "listing", "sitemap")
TIERS = ("regulator", "court", "legislature", "wire", "major", "trade", "aggregator")


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

    def row(self) -> dict:
        """The columns this source owns in the ``sources`` table."""
        row = asdict(self)
        row.pop("attested")
        return row


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
            source = Source(**entry)
        except TypeError as exc:
            raise RegistryError(f"{path}: entry {position}: {exc}") from None
        if source.kind not in KINDS:
            raise RegistryError(f"{path}: {source.id}: kind must be one of {KINDS}")
        if source.tier not in TIERS:
            raise RegistryError(f"{path}: {source.id}: tier must be one of {TIERS}")
        sources.append(source)
    ids = [s.id for s in sources]
    if len(ids) != len(set(ids)):
        raise RegistryError(f"{path}: duplicate source ids")
    if only is not None:
        sources = [s for s in sources if s.id == only]
        if not sources:
            raise RegistryError(f"{path}: no source with id {only!r}")
    return sources
