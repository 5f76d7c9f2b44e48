"""``gatewatch_bodies``: public bodies the knowledge base does not list, recognised by how their
names are built.

A title-case name built on a head word ("San Francisco Superior Court", "Ministry of
Transport and Communications", "Supreme Court of Victoria": ``bodies_en``) or a Chinese name
ending in one ("西安市中级人民法院", "内政部", "交通部公路总局": ``bodies_zh``) names a court,
ministry, commission or legislature whatever the knowledge base holds. The head words, stop
lists and Chinese stems are in ``kb/bodies.yaml``. A name is left out when
- the KB recognises it or a body it belongs to: a kept authority mention overlaps it ("CMA
  Board" is the CMA's), it stands right before one in brackets ("… Authority (AGCM)"), or a
  form the EntityRuler matched covers it all, the name has no place of its own and a KB body
  the text names ends in it ("Seoul High Court" … "the High Court"; else a shared form the
  linker could not place is the body of the text's one country: "the High Court" in a story
  from Wellington);
- a company is in it or owns it ("Microsoft Office", "Meta's Oversight Board"), it is a law's
  name ("… Commission Act's"), a head word alone ("the Commission"), a head used as an
  adjective ("Court Order"), a name many bodies share ("a US District Court"), or it stands in
  a title-case headline (every word capitalised there);
- it has no jurisdiction: a place in the name (``places.yaml``, with its ``regions`` and
  ``seats``), else the place right before it ("Peru's Ministry of …") or the seat right after it
  ("Regional Court in Warsaw"), else the one jurisdiction of the text: the tagger's together
  with those of the bodies placed so. A name left out for want of one is still no company's
  (``doc._.unplaced_bodies``).
The survivors go to ``doc._.bodies`` as ``{"name", "jurisdiction", "start", "end"}``, apart
from ``doc._.mentions``: relevance stays the KB's, and their jurisdictions are the action's
only where no KB authority has one ("Delaware County Common Pleas Court"). A name placed by
the text alone that a KB authority has after its country's name ("the Fair Trade Commission"
in a Seoul story: "Korea Fair Trade Commission") is that authority's, with its ``id``: the
event component counts it as that authority's mention for relevance.
"""

from __future__ import annotations

import bisect
import functools
import re
from pathlib import Path

from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc

from gatewatch.nlp.chinese import fold_to_simplified
from gatewatch.nlp.components.batch import BatchedComponent
from gatewatch.nlp.components.bodies_en import EnglishNames
from gatewatch.nlp.components.bodies_zh import ChineseNames
from gatewatch.nlp.components.doccache import doc_text, end_of_lead, extension_key
from gatewatch.nlp.components.event_facts import HOME_JURISDICTIONS, jurisdictions
from gatewatch.nlp.components.linker import MENTIONS, OF_NAME_AFTER, STATE_BEFORE
from gatewatch.nlp.components.script import in_traditional_script, matching_text
from gatewatch.nlp.kb import KB_DIR, LABELS, Entity, KnowledgeBase, load_kb, read_yaml_file

Doc.set_extension("bodies", default=None, force=True)
BODIES = extension_key("bodies")
# Where the text names a body it gives no place ("the Telecommunications Regulatory Commission"
# in a story that names its country only as "Jordan"): no regulator, but no company's name either.
Doc.set_extension("unplaced_bodies", default=None, force=True)
UNPLACED_BODIES = extension_key("unplaced_bodies")
BODIES_FILE = KB_DIR / "bodies.yaml"
PLACES_FILE = KB_DIR / "places.yaml"
# The EntityRuler's labels and the IOB code of an entity's first token, as tokens store them:
# looked up on the few tokens of a name, where ``doc.ents`` builds a Span for every entity.
AUTHORITY, ORG = get_string_id(LABELS["authority"]), get_string_id(LABELS["company"])
BEGIN = 3
# An abbreviation in brackets right after a name: "(AGCM)", "（CADE）".
BRACKETED = re.compile(r"[ \t]*[(（]([^()（）\n]{1,20})[)）]")
HAN = re.compile("[\u4e00-\u9fff]")
# A unit after a place's name (省, 市, 区, 县), not the 市 of 市场 (a market).
PLACE_UNIT = re.compile("[省市区县](?!场)")

