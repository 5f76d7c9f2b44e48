"""Traditional Chinese read through the simplified cue lists.

The cue lists (event types, fine words, currencies) are written in simplified characters.
``matching_text`` gives a Chinese doc's text folded to simplified characters by OpenCC's
``t2s`` conversion, one character for one, so every offset into it is an offset into the text
itself; other docs get their text unchanged.
"""

from __future__ import annotations

import functools

import opencc
from spacy.tokens import Doc

from gatewatch.nlp.components.doccache import doc_text

FOLDED_KEY = "gatewatch.folded"
# After the fold: the currency 圓 becomes 圆 in simplified script, which writes it 元 ("日圓" is
# "日元"), the form the money patterns read.
CURRENCY_FOLD = str.maketrans("圆", "元")


@functools.cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def fold_to_simplified(text: str) -> str:
    """``text`` in simplified characters, of the same length: where a phrase conversion would
    change the length (rare), characters are folded one by one instead."""
    folded = _converter().convert(text)
    if len(folded) != len(text):
        folded = "".join(simple if len(simple := _converter().convert(char)) == 1 else char for char in text)
    return folded.translate(CURRENCY_FOLD)


def matching_text(doc: Doc) -> str:
    """The text cues are matched on: folded to simplified characters for Chinese, built once."""
    if doc.lang_ != "zh":
        return doc_text(doc)
    folded = doc.user_data.get(FOLDED_KEY)
    if folded is None:
        folded = doc.user_data[FOLDED_KEY] = fold_to_simplified(doc_text(doc))
    return folded
