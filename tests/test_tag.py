"""The tagger: KB aliases, parent roll-up, ambiguity, Chinese text, the JSONL interface."""

from __future__ import annotations

import json
import os

import pytest

import gatewatch.nlp.tag as tag_module
from gatewatch.nlp.kb import load_kb
from gatewatch.nlp.tag import tag_records
from helpers import gatewatch


def groups(text: str, **record) -> list[str]:
    return next(tag_records([{"id": 1, "text": text, **record}]))["groups"]


def test_products_roll_up_to_their_parent() -> None:
    result = next(tag_records([{"id": "x", "text": "Shoppers on Taobao and Tmall can now pay with WeChat Pay."}]))
    assert result["groups"] == ["Alibaba", "Tencent"]
    by_name = {c["name"]: c for c in result["companies"]}
    assert by_name["WeChat Pay"]["parent"] == "Tencent"
    assert by_name["Taobao"]["parent"] == "Alibaba"
    assert by_name["Alibaba"]["parent"] is None


def test_mentions_carry_offsets_into_title_and_text() -> None:
    result = next(tag_records([{"id": 1, "title": "Tencent opens up", "text": "WeChat Pay now works on Taobao."}]))
    document = "Tencent opens up\n\nWeChat Pay now works on Taobao."
    assert {document[m["start"]:m["end"]] for m in result["mentions"]} == {"Tencent", "WeChat Pay", "Taobao"}


def test_chinese_text_is_tagged() -> None:
    assert groups("阿里巴巴旗下的淘宝和天猫宣布接入微信支付。") == ["Alibaba", "Tencent"]


def test_latin_alias_inside_a_longer_word_is_not_a_mention() -> None:
    assert "Meta" not in groups("关于Metaverse的讨论：腾讯表示将继续投资。")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("She baked an Apple pie and walked along the Amazon at dusk.", []),
        ("Apple was fined by the competition regulator over App Store rules.", ["Apple"]),
        # A headline alone: a doubtful company and a doubtful regulator support each other, and
        # a lawsuit word is business too.
        ("Amazon goes on trial over FTC claims about Prime.", ["Amazon"]),
        ("Apple sued Amazon.", ["Amazon", "Apple"]),
        ("A Brazilian court ruled on deforestation along the Amazon.", []),
        # Apple's Find My network opened to other makers' products, April 2021; Threads joining
        # the fediverse, March 2024: a product's world, and two names of one group, are business.
        ("Apple let other makers' devices join its Find My network.", ["Apple"]),
        ("Meta said Threads has entered the fediverse.", ["Meta"]),
    ],
)
def test_ambiguous_aliases_need_business_context(text: str, expected: list[str]) -> None:
    assert groups(text) == expected


def test_every_kb_parent_resolves_and_aliases_are_unique() -> None:
    kb = load_kb()
    owners: dict[str, str] = {}
    for entity in kb.entities.values():
        assert kb.group(entity.id).parent is None
        for alias in (a for aliases in entity.aliases.values() for a in aliases):
            assert owners.setdefault(alias, entity.id) == entity.id, f"{alias!r} belongs to two entities"


def test_tag_command_reads_and_writes_jsonl() -> None:
    lines = "\n".join(json.dumps(r) for r in [{"id": "a", "text": "Taobao takes WeChat Pay."}, {"id": "b", "text": "Nothing here."}])
    results = [json.loads(line) for line in gatewatch("tag", "-", input=lines + "\n").stdout.splitlines()]
    assert [r["id"] for r in results] == ["a", "b"]
    assert {c["name"] for c in results[0]["companies"]} == {"Taobao", "Alibaba", "WeChat Pay", "Tencent"}
    assert results[1]["companies"] == []


def test_worker_processes_tag_exactly_as_one_process_in_input_order() -> None:
    from pathlib import Path

    from gatewatch.nlp.kb import read_jsonl_file

    items = read_jsonl_file(Path(__file__).parent / "data" / "nlp-gold.jsonl")[:100]
    lines = "\n".join(json.dumps(item, ensure_ascii=False) for item in items) + "\n"
    one = gatewatch("tag", "-", input=lines).stdout
    two = gatewatch("tag", "-", "--processes", "2", input=lines).stdout
    assert [json.loads(line)["id"] for line in two.splitlines()] == [item["id"] for item in items]
    assert two == one


def test_tag_command_names_the_bad_line() -> None:
    result = gatewatch("tag", "-", input='{"id": 1, "text": "ok"}\nnot json\n', check=False)
    assert result.returncode == 1
    assert "line 2: not JSON" in result.stderr


def test_spacy_worker_processes_ship_every_doc_value() -> None:
    # nlp.pipe(n_process=2) sends each doc back through msgpack: every value a component leaves
    # on a doc must survive that (a set once did not).
    from gatewatch.nlp.pipeline import load_pipeline

    texts = ["The European Commission fined Apple €1.8bn over music streaming.", "SAMR fined Alibaba 18.228 billion yuan."]
    nlp = load_pipeline("en")
    one = [doc._.event["event_types"] for doc in nlp.pipe(texts)]
    two = [doc._.event["event_types"] for doc in nlp.pipe(texts, n_process=2)]
    assert two == one and all(one)


def _tag_batch_dying_in_workers(batch: list[dict], bare: bool) -> list[dict]:
    # A worker process killed while tagging (here: it exits at once); the parent tags on.
    if os.getpid() != PARENT_PID:
        os._exit(1)
    return ORIGINAL_TAG_BATCH(batch, bare)


PARENT_PID = os.getpid()
ORIGINAL_TAG_BATCH = tag_module._tag_batch


def test_a_dead_worker_process_costs_no_tags_and_says_so(monkeypatch, caplog) -> None:
    from pathlib import Path

    from gatewatch.nlp.kb import read_jsonl_file

    items = read_jsonl_file(Path(__file__).parent / "data" / "nlp-gold.jsonl")[:200]
    expected = list(tag_module.tag_records(items))
    monkeypatch.setattr(tag_module, "_tag_batch", _tag_batch_dying_in_workers)
    with caplog.at_level("WARNING", logger="gatewatch.nlp.tag"):
        results = list(tag_module.tag_records(items, processes=2))
    assert results == expected
    assert "tagging worker process died" in caplog.text
