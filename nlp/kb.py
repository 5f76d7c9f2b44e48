"""The knowledge base: companies and products with aliases and parents (data in ``kb/``)."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml

KB_DIR = Path(__file__).with_name("kb")


@dataclass(frozen=True)
class Entity:
    id: str
    name: str
    type: str
    parent: str | None = None
    wikidata: str | None = None
    wikidata_source: str | None = None
    aliases: dict[str, list[str]] = field(default_factory=dict)
    # Aliases that are also ordinary words or other things ("Apple", "Meta", "X").
    ambiguous: list[str] = field(default_factory=list)


class KnowledgeBase:
    def __init__(self, entities: list[Entity], context_cues: list[str]) -> None:
        self.entities = {e.id: e for e in entities}
        self.context_cues = context_cues
        for entity in entities:
            if entity.parent and entity.parent not in self.entities:
                raise ValueError(f"entity {entity.id}: unknown parent {entity.parent!r}")

    def group(self, entity_id: str) -> Entity:
        """The top of an entity's parent chain (WeChat Pay → Tencent)."""
        entity = self.entities[entity_id]
        seen = {entity.id}
        while entity.parent:
            entity = self.entities[entity.parent]
            if entity.id in seen:
                raise ValueError(f"parent cycle at {entity.id}")
            seen.add(entity.id)
        return entity

    def patterns(self) -> list[dict]:
        """EntityRuler phrase patterns for every alias in every language."""
        return [
            {"label": "ORG", "pattern": alias, "id": entity.id}
            for entity in self.entities.values()
            for aliases in entity.aliases.values()
            for alias in aliases
        ]

    def is_ambiguous(self, entity_id: str, surface: str) -> bool:
        return surface in self.entities[entity_id].ambiguous

    def rows(self) -> list[dict]:
        """``entities`` table rows, parents before children (foreign keys)."""
        ordered = sorted(self.entities.values(), key=lambda e: self._depth(e))
        return [
            {"id": e.id, "name": e.name, "kind": e.type, "wikidata": e.wikidata, "parent_id": e.parent, "jurisdiction": None}
            for e in ordered
        ]

    def _depth(self, entity: Entity) -> int:
        return 0 if not entity.parent else 1 + self._depth(self.entities[entity.parent])


@functools.cache
def load_kb(directory: Path = KB_DIR) -> KnowledgeBase:
    lines = (directory / "companies.jsonl").read_text(encoding="utf-8").splitlines()
    entities = [Entity(**json.loads(line)) for line in lines if line.strip()]
    cues = yaml.safe_load((directory / "context.yaml").read_text(encoding="utf-8"))["business_cues"]
    return KnowledgeBase(entities, cues)