# A name found: (start, end, jurisdiction of the place right before it, whether an owner's
# possessive stands before it).
Candidate = tuple[int, int, "str | None", bool]


@functools.cache
def body_data(path: Path = BODIES_FILE) -> dict:
    return read_yaml_file(path)


class Places:
    """Place names → jurisdiction codes: ``places`` (the linker's) and ``regions`` of
    ``places.yaml``, longest first; English ones as whole words."""

    def __init__(self, path: Path = PLACES_FILE) -> None:
        data = read_yaml_file(path)
        self.code: dict[str, str] = {}
        for code, entry in data["places"].items():
            for name in (n for names in entry["aliases"].values() for n in names):
                self.code.setdefault(name, code)
        # States, provinces and cities: in a country listed in ``places``; seats of bodies.
        self.subnational: set[str] = set()
        for code, names in data.get("regions", {}).items():
            for name in names:
                self.code.setdefault(name, code)
                if code in data["places"]:
                    self.subnational.add(name)
        self.seats = frozenset(name for names in data.get("seats", {}).values() for name in names)
        for code, names in data.get("seats", {}).items():
            for name in names:
                self.code.setdefault(name, code)
        self.subnational |= self.seats
        latin = sorted((n for n in self.code if not HAN.search(n)), key=len, reverse=True)
        han = sorted((n for n in self.code if HAN.search(n)), key=len, reverse=True)
        self.latin = re.compile(rf"(?<![\w.])(?:{'|'.join(map(re.escape, latin))})(?![\w])")
        self.han = re.compile("|".join(map(re.escape, han)))
        self.han_ending = re.compile(f"(?:{'|'.join(map(re.escape, han))})\\Z")

    def country(self, name: str) -> bool:
        """Whether ``name`` is a country's (or a bloc's) name or demonym."""
        return name in self.code and name not in self.subnational

    def inside(self, name: str) -> str | None:
        found = (self.han if HAN.search(name) else self.latin).search(name)
        return self.code[found.group()] if found else None

    def ending_at(self, text: str, end: int) -> re.Match[str] | None:
        """The Chinese place name that ends at ``end`` (reading at most 30 characters back)."""
        return self.han_ending.search(text, max(0, end - 30), end)


@functools.cache
def places_table() -> Places:
    """The place table, built once per process (this component and ``gatewatch_orgs`` read it)."""
    return Places()


