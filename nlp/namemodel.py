"""A learned reading of capitalised names in English text: which ones are companies the KB does
not know, trained on the gold set's dev split.

The rules find such companies where a legal form, a kind of company or a list with a known
company vouches for them (``components/orgs.py``, ``orgs_context.py``). Most of the rest are
named bare ("Thoma Bravo agreed to buy Cambridge-based cybersecurity company Darktrace"). This
model reads every run of capitalised words no other component has claimed (a KB entity, a
place, a public body, a company found by the rules): the words just before and after it, its
own words, its shape, whether it stands in the lead or opens a sentence, how often the
text repeats it, whether its last word recurs alone (as a person's surname does), and whether
it opens with a common given name (``kb/given_names.txt``). Those it
gives a probability of at least ``THRESHOLD`` are listed as companies.

Why: cross-validated on the dev split and on the holdout split, never trained on, it finds
more of the companies the gold set lists than it adds wrong ones (see docs/tag.md).

``gatewatch train`` writes ``models/names.json``; ``load_name_model`` reads it.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Container, Iterable
from itertools import accumulate
from pathlib import Path
from typing import NamedTuple

from gatewatch.nlp.components.orgs import DESCRIBING_WORD, FORMS_FILE, describes, load_forms, one_word_amount
from gatewatch.nlp.components.orgs_context import POSSESSIVE
from gatewatch.nlp.components.money import MONEY_FILE, money_patterns
from gatewatch.nlp.logistic import GramModel, fit_grams

MODEL_FILE = Path(__file__).parent / "models" / "names.json"
GIVEN_NAMES_FILE = Path(__file__).parent / "kb" / "given_names.txt"
# The rest of a word of a name: inner dots, ampersands and hyphens ("Booking.com", "AT&T",
# "Trans-cab"). (Runs of the class between dots, not a star over "class or dot": the engine
# then tries no branch per character, and a run's regex scan takes a third less.)
WORD_REST = r"[\w'’&+\-]*(?:\.(?=\w)[\w'’&+\-]*)*"
# A word of a name after its first: a capital or a digit first, or a few lower-case letters
# before a capital ("eBay", "iSIGHT").
NAME_WORD = rf"(?:[A-Z0-9]{WORD_REST}|[a-z]{{1,3}}[A-Z]{WORD_REST})"
NUMBER = re.compile(r"[\d.,]+")
DIGIT, INNER_CAPITAL = re.compile(r"\d"), re.compile(r"[a-z][A-Z]")
# A word led by a few lower-case letters before a capital ("beIN", "eBay") right before a run:
# the run's first word (the run's pattern opens on a capital, for speed).
LOWER_LED_OPENING = re.compile(r"(?<![\w'’.\-])[a-z]{1,3}[A-Z][\w'’&+\-]* \Z")
# The rest of a word from a capital after a lower-case letter, to the space after it: where such
# an opening can end. The run scan takes it as its other branch (at such a capital no run starts,
# and where a run takes the word in, no run starts after it), so one scan of the text finds both,
# and only a run starting where such a word ends is looked back from (a look-back before every
# run cost a fifth of the scan; a scan of its own, a tenth of the candidate search).
INNER_CAPITAL_WORD_END = r"(?<=[a-z][A-Z])[\w'’&+\-]* "
# What the model reads of a name that opens a longer one in the text (never listed itself).
LONGER = "longer name in text"
# Words the model reads around a name: lower-cased runs of letters or digits, and punctuation.
CONTEXT_WORD = re.compile(r"[\w'’&+\-]+|[^\w\s]")
# How far (characters) before and after a name its two context words are looked for (two words
# fit in nearly always; a wider window costs a quarter of the model's time for nothing).
CONTEXT_REACH = 30
# The words around a name the model also reads as a bag on either side ("spectrum holder",
# "acquisition of", "a subsidiary of"), beyond the two words next to it: six words within 60
# characters (five-fold cross-validation on the dev split, see docs/tag.md).
BAG_WORD = re.compile(r"[\w'’&+\-]+")
BAG_WORDS, BAG_REACH = 6, 60
# The context words as they read an ASCII text, under re.ASCII (``\w`` by table, not Unicode's:
# a fifth faster), where Unicode's ``\s`` also takes \x1c-\x1f.
ASCII_CONTEXT_WORD = re.compile(r"[\w'&+\-]+|[^\w\s\x1c-\x1f]", re.ASCII)
# What blanks out all but the bag words of an ASCII text (``_ascii_texts``).
ASCII_NOT_BAG_WORD = str.maketrans({chr(c): " " for c in range(128) if not BAG_WORD.fullmatch(chr(c))})
SENTENCE_OPENING = re.compile(r"(?:\A|[.!?:\n\"“]\s*)\Z")
# A gram seen in fewer training names than this is left out.
MIN_NAMES = 2
# Inverse regularisation strength, and the probability a name needs: chosen by five-fold
# cross-validation on the dev split (see docs/tag.md).
C = 1.0
THRESHOLD = 0.7


class Candidate(NamedTuple):
    start: int
    end: int
    name: str


@functools.cache
def name_data() -> tuple[re.Pattern[str], frozenset[str], frozenset[str]]:
    """The pattern of a run of capitalised words or of a word's end after an inner capital (the
    one match that ends in a space), the words that open a phrase rather than a name, and the
    legal forms (a form alone, "GmbH" after a lower-case name, names nothing): the legal-form
    recogniser's ``joiners``, ``not_name`` and forms (``kb/legal_forms.yaml``)."""
    latin = load_forms()["latin"]
    joiners = "|".join(map(re.escape, latin["joiners"]))
    # (led by a capital or a digit, and tested for the character before it only then: a
    # pattern that opens with a character class is scanned for in C, twice as fast as one that
    # opens with a look-behind. A lower-case-led first word, "eBay", is a KB alias or rare.)
    run = re.compile(rf"[A-Z0-9](?:(?<![\w'’.\-].){WORD_REST}(?: (?:(?:{joiners}) )*{NAME_WORD})*"
                     rf"|{INNER_CAPITAL_WORD_END})")
    return run, frozenset(latin["not_name"]), frozenset(form.rstrip(".") for form in latin["kept"] + latin["dropped"])


