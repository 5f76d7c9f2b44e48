"""``gatewatch_orgs``: companies the KB does not know, recognised by their legal form.

A capitalised name before "Inc.", "Ltd", "GmbH", "UAB" … ("Rogers Communications Inc.",
"Revolut Bank UAB"), or a Chinese one before 有限公司, 股份有限公司 or 有限责任公司
("北京三快科技有限公司", "台灣恆營股份有限公司"), names a company whatever the text is about.
The forms and word lists are in ``kb/legal_forms.yaml``; which forms stay part of the name as
written and which are dropped follows the gold set's convention (see there).

A name that is a KB company's mention ("Apple Inc.", "Booking.com B.V.") is the linker's. One
that holds a KB company's name, or is followed by one in brackets ("Whaleco Technology Limited
(Temu)"), is a company of that group: under a kept form it is listed with the group as its
parent ("Google Ireland Limited", "Revolut Bank UAB"), as the gold set lists such names; under
a dropped form, in Chinese, or where the alias only opens a longer word ("Google Ireland Ltd.",
"苹果电脑贸易（上海）有限公司", "富胖達股份有限公司（foodpanda）", "GlovoApp Morocco SARL") it
is left out, the gold set mostly naming the group alone there.

So is a name written as a web address ("Shaadi.com", "tkt.ge": ``web_endings``), unless it is
in a link ("www.…"), cited as a source ("according to …": ``cited_by``) or holds a KB company's
name ("Amazon.it", "meta.ai": the linker's, or the group's).

A name is no company when it overlaps an authority's name, is a place, or holds a word that
makes it an authority, a court or a law ("Commission", "Act": ``not_company``). Capitalised
words that open a sentence or phrase, and descriptions, are not part of the name after them
("On Monday Rogers Communications Inc.", "Quebecor's Videotron Ltd.", "Dublin-based Whaleco
Technology Limited").

A Chinese name starts after the word before it (诉, 对, 运营方 …) or at the place it begins
with; one named as a KB company's operator ("抖音运营方北京微播视界科技有限公司") has that
company's group as its parent. The others have none.

Only texts with a form in them are read further: a Latin form after a space (one regex scan
with a literal-led trie), 有限 in a Chinese text (a substring test). The results go to
``doc._.new_companies`` as ``{"name", "parent", "start", "end"}``.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc

from gatewatch.nlp.components.batch import BatchedComponent
from gatewatch.nlp.components.bodies import places_table
from gatewatch.nlp.components.doccache import doc_text, extension_key
from gatewatch.nlp.components.linker import MENTIONS, inside_word
from gatewatch.nlp.components.literals import character_ranges, trie_alternation
from gatewatch.nlp.components.money import money_patterns
from gatewatch.nlp.components.orgs_context import POSSESSIVE, ContextNames
from gatewatch.nlp.components.orgs_context_zh import ChineseContextNames
from gatewatch.nlp.components.script import matching_text
from gatewatch.nlp.kb import KB_DIR, KnowledgeBase, load_kb, read_yaml_file

Doc.set_extension("new_companies", default=None, force=True)
NEW_COMPANIES = extension_key("new_companies")

# How far before a legal form a name may start.
LATIN_REACH = 120
CHINESE_REACH = 24
# A word of a Latin-script name: a capital or a digit first ("Portal47"), or lower-case letters
# before a capital ("eBay", "iTunes"), a colon only inside ("J:or"); a bracketed place
# ("Nichicon (Hong Kong)"), not initials ("Comm Equipment Company (CEC)" ends before them).
# (Capitals: ASCII's and the Latin ones of other alphabets, "Çiçek Sepeti", "Łódź", "Österreichische Post".)
CAPITAL = "A-Z" + character_ranges(str.isupper, 0xC0, 0x24F)
NAME_WORD = rf"(?:[{CAPITAL}0-9](?:[\w'’.&+\-]|:(?=\w))*|[a-z]{{1,3}}[A-Z][\w'’.&+\-]*|\([A-Z][a-z][\w .]*\))"
# (not a currency code before an amount: "fined Vodafone Magyarország Zrt. HUF 1.176 billion")
SENTENCE_NEXT = re.compile(r"\s*(?:\Z|\n|(?![A-Z]{3} ?\d)[A-Z\"“])")
# A word describing the name after it ("Dublin-based").
DESCRIBING_WORD = re.compile(r"-[a-z]+\Z")
# A number and a full stop: the end of a sentence (no company's name holds one).
NUMBER_ENDING_SENTENCE = re.compile(r"\d+\.")
WORDS = re.compile(r"\S+")
# A year or a span of years opens a copyright line ("© 1996-98 AccuSoft Inc."), not a name.
YEARS = re.compile(r"(?:19|20)\d\d(?:[-–](?:\d\d){1,2})?,?")
# A Chinese name: CJK characters, Latin letters and digits, brackets ("苹果电脑贸易（上海）").
CHINESE_RUN = re.compile(r"[\u4e00-\u9fffA-Za-z0-9（）()·]+\Z")
BRACKET = re.compile(r" ?[(（]")
CHINESE_DATE = re.compile(r"\d+[年月日号]")
CHINESE_PLACE_SUFFIX = re.compile(r"[\u4e00-\u9fff]{2}[市省]")
# Where a KB company's alias may open a longer word of a name ("GlovoApp", "GrabCar").
ALIAS_PREFIX_MIN = 4


class LatinPatterns(NamedTuple):
    gate: re.Pattern[str]  # a legal form after a space
    chain: re.Pattern[str]  # the forms from one on
    name_before: re.Pattern[str]  # the name that ends before them


class Found(NamedTuple):
    """A name found before a legal form: the output writes it as ``text[start:end]``."""

    start: int
    end: int
    form_end: int  # where its legal form ends
    operator: int  # where a word before it that makes it a company's operator starts, or -1
    base_end: int  # where it ends without a kept form ("Revolut Bank| UAB")


FORMS_FILE = KB_DIR / "legal_forms.yaml"


@functools.cache
def one_word_amount() -> re.Pattern[str]:
    """An amount written as one word ("P69.1-billion", "R2.67-billion"): a number joined to a
    scale word of ``kb/money.yaml`` longer than an abbreviation."""
    _, _, scales = money_patterns()["prefix"]
    return re.compile(rf"\d-(?i:{'|'.join(re.escape(scale) for scale in scales if len(scale) > 3)})\b")


def describes(word: str) -> bool:
    """Whether a word describes or owns the name after it ("Dublin-based", "Quebecor's"): the
    name starts after it."""
    return POSSESSIVE.search(word) is not None or DESCRIBING_WORD.search(word) is not None


@functools.cache
def load_forms(path: Path = FORMS_FILE) -> dict:
    return read_yaml_file(path)


class OrgRecognizer(BatchedComponent):
    def __init__(self, kb: KnowledgeBase, forms: dict) -> None:
        self.kb = kb
        latin, chinese = forms["latin"], forms["chinese"]
        self.kept = {form.rstrip(".") for form in latin["kept"]}
        # Kept forms whose own last character is a full stop ("B.V.", "S.A."): one there is the form's.
        self.dotted = tuple(form for form in latin["kept"] if form.endswith("."))
        self.one_form = re.compile("(?:" + trie_alternation([f.rstrip(".") for f in latin["dropped"] + latin["kept"]])
                                   + r")\.?(?![\w\-])")  # (not "Co-op", "Incumbent")
        self.joiners = frozenset(latin["joiners"])
        joiners = "|".join(map(re.escape, latin["joiners"]))
        self.latin = LatinPatterns(
            # The scan: a form after a space. (Led by a literal, the regex engine skips to each
            # space at memchr speed; a lookbehind or a class there made it three times slower.)
            re.compile(" " + self.one_form.pattern),
            # The forms from the one found on ("Co., Limited", "Pte. Ltd.", "GmbH & Co. KG").
            re.compile(f"{self.one_form.pattern}(?:,? (?:& )?{self.one_form.pattern})*"),
            re.compile(rf"(?<![\w'’.\-])(?P<name>{NAME_WORD}(?: (?:(?:{joiners}) )*{NAME_WORD})*)(?: &)?,? \Z"))
        # In Chinese text a Latin name and its form stand right against Chinese characters
        # ("日商NHK Spring Co., Ltd.違反", "Suncall Corporation四家"): there a word is of ASCII
        # word characters.
        self.latin_in_chinese = LatinPatterns(*(re.compile(p.pattern, re.ASCII) for p in self.latin))
        self.not_name = frozenset(latin["not_name"])
        # (an amount ends a name: "fines Telkom R449 million")
        self.context = ContextNames(NAME_WORD, joiners, latin, frozenset(money_patterns()["prefix_written"]))
        # A web address's ending, then the name it ends (read back from there: one scan for the
        # ending's full stop, not a name pattern tried everywhere).
        self.web_ending = re.compile(rf"\.(?i:{trie_alternation(latin['web_endings'])})(?![\w-]|\.\w)")
        self.web_name = re.compile(r"(?<![\w@/.:\-])[A-Za-z][\w-]*(?:\.[A-Za-z][\w-]*)*\Z")
        self.cited_by = re.compile(rf"\b(?:{'|'.join(map(re.escape, latin['cited_by']))}) \Z")
        self.not_company = frozenset(latin["not_company"])
        # (the places bodies are placed by: countries, and the states and cities of ``regions``)
        self.places = frozenset(name.lower() for name in places_table().code)
        self.company_ids = {entity.id for entity in kb.entities.values() if entity.family == "company"}
        self.company_aliases = frozenset(alias for entity in kb.entities.values() if entity.family == "company"
                                         for aliases in entity.aliases.values() for alias in aliases
                                         if len(alias) >= ALIAS_PREFIX_MIN)
        self.lower_aliases = frozenset(alias.lower() for alias in self.company_aliases)  # (web addresses: "meta.ai")
        self.chinese_forms = re.compile("|".join(map(re.escape, sorted(chinese["dropped"], key=len, reverse=True))))
        in_names = "|".join(map(re.escape, chinese["in_names"]))
        self.before_name = re.compile(f"(?!{in_names}){trie_alternation(chinese['before_name'])}")
        self.operator_of = frozenset(chinese["operator_of"])
        self.chinese_not_name = tuple(chinese["not_name"])
        self.anonymised = tuple(chinese["anonymised"])
        self.amount_word = one_word_amount()
        self.chinese_context = ChineseContextNames(chinese, frozenset(e.id for e in kb.entities.values() if e.kind == "company"),
                                                   frozenset(latin["attributive"] + chinese["not_latin_name"]),
                                                   frozenset(form.rstrip(".") for form in latin["kept"] + latin["dropped"]))
        self.chinese_places = re.compile(f"(?:{trie_alternation(chinese['places'])})[市省]?")

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        if doc.lang_ == "zh":
            folded = matching_text(doc)
            found = self._chinese(folded) if "有限" in folded else []
            # (Taiwan's and Hong Kong's coverage writes foreign companies' names in Latin script)
            found += self._latin(text, self.latin_in_chinese)
            found += [Found(start, end, end, -1, end)
                      for start, end in self.chinese_context.find(folded, doc.user_data.get(MENTIONS) or [])]
        else:
            found = self._latin(text, self.latin)
            found += [Found(start, end, end, -1, end)
                      for start, end in self.context.find(text, doc.user_data.get(MENTIONS) or [], self._trim)]
            found += [Found(start, end, end, -1, end) for start, end in self._web_names(text)]
        doc.user_data[NEW_COMPANIES] = self._unknown(doc, text, found) if found else []
        return doc

    def _latin(self, text: str, patterns: LatinPatterns) -> list[Found]:
        found, chain_end = [], -1
        for match in patterns.gate.finditer(text):
            at = match.start() + 1
            if at < chain_end:  # a form after another ("Co., Ltd."), read with it
                continue
            chain = patterns.chain.match(text, at)
            chain_end, forms = chain.end(), chain.group()
            after = text[chain_end:chain_end + 2]
            # "Texas AG Ken Paxton", "Corporation Tax": a capitalised word right after, without
            # a full stop between, makes the form part of a longer name or a title.
            if len(after) == 2 and after[0] == " " and after[1].isupper() and not forms.endswith("."):
                continue
            line_start = max(text.rfind("\n", 0, at) + 1, at - LATIN_REACH)
            name = patterns.name_before.search(text, line_start, at)
            if name is None:
                continue
            start, end = self._trim(text, name.start(), name.end("name"))
            if start is None:
                continue
            base_end = end
            if self.one_form.match(forms).group().rstrip(".") in self.kept:
                # Kept as written, but for a full stop that ends the sentence ("… Ltda. The"), unless
                # the form is written with one ("Tesbrit B.V. Vocus").
                end = chain_end - (forms.endswith(".") and not forms.endswith(self.dotted)
                                   and SENTENCE_NEXT.match(text, chain_end) is not None)
            found.append(Found(start, end, chain_end, -1, base_end))
        return found

    def _web_names(self, text: str) -> list[tuple[int, int]]:
        """Names written as web addresses ("Shaadi.com", "tkt.ge"), not in a link ("www.…",
        "https://…"), cited as a source, or holding a KB company's name ("Amazon.it" is Amazon's)."""
        found = []
        for ending in self.web_ending.finditer(text):
            name = self.web_name.search(text, max(0, ending.start() - 60), ending.start())
            if name is None or name.group().lower().startswith("www."):
                continue
            start, end, base = name.start(), ending.end(), name.group()
            if (self.cited_by.search(text, max(0, start - 20), start) is None and base.lower() not in self.places
                    and not any(base[:k].lower() in self.lower_aliases for k in range(ALIAS_PREFIX_MIN, len(base) + 1))):
                found.append((start, end))
        return found

    def _trim(self, text: str, start: int, end: int) -> tuple[int | None, int]:
        """Where the name really starts in ``text[start:end]``: after a possessive ("Quebecor's
        Videotron"), after the words that open a sentence or phrase ("On Monday"); None when
        nothing is left or what is left is no company."""
        words = [(m.start(), m.group()) for m in WORDS.finditer(text, start, end)]
        # "Quebecor's Videotron", "Dublin-based Whaleco", "on 13 December 2021. SAAB Grintek": the
        # name is after the last word that describes it or ends a sentence.
        described = [i for i, (_, word) in enumerate(words[:-1]) if describes(word) or NUMBER_ENDING_SENTENCE.fullmatch(word)]
        if described:
            words = words[described[-1] + 1:]
        # A legal form and a joiner inside the run end another name before this one ("NEC Software
        # Solutions UK Limited of SSS Public Safety Limited"; "UAB Pigu", "Amazon.com NV Investment
        # Holdings" hold a form without one).
        formed = [i for i in range(1, len(words) - 1)
                  if words[i + 1][1] in self.joiners and self.one_form.fullmatch(words[i][1])]
        if formed:
            words = words[formed[-1] + 2:]
        # A word opening a sentence that the text also writes in lower case is no name ("Shares").
        sentence_start = bool(words) and (words[0][0] == 0 or text[words[0][0] - 1] == "\n"
                                    or text[max(0, words[0][0] - 2):words[0][0]] in (". ", '" ', "“ "))
        while words and (words[0][1] in self.not_name or words[0][1].islower() or YEARS.fullmatch(words[0][1])
                         or (sentence_start and f" {words[0][1].lower()} " in text)):
            words, sentence_start = words[1:], False
        if (not words or any(word.strip("(),") in self.not_company for _, word in words)
                or self.amount_word.search(words[0][1])):  # ("Telkom's R2.67-billion acquisition")
            return None, end
        start, first = words[0]
        if text[start:end].lower() in self.places or any(
            # (the alias goes on as a new word does, "GlovoApp", "Vinted.pl": "Coherent" is no "Cohere")
            first[:k] in self.company_aliases and not first[k].islower()
            for k in range(ALIAS_PREFIX_MIN, len(first))
        ):
            return None, end
        return start, end

    def _chinese(self, folded: str) -> list[Found]:
        found = []
        for match in self.chinese_forms.finditer(folded):
            at = match.start()
            run = CHINESE_RUN.search(folded, max(0, at - CHINESE_REACH), at)
            if run is None:
                continue
            start, operator = run.start(), -1
            cuts = [cut for pattern in (self.before_name, CHINESE_DATE)
                    for cut in pattern.finditer(folded, start, at) if cut.end() < at]
            if cuts:
                cut = max(cuts, key=lambda cut: cut.end())
                start, operator = cut.end(), cut.start() if cut.group() in self.operator_of else -1
            if start == run.start():
                # No word before it says where the name starts: at the place it begins with, if any
                # ("…深圳微时空信息技术"), unless that is in brackets ("苹果电脑贸易（上海）").
                place = self.chinese_places.search(folded, start, at) or CHINESE_PLACE_SUFFIX.search(folded, start, at)
                if place and not any(bracket in folded[start:place.start()] for bracket in "（("):
                    start = place.start()
            if folded[start] in "（(":  # (a name in brackets after another: "…公司（原名天外天有线电视股份有限公司）")
                start += 1
            if at - start >= 2 and not folded.startswith(self.chinese_not_name, start) and not any(
                word in folded[start:at] for word in self.anonymised
            ):
                found.append(Found(start, at, match.end(), operator, at))
        return found

    def _unknown(self, doc: Doc, text: str, found: list[Found]) -> list[dict]:
        """The names found that are no KB company's, authority's or place's, each once."""
        names: dict[str, dict] = {}
        spans = {(found_start, found_end) for found_start, found_end, *_ in found}
        mentioned = {(m["start"], m["end"]) for m in doc.user_data.get(MENTIONS) or ()}
        for start, end, form_end, operator, base_end in found:
            if any(s <= start and end <= e and (s, e) != (start, end) for s, e in spans):
                continue  # a name read again shorter ("… S.p.A" of "… S.p.A., Vertigo" in a list)
            bracket = opening.end() if (opening := BRACKET.match(text, form_end)) else -1
            near = [(s, e, label, entity_id)
                    for s, e, label, entity_id in _ruler_matches(doc, start, max(form_end, bracket + 1))
                    if s < form_end or s == bracket]
            if any(label == "AUTHORITY" for _, _, label, _ in near):
                continue  # an authority's name, or in one
            # (the ruler, unlike the linker, matches inside a Latin word in Chinese text: "Mac" of "MacPaw")
            # (a form that names a KB company only in context is none where the linker left it:
            # "Spark" of "Spark Event Rentals Ltd.", "Telekom" of "Azercell Telekom")
            linked = [(s, e, entity_id) for s, e, _, entity_id in near
                      if entity_id in self.company_ids and not inside_word(text, s, e)
                      and ((s, e) in mentioned or not self.kb.needs_context(entity_id, text[s:e]))]
            # A KB company's name, or one of its group's under a dropped form or in Chinese
            # ("Google Ireland Ltd.", "苹果电脑贸易（上海）有限公司"): the linker names the group.
            # One under a kept form is a company of the group's as the gold lists them ("Google
            # Ireland Limited", "Revolut Bank UAB", "X Brasil Internet Ltda").
            if linked and (end == base_end or any(s <= start and e >= base_end for s, e, _ in linked)):
                continue
            operated = linked[0][2] if linked else next(
                (m["entity_id"] for m in doc.user_data.get(MENTIONS) or [] if m["end"] == operator and m["family"] == "company"),
                None)
            name = text[start:end]
            names.setdefault(name, {"name": name, "parent": self.kb.group(operated).name if operated else None,
                                    "start": start, "end": end})
        # A name the text also writes in full is that company once ("Dagang Net" beside "Dagang
        # Net Technologies", "Bose" beside "Bose GmbH"), as the gold set lists it.
        return [found for name, found in names.items() if not any(other.startswith(name + " ") for other in names)]


def _ruler_matches(doc: Doc, start: int, end: int) -> list[tuple[int, int, str, str]]:
    """(start, end, label, id) of the EntityRuler's matches over ``text[start:end]``, read from
    the tokens there (``doc.ents`` builds every match of the doc)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return []
    i, matches = span.start, []
    while i > 0 and doc[i].ent_iob_ == "I":  # (a match that begins before)
        i -= 1
    while i < span.end:
        token, i = doc[i], i + 1
        if token.ent_iob_ == "B":
            while i < len(doc) and doc[i].ent_iob_ == "I":
                i += 1
            last = doc[i - 1]
            matches.append((token.idx, last.idx + len(last), token.ent_type_, token.ent_id_))
    return matches


@Language.factory("gatewatch_orgs")
def make_orgs(nlp: Language, name: str) -> OrgRecognizer:
    return OrgRecognizer(load_kb(), load_forms())
