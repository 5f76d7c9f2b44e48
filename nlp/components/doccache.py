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

TEXT_KEY = "gatewatch.text"
SENTENCES_KEY = "gatewatch.sentences"
LEAD_END_KEY = "gatewatch.lead_end"


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


# Sentences are split only as far into the text as asked: most docs need the first one (the
# lead) and the few that hold an amount or a date, and each split costs token lookups. What
# is split so far is kept in ``doc.user_data`` as plain values, which ``Doc.to_bytes`` takes.


def sentence_containing(doc: Doc, char: int) -> tuple[int, int] | None:
    """``(start_char, end_char)`` of the sentence ``char`` is in (None between sentences)."""
    bounds = _split_past(doc, char)
    return next(((start, end) for start, end in bounds if start <= char < end), None)


def first_sentence(doc: Doc) -> tuple[int, int] | None:
    bounds = _split_past(doc, -1)
    return bounds[0] if bounds else None


HEADLINE_END = re.compile(r"[ \t]*\n\s*(?=\S)")
HEADLINE_MARKS = frozenset("!?！？")


def end_of_lead(doc: Doc) -> int:
    """Where the lead (the headline and first sentence) ends: the end of the text if it has no
    sentence. A headline that ends in an exclamation or a question mark ("EU hands Google €2.42
    billion fine!", "Will Brussels act?") is followed into the body's first sentence, as one
    without a stop is; a first paragraph of one sentence ending in a full stop is the lead."""
    if (found := doc.user_data.get(LEAD_END_KEY)) is not None:  # (several components ask)
        return found
    lead = first_sentence(doc)
    text = doc_text(doc)
    if lead is None:
        found = len(text)
    # (a first sentence that spans a line break holds the headline and the body's first already)
    elif (text[lead[1] - 1] in HEADLINE_MARKS and "\n" not in text[lead[0]:lead[1]]
            and (body := HEADLINE_END.match(text, lead[1])) and (first := sentence_containing(doc, body.end()))):
        found = first[1]
    else:
        found = lead[1]
    doc.user_data[LEAD_END_KEY] = found
    return found


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """``(start_char, end_char)`` of each sentence as spaCy's Sentencizer splits them."""
    return _split_past(doc, len(doc_text(doc)))


def _split_past(doc: Doc, char: int) -> list[tuple[int, int]]:
    """The sentences split so far, split on until one ends past ``char`` or none is left."""
    state = doc.user_data.get(SENTENCES_KEY)
    if state is None:
        # ("next": where to look on for a character that may end a sentence, None when none is left)
        state = doc.user_data[SENTENCES_KEY] = {"bounds": [], "next": 0 if len(doc) else None, "start": 0, "scanned": 0}
    bounds, at = state["bounds"], state["next"]
    if at is None or (bounds and bounds[-1][1] > char):
        return bounds
    text = doc_text(doc)
    length = len(doc)
    start, scanned = state["start"], state["scanned"]
    while not (bounds and bounds[-1][1] > char):
        end_char = _next_end(text, at)
        if end_char < 0:
            bounds.append(_bounds(doc, start, length))
            at = None
            break
        at = end_char + 1
        # Only a token that is this character alone ends a sentence ("U.S." does not).
        token = doc.char_span(end_char, end_char + 1)
        if token is None or token.start < scanned:
            continue
        i = token.end
        while i < length and ((after := doc[i]).is_punct or after.text in SENTENCE_END_CHARS):
            i += 1
        scanned = i  # tokens before this one were looked at already
        if i < length:
            bounds.append(_bounds(doc, start, i))
            start = i
    state.update(next=at, start=start, scanned=scanned)
    return bounds


def _next_end(text: str, at: int) -> int:
    """Where the next character that may end a sentence stands from ``at`` (-1: none): found as
    asked, not all at once (most docs need the first sentence or two)."""
    while (found := SENTENCE_END.search(text, at)) is not None:
        at = found.start()
        char = text[at]
        # (the astral range holds other characters too) A point between digits is a decimal
        # point, which Chinese tokenization leaves alone as a token: "1.26亿元" is one amount.
        if char in SENTENCE_END_CHARS and not (char == "." and _between_digits(text, at)):
            return at
        at += 1
    return -1


def _between_digits(text: str, at: int) -> bool:
    return 0 < at < len(text) - 1 and text[at - 1].isdigit() and text[at + 1].isdigit()


def _bounds(doc: Doc, start: int, end: int) -> tuple[int, int]:
    last = doc[end - 1]
    return doc[start].idx, last.idx + len(last)


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