@functools.cache
def given_names(path: Path = GIVEN_NAMES_FILE) -> frozenset[str]:
    """Common given names (``kb/given_names.txt``): a run that opens with one is more likely a person."""
    return frozenset(line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#"))


@functools.cache
def amount_openers() -> tuple[frozenset[str], re.Pattern[str], re.Pattern[str]]:
    """The currency codes written before a number ("UAH", "NIS": ``kb/money.yaml``); what goes on
    after a number that makes it an amount or a share (more digits, a scale word, a per cent);
    and a currency written before a number, with the number ("Rs.274", "R449", "NT$1,248")."""
    patterns = money_patterns()
    currencies, (_, _, scales) = patterns["prefix_written"], patterns["prefix"]
    codes = frozenset(c for c in currencies if c.isalpha() and c.isupper() and len(c) > 1)
    words = "|".join(map(re.escape, scales))
    lettered = "|".join(map(re.escape, sorted((c for c in currencies if c[0].isalpha()), key=len, reverse=True)))
    return (codes, re.compile(rf"[.,]\d|[\s-]*(?i:{words})\b|\s?(?:%|per ?cent\b)"),
            re.compile(rf"(?:{lettered})\d[\d.,]*+(?![\w'’&+\-$])"))


def _before_amount(words: list[str], text: str, end: int) -> list[str]:
    """The words of a run that ends at ``end`` up to an amount or a share it runs into: a
    currency code before a number ("Kyivstar UAH 54" of "UAH 54 million"), a currency with its
    number ("Binani Rs.167.32", "Rubycon NT" of "NT$1,248,000,000"), or a number the text goes on
    as an amount or a share ("MegaFon 737" of "737,500 roubles", "Coles 29" of "Coles 29%")."""
    codes, amount_goes_on, currency_amount = amount_openers()
    for k in range(1, len(words) - 1):
        if words[k] in codes and words[k + 1][0].isdigit():
            return words[:k]
    if len(words) > 1 and currency_amount.match(text, end - len(words[-1])):
        return words[:-1]
    if len(words) > 1 and NUMBER.fullmatch(words[-1]) and amount_goes_on.match(text, end):
        return words[:-2] if words[-2] in codes else words[:-1]
    return words


def candidates(text: str, taken: list[tuple[int, int]],
               not_names: Container[str] = frozenset()) -> tuple[list[Candidate], dict[str, int]]:
    """Runs of capitalised words in ``text`` outside the ``taken`` spans, trimmed of the words
    that open a phrase, of describing words at either end and of a possessive, and none that is
    one of ``not_names`` (places); and how often each run, trimmed so, stands in the text
    (inside taken spans too)."""
    run, opening_words, forms = name_data()
    amount_word = one_word_amount()
    starts, furthest = _span_reach(taken)
    found, seen = [], {}
    opening_end = -1
    for match in run.finditer(text):
        start, end = match.span()
        if text[end - 1] == " ":  # (no run: where a word with an inner capital ends)
            opening_end = end
            continue
        if start == opening_end and (opening := LOWER_LED_OPENING.search(text, max(0, start - 16), start)):
            start = opening.start()
        name = text[start:end]
        # (inside a taken span: one starts at or before it and reaches its end; most runs, a KB
        # entity's name. The bisections are written out here: as calls, they cost a tenth of the search.)
        if ((up_to := bisect_right(starts, start)) and furthest[up_to - 1] >= end) or name in not_names:
            seen[name] = seen.get(name, 0) + 1
            continue
        amount = False
        marked = "-" in name or "'" in name or "’" in name
        if marked or " " in name:  # (most runs are one plain word)
            words = name.split(" ")
            if DIGIT.search(name) or text.startswith("$", end):  # ("Rubycon NT" of "NT$1,248,000,000")
                amount = amount_word.search(name) is not None  # ("P69.1-billion")
                words = _before_amount(words, text, end)
            while words and words[0] in opening_words:
                start += len(words.pop(0)) + 1
            # (a person's company after their name: "Alex Davis of Disruptive Technology Advisers")
            if "of" in words and 1 < (k := words.index("of")) <= 3 and any(w in given_names() for w in words[:k - 1]):
                start += sum(len(word) + 1 for word in words[:k + 1])
                words = words[k + 1:]
            # (the regexes only where a hyphen or an apostrophe could make them match)
            while marked and words and DESCRIBING_WORD.search(words[-1]):
                words.pop()
            # (the name is after the last word that describes or owns it, as for the legal-form
            # recogniser: "Cambridge-based Darktrace", "Singapore's PayNow")
            described = marked and [k for k, word in enumerate(words[:-1]) if describes(word)]
            if described:
                start += sum(len(word) + 1 for word in words[:described[-1] + 1])
                words = words[described[-1] + 1:]
            name = " ".join(words)
            if "'" in name or "’" in name:
                name = POSSESSIVE.sub("", name)
        elif name in opening_words:
            name = ""
        seen[name] = seen.get(name, 0) + 1
        end = start + len(name)
        if (name and not amount and not (name[0].isdigit() and NUMBER.fullmatch(name))
                and name.rstrip(".") not in forms and name not in not_names
                # (overlapping no taken span: none starting before its end reaches past its start)
                and not ((before := bisect_left(starts, end)) and furthest[before - 1] > start)):
            found.append(Candidate(start, end, name))
    return found, seen


def _span_reach(spans: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """The starts of ``spans`` in order, and the furthest end among the spans up to each: a
    bisection over the starts tells whether a stretch of text overlaps a span or lies inside one."""
    spans = sorted(spans)
    return [start for start, _ in spans], list(accumulate((end for _, end in spans), max))


def openings(names: Iterable[str]) -> set[str]:
    """The word-prefixes of ``names`` ("Omnicom" of "Omnicom Group")."""
    found = set()
    for name in names:
        while (cut := name.rfind(" ")) != -1:  # (cut back a word at a time: no words split and joined)
            name = name[:cut]
            found.add(name)
    return found


def name_grams(text: str, candidate: Candidate, seen: dict[str, int], longer: set[str], lead_end: int) -> list[str]:
    """What the model reads of ``candidate`` in ``text``; ``seen`` counts the runs of the text
    (``candidates``), ``longer`` holds what opens a longer name in it (``openings``)."""
    start, end, name = candidate
    if text.isascii():
        # (the words of the lower-cased text are the lower-cased words; its bag words are a
        # slice of its words text split, no further than they are read: a fifth of the time
        # of a scan)
        lowered, words_text = _ascii_texts(text)
        before = ASCII_CONTEXT_WORD.findall(lowered, max(0, start - CONTEXT_REACH), start)[-2:]
        after = ASCII_CONTEXT_WORD.findall(lowered, end, end + CONTEXT_REACH)[:2]
        near_before = words_text[max(0, start - BAG_REACH):start].rsplit(None, BAG_WORDS)[-BAG_WORDS:]
        near_after = words_text[end:end + BAG_REACH].split(None, BAG_WORDS)[:BAG_WORDS]
    else:
        before = [w.lower() for w in CONTEXT_WORD.findall(text, max(0, start - CONTEXT_REACH), start)[-2:]]
        after = [w.lower() for w in CONTEXT_WORD.findall(text, end, end + CONTEXT_REACH)[:2]]
        near_before = [w.lower() for w in BAG_WORD.findall(text, max(0, start - BAG_REACH), start)[-BAG_WORDS:]]
        near_after = [w.lower() for w in BAG_WORD.findall(text, end, end + BAG_REACH)[:BAG_WORDS]]
    words = name.split(" ")
    # (a name lower-cased whole is its words lower-cased: a space ends a final sigma's context too)
    lowered_words = name.lower().split(" ")
    grams = [f"before:{before[-1]}" if before else "before:^", f"after:{after[0]}" if after else "after:$",
             f"first:{lowered_words[0]}", f"last:{lowered_words[-1]}", f"words:{min(len(words), 4)}",
             f"ending:{words[-1][-3:].lower()}", f"repeated:{min(seen.get(name, 0), 3)}",
             "in lead" if start < lead_end else "in body"]
    grams += [f"word:{word}" for word in lowered_words]
    grams += [f"near before:{w}" for w in near_before]
    grams += [f"near after:{w}" for w in near_after]
    if len(before) == 2:
        grams.append(f"before:{before[0]} {before[1]}")
    if len(after) == 2:
        grams.append(f"after:{after[0]} {after[1]}")
    if SENTENCE_OPENING.search(text, max(0, start - 3), start):
        grams.append("opens sentence")
    if name.isupper():
        grams.append("capitals")
    if DIGIT.search(name):
        grams.append("digit")
    if INNER_CAPITAL.search(name):
        grams.append("inner capital")
    if f" {lowered_words[0]} " in text:
        grams.append("also a lower-case word")
    if len(words) > 1 and words[-1] in seen:
        grams.append("last word alone")  # (a person named again by surname)
    if len(words) > 1 and words[0] in seen:
        grams.append("first word alone")
    if words[0] in given_names():
        grams.append("given name first")
    if name in longer:
        grams.append(LONGER)
    return grams


@functools.lru_cache(maxsize=1)
def _ascii_texts(text: str) -> tuple[str, str]:
    """An ASCII ``text`` lower-cased, and that with all but its bag words blanked out: the words
    of any slice of it are the bag words of that slice of ``text`` (once per doc)."""
    lowered = text.lower()
    return lowered, lowered.translate(ASCII_NOT_BAG_WORD)


class NameModel(GramModel):
    # (the logit a probability of THRESHOLD is: compared without the exponential)
    FLOOR = -math.log(1 / THRESHOLD - 1)

    def is_company(self, grams: list[str]) -> bool:
        return self.logit(grams) >= self.FLOOR


def train_on_gold(items: list[dict]) -> dict:
    """A model trained on the English gold items given (``gatewatch train`` gives the dev split):
    each candidate name the pipeline leaves unclaimed, and whether the gold lists it."""
    from gatewatch.nlp.components.names import reading  # (the pipeline, loaded only to train)
    from gatewatch.nlp.tag import parsed_docs

    english = [item for item in items if (item.get("language") or "en") == "en"]
    examples = [(grams, candidate.name in {c["name"] for c in item["gold"]["companies"]})
                for item, doc in zip(english, parsed_docs(english))
                for candidate, grams in reading(doc)]
    weights, bias = fit_grams(examples, C, MIN_NAMES)
    return {"weights": weights, "bias": bias, "trained_on": training_digest(english)}


@functools.cache
def load_name_model(path: Path = MODEL_FILE) -> NameModel | None:
    """The shipped model, read once; None when there is none (no names are read)."""
    return NameModel(json.loads(path.read_text(encoding="utf-8"))) if path.is_file() else None


def training_digest(items: list[dict], forms_file: Path = FORMS_FILE, money_file: Path = MONEY_FILE,
                    given_names_file: Path = GIVEN_NAMES_FILE) -> str:
    """A fingerprint of what a model is trained on: the word lists and currency codes its runs
    are cut with, the given names it reads, and the ids and companies of the training items."""
    digest = hashlib.sha256(forms_file.read_bytes() + money_file.read_bytes() + given_names_file.read_bytes())
    companies = sorted((item["id"], sorted(c["name"] for c in item["gold"]["companies"])) for item in items)
    digest.update(json.dumps(companies, ensure_ascii=False).encode())
    return digest.hexdigest()
