"""``gatewatch_bodies``: public bodies the knowledge base does not list, recognised by how their
names are built.

A title-case name built on a head word ("San Francisco Superior Court", "Ministry of
Transport and Communications", "Supreme Court of Victoria") or a Chinese name ending in one
("西安市中级人民法院", "内政部", "交通部公路总局") names a court, ministry, commission or
legislature whatever the knowledge base holds. The head words, stop lists and Chinese stems
are in ``kb/bodies.yaml``. A name is left out when
- the KB recognises it or a body in it: a kept authority mention overlaps it ("CMA Board" is
  the CMA's), or a form the EntityRuler matched covers it all (a shared "Supreme Court" the
  linker could not place stays out);
- a company is in it or owns it ("Microsoft Office", "Meta's Oversight Board"), it is a law's
  name ("… Commission Act"), a head word alone ("the Commission"), a head used as an adjective
  ("Court Order"), or it stands in a title-case headline line (every word capitalised there);
- no jurisdiction can be given: a place in the name (``places.yaml``, with its ``regions``),
  else the place right before it ("Peru's Ministry of …"), else the text's one jurisdiction.
The survivors go to ``doc._.bodies`` as ``{"name", "jurisdiction", "start", "end"}``, apart
from ``doc._.mentions``: relevance and jurisdictions stay the KB's.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import yaml
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc

from gatewatch.nlp.components.batch import BatchedComponent
from gatewatch.nlp.components.doccache import doc_text, extension_key, first_sentence
from gatewatch.nlp.components.events import HOME_JURISDICTIONS, jurisdictions
from gatewatch.nlp.components.linker import MENTIONS
from gatewatch.nlp.components.literals import trie_alternation
from gatewatch.nlp.components.script import matching_text
from gatewatch.nlp.kb import KB_DIR, LABELS, KnowledgeBase, load_kb

Doc.set_extension("bodies", default=None, force=True)
# The EntityRuler's labels and the IOB code of an entity's first token, as tokens store them:
# looked up on the few tokens of a name, where ``doc.ents`` builds a Span for every entity.
AUTHORITY, ORG = get_string_id(LABELS["authority"]), get_string_id(LABELS["company"])
BEGIN = 3
BODIES = extension_key("bodies")
BODIES_FILE = KB_DIR / "bodies.yaml"
PLACES_FILE = KB_DIR / "places.yaml"

# A capitalised word of a name ("U.S.", "D.C.", "Puig-Lugo", "Québec"), and a run of them.
CAP_WORD = r"[A-Z][\w.'’&-]*"
CAP_RUN = re.compile(rf"{CAP_WORD}(?:[ \t]+{CAP_WORD})*")
# A word right after a name, with the blank between (no line break).
WORD_AFTER = re.compile(r"[ \t]+([^\s,;:()\[\]\"“”]+)")
POSSESSIVE = re.compile(r"['’]s\Z")
LOWER_WORD = re.compile(r"[a-z][\w-]*")
OWNER_PRONOUNS = frozenset({"its", "their", "his", "her", "our", "my", "your"})
# The most words a name has before its head word.
MAX_MODIFIERS = 8
# An abbreviation in brackets right after a name: "(AGCM)", "（CADE）".
BRACKETED = re.compile(r"[ \t]*[(（]([^()（）\n]{1,20})[)）]")
HAN = re.compile("[\u4e00-\u9fff]")
# Words a title-case headline may leave in lower case.
SMALL_WORDS = frozenset({"with", "from", "into", "onto", "over", "after", "about", "against", "amid", "under", "than", "that"})


def word_before(text: str, end: int) -> tuple[int, int] | None:
    """The word that ends one blank (spaces or tabs, no line break) before ``end``."""
    i = end
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    if i == end:
        return None
    j = i
    while j > 0 and not text[j - 1].isspace():
        j -= 1
    return (j, i) if j < i else None


@functools.cache
def body_data(path: Path = BODIES_FILE) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


class Places:
    """Place names → jurisdiction codes: ``places`` (the linker's) and ``regions`` of
    ``places.yaml``, longest first; English ones as whole words."""

    def __init__(self, path: Path = PLACES_FILE) -> None:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        self.code: dict[str, str] = {}
        for code, entry in data["places"].items():
            for name in (n for names in entry["aliases"].values() for n in names):
                self.code.setdefault(name, code)
        # States, provinces and cities: in a country listed in ``places``.
        self.subnational: set[str] = set()
        for code, names in data.get("regions", {}).items():
            for name in names:
                self.code.setdefault(name, code)
                if code in data["places"]:
                    self.subnational.add(name)
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


class BodyRecognizer(BatchedComponent):
    def __init__(self, kb: KnowledgeBase, data: dict | None = None, places: Places | None = None) -> None:
        self.kb = kb
        data = data or body_data()
        self.places = places or Places()
        en, zh = data["en"], data["zh"]
        self.heads = sorted({*en["heads"], *en["tail_heads"]}, key=len, reverse=True)
        self.tail_heads = frozenset(en["tail_heads"])
        self.connectors = frozenset(en["connectors"])
        self.stop_words = frozenset(en["stop_words"])
        self.date_words = frozenset(en["date_words"])
        self.titles = frozenset(en["titles"])
        self.law_words = frozenset(en["law_words"])
        self.not_regulators = re.compile(rf"\b(?:{'|'.join(map(re.escape, en['not_regulators']))})\b")
        self.generic = frozenset(en["generic"])
        self.private_words = frozenset(en["private_words"])
        self.head_scan = re.compile(trie_alternation(self.heads))
        self.head_word = re.compile(rf"(?<![\w-])(?:{'|'.join(map(re.escape, self.heads))})(?![\w-])")
        joins = "|".join(re.escape(c) for c in sorted(self.connectors | {"in"}, key=len, reverse=True))
        self.joint = re.compile(rf"(,)?[ \t]+({joins})[ \t]+(?:(the)[ \t]+)?|(,)[ \t]+")
        # "District of Columbia": a place written with "of" may stand before a head word.
        self.of_places = {tuple(name.split(" of ")) for name in self.places.code if " of " in name and name.count(" of ") == 1}
        # Chinese: every head with what must stand before it, as one scan.
        courts, prosecutors = zh["courts"], zh["prosecutors"]
        def longest_first(words: list[str]) -> list[str]:
            return sorted(words, key=len, reverse=True)
        self.court_heads = {h: longest_first(courts["qualifiers"]) for h in courts["heads"]} | {
            h: longest_first(prosecutors["qualifiers"]) for h in prosecutors["heads"]}
        self.units = frozenset(zh["units"])
        self.stop_chars = frozenset(zh["stop_chars"])
        self.committee_heads = zh["committees"]["heads"]
        self.not_after = zh["not_after"]
        self.head_jurisdictions = zh["head_jurisdictions"]
        self.max_core = zh["max_core"]
        stemmed = [stem + "部" for stem in zh["ministry_stems"]]
        stemmed += [stem + head for head, stems in zh["stemmed_heads"].items() for stem in stems]
        self.ministries = frozenset(stem + "部" for stem in zh["ministry_stems"])
        self.zh_heads = re.compile("|".join([trie_alternation(stemmed), *map(re.escape, self.court_heads),
                                             *map(re.escape, self.committee_heads)]))
        self.zh_literals = ("部", "局", "署", "院", "办", "法庭", "委员会")

    # --- English -------------------------------------------------------------------------

    def _english(self, text: str) -> list[tuple[int, int, str | None, bool]]:
        """(start, end, place right before, whether a possessive stands before) of each name."""
        found: list[tuple[int, int, str | None, bool]] = []
        covered = 0
        headline = None
        for hit in self.head_scan.finditer(text):
            h0, h1 = hit.span()
            if h0 < covered or (h0 and (text[h0 - 1].isalnum() or text[h0 - 1] == "-")) or (
                    h1 < len(text) and (text[h1].isalnum() or text[h1] == "-")):
                continue
            if headline is None:
                headline = self._title_case_headline(text)
            if h0 < headline:
                continue
            name = self._english_name(text, h0, h1)
            if name is not None:
                found.append(name)
                covered = name[1]
        return found

    def _english_name(self, text: str, h0: int, h1: int) -> tuple[int, int, str | None, bool] | None:
        head = text[h0:h1]
        start, modifiers = self._modifiers(text, h0)
        possessive, place = self._owner(text, start)
        end = self._tail(text, h1)
        if (modifiers == 0 and end == h1) or (head in self.tail_heads and end == h1):
            return None  # a head word alone is generic ("the Commission"); "Minister" needs "of …"
        after = WORD_AFTER.match(text, end)
        if after and after.group(1)[:1].isupper():
            word = POSSESSIVE.sub("", after.group(1))
            if word in self.law_words or (word not in self.titles and not POSSESSIVE.search(after.group(1))):
                return None  # a law ("… Commission Act") or a head used as an adjective ("Court Order")
        if self._generic(text[start:end]) or any(
                word in self.private_words for word in text[start:h0].split()):
            return None
        return start, end, place, possessive

    def _generic(self, name: str) -> bool:
        """Whether a name is one many bodies share, alone or after a place ("US District Court")."""
        if name in self.generic:
            return True
        place = self.places.latin.match(name)
        return place is not None and self.places.country(place.group()) and name[place.end():].strip() in self.generic

    def _owner(self, text: str, start: int) -> tuple[bool, str | None]:
        """Whether a possessive stands before a name, across at most two lower-case words
        ("Peru's Ministry of …", "Samsung's now-disbanded Future Strategy Office"), and the
        jurisdiction of the place it names, if it is one."""
        end = start
        for _ in range(3):
            span = word_before(text, end)
            if span is None:
                return False, None
            word = text[span[0]:span[1]]
            if word in OWNER_PRONOUNS:  # "Samsung closed its Future Strategy Office"
                return True, None
            if POSSESSIVE.search(word):
                words = [word[:-2]]
                for _ in range(2):  # "South Africa's", "New York State's"
                    span = word_before(text, span[0])
                    if span is None:
                        break
                    words.insert(0, text[span[0]:span[1]])
                return True, next((self.places.code[p] for i in range(len(words))
                                   if (p := " ".join(words[i:])) in self.places.code), None)
            if not LOWER_WORD.fullmatch(word):
                return False, None
            end = span[0]
        return False, None

    def _modifiers(self, text: str, h0: int) -> tuple[int, int]:
        """Where a name that ends in the head word at ``h0`` starts, and how many words come
        before the head word: capitalised words, back to a stop word, a possessive, a line
        break or punctuation ("On Monday the Supreme Court" → "Supreme Court")."""
        start, modifiers = h0, 0
        while modifiers < MAX_MODIFIERS:
            before = word_before(text, start)
            if before is None:
                return start, modifiers
            word = text[before[0]:before[1]]
            if word in ("and", "&", "of"):
                prior = word_before(text, before[0])
                if prior is None or modifiers == 0:
                    return start, modifiers
                previous = text[prior[0]:prior[1]]
                # "Land Transportation Franchising and Regulatory Board", not "the Commission and
                # Competition Tribunal": no head word may stand before the "and".
                joined = word != "of" and self._modifier(previous) and not self.head_word.fullmatch(previous)
                # "District of Columbia Court of Appeals"
                joined = joined or (word == "of" and (previous, text[start:h0].split(None, 1)[0]) in self.of_places)
                if not joined:
                    return start, modifiers
                start, modifiers = prior[0], modifiers + 1
                continue
            if not self._modifier(word):
                return start, modifiers
            start, modifiers = before[0], modifiers + 1
        return start, modifiers

    def _modifier(self, word: str) -> bool:
        return word[:1].isupper() and word not in self.stop_words and not POSSESSIVE.search(word) and (
            word[-1] not in ".,;:" or re.fullmatch(r"(?:[A-Z]\.)+", word) is not None)

    def _tail(self, text: str, end: int) -> int:
        """Where a name goes on after its head word: "of", "for", "on" and capitalised words
        ("Court of Appeal", "Ministry of Trade, Industry and Competition"), up to a date,
        another body ("… and the Central Bank"), or a person ("… Judge Smith")."""
        pos = end
        while (joint := self.joint.match(text, pos)) is not None:
            connector = joint.group(2) or ","
            run = CAP_RUN.match(text, joint.end())
            if run is None:
                break
            words = run.group().split()
            kept = []
            for i, word in enumerate(words):
                bare = word.rstrip(".,") if not re.fullmatch(r"(?:[A-Z]\.)+", word) else word
                if bare in self.date_words or bare in self.stop_words - self.titles or POSSESSIVE.search(word) or (
                        bare in self.titles and i + 1 < len(words)):
                    break
                kept.append(bare)
                if bare != word:
                    break
            if not kept:
                break
            seq = " ".join(kept)
            if connector in ("and", "&", ",") and (joint.group(3) or self.head_word.search(seq)):
                break  # another body: "… of Kenya and the Central Bank of Kenya"
            if connector == "," and not re.match(rf",[ \t]+{CAP_WORD}(?:[ \t]+{CAP_WORD})*(?:,[ \t]+[^,]+)*?,?[ \t]+and[ \t]",
                                                  text[joint.start():joint.start() + 120]):
                break  # a comma only inside a list ("Trade, Industry and Competition")
            if connector == "in" and self.places.code.get(seq) is None:
                break  # "in" only before a place ("… in the United States")
            pos = joint.end() + len(seq)
            if len(kept) < len(words) or connector == "in":
                break
        return pos

    @staticmethod
    def _title_case_headline(text: str) -> int:
        """Where the first line ends if it is a headline with every word capitalised (no name
        can be told from the words around it there), else 0."""
        line_end = text.find("\n")
        line_end = len(text) if line_end < 0 else line_end
        words = re.findall(r"[A-Za-z][\w'’-]{3,}", text[:line_end])
        return line_end if len(words) >= 4 and all(w[0].isupper() or w in SMALL_WORDS for w in words) else 0

    # --- Chinese -------------------------------------------------------------------------

    def _chinese(self, folded: str) -> list[tuple[int, int, str | None, bool]]:
        if not any(literal in folded for literal in self.zh_literals):
            return []
        found: list[tuple[int, int, str | None, bool]] = []
        for match in self.zh_heads.finditer(folded):
            head = match.group()
            if any(head.endswith(h) and folded[match.end():match.end() + 1] in chars and match.end() < len(folded)
                   for h, chars in self.not_after.items()):
                continue  # 部门, 委员会议
            if head in self.court_heads:
                start = self._court_start(folded, match.start(), self.court_heads[head])
            elif head in self.committee_heads:
                start = self._committee_start(folded, match.start())
            else:
                start = self._stemmed_start(folded, match.start())
            if start is None:
                continue
            if found and found[-1][1] == start and folded[found[-1][0]:start] in self._ministry_names(folded, found[-1]):
                found[-1] = (found[-1][0], match.end(), None, False)  # "交通部" + "公路总局": one name
            else:
                found.append((start, match.end(), None, False))
        return found

    def _ministry_names(self, folded: str, body: tuple) -> frozenset[str]:
        name = folded[body[0]:body[1]]
        return frozenset({name}) if any(name.endswith(m) for m in self.ministries) else frozenset()

    def _units_before(self, folded: str, end: int) -> int:
        """Where the places and administrative units ("江苏省", "北京市海淀区", "卢森堡") that
        end at ``end`` start."""
        start = end
        while start > 0:
            place = self.places.ending_at(folded, start)
            if place is not None:
                start = place.start()
                continue
            if folded[start - 1] in self.units and start >= 3 and all(self._name_char(c) for c in folded[start - 3:start - 1]):
                # A unit's name has two characters, or three where the one before them ends a word.
                longer = start >= 4 and self._name_char(folded[start - 4]) and (start == 4 or not self._name_char(folded[start - 5]))
                start -= 4 if longer else 3
                continue
            break
        return start

    def _name_char(self, char: str) -> bool:
        return "\u4e00" <= char <= "\u9fff" and char not in self.stop_chars

    def _court_start(self, folded: str, head_start: int, qualifiers: list[str]) -> int | None:
        """A court or prosecutor's office after a place or unit, with a qualifier or after a unit:
        "西安市中级人民法院", "台湾高等检察署", "卢森堡行政法庭" (not "台湾法院", "一审法院")."""
        qualified = next((q for q in qualifiers if folded.endswith(q, 0, head_start)), "")
        start = self._units_before(folded, head_start - len(qualified))
        if start == head_start - len(qualified):
            return None
        if not qualified and folded[head_start - 1] not in self.units:
            return None
        return start

    def _stemmed_start(self, folded: str, stem_start: int) -> int | None:
        """A ministry or bureau named by its stem ("内政部", "通信管理局"), after a place or unit
        if any, where the text before it ends a word ("会同内政部", not "信息通信管理局")."""
        start = self._units_before(folded, stem_start)
        clean = start == 0 or start < stem_start or not self._name_char(folded[start - 1])
        return start if clean or self._after_ministry(folded, start) else None

    def _after_ministry(self, folded: str, start: int) -> bool:
        return any(folded.endswith(m, 0, start) for m in self.ministries)

    def _committee_start(self, folded: str, head_start: int) -> int | None:
        """A commission: the characters before 委员会 back to a place, a unit or a word that
        is not part of a name ("专利复审委员会", "卢森堡国家数据保护委员会")."""
        start = head_start
        while start > 0 and head_start - start < self.max_core and self._name_char(folded[start - 1]):
            if self.places.ending_at(folded, start) is not None or folded[start - 1] in self.units:
                break
            start -= 1
        if head_start - start < 2 or (start > 0 and self._name_char(folded[start - 1])
                                      and self.places.ending_at(folded, start) is None
                                      and folded[start - 1] not in self.units):
            return None
        return self._units_before(folded, start)

    # --- both ----------------------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        chinese = doc.lang_ == "zh"
        candidates = self._chinese(matching_text(doc)) if chinese else self._english(text)
        bodies: list[dict] = []
        if candidates:
            bodies = self._checked(doc, text, candidates, chinese)
        doc.user_data[BODIES] = bodies
        return doc

    def _checked(self, doc: Doc, text: str, candidates: list, chinese: bool) -> list[dict]:
        mentions = doc.user_data.get(MENTIONS) or []
        entities = self.kb.entities
        # Authority mentions: (start, end, jurisdiction, whether a description or shared form).
        kept = [(m["start"], m["end"], entities[m["entity_id"]].jurisdiction,
                 m["surface"] in self.kb.shared_forms or self.kb.needs_context(m["entity_id"], m["surface"]))
                for m in mentions if m["family"] == "authority"]
        folded = matching_text(doc)
        placed: list[tuple[str, str | None, int, int]] = []
        kb_named: set[str] = set()
        for start, end, place, possessive in candidates:
            name = text[start:end]
            code = self.places.inside(folded[start:end] if chinese else name) or place
            if code is None and chinese:
                code = next((c for head, c in self.head_jurisdictions.items() if head in folded[start:end]), None)
            # The KB names this body, or the body it belongs to ("CMA Board") - unless a
            # description matched inside a name placed elsewhere ("Vietnam Competition Authority"
            # is no Singapore "competition authority").
            if any(s < end and start < e and not (contextual and code and code != where and start <= s and e <= end
                                                  and (s, e) != (start, end))
                   for s, e, where, contextual in kept):
                continue
            if chinese and start > 0 and any(e == start for _, e, _, _ in kept):
                continue  # a part of a KB body ("立法院" + "经济委员会")
            # A form the KB leaves out here (a shared "Court of Appeal" no claimant's place
            # confirms) stays out, unless the name is placed ("Kenya's Court of Appeal").
            tokens = doc.char_span(start, end, alignment_mode="expand")
            if code is None and all(t.ent_type == AUTHORITY for t in tokens) and not any(t.ent_iob == BEGIN for t in tokens[1:]):
                continue
            if any(t.ent_type == ORG and not self.head_word.fullmatch(t.text) for t in tokens):
                continue  # a company's ("Microsoft Office"; "Office" alone is the head word)
            if self.not_regulators.search(name):
                continue
            bracket = BRACKETED.match(text, end)
            if bracket and any(s == bracket.start(1) for s, _, _, _ in kept):
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
        for name, code, start, end in placed:
            code = code or (next(iter(where)) if len(where) == 1 else None)
            if code is not None and name not in kb_named:
                names.setdefault(name, {"name": name, "jurisdiction": code, "start": start, "end": end})
        if chinese:  # "交通部公路总局" … "公路总局": the full name
            return [body for name, body in names.items() if not any(other.endswith(name) and other != name for other in names)]
        # A name the text also writes shorter is one body: "Swiss Federal Supreme Court" …
        # "Switzerland's Federal Supreme Court" is the Federal Supreme Court (a country is no
        # part of a name), "D.C. Superior Court" … "the Superior Court" the D.C. Superior Court.
        shorter = {other: name for name in names for other in names if name.endswith(" " + other)}
        return [body for name, body in names.items()
                if not (name in shorter and not self.places.country(shorter[name][:-len(name) - 1]))
                and not any(self.places.country(name[:-len(other) - 1]) for other in names if name.endswith(" " + other))]

    def _text_jurisdictions(self, doc: Doc, mentions: list[dict]) -> list[str]:
        lead = first_sentence(doc)
        # Chinese in traditional characters is not the mainland's by default.
        home = HOME_JURISDICTIONS.get(doc.lang_) if matching_text(doc) == doc_text(doc) else None
        return jurisdictions(mentions, self.kb, lead[1] if lead else len(doc_text(doc)), home)


@Language.factory("gatewatch_bodies")
def make_bodies(nlp: Language, name: str) -> BodyRecognizer:
    return BodyRecognizer(load_kb())
