"""``gatewatch_linker``: keep the EntityRuler's matches that really name a KB entity.

The ruler matches aliases blindly. This component drops a match when
- a Latin-script alias sits inside a longer word (Chinese text is split per character, so
  "Meta" would otherwise match inside "Metaverse");
- the alias is ambiguous ("Apple", "Amazon", "X", "EC") and the text gives no sign that the
  entity is meant: no unambiguous mention of the same group, of another company or of any
  regulator or court, no business cue word, and (for authorities) no mention of the
  authority's jurisdiction; a one-letter one ("X") also when it is part of a longer name
  ("Snapdragon X", "X浏览器"), and a one-word company name also when it ends a longer one
  ("Rappi Prime", "Four Square");
- the form only names the entity in context ("the Commission") and the text has neither an
  unambiguous mention of that body nor of its jurisdiction;
- a company is only the messenger: the outlet a report is cited from ("据新浪科技报道"), or
  the social network someone speaks on ("said in a post on X", "在微博宣布");
- the alias is part of a longer Chinese word that means something else ("南京东路" holds
  "京东", "移动智能终端" holds "中国移动"), listed as ``false_friends`` in ``kb/context.yaml``.
The survivors go to ``doc._.mentions`` with their family (company, authority, place) and
character offsets.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc

from gatewatch.nlp.chinese import fold_to_simplified
from gatewatch.nlp.components.batch import BatchedComponent
from gatewatch.nlp.components.cues import CuePattern
from gatewatch.nlp.components.doccache import doc_text, extension_key
from gatewatch.nlp.components.literals import LiteralScan
from gatewatch.nlp.components.script import in_traditional_script, matching_text
from gatewatch.nlp.kb import Entity, KnowledgeBase, load_kb, shared_form_id

Doc.set_extension("mentions", default=None, force=True)
MENTIONS = extension_key("mentions")

# How far before a mention the ``messenger`` patterns look.
MESSENGER_REACH = 24
# What ``c.isascii() and c.isalnum()`` takes, tested as one set lookup.
ASCII_ALNUM = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")


def inside_word(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is part of a longer Latin word ("Mac" of "MacPaw")."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return (before in ASCII_ALNUM and text[start].isascii()) or (after in ASCII_ALNUM and text[end - 1].isascii())


# What may stand between a place and the body it qualifies: "French ", "France's ", "Italy’s ".
PLACE_LINK = re.compile(r"(?:['’]s)?\s?\Z")


# A capitalised word right before a one-word name that needs context ("Hellenic Competition
# Commission", "Core Technology Commission", "Scottish Parliament"): the word ends a longer
# name the KB does not list, unless it is one of ``NAMES_THE_BODY`` or opens the sentence.
WORD_BEFORE = re.compile(r"(?<![\w'’&-])([A-Z][\w&'’-]*) \Z")
SENTENCE_OPENS = re.compile(r"(?:\A|[.!?:\"“\n])\s*\Z")
NAMES_THE_BODY = frozenset({"The", "This", "That", "EU", "European", "EU's", "EU’s", "Union's", "Union’s", "Brussels"})


def _ends_longer_name(text: str, start: int) -> bool:
    before = WORD_BEFORE.search(text, max(0, start - 40), start)
    return (before is not None and before.group(1) not in NAMES_THE_BODY
            and SENTENCE_OPENS.search(text, max(0, before.start() - 40), before.start()) is None)


# "of" and a capitalised word right after a name that needs context ("Supreme Court of
# Justice", Austria's): the name is the opening of a longer one the KB does not list.
OF_NAME_AFTER = re.compile(r" of (?:the )?[A-Z]")
# A state's or a province's body is no country's ("the state Senate" of Oregon is no Senate of Canada).
STATE_BEFORE = re.compile(r"\b(?:[Ss]tate|[Pp]rovincial) \Z")
# A company's name inside a law's ("the App Store Accountability Act", "App Store Freedom Act")
# names the law, not the company. ("Bill" is left out: it is a given name too, "Microsoft Bill Gates".)
LAW_NAME_AFTER = re.compile(r"(?: [A-Z][\w'’-]*){0,3} Act\b")
# A Chinese place and its unit right before a national body's short name make it the local
# body of that name ("海南省发改委" is Hainan's, "上海市网信办" Shanghai's, not the NDRC or the CAC).
LOCAL_UNIT_BEFORE = re.compile("[\u4e00-\u9fff][省市区县]\\Z")


def _in_longer_company_name(text: str, start: int) -> bool:
    """Whether a name that needs context ends a longer one: after a capitalised word that
    neither opens the sentence nor owns or describes it ("Rappi Prime", "Four Square",
    "Snapdragon X"; not "Dorsey's Block", "Musk's X", "Cupertino-based Apple")."""
    word = WORD_BEFORE.search(text, max(0, start - 40), start)
    return (word is not None and "-" not in word.group(1) and not word.group(1).endswith(("'s", "’s", "'", "’"))
            and _ends_longer_name(text, start))


def _letter_in_longer_name(text: str, start: int, end: int) -> bool:
    """Whether a one-letter name ("X") is part of a longer one: written against a letter or
    digit of another script ("X浏览器", "月薪X萬"), or after a capitalised word ("HyperCLOVA X")."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return before.isalnum() or after.isalnum() or _in_longer_company_name(text, start)


