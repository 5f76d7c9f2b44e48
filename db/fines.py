"""An event's fine: the amount its coverage leads with, in euros, with the sentence it came from.

The amount most headlines name wins, then the one most leads name, then the one most articles
name at all, then the larger: coverage of one fine often recalls the company's earlier fines further
down ("following a $5bn penalty over Android last July"). The sentence is taken from a
regulator's own release when one names it, else from the earliest article that does. A
share of turnover written in that sentence ("4% of its global turnover") is kept beside the
amount, never mistaken for it. A currency the rate table lacks keeps its amount with no
euro value, and ``fx_month`` says why.
"""

from __future__ import annotations

import re

from gatewatch.db.fx import to_eur
from gatewatch.nlp.amounts import same_amount

SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+|(?<=[。！？])")
TURNOVER_SHARE = re.compile(
    r"(?P<pct>\d+(?:\.\d+)?)\s*(?:%|per ?cent|percent)\s+of\s+(?:its\s+|the\s+company's\s+)?"
    r"(?:total\s+|global\s+|worldwide\s+|annual\s+|domestic\s+)*(?:turnover|revenue|sales)"
    r"|(?:营业额|销售额|营收)的?\s*(?P<cn_pct>\d+(?:\.\d+)?)\s*%"
)

# How much of an article's text counts as its lead when the headline does not name the fine.
LEAD_CHARS = 300


def sentence_around(text: str, fragment: str) -> str | None:
    """The sentence of ``text`` holding ``fragment`` (the fine as written)."""
    at = text.find(fragment)
    if at < 0:
        return None
    start = 0
    for match in SENTENCE_END.finditer(text):
        if match.end() > at:
            return text[start:match.start()].strip()
        start = match.end()
    return text[start:].strip()


def turnover_share(sentence: str | None) -> float | None:
    match = TURNOVER_SHARE.search(sentence or "")
    return float(match.group("pct") or match.group("cn_pct")) if match else None


def fine_details(coverage: list[tuple[str | None, str, str, list[dict]]], on: str | None) -> dict | None:
    """``coverage`` is (source tier, title, text, fines) per article, earliest published first.

    ``on`` is the decision date (or first report) whose month's rate converts the fine.
    """
    candidates = {(f["currency"], f["amount"]) for *_, fines in coverage for f in fines}
    if not candidates:
        return None

    def support(candidate: tuple[str, float]) -> tuple[int, int, int, float]:
        naming = [(title, text, [f["text"] for f in fines if same_amount((f["currency"], f["amount"]), candidate)]) for _, title, text, fines in coverage]
        return (sum(any(w in title for w in same) for title, _, same in naming),
                sum(any(w in text[:LEAD_CHARS] for w in same) for _, text, same in naming),
                sum(bool(same) for *_, same in naming), candidate[1])

    currency, amount = max(candidates, key=support)
    quoting = [(tier, text, f["text"]) for tier, _, text, fines in coverage for f in fines if same_amount((f["currency"], f["amount"]), (currency, amount))]
    tier, text, written = sorted(quoting, key=lambda q: q[0] != "regulator")[0]
    sentence = sentence_around(text, written) if written else None
    converted = to_eur(amount, currency, on)
    return {
        "fine_amount": amount, "fine_currency": currency,
        "fine_eur": converted["eur"] if converted else None,
        "fx_rate": converted["rate"] if converted else None,
        "fx_month": converted["rate_month"] if converted else f"no ECB rate for {currency}",
        "fine_text": written, "fine_sentence": sentence, "fine_turnover_pct": turnover_share(sentence),
    }
