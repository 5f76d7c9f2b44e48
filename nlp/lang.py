"""Cheap language routing: which pipeline should read a text."""

from __future__ import annotations

import re

import py3langid

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
KANA = re.compile(r"[\u3040-\u30ff]")
HANGUL = re.compile(r"[\uac00-\ud7af]")
LETTER = re.compile(r"\w")


# Below this many letters a statistical guess is worse than the page's own declaration.
MIN_LETTERS_TO_GUESS = 40


def detect_language(text: str, declared: str | None = None) -> str | None:
    """A text's language code: by script for Chinese, Japanese and Korean, else by py3langid
    (a model shipped inside the package, nothing downloaded), else the page's declaration.

    Pages often declare the CMS's default language rather than the article's, so for a text
    long enough to judge, what the text says wins over ``<html lang>``.

    Example: detect_language("阿里巴巴接入微信支付") == "zh"
    """
    sample = text[:5000]
    letters = len(LETTER.findall(sample)) or 1
    if len(KANA.findall(sample)) / letters > 0.05:
        return "ja"
    if len(HANGUL.findall(sample)) / letters > 0.2:
        return "ko"
    if len(HAN.findall(sample)) / letters > 0.2:
        return "zh"
    if letters >= MIN_LETTERS_TO_GUESS:
        return py3langid.classify(sample)[0]
    if declared:
        return declared.split("-")[0].strip().lower() or None
    return None
