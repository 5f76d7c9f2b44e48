"""Pipeline assembly: one spaCy pipeline per script, loaded once per process."""

from __future__ import annotations

import functools
import gc

import spacy
from spacy.language import Language

import gatewatch.nlp.components  # noqa: F401  (registers the factories)
from gatewatch.nlp.components.doccache import TextKeepingTokenizer
from gatewatch.nlp.kb import load_kb

# Chinese, Japanese and Korean text is split per character so aliases match without a
# word segmenter; every other language goes through the English tokenizer.
CHARACTER_LANGUAGES = frozenset({"zh", "ja", "ko"})
# The components after the EntityRuler, in order; `bare=True` stops after the ruler (the
# baseline `gatewatch eval` compares against).
COMPONENTS = ("gatewatch_linker", "gatewatch_orgs", "gatewatch_bodies", "gatewatch_money", "gatewatch_dates", "gatewatch_event",
              "gatewatch_names")


def pipeline_language(language: str | None) -> str:
    return "zh" if language in CHARACTER_LANGUAGES else "en"


@functools.cache
def load_pipeline(language: str = "en", bare: bool = False) -> Language:
    """The tagging pipeline for ``language`` (cached: build it once, then ``nlp.pipe``)."""
    nlp = spacy.blank(pipeline_language(language))
    kb = load_kb()
    if nlp.lang == "en":
        # A one-letter name before a full stop ("wrote on X.") is split from it as other words
        # are, not kept whole like an initial ("J."), so the ruler can match it.
        for letter in sorted({alias for entity in kb.entities.values() for forms in entity.aliases.values()
                              for alias in forms if len(alias) == 1 and alias.isupper()}):
            nlp.tokenizer.add_special_case(f"{letter}.", [{"ORTH": letter}, {"ORTH": "."}])
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(kb.patterns())
    if not bare:
        nlp.tokenizer = TextKeepingTokenizer(nlp.tokenizer)
        for component in COMPONENTS:
            nlp.add_pipe(component)
    # What was just loaded (knowledge base, patterns, cue sets, model) lives as long as the
    # process: it is moved out of the cyclic garbage collector's reach, whose full collections
    # would walk it all again while the components' per-document objects come and go (51 → 8 µs
    # a document; CPython's ``gc.freeze`` is meant for such long-lived state).
    gc.collect()
    gc.freeze()
    return nlp