class BodyRecognizer(BatchedComponent):
    def __init__(self, kb: KnowledgeBase, data: dict | None = None, places: Places | None = None) -> None:
        self.kb = kb
        data = data or body_data()
        places = self.places = places or places_table()
        self.english = EnglishNames(data["en"], places)
        self.chinese = ChineseNames(data["zh"], places)
        # (the Chinese ones, in simplified characters, are looked for in the name folded so)
        self.not_regulators = re.compile(rf"\b(?:{'|'.join(map(re.escape, data['en']['not_regulators']))})\b|"
                                         + "|".join(map(re.escape, data["zh"]["not_regulators"])))
        self.head_jurisdictions = data["zh"]["head_jurisdictions"]
        self.short_heads = data["zh"]["short_heads"]
        self.short_forms = data["zh"]["short_forms"]
        self.placeless_names = self._placeless_names()

    def _placeless_names(self) -> dict[tuple[str, str], Entity]:
        """(jurisdiction, name) → the KB authority whose English alias is that name after its
        country ("Korea Fair Trade Commission", "Japan's Fair Trade Commission") or before it
        ("Federal Court of Canada"): where the
        text writes the name alone in that country, it is that authority ("the Fair Trade
        Commission had imposed …" in Seoul). A name two of a country's authorities share is none's,
        and so is one whose own name opens with the place (a city's: "Tokyo District Court",
        "Beijing Administration for Market Regulation")."""
        owners: dict[tuple[str, str], set[str]] = {}  # (entity ids)
        for entity in self.kb.entities.values():
            for alias in entity.aliases.get("en", ()):
                # (or after its name: "Federal Court of Canada", "National Assembly of Korea")
                name, _, place = alias.rpartition(" of ")
                if name and self.places.country(place) and self.places.code[place] == entity.jurisdiction:
                    owners.setdefault((entity.jurisdiction, name), set()).add(entity.id)
                words = alias.split(" ")
                for k in range(1, len(words) - 1):
                    place = " ".join(words[:k]).removesuffix("'s").removesuffix("’s")
                    if (self.places.country(place) and self.places.code[place] == entity.jurisdiction
                            and not entity.name.startswith(place)):
                        owners.setdefault((entity.jurisdiction, " ".join(words[k:])), set()).add(entity.id)
        return {key: self.kb.entities[next(iter(ids))] for key, ids in owners.items() if len(ids) == 1}

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        chinese = doc.lang_ == "zh"
        if chinese:
            candidates = self.chinese.find(matching_text(doc))
        else:  # (bodies the KB names for sure need no name read around their head words)
            known = [(m["start"], m["end"]) for m in doc.user_data.get(MENTIONS) or () if m["family"] == "authority"
                     and m["surface"] not in self.kb.shared_forms and not self.kb.needs_context(m["entity_id"], m["surface"])]
            candidates = self.english.find(text, known)
        bodies: list[dict] = []
        unplaced: list[tuple[int, int]] = []
        if candidates:
            bodies = self._checked(doc, text, candidates, chinese, unplaced)
        doc.user_data[BODIES] = bodies
        doc.user_data[UNPLACED_BODIES] = unplaced
        return doc

    def _checked(self, doc: Doc, text: str, candidates: list, chinese: bool,
                 unplaced: list[tuple[int, int]]) -> list[dict]:
        """The bodies among ``candidates``; the spans of those left out for want of a place go to ``unplaced``."""
        mentions = doc.user_data.get(MENTIONS) or []
        entities = self.kb.entities
        # Authority mentions: (start, end, jurisdiction, whether a description or shared form).
        kept = [(m["start"], m["end"], entities[m["entity_id"]].jurisdiction,
                 m["surface"] in self.kb.shared_forms or self.kb.needs_context(m["entity_id"], m["surface"]))
                for m in mentions if m["family"] == "authority"]
        # (In text order and apart, as the EntityRuler matched them: found by bisection.)
        starts, ends = [k[0] for k in kept], [k[1] for k in kept]
        kept_ends, kept_starts = set(ends), set(starts)
        folded = matching_text(doc)
        placed: list[tuple[str, str | None, int, int]] = []
        shared: set[int] = set()  # (the starts of names that are forms the KB shares)
        kb_named: set[str] = set()
        for start, end, place, possessive in candidates:
            name = text[start:end]
            code = self.places.inside(folded[start:end] if chinese else name) or place
            if code is None and chinese:
                code = next((c for head, c in self.head_jurisdictions.items() if head in folded[start:end]), None)
            # The KB names this body, or the body it belongs to ("CMA Board") - unless a
            # description matched inside a name placed elsewhere ("Vietnam Competition Authority"
            # is no Singapore "competition authority").
            if any(not (contextual and code and code != its and start <= s and e <= end and (s, e) != (start, end))
                   for s, e, its, contextual in kept[bisect.bisect_right(ends, start):bisect.bisect_left(starts, end)]):
                continue
            if chinese and start in kept_ends:
                continue  # a part of a KB body ("立法院" + "经济委员会")
            # A form the KB shares that no claimant's place confirms here ("the Court of Appeals" in
            # a Manila story) is read as this country's body below, unless the text names a KB
            # body whose name ends in it ("Seoul High Court" … "the High Court").
            tokens = doc.char_span(start, end, alignment_mode="expand")
            if code is None and all(t.ent_type == AUTHORITY for t in tokens) and not any(t.ent_iob == BEGIN for t in tokens[1:]):
                if OF_NAME_AFTER.match(text, end) or STATE_BEFORE.search(text, max(0, start - 12), start) or any(
                        entities[m["entity_id"]].name.endswith(" " + name) or m["surface"].endswith(" " + name)
                        for m in mentions if m["family"] == "authority"):
                    continue  # (nor where it opens a longer name or is a state's, as the linker reads it)
                shared.add(start)
            if any(t.ent_type == ORG and not self.english.head_word.fullmatch(t.text) for t in tokens):
                continue  # a company's ("Microsoft Office"; "Office" alone is the head word)
            if self.not_regulators.search(fold_to_simplified(name) if chinese else name):
                continue
            bracket = BRACKETED.match(text, end)
            if bracket and bracket.start(1) in kept_starts:
                kb_named.add(name)  # the KB body in brackets after it: "… Authority (AGCM)"
                continue
            if code is None and possessive:
                continue  # an organ of something that is no place ("Meta's Oversight Board")
            placed.append((name, code, start, end))
        # The rest are the text's one jurisdiction: the tagger's, and those of the bodies placed.
        where = {code for _, code, _, _ in placed if code}
        if any(code is None for _, code, _, _ in placed):
            where |= set(self._text_jurisdictions(doc, mentions))
        names: dict[str, dict] = {}
        # (a form the KB shares is placed only where every place and authority the text names is that country's)
        named_places = {entities[m["entity_id"]].jurisdiction for m in mentions if m["family"] in ("place", "authority")}
        for name, code, start, end in placed:
            known = None
            if code is None and len(where) == 1 and (start not in shared or named_places == where):
                code = next(iter(where))  # (placed by the text alone, the name is the country's body)
                known = self.placeless_names.get((code, name))
            if code is None:
                unplaced.append((start, end))
            elif name not in kb_named:
                body = {"name": known.name, "id": known.id} if known else {"name": name}
                names.setdefault(body["name"], {**body, "jurisdiction": code, "start": start, "end": end})
        if chinese:  # "交通部公路总局" … "公路总局", "郑州市市场监管局" … "郑州市市场监督管理局": the full name
            keys = {name: self._same_body_key(name) for name in names}
            return [body for name, body in names.items() if not any(
                other != name and (other.endswith(name) or (keys[other].endswith(keys[name]) and len(other) > len(name)))
                for other in names)]
        # A name the text also writes shorter is one body: "Swiss Federal Supreme Court" …
        # "Switzerland's Federal Supreme Court" is the Federal Supreme Court (a country is no
        # part of a name), "D.C. Superior Court" … "the Superior Court" the D.C. Superior Court.
        shorter = {other: name for name in names for other in names if name.endswith(" " + other)}
        return [body for name, body in names.items()
                if not (name in shorter and not self.places.country(shorter[name][:-len(name) - 1]))
                and not any(self.places.country(name[:-len(other) - 1]) for other in names if name.endswith(" " + other))]

    def _same_body_key(self, name: str) -> str:
        """A Chinese body's name with its head and other ``short_forms`` written in full, and
        without the units of its places, which the press drops at will: "郑州市场监管局",
        "郑州市市场监管局" and "郑州市市场监督管理局" are one bureau, "长沙开福区…" is
        "湖南省长沙市开福区…"."""
        folded = fold_to_simplified(name)
        short = next((short for short in self.short_heads if folded.endswith(short)), None)
        key = folded[:-len(short)] + self.short_heads[short] if short else folded
        for short_form, full_form in self.short_forms.items():  # ("自贸区法院" is the "自由贸易试验区人民法院")
            key = key.replace(short_form, full_form)
        return PLACE_UNIT.sub("", key)

    def _text_jurisdictions(self, doc: Doc, mentions: list[dict]) -> list[str]:
        # Chinese in traditional characters is not the mainland's by default.
        home = None if in_traditional_script(doc) else HOME_JURISDICTIONS.get(doc.lang_)
        return jurisdictions(mentions, self.kb, end_of_lead(doc), home)


@Language.factory("gatewatch_bodies")
def make_bodies(nlp: Language, name: str) -> BodyRecognizer:
    return BodyRecognizer(load_kb())
