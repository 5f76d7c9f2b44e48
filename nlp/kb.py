"""The knowledge base: companies, authorities and places with their aliases (data in ``kb/``)."""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from gatewatch.nlp.chinese import traditional_variants

KB_DIR = Path(__file__).with_name("kb")
HAN = re.compile("[\u4e00-\u9fff]")
COMPANY_KINDS = frozenset({"company", "product", "service"})
AUTHORITY_KINDS = frozenset({"regulator", "court", "legislature"})
# EntityRuler labels by kind of entity.
LABELS = {"company": "ORG", "authority": "AUTHORITY", "place": "GPE"}


@dataclass(frozen=True)
class Entity:
    id: str
    name: str
    kind: str  # company | product | service | regulator | court | legislature | place
    parent: str | None = None
    wikidata: str | None = None
    wikidata_source: str | None = None
    jurisdiction: str | None = None
    # An authority's remit. A "competition" body puts a text in Gatewatch's field by itself; a
    # "general" one (courts, parliaments, ministries, the Commission, the DOJ) also acts on tax,
    # crime or trade, so its text needs a competition word as well.
    remit: str | None = None
    # A court that hears appeals (a supreme court, the EU's courts, NCLAT): its judgment in the
    # headline or lead is a ruling on an appeal.
    appellate: bool = False
    aliases: dict[str, list[str]] = field(default_factory=dict)
    # Aliases that are also ordinary words or other things ("Apple", "Meta", "X", "EC").
    ambiguous: list[str] = field(default_factory=list)
    # Forms that name this entity only once the text has established it ("the Commission").
    context_required: list[str] = field(default_factory=list)
    # A company's home country: its forms that need context name it in a text placed there
    # ("Spark" in a New Zealand story is Spark New Zealand, elsewhere perhaps Spark Capital).
    home: str | None = None
    # Where a court sits, per language ("Delaware", "旧金山"): with the ``seat_forms`` of
    # kb/context.yaml ("federal judge in {seat}") they are aliases too (``with_seat_forms``).
    seats: dict[str, list[str]] = field(default_factory=dict)

    @functools.cached_property  # read for every mention of every doc
    def family(self) -> str:
        if self.kind in COMPANY_KINDS:
            return "company"
        return "authority" if self.kind in AUTHORITY_KINDS else "place"


class KnowledgeBase:
    def __init__(self, entities: list[Entity], context_cues: list[str], messenger: list[list[str]] = (),
                 false_friends: list[str] = (), watchdog_forms: list[str] = ()) -> None:
        self.entities: dict[str, Entity] = {}
        for entity in entities:
            if entity.id in self.entities:
                raise ValueError(f"entity id {entity.id!r} is defined twice")
            self.entities[entity.id] = entity
        self.context_cues = context_cues
        self.messenger = messenger  # (before, after) regex pairs: a company cited, not involved
        self.false_friends = false_friends  # words that hold an alias but name something else
        # "France's competition watchdog": every competition regulator (not a part of another body)
        # answers to these descriptions, in the text's jurisdiction.
        self._context = {
            entity.id: self._context_forms(entity, watchdog_forms if entity.kind == "regulator"
                                           and entity.remit == "competition" and not entity.parent else ())
            for entity in entities
        }
        # A context form several entities share ("Supreme Court", "Parliament", "Congress"):
        # the text's jurisdiction says which is meant.
        claims: dict[str, list[Entity]] = {}
        for entity in entities:
            for form in self._context[entity.id]:
                claims.setdefault(form, []).append(entity)
        self.shared_forms = {form: claimants for form, claimants in claims.items() if len(claimants) > 1}
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

    @functools.cached_property
    def _patterns(self) -> list[dict]:
        """EntityRuler phrase patterns for every alias and context form, in every language; a
        shared context form once, with the id ``shared_form_id(form)``. A Chinese alias also
        stands in traditional characters (动视暴雪: 動視暴雪) unless that form is another
        entity's alias (Taiwan's 公平會 is not a mainland text's 公平会)."""
        aliases = {entity.id: {a for forms in entity.aliases.values() for a in forms} for entity in self.entities.values()}
        owner: dict[str, set[str]] = {}
        for entity_id, forms in aliases.items():
            for form in forms | self._context[entity_id]:
                owner.setdefault(form, set()).add(entity_id)
        forms = {
            entity_id: own | self._context[entity_id] | {
                variant for alias in own if HAN.search(alias) for variant in traditional_variants(alias)
                if owner.get(variant, {entity_id}) == {entity_id}
            }
            for entity_id, own in aliases.items()
        }
        own = [
            {"label": LABELS[self.entities[entity_id].family], "pattern": form, "id": entity_id}
            for entity_id, own_forms in forms.items()
            for form in own_forms
            if form not in self.shared_forms
        ]
        return own + [{"label": LABELS[claimants[0].family], "pattern": form, "id": shared_form_id(form)}
                      for form, claimants in self.shared_forms.items()]

    def patterns(self) -> list[dict]:
        """The EntityRuler patterns (see ``_patterns``), built once: each pipeline and its linker
        read them."""
        return self._patterns

    @staticmethod
    def _context_forms(entity: Entity, descriptions: list[str] = ()) -> set[str]:
        # "the Commission" also opens sentences as "The Commission"; a description is also written
        # as a name ("Israel's Competition Authority").
        return {variant for form in (*entity.context_required, *descriptions)
                for variant in (form, form[:1].upper() + form[1:])} | {form.title() for form in descriptions}

    def is_ambiguous(self, entity_id: str, surface: str) -> bool:
        return surface in self.entities[entity_id].ambiguous

    def needs_context(self, entity_id: str, surface: str) -> bool:
        return surface in self._context[entity_id]

    def rows(self) -> list[dict]:
        """``entities`` table rows (companies and authorities), parents before children."""
        ordered = sorted(
            (e for e in self.entities.values() if e.family != "place"), key=lambda e: self._depth(e)
        )
        return [
            {"id": e.id, "name": e.name, "kind": e.kind, "wikidata": e.wikidata, "parent_id": e.parent,
             "jurisdiction": e.jurisdiction}
            for e in ordered
        ]

    def _depth(self, entity: Entity) -> int:
        return 0 if not entity.parent else 1 + self._depth(self.entities[entity.parent])


