"""Companies the KB does not know, recognised by what the text says around them (English).

Two contexts name a company as surely as a legal form does:

- **A list with a known company in it.** "Hachette, Penguin, Apple and Macmillan", "rivals
  including Lazada, Bukalapak and Blibli": in a list of three or more names where one is a KB
  company's mention and none is an authority's or a place's, the other names are companies too.
  (Two names are not enough: "Apple and Tim Cook".)
- **A kind of company right before the name** ("retailer Marks Electrical", "start-up Flink",
  "rival Strictly Tickets"), or a deal ("acquisition of Propel Media", "acquire Kyero"): the
  words are ``heads`` in ``kb/legal_forms.yaml``. So is a buyer ("IQVIA's acquisition of …"),
  and a company bought named between its buyer and the deal ("PayU's $4.7 billion BillDesk
  purchase").

A name found this way goes through the same checks as one before a legal form (see
``orgs.py``): words opening a phrase are trimmed, and names holding an authority's or a law's
word, places and KB companies are left out. Names that start with a digit or an amount, or
that are words used as adjectives ("rival AI developers": ``attributive``), are no names, and
neither is one word that is the surname of a person the text names in full ("Yost's bid" beside
"Dave Yost").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from gatewatch.nlp.components.literals import LiteralScan

# A list's items: three or more, one of them a KB company's.
LIST_MIN = 3
# How far before a known company a list may start.
LIST_REACH = 80
SEPARATOR = r"(?:, (?:and |or )?|,? (?:and|or) |; )"
SEPARATORS = (", ", " and ", " or ", "; ")  # (cheap tests before the regexes)
SENTENCE_END = re.compile(r"\.(?= [A-Z])")
POSSESSIVE = re.compile(r"['’]s?\Z")
# What stands inside a word, never after a name: the name found ends in the middle of a word.
CUT_WORD = frozenset("!@#*/=_")
# Amounts and version numbers are no names ("Rp202.5", "R1.6bn", "tvOS 14.5", "iPhone 6s").
NUMBER = re.compile(r"[A-Za-z]{0,3}\$?\d+(?:[.,]\d+)*(?:bn|mn|tn|m|k)?")
# Shorter names are letters from a model's name ("iPhone SE").
NAME_MIN = 3
# What a name after a kind of company starts with.
NAME_INITIALS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")

# A capitalised word and the one after it ("Dave Yost"): a person's name where the first is a
# given name (read overlapping: "General Dave Yost"), and neither is a month ("April Flipboard said").
WORD_PAIR = re.compile(r"\b([A-Z][a-z]+) (?=([A-Z][\w'’-]+))")
MONTHS = frozenset(["January", "February", "March", "April", "May", "June", "July", "August", "September",
                    "October", "November", "December"])

Trim = Callable[[str, int, int], tuple[int | None, int]]


def surnames(runs: Iterable[str]) -> set[str]:
    """The surnames of the people named in full among ``runs`` of capitalised words ("Yost" of
    "Ohio Attorney General Dave Yost's"): the last word, after a given name."""
    from gatewatch.nlp.namemodel import given_names  # (namemodel imports this module's package)

    given = given_names()
    return {POSSESSIVE.sub("", words[-1]) for words in (run.split(" ") for run in runs if " " in run)
            if words[-2] in given and not {words[-2], words[-1]} & MONTHS}


def word_pairs(text: str) -> list[str]:
    """Each capitalised word of ``text`` with the one after it ("General Dave", "Dave Yost's")."""
    return [f"{first} {second}" for first, second in WORD_PAIR.findall(text)]


class ContextNames:
    def __init__(self, name_word: str, joiners: str, forms: dict, currencies: frozenset[str]) -> None:
        name = rf"{name_word}(?: (?:(?:{joiners}) )*{name_word}){{0,4}}"
        self.item = re.compile(name)
        self.next_item = re.compile(rf"(?P<sep>{SEPARATOR})(?P<name>{name})")
        self.item_before = re.compile(rf"(?<![\w'’.\-])(?P<name>{name})(?P<sep>{SEPARATOR})\Z")
        # A kind of company between spaces.
        self.heads = frozenset(f" {head} " for head in forms["heads"])
        # The buyer in "IQVIA's acquisition of …", "4iG's planned purchase of …": the deal is
        # found first (a scan led by the apostrophe), then the name ending before it.
        self.deal = re.compile(rf"['’]s (?P<between>(?:[\w$€£.-]+ ){{0,3}}?)(?:{'|'.join(forms['deals'])})\b")
        self.deal_words = frozenset(forms["deals"])  # (most texts hold none: no scan for apostrophes then)
        self.literals = LiteralScan(sorted(self.heads | self.deal_words))  # (both found in one pass)
        self.name_ending = re.compile(rf"(?<![\w'’.\-])(?P<name>{name})\Z")
        self.attributive = frozenset(forms["attributive"])
        self.descriptive = re.compile(rf"-(?:{'|'.join(forms['descriptive'])})\Z")
        self.legal_forms = frozenset(form.rstrip(".") for form in forms["kept"] + forms["dropped"])
        self.currencies = currencies  # (written before an amount: "R$", "Rs", "PLN")
        # An abbreviated form ending a name found so is left out, as before a legal form
        # ("acquisition of Shaw Communications Inc" is Shaw Communications).
        self.dropped_form = re.compile(rf",? (?:{'|'.join(map(re.escape, forms['dropped']))})\.?\Z")

    def find(self, text: str, mentions: list[dict], trim: Trim) -> list[tuple[int, int]]:
        """(start, end) of each name found in ``text``; ``mentions`` are the linker's, ``trim``
        is the legal-form recogniser's check of a name's start."""
        present = self.literals.present(text)
        spans = [(start, end) for start, end in self._listed(text, mentions) + self._after_heads(text, present) + self._buyers(text, present)
                 if not any(m["start"] < end and m["end"] > start for m in mentions)]
        found, people = [], None
        for start, end in spans:
            if not text[start].isalpha():
                continue
            if text[end:end + 1] in CUT_WORD:  # (a word cut short: "Fritz" of "Fritz!Box")
                continue
            name = POSSESSIVE.sub("", SENTENCE_END.split(text[start:end], 1)[0]).rstrip(".")
            end = start + len(self.dropped_form.sub("", name))
            start, end = trim(text, start, end)
            if start is None or start >= end:
                continue
            words = text[start:end].split()
            # A name starts after an amount ("Lesaka's R1.6bn Adumo takeover") and ends before one
            # ("fines Telkom R449 million", "fines Claro R$ 30 million").
            while words and self._currency_led(words[0]):
                start += len(words.pop(0)) + 1
            amount = next((i for i, word in enumerate(words) if self._currency_led(word)), len(words))
            words = words[:amount]
            name = " ".join(words)
            end = start + len(name)
            if (len(name) < NAME_MIN or not text[start].isalpha() or words[0] in self.attributive or name in self.legal_forms
                    or any(NUMBER.fullmatch(w) or self.descriptive.search(w) for w in words)):
                continue
            if len(words) == 1:  # (a person named again by surname: "Yost's bid")
                people = surnames(word_pairs(text)) if people is None else people
                if name in people:
                    continue
            found.append((start, end))
        return found

    def _currency_led(self, word: str) -> bool:
        """Whether ``word`` is a currency written before an amount, or opens one ("R$", "R449", "RM10.3")."""
        digit = next((i for i, char in enumerate(word) if char.isdigit()), len(word))
        return word[:digit] in self.currencies and (digit == len(word) or NUMBER.fullmatch(word) is not None)

    def _listed(self, text: str, mentions: list[dict]) -> list[tuple[int, int]]:
        names: list[tuple[int, int]] = []
        others = [(m["start"], m["end"]) for m in mentions if m["family"] != "company"]
        read_up_to = -1  # (a list is read once, from whichever of its companies comes first)
        for mention in mentions:
            start, end = mention["start"], mention["end"]
            # (a separator right before or after it, or its item going on: "Google| Korea, …")
            if mention["family"] != "company" or start < read_up_to or not (
                text.endswith(SEPARATORS, 0, start) or text.startswith(SEPARATORS, end)
                or (text[end:end + 1] == " " and text[end + 1:end + 2].isupper())
            ):
                continue
            items = self._list_around(text, start)
            read_up_to = items[-1][1]
            if len(items) >= LIST_MIN and not any(
                o_start < i_end and o_end > i_start for i_start, i_end in items for o_start, o_end in others
            ):
                names += items
        return names

    def _list_around(self, text: str, start: int) -> list[tuple[int, int]]:
        """The items of the list whose item starts at ``start`` (that item alone if none)."""
        item = self.item.match(text, start)
        items = self._rest_of_list(text, [(start, item.end() if item else start)])
        while text.endswith(SEPARATORS, 0, items[0][0]) and (
            before := self.item_before.search(text, max(0, items[0][0] - LIST_REACH), items[0][0])
        ) is not None:
            # ("and" stands only before a list's last item)
            if "\n" in before.group() or (len(items) > 1 and ("and" in before["sep"] or "or" in before["sep"])):
                break
            items.insert(0, before.span("name"))
        return items

    def _buyers(self, text: str, present: set[str]) -> list[tuple[int, int]]:
        """The buyer in "IQVIA's acquisition of …", and the bought where the deal word follows
        its name ("PayU's $4.7 billion BillDesk purchase", "Just Eat's Hungryhouse takeover")."""
        if self.deal_words.isdisjoint(present):
            return []
        names = []
        for deal in self.deal.finditer(text):
            if (buyer := self.name_ending.search(text, max(0, deal.start() - LIST_REACH), deal.start())) is not None:
                names.append(buyer.span("name"))
            if (bought := self.name_ending.search(text, deal.start("between"), deal.end("between") - 1)) is not None:
                names.append(bought.span("name"))
        return names

    def _after_heads(self, text: str, present: set[str]) -> list[tuple[int, int]]:
        """The names after a kind of company, with the rest of their list ("operators Vumatel
        and Dark Fibre Africa")."""
        # (where a head is followed by a capital or a digit: "retailer Marks Electrical")
        name_starts = sorted(at + len(head) for head in present & self.heads for at in self.literals.places(text, head))
        return [span for start in name_starts if text[start:start + 1] in NAME_INITIALS
                and (item := self.item.match(text, start)) is not None
                for span in self._rest_of_list(text, [item.span()])]

    def _rest_of_list(self, text: str, items: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """``items`` and the items after them, up to the one after "and" or "or"."""
        while text.startswith(SEPARATORS, items[-1][1]) and (
            after := self.next_item.match(text, items[-1][1])
        ) is not None:
            items.append(after.span("name"))
            if "and" in after["sep"] or "or" in after["sep"]:
                break
        return items
