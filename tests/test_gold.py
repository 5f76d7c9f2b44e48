"""The NLP gold set is well formed and names KB entities the way the tagger names them.

A gold name that is an alias of a KB entity ("遠傳", "NCSoft") would count a correct tag as both a
miss and a false hit, so each KB entity is written by its canonical name, and a KB company's
parent is the top of its KB parent chain, which is listed too (the tagger rolls each company up
to its group: WeChat Pay → Tencent). When an entity joins the KB, this test lists the gold
items to update.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gatewatch.nlp.chinese import fold_to_simplified
from gatewatch.nlp.kb import load_kb, read_yaml_file

GOLD = Path(__file__).parent / "data" / "nlp-gold.jsonl"
KB_DIR = Path(__file__).parents[1] / "nlp" / "kb"
GOLD_FIELDS = {"relevant", "companies", "regulators", "jurisdictions", "event_types", "fines", "event_date"}


@pytest.fixture(scope="module")
def items() -> list[dict]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]


def test_items_are_well_formed(items: list[dict]) -> None:
    event_types = set(read_yaml_file(KB_DIR / "event_types.yaml")["event_types"])
    ids = [item["id"] for item in items]
    assert len(ids) == len(set(ids)), "ids are unique"
    problems = []
    for item in items:
        gold, text = item["gold"], item.get("title", "") + "\n" + item["text"]
        if item["split"] not in ("dev", "holdout"):
            problems.append(f"{item['id']}: split {item['split']!r}")
        if set(gold) != GOLD_FIELDS:
            problems.append(f"{item['id']}: gold fields {sorted(gold)}")
        if unknown := set(gold["event_types"]) - event_types:
            problems.append(f"{item['id']}: unknown event types {unknown}")
        if not gold["relevant"] and (gold["event_types"] or gold["fines"] or gold["event_date"]):
            problems.append(f"{item['id']}: an irrelevant item carries an action")
        problems += [f"{item['id']}: fine text {fine['text']!r} is not in the text"
                     for fine in gold["fines"] if fine["text"] not in text]
    assert problems == []


def test_kb_entities_are_named_canonically_with_their_group(items: list[dict]) -> None:
    kb = load_kb()
    canonical = {(e.name, e.jurisdiction if e.family == "authority" else None): e
                 for e in kb.entities.values() if e.family != "place"}
    # (A traditional-script name is the alias it folds to: the tagger reads it so.)
    alias_of = {(alias, e.jurisdiction if e.family == "authority" else None): e
                for e in kb.entities.values() if e.family != "place"
                for forms in e.aliases.values() for alias in forms}
    problems = []
    for item in items:
        named = [((c["name"], None), c) for c in item["gold"]["companies"]]
        named += [((r["name"], r["jurisdiction"]), r) for r in item["gold"]["regulators"]]
        for key, entry in named:
            entity = canonical.get(key)
            alias = alias_of.get(key) or alias_of.get((fold_to_simplified(key[0]), key[1]))
            if entity is None and alias is not None:
                problems.append(f"{item['id']}: {key[0]!r} is the KB's {alias.name!r}")
            elif entity is not None and entity.family == "company":
                group = kb.group(entity.id)
                parent = None if group.id == entity.id else group.name
                if entry["parent"] != parent:
                    problems.append(f"{item['id']}: {entity.name}'s parent is {parent!r}, not {entry['parent']!r}")
                elif parent is not None and parent not in {c["name"] for c in item["gold"]["companies"]}:
                    problems.append(f"{item['id']}: {entity.name}'s group {parent!r} is not listed")
    assert problems == []
