"""Chinese scripts: traditional characters folded to simplified ones, and the traditional forms
of a name written in simplified ones (OpenCC's conversions); Chinese numerals."""

from __future__ import annotations

import functools

import opencc

# After the fold: the currency 圓 becomes 圆 in simplified script, which writes it 元 ("日圓" is
# "日元"), the form the money patterns read. (``str.replace``: ``str.translate`` looks every
# character up in a table, ten times slower on an article.)
CURRENCY_FOLD = ("圆", "元")


@functools.cache
def _converter(config: str = "t2s") -> opencc.OpenCC:
    return opencc.OpenCC(config)


def traditional_variants(text: str) -> set[str]:
    """``text`` in traditional characters as Taiwan, Hong Kong and the general standard write
    them (an alias written in simplified ones)."""
    return {_converter(config).convert(text) for config in ("s2t", "s2tw", "s2hk")} - {text}


def fold_to_simplified(text: str) -> str:
    """``text`` in simplified characters, of the same length: where a phrase conversion would
    change the length (rare), characters are folded one by one instead."""
    folded = _converter().convert(text)
    if len(folded) != len(text):
        folded = "".join(simple if len(simple := _converter().convert(char)) == 1 else char for char in text)
    return folded.replace(*CURRENCY_FOLD)


# Chinese numerals: digits (both scripts' "two") and the units of ten, hundred and thousand.
CHINESE_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6,
                  "七": 7, "八": 8, "九": 9}
CHINESE_UNITS = {"十": 10, "百": 100, "千": 1000}


def chinese_integer(numeral: str) -> int:
    """The value of a Chinese numeral below ten thousand ("九十" 90, "一百五十" 150, "两千" 2000)."""
    value = digit = 0
    for char in numeral:
        if char in CHINESE_UNITS:
            value += (digit or 1) * CHINESE_UNITS[char]
            digit = 0
        else:
            digit = CHINESE_DIGITS[char]
    return value + digit
