"""Companies the KB does not know, recognised by what Chinese text says around them.

Chinese has no capitals to mark a name, so only contexts that delimit one are read:

- **A 、 list with a known company in it** ("哈啰、青桔、美团、怪兽、小电"): in a list of three or
  more items where one item is exactly a KB company's mention (a company's, not a product's or a
  service's) and none is an authority's or a place's, the others are companies too, but for a
  kind of company ("供货商"). An item between two 、 is whole; the first runs back to
  punctuation or to a word that opens a name (``before_name``: "包括"), and the last runs on to
  punctuation, to a word that closes the list ("等", a count) or to one that opens a name
  ("起诉"); "及", "和" or "与" part the last two items ("群健及吉元"). A Latin name against
  Chinese is the item ("邀请PTT", "UC平台").
- **A Latin-script name right after a kind of company** ("外送平台foodomo", "开发商MacPaw",
  "收单机构Bc card"): the kinds are ``heads``; a word used as an adjective ("AI") is none.

Each name found goes through the same checks as one before a legal form (``orgs._unknown``):
one that is or holds a KB company's or an authority's name is left out.
"""

from __future__ import annotations

import itertools
import re

from gatewatch.nlp.components.literals import trie_alternation

# Where a list item or a Latin name ends.
BOUNDARY = "，。：；！？“”「」『』《》（）()\\[\\]【】、,.;:!?\"'\\s"
# (a space only between Latin words: "Google International LLC")
ITEM = re.compile(f"(?:[^{BOUNDARY}]|(?<=[A-Za-z0-9]) (?=[A-Za-z0-9]))+")
ITEM_BEFORE = re.compile(f"{ITEM.pattern}\\Z")
# A bracketed aside after an item ("英国电讯香港（BT）、…") is skipped.
ASIDE = re.compile(r"[（(][^（()）]{1,20}[)）]")
# An item longer than this is a phrase; an outer item (first or last) is held shorter, as
# nothing but punctuation or a word marks where it starts or ends.
ITEM_MAX = 12
OUTER_MAX = 8
NAME_MIN = 2
LIST_MIN = 3
# What parts the last two items of a list.
LAST_JOINER = re.compile("以及|及|和|与")
# What ends the last item: a word that closes the list, a count ("吉元5家").
LIST_CLOSER = re.compile(r"等|各|均|分别|共|都|也|已|将|被|在|于|为|向|对|的|[一二三四五六七八九十两几多]+[家款个名]|\d")
# A Latin name: words of letters and digits ("I Squared Capital", "1O1O", "Bc card").
LATIN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9&'’.+\-]*(?: [A-Za-z0-9&][A-Za-z0-9&'’.+\-]*)*")
LATIN_ENDING = re.compile(f"(?:{LATIN_NAME.pattern})\\Z")