def shared_form_id(form: str) -> str:
    """The EntityRuler id of a context form several entities share."""
    return f"shared:{form}"


def read_jsonl_file(path: Path) -> list[dict]:
    """Every non-blank line of a JSON Lines file (KB data, gold sets)."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def read_yaml_file(path: Path) -> dict:
    """A KB data file in YAML, checked: every key and every list item is a string (or a list
    or mapping of them). YAML reads a bare NO, On or y as a boolean, which would silently make
    Norway's code False or drop a cue word: quote them."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))

    def check(where: str, value: object) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if not isinstance(key, str):
                    raise ValueError(f"{path}: {where} has a key that is not a string (quote it): {key!r}")
                check(f"{where}.{key}", item)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, (dict, list)):
                    check(where, item)
                elif not isinstance(item, str):
                    raise ValueError(f"{path}: {where} holds a value that is not a string (quote it): {item!r}")

    check("", data)
    return data


def _places(path: Path) -> list[Entity]:
    """Countries and blocs (names, demonyms, capitals used as metonyms) → jurisdiction codes."""
    places = read_yaml_file(path)["places"]
    return [
        Entity(id=f"place:{code}", name=code, kind="place", jurisdiction=code,
               aliases=entry["aliases"], ambiguous=entry.get("ambiguous", []))
        for code, entry in places.items()
    ]


def with_seat_forms(row: dict, seat_forms: dict[str, list[str]]) -> dict:
    """An authority's row with an alias for each of its seats in each seat form."""
    aliases = {language: list(forms) for language, forms in row["aliases"].items()}
    for language, seats in row.get("seats", {}).items():
        named = aliases.setdefault(language, [])
        named += [form.format(seat=seat) for seat in seats for form in seat_forms.get(language, [])
                  if form.format(seat=seat) not in named]
    return {**row, "aliases": aliases}


@functools.cache
def load_kb(directory: Path = KB_DIR) -> KnowledgeBase:
    companies = [
        Entity(**{("kind" if k == "type" else k): v for k, v in row.items()})
        for row in read_jsonl_file(directory / "companies.jsonl")
    ]
    context = read_yaml_file(directory / "context.yaml")
    authorities = [Entity(**with_seat_forms(row, context.get("seat_forms", {})))
                   for row in read_jsonl_file(directory / "authorities.jsonl")]
    return KnowledgeBase([*companies, *authorities, *_places(directory / "places.yaml")], context["business_cues"],
                         context.get("messenger", []), context.get("false_friends", []),
                         context.get("watchdog_forms", []))
