"""``gatewatch_dates``: calendar dates written in English or Chinese text, with offsets.

"4 March 2024", "March 4, 2024", "Sept. 12", "2024-03-04", "2021年4月10日", "9月5日". A date
without a year takes the article's year (``doc._.published``), stepping back a year when
that would put it well after publication; without a publication date it is left out rather
than guessed. A weekday ("on Tuesday", "周一") or a bare day of the month ("15日") is the last
such day up to publication, and "today" (今天) the publication day: news dates the week's
events that way.
"""

from __future__ import annotations

import datetime as dt
import re

from spacy.language import Language
from spacy.tokens import Doc

from gatewatch.nlp.components.batch import BatchedComponent
from gatewatch.nlp.components.cues import anchored, digit_runs, led_matches
from gatewatch.nlp.components.doccache import doc_text, extension_key

Doc.set_extension("dates", default=None, force=True)
Doc.set_extension("published", default=None, force=True)
DATES, PUBLISHED = extension_key("dates"), extension_key("published")

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
# A `\b` before a pattern's first characters is written as a lookbehind after them
# ("(?<!\wJ)"): a pattern that starts with a literal or a character class lets Python's regex
# engine skip quickly to where it can match, instead of trying it at every position.


def _month() -> str:
    r"""Month names, longest first, grouped by their capital: "J(?<!\wJ)(?:anuary|une|…)"."""
    by_capital: dict[str, list[str]] = {}
    # Capitalised only: "may 5" is a verb and a number far more often than a date.
    for name in sorted((m.capitalize() for m in MONTHS), key=len, reverse=True):
        by_capital.setdefault(name[0], []).append(name[1:])
    groups = (rf"{capital}(?<!\w{capital})(?:{'|'.join(rests)})" for capital, rests in by_capital.items())
    return "(?P<month>" + "|".join(groups) + r")\.?"