class ChineseContextNames:
    def __init__(self, forms: dict, companies: frozenset[str], not_latin_name: frozenset[str],
                 legal_forms: frozenset[str]) -> None:
        self.companies = companies
        # (words of one character open a name too often inside another: 其 of 土耳其)
        self.opening = re.compile(trie_alternation([word for word in forms["before_name"] if len(word) > 1]))
        # A kind of company is no item's name ("雅虎、富邦媒体及供货商").
        self.kinds = frozenset([*forms["before_name"], *forms["heads"]])
        self.not_name = tuple(forms["not_name"])
        self.anonymised = tuple(forms["anonymised"])
        self.heads = re.compile(f"(?:{trie_alternation(forms['heads'])})(?=[A-Za-z0-9])")
        self.not_latin_name = not_latin_name
        self.legal_forms = legal_forms

    def find(self, folded: str, mentions: list[dict]) -> list[tuple[int, int]]:
        """(start, end) of each name found in ``folded`` (the text in simplified characters);
        ``mentions`` are the linker's."""
        spans = dict.fromkeys(self._listed(folded, mentions) + self._after_heads(folded))
        return [(start, end) for start, end in spans if end - start >= NAME_MIN
                and any(char.isalpha() for char in folded[start:end])  # (no count: "239")
                and not folded.startswith(self.not_name, start)
                and not any(word in folded[start:end] for word in self.anonymised)]

    def _listed(self, text: str, mentions: list[dict]) -> list[tuple[int, int]]:
        companies = {(m["start"], m["end"]) for m in mentions if m["family"] == "company"}  # (products too)
        # (an authority or a place as an item, or inside one, makes it a list of another kind;
        # one that is only part of an item is part of a name: 谷歌土耳其公司)
        others = [(m["start"], m["end"]) for m in mentions if m["family"] != "company"]
        names, read_up_to = [], -1
        # (a company's, not a product's: a product's list is often of features, 朋友圈、小程序)
        for start, end in sorted((m["start"], m["end"]) for m in mentions if m["entity_id"] in self.companies):
            if start < read_up_to or not (text.startswith("、", end) or text.endswith("、", 0, start)):
                continue
            items = self._list_around(text, start, end)
            read_up_to = items[-1][1]
            if len(items) >= LIST_MIN and not any(
                o_start <= i_start and i_end <= o_end for i_start, i_end in items for o_start, o_end in others
            ):
                names += [item for item in items if item not in companies and text[item[0]:item[1]] not in self.kinds]
        return names

    def _list_around(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """The items of the 、 list holding the item ``text[start:end]``."""
        items = [(start, end)]
        while True:  # on to the last item
            after = ASIDE.match(text, items[-1][1])
            at = after.end() if after else items[-1][1]
            if not text.startswith("、", at) or (item := ITEM.match(text, at + 1)) is None:
                break
            if not text.startswith("、", item.end()) and not ASIDE.match(text, item.end()):
                items += self._last_items(text, item.start(), item.end())
                break
            if item.end() - item.start() > ITEM_MAX:
                break
            items.append(item.span())
        while text.endswith("、", 0, items[0][0]):  # back to the first
            item = ITEM_BEFORE.search(text, max(0, items[0][0] - 1 - ITEM_MAX - 1), items[0][0] - 1)
            if item is None:
                break
            if text.endswith("、", 0, item.start()):
                items.insert(0, item.span())
                continue
            first = self._first_item(text, item.start(), item.end())
            if first:
                items.insert(0, first)
            break
        return items

    def _first_item(self, text: str, start: int, end: int) -> tuple[int, int] | None:
        """The list's first item, in the run ``text[start:end]`` before its first 、: after the
        last word in it that opens a name, or a Latin name ending it ("邀请PTT")."""
        cuts = [cut.end() for cut in self.opening.finditer(text, start, end) if cut.end() < end]
        start = max(cuts, default=start)
        latin = LATIN_ENDING.search(text, start, end)
        if latin is not None and latin.start() > start:
            return latin.start(), end
        return (start, end) if end - start <= OUTER_MAX else None

    def _last_items(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """The list's last item, or last two, in the run ``text[start:end]`` after its last 、."""
        if (joiner := LAST_JOINER.match(text, start)) is not None:  # ("、以及全盈支付")
            start = joiner.end()
        closers = [found.start() for pattern in (LIST_CLOSER, self.opening) if (found := pattern.search(text, start + 1, end))]
        end = min(closers, default=end)
        if end - start > OUTER_MAX + OUTER_MAX:
            return []
        joiner = LAST_JOINER.search(text, start + 1, end - 1)
        items = []
        for item_start, item_end in [(start, joiner.start()), (joiner.end(), end)] if joiner else [(start, end)]:
            # (a Latin name runs up to the Chinese after it: "UC平台遭…", "NHK合计…")
            latin = LATIN_NAME.match(text, item_start, item_end)
            if latin is not None and latin.end() < item_end and "\u4e00" <= text[latin.end()]:
                item_end = latin.end()
            if item_end - item_start <= OUTER_MAX:
                items.append((item_start, item_end))
        return items

    def _after_heads(self, text: str) -> list[tuple[int, int]]:
        """Latin names right after a kind of company, up to a legal form (whose name the
        legal-form recogniser reads)."""
        found = []
        for head in self.heads.finditer(text):
            name = LATIN_NAME.match(text, head.end())
            words = name.group().split(" ")
            words = list(itertools.takewhile(lambda word: word.rstrip(".,") not in self.legal_forms, words))
            if words and words[0] not in self.not_latin_name:
                found.append((name.start(), name.start() + len(" ".join(words))))
        return found
