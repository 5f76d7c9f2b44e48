"""Cue matching shared by the components: word lists and regular expressions from ``kb/``
run over a text, fast.

Python's regex engine only skips ahead quickly when a pattern starts with a plain literal or
character set, which case-insensitive, ``\\b``-led cue patterns never do: it tries the whole
pattern at every position. The helpers here give it fewer positions to try.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator, Sequence
from itertools import chain, islice

from ahocorasick_rs import Implementation

from gatewatch.nlp.components.batch import PIPE_BATCH
from gatewatch.nlp.components.cue_literals import WORD, alternates_at_top, later_literals, required_literals, word_led
from gatewatch.nlp.components.literals import LiteralScan, character_ranges

DIGIT_RUN = re.compile(r"\d+")
# How a pattern opens that can only match where a run of digits starts.
DIGIT_LED = r"\b\d"

# The characters besides 0-9 that ``\d`` takes: the BMP's as ranges, and any character beyond it.
OTHER_DIGITS = re.compile("[" + character_ranges(str.isdecimal, 0x80, 0xFFFF) + "\U00010000-\U0010ffff]")

# A cue: the literals one of which starts each of its matches (None: unknown), its pattern.
Cue = tuple[tuple[str, ...] | None, re.Pattern[str]]


def grouped_alternation(words: list[str], ignore_case: bool = False) -> str:
    """``word|word|…``, longest first, grouped under their first character ("f(?:ined|ine|in)").

    It matches what the plain alternation matches, but Python's regex engine tries, at each
    place, only the words of the group whose character stands there rather than every word.
    """
    groups: dict[str, list[str]] = {}
    for word in sorted(words, key=len, reverse=True):
        groups.setdefault(word[0].lower() if ignore_case else word[0], []).append(re.escape(word[1:]))
    return "|".join(f"{re.escape(first)}(?:{'|'.join(rests)})" for first, rests in groups.items())


class CuePattern:
    """Whether any of ``cues`` occurs in a text: ASCII cues as whole words, case-insensitively;
    CJK cues as plain substrings.

    The word boundary is tested once before the ASCII alternatives rather than in each of
    them: most positions fail it, and then no alternative is tried (3-4x faster); where it
    holds, only the words that start with the letter there are tried (2x faster again). An
    ASCII text, where no CJK cue can stand, is searched for the ASCII cues alone under
    re.ASCII, which means the same there and tests ``\\b`` and case without Unicode tables
    (2x faster again).
    """

    def __init__(self, cues: list[str], not_cues: Sequence[str] = ()) -> None:
        words = grouped_alternation([c for c in cues if c.isascii()], ignore_case=True)
        parts = [rf"\b(?:{words})(?!\w)"] if words else []
        parts += [re.escape(c) for c in cues if not c.isascii()]
        self.regex = re.compile("|".join(parts), re.IGNORECASE)
        self.ascii_regex = re.compile(parts[0], re.IGNORECASE | re.ASCII) if words else None
        # Phrases that hold a cue but mean something else ("fine dining", "adds up to"): blanked
        # out before the cues are looked for.
        self.not_cues = CuePattern(not_cues).regex if not_cues else None

    def search(self, text: str) -> bool:
        if self.not_cues is not None:
            text = self.not_cues.sub(" ", text)
        if not text.isascii():
            return self.regex.search(text) is not None
        return self.ascii_regex is not None and self.ascii_regex.search(text) is not None


def any_cue_alternation(patterns: list[str]) -> str:
    """``patterns`` as one alternation in which, as in ``CuePattern``, the ``\\b`` that leads most
    of them is tested once for all of them (3x faster on English text)."""
    led = [p[2:] for p in patterns if p.startswith(r"\b") and not alternates_at_top(p)]
    rest = [p for p in patterns if not p.startswith(r"\b") or alternates_at_top(p)]
    return "|".join([rf"\b(?:{'|'.join(led)})"] * bool(led) + rest)


def compile_cue(pattern: str) -> Cue:
    return required_literals(pattern), re.compile(pattern, re.IGNORECASE)


# What re.IGNORECASE also takes for an ASCII letter (Python's re documentation) while
# ``str.lower`` keeps it apart: a literal looked for in lower case may miss a match there.
CASE_FOLDED_CHARS = "\u0130\u0131\u017f\u212a"
CASE_FOLDED_APART = re.compile(f"[{CASE_FOLDED_CHARS}]")
# Each of them as the ASCII letter re.IGNORECASE takes it for, one character for one.
CASE_FOLDED_TO_ASCII = str.maketrans(CASE_FOLDED_CHARS, "iisk")
# ASCII characters that Unicode ``\s`` takes and re.ASCII's does not.
UNICODE_ONLY_SPACES = "\x1c\x1d\x1e\x1f"
# How a pattern can name a character by its code.
CODE_ESCAPE = re.compile(r"\\[uUNx0-7]")


def plain_ascii(text: str) -> bool:
    """Whether a pattern finds the same matches in ``text`` as its ``ascii_twin``."""
    return text.isascii() and not any(char in text for char in UNICODE_ONLY_SPACES)


def ascii_twin(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` under re.ASCII, which tests ``\\d``, ``\\w``, ``\\s``, ``\\b`` and case by
    table rather than through Unicode's (up to twice as fast): the same matches in a
    ``plain_ascii`` text. A pattern that may hold a character re.IGNORECASE takes for an
    ASCII letter ("ſ" for "s") is its own twin."""
    if CASE_FOLDED_APART.search(pattern.pattern) or CODE_ESCAPE.search(pattern.pattern):
        return pattern
    return re.compile(pattern.pattern, pattern.flags & ~re.UNICODE | re.ASCII)


