"""Which amounts of money are fines, as the rules read the words around each (the cue lists of
``kb/money.yaml``): the sentence speaks of a penalty, "fined" or an order to pay leads into the
amount, or it is the next item of a list of fines; and it is no conversion, revenue, deal value,
rate, range, change or a fine only possible or asked for. ``finemodel.py`` then has the last word
on the amounts the rules call fines (``classify_money``); ``rules_reading`` gives what it is
trained on.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from spacy.tokens import Doc

from gatewatch.nlp.amounts import mark_fine_parts
from gatewatch.nlp.components.cues import CASE_FOLDED_APART, CuePattern
from gatewatch.nlp.components.doccache import end_of_lead, sentence_containing
from gatewatch.nlp.components.script import matching_text
from gatewatch.nlp.finemodel import FineModel, amount_grams
from gatewatch.nlp.kb import read_yaml_file

MONEY_FILE = Path(__file__).parent.parent / "kb" / "money.yaml"
# How far (characters) the words that name an amount ("revenue of", "deposit") stand from it,
# in English and in the denser Chinese, and how far before it a hedge ("could be fined up to")
# still qualifies it.
NAME_REACH, NAME_REACH_ZH, HEDGE_REACH = 15, 8, 40
# How far (characters) before an amount "fined" (``fined_directly``) or a change ("cut … by",
# ``changed_by``) may lead into it.
FINED_REACH, CHANGE_REACH = 80, 120
# How far (characters) before an amount paid to the state its "pay" may stand.
PAY_REACH = 70
# A relative clause that puts the naming words further back ("its annual turnover, which was
# 7,532 million euros"): they are read before it (the clause is looked for this far back).
# Words that make an amount rough ("about", "more than"): between it and what names it, or
# between a list's items.
ROUGHLY = "(?:approximately|about|around|roughly|nearly|almost|some|more than|over|up to|close to)"
NAMED_BEFORE_CLAUSE = re.compile(rf",? which (?:was|were|is|are|totalled|totaled|stood at|came to|reached) (?:{ROUGHLY} )?\Z")
CLAUSE_REACH = 40
ROUGHLY_BEFORE = re.compile(rf"\b{ROUGHLY} \Z")
ROUGHLY_REACH = 15


def _least_texts(cues: list[str]) -> tuple[str, ...]:
    """The cues in lower case, but those that hold another ("fined" holds "fine"): one of them
    stands in any text a ``CuePattern`` of ``cues`` finds a cue in, when it finds one in any
    case and none is written with a space (blanking out a lookalike could join one)."""
    if any(" " in cue for cue in cues):
        raise ValueError("a cue written with a space: its words may be joined across a lookalike blanked out")
    texts = {cue.lower() for cue in cues}
    return tuple(sorted(text for text in texts if not any(other != text and other in text for other in texts)))


@functools.cache
def fine_patterns(path: Path = MONEY_FILE) -> dict:
    """The cue lists and patterns of ``kb/money.yaml`` that tell a fine from another amount."""
    data = read_yaml_file(path)
    return {
        "fine_cues": CuePattern(data["fine_cues"], data["fine_cue_lookalikes"]),
        "fine_cue_texts": _least_texts(data["fine_cues"]),
        "fined_directly": re.compile(data["fined_directly"], re.IGNORECASE),
        "ordered_to_pay": re.compile(data["ordered_to_pay"], re.IGNORECASE),
        "paid_to_party": re.compile(data["paid_to_party"], re.IGNORECASE),
        "paid_as": re.compile(data["paid_as"], re.IGNORECASE),
        "pay_leads_into": re.compile(data["pay_leads_into"], re.IGNORECASE),
        "paid_to_state": re.compile(data["paid_to_state"], re.IGNORECASE),
        "not_fine_nouns": CuePattern(data["not_fine_nouns"]),
        "rates": CuePattern(data["rates"]),
        "not_fine_hedges": CuePattern(data["not_fine_hedges"], data["hedge_lookalikes"]),
        "changed_by": re.compile(data["changed_by"], re.IGNORECASE),
        "requested_fine": re.compile(data["requested_fine"], re.IGNORECASE),
        "share_price": re.compile(data["share_price"], re.IGNORECASE),
    }


APPROXIMATELY = re.compile(r"(约合|相当于|折合|about|roughly|around|approximately|some|equivalent to)\s*\(?\s*$", re.I)
# How far before an amount those words are looked for: "(approximately " is 15 characters.
APPROXIMATELY_REACH = 20
# (a sign before an amount whose code follows it: "($49,000 USD)")
OPEN_BRACKET = re.compile(r"[(（]\s*(?:约|大约)?\s*(?:U\.S\.|US|USD)?\s*[$€£¥]?$")


def _is_conversion(text: str, mention: dict, previous: dict | None) -> bool:
    """An amount in brackets right after another, or flagged as "about/roughly/约合", in another
    currency ("Uber was fined $6.6m and Grab about $6.4m" are two amounts, not a conversion). In
    brackets, another sum in what reads as the same currency is one too: a bare "$" read as the
    local dollar where the writer meant US dollars ("fined NZD675,000 ($454,536)")."""
    if previous is None:
        return False
    before = text[max(0, mention["start"] - APPROXIMATELY_REACH):mention["start"]]
    if previous["currency"] == mention["currency"]:
        return (previous["amount"] != mention["amount"] and OPEN_BRACKET.search(before) is not None
                and mention["start"] - previous["end"] <= 10)
    if APPROXIMATELY.search(before):
        return 0 <= mention["start"] - previous["end"] <= 25
    return OPEN_BRACKET.search(before) is not None and mention["start"] - previous["end"] <= 10


# What stands between two amounts of one list, the second after its payer's name ("ordered
# Telstra to pay $15 million, Optus $13.5 million and TPG $5 million").
LIST_ITEM = re.compile(rf"(?:,| and|, and|;) (?:[A-Z][\w&.'’-]*(?: \([\w ]+\))? ){{1,5}}(?:{ROUGHLY} )?\Z")
LIST_ITEM_REACH = 60


def _next_in_list(text: str, mention: dict, previous: dict | None) -> bool:
    """Whether the amount is the next item of a list whose item before it is a fine in the
    same currency."""
    return (previous is not None and previous["kind"] == "fine" and previous["currency"] == mention["currency"]
            and 0 < mention["start"] - previous["end"] <= LIST_ITEM_REACH
            and LIST_ITEM.match(text, previous["end"], mention["start"]) is not None)


def _ordered_to_pay(patterns: dict, text: str, sentence_start: int, mention: dict) -> bool:
    """Whether an order to pay leads into the amount ("ordered Grab to pay P12 million") and
    what follows it neither sends it to a party nor calls it costs or damages."""
    return (patterns["ordered_to_pay"].search(text, sentence_start, mention["start"]) is not None
            and patterns["paid_to_party"].match(text, mention["end"]) is None)


def _paid_to_state(patterns: dict, text: str, sentence_start: int, mention: dict) -> bool:
    """Whether "pay" leads into the amount and the state or its treasury gets it."""
    return (patterns["paid_to_state"].match(text, mention["end"]) is not None
            and patterns["pay_leads_into"].search(text, max(sentence_start, mention["start"] - PAY_REACH), mention["start"]) is not None)


def classify_money(doc: Doc, mentions: list[dict], model: FineModel | None = None) -> list[dict]:
    """Mark each amount ``kind``: fine, conversion or other (revenue, deal value …), as the rules
    read it; ``model`` then has the last word on the amounts the rules call fines, and the parts
    of a fine are fines (``mark_fine_parts``). (Trained on
    every amount, it almost never calls one the rules do not a fine: 4 of 2,300 in the dev split,
    none in the holdout; reading only the rules' fines, it costs a third as much.)"""
    sentences = _classify_by_rules(doc, mentions)
    if model is not None and any(mention["kind"] == "fine" for mention in mentions):
        text, lead_end = matching_text(doc), end_of_lead(doc)
        for i, mention in enumerate(mentions):
            if mention["kind"] == "fine" and not model.is_fine(amount_grams(text, mentions, i, sentences[i], lead_end)):
                mention["kind"] = "other"
    mark_fine_parts(mentions)
    return mentions


def rules_reading(doc: Doc, mentions: list[dict]) -> list[tuple[dict, list[str]]]:
    """Each amount with its ``kind`` as the rules read it, and what the fine model reads of it
    (what the model is trained on)."""
    sentences = _classify_by_rules(doc, mentions)
    text, lead_end = matching_text(doc), end_of_lead(doc)
    return [(mention, amount_grams(text, mentions, i, sentence, lead_end))
            for i, (mention, sentence) in enumerate(zip(mentions, sentences))]


def _classify_by_rules(doc: Doc, mentions: list[dict]) -> list[tuple[int, int]]:
    """Mark each amount ``kind`` as the rules read it; the sentence of each."""
    patterns = fine_patterns()
    text = matching_text(doc)
    previous = None
    reach = NAME_REACH_ZH if doc.lang_ == "zh" else NAME_REACH
    speaks_of_fines: dict[tuple[int, int], bool] = {}  # per sentence: amounts often share one
    sentences = [sentence_containing(doc, mention["start"]) or (0, len(text)) for mention in mentions]
    for mention, sentence in zip(mentions, sentences):
        start = sentence[0]
        fined = patterns["fined_directly"].search(text, max(0, mention["start"] - FINED_REACH), mention["start"])
        said_a_fine = (fined or _speaks_of_fines(patterns, text, sentence, speaks_of_fines)
                       or _ordered_to_pay(patterns, text, start, mention) or _paid_to_state(patterns, text, start, mention)
                       or _next_in_list(text, mention, previous))
        # (what else it is, and what "fined" overrules, read only where they can change the verdict)
        if _is_conversion(text, mention, previous):
            mention["kind"] = "conversion"
        elif (said_a_fine and not _something_else(patterns, text, sentence, mention, reach)
              and (fined or not _unless_fined(patterns, text, sentence, mention, reach))):
            mention["kind"] = "fine"
        else:
            mention["kind"] = "other"
        if mention["kind"] == "fine" and (opened := _range_opened(text, mention, previous)) is not None:
            mention["kind"] = "other"
            if previous is not None and previous["kind"] == "fine" and previous["end"] > opened:
                previous["kind"] = "other"
        previous = mention
    return sentences


def _speaks_of_fines(patterns: dict, text: str, sentence: tuple[int, int], known: dict[tuple[int, int], bool]) -> bool:
    """Whether the sentence names a fine; ``known`` keeps what its sentences were found to say.

    Three sentences in four that hold an amount name no fine: its lower case holding none of
    the cues' texts tells so (unless it holds a character that only re.IGNORECASE takes for an
    ASCII letter) in a third of the time that blanking out the lookalikes and the cues' regex
    take."""
    if sentence not in known:
        part = text[sentence[0]:sentence[1]]
        lowered = part.lower() if part.isascii() or not CASE_FOLDED_APART.search(part) else None
        known[sentence] = ((lowered is None or any(cue in lowered for cue in patterns["fine_cue_texts"]))
                           and patterns["fine_cues"].search(part))
    return known[sentence]


def _something_else(patterns: dict, text: str, sentence: tuple[int, int], mention: dict, reach: int) -> bool:
    """Whether the amount is something else than a fine, whatever leads into it: a rate, a
    payment named, a change, a hedged sum."""
    start, end = sentence
    before = text[max(start, mention["start"] - HEDGE_REACH):mention["start"]]
    clause = NAMED_BEFORE_CLAUSE.search(text, max(start, mention["start"] - CLAUSE_REACH), mention["start"])
    named_from = clause.start() if clause else mention["start"]
    # (a hedge between the naming words and the amount: "worth approximately 9.8 billion won")
    if hedge := ROUGHLY_BEFORE.search(text, max(start, named_from - ROUGHLY_REACH), named_from):
        named_from = hedge.start()
    own = text[max(start, named_from - reach):mention["start"]]
    after = text[mention["end"]:min(end, mention["end"] + reach)]
    return bool(
        patterns["not_fine_nouns"].search(own) or patterns["rates"].search(own) or patterns["rates"].search(after)
        or patterns["paid_as"].match(text, mention["end"])
        or patterns["changed_by"].search(text, max(start, mention["start"] - CHANGE_REACH), mention["start"])
        or patterns["not_fine_hedges"].search(before) or patterns["share_price"].search(before))


def _unless_fined(patterns: dict, text: str, sentence: tuple[int, int], mention: dict, reach: int) -> bool:
    """Whether something that only a "fined" leading into the amount overrules stands around
    it: words after it, a fine asked for earlier in its sentence."""
    start, end = sentence
    after = text[mention["end"]:min(end, mention["end"] + reach)]
    return bool(patterns["not_fine_nouns"].search(after) or patterns["not_fine_hedges"].search(after)
                or patterns["requested_fine"].search(text, start, mention["start"]))


# The first number of a range the amount closes ("fines of $200 million to $300 million",
# "法人5万至20万卢布"), perhaps after "from" (then it is a change: "cut from €32 million to €15
# million" names two fines); in Chinese the first number goes without its currency.
RANGE_TO = r"(?:(?P<zh>至|到|～|~)|to|–)\s*[^\s\d]{0,3}\Z"
RANGE_OPENED = re.compile(r"(?P<change>\bfrom\s+(?:(?:a|the|total|of|about|around|some|over|nearly|almost|more|than)\s+){0,3}|从|由)?(?:[^\s\d从由]{1,3}\s?)?\d(?:[\d.,]|\s\d)*\s*(?:[^\W\d]+\s*){0,2}"
                          + RANGE_TO, re.IGNORECASE)
# Its "to" alone: the whole pattern backtracks through every way to split the words before
# it (25-35 µs an amount), and one amount in 25 has a "to" right before it.
RANGE_CLOSED = re.compile(RANGE_TO, re.IGNORECASE)
RANGE_REACH = 40


def _range_opened(text: str, mention: dict, previous: dict | None) -> int | None:
    """Where the range the amount closes opens: a range of fines is what a law allows or a
    party asks for, no fine imposed. None when it closes none."""
    window = max(0, mention["start"] - RANGE_REACH)
    if RANGE_CLOSED.search(text, window, mention["start"]) is None:
        return None
    opened = RANGE_OPENED.search(text, window, mention["start"])
    if opened is None or opened["change"]:
        return None
    after_amount = (previous is not None and previous["currency"] == mention["currency"]
                    and opened.start() < previous["end"] <= opened.end())
    return opened.start() if after_amount or opened["zh"] else None
