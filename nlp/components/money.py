"""``gatewatch_money``: amounts of money in English and Chinese text, and which are fines.

Finds "€1.8bn", "1.84 billion euros", "EUR 500 million", "$5bn", "KRW 207.7 billion",
"Rs 1,337.76 crore", "18.228 billion yuan", "182.28亿元", "2074亿韩元" and keeps the shares of
turnover ("4% of turnover", "销售额4%") apart: those are rates, never amounts. Which amounts are
fines the rules of ``fine_rules.py`` read, and a small learned model (``finemodel.py``) has the
last word on the ones they call fines. The currency and cue lists live in ``kb/money.yaml``.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from gatewatch.nlp.chinese import CHINESE_DIGITS, chinese_integer
from gatewatch.nlp.components.batch import BatchedComponent
from gatewatch.nlp.components.bodies import BODIES
from gatewatch.nlp.components.cue_literals import later_literals
from gatewatch.nlp.components.cues import (
    CASE_FOLDED_APART, CASE_FOLDED_CHARS, CASE_FOLDED_TO_ASCII, anchored, ascii_twin, compile_cue, digit_runs,
    grouped_alternation, led_matches, plain_ascii,
)
from gatewatch.nlp.components.doccache import doc_text, extension_key
from gatewatch.nlp.components.fine_rules import MONEY_FILE, classify_money, fine_patterns
from gatewatch.nlp.components.linker import MENTIONS
from gatewatch.nlp.components.script import matching_text
from gatewatch.nlp.finemodel import FineModel, load_fine_model
from gatewatch.nlp.kb import KnowledgeBase, load_kb, read_yaml_file

Doc.set_extension("money", default=None, force=True)
Doc.set_extension("turnover_shares", default=None, force=True)
MONEY, TURNOVER_SHARES = extension_key("money"), extension_key("turnover_shares")

NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# Thousands set apart by spaces, as South Africa, France or Poland write them ("R2 000 000",
# "R32 135"; a no-break or narrow no-break space too): read after a currency sign only, where
# the groups cannot be a separate number; a decimal point may follow ("US$102 101.765").
SPACED_THOUSANDS = "[ \u00a0\u202f]"
NUMBER_SPACED = rf"\d{{1,3}}(?:{SPACED_THOUSANDS}\d{{3}})++(?:\.\d+)?+(?!\d|[.,]\d)"
# Thousands set apart by full stops, as much of Europe writes them ("€1.016.425", with a
# decimal comma "€2.500.000,50"): only with two groups or more, since "€1.016" is a decimal.
NUMBER_DOTTED = r"\d{1,3}(?:\.\d{3}){2,}(?:,\d{1,2})?(?!\d|[.,]\d)"
# The same, written to begin with a plain digit class: Python's regex engine skips quickly to
# where a pattern can start only when it begins with a literal or a character class.
NUMBER_LED = r"\d(?:\d{0,2}(?:,\d{3})+(?:\.\d+)?|\d*(?:\.\d+)?)"
# The same, not right after a word character, "." or ",": that lookbehind is written after
# the first digit so that the pattern starts with one, which the regex engine skips to fast.
# Atomic for the amounts written currency-last: a number cut short leaves a digit, "." or ","
# where a scale or currency word (after a space or hyphen) would have to start.
# Thousands set apart by spaces count here with two groups or more ("19 030 981 euros"), or
# one before a space ("804 340 leva"): before a hyphen it could be a count before an amount
# ("15 300-euro fines").
NUMBER_ALONE = rf"\d(?<![\w.,]\d)(?>\d{{0,2}}(?:{SPACED_THOUSANDS}\d{{3}}){{2,}}(?!\d|[.,]\d)|\d{{0,2}}{SPACED_THOUSANDS}\d{{3}}(?=\s)|\d{{0,2}}(?:\.\d{{3}}){{2,}}(?:,\d{{1,2}})?(?!\d|[.,]\d)|\d{{0,2}}(?:,\d{{3}})+(?:\.\d+)?|\d*(?:\.\d+)?)"
# Anything past this is a typo or a joke ("€999999999999bn"), never a real fine.
MAX_AMOUNT = 1e13
# What splits a Chinese amount written in two parts ("27亿3000万元", "658万2055元"), and what
# it multiplies.
TWO_PARTS = {"亿": 1e8, "万": 1e4}
# A thousand written as 千 inside a number before 万 or 亿 ("1千300万新元" is 13 million, as
# Singapore's and Malaysia's Chinese press write it; "2亿5千万元"; "1千亿元").
WITH_THOUSANDS = r"(?:千\d{0,3}(?=[万亿]))?"
ISO_CODE = re.compile("[A-Z]{3}")
# A Chinese amount in Chinese numerals ("九十萬元", "一百五十万元"): with a ten, hundred or
# thousand in it, or a scale after it (a bare "一元" or "三元" is more often a word: 一元化, 三元);
# not after 数 or 几 ("数十亿元": several billion, no amount).
_DIGIT_CLASS = "".join(CHINESE_DIGITS)
CHINESE_NUMERAL = (f"(?<![数數几幾])(?:[{_DIGIT_CLASS}]?[十百千][{_DIGIT_CLASS}十百千]*"
                   f"|[{_DIGIT_CLASS}]+(?=\\s*(?:万|萬|亿|億)))")


# An amount as found: (start, end, currency as written, number, scale word, Chinese prefix).
Amount = tuple[int, int, str, str, str | None, str | None]


def currency_key(written: str) -> str:
    """How a currency as written is looked up: in lower case, as the scans match it in any case
    ("Ksh", "KSh"), but a one-letter sign as written ("R300m" is the rand, "r300m" nothing)."""
    return written if len(written) == 1 else written.lower()


@functools.cache
def money_patterns(path: Path = MONEY_FILE) -> dict:
    data = read_yaml_file(path)
    prefixes = data["prefix_currencies"]
    suffixes = {currency_key(k): v for k, v in data["suffix_currencies"].items()}
    local = {currency_key(k): v for k, v in data["local_currencies"].items()}
    by_key = {currency_key(k): v for k, v in prefixes.items()}
    if unplaced := [k for k, v in (by_key | suffixes).items() if v == "LOCAL" and k not in local]:
        raise ValueError(f"{path}: LOCAL currencies without local_currencies: {', '.join(unplaced)}")
    words = list(suffixes)  # (matched in any case)
    # An ISO code written before a number is written after one too ("10 million SAR"), in capitals
    # only (a lower-case "try" or "pen" is a word) and unless it is also a name ("AMD chips").
    codes = [c for c in prefixes if ISO_CODE.fullmatch(c) and c.lower() not in suffixes
             and c not in data["codes_not_after_numbers"]]
    suffixes |= {code.lower(): prefixes[code] for code in codes}
    scales = {k.lower(): float(v) for k, v in data["scales"].items()}
    zh_currencies = data["chinese_currencies"]
    zh_scales = {k: float(v) for k, v in data["chinese_scales"].items()}
    scale = rf"(?:[\s-]*(?P<scale>{grouped_alternation(list(scales), True)})\b)?"
    currency_after = rf"(?P<cur>{grouped_alternation(words, True)}|(?-i:{grouped_alternation(codes)}))\b"
    suffix_form = rf"(?P<num>{NUMBER_ALONE}){scale}[\s-]+{currency_after}"
    zh_form = (
        rf"(?P<num>{NUMBER_LED}{WITH_THOUSANDS}(?:亿{NUMBER_LED}{WITH_THOUSANDS}(?=万)|万\d{{1,4}}(?!\d))?|{CHINESE_NUMERAL})\s*(?P<scale>{grouped_alternation(list(zh_scales))})?"
        rf"(?P<cur>{grouped_alternation(list(zh_currencies))})(?P<post>人民币)?"
    )
    # "人民币" or "新台币" right before a Chinese amount: looked for only before one found.
    zh_lead = re.compile(rf"(?:{grouped_alternation(list(data['chinese_prefixes']))})\Z")
    # (scan, currencies, scales): ``scan(text)`` gives the form's amounts in text order, and
    # ``currencies`` maps each currency as ``currency_key`` gives it to its code.
    return {
        "zh": (_zh_scan(re.compile(zh_form), zh_lead, re.compile(grouped_alternation(list(zh_currencies))),
                        any(c.isascii() for c in zh_currencies)),
               {currency_key(k): v for k, v in zh_currencies.items()}, zh_scales),
        "prefix": (_prefix_scan(list(prefixes), scale), by_key, scales),
        "suffix": (_suffix_scan(re.compile(suffix_form, re.IGNORECASE)), suffixes, scales),
        "words": (_word_scan(data["number_words"], currency_after), suffixes, scales),
        # (as the file writes them, in their case: the name readers take capitals for codes)
        "prefix_written": tuple(prefixes),
        "local": local,
        "local_by_authority": frozenset(data["local_by_authority"]),
        "zh_prefixes": data["chinese_prefixes"],
        "shares": [_share_scan(p) for p in data["turnover_share"]],
    }


# A pattern that opens on a possessive run of digits ("\\d\\d*+") takes the whole run: it
# matches from the run's first digit, or from none of the run's digits.
RUN_LED = re.compile(r"(?:\(\?P<\w+>)?\\d\\d\*\+")


def _share_scan(pattern: str) -> Callable[[str], Iterable[re.Match[str]]]:
    """``scan(text)``: the pattern's matches in ``text``, as ``finditer`` gives them.

    A text must hold one of the pattern's leading texts when they are caseless (Chinese): a
    substring test for them is far faster than the regex's own scan of a text without them
    (an English one). So must its lower case hold one of each group of texts every match holds
    further on ("turnover", "revenue" or "sales": in one English text of five), unless it has
    a character only re.IGNORECASE takes for an ASCII letter. A pattern led by a run of digits
    is tried only where runs start.
    """
    literals, regex = compile_cue(pattern)
    required = literals if literals and all(w.lower() == w.upper() for w in literals) else ()
    required_later = [texts for texts, _ in later_literals(pattern)]
    run_led = RUN_LED.match(pattern) is not None

    def scan(text: str) -> Iterable[re.Match[str]]:
        if required and not any(literal in text for literal in required):
            return ()
        if required_later and (text.isascii() or not CASE_FOLDED_APART.search(text)):
            lowered = text.lower()
            if not all(any(literal in lowered for literal in texts) for texts in required_later):
                return ()
        return anchored(regex, text, digit_runs(text)) if run_led else regex.finditer(text)
    return scan


def _zh_scan(regex: re.Pattern[str], lead: re.Pattern[str], gate: re.Pattern[str],
             ascii_currency: bool) -> Callable[[str], Iterator[Amount]]:
    def scan(text: str) -> Iterator[Amount]:
        # No currency word, no amount: one fast scan, none in an ASCII text when all currency
        # words are Chinese (``isascii`` takes no time).
        if (ascii_currency or not text.isascii()) and gate.search(text):
            for start, match, pre in led_matches(regex, lead, text):
                yield start, match.end(), match["cur"], match["num"], match["scale"], pre and pre.group()
    return scan


def _suffix_scan(regex: re.Pattern[str]) -> Callable[[str], Iterator[Amount]]:
    twin = ascii_twin(regex)

    def scan(text: str) -> Iterator[Amount]:
        # The number starts a run of digits (NUMBER_ALONE): the regex is tried only there.
        for match in anchored(twin if plain_ascii(text) else regex, text, digit_runs(text)):
            yield match.start(), match.end(), match["cur"].lower(), match["num"], match["scale"], None
    return scan


def _any_case(char: str) -> set[str]:
    """The characters re.IGNORECASE takes for ``char``: its cases, and for i, s or k what it
    also folds to them ("İ", "ſ", the Kelvin sign)."""
    variants = {char, char.lower(), char.upper()}
    variants |= {folded for folded in CASE_FOLDED_CHARS if folded.translate(CASE_FOLDED_TO_ASCII) == char.lower()}
    return {variant for variant in variants if len(variant) == 1}


# The scale words a number written as a word is read before, and the word before that number
# (another number's is part of it: "twenty-five million"). "illion" is matched in any case
# as a class of its letter's cases per letter: the regex engine skips fast to where a class
# that leads a pattern matches, not to a case-insensitive literal (twice as fast).
ILLION = re.compile("".join(f"[{''.join(sorted(_any_case(char)))}]" for char in "illion") + r"\b")
WORD_BEFORE = re.compile(r"(?P<word>\w+)[\s-]+\Z")


def _word_scan(number_words: dict[str, float], currency_after: str) -> Callable[[str], Iterator[Amount]]:
    """Amounts whose number is a word ("five million euros"): read back from each "…illion",
    then on to the currency word after it."""
    words = {word.lower(): value for word, value in number_words.items()}
    number = re.compile(rf"(?<![\w-])(?P<num>{grouped_alternation(list(words), True)})[\s-]+(?P<scale>m|b|tr)\Z", re.IGNORECASE)
    currency = re.compile(rf"[\s-]+{currency_after}", re.IGNORECASE)
    reach = max(map(len, words)) + 4

    def scan(text: str) -> Iterator[Amount]:
        for scale in ILLION.finditer(text):
            if (found := number.search(text, max(0, scale.start() - reach), scale.start())) is None:
                continue
            before = WORD_BEFORE.search(text, max(0, found.start() - 12), found.start())
            if before is not None and before["word"].lower() in words:
                continue
            if (after := currency.match(text, scale.end())) is not None:
                yield (found.start(), after.end(), after["cur"].lower(), str(words[found["num"].lower()]),
                       found["scale"] + "illion", None)
    return scan


def _prefix_scan(currencies: list[str], scale: str) -> Callable[[str], Iterator[Amount]]:
    """The matches of ``(?<![\\w$€£¥₩₹])CURRENCY\\s?NUMBER SCALE`` (case-insensitive), as
    ``finditer`` gives them.

    Tried at every position, that regex was the slowest of all. A currency (no digit in it)
    ends right before the number's first digit, perhaps with a space between, so only the
    starts of runs of digits are tried, and the currency is looked for, as far back as the
    longest can reach, only where the two characters before could end one (their last alone
    would let most lower-case letters through) or one character currency ("$", "R") stands
    after no word character.
    """
    reach = max(map(len, currencies)) + 1
    endings = {"".join(pair) for c in currencies if len(c) > 1 for pair in itertools.product(*map(_any_case, c[-2:]))}
    alone = {variant for c in currencies if len(c) == 1 for variant in _any_case(c)}
    lead = re.compile(rf"(?<![\w$€£¥₩₹])(?P<cur>{grouped_alternation(currencies, True)})\s?\Z", re.IGNORECASE)
    number = re.compile(rf"(?P<num>{NUMBER_SPACED}|{NUMBER_DOTTED}|{NUMBER}){scale}", re.IGNORECASE)

    twins = ascii_twin(lead), ascii_twin(number)

    def scan(text: str) -> Iterator[Amount]:
        currency_before, number_at = twins if plain_ascii(text) else (lead, number)
        resume = 0
        for digit in digit_runs(text):
            at = digit - 1 - (digit > 0 and text[digit - 1].isspace())  # where a currency would end
            if digit > resume and at >= 0 and (
                (at > 0 and text[at - 1:at + 1] in endings)
                or (text[at] in alone and (at == 0 or not (text[at - 1].isalnum() or text[at - 1] == "_")))
            ) and (currency := currency_before.search(text, max(resume, digit - reach), digit)):
                amount = number_at.match(text, digit)
                yield currency.start(), amount.end(), currency["cur"], amount["num"], amount["scale"], None
                resume = amount.end()
    return scan


# What stands between a number's groups of thousands.
GROUP_SEPARATORS = str.maketrans("", "", ", \u00a0\u202f")


# One group of thousands set apart by a full stop, with no scale word: "933.000 euro" is 933,000
# (no sum of money is written to a thousandth; "€1.016 billion" has a scale and stays a decimal).
ONE_DOTTED_GROUP = re.compile(r"[1-9]\d{0,2}\.\d{3}")


def _amount(number: str, scale: float) -> float:
    if not number[0].isdigit():
        return float(chinese_integer(number) * Decimal(repr(scale)))
    # Exact arithmetic: "213.14 crore" is exactly 2131400000, not 2131399999.9999998.
    # (NUMBER_DOTTED, whose comma is a decimal one, or one dotted group without a scale)
    if number.count(".") > 1 or (scale == 1.0 and ONE_DOTTED_GROUP.fullmatch(number)):
        number = number.replace(".", "").replace(",", ".")
    number = number.translate(GROUP_SEPARATORS)
    # A number of one part: the quotient of integers 21314 × 10⁷ / 10², which Python rounds
    # once from its exact value, gives the float of the (exact) Decimal product, in half the time.
    whole, _, fraction = number.partition(".")
    if (digits := whole + fraction).isdecimal() and len(digits) <= 15 and scale.is_integer():
        return int(digits) * int(scale) / 10 ** len(fraction)
    mark = next((mark for mark in TWO_PARTS if mark in number), None)  # "27亿3000万元": 27 × 10⁸ + 3000 × 10⁴
    high, number = number.split(mark) if mark else ("0", number)
    return float(_with_thousands(high) * _exact(TWO_PARTS.get(mark, 0.0)) + _with_thousands(number) * _exact(scale))


def _with_thousands(number: str) -> Decimal:
    """A number that may hold a 千 ("1千300" is 1300, "5千" 5000)."""
    thousands, _, rest = number.rpartition("千")
    return Decimal(thousands or 0) * 1000 + Decimal(rest or 0)


@functools.cache
def _exact(scale: float) -> Decimal:
    """A scale as the decimal it is written as ("crore" is 10⁷ exactly), made once per scale."""
    return Decimal(repr(scale))


def find_money(text: str, chinese_context: bool, place: str | None = None, named_place: str | None = None) -> list[dict]:
    """Every amount of money in ``text`` as {amount, currency, text, start, end}, in order.

    ``place`` is where the coverage's authorities all are, if in one place: it says what a
    bare "$" is (and a bare 元 or "pesos": a peso with no place is left out, not guessed).
    ``named_place``, the one country the text names, says it for the other local forms
    ("dirhams" in a Moroccan story) where no authority does."""
    return _find_money(text, chinese_context, lambda: (place, named_place))


def _find_money(text: str, chinese_context: bool, places: Callable[[], tuple[str | None, str | None]]) -> list[dict]:
    """``find_money``, asking ``places()`` for its ``place`` and ``named_place`` once, when it
    finds a local currency: half the texts have no amount, and finding the places costs 6 µs."""
    patterns = money_patterns()
    known_places: tuple[str | None, str | None] | None = None
    found: list[dict] = []
    taken: list[range] = []
    # (a currency written after the number wins over a code before it: "fined AMD 10 million euros")
    for form in ("zh", "suffix", "words", "prefix"):
        scan, currencies, scales = patterns[form]
        for start, end, key, number, scale_word, pre in scan(text):
            if any(start in span or end - 1 in span for span in taken):
                continue
            key = currency_key(key)
            currency = currencies.get(key)
            if currency == "JPY_OR_CNY":  # ¥ is the yen in Japan and the yuan in China
                currency = "CNY" if chinese_context else "JPY"
            elif key == "元" and pre:
                currency = patterns["zh_prefixes"][pre]
            elif (local := patterns["local"].get(key)) is not None:  # "$", 元, "pesos"
                known_places = known_places or places()
                place, named = known_places
                where = place or (named if key not in patterns["local_by_authority"] else None)
                currency = local.get(where, local.get("default"))
            scale = scales.get(scale_word.lower() if form != "zh" else scale_word, 1.0) if scale_word else 1.0
            amount = _amount(number, scale)
            if not currency or amount <= 0 or amount > MAX_AMOUNT:
                continue
            found.append({"amount": amount, "currency": currency, "text": text[start:end].strip(" -"),
                          "start": start, "end": end})
            taken.append(range(start, end))
    return sorted(found, key=lambda m: m["start"])


def authorities_place(doc: Doc, kb: KnowledgeBase) -> str | None:
    """The one place all the doc's authorities are in (the KB's, and the public bodies
    ``gatewatch_bodies`` placed), if there is one: a bare "$" there is the local dollar
    ("ordered to pay $55 million" in Australia), "dirhams" Morocco's in Morocco."""
    places = {kb.entities[m["entity_id"]].jurisdiction for m in doc.user_data[MENTIONS] if m["family"] == "authority"}
    places.update(body["jurisdiction"] for body in doc.user_data.get(BODIES) or ())
    return places.pop() if len(places) == 1 else None