def _abbreviates(short: str, full: str) -> bool:
    """Whether ``short`` is made of the initials of the last words of ``full``: "FTC" after
    "Korea Fair Trade Commission" (the text's own short form for it, not the US FTC)."""
    initials = "".join(word[0] for word in full.split() if word[:1].isupper())
    return len(short) > 1 and short.isupper() and initials.endswith(short)


def _place_end(text: str, start: int) -> int:
    """Where a place qualifying a mention at ``start`` would end ("France's |competition …")."""
    return PLACE_LINK.search(text, max(0, start - 3), start).start()  # (it matches at ``start`` at least)


def _local_short_forms(kb: KnowledgeBase) -> dict[tuple[str, str], Entity]:
    """(ambiguous short form of an authority, jurisdiction) → the one authority there with a
    name that ends in it after a place ("Korea's FTC" for "FTC", 南韓公平會 for 公平會 in KR):
    the body the short form names in a text about that country. Only initialisms and Chinese
    forms (in simplified script): "the Commission" in a story set in Spain is still often the
    European Commission."""
    found: dict[tuple[str, str], list[Entity]] = {}
    authorities = [entity for entity in kb.entities.values() if entity.family == "authority"]
    shorts = {form for entity in authorities for form in entity.ambiguous
              if (form.isupper() and len(form) > 1) or not form.isascii()}
    for short in shorts:
        folded = fold_to_simplified(short)
        ending = " " + short if short.isascii() else folded
        for other in authorities:
            aliases = {fold_to_simplified(alias) for forms in other.aliases.values() for alias in forms}
            if any(alias.endswith(ending) and alias != folded for alias in aliases):
                found.setdefault((folded, other.jurisdiction), []).append(other)
    return {key: claimants[0] for key, claimants in found.items() if len(claimants) == 1}