def aligned_lower(text: str) -> str:
    """``text.lower()`` with offsets kept: a character whose lower case is longer ("İ") stays."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(char if len(char.lower()) != 1 else char.lower() for char in text)


def led_matches(
    body: re.Pattern[str], lead: re.Pattern[str] | None, text: str
) -> Iterator[tuple[int, re.Match[str], re.Match[str] | None]]:
    """``finditer`` of ``(?:lead)?body`` as (start, body match, lead match or None), run as a
    fast scan for ``body`` that looks back for ``lead`` (which ends in ``\\Z``) only where
    it matched.

    The same matches, provided ``lead`` cannot hold a place where ``body`` matches and, from
    a given place, ends in one place at most.
    """
    resume = 0
    for match in body.finditer(text):
        lead_match = lead.search(text, resume, match.start()) if lead else None
        yield (lead_match.start() if lead_match else match.start()), match, lead_match
        resume = match.end()


def ascii_places(text: str, chars: str) -> list[int]:
    """Where any of ``chars`` stands in ``text``, in order: one ``str.find`` (which skips at
    memchr speed) per occurrence, where the regex engine tests every character against a
    class (5-10 µs for an article). For a class of few characters that are all that can match
    in an ASCII text."""
    places = []
    for char in chars:
        at = text.find(char)
        while at >= 0:
            places.append(at)
            at = text.find(char, at + 1)
    places.sort()
    return places


@functools.lru_cache(maxsize=PIPE_BATCH)
def digit_runs(text: str) -> tuple[int, ...]:
    """Where each run of digits starts in ``text``.

    The amount and date patterns that start at such a place run only there (``anchored``)
    instead of each scanning the whole text for digits; the components that read the same
    text share this one scan (a string caches its hash, so the lookup is cheap).
    """
    if not text.isascii() and OTHER_DIGITS.search(text):  # (``\d`` takes other scripts' digits too)
        return tuple(match.start() for match in DIGIT_RUN.finditer(text))
    runs, last = [], -2
    for at in ascii_places(text, "0123456789"):  # (a loop: a generator's resumptions cost twice as much)
        if at != last + 1:
            runs.append(at)
        last = at
    return tuple(runs)


def anchored(
    pattern: re.Pattern[str], text: str, places: Sequence[int], end: int | None = None, limit: int | None = None
) -> list[re.Match[str]]:
    """``pattern.finditer(text, 0, end)``'s matches (its first ``limit``), provided each starts
    at one of ``places`` (in order): ``match`` is tried only there, skipping places inside
    the last match. (A list: a generator's resumptions cost more than the matching.)"""
    end = len(text) if end is None else end
    found: list[re.Match[str]] = []
    resume = 0
    for at in places:
        if at >= resume and (match := pattern.match(text, at, end)):
            found.append(match)
            if len(found) == limit:
                break
            resume = match.end()
    return found


class CueSet:
    """Labelled cues (label, cue) indexed by their literals.

    A literal that only ever follows a word boundary ("\\bfin…") counts only where a word
    starts; the others (Chinese cues, mostly) wherever they stand. A cue is tried only where
    one of its leading literals stands, and only in a text that holds its later ones
    (``later_literals``).
    """

    def __init__(self, cues: list[tuple[str, Cue]]) -> None:
        self.cues = cues
        self.unanchored = frozenset(i for i, (_, (literals, _)) in enumerate(cues) if literals is None)
        users: dict[str, set[int]] = {}
        for i, (_, (literals, _)) in enumerate(cues):
            for literal in literals or ():
                users.setdefault(literal, set()).add(i)
        # The cues each leading literal leads (sets, for CueText's unions).
        self.users = {literal: frozenset(cue_ids) for literal, cue_ids in users.items()}
        # Per cue, the later texts it needs (each a set, one of whose texts must stand).
        self.later: dict[int, list[frozenset[str]]] = {}
        not_word_led = set()
        for i, (_, (_, pattern)) in enumerate(cues):
            for texts, word_start in later_literals(pattern.pattern):
                self.later.setdefault(i, []).append(frozenset(texts))
                not_word_led.update(() if word_start else texts)
        # \b only stands before a word character where a word starts (lower case keeps
        # which characters are word characters).
        not_word_led.update(literal for literal, cue_ids in self.users.items()
                            if not (WORD.match(literal) and all(word_led(cues[i][1][1].pattern) for i in cue_ids)))
        literals = list(dict.fromkeys([*self.users, *(text for needs in self.later.values() for texts in needs
                                                      for text in texts)]))
        self.literal_scan = LiteralScan(literals, [literal for literal in literals if literal not in not_word_led],
                                        Implementation.ContiguousNFA)
        # Each cue's pattern to run on a ``plain_ascii`` text, by the id of its own.
        self.ascii_twins = {id(pattern): ascii_twin(pattern) for _, (_, pattern) in cues}
        # The patterns without leading literals that open on a digit at a word's start ("\\b\\d…"):
        # tried only where a run of digits starts (``digit_runs``), by their ids.
        self.digit_led = frozenset(id(pattern) for i, (_, (_, pattern)) in enumerate(cues)
                                   if i in self.unanchored and pattern.pattern.startswith(DIGIT_LED)
                                   and not alternates_at_top(pattern.pattern))
        self._live_masks()

    def _live_masks(self) -> None:
        """Which cues a text's literals let match, as bits of one integer that an OR of its
        literals' integers builds (a set per literal and one per cue's later texts took 30 µs
        of an English article; these, 5).

        A cue stands at one bit (its ``position``) in each of several regions laid side by side:
        the first is set by its leading literals (always, for a cue without), the next by one of
        the texts of its first set of later texts, the next by its second set, and so on. The
        cues that need more sets come first, so that each region of later texts only spans the
        cues that need that many. A cue may match where its bit stands in every region it spans."""
        later = self.later
        count = len(self.cues)
        self.order = sorted(range(count), key=lambda i: (-len(later.get(i, ())), i))  # position → cue
        position = {cue: at for at, cue in enumerate(self.order)}
        # (offset, width) of each region of later texts: the n-th spans the cues that need n sets or more
        widths = [sum(1 for needs in later.values() if len(needs) > n) for n in range(max(map(len, later.values()), default=0))]
        self.regions = []
        offset = count
        for width in widths:
            self.regions.append((offset, width))
            offset += width
        self.everyone = (1 << count) - 1
        # (cues past a region's width need no set there)
        self.beyond = [~((1 << width) - 1) for _, width in self.regions]
        masks: dict[str, int] = {}
        always = 0
        for i in self.unanchored:
            always |= 1 << position[i]
        for literal, cue_ids in self.users.items():
            for i in cue_ids:
                masks[literal] = masks.get(literal, 0) | 1 << position[i]
        for i, needs in later.items():
            for (offset, _), texts in zip(self.regions, needs):
                for text in texts:
                    masks[text] = masks.get(text, 0) | 1 << (offset + position[i])
        self.masks = masks
        self.always = always


class CueText:
    """A text prepared for the cues of a ``CueSet``.

    A cue with leading literals can only match where one of them stands. Where each literal
    stands is found once per text; cues whose literals are all absent are left out, and the
    others run their regex only where their literals stand instead of at every position.
    """

    def __init__(self, text: str, cue_set: CueSet) -> None:
        self.text = text
        self.lowered = aligned_lower(text)
        # A character that only re.IGNORECASE takes for an ASCII letter ("FİNED") is read as that
        # letter, so that the literals found in lower case are every place a cue can match.
        # (Four substring tests: faster than a regex class.)
        if not text.isascii() and any(char in text for char in CASE_FOLDED_CHARS):
            self.lowered = self.lowered.translate(CASE_FOLDED_TO_ASCII)
        self.scan = cue_set.literal_scan
        present = self.present = self.scan.present(self.lowered)
        found, masks = cue_set.always, cue_set.masks
        for literal in present:
            found |= masks[literal]
        live = found & cue_set.everyone
        for (offset, _), beyond in zip(cue_set.regions, cue_set.beyond):  # (the later texts, too, are found in lower case)
            live &= found >> offset | beyond
        # The cues that may match this text, in their set's order.
        order, ids = cue_set.order, []
        while live:
            top = live.bit_length() - 1
            ids.append(order[top])
            live ^= 1 << top
        ids.sort()
        cues = cue_set.cues
        self.live = [cues[i] for i in ids]
        self.twins = cue_set.ascii_twins if plain_ascii(text) else None
        self.digit_led = cue_set.digit_led
        self.places: dict[str, list[int]] = {}  # (each literal's, found when first asked for)
        # What the cues' readers found of this text, kept for those who ask again.
        self.memo: dict = {}
        self._by_label: dict[str, list[Cue]] | None = None

    def labelled(self, label: str) -> list[Cue]:
        """The live cues labelled ``label`` (grouped once per text: a text is asked for a dozen labels)."""
        if self._by_label is None:
            self._by_label = {}
            for cue_label, cue in self.live:
                self._by_label.setdefault(cue_label, []).append(cue)
        return self._by_label.get(label, [])

    def matches(self, cue: Cue, start: int = 0, end: int | None = None,
                limit: int | None = None) -> list[re.Match[str]]:
        """The cue's matches in ``text[start:end]`` (its first ``limit``), as ``finditer`` gives them."""
        literals, pattern = cue
        if self.twins is not None:
            pattern = self.twins.get(id(pattern), pattern)
        if literals is None and id(cue[1]) not in self.digit_led:
            return list(islice(pattern.finditer(self.text, start, len(self.text) if end is None else end), limit))
        return anchored(pattern, self.text, self._where(cue, start, end), end, limit)

    def _where(self, cue: Cue, start: int, end: int | None) -> Sequence[int]:
        """Where the cue may match in ``text[start:end]``: where its leading literals stand (a
        digit-led one's, where runs of digits start)."""
        literals = cue[0]
        if literals is None:
            runs = digit_runs(self.text)
            return runs[bisect.bisect_left(runs, start):] if start else runs
        if not start and end is None:  # (most calls: then every place found counts)
            if len(literals) == 1:
                return self._places(literals[0])
            # (the literals the text lacks skipped without a call: a cue may have dozens)
            found = [some for literal in self.present.intersection(literals) if (some := self._places(literal))]
            return found[0] if len(found) == 1 else sorted(chain.from_iterable(found))
        end = len(self.text) if end is None else end
        if len(literals) == 1:
            return self._occurrences(literals[0], start, end)
        return sorted(at for literal in self.present.intersection(literals) for at in self._occurrences(literal, start, end))

    def _places(self, literal: str) -> list[int]:
        if (found := self.places.get(literal)) is None:
            found = self.places[literal] = self.scan.places(self.lowered, literal) if literal in self.present else []
        return found

    def _occurrences(self, literal: str, start: int, end: int) -> list[int]:
        """Where ``literal`` stands within ``text[start:end]``."""
        places = self._places(literal)
        return places[bisect.bisect_left(places, start):bisect.bisect_right(places, end - len(literal))]