def named_place(doc: Doc, kb: KnowledgeBase) -> str | None:
    """The one place the doc names ("Moroccan operator Inwi"), if it names one."""
    places = {kb.entities[m["entity_id"]].jurisdiction for m in doc.user_data[MENTIONS] if m["family"] == "place"}
    return places.pop() if len(places) == 1 else None


class MoneyFinder(BatchedComponent):
    def __init__(self, kb: KnowledgeBase, model: FineModel | None) -> None:
        self.kb, self.model = kb, model
        money_patterns(), fine_patterns()  # compiled with the pipeline, not on its first doc

    def __call__(self, doc: Doc) -> Doc:
        text, matching = doc_text(doc), matching_text(doc)
        found = _find_money(matching, doc.lang_ == "zh",
                            lambda: (authorities_place(doc, self.kb), named_place(doc, self.kb)))
        if matching is not text:  # amounts as written, not as folded for matching
            for mention in found:
                mention["text"] = text[mention["start"]:mention["end"]].strip(" -")
        doc.user_data[MONEY] = classify_money(doc, found, self.model)
        doc.user_data[TURNOVER_SHARES] = [
            {"percent": float(m.group("pct")), "text": text[m.start():m.end()], "start": m.start(), "end": m.end()}
            for scan in money_patterns()["shares"]
            for m in scan(matching)
        ]
        return doc


@Language.factory("gatewatch_money")
def make_money(nlp: Language, name: str) -> MoneyFinder:
    return MoneyFinder(load_kb(), load_fine_model())
