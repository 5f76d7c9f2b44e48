"""Tagging: text in, structured tags out (used by ``gatewatch tag``, the crawl and eval)."""

from __future__ import annotations

import logging
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice

from spacy.language import Language
from spacy.tokens import Doc

from gatewatch.nlp import namemodel
from gatewatch.nlp.kb import KnowledgeBase, load_kb
from gatewatch.nlp.lang import detect_language
from gatewatch.nlp.pipeline import load_pipeline, pipeline_language

LOG = logging.getLogger(__name__)
# Batches handed to each worker process ahead of the one whose tags are read next.
IN_FLIGHT = 2
# Longer texts are cut here: nothing in a real article's tail changes its tags, and a
# multi-megabyte page must not stall a batch.
MAX_CHARS = 100_000


def _entities(doc: Doc, kb: KnowledgeBase, family: str, with_groups: bool = True) -> list[dict]:
    """Distinct entities of ``family`` named in ``doc``, each followed by its top-level group
    unless ``with_groups`` is false."""
    named: dict[str, dict] = {}
    for mention in doc._.mentions or []:
        if mention["family"] != family:
            continue
        entity = kb.entities[mention["entity_id"]]
        group = kb.group(entity.id)
        for item in (entity, group) if with_groups else (entity,):
            named.setdefault(item.id, {"entity": item, "parent": None if item.id == group.id else group.name})
    return list(named.values())


def _bodies(doc: Doc, named: set[str]) -> list[dict]:
    """Public bodies the KB does not list (``gatewatch_bodies``), after the KB's: no id, unless
    the name alone is the country's KB body ("the Fair Trade Commission" in Seoul)."""
    return [{"name": b["name"], "jurisdiction": b["jurisdiction"], "id": b.get("id")}
            for b in doc._.bodies or [] if b["name"] not in named]


def tags_from_doc(doc: Doc, kb: KnowledgeBase) -> dict:
    companies = _entities(doc, kb, "company")
    # Authorities as named: the Senate is not the whole Congress, nor the Shanghai market
    # regulator SAMR.
    authorities = _entities(doc, kb, "authority", with_groups=False)
    event = doc._.event or {}
    known = [{"name": c["entity"].name, "wikidata": c["entity"].wikidata, "parent": c["parent"], "id": c["entity"].id}
             for c in companies]
    # Companies the KB does not know: recognised by their legal form or context ("Rogers
    # Communications Inc."), then named bare (the name model's: no parent known).
    named = {c["name"] for c in known}
    found = [c for c in [*(doc._.new_companies or []), *(doc._.named_companies or [])] if c["name"] not in named]
    # (a name that opens a longer one found too, or a known company's, is that company, listed
    # once in full: "Orbitz" beside "Orbitz Worldwide", each found by another component; "studio
    # Within" beside the KB's Within Unlimited)
    opening = namemodel.openings([*named, *(c["name"] for c in found)])
    unknown = [{"name": c["name"], "wikidata": None, "parent": c.get("parent"), "id": None}
               for c in found if c["name"] not in opening]
    return {
        "relevant": event.get("relevant", False),
        "companies": known + unknown,
        "regulators": [{"name": a["entity"].name, "jurisdiction": a["entity"].jurisdiction, "id": a["entity"].id}
                       for a in authorities] + _bodies(doc, {a["entity"].name for a in authorities}),
        "jurisdictions": event.get("jurisdictions", []),
        "event_types": event.get("event_types", []),
        "fines": [{"amount": f["amount"], "currency": f["currency"], "text": f["text"]} for f in event.get("fines", [])],
        "turnover_shares": [{"percent": s["percent"], "text": s["text"]} for s in event.get("turnover_shares", [])],
        "event_date": event.get("event_date"),
        "groups": sorted({c["name"] for c in known + unknown if c["parent"] is None}),
        "mentions": doc._.mentions or [],
    }


