"""Cue matching shared by the components: word lists and regular expressions from ``kb/``
run over a text, fast.

Python's regex engine only skips ahead quickly when a pattern starts with a plain literal or
character set, which case-insensitive, ``\\b``-led cue patterns never do: it tries the whole
pattern at every position. The helpers here give it fewer positions to try.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

# Leading zero-width assertions (\b, lookbehinds), then literal text or a group of literal
# alternatives ("(?:cleared|approved)").
LEADING_ASSERTIONS = re.compile(r"^(?:\\b|\(\?<!?[^)]*\))*")
LITERAL = r"[^\\()\[\]|?*+.{}^$]+"
LEADING_LITERAL = re.compile(LITERAL)
WORD = re.compile(r"\w+")
LEADING_ALTERNATIVES = re.compile(rf"\(\?:({LITERAL}(?:\|{LITERAL})*)\)")

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


def cue_pattern(cues: list[str]) -> re.Pattern[str]:
    """A regex whose ``search`` tells whether any of ``cues`` occurs: ASCII cues as whole
    words, case-insensitively; CJK cues as plain substrings.

    The word boundary is tested once before the ASCII alternatives rather than in each of
    them: most positions fail it, and then no alternative is tried (3-4x faster); where it
    holds, only the words that start with the letter there are tried (2x faster again).
    """
    words = grouped_alternation([c for c in cues if c.isascii()], ignore_case=True)
    parts = [rf"\b(?:{words})(?!\w)"] if words else []
    parts += [re.escape(c) for c in cues if not c.isascii()]
    return re.compile("|".join(parts), re.IGNORECASE)


def any_cue_pattern(patterns: list[str]) -> re.Pattern[str]:
    """A regex whose ``search`` tells whether any of ``patterns`` occurs, case-insensitively.

    As in ``cue_pattern``, the ``\\b`` that leads most of them is tested once for all of them
    (3x faster on English text).
    """
    led = [p[2:] for p in patterns if p.startswith(r"\b") and not _alternates_at_top(p)]
    rest = [p for p in patterns if not p.startswith(r"\b") or _alternates_at_top(p)]
    return re.compile("|".join([rf"\b(?:{'|'.join(led)})"] * bool(led) + rest), re.IGNORECASE)


def _alternates_at_top(pattern: str) -> bool:
    """Whether ``pattern`` has a ``|`` outside every group ("a|b", "(?<!x)a|b")."""
    depth, escaped, in_class = 0, False, False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char in "()":
            depth += 1 if char == "(" else -1
        elif char == "|" and depth == 0:
            return True
    return False


def required_literals(pattern: str) -> tuple[str, ...] | None:
    """Texts one of which every match of ``pattern`` starts with (lower-cased), after
    zero-width assertions: ``\\bfin(?:ed|es)`` → ("fin",), ``\\b(?:cleared|approved)\\b…`` →
    ("cleared", "approved")."""
    if _alternates_at_top(pattern):
        return None
    at = LEADING_ASSERTIONS.match(pattern).end()
    if group := LEADING_ALTERNATIVES.match(pattern, at):
        words, rest = group.group(1).split("|"), pattern[group.end():]
        if rest[:1] in ("?", "*", "{"):  # the whole group may be absent
            return None
    elif literal := LEADING_LITERAL.match(pattern, at):
        words, rest = [literal.group()], pattern[literal.end():]
        if rest[:1] in ("?", "*", "{"):  # the last character is optional
            words = [words[0][:-1]]
    else:
        return None
    return tuple(word.lower() for word in words) if min(map(len, words)) >= 2 else None


def compile_cue(pattern: str) -> Cue:
    return required_literals(pattern), re.compile(pattern, re.IGNORECASE)


def _word_led(pattern: str) -> bool:
    """Whether ``pattern``'s leading assertions include a word boundary (``\\b``)."""
    return r"\b" in LEADING_ASSERTIONS.match(pattern).group()


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


