"""Cheap language routing: which pipeline should read a text."""

from __future__ import annotations

import re

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
KANA = re.compile(r"[\u3040-\u30ff]")
HANGUL = re.compile(r"[\uac00-\ud7af]")
LETTER = re.compile(r"\w")


def detect_language(text: str, declared: str | None = None) -> str | None:
    """Guess a text's language code from its script, falling back on the page's declaration.

    Scripts settle Chinese, Japanese and Korean with certainty; for Latin-script text the
    declared ``<html lang>`` is kept (a full detector is the NLP issue's job).

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
    if declared:
        return declared.split("-")[0].strip().lower() or None
    return None