def tag_records(records: Iterable[dict], batch_size: int = 64, bare: bool = False,
                processes: int = 1) -> Iterator[dict]:
    """Tag records ``{"id", "text", optional "title", "language", "published"}`` in order.

    Mention offsets refer to ``title + "\\n\\n" + text`` when a title is given. ``bare``
    runs only the EntityRuler (the baseline that ``gatewatch eval`` reports). With
    ``processes`` > 1, batches are tagged by that many worker processes, each loading the
    pipelines once, which send back only the tags: spaCy's own ``n_process`` ships every doc
    back whole, which costs more than tagging it.

    Example: next(tag_records([{"id": 1, "text": "Taobao now takes WeChat Pay."}]))["groups"]
    == ["Alibaba", "Tencent"]
    """
    stream = iter(records)
    batches = iter(lambda: list(islice(stream, batch_size)), [])
    if processes <= 1:
        for batch in batches:
            yield from _tag_batch(batch, bare)
        return
    for script in ("en", "zh"):  # loaded once here: every forked worker starts with them
        load_pipeline(script, bare=bare)
    yield from _tag_in_workers(batches, bare, processes)


def _tag_in_workers(batches: Iterator[list[dict]], bare: bool, processes: int) -> Iterator[dict]:
    """Each batch's tags from a worker process, in order, a few batches in flight. A worker
    that dies (killed, out of memory) breaks the pool: its batches and those after it are
    tagged here instead, with a warning, where a ``multiprocessing.Pool`` would wait forever."""
    pending: deque[tuple[list[dict], Future | None]] = deque()
    broken: list[BrokenProcessPool] = []

    def note(exc: BrokenProcessPool) -> None:
        if not broken:
            LOG.warning("a tagging worker process died (%s): tagging in this process instead", exc)
        broken.append(exc)

    def tags_of(batch: list[dict], future: Future | None) -> list[dict]:
        if future is not None:
            try:
                return future.result()
            except BrokenProcessPool as exc:
                note(exc)
        return _tag_batch(batch, bare)

    with ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("fork")) as pool:
        for batch in batches:
            future = None
            if not broken:
                try:
                    future = pool.submit(_tag_batch, batch, bare)
                except BrokenProcessPool as exc:
                    note(exc)
            pending.append((batch, future))
            while len(pending) > IN_FLIGHT * processes or (pending and pending[0][1] is None):
                yield from tags_of(*pending.popleft())
        while pending:
            yield from tags_of(*pending.popleft())


def _tag_batch(batch: list[dict], bare: bool) -> list[dict]:
    kb = load_kb()
    languages, docs = _parse_batch(batch, bare)
    return [{"id": record.get("id"), "language": language,
             **(_bare_result(doc, kb) if bare else tags_from_doc(doc, kb))}
            for record, language, doc in zip(batch, languages, docs)]


def parsed_docs(records: Iterable[dict], batch_size: int = 64) -> Iterator[Doc]:
    """The pipeline's docs for ``records``, in order (what ``tag_records`` reads its tags from)."""
    stream = iter(records)
    for batch in iter(lambda: list(islice(stream, batch_size)), []):
        yield from _parse_batch(batch, bare=False)[1]


def _parse_batch(batch: list[dict], bare: bool) -> tuple[list[str], list[Doc]]:
    """Each record's language and doc, each script's records through its pipeline's ``pipe``."""
    texts = [_document_text(r) for r in batch]
    languages = [r.get("language") or detect_language(t) or "en" for r, t in zip(batch, texts)]
    docs: dict[int, Doc] = {}
    for script in {pipeline_language(lang) for lang in languages}:
        positions = [i for i, lang in enumerate(languages) if pipeline_language(lang) == script]
        nlp = load_pipeline(script, bare=bare)
        for i, doc in zip(positions, nlp.pipe(_make_doc(nlp, texts[i], batch[i], languages[i]) for i in positions)):
            docs[i] = doc
    return languages, [docs[i] for i in range(len(batch))]


def _bare_result(doc: Doc, kb: KnowledgeBase) -> dict:
    """What the EntityRuler alone gives: every alias match, no disambiguation, no events."""
    doc._.mentions = [
        {"entity_id": e.ent_id_, "family": kb.entities[e.ent_id_].family, "surface": e.text,
         "start": e.start_char, "end": e.end_char}
        for e in doc.ents if e.ent_id_ in kb.entities
    ]
    return tags_from_doc(doc, kb)


def _make_doc(nlp: Language, text: str, record: dict, language: str) -> Doc:
    # The publication date lets "on 4 September" resolve to a year; the language keeps the name
    # model to English.
    doc = nlp.make_doc(text)
    doc._.published = record.get("published")
    doc._.language = language
    return doc


def _document_text(record: dict) -> str:
    title = (record.get("title") or "").strip()
    text = (record.get("text") or "")[:MAX_CHARS]
    return f"{title}\n\n{text}" if title else text
