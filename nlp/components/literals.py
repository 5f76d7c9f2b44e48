"""Every place where one of a set of literals stands in a text, found by one regex scan.

The cue patterns (``cues.CueSet``) are tried only where their leading literals stand; this
finds those places for all the literals of all the cues at once. (And two helpers that build
regexes the engine runs fast.)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection

from ahocorasick_rs import AhoCorasick, Implementation


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
    """Which of a set of literals stand in a text, overlapping ones included, found in one pass
    of an Aho-Corasick automaton (a DFA, in Rust: 10 µs for an English gold article where a
    regex of the literals as a trie took 40), and where one stands, looked up when asked.

    ``word_led`` literals count only where a word starts (after a character that is not one
    of ``\\w``'s, or at the start), which is where ``\\b`` stands before a word character.

    For a thousand literals or more, a ``ContiguousNFA`` is the better ``implementation``: the
    DFA's tables, several times larger, are mostly out of the CPU's caches by the next text
    (the cues' scan: 50 → 33 µs an English article; 9 → 14 µs when scanned in a row).
    """

    def __init__(self, literals: list[str], word_led: Collection[str] = (),
                 implementation: Implementation = Implementation.DFA) -> None:
        self.word_led = frozenset(word_led)
        self.automaton = AhoCorasick(list(literals), implementation=implementation, store_patterns=True)

    def present(self, text: str) -> set[str]:
        """The literals that stand in ``text``, word-led ones also inside a word (where
        ``places`` finds none)."""
        return set(self.automaton.find_matches_as_strings(text, overlapping=True))

    def places(self, text: str, literal: str) -> list[int]:
        """Where ``literal`` stands in ``text``, in order (``str.find`` skips at C speed)."""
        found = []
        word_led = literal in self.word_led
        at = text.find(literal)
        while at >= 0:
            if not (word_led and at and (text[at - 1].isalnum() or text[at - 1] == "_")):  # (what ``\\w`` takes)
                found.append(at)
            at = text.find(literal, at + 1)
        return found
