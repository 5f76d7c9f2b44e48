"""``gatewatch_names``: companies the KB does not know, named bare in English text, as the name
model (``namemodel.py``) reads them.

It runs last, so that every name another component claimed (a KB entity, a place, a public
body, a company found by the rules) is left to it, and what it finds changes no other tag.
A name that opens a longer one the text also names ("Omnicom" beside "Omnicom Group") is not
listed: the gold set lists a company once, in full; nor is the surname of a person the text
names in full ("Dave Yost … Yost's bid", ``orgs_context.surnames``). The results go to ``doc._.named_companies``
as ``{"name", "start", "end"}``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc

from gatewatch.nlp.components.batch import BatchedComponent
from gatewatch.nlp.components.bodies import BODIES, UNPLACED_BODIES, places_table
from gatewatch.nlp.components.doccache import doc_text, end_of_lead, extension_key
from gatewatch.nlp.components.linker import MENTIONS
from gatewatch.nlp.components.orgs import NEW_COMPANIES
from gatewatch.nlp.components.orgs_context import surnames
# (the module, not its names: ``namemodel`` imports the components package, so either may load first)
from gatewatch.nlp import namemodel

Doc.set_extension("named_companies", default=None, force=True)
# The text's language as the tagger routed it (None: the pipeline's own).
Doc.set_extension("language", default=None, force=True)
NAMED_COMPANIES, LANGUAGE = extension_key("named_companies"), extension_key("language")


class Runs(NamedTuple):
    """The unclaimed candidate names of a doc, and what ``namemodel.name_grams`` reads beside them."""

    text: str
    names: list[namemodel.Candidate]
    seen: dict[str, int]
    longer: set[str]
    lead_end: int

    def grams(self, candidate: namemodel.Candidate) -> list[str]:
        return namemodel.name_grams(self.text, candidate, self.seen, self.longer, self.lead_end)


def unclaimed_runs(doc: Doc) -> Runs | None:
    """The candidate names of an English ``doc`` (None in another language: the English
    pipeline reads French or German text too, whose capitalised words the model never learnt)."""
    if (doc.user_data.get(LANGUAGE) or doc.lang_) != "en":
        return None
    values, text = doc.user_data, doc_text(doc)
    mentions, found = values.get(MENTIONS) or [], values.get(NEW_COMPANIES) or []
    claimed = {c["name"] for c in found} | {m["surface"] for m in mentions}
    places = places_table().code
    # (a place the linker found is no claim on a longer run: "Bell Canada", "Swiss Post")
    taken = [(m["start"], m["end"]) for m in [*mentions, *found, *(values.get(BODIES) or ())] if m.get("family") != "place"]
    taken += values.get(UNPLACED_BODIES) or ()
    runs, seen = namemodel.candidates(text, taken, places)
    # (named again where another component did not claim it; a person named again by surname is
    # no company: the surnames read off the runs already cut, not the text again)
    people = surnames(seen)
    names = [c for c in runs if c.name not in claimed and c.name not in people]
    longer = namemodel.openings([*(c.name for c in names), *claimed])
    return Runs(text, names, seen, longer, end_of_lead(doc))


def reading(doc: Doc) -> Iterator[tuple[namemodel.Candidate, list[str]]]:
    """Each candidate name of an English ``doc``, with the grams the model reads of it (what it
    is trained on)."""
    if (runs := unclaimed_runs(doc)) is not None:
        for candidate in runs.names:
            yield candidate, runs.grams(candidate)


class NameFinder(BatchedComponent):
    def __init__(self, model: namemodel.NameModel | None) -> None:
        self.model = model
        namemodel.name_data()  # (compiled and read with the pipeline, not on its first doc)
        namemodel.given_names()

    def __call__(self, doc: Doc) -> Doc:
        if self.model is None:
            return doc
        named = {}
        runs = unclaimed_runs(doc)
        for candidate in runs.names if runs is not None else ():
            # (no grams for a name listed already, nor for one that opens a longer name: the
            # model reads that as ``namemodel.LONGER``, and such a name is never listed)
            if (candidate.name not in named and candidate.name not in runs.longer
                    and self.model.is_company(runs.grams(candidate))):
                named[candidate.name] = {"name": candidate.name, "start": candidate.start, "end": candidate.end}
        doc.user_data[NAMED_COMPANIES] = list(named.values())
        return doc


@Language.factory("gatewatch_names")
def make_names(nlp: Language, name: str) -> NameFinder:
    return NameFinder(namemodel.load_name_model())
