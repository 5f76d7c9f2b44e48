"""When an action takes effect, as the coverage states it ("the rules apply from 7 March 2024",
"自2022年8月1日起施行"): the date written in a sentence that says so."""

from __future__ import annotations

import re
from collections import Counter

from gatewatch.db.fines import SENTENCE_END
from gatewatch.nlp.components.dates import find_dates

EFFECT_CUE = re.compile(
    r"\b(?:takes?|taking|took) effect|\beffective (?:from|on|as of)|\b(?:enters?|entered|entering|comes?|came) into force"
    r"|\bentry into force|\bappl(?:y|ies|ied) from|起施行|起生效|起实施|正式生效|正式施行",
    re.IGNORECASE,
)


def effective_date(coverage: list[tuple[str, str | None]]) -> str | None:
    """The date most articles give in a sentence saying the action takes effect, from
    ``coverage`` = (text, published) per article; None when no article says."""
    votes: Counter[str] = Counter()
    for text, published in coverage:
        for sentence in SENTENCE_END.split(text):
            cue = EFFECT_CUE.search(sentence)
            dates = find_dates(sentence, published) if cue else []
            if dates:  # the date nearest the cue: "apply from 7 March", "自8月1日起施行"
                nearest = min(dates, key=lambda d: min(abs(d["start"] - cue.end()), abs(d["end"] - cue.start())))
                votes[nearest["date"]] += 1
                break
    return max(sorted(votes), key=votes.get) if votes else None
