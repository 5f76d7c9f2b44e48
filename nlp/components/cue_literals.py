"""What every match of a cue's regex holds, read from the pattern itself: the texts one of
which starts it (``required_literals``: the cue is tried only where one stands) and words
further on (``later_literals``: it is tried only in a text that holds them).

The reading is of the subset of regex syntax the cue files use (literal text, classes,
non-capturing groups, quantifiers, ``\\b`` and lookarounds); whatever it cannot read it
treats as unknown, which only costs speed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

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
# The shortest Latin later literal a cue is filtered by (``later_literals``).
LATER_LENGTH = 4
# A regex quantifier (with its lazy or possessive mark), and the end of a character class.
QUANTIFIER = re.compile(r"(?:[?*+]|\{\d*(?:,\d*)?\})?[?+]?")
CLASS_END = re.compile(r"\[\^?\]?(?:\\.|[^\]\\])*\]")


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


def alternates_at_top(pattern: str) -> bool:
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
    if alternates_at_top(pattern):
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
    the texts stay at most SPELLINGS. Zero-width assertions (``\\b``, lookarounds) are passed
    over: they hold no text ("(?<!antitrust )complaint" starts with "complaint")."""
    at = _past_assertions(pattern, at)
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


def _past_assertions(pattern: str, at: int) -> int:
    """Where ``pattern`` goes on from ``at`` past the zero-width assertions that stand there."""
    while True:
        if pattern.startswith(r"\b", at):
            at += 2
        elif pattern.startswith(("(?<!", "(?<=", "(?=", "(?!"), at):
            at = next(i for i, _, depth in _structure(pattern, at + 1) if depth < 0) + 1
        else:
            return at


def later_literals(pattern: str) -> list[tuple[tuple[str, ...], bool]]:
    """Texts, besides the leading ones, that every match of ``pattern`` holds further on: each
    plain word or group of plain alternatives after the first part that no quantifier makes
    optional, as (its texts, one of which stands in every match; whether they start a word,
    after a ``\\b`` or a space): "…\\b(?:investigation|probe)" → (("investigation", "probe"), True).
    Most cues' first words are common ("open", "order"); the later ones rarely all stand."""
    if alternates_at_top(pattern):
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


def word_led(pattern: str) -> bool:
    """Whether ``pattern``'s leading assertions include a word boundary (``\\b``)."""
    return r"\b" in LEADING_ASSERTIONS.match(pattern).group()