class EntityLinker(BatchedComponent):
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.cues = CuePattern(kb.context_cues)
        self.messenger = [(re.compile(before), re.compile(after)) for before, after in kb.messenger]
        self.false_friends = re.compile("|".join(map(re.escape, kb.false_friends))) if kb.false_friends else None
        self.false_friend_scan = LiteralScan(kb.false_friends) if kb.false_friends else None
        # The entities each ruler id may name, by the hash the ruler stores (``ent_id_`` looks
        # the string up again for every match): one, or the claimants of a shared form.
        self.claims_of = {get_string_id(entity.id): (entity,) for entity in kb.entities.values()}
        self.claims_of.update({get_string_id(shared_form_id(form)): tuple(claimants)
                               for form, claimants in kb.shared_forms.items()})
        self.group_of = {entity_id: kb.group(entity_id).id for entity_id in kb.entities}  # parent chains walked once
        # (ambiguous, needs context) of each form the ruler matches: one lookup per mention.
        self.doubts = {(p["id"], p["pattern"]): self._doubts(p["id"], p["pattern"])
                       for p in kb.patterns() if p["id"] in kb.entities}
        self.local_short_forms = _local_short_forms(kb)

    def _doubts(self, entity_id: str, surface: str) -> tuple[bool, bool]:
        return self.kb.is_ambiguous(entity_id, surface), self.kb.needs_context(entity_id, surface)

    def _messenger(self, text: str, start: int, end: int) -> bool:
        for before, after in self.messenger:  # (a loop, not ``any``: this runs for every company mention)
            if after.match(text, end) and before.search(text, max(0, start - MESSENGER_REACH), start):
                return True
        return False

    def _false_friend_spans(self, text: str) -> list[tuple[int, int]]:
        """Where the text has a word that holds an alias but names something else: "移动智能终端"
        is no China Mobile (Chinese is matched per character), "the Council of State" is no
        EU Council, "Model X" no X."""
        # (Most texts hold none of them: one pass for all of them is faster than the regex's scan.)
        if self.false_friend_scan is None or not self.false_friend_scan.present(text):
            return []
        return [match.span() for match in self.false_friends.finditer(text)]

    def __call__(self, doc: Doc) -> Doc:
        claims_of, group_of = self.claims_of, self.group_of
        text, matching = doc_text(doc), matching_text(doc)
        # (claimants, surface, start, end, ambiguous, needs context): Span attributes rebuild
        # their text on every access.
        candidates = []
        ents = doc.ents  # (each read builds every Span again)
        inside_other_words = self._false_friend_spans(matching) if ents else []
        for ent in ents:
            # (``id``: the ent_id the ruler set, which ``ent_id`` looks up through ``root``.)
            claimants, start, end = claims_of.get(ent.id), ent.start_char, ent.end_char
            if claimants is not None and not inside_word(text, start, end) and not (
                claimants[0].family == "company" and self._messenger(matching, start, end)
            ) and not (inside_other_words and any(
                s < end and start < e and (s < start or e > end) for s, e in inside_other_words
            )):
                surface = text[start:end]
                # (A surface spaced unlike its pattern is matched too, and looked up here.)
                doubts = (False, True) if len(claimants) > 1 else (
                    self.doubts.get((claimants[0].id, surface)) or self._doubts(claimants[0].id, surface))
                candidates.append((claimants, surface, start, end, *doubts))
        sure = [claimants[0] for claimants, _, _, _, ambiguous, contextual in candidates if not (ambiguous or contextual)]
        sure_groups = {group_of[entity.id] for entity in sure}
        sure_authorities = [(claimants[0], surface) for claimants, surface, _, _, ambiguous, contextual in candidates
                            if not (ambiguous or contextual) and claimants[0].family == "authority"]
        # Where the text is: the places it names and its authorities' jurisdictions.
        sure_places = {entity.jurisdiction for entity in sure if entity.family != "company"}
        if not sure_places and in_traditional_script(doc):
            # (Chinese in traditional characters that names no place is Taiwan's press: its
            # 公平會 is Taiwan's Fair Trade Commission)
            sure_places.add("TW")
        # A text that names a regulator, a court or a company for sure is about business or
        # law ("rivals including Google, Meta and Amazon"), and so is one that names both, each
        # doubtfully ("FTC sues Amazon": a river has no regulator), or two of one group's
        # ("Meta said Threads …"). Only a doubtful mention
        # needs the cue search.
        business_text = len(sure) < len(candidates) and (
            any(entity.family != "place" for entity in sure)
            or {"company", "authority"} <= {claimants[0].family for claimants, *_ in candidates}
            or _two_of_one_group(candidates, group_of)
            or self.cues.search(matching)
        )

        # Where each place mention ends: "France's competition watchdog" is France's.
        place_before = {end: claimants[0].jurisdiction for claimants, _, _, end, _, _ in candidates
                        if claimants[0].family == "place"}
        place_ends = [(jurisdiction, end) for end, jurisdiction in place_before.items()]
        local_bodies: dict[str, Entity] = {}

        def meant(claimants: tuple[Entity, ...], surface: str, ambiguous: bool, contextual: bool,
                  start: int, end: int) -> Entity | None:
            """The entity a mention names, or None when the text does not support it."""
            if contextual and (OF_NAME_AFTER.match(text, end) or STATE_BEFORE.search(text, max(0, start - 12), start)
                               or (" " not in surface and surface[:1].isupper() and _ends_longer_name(text, start))):
                return None
            if len(claimants) > 1:  # a shared form: the claimant of the place just before, else of the text's
                place = place_before.get(_place_end(text, start))
                present = [entity for entity in claimants
                           if (entity.jurisdiction == place if place else entity.jurisdiction in sure_places)]
                return present[0] if len(present) == 1 else None
            entity = claimants[0]
            if entity.family == "company" and LAW_NAME_AFTER.match(text, end):
                return None
            if (ambiguous and entity.family == "company" and " " not in surface
                    and _in_longer_company_name(text, start) and _place_end(text, start) not in place_before):
                return None
            if ambiguous and len(surface) == 1 and _letter_in_longer_name(text, start, end):
                return None
            if entity.family == "authority" and entity.jurisdiction == "CN" and LOCAL_UNIT_BEFORE.search(
                    text, max(0, start - 2), start):
                return None
            if ambiguous and entity.family == "authority":
                # A short name inside a body's full name the text gave, or its initials, is that body again
                # ("日本公平會 … 公平會" is Japan's FTC twice, not Taiwan's).
                named_in_full = next((other for other, full in sure_authorities
                                      if (surface in full or _abbreviates(surface, full)) and other is not entity), None)
                if named_in_full is not None:
                    return named_in_full
                # Elsewhere, where the text has named one country before it, the short form of
                # the body there whose name ends in it ("FTC" in a Seoul story is "Korea's FTC").
                if surface in local_bodies:  # (one text, one body: later mentions follow the first)
                    return local_bodies[surface]
                if entity.jurisdiction not in sure_places:
                    countries = {place for place, end in place_ends if end <= start}
                    if len(countries) == 1 and (local := self.local_short_forms.get((fold_to_simplified(surface), *countries))):
                        local_bodies[surface] = local
                        return local
            place = entity.jurisdiction if entity.family == "authority" else entity.home
            in_its_place = place is not None and place in sure_places
            if group_of[entity.id] in sure_groups or (in_its_place if contextual else not ambiguous or business_text or in_its_place):
                return entity
            return None

        mentions = []
        for claimants, surface, start, end, ambiguous, contextual in candidates:
            if (entity := meant(claimants, surface, ambiguous, contextual, start, end)) is not None:
                mentions.append({"entity_id": entity.id, "family": entity.family, "surface": surface,
                                 "start": start, "end": end})
        doc.user_data[MENTIONS] = mentions
        return doc


def _two_of_one_group(candidates: list[tuple], group_of: dict[str, str]) -> bool:
    """Whether two different companies or products of one group are named."""
    seen: dict[str, str] = {}
    for claimants, *_ in candidates:
        entity = claimants[0]
        if entity.family == "company" and len(claimants) == 1:
            group = group_of[entity.id]
            if seen.setdefault(group, entity.id) != entity.id:
                return True
    return False


@Language.factory("gatewatch_linker")
def make_linker(nlp: Language, name: str) -> EntityLinker:
    return EntityLinker(load_kb())
