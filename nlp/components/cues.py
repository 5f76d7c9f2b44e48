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
from itertools import islice

from gatewatch.nlp.components.batch import PIPE_BATCH
from gatewatch.nlp.components.literals import LiteralScan, character_ranges

# Leading zero-width assertions (\b, lookbehinds), then literal text or a group of
# alternatives that each start so ("(?:cleared|den(?:y|ie))").
LEADING_ASSERTIONS = re.compile(r"^(?:\\b|\(\?<!?[^)]*\))*")
LEADING_LITERAL = re.compile(r"[^\\()\[\]|?*+.{}^$]+")
WORD = re.compile(r"\w+")
# A class of plain characters (no range, escape or negation), or one character before a group.
LEADING_CHARACTERS = re.compile(r"\[([^\\\[\]^-]+)\]|([^\\()\[\]|?*+.{}^$])(?=\()")
# A non-capturing group's opening, with the flags it may set or clear ("(?-i:").
GROUP_OPENING = re.compile(r"\(\?[aiLmsux]*(?:-[imsx]+)?:")
OPTIONAL = ("?", "*", "{")  # what makes the text before it optional
# How many texts a cue's leading ones are spelled out into at most (see ``_leading_texts``).
SPELLINGS = 32
DIGIT_RUN = re.compile(r"\d+")
# The shortest Latin later literal a cue is filtered by (``later_literals``).
LATER_LENGTH = 4
# A regex quantifier (with its lazy or possessive mark), and the end of a character class.
QUANTIFIER = re.compile(r"(?:[?*+]|\{\d*(?:,\d*)?\})?[?+]?")
CLASS_END = re.compile(r"\[\^?\]?(?:\\.|[^\]\\])*\]")


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

    def __init__(self, cues: list[str]) -> None:
        words = grouped_alternation([c for c in cues if c.isascii()], ignore_case=True)
        parts = [rf"\b(?:{words})(?!\w)"] if words else []
        parts += [re.escape(c) for c in cues if not c.isascii()]
        self.regex = re.compile("|".join(parts), re.IGNORECASE)
        self.ascii_regex = re.compile(parts[0], re.IGNORECASE | re.ASCII) if words else None

    def search(self, text: str) -> bool:
        if not text.isascii():
            return self.regex.search(text) is not None
        return self.ascii_regex is not None and self.ascii_regex.search(text) is not None


def any_cue_pattern(patterns: list[str]) -> re.Pattern[str]:
    """A regex whose ``search`` tells whether any of ``patterns`` occurs, case-insensitively.

    As in ``cue_pattern``, the ``\\b`` that leads most of them is tested once for all of them
    (3x faster on English text).
    """
    led = [p[2:] for p in patterns if p.startswith(r"\b") and not _alternates_at_top(p)]
    rest = [p for p in patterns if not p.startswith(r"\b") or _alternates_at_top(p)]
    return re.compile("|".join([rf"\b(?:{'|'.join(led)})"] * bool(led) + rest), re.IGNORECASE)


def _structure(pattern: str, start: int = 0) -> Iterator[tuple[int, str, int]]:
    """Each character of ``pattern`` from ``start`` that is neither escaped nor in a character
    class, with its index and how many groups opened since ``start`` it stands in (a group's
    own parentheses stand outside it; -1: past the end of the group ``start`` is in)."""
    depth, escaped, in_class = 0, False, False
    for i in range(start, len(pattern)):
        char = pattern[i]
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        else:
            depth -= char == ")"
            yield i, char, depth
            depth += char == "("


def _alternates_at_top(pattern: str) -> bool:
    """Whether ``pattern`` has a ``|`` outside every group ("a|b", "(?<!x)a|b")."""
    return any(char == "|" and depth == 0 for _, char, depth in _structure(pattern))


def _group(pattern: str, at: int) -> tuple[list[str], int] | None:
    """The alternatives of the non-capturing group that opens at ``at`` (with or without
    flags: "(?-i:SEC)"), and where it ends."""
    if not (opening := GROUP_OPENING.match(pattern, at)):
        return None
    starts = [opening.end()]
    for i, char, depth in _structure(pattern, opening.end()):
        if depth < 0:  # its closing parenthesis
            return [pattern[a:b - 1] for a, b in zip(starts, starts[1:] + [i + 1])], i + 1
        if char == "|" and depth == 0:
            starts.append(i + 1)
    return None


