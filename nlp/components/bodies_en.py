"""English names of public bodies for ``gatewatch_bodies``: a title-case name built on a head
word ("San Francisco Superior Court", "Ministry of Transport and Communications"), read from
the head word back to where the name starts and on to where it ends."""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

from ahocorasick_rs import AhoCorasick, Implementation, MatchKind

if TYPE_CHECKING:
    from gatewatch.nlp.components.bodies import Candidate, Places

# A capitalised word of a name ("U.S.", "D.C.", "Puig-Lugo", "Québec"), and a run of them.
CAP_WORD = r"[A-Z][\w.'’&-]*"
CAP_RUN = re.compile(rf"{CAP_WORD}(?:[ \t]+{CAP_WORD})*")
INITIALS = re.compile(r"(?:[A-Z]\.)+")
# A word right after a name, with the blank between (no line break).
WORD_AFTER = re.compile(r"[ \t]+([^\s,;:()\[\]\"“”]+)")
POSSESSIVE = re.compile(r"['’]s\Z")
# A possessive's ending, a plural's too ("Department of Telecommunications' order").
OWNER_ENDING = re.compile(r"['’]s\Z|(?<=s)['’]\Z")
LOWER_WORD = re.compile(r"[a-z][\w-]*")
OWNER_PRONOUNS = frozenset({"its", "their", "his", "her", "our", "my", "your"})
# The most words a name has before its head word.
MAX_MODIFIERS = 8
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


