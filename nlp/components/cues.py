"""Cue matching shared by the components: word lists and regular expressions from ``kb/``
run over a text, fast.

Python's regex engine only skips ahead quickly when a pattern starts with a plain literal or
character set, which case-insensitive, ``\\b``-led cue patterns never do: it tries the whole
pattern at every position. The helpers here give it fewer positions to try.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# Leading zero-width assertions (\b, lookbehinds), then the literal text every match starts with.
LEADING_LITERAL = re.compile(r"^(?:\\b|\(\?<!?[^)]*\))*([^\\()\[\]|?*+.{}^$]+)")

Cue = tuple[str | None, re.Pattern[str]]


def cue_pattern(cues: list[str]) -> re.Pattern[str]:
    """ASCII cues match as whole words, case-insensitively; CJK cues as plain substrings.

    The word boundary is tested once before the ASCII alternatives rather than in each of
    them: most positions fail it, and then no alternative is tried (3-4x faster).
    """
    words = "|".join(re.escape(c) for c in cues if c.isascii())
    parts = [rf"\b(?:{words})(?!\w)"] if words else []
    parts += [re.escape(c) for c in cues if not c.isascii()]
    return re.compile("|".join(parts), re.IGNORECASE)


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


def required_literal(pattern: str) -> str | None:
    """Text every match of ``pattern`` starts with (lower-cased), after zero-width assertions."""
    if _alternates_at_top(pattern):
        return None
    match = LEADING_LITERAL.match(pattern)
    if not match:
        return None
    literal = match.group(1)
    rest = pattern[match.end():]
    if rest[:1] in ("?", "*", "{"):  # the last character is optional
        literal = literal[:-1]
    return literal.lower() if len(literal) >= 2 else None


def compile_cue(pattern: str) -> Cue:
    return required_literal(pattern), re.compile(pattern, re.IGNORECASE)


def aligned_lower(text: str) -> str:
    """``text.lower()`` with offsets kept: a character whose lower case is longer ("İ") stays."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(char if len(char.lower()) != 1 else char.lower() for char in text)


class CueText:
    """A text prepared for many cue patterns.

    A cue with a leading literal can only match where that literal stands: a fast substring
    search finds those places and the regex runs there alone. Where each literal first occurs
    is looked up once per text, so asking again for a window (a sentence) is cheap.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.lowered = aligned_lower(text)
        self._first: dict[str, int] = {}

    def matches(self, cues: list[Cue], start: int = 0, end: int | None = None) -> Iterator[re.Match[str]]:
        """Each cue's matches in ``text[start:end]``, cue by cue, as ``finditer`` gives them."""
        text, lowered = self.text, self.lowered
        end = len(text) if end is None else end
        for literal, pattern in cues:
            if literal is None:
                yield from pattern.finditer(text, start, end)
                continue
            at = self._first.get(literal)
            if at is None:
                at = self._first[literal] = lowered.find(literal)
            if at == -1 or at + len(literal) > end:
                continue
            if at < start:
                at = lowered.find(literal, start, end)
            while at != -1:
                match = pattern.match(text, at, end)
                if match:
                    yield match
                at = lowered.find(literal, match.end() if match else at + 1, end)
