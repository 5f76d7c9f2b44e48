"""Traditional Chinese read through the simplified cue lists.

The cue lists (event types, fine words, currencies) are written in simplified characters.
``matching_text`` gives a Chinese doc's text with traditional characters folded to simplified
ones, one character for one (``kb/traditional.yaml``), so every offset into it is an offset
into the text itself; other docs get their text unchanged.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import yaml
from spacy.tokens import Doc

from gatewatch.nlp.components.doccache import doc_text

FOLD_FILE = Path(__file__).parent.parent / "kb" / "traditional.yaml"
FOLDED_KEY = "gatewatch.folded"


@functools.cache
def fold_table(path: Path = FOLD_FILE) -> dict[int, str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if len(data["traditional"]) != len(data["simplified"]):
        raise ValueError(f"{path}: the two character lists differ in length")
    return str.maketrans(data["traditional"], data["simplified"])


@functools.cache
def traditional_character(path: Path = FOLD_FILE) -> re.Pattern[str]:
    """Any character the fold changes: most Chinese news is simplified, and one scan for them
    costs a twentieth of ``str.translate``."""
    return re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(fold_table(path))) + "]")


def matching_text(doc: Doc) -> str:
    """The text cues are matched on: folded to simplified characters for Chinese, built once."""
    if doc.lang_ != "zh":
        return doc_text(doc)
    folded = doc.user_data.get(FOLDED_KEY)
    if folded is None:
        text = doc_text(doc)
        folded = text.translate(fold_table()) if traditional_character().search(text) else text
        doc.user_data[FOLDED_KEY] = folded
    return folded