def required_literals(pattern: str) -> tuple[str, ...] | None:
    """Texts one of which every match of ``pattern`` starts with (lower-cased), after
    zero-width assertions: ``\\bfin(?:ed|es)\\b`` → ("fined", "fines"), ``\\b(?:cleared|approved)\\b…`` →
    ("cleared", "approved"), ``\\b(?:den(?:y|ie)|comes?)`` → ("deny", "denie", "come"), ``[为以](?:遵守|符合)``
    → ("为遵守", "为符合", "以遵守", "以符合"), ``拟(?:勒令|处罚)`` → ("拟勒令", "拟处罚")."""
    if _alternates_at_top(pattern):
        return None
    at = LEADING_ASSERTIONS.match(pattern).end()
    if chars := LEADING_CHARACTERS.match(pattern, at):
        # One character alone would stand almost everywhere: it goes with what follows.
        following = None if pattern[chars.end():chars.end() + 1] in OPTIONAL else _leading_texts(pattern, chars.end())
        words = following and [char + text for char in chars.group(1) or chars.group(2) for text in following]
    else:
        words = _leading_texts(pattern, at)
    # A single letter or digit would stand almost everywhere; a Chinese character is a word.
    if not words or any(len(word) < 2 and word.isascii() for word in words):
        return None
    return tuple(dict.fromkeys(word.lower() for word in words))


def _leading_texts(pattern: str, at: int) -> list[str] | None:
    """Texts one of which a match of ``pattern`` from ``at`` starts with, spelled out as far
    as plain text and groups of plain alternatives go ("fin(?:ed|es)\\b" → "fined", "fines"):
    the longer they are, the fewer places where a cue is tried in vain ("fin" stands in
    "financial")."""
    spellings = _spellings(pattern, at)
    return None if spellings is None else [text for text, _ in spellings]


def _spellings(pattern: str, at: int) -> list[tuple[str, int]] | None:
    """The texts a match of ``pattern`` from ``at`` starts with, each with where in ``pattern``
    the part it spells out in full ends: a group's alternatives, or literal text (less its last
    character when that is optional), followed by what comes after while it is spelled out and
    the texts stay at most SPELLINGS."""
    if group := _group(pattern, at):
        alternatives, end = group
        if pattern[end:end + 1] in OPTIONAL:
            return None
        found = []
        for alternative in alternatives:
            if (inner := _spellings(alternative, 0)) is None:
                return None
            # (an alternative spelled out only in part ends the spelling at the group)
            found += [(text, end if place == len(alternative) else -1) for text, place in inner]
    elif literal := LEADING_LITERAL.match(pattern, at):
        if pattern[literal.end():literal.end() + 1] in OPTIONAL:
            return [(literal.group()[:-1], -1)]
        found = [(literal.group(), literal.end())]
    else:
        return None
    spelled = []
    for text, place in found:
        following = _spellings(pattern, place) if 0 <= place < len(pattern) else None
        if following and len(found) * len(following) <= SPELLINGS:
            spelled += [(text + more, after) for more, after in following]
        else:
            spelled.append((text, place))
    return spelled


def later_literals(pattern: str) -> list[tuple[tuple[str, ...], bool]]:
    """Texts, besides the leading ones, that every match of ``pattern`` holds further on: each
    plain word or group of plain alternatives after the first part that no quantifier makes
    optional, as (its texts, one of which stands in every match; whether they start a word,
    after a ``\\b`` or a space): "…\\b(?:investigation|probe)" → (("investigation", "probe"), True).
    Most cues' first words are common ("open", "order"); the later ones rarely all stand."""
    if _alternates_at_top(pattern):
        return []
    found, started, word_start, plain = [], False, False, False
    for start, end, quantifier in _atoms(pattern):
        atom = pattern[start:end]
        if atom == r"\b" or atom.startswith(("(?=", "(?!", "(?<")):  # (zero-width)
            word_start = word_start or atom == r"\b"
            continue
        # (a literal run counts from its start, not from each of its characters)
        starts_text = not plain or word_start
        if started and starts_text and _required(quantifier) and (spellings := _spellings(pattern, start)):
            texts = tuple(dict.fromkeys(text.lower() for text, _ in spellings))
            # (short words and word endings stand in most texts: no gain)
            shortest = LATER_LENGTH if word_start else LATER_LENGTH + 1
            if all(WORD.match(text) and len(text) >= (shortest if text.isascii() else 2) for text in texts):
                found.append((texts, word_start))
        # (after a \b or a space, a word starts)
        plain = not atom.startswith(("\\", "[", "(", "."))
        started, word_start = True, atom in (" ", r"\s") and not quantifier
    return found


def _atoms(pattern: str) -> Iterator[tuple[int, int, str]]:
    """Each atom of ``pattern`` outside every group (a character, an escape, a class or a
    group) as (start, end, its quantifier)."""
    at = 0
    while at < len(pattern):
        if pattern[at] == "\\":
            end = at + 2
        elif pattern[at] == "[":
            end = CLASS_END.match(pattern, at).end()
        elif pattern[at] == "(":
            end = next(i for i, _, depth in _structure(pattern, at + 1) if depth < 0) + 1
        else:
            end = at + 1
        quantifier = QUANTIFIER.match(pattern, end).group()
        yield at, end, quantifier
        at = end + len(quantifier)


def _required(quantifier: str) -> bool:
    """Whether an atom so quantified stands at least once in every match."""
    return not quantifier or quantifier[0] == "+" or (quantifier[0] == "{" and quantifier[1:2] not in ("0", ",", "}"))


