"""Per-doc values that several components read, computed once per doc.

``doc.text`` joins a Python object per token on every access; with four components reading
it, that was the largest single cost of the pipeline. The values are kept in
``doc.user_data``, which lives and dies with the doc.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from spacy.pipeline import Sentencizer
from spacy.tokens import Doc

from gatewatch.nlp.components.cues import ascii_places

TEXT_KEY = "gatewatch.text"
SENTENCES_KEY = "gatewatch.sentences"


def extension_key(name: str) -> tuple[str, str, None, None]:
    """Where spaCy keeps the value of ``doc._.<name>`` in ``doc.user_data``, for an extension
    that is a plain value with a None default.

    ``doc._`` builds an accessor object and each of its attribute reads and writes looks the
    extension up again (2 µs in all); the components read and write a dozen values per doc.
    """
    if Doc.get_extension(name) != (None, None, None, None):
        raise ValueError(f"doc._.{name} is not a plain value with a None default")
    return "._.", name, None, None


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


# spaCy's Sentencizer rule: a sentence starts at the first token after a token that is one of
# these characters, skipping punctuation. Applied here, only where such a character stands,
# instead of by a pipeline component that visits every token of every doc.
SENTENCE_END_CHARS = frozenset(Sentencizer.default_punct_chars)
# Their characters beyond the BMP are matched as one range and checked after: listed one by
# one in the class, they made the scan ten times slower.
SENTENCE_END = re.compile(
    "[" + "".join(re.escape(c) for c in sorted(SENTENCE_END_CHARS) if c <= "\uffff") + "\U00010000-\U0010ffff]"
)
ASCII_SENTENCE_ENDS = "".join(sorted(c for c in SENTENCE_END_CHARS if c.isascii()))  # "!.?"


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """``(start_char, end_char)`` of each sentence as spaCy's Sentencizer splits them, built once."""
    bounds = doc.user_data.get(SENTENCES_KEY)
    if bounds is None:
        bounds = doc.user_data[SENTENCES_KEY] = _sentence_bounds(doc)
    return bounds


def _sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    length = len(doc)
    if not length:
        return []
    text = doc_text(doc)
    if text.isascii():
        ends = ascii_places(text, ASCII_SENTENCE_ENDS)
    else:  # (the astral range holds other characters too)
        ends = [match.start() for match in SENTENCE_END.finditer(text) if match.group() in SENTENCE_END_CHARS]
    starts = [0]
    scanned = 0  # tokens before this one were looked at already
    for end_char in ends:
        # Only a token that is this character alone ends a sentence ("U.S." does not).
        token = doc.char_span(end_char, end_char + 1)
        if token is None or token.start < scanned:
            continue
        i = token.end
        while i < length and ((after := doc[i]).is_punct or after.text in SENTENCE_END_CHARS):
            i += 1
        scanned = i
        if i < length:
            starts.append(i)
    bounds = []
    for start, end in zip(starts, starts[1:] + [length]):
        last = doc[end - 1]
        bounds.append((doc[start].idx, last.idx + len(last)))
    return bounds


class TextKeepingTokenizer:
    """A pipeline's tokenizer that keeps each input string on its doc.

    spaCy's tokenizers are non-destructive (``doc.text == text``), so the components can read
    the string they were given instead of joining it back together from the tokens.
    """

    def __init__(self, tokenizer: Callable[[str], Doc]) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        doc = self.tokenizer(text)
        doc.user_data[TEXT_KEY] = text
        return doc

    def __getattr__(self, name: str) -> Any:
        # Everything else (pipe, to_bytes, memory_zone …) is the wrapped tokenizer's. Private
        # names are not: unpickling asks for them before ``tokenizer`` is set.
        if name.startswith("_") or name == "tokenizer":
            raise AttributeError(name)
        return getattr(self.tokenizer, name)
