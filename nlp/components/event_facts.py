"""Where, when and how big an action is: its jurisdictions, its date and its fines, read from
what the earlier components left on the doc (``gatewatch_event`` sets them on ``doc._.event``;
``gatewatch_bodies`` asks where a text is).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable

from spacy.tokens import Doc

from gatewatch.db.fx import to_eur  # (the bundled ECB table the events' euro values use too)
from gatewatch.nlp.amounts import same_amount
from gatewatch.nlp.components.cues import CueText
from gatewatch.nlp.components.doccache import sentence_bounds, sentence_containing
from gatewatch.nlp.kb import KnowledgeBase

# Words right before a date that make it the day something was said, not done.
ANNOUNCED_ON = re.compile(r"\b(?:said|says|announced|announces|stated|confirmed|disclosed|reported|told [\w ]{1,20}?)"
                          r"(?: late| early)?(?: on| this| last)?\s+\Z")
# … and right after it in Chinese ("公平会20日宣布，委员会议已于19日决议", "7日对外介绍", "据新华社4月10日消息");
# not 发布 or 公布, with which an authority issues what it decided ("5月11日发布《规定》").
ANNOUNCED_AFTER_ZH = re.compile(r"\s*(?:对外|對外)?(?:宣布|宣佈|表示|通报|通報|披露|称|稱|指出|报道|報導|报导|消息|电|電|介绍|介紹|证实|證實|透露|说|說)")
# Words that make a date the day a decision was taken ("Resolution 65205 dated October 16, 2020",
# "in a resolution adopted on Thursday, October 11", "处罚决定于2020年12月25日作出"), where an
# announced day gives way to it: a decision of the weeks before the announcement.
DECIDED_ON = re.compile(r"\b(?:[Dd]ecision|[Rr]esolution|[Oo]rder|[Jj]udge?ment|[Rr]uling|[Vv]erdict)\b(?: (?:No\.? ?)?[\w/.-]+)?,?"
                        r" (?:of|dated|adopted on|issued on|passed on|handed down on|delivered on|signed on|made on|taken on)"
                        r"(?: (?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?)? \Z")
DECIDED_ON_ZH = re.compile(r"(?:决定|決定|判决|判決|裁定|决议|決議|裁决|裁決)[书書]?[于於]\Z")
DECIDED_AFTER_ZH = re.compile(r"\s*(?:作出|做出)")
DECIDED_WITHIN_DAYS = 180
# Actions whose day is the one they take effect on, which may come after publication, and the
# words that lead into that day ("from the morning of Thursday, 18 February 2021", "come into
# force on 1 January 2025").
TAKING_EFFECT_TYPES = frozenset({"interoperability_opening", "legislation", "compliance_change"})
TAKES_EFFECT = re.compile(r"\b(?:from|starting(?: on)?|effective(?: from| on)?|tak(?:es?|ing) effect(?: on| from)?"
                          r"|comes? into force(?: on| from)?|in force from|as of|beginning(?: on)?)\s+"
                          r"(?:the morning of\s+|the evening of\s+)?(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?\Z")
# A dateline ("JAKARTA, November 30, 2023 — ", or a line opening on the date alone): the day
# of the report, like an announcement's.
DATELINE_BEFORE = re.compile(r"\n(?:[^\W\d][^\n,.]{0,30},\s*)?\Z")
DATELINE_AFTER = re.compile(r"\s*(?:\([^)\n]{1,30}\)\s*)?[—–-]")
# Where coverage in a language that names no authority nor place is about.
HOME_JURISDICTIONS = {"zh": "CN"}
# Amounts this close are one fine too when one is the other rounded ("€1.8bn", "€1.84 billion").
ROUNDING_GAP = 0.05
# A later amount in another currency this close in euros is a conversion (rates move, and
# reports round).
CONVERSION_GAP = 0.15
# Amounts this close are the same figure written twice ("€1.84 billion", "1.84bn euros").
EXACT = 0.001
WRITTEN_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def significant_digits(written: str) -> int:
    """How precisely an amount is written: "€1.8bn" 2, "€1.84 billion" 3, "€500m" 1."""
    number = WRITTEN_NUMBER.search(written)
    digits = number.group().replace(",", "") if number else ""
    whole, _, fraction = digits.partition(".")
    return max(1, len((whole.lstrip("0") + fraction).lstrip("0") if fraction else whole.strip("0")))


def _rounded(rough: dict, precise: dict) -> bool:
    """Whether ``rough`` is ``precise`` rounded as written ("€1.8bn" for "€1.84 billion")."""
    digits = significant_digits(rough["text"])
    return digits < significant_digits(precise["text"]) and float(f"{precise['amount']:.{digits}g}") == rough["amount"]


def same_fine(a: dict, b: dict) -> bool:
    """One fine written twice: the same amount, or one the other rounded. Two amounts written
    as precisely and apart are two (a court trims a fine of €242m to €238.7m)."""
    first, second = (a["currency"], a["amount"]), (b["currency"], b["amount"])
    return same_amount(first, second, EXACT) or (same_amount(first, second, ROUNDING_GAP) and (_rounded(a, b) or _rounded(b, a)))


def _converted(earlier: dict, later: dict, on: str | None) -> bool:
    """Whether ``later`` is ``earlier`` in another currency ("fined €98.6m … Apple, fined
    roughly $115m"): the same value in euros at the month's exchange rates, give or take
    CONVERSION_GAP."""
    if earlier["currency"] == later["currency"]:
        return False
    first, second = to_eur(earlier["amount"], earlier["currency"], on), to_eur(later["amount"], later["currency"], on)
    return bool(first and second) and same_amount(("EUR", first["eur"]), ("EUR", second["eur"]), CONVERSION_GAP)


def distinct_fines(money: list[dict], on: str | None = None) -> list[dict]:
    """Each fine once, as precisely as the text writes it (a headline rounds "€1.84 billion" to
    "€1.8bn"); an amount the text also gives as a conversion ("($177 million)") is that
    conversion repeated (typically in a headline), not a second fine, and so is a later amount
    worth the same in another currency at the exchange rates of ``on`` (publication)."""
    conversions = [m for m in money if m["kind"] == "conversion"]
    fines: list[dict] = []
    for mention in (m for m in money if m["kind"] == "fine"):
        if any(same_fine(c, mention) for c in conversions) or any(_converted(f, mention, on) for f in fines):
            continue
        kept = next((i for i, f in enumerate(fines) if same_fine(f, mention)), None)
        if kept is None:
            fines.append(mention)
        elif _rounded(fines[kept], mention):
            fines[kept] = mention
    return fines


def sentence_of(doc: Doc, char: int) -> tuple[int, int]:
    if found := sentence_containing(doc, char):
        return found
    bounds = sentence_bounds(doc)
    return 0, bounds[-1][1] if bounds else 0


def event_date(dates: list[dict], published: str | None, text: CueText, doc: Doc,
               types: list[str]) -> str | None:
    """The date of the action: the first dated sentence that carries a cue of the action
    reported (``types``: "filed the case in 2020" is background to a 2024 ruling), else the
    first date with a year, else the first date. Dates after publication are plans, not the
    action, but for the day an opening, a law or a change takes effect ("will take WeChat Pay
    from September 12"); and a date the action was announced on ("said on February 3 that it
    had finalised, on January 27, …") gives way to an earlier one in its sentence."""
    published = (published or "")[:10]
    takes_effect = not TAKING_EFFECT_TYPES.isdisjoint(types)
    dates = [d for d in dates if not published or d["date"] <= published
             or takes_effect and TAKES_EFFECT.search(text.text, max(0, d["start"] - 40), d["start"]) is not None]
    reported = [cue for event_type, cue in text.live if event_type in types]
    for want_explicit in (True, False) if reported else ():  # (no cue to find in a date's sentence)
        for date in dates:
            if date["explicit_year"] != want_explicit:
                continue
            start, end = sentence_of(doc, date["start"])
            if any(text.matches(cue, start, end, limit=1) for cue in reported):
                return _done_on(date, dates, text.text, doc)
    first = next((d for d in dates if d["explicit_year"]), dates[0] if dates else None)
    return _done_on(first, dates, text.text, doc) if first else None


def _done_on(date: dict, dates: list[dict], text: str, doc: Doc) -> str:
    """``date``, or where it is the day the action was announced, the first earlier one in its
    sentence that is not ("said on February 3 that it had finalised, on January 27, …")."""
    if not _announced_on(text, date):
        return date["date"]
    start, end = sentence_of(doc, date["start"])
    done = [d for d in dates if start <= d["start"] < end and d["date"] <= date["date"] and not _announced_on(text, d)]
    decided = done or [d for d in dates if _decided_on(text, d)
                       and 0 <= _days_between(d["date"], date["date"]) <= DECIDED_WITHIN_DAYS]
    return (decided or [date])[0]["date"]


def _decided_on(text: str, date: dict) -> bool:
    """Whether ``date`` is the day a decision was taken ("a decision dated …", "决定于…作出")."""
    return (DECIDED_ON.search(text, max(0, date["start"] - 60), date["start"]) is not None
            or DECIDED_ON_ZH.search(text, max(0, date["start"] - 8), date["start"]) is not None
            or DECIDED_AFTER_ZH.match(text, date["end"]) is not None)


def _days_between(earlier: str, later: str) -> int:
    return (dt.date.fromisoformat(later[:10]) - dt.date.fromisoformat(earlier[:10])).days


def _announced_on(text: str, date: dict) -> bool:
    """Whether ``date`` is the day something was said ("said on …") or a dateline's."""
    return (ANNOUNCED_ON.search(text, max(0, date["start"] - 30), date["start"]) is not None
            or ANNOUNCED_AFTER_ZH.match(text, date["end"]) is not None
            or (DATELINE_BEFORE.search(text, max(0, date["start"] - 40), date["start"]) is not None
                and DATELINE_AFTER.match(text, date["end"]) is not None))


def jurisdictions(mentions: list[dict], kb: KnowledgeBase, lead_end: int, home: str | None = None,
                  bodies: Iterable[dict] = (), opening_headline_end: int = 0) -> list[str]:
    """Where the action is: its authorities' jurisdictions, else those of the public ``bodies``
    the KB lacks (``gatewatch_bodies``: "Delaware County Common Pleas Court"), else the place
    named most (for an opening, the places its headline names, up to ``opening_headline_end``,
    where they are several), else ``home`` (Chinese-language coverage that names no place is
    about China: "淘宝接入微信支付").

    When the authorities span several jurisdictions and the lead (headline or first sentence)
    names some of them, the others are background ("unlike the UK's CMA, which blocked it");
    where the lead names authorities, only theirs count.
    """
    found: list[str] = []
    for mention in mentions:
        if mention["family"] == "authority":
            code = kb.entities[mention["entity_id"]].jurisdiction
            if code and code not in found:
                found.append(code)
    if len(found) > 1:
        # (the authorities the lead names, else any place or body it names: "under EU rules"
        # in a lead whose only authority is Italy's is no second jurisdiction)
        in_lead = ({kb.entities[m["entity_id"]].jurisdiction for m in mentions if m["start"] < lead_end
                    and m["family"] == "authority"}
                   or {kb.entities[m["entity_id"]].jurisdiction for m in mentions if m["start"] < lead_end})
        return [code for code in found if code in in_lead] or found
    if found:
        return found
    found = list(dict.fromkeys(body["jurisdiction"] for body in bodies))
    if found:
        return found
    places = Counter(kb.entities[m["entity_id"]].jurisdiction for m in mentions if m["family"] == "place")
    # (an opening across borders is where its headline says: "… in the US and Canada")
    in_headline = [code for code, _ in places.most_common()
                   if any(m["family"] == "place" and m["start"] < opening_headline_end
                          and kb.entities[m["entity_id"]].jurisdiction == code for m in mentions)]
    if len(in_headline) > 1:
        return in_headline
    return [places.most_common(1)[0][0]] if places else [home] if home else []