MONTH = _month()
DAY = r"(?P<day>\d(?<!\w\d)\d?)(?:st|nd|rd|th)?"
YEAR = r"(?P<year>(?:19|20)(?<!\w\d\d)\d{2})"
# Each with a string that all its matches contain, when there is one: a substring test
# skips the pattern on texts without it; what may stand before a match (see ``led_matches``);
# and whether every match starts where a run of digits does (not after a word character), so
# that it is tried only there (see ``anchored``).
PATTERNS: list[tuple[str | None, re.Pattern[str], re.Pattern[str] | None, bool]] = [
    (None, re.compile(rf"{DAY}\s+{MONTH}(?:,?\s+{YEAR})?\b"), None, True),
    (None, re.compile(rf"{MONTH}\s+{DAY}(?:,?\s+{YEAR})?\b"), None, False),
    ("-", re.compile(rf"{YEAR}-(?P<month>\d{{2}})-(?P<day>\d{{2}})\b"), None, True),
    # (A year before 月 may be Taiwan's Minguo year: "113年4月24日" is 2024-04-24.)
    ("月", re.compile(r"(?P<month>\d\d?)\s*月\s*(?P<day>\d{1,2})\s*[日号]"),
     re.compile(r"(?:(?:19|20)\d{2}|(?<!\d)(?:[89]\d|1[0-2]\d))\s*年\s*\Z"), False),
]
# Taiwan dates years from 1912 (民国): a three- or two-digit year is that count.
MINGUO_BEFORE, MINGUO_OFFSET = 1000, 1911
WEEKDAYS = {"mon": 0, "tues": 1, "wednes": 2, "thurs": 3, "fri": 4, "satur": 5, "sun": 6,
            "一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
# After "on" ("said on Tuesday", "On Wednesday the court …"), so not a shopping day ("Black
# Friday") nor "Monday's".
WEEKDAY = re.compile(r"(?<=\b[Oo]n )(?P<day>Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b"
                     r"|(?:周|週|星期|礼拜|禮拜)(?P<zh_day>[一二三四五六日天])")
# A day of the month without its month: "公平会15日公告", "said on the 14th"; not the "15日" of
# "4月15日", nor a count of days ("15日内", "之日起15个工作日") or yen (日元).
DAY_ONLY = re.compile(r"(?<![\d月个])(?P<day>[1-3]?\d)\s*日(?![内內起以前後后元圓圆])"
                      r"|(?<=\bon the )(?P<nth>[1-3]?\d)(?:st|nd|rd|th)\b(?! of)")
# "today" and "yesterday" in a press release or a report: its publication day, the day before
# (not 今日头条, Toutiao).
DAYS_BACK = {"today": 0, "yesterday": 1, "今天": 0, "今日": 0, "昨天": 1, "昨日": 1}
NEAR_DAY = re.compile(r"\b(?P<near>[Tt]oday|[Yy]esterday)\b|(?P<near_zh>今天|今日(?!头条|頭條)|昨天|昨日)")
# Each with the strings one of which all its matches contain (a cheap test first).
RELATIVE_DAYS = ((WEEKDAY, ("day", "周", "週", "星期", "拜")), (DAY_ONLY, ("日", "on the ")),
                 (NEAR_DAY, ("oday", "esterday", "今", "昨")))
# How far after publication an undated-year reference may fall before it means last year.
FUTURE_SLACK = dt.timedelta(days=60)


def _published(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def find_dates(text: str, published: str | None = None) -> list[dict]:
    """Dates in ``text`` as {date (ISO), text, start, end, explicit_year}, in text order."""
    anchor = _published(published)
    found, taken = [], set()
    for required, pattern, lead, digit_led in PATTERNS:
        if required is not None and required not in text:
            continue
        if digit_led:
            matches = ((match.start(), match, None) for match in anchored(pattern, text, digit_runs(text)))
        else:
            matches = led_matches(pattern, lead, text)
        for start, match, year in matches:
            if start in taken:
                continue
            month_text = match.group("month")
            month = int(month_text) if month_text.isdigit() else MONTHS[month_text.lower().rstrip(".")]
            year_text = year.group().rstrip(" 年") if year else match.groupdict().get("year")
            if year_text is None and anchor is None:
                continue
            year = int(year_text) if year_text else anchor.year
            if year < MINGUO_BEFORE:
                year += MINGUO_OFFSET
            try:
                date = dt.date(year, month, int(match.group("day")))
            except ValueError:  # "31 February", "the 45 March" …
                continue
            if year_text is None and date - anchor > FUTURE_SLACK:
                date = date.replace(year=year - 1)
            found.append({"date": date.isoformat(), "text": text[start:match.end()], "start": start,
                          "end": match.end(), "explicit_year": year_text is not None})
            taken.update(range(start, match.end()))
    if anchor is not None:
        found += _days_of_publication_week(text, anchor, taken)
    return sorted(found, key=lambda d: d["start"])


def _last_day_numbered(anchor: dt.date, day: int) -> dt.date | None:
    """The last date up to ``anchor`` whose day of the month is ``day``."""
    month = anchor.replace(day=1)
    if day > anchor.day:
        month = (month - dt.timedelta(days=1)).replace(day=1)
    try:
        return month.replace(day=day)
    except ValueError:  # "31日" in a 30-day month
        return None


def _days_of_publication_week(text: str, anchor: dt.date, taken: set[int]) -> list[dict]:
    """Weekdays and bare days of the month, each the last such day up to ``anchor``; "today"
    and "yesterday"."""
    found = []
    for pattern, literals in RELATIVE_DAYS:
        if not any(literal in text for literal in literals):
            continue
        for match in pattern.finditer(text):
            if match.start() in taken:
                continue
            if pattern is DAY_ONLY:
                date = _last_day_numbered(anchor, int(match.group("day") or match.group("nth")))
            elif pattern is NEAR_DAY:
                date = anchor - dt.timedelta(days=DAYS_BACK[(match.group("near") or match.group("near_zh")).lower()])
            else:
                weekday = WEEKDAYS[(match.group("day") or match.group("zh_day")).lower()]
                date = anchor - dt.timedelta(days=(anchor.weekday() - weekday) % 7)
            if date is not None:
                found.append({"date": date.isoformat(), "text": match.group(), "start": match.start(),
                              "end": match.end(), "explicit_year": False})
                taken.update(range(match.start(), match.end()))
    return found


class DateFinder(BatchedComponent):
    def __call__(self, doc: Doc) -> Doc:
        values = doc.user_data
        values[DATES] = find_dates(doc_text(doc), values.get(PUBLISHED))
        return doc


@Language.factory("gatewatch_dates")
def make_dates(nlp: Language, name: str) -> DateFinder:
    return DateFinder()
