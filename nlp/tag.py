"""Tagging: text in, structured tags out (used by ``gatewatch tag`` and the crawl)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

from spacy.tokens import Doc

from gatewatch.nlp.kb import KnowledgeBase, load_kb
from gatewatch.nlp.lang import detect_language
from gatewatch.nlp.pipeline import load_pipeline, pipeline_language


def tags_from_doc(doc: Doc, kb: KnowledgeBase) -> dict:
    """Mentions, the distinct entities named (each with its top-level group) and the groups."""
    companies: dict[str, dict] = {}
    for mention in doc._.mentions:
        entity = kb.entities[mention["entity_id"]]
        group = kb.group(entity.id)
        for named in (entity, group):
            companies.setdefault(
                named.id,
                {
                    "id": named.id,
                    "name": named.name,
                    "wikidata": named.wikidata,
                    "parent": None if named.id == group.id else group.name,
                },
            )
    groups = sorted({c["name"] for c in companies.values() if c["parent"] is None})
    return {"mentions": doc._.mentions, "companies": list(companies.values()), "groups": groups}


def tag_records(records: Iterable[dict], batch_size: int = 64) -> Iterator[dict]:
    """Tag records ``{"id", "text", optional "title", "language"}`` in batches, in order.

    Each result is ``{"id", "language", "companies", "groups", "mentions"}``; mention offsets
    refer to ``title + "\\n\\n" + text`` when a title is given.

    Example: next(tag_records([{"id": 1, "text": "Taobao now takes WeChat Pay."}]))["groups"]
    == ["Alibaba", "Tencent"]
    """
    kb = load_kb()
    stream = iter(records)
    while batch := list(islice(stream, batch_size)):
        texts = [_document_text(r) for r in batch]
        languages = [r.get("language") or detect_language(t) or "en" for r, t in zip(batch, texts)]
        docs: dict[int, Doc] = {}
        for script in {pipeline_language(lang) for lang in languages}:
            positions = [i for i, lang in enumerate(languages) if pipeline_language(lang) == script]
            nlp = load_pipeline(script)
            for i, doc in zip(positions, nlp.pipe(texts[i] for i in positions)):
                docs[i] = doc
        for i, record in enumerate(batch):
            yield {"id": record.get("id"), "language": languages[i], **tags_from_doc(docs[i], kb)}


def _document_text(record: dict) -> str:
    title = (record.get("title") or "").strip()
    text = record.get("text") or ""
    return f"{title}\n\n{text}" if title else text
