"""Date expressions in news text, resolved against the article's publication date.

Each expression keeps the precision the words gave: "on Thursday" and "June 21" are days,
"in September 2022", "this week" and "as early as July" are months, "earlier this year" and
"since 1986" are years. A weekday is the most recent such day on or before publication, or
the coming one in a sentence that looks ahead ("will meet on Saturday").
"""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta

from claims.nlp.types import FuzzyDate

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
# Month names must be capitalised: "may attack" is a modal, "May 5" a date.
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<y>" + _YEAR + r")-(?P<m>\d\d)-(?P<d>\d\d)\b")),
    (
        "mdy",
        re.compile(
            r"\b(?P<m>" + _MONTH + r")\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?\b"
            r"(?:,?\s+(?P<y>" + _YEAR + r")\b)?"
        ),
    ),
    (
        "dmy",
        re.compile(
            r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>" + _MONTH + r")"
            r"(?:,?\s+(?P<y>" + _YEAR + r")\b)?"
        ),
    ),
    ("my", re.compile(r"\b(?P<m>" + _MONTH + r")(?:\s+of)?,?\s+(?P<y>" + _YEAR + r")\b")),
    (
        "m",
        re.compile(
            r"(?i:\b(?:in|since|by|until|till|from|during|through|as early as|as late as|early|late"
            r"|mid-|mid|end of|beginning of|start of|last|next|this|before|after)\s+)"
            r"(?P<m>" + _MONTH + r")\b(?!,?\s+(?:\d{1,2}\b|" + _YEAR + r"))"
        ),
    ),
    (
        "weekday",
        re.compile(
            r"(?:\b(?P<rel>last|this|next|on|On|Last|This|Next|early|late)\s+)?"
            r"\b(?P<wd>" + _WEEKDAY + r")\b"
        ),
    ),
    (
        "ago",
        re.compile(
            r"(?i:\b(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
            r"(?P<u>day|week|month|year)s?\s+ago\b)"
        ),
    ),
    (
        "relative",
        re.compile(
            r"(?i:\b(?P<rel>today|tonight|this morning|this afternoon|this evening|yesterday"
            r"|tomorrow|the day before|the previous day|a day earlier|a day before|the day after"
            r"|(?:earlier |later )?this week|last week|next week"
            r"|(?:earlier |later )?this month|last month|next month"
            r"|(?:earlier |later )?this year|last year|next year)\b)"
        ),
    ),
    (
        "year",
        re.compile(
            r"(?i:\b(?:in|since|by|until|till|from|during|before|after|early|late|mid-|mid"
            r"|end of|throughout|as early as)\s+)(?P<y>" + _YEAR + r")\b(?![-–]\d)"
        ),
    ),
]

# What a text must contain for a pattern to match in it (a cheap search first: most paragraphs
# have no digit, no month or no weekday, and the case-blind patterns are slow to scan).
_DIGIT = re.compile(r"\d")
_ANY_MONTH = re.compile(_MONTH)
_AGO = re.compile(r"ago", re.IGNORECASE)
_NEEDS: dict[str, re.Pattern[str]] = {
    "iso": _DIGIT,
    "mdy": _ANY_MONTH,
    "dmy": _ANY_MONTH,
    "my": _ANY_MONTH,
    "m": _ANY_MONTH,
    "weekday": re.compile(_WEEKDAY),
    "ago": _AGO,
    "relative": re.compile(r"day|tonight|tomorrow|this|week|month|year", re.IGNORECASE),
    "year": _DIGIT,
}
_SENTENCE_BREAK = re.compile(r"[.!?][\"”’]?\s+(?=[A-Z“\"])")

# A month named after one of these, or in a sentence with one of these words before it, may
# be ahead of the publication date: "by December", "elections are expected in December".
_FUTURE_PREPOSITIONS = ("by ", "until ", "till ", "as early as ", "as late as ", "before ")
_FUTURE = re.compile(
    r"\b(?:will|would|shall|going to|expect(?:s|ed)?|plan(?:s|ned)?|scheduled|due|set to"
    r"|aims?|intends?|hopes?|upcoming|forecasts?|projected|next|planning|could|may|might)\b",
    re.IGNORECASE,
)
# ...but "may have crossed", "would have been", "expected to have left" look back.
_PERFECT = re.compile(r"\b(?:have|having)\b", re.IGNORECASE)


def _looks_ahead(before: str) -> bool:
    """Whether the sentence up to a date speaks of what is to come."""
    found = _FUTURE.search(before)
    return found is not None and not _PERFECT.search(before, found.end())


@dataclass(frozen=True)
class DateMention:
    start: int  # offsets into the text that was searched
    end: int
    date: FuzzyDate


def _month(word: str) -> int:
    return _MONTHS[word[:3].casefold()]


def _safe_date(year: int, month: int, day: int) -> date | None:
    if not 1 <= month <= 12 or not 1 <= day <= monthrange(year, month)[1]:
        return None
    return date(year, month, day)


