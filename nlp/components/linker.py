"""``gatewatch_linker``: keep the EntityRuler's matches that really name a KB entity.

The ruler matches aliases blindly. This component drops a match when
- a Latin-script alias sits inside a longer word (Chinese text is split per character, so
  "Meta" would otherwise match inside "Metaverse");
- the alias is ambiguous ("Apple", "Amazon", "X", "EC") and the text gives no sign that the
  entity is meant: no unambiguous mention of the same group, no business cue word, and (for
  authorities) no mention of the authority's jurisdiction;
- the form only names the entity in context ("the Commission") and the text has neither an
  unambiguous mention of that body nor of its jurisdiction.
The survivors go to ``doc._.mentions`` with their family (company, authority, place) and
character offsets.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from gatewatch.nlp.kb import KnowledgeBase, load_kb

Doc.set_extension("mentions", default=None, force=True)


def cue_pattern(cues: list[str]) -> re.Pattern[str]:
    """ASCII cues match as whole words, case-insensitively; CJK cues as plain substrings."""
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
        self.cues = cue_pattern(kb.context_cues)

    def __call__(self, doc: Doc) -> Doc:
        kb = self.kb
        text = doc.text  # built anew on every access: read it once
        candidates = [
            ent for ent in doc.ents
            if ent.ent_id_ in kb.entities and not _inside_word(text, ent.start_char, ent.end_char)
        ]
        sure = [ent for ent in candidates if not self._doubtful(ent)]
        sure_groups = {kb.group(ent.ent_id_).id for ent in sure}
        sure_places = {kb.entities[ent.ent_id_].jurisdiction for ent in sure if ent.label_ == "GPE"}
        business_text = bool(self.cues.search(text))

        def keep(ent: Span) -> bool:
            entity = kb.entities[ent.ent_id_]
            if kb.group(entity.id).id in sure_groups:
                return True
            in_its_place = entity.family == "authority" and entity.jurisdiction in sure_places
            if kb.needs_context(entity.id, ent.text):
                return in_its_place
            return not kb.is_ambiguous(entity.id, ent.text) or business_text or in_its_place

        doc._.mentions = [
            {"entity_id": ent.ent_id_, "family": kb.entities[ent.ent_id_].family, "surface": ent.text,
             "start": ent.start_char, "end": ent.end_char}
            for ent in candidates
            if keep(ent)
        ]
        return doc

    def _doubtful(self, ent: Span) -> bool:
        return self.kb.is_ambiguous(ent.ent_id_, ent.text) or self.kb.needs_context(ent.ent_id_, ent.text)


@Language.factory("gatewatch_linker")
def make_linker(nlp: Language, name: str) -> EntityLinker:
    return EntityLinker(load_kb())
