"""``gatewatch_linker``: keep the EntityRuler's matches that really name a KB entity.

The ruler matches aliases blindly. This component drops a match when
- a Latin-script alias sits inside a longer word (Chinese text is split per character, so
  "Meta" would otherwise match inside "Metaverse"), or
- the alias is ambiguous ("Apple", "Amazon", "X") and the text gives no sign that the company
  is meant: neither another alias of the same group nor a business cue word.
The surviving matches are stored in ``doc._.mentions`` with character offsets.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from gatewatch.nlp.kb import KnowledgeBase, load_kb

Doc.set_extension("mentions", default=None, force=True)


def _cue_pattern(cues: list[str]) -> re.Pattern[str]:
    # ASCII cues match as whole words, case-insensitively; CJK cues as plain substrings.
    parts = [rf"\b{re.escape(c)}(?!\w)" if c.isascii() else re.escape(c) for c in cues]
    return re.compile("|".join(parts), re.IGNORECASE)


def _inside_word(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return (text[start].isascii() and before.isascii() and before.isalnum()) or (
        text[end - 1].isascii() and after.isascii() and after.isalnum()
    )


class EntityLinker:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.cues = _cue_pattern(kb.context_cues)

    def __call__(self, doc: Doc) -> Doc:
        candidates = [
            ent for ent in doc.ents
            if ent.ent_id_ in self.kb.entities and not _inside_word(doc.text, ent.start_char, ent.end_char)
        ]
        sure_groups = {
            self.kb.group(ent.ent_id_).id for ent in candidates if not self.kb.is_ambiguous(ent.ent_id_, ent.text)
        }
        business_text = bool(self.cues.search(doc.text))
        doc._.mentions = [
            {"entity_id": ent.ent_id_, "surface": ent.text, "start": ent.start_char, "end": ent.end_char}
            for ent in candidates
            if not self.kb.is_ambiguous(ent.ent_id_, ent.text)
            or business_text
            or self.kb.group(ent.ent_id_).id in sure_groups
        ]
        return doc


@Language.factory("gatewatch_linker")
def make_linker(nlp: Language, name: str) -> EntityLinker:
    return EntityLinker(load_kb())
