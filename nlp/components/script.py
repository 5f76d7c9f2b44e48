"""Traditional Chinese read through the simplified cue lists.

The cue lists (event types, fine words, currencies) are written in simplified characters.
``matching_text`` gives a Chinese doc's text folded to simplified characters by OpenCC's
``t2s`` conversion, one character for one, so every offset into it is an offset into the text
itself; other docs get their text unchanged.
"""

from __future__ import annotations

from spacy.tokens import Doc

from gatewatch.nlp.chinese import fold_to_simplified
from gatewatch.nlp.components.doccache import doc_text

FOLDED_KEY = "gatewatch.folded"


def matching_text(doc: Doc) -> str:
    """The text cues are matched on: folded to simplified characters for Chinese, built once."""
    if doc.lang_ != "zh":
        return doc_text(doc)
    folded = doc.user_data.get(FOLDED_KEY)
    if folded is None:
        folded = doc.user_data[FOLDED_KEY] = fold_to_simplified(doc_text(doc))
    return folded


def in_traditional_script(doc: Doc) -> bool:
    """Whether the doc is Chinese with traditional characters in it (Taiwan's or Hong Kong's
    press, not the mainland's)."""
    return matching_text(doc) != doc_text(doc)