class EnglishNames:
    def __init__(self, data: dict, places: Places) -> None:
        self.places = places
        self.heads = sorted({*data["heads"], *data["tail_heads"]}, key=len, reverse=True)
        self.tail_heads = frozenset(data["tail_heads"])
        self.office_heads = frozenset(data["office_heads"])
        self.stop_words = frozenset(data["stop_words"])
        self.date_words = frozenset(data["date_words"])
        self.titles = frozenset(data["titles"])
        self.law_words = frozenset(data["law_words"])
        self.statute_words = frozenset(data["statute_words"])
        self.generic = frozenset(data["generic"])
        self.private_words = frozenset(data["private_words"])
        # (leftmost-longest, as a regex of them as a trie finds them: an automaton scans a
        # text in a quarter of the regex's time)
        self.head_scan = AhoCorasick(self.heads, matchkind=MatchKind.LeftmostLongest, implementation=Implementation.DFA)
        self.head_word = re.compile(rf"(?<![\w-])(?:{'|'.join(map(re.escape, self.heads))})(?![\w-])")
        joins = "|".join(re.escape(c) for c in sorted({*data["connectors"], "in"}, key=len, reverse=True))
        self.joint = re.compile(rf"(,)?[ \t]+({joins})[ \t]+(?:(the)[ \t]+)?|(,)[ \t]+")
        # A list inside a name: "Trade, Industry and Competition".
        # (its items capitalised too: a comma before a person's name is no list, even where a
        # list follows in a later sentence)
        self.listed = re.compile(rf",[ \t]+{CAP_WORD}(?:[ \t]+{CAP_WORD})*(?:,[ \t]+{CAP_WORD}(?:[ \t]+{CAP_WORD})*)*?,?[ \t]+and[ \t]")
        # "District of Columbia": a place written with "of" may stand before a head word.
        self.of_places = {tuple(name.split(" of ")) for name in places.code if name.count(" of ") == 1}

    def find(self, text: str, known: list[tuple[int, int]] = ()) -> list[Candidate]:
        """(start, end, place right before, whether a possessive stands before) of each name.
        A head word inside a ``known`` span (a body the KB names for sure, in text order) is
        that body's: no name is read around it."""
        found: list[Candidate] = []
        covered = 0
        headline = None
        known_starts = [start for start, _ in known]
        for _, h0, h1 in self.head_scan.find_matches_as_indexes(text):
            if h0 < covered or (h0 and (text[h0 - 1].isalnum() or text[h0 - 1] == "-")) or (
                    h1 < len(text) and (text[h1].isalnum() or text[h1] == "-")):
                continue
            if (k := bisect.bisect_right(known_starts, h0)) and h1 <= known[k - 1][1]:
                continue
            if headline is None:
                headline = self._title_case_headline(text)
            if h0 < headline:
                continue
            name = self._english_name(text, h0, h1)
            if name is not None:
                # (a later head word's name that reaches back over the last one holds it: "Seoul
                # Central District Prosecutors" read on to "… Prosecutors' Office")
                while found and found[-1][0] >= name[0]:
                    found.pop()
                found.append(name)
                covered = name[1]
        return found

    def _english_name(self, text: str, h0: int, h1: int) -> Candidate | None:
        head = text[h0:h1]
        start, modifiers = self._modifiers(text, h0)
        if (before := text[max(0, start - 20):start].split()) and before[-1] in self.titles:
            return None  # a person's name after their title ("ACCC Commissioner Sarah Court")
        possessive, place = self._owner(text, start)
        after_head = WORD_AFTER.match(text, h1)
        # (an office's holder named after it ends the name: "Illinois Attorney General Kwame Raoul and …")
        holder_named = head in self.office_heads and after_head is not None and after_head.group(1)[:1].isupper()
        end = h1 if holder_named else self._tail(text, h1)
        if (modifiers == 0 and end == h1) or (head in self.tail_heads and end == h1):
            return None  # a head word alone is generic ("the Commission"); "Minister" needs "of …"
        if text[start:end].rpartition(" ")[2] in self.statute_words:
            return None  # a law its tail ends ("Courts of Judicature Act 1964")
        after = WORD_AFTER.match(text, end)
        if after and after.group(1)[:1].isupper():
            word = POSSESSIVE.sub("", after.group(1))
            if word in self.law_words or (word not in self.titles and not POSSESSIVE.search(after.group(1))
                                          and not holder_named):
                return None  # a law ("… Commission Act") or a head used as an adjective ("Court Order")
        # (a place after "in" is where a body sits, not its name, when its name opens with a place:
        # "New York State Supreme Court in Manhattan"; "Regional Court in Warsaw" is a name)
        named, joint, _ = text[start:end].rpartition(" in ")
        if joint and self.places.latin.match(named):
            end = start + len(named)
        if self._generic(text[start:end]) or any(
                word in self.private_words for word in text[start:h0].split()):
            return None
        if place is None and (seat := self._seat_after(text, end)):
            place = self.places.code[seat]  # "the Regional Court in Warsaw" is Poland's
        return start, end, place, possessive

    def _seat_after(self, text: str, end: int) -> str | None:
        """The seat of a body (``places.yaml``) named right after its name: "… in Warsaw"."""
        if text.startswith(" in ", end) and (seat := self.places.latin.match(text, end + 4)):
            return seat.group() if seat.group() in self.places.seats else None
        return None

    def _generic(self, name: str) -> bool:
        """Whether a name is one many bodies share, alone or after a place ("US District Court"),
        also when only a place follows it ("a US District Court in Kansas")."""
        shared, joint, where = name.rpartition(" in ")
        if joint and where in self.places.code:
            name = shared
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
                # (nor after a place: "… Kwame Raoul and Minnesota Attorney General" starts at Minnesota)
                if prior is None or modifiers == 0 or text[start:h0].strip() in self.places.code:
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
            word[-1] not in ".,;:" or INITIALS.fullmatch(word) is not None)

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
                bare = word if INITIALS.fullmatch(word) else word.rstrip(".,")
                # (the last capitalised word, owning what follows, ends the name: "Ministry of
                # Justice's order", "Department of Telecommunications' demand"; a plural's inside
                # a name is its own: "Prosecutors' Office")
                last = i + 1 == len(words)
                owner = OWNER_ENDING.sub("", bare) if last and OWNER_ENDING.search(bare) else None
                if owner and connector not in ("and", "&", ",") and owner not in self.stop_words:
                    kept.append(owner)
                    break
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
            if connector == "," and not self.listed.match(text[joint.start():joint.start() + 120]):
                break  # a comma only inside a list ("Trade, Industry and Competition")
            if connector == "in" and (self.places.code.get(seq) is None or seq in self.places.seats):
                break  # "in" only before a place ("… in the United States"), and a seat is none of a name
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