class LiteralScan:
    """Every place where one of a set of literals stands, overlapping ones included, found by
    one regex search per place instead of one ``str.find`` per literal.

    Python's regex engine skips quickly to the characters that can start a literal (see
    ``grouped_alternation``). At each place the longest literal there matches; the shorter
    ones there are its prefixes.
    """

    def __init__(self, literals: list[str], lead: str = "") -> None:
        longest_first = sorted(literals, key=len, reverse=True)
        self.regex = re.compile(f"{lead}(?:{grouped_alternation(literals)})")
        self.prefixes = {literal: [p for p in longest_first if literal.startswith(p)] for literal in longest_first}

    def scan(self, text: str, places: dict[str, list[int]]) -> None:
        """Add to ``places`` where each literal stands in ``text``, in order."""
        search, prefixes = self.regex.search, self.prefixes
        at = 0
        while match := search(text, at):
            at = match.start()
            for literal in prefixes[match.group()]:
                places.setdefault(literal, []).append(at)
            at += 1


class CueSet:
    """Labelled cues (label, cue) indexed by their literals.

    A literal that only ever follows a word boundary ("\\bfin…") is only looked for where
    a word starts (one scan for all of them). The other literals (Chinese cues, mostly) are
    only looked for in a text that has a character as high as the lowest of their highest
    characters.
    """

    def __init__(self, cues: list[tuple[str, Cue]]) -> None:
        self.cues = cues
        self.unanchored = [i for i, (_, (literals, _)) in enumerate(cues) if literals is None]
        self.by_literal: dict[str, list[int]] = {}
        for i, (_, (literals, _)) in enumerate(cues):
            for literal in literals or ():
                self.by_literal.setdefault(literal, []).append(i)
        word_led, others = [], []
        for literal, users in self.by_literal.items():
            # \b only stands before a word character where a word starts (lower case keeps
            # which characters are word characters).
            led = WORD.match(literal) and all(_word_led(cues[i][1][1].pattern) for i in users)
            (word_led if led else others).append(literal)
        self.word_led = LiteralScan(word_led, lead=r"\b") if word_led else None
        self.others = LiteralScan(others) if others else None
        # One fast scan: most English texts have no such character (``max`` or ``set`` is slower).
        lowest = min(map(max, others), default=None)
        self.reaches_others = re.compile(f"[{re.escape(lowest)}-\U0010ffff]") if lowest else None


class CueText:
    """A text prepared for the cues of a ``CueSet``.

    A cue with leading literals can only match where one of them stands. Where each literal
    stands is found once per text; cues whose literals are all absent are left out, and the
    others run their regex only where their literals stand instead of at every position.
    """

    def __init__(self, text: str, cue_set: CueSet) -> None:
        self.text = text
        lowered = aligned_lower(text)
        self.places: dict[str, list[int]] = {}
        if cue_set.word_led is not None:
            cue_set.word_led.scan(lowered, self.places)
        if cue_set.others is not None and cue_set.reaches_others.search(lowered):
            cue_set.others.scan(lowered, self.places)
        live = {*cue_set.unanchored, *(i for literal in self.places for i in cue_set.by_literal[literal])}
        # The cues that may match this text, in their set's order.
        self.live = [cue_set.cues[i] for i in sorted(live)]

    def matches(self, cue: Cue, start: int = 0, end: int | None = None) -> Iterator[re.Match[str]]:
        """The cue's matches in ``text[start:end]``, as ``finditer`` gives them."""
        literals, pattern = cue
        end = len(self.text) if end is None else end
        if literals is None:
            yield from pattern.finditer(self.text, start, end)
            return
        if len(literals) == 1:
            places = self._occurrences(literals[0], start, end)
        else:
            places = sorted(at for literal in literals for at in self._occurrences(literal, start, end))
        resume = start
        for at in places:
            if at >= resume and (match := pattern.match(self.text, at, end)):
                yield match
                resume = match.end()

    def _occurrences(self, literal: str, start: int, end: int) -> list[int]:
        """Where ``literal`` stands within ``text[start:end]``."""
        places = self.places.get(literal, [])
        return places[bisect.bisect_left(places, start):bisect.bisect_right(places, end - len(literal))]