def compile_cue(pattern: str) -> Cue:
    return required_literals(pattern), re.compile(pattern, re.IGNORECASE)


def _word_led(pattern: str) -> bool:
    """Whether ``pattern``'s leading assertions include a word boundary (``\\b``)."""
    return r"\b" in LEADING_ASSERTIONS.match(pattern).group()


# What re.IGNORECASE also takes for an ASCII letter (Python's re documentation) while
# ``str.lower`` keeps it apart: a literal looked for in lower case may miss a match there.
CASE_FOLDED_APART = re.compile("[\u0130\u0131\u017f\u212a]")
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
        self.unanchored = [i for i, (_, (literals, _)) in enumerate(cues) if literals is None]
        self.by_literal: dict[str, list[int]] = {}
        for i, (_, (literals, _)) in enumerate(cues):
            for literal in literals or ():
                self.by_literal.setdefault(literal, []).append(i)
        # Per cue, the later texts it needs (each a tuple, one of whose texts must stand).
        self.later: dict[int, list[frozenset[str]]] = {}
        not_word_led = set()
        for i, (_, (_, pattern)) in enumerate(cues):
            for texts, word_start in later_literals(pattern.pattern):
                self.later.setdefault(i, []).append(frozenset(texts))
                not_word_led.update(() if word_start else texts)
        # \b only stands before a word character where a word starts (lower case keeps
        # which characters are word characters).
        not_word_led.update(literal for literal, users in self.by_literal.items()
                            if not (WORD.match(literal) and all(_word_led(cues[i][1][1].pattern) for i in users)))
        # (as sets, for CueText's unions)
        self.users = {literal: frozenset(users) for literal, users in self.by_literal.items()}
        self.unanchored_set = frozenset(self.unanchored)
        literals = list(dict.fromkeys([*self.by_literal, *(text for needs in self.later.values() for texts in needs
                                                           for text in texts)]))
        self.literal_scan = LiteralScan(literals, [literal for literal in literals if literal not in not_word_led])
        # Each cue's pattern to run on a ``plain_ascii`` text, by the id of its own.
        self.ascii_twins = {id(pattern): ascii_twin(pattern) for _, (_, pattern) in cues}


class CueText:
    """A text prepared for the cues of a ``CueSet``.

    A cue with leading literals can only match where one of them stands. Where each literal
    stands is found once per text; cues whose literals are all absent are left out, and the
    others run their regex only where their literals stand instead of at every position.
    """

    def __init__(self, text: str, cue_set: CueSet) -> None:
        self.text = text
        self.lowered = aligned_lower(text)
        self.scan = cue_set.literal_scan
        present = self.present = self.scan.present(self.lowered)
        users = cue_set.users
        live = cue_set.unanchored_set.union(*[users[literal] for literal in present if literal in users])
        if self.lower_case_exact():  # (the later texts, too, are found in lower case)
            later = cue_set.later
            live = live.difference([i for i in live & later.keys() for texts in later[i] if texts.isdisjoint(present)])
        # The cues that may match this text, in their set's order.
        self.live = [cue_set.cues[i] for i in sorted(live)]
        self.twins = cue_set.ascii_twins if plain_ascii(text) else None
        self.places: dict[str, list[int]] = {}  # (each literal's, found when first asked for)

    def lower_case_exact(self) -> bool:
        """Whether the literals found in lower case are every place where a case-insensitive cue
        can match (no character that only re.IGNORECASE takes for an ASCII letter)."""
        return self.text.isascii() or not CASE_FOLDED_APART.search(self.text)

    def matches(self, cue: Cue, start: int = 0, end: int | None = None,
                limit: int | None = None) -> list[re.Match[str]]:
        """The cue's matches in ``text[start:end]`` (its first ``limit``), as ``finditer`` gives them."""
        literals, pattern = cue
        if self.twins is not None:
            pattern = self.twins.get(id(pattern), pattern)
        whole = not start and end is None  # (most calls: then every place found counts)
        end = len(self.text) if end is None else end
        if literals is None:
            return list(islice(pattern.finditer(self.text, start, end), limit))
        if whole and len(literals) == 1:
            places = self._places(literals[0])
        elif whole:
            found = [some for literal in literals if literal in self.present and (some := self._places(literal))]
            places = found[0] if len(found) == 1 else sorted(at for some in found for at in some)
        elif len(literals) == 1:
            places = self._occurrences(literals[0], start, end)
        else:
            places = sorted(at for literal in literals if literal in self.present
                            for at in self._occurrences(literal, start, end))
        return anchored(pattern, self.text, places, end, limit)

    def _places(self, literal: str) -> list[int]:
        if (found := self.places.get(literal)) is None:
            found = self.places[literal] = self.scan.places(self.lowered, literal) if literal in self.present else []
        return found

    def _occurrences(self, literal: str, start: int, end: int) -> list[int]:
        """Where ``literal`` stands within ``text[start:end]``."""
        places = self._places(literal)
        return places[bisect.bisect_left(places, start):bisect.bisect_right(places, end - len(literal))]
