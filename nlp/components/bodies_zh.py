"""Chinese names of public bodies for ``gatewatch_bodies``: a name ending in a head (法院,
检察署, 委员会, a ministry's 部 …), read from the head back over its qualifier, stem or core
to the places and administrative units before it ("西安市中级人民法院", "台湾高等检察署")."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from gatewatch.nlp.chinese import CHINESE_DIGITS

if TYPE_CHECKING:
    from gatewatch.nlp.components.bodies import Candidate, Places


class ChineseNames:
    def __init__(self, data: dict, places: Places) -> None:
        self.places = places
        courts, prosecutors = data["courts"], data["prosecutors"]
        self.court_heads = {head: sorted(group["qualifiers"], key=len, reverse=True)
                            for group in (courts, prosecutors) for head in group["heads"]}
        self.units = frozenset(data["units"])
        self.compound_units = sorted(data["compound_units"], key=len, reverse=True)
        # A court's number after its unit: "北京市第三中级人民法院".
        self.numbered = re.compile(f"第[{''.join(CHINESE_DIGITS)}十]{{1,2}}$")
        self.stop_chars = frozenset(data["stop_chars"])
        self.name_words_after_stops = tuple(data["name_words_after_stops"])
        self.not_name_openings = tuple(data["not_name_openings"])
        self.national_prefixes = tuple(data["national_prefixes"])
        self.committee_heads = data["committees"]["heads"]
        self.not_after = data["not_after"]
        self.max_core = data["max_core"]
        self.ministries = frozenset(stem + "部" for stem in data["ministry_stems"])
        stemmed = [*self.ministries, *(stem + head for head, stems in data["stemmed_heads"].items() for stem in stems)]
        # Every head, found by its last character: a few ``str.find`` calls and set lookups per
        # text, where a regex of all of them tries each position (10x slower).
        self.heads = frozenset({*stemmed, *self.court_heads, *self.committee_heads})
        self.head_lengths = sorted({len(head) for head in self.heads}, reverse=True)
        self.last_chars = "".join(sorted({head[-1] for head in self.heads}))

    def find(self, folded: str) -> list[Candidate]:
        """(start, end, None, False) of each name in a text folded to simplified characters."""
        found: list[Candidate] = []
        for head_start, end in self._heads(folded):
            head = folded[head_start:end]
            if head in self.court_heads:
                start = self._court_start(folded, head_start, self.court_heads[head])
            elif head in self.committee_heads:
                start = self._committee_start(folded, head_start)
            else:
                start = self._stemmed_start(folded, head_start)
            if start is None:
                continue
            if found and found[-1][1] == start and folded[found[-1][0]:start] in self._ministry_names(folded, found[-1]):
                found[-1] = (found[-1][0], end, None, False)  # "交通部" + "公路总局": one name
            else:
                found.append((start, end, None, False))
        return found

    def _heads(self, folded: str) -> list[tuple[int, int]]:
        """Where each head stands (the longest that ends at a place), in order."""
        ends = []
        for char in self.last_chars:
            at = folded.find(char)
            while at >= 0:
                ends.append(at + 1)
                at = folded.find(char, at + 1)
        found = []
        for end in sorted(ends):
            start = next((end - n for n in self.head_lengths if n <= end and folded[end - n:end] in self.heads), None)
            if start is None or (found and start < found[-1][1]):
                continue
            if end < len(folded) and any(folded.endswith(h, start, end) and folded[end] in chars
                                         for h, chars in self.not_after.items()):
                continue  # 部门, 委员会议, 交通委员会's 委 (its 委员会 is the head)
            found.append((start, end))
        return found

    def _ministry_names(self, folded: str, body: tuple) -> frozenset[str]:
        name = folded[body[0]:body[1]]
        return frozenset({name}) if any(name.endswith(m) for m in self.ministries) else frozenset()

    def _units_before(self, folded: str, end: int) -> int:
        """Where the places and administrative units ("江苏省", "北京市海淀区", "卢森堡") that
        end at ``end`` start."""
        start = end
        while start > 0:
            place = self.places.ending_at(folded, start)
            if place is not None:
                start = place.start()
                continue
            compound = next((unit for unit in self.compound_units if folded.endswith(unit, 0, start)), None)
            if compound is not None:
                at = start - len(compound)
                if self.places.ending_at(folded, at) is not None:
                    start = at
                    continue
                if at >= 2 and all(self._name_char(c) for c in folded[at - 2:at]):
                    start = at - 2
                    continue
            if folded[start - 1] in self.units and (place := self.places.ending_at(folded, start - 1)) is not None:
                start = place.start()  # (a known place and its unit: "上海市", whatever stands before)
                continue
            if folded[start - 1] in self.units and start >= 3 and all(self._name_char(c) for c in folded[start - 3:start - 1]):
                # A unit's name has two characters, or three where the one before them ends a word
                # or a unit ("石家庄市").
                longer = start >= 4 and self._name_char(folded[start - 4]) and (
                    start == 4 or not self._name_char(folded[start - 5]) or folded[start - 5] in self.units)
                start -= 4 if longer else 3
                continue
            break
        return start

    def _name_char(self, char: str) -> bool:
        return "\u4e00" <= char <= "\u9fff" and char not in self.stop_chars

    def _court_start(self, folded: str, head_start: int, qualifiers: list[str]) -> int | None:
        """A court or prosecutor's office after a place or unit, with a qualifier or after a unit:
        "西安市中级人民法院", "台湾高等检察署", "卢森堡行政法庭" (not "台湾法院", "一审法院")."""
        qualified = next((q for q in qualifiers if folded.endswith(q, 0, head_start)), "")
        if qualified and (number := self.numbered.search(folded, max(0, head_start - len(qualified) - 3),
                                                         head_start - len(qualified))):
            qualified = folded[number.start():head_start]  # (its number is part of it: "第三中级人民")
        start = self._units_before(folded, head_start - len(qualified))
        if start == head_start - len(qualified):
            return None
        if not qualified and folded[head_start - 1] not in self.units:
            return None
        return start

    def _stemmed_start(self, folded: str, stem_start: int) -> int | None:
        """A ministry or bureau named by its stem ("内政部", "通信管理局"), after a place or unit
        if any, where the text before it ends a word ("会同内政部", not "信息通信管理局")."""
        start = self._units_before(folded, stem_start)
        national = next((p for p in self.national_prefixes if folded.endswith(p, 0, start)), None)
        if start == stem_start and national:  # ("国家邮政局"; "美国国家…" goes back to its place)
            start = self._units_before(folded, start - len(national))
        clean = start == 0 or start < stem_start or not self._name_char(folded[start - 1])
        return start if clean or self._after_ministry(folded, start) else None

    def _after_ministry(self, folded: str, start: int) -> bool:
        return any(folded.endswith(m, 0, start) for m in self.ministries)

    def _committee_start(self, folded: str, head_start: int) -> int | None:
        """A commission: the characters before 委员会 back to a place, a unit or a word that
        is not part of a name ("专利复审委员会", "卢森堡国家数据保护委员会")."""
        start = head_start
        while start > 0 and head_start - start < self.max_core and (
                self._name_char(folded[start - 1]) or folded.startswith(self.name_words_after_stops, start - 1)):
            if self.places.ending_at(folded, start) is not None or folded[start - 1] in self.units:
                break
            start -= 1
        opened = start  # (a word that opens no name ends the text before the name, as a stop does)
        while (opening := next((w for w in self.not_name_openings if folded.startswith(w, start, head_start)), None)):
            start += len(opening)
        if head_start - start < 2 or (start == opened and start > 0 and self._name_char(folded[start - 1])
                                      and self.places.ending_at(folded, start) is None
                                      and folded[start - 1] not in self.units):
            return None
        return self._units_before(folded, start)
