"""Every place where one of a set of literals stands in a text, found by one regex scan.

The cue patterns (``cues.CueSet``) are tried only where their leading literals stand; this
finds those places for all the literals of all the cues at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable


def trie_alternation(words: list[str]) -> str:
    """A regex for any of ``words`` that matches the longest one where several start at one
    place, written as a trie ("pen(?:alt|ali)"): at each character the regex engine tries
    only the branch of the character there, where an alternation of whole words tries every
    word that shares the characters before it."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_pattern(trie)


def _trie_pattern(node: dict[str, dict]) -> str:
    branches = [re.escape(char) + _trie_pattern(child) for char, child in node.items() if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    # Where a word ends, a longer one is tried first (a greedy "?").
    return f"(?:{body})?" if "" in node else body


def character_ranges(takes: Callable[[str], bool], first: int, last: int) -> str:
    """The characters from code ``first`` to ``last`` that ``takes``, as the ranges of a regex
    class ("a-cx-z"): a class within the BMP the engine tests in one table lookup."""
    ranges: list[list[int]] = []
    for code in (c for c in range(first, last + 1) if takes(chr(c))):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "".join(f"{chr(a)}-{chr(b)}" for a, b in ranges)


class LiteralScan:
    """Every place where one of a set of literals stands, overlapping ones included, found by
    one ``finditer`` of a lookahead (which consumes no text, so no place is skipped).

    At each place the longest literal there matches; the shorter ones there are its
    prefixes. ``word_led`` literals are looked for only right after a non-word character
    (or at the start), which is where ``\\b`` stands before a word character. The scan
    takes any character but an ASCII letter, digit or "_" for one, a plain class that the
    engine tests far faster than ``\\W`` and its Unicode tables; the non-ASCII word
    characters it lets through ("é" in "café") are dropped after.
    """

    def __init__(self, literals: list[str], word_led: bool = False) -> None:
        longest_first = sorted(literals, key=len, reverse=True)
        # (The class of first characters fails fast where no literal starts; the trie alone
        # tries its first characters one by one: 3x slower on Chinese text.)
        first = "".join(sorted({re.escape(literal[0]) for literal in literals}))
        ahead = f"(?=[{first}])(?=({trie_alternation(literals)}))"
        self.word_led = word_led
        self.at_start = re.compile(ahead)
        self.regex = re.compile("[^a-zA-Z0-9_]" + ahead if word_led else ahead)
        self.prefixes = {literal: [p for p in longest_first if literal.startswith(p)] for literal in longest_first}

    def scan(self, text: str, places: dict[str, list[int]]) -> None:
        """Add to ``places`` where each literal stands in ``text``, in order."""
        prefixes = self.prefixes
        hits = []
        if self.word_led and (first := self.at_start.match(text)):
            hits.append((0, first.group(1)))
        # (A match ends where its literal starts: after the non-word character, if any.)
        hits += [(match.end(), match.group(1)) for match in self.regex.finditer(text)]
        if self.word_led and not text.isascii():  # (``str.isalnum`` and "_" are what ``\\w`` takes)
            hits = [(at, longest) for at, longest in hits if not at or text[at - 1].isascii() or not text[at - 1].isalnum()]
        for at, longest in hits:
            for literal in prefixes[longest]:
                places.setdefault(literal, []).append(at)
