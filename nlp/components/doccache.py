"""Per-doc values that several components read, computed once per doc.

``doc.text`` joins a Python object per token on every access; with four components reading
it, that was the largest single cost of the pipeline. The values are kept in
``doc.user_data``, which lives and dies with the doc.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from spacy.tokens import Doc

TEXT_KEY = "gatewatch.text"
SENTENCES_KEY = "gatewatch.sentences"


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """``(start_char, end_char)`` of each sentence, built once."""
    bounds = doc.user_data.get(SENTENCES_KEY)
    if bounds is None:
        bounds = doc.user_data[SENTENCES_KEY] = [(sent.start_char, sent.end_char) for sent in doc.sents]
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