def _add_months(value: date, months: int) -> date:
    index = value.year * 12 + value.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _resolve(
    kind: str, match: re.Match[str], published: date, anchor: date | None, before: str = ""
) -> FuzzyDate | None:
    text = match.group(0).strip()
    groups = match.groupdict()
    if kind in ("iso", "mdy", "dmy"):
        month = int(groups["m"]) if kind == "iso" else _month(groups["m"])
        explicit_year = groups.get("y")
        year = int(explicit_year) if explicit_year else published.year
        value = _safe_date(year, month, int(groups["d"]))
        if value is None:
            return None
        # A bare "December 28" in a January article is last December, and "the March 3 raid"
        # in a February article last March: news reports the past, unless the sentence looks
        # ahead ("talks will resume on March 3", "must leave by March 3").
        if (
            not explicit_year
            and value > published + timedelta(days=1)
            and not (before.casefold().endswith(_FUTURE_PREPOSITIONS) or _looks_ahead(before))
        ):
            value = _safe_date(year - 1, month, value.day) or value
        return FuzzyDate(value, "day", text)
    if kind == "my":
        return FuzzyDate(date(int(groups["y"]), _month(groups["m"]), 1), "month", text)
    if kind == "m":
        month = _month(groups["m"])
        year = published.year
        lowered = text.casefold()
        if lowered.startswith("next "):
            year += 1 if month <= published.month else 0
        elif lowered.startswith("last "):
            year -= 1 if month >= published.month else 0
        elif month > published.month and not (
            lowered.startswith(_FUTURE_PREPOSITIONS) or _looks_ahead(before)
        ):
            # News reports the past: "since November", "sampled in November" in a March
            # article are last year's, unless the sentence looks ahead ("talks will resume in").
            year -= 1
        return FuzzyDate(date(year, month, 1), "month", text)
    if kind == "weekday":
        weekday = _WEEKDAYS[groups["wd"][:3].casefold()]
        rel = (groups.get("rel") or "").casefold()
        back = (published.weekday() - weekday) % 7
        if rel == "next":
            value = published + timedelta(days=(weekday - published.weekday()) % 7 or 7)
        elif rel == "last":
            value = published - timedelta(days=back or 7)
        elif back and _looks_ahead(before):
            # "talks will resume on Saturday" in a Thursday paper: the coming Saturday.
            value = published + timedelta(days=7 - back)
        else:
            value = published - timedelta(days=back)
        return FuzzyDate(value, "day", text)
    if kind == "ago":
        raw = groups["n"].casefold()
        count = int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
        unit = groups["u"].casefold()
        if unit == "day":
            return FuzzyDate(published - timedelta(days=count), "day", text)
        if unit == "week":
            value = published - timedelta(weeks=count)
            return FuzzyDate(value.replace(day=1), "month", text)
        if unit == "month":
            return FuzzyDate(_add_months(published, -count), "month", text)
        return FuzzyDate(date(published.year - count, 1, 1), "year", text)
    if kind == "relative":
        rel = " ".join(groups["rel"].casefold().split())
        for prefix in ("earlier ", "later "):
            rel = rel.removeprefix(prefix)
        if rel in ("today", "tonight", "this morning", "this afternoon", "this evening"):
            return FuzzyDate(published, "day", text)
        if rel == "yesterday":
            return FuzzyDate(published - timedelta(days=1), "day", text)
        if rel == "tomorrow":
            return FuzzyDate(published + timedelta(days=1), "day", text)
        if rel in ("the day before", "the previous day", "a day earlier", "a day before"):
            return FuzzyDate(anchor - timedelta(days=1), "day", text) if anchor else None
        if rel == "the day after":
            return FuzzyDate(anchor + timedelta(days=1), "day", text) if anchor else None
        if rel == "this week":
            # Only day, month and year exist: a week is known to its month.
            monday = published - timedelta(days=published.weekday())
            return FuzzyDate(monday.replace(day=1), "month", text)
        if rel == "last week":
            return FuzzyDate((published - timedelta(days=7)).replace(day=1), "month", text)
        if rel == "next week":
            return FuzzyDate((published + timedelta(days=7)).replace(day=1), "month", text)
        if rel == "this month":
            return FuzzyDate(published.replace(day=1), "month", text)
        if rel == "last month":
            return FuzzyDate(_add_months(published, -1), "month", text)
        if rel == "next month":
            return FuzzyDate(_add_months(published, 1), "month", text)
        if rel == "this year":
            return FuzzyDate(date(published.year, 1, 1), "year", text)
        if rel == "last year":
            return FuzzyDate(date(published.year - 1, 1, 1), "year", text)
        if rel == "next year":
            return FuzzyDate(date(published.year + 1, 1, 1), "year", text)
        return None
    if kind == "year":
        return FuzzyDate(date(int(groups["y"]), 1, 1), "year", text)
    return None


def find_dates(text: str, *, published: date, anchor: date | None = None) -> list[DateMention]:
    """Every date expression in ``text``, left to right, the longest where two overlap.

    ``anchor`` is the last day the article mentioned before ``text``, for "the day before".
    """
    found: list[tuple[int, int, str, re.Match[str]]] = []
    present: dict[re.Pattern[str], bool] = {}
    for kind, pattern in _PATTERNS:
        need = _NEEDS[kind]
        if need not in present:
            present[need] = need.search(text) is not None
        if not present[need]:
            continue
        for match in pattern.finditer(text):
            found.append((match.start(), match.end(), kind, match))
    found.sort(key=lambda item: (item[0], -(item[1] - item[0])))
    mentions: list[DateMention] = []
    last_end = -1
    for start, end, kind, match in found:
        if start < last_end:
            continue
        # The words before the date in its sentence, for "will ... in December".
        before = text[max(0, start - 160) : start]
        before = _SENTENCE_BREAK.split(before)[-1]
        try:
            resolved = _resolve(kind, match, published, anchor, before)
        except (ValueError, OverflowError):
            # Outside the years 1 to 9999: "3000 years ago", "yesterday" in a page dated
            # 0001-01-01. No date, rather than no claims at all for the article.
            resolved = None
        if resolved is None:
            continue
        mentions.append(DateMention(start, end, resolved))
        last_end = end
        if resolved.precision == "day":
            anchor = resolved.value
    return mentions


def resolve_date(words: str, *, published: date, anchor: date | None = None) -> FuzzyDate | None:
    """The first date expression in ``words``: "on Thursday" -> that Thursday."""
    mentions = find_dates(words, published=published, anchor=anchor)
    return mentions[0].date if mentions else None
