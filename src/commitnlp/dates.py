"""Dates in letters: the letter's own date, and when each firm commitment can be checked.

A clerk wants a diary entry: "by the end of December 2024", "in April", "later this month",
"within six months" turned into a date range, read against the date the letter was
written (a letter of 19 February 2025 that promises something "in April" means April 2025).
Quantities ("20,000 officers", "900 a week") are picked out alongside, since they are what a
clerk checks when the date comes.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {name: i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name[:3]: i for name, i in list(MONTHS.items())})
MONTHS["Sept"] = 9
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18, "twenty-four": 24,
                 "a": 1, "an": 1}
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2)}

_LETTER_DATE = [
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}\s*,?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<m>\d{2})-(?P<day>\d{2})\b"),
    re.compile(r"\b(?P<day>\d{1,2})[/.](?P<m>\d{1,2})[/.](?P<year>(?:19|20)?\d{2})\b"),
]


@dataclass(frozen=True)
class CheckBy:
    """A time expression in a commitment and the range of dates it names."""

    expression: str
    start: date | None
    end: date | None

    def to_json(self) -> dict:
        return {"expression": self.expression,
                "from": self.start.isoformat() if self.start else None,
                "check_by": self.end.isoformat() if self.end else None}


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _parse_date(match: re.Match[str]) -> date | None:
    groups = match.groupdict()
    year = int(groups["year"])
    if year < 100:
        year += 2000
    if groups.get("month"):
        month = MONTHS[groups["month"].capitalize() if len(groups["month"]) > 3 else groups["month"].title()]
        return _safe_date(year, month, int(groups["day"]))
    first, second = int(groups["day"]), int(groups["m"])
    if second > 12 and first <= 12:  # month/day/year, as US letters write it
        first, second = second, first
    return _safe_date(year, second, first)


def letter_date(header_lines: Iterable[str]) -> str | None:
    """The first date found in the letter's header lines, as ISO ``YYYY-MM-DD``."""
    for line in header_lines:
        for pattern in _LETTER_DATE:
            match = pattern.search(line)
            if match:
                found = _parse_date(match)
                if found:
                    return found.isoformat()
    return None


def _month_number(name: str) -> int:
    return MONTHS.get(name.capitalize(), MONTHS.get(name.title()[:3], 0))


def _next_month(reference: date | None, month: int) -> int | None:
    """The year of the next ``month`` on or after the reference date's month."""
    if reference is None:
        return None
    return reference.year if month >= reference.month else reference.year + 1


_MONTH_WORDS = frozenset(name.lower() for name in MONTHS)
_SEASON_WORDS = frozenset(_SEASONS)
_YEAR_NUMBER = "<year>"
# Each expression can only match if the sentence has a word from every one of its sets.
_NEEDS_MONTHS = (_MONTH_WORDS,)
_NEEDS_QUARTER_YEAR = (frozenset({"quarter", "q1", "q2", "q3", "q4"}), frozenset({_YEAR_NUMBER}))
_NEEDS_FINANCIAL = (frozenset({"financial"}),)
_NEEDS_SEASONS = (_SEASON_WORDS,)
_NEEDS_YEARWORD_OR_YEAR = (frozenset({"year", _YEAR_NUMBER}),)
_NEEDS_MONTHWORD = (frozenset({"month"}),)
_NEEDS_YEARWORD = (frozenset({"year"}),)
_NEEDS_UNITS = (frozenset({"day", "days", "week", "weeks", "month", "months", "year", "years"}),)
_NEEDS_EDGE_YEAR = (frozenset({"early", "mid", "late"}), frozenset({_YEAR_NUMBER}))
_NEEDS_YEAR = (frozenset({_YEAR_NUMBER}),)
_ANY_TRIGGER = frozenset().union(*(group for needs in (
    _NEEDS_MONTHS, _NEEDS_QUARTER_YEAR, _NEEDS_FINANCIAL, _NEEDS_SEASONS, _NEEDS_YEARWORD_OR_YEAR,
    _NEEDS_MONTHWORD, _NEEDS_UNITS, _NEEDS_EDGE_YEAR) for group in needs))
_WORDS = re.compile(r"[a-z0-9]+")
_IS_YEAR = re.compile(r"(?:19|20)\d\d")


_EXPRESSIONS: list[tuple[re.Pattern[str], str, tuple[frozenset[str], ...]]] = [
    (re.compile(rf"\b(?:by|before|on|from)\s+(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}\s*,?\s*{_YEAR}?", re.I), "day", _NEEDS_MONTHS),
    (re.compile(rf"\b(?:by\s+)?(?:the\s+)?end\s+of\s+(?:the\s+)?(?P<which>first|second|third|fourth|final)?\s*(?:quarter|q[1-4])\s+(?:of\s+)?{_YEAR}", re.I), "quarter", _NEEDS_QUARTER_YEAR),
    (re.compile(rf"\b(?:in|by|during|before)\s+(?:the\s+)?(?:(?P<which>first|second|third|fourth|final)\s+quarter|q(?P<q>[1-4]))\s+(?:of\s+)?{_YEAR}", re.I), "quarter", _NEEDS_QUARTER_YEAR),
    (re.compile(r"\b(?:by\s+)?(?:the\s+)?end\s+of\s+(?:the\s+)?(?:this\s+|next\s+|current\s+)?financial\s+year(?:\s+(?P<fy>(?:19|20)\d{2})[/-](?P<fy2>\d{2,4}))?", re.I), "financial", _NEEDS_FINANCIAL),
    (re.compile(rf"\b(?:by\s+|until\s+)?(?:the\s+)?end\s+of\s+(?:the\s+)?(?P<season>spring|summer|autumn|fall|winter)\b(?:\s+(?:of\s+)?{_YEAR})?", re.I), "season", _NEEDS_SEASONS),
    (re.compile(rf"\b(?:by\s+)?(?:the\s+)?end\s+of\s+{_MONTH}(?:\s+{_YEAR})?", re.I), "month", _NEEDS_MONTHS),
    (re.compile(rf"\b(?:by\s+)?(?:the\s+)?end\s+of\s+(?:the\s+year|this\s+year|{_YEAR})", re.I), "year", _NEEDS_YEARWORD_OR_YEAR),
    (re.compile(r"\blater\s+this\s+month\b|\b(?:by\s+the\s+end\s+of|within|during|before\s+the\s+end\s+of)\s+this\s+month\b", re.I), "this_month", _NEEDS_MONTHWORD),
    (re.compile(r"\bnext\s+month\b", re.I), "next_month", _NEEDS_MONTHWORD),
    (re.compile(r"\b(?:later\s+)?this\s+year\b|\bbefore\s+the\s+end\s+of\s+the\s+year\b", re.I), "this_year", _NEEDS_YEARWORD),
    (re.compile(r"\bnext\s+year\b", re.I), "next_year", _NEEDS_YEARWORD),
    (re.compile(r"\b(?:within|in\s+the\s+next|over\s+the\s+next|in)\s+(?P<n>\d{1,3}|" + "|".join(_NUMBER_WORDS) + r")\s+(?P<unit>days?|weeks?|months?|years?)(?!\s+(?:ago|time))\b", re.I), "within", _NEEDS_UNITS),
    (re.compile(rf"\b(?:in|by|during|from|this|next|over)\s+(?:the\s+)?(?P<season>spring|summer|autumn|fall|winter)\b(?:\s+(?:of\s+)?{_YEAR})?", re.I), "season", _NEEDS_SEASONS),
    (re.compile(rf"\b(?P<edge>early|mid|late)[\s-]+{_YEAR}", re.I), "part_year", _NEEDS_EDGE_YEAR),
    (re.compile(rf"\b(?:in|by|during|from|before|until|this|next)\s+{_MONTH}(?:\s+{_YEAR})?(?!\s*\d)", re.I), "month", _NEEDS_MONTHS),
    (re.compile(rf"\b(?:in|by|during|before|until)\s+{_YEAR}(?:[/-](?P<fy2>\d{{2}}))?\b", re.I), "year", _NEEDS_YEAR),
]
_QUARTERS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "final": 4}


def _number(text: str) -> int:
    return int(text) if text.isdigit() else _NUMBER_WORDS[text.lower()]


def _resolve(kind: str, match: re.Match[str], ref: date | None) -> tuple[date | None, date | None]:
    groups = match.groupdict()
    year = int(groups["year"]) if groups.get("year") else None
    if kind == "day":
        month = _month_number(groups["month"])
        year = year or _next_month(ref, month)
        day = _safe_date(year, month, int(groups["day"])) if year else None
        return day, day
    if kind == "month":
        month = _month_number(groups["month"])
        year = year or _next_month(ref, month)
        return (date(year, month, 1), _month_end(year, month)) if year else (None, None)
    if kind == "season":
        first, last = _SEASONS[groups["season"].lower()]
        if year is None and ref is not None:
            year = ref.year if (ref.month <= last or first > last) else ref.year + 1
        if year is None:
            return None, None
        end_year = year + 1 if first > last else year
        return date(year, first, 1), _month_end(end_year, last)
    if kind == "quarter":
        quarter = int(groups["q"]) if groups.get("q") else _QUARTERS[(groups.get("which") or "final").lower()]
        return date(year, 3 * quarter - 2, 1), _month_end(year, 3 * quarter)
    if kind == "financial":
        if groups.get("fy"):
            start_year = int(groups["fy"])
        elif ref is not None:
            start_year = ref.year if ref.month >= 4 else ref.year - 1
            if "next" in match.group(0).lower():
                start_year += 1
        else:
            return None, None
        return date(start_year, 4, 1), date(start_year + 1, 3, 31)
    if kind == "year":
        if groups.get("fy2"):  # "in 2024/25": a financial year
            return date(year, 4, 1), date(year + 1, 3, 31)
        year = year or (ref.year if ref else None)
        return (date(year, 1, 1), date(year, 12, 31)) if year else (None, None)
    if ref is None:
        return None, None
    if kind == "this_month":
        return ref, _month_end(ref.year, ref.month)
    if kind == "next_month":
        following = _month_end(ref.year, ref.month) + timedelta(days=1)
        return following, _month_end(following.year, following.month)
    if kind == "this_year":
        return ref, date(ref.year, 12, 31)
    if kind == "next_year":
        return date(ref.year + 1, 1, 1), date(ref.year + 1, 12, 31)
    if kind == "within":
        n = _number(groups["n"])
        unit = groups["unit"].lower().rstrip("s")
        if unit == "day":
            return ref, ref + timedelta(days=n)
        if unit == "week":
            return ref, ref + timedelta(weeks=n)
        months = n * (12 if unit == "year" else 1)
        y, m = divmod(ref.month - 1 + months, 12)
        end_month_end = _month_end(ref.year + y, m + 1)
        return ref, min(end_month_end, _safe_date(ref.year + y, m + 1, ref.day) or end_month_end)
    if kind == "part_year":
        edge = groups["edge"].lower()
        first, last = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}[edge]
        return date(year, first, 1), _month_end(year, last)
    return None, None  # pragma: no cover - every kind is handled above


def _candidates(sentence: str):
    """The expressions that could match ``sentence``: those whose trigger words it contains.

    Every expression names a month, season, period or year, so most sentences are ruled out
    by one cheap word scan instead of sixteen regular expressions.
    """
    words = set(_WORDS.findall(sentence.lower()))
    if any(_IS_YEAR.fullmatch(word) for word in words if word[:1] in "12"):
        words.add(_YEAR_NUMBER)
    if words.isdisjoint(_ANY_TRIGGER):
        return []
    return [(pattern, kind) for pattern, kind, needs in _EXPRESSIONS if all(words & group for group in needs)]


def time_expression_kinds(sentence: str) -> set[str]:
    """Which kinds of time expression ("month", "season", "within", ...) a sentence contains."""
    return {kind for pattern, kind in _candidates(sentence) if pattern.search(sentence)}


def check_by(sentence: str, letter_date_iso: str | None = None) -> CheckBy | None:
    """The first time expression in ``sentence``, resolved against the letter's date.

    Returns ``None`` when the sentence names no time. Relative expressions ("later this
    month", "within six months", "in April") need the letter's date; without one, the
    expression is kept with no dates.
    """
    ref = date.fromisoformat(letter_date_iso) if letter_date_iso else None
    found: list[tuple[int, str, re.Match[str]]] = []
    for pattern, kind in _candidates(sentence):
        for match in pattern.finditer(sentence):
            found.append((match.start(), kind, match))
    if not found:
        return None
    # Earliest in the sentence wins; at the same place, the more specific (earlier listed) pattern.
    start, kind, match = min(found, key=lambda item: (item[0], -len(item[2].group(0))))
    begin, end = _resolve(kind, match, ref)
    return CheckBy(expression=match.group(0).strip().rstrip(".,"), start=begin, end=end)


_QUANTITY = re.compile(
    r"(?:(?:approx\.?|approximately|around|about|over|more than|fewer than|up to|at least|almost|nearly)\s+)?"
    r"(?<![/\d.,])\b\d[\d,]*(?:\.\d+)?(?![\d/]|(?:st|nd|rd|th)?\s+" + _MONTH + r")(?:\s*(?:%|per\s*cent\b|percent\b))?"
    r"(?:\s+(?:and\s+)?(?!(?:and|or|to|in|on|by|of|the|a|an|from|for|with|at|which|who|that|this|"
    r"were|was|is|are|will|have|has|had|each|per|every|a|than)\b)[a-z][\w'-]*){0,3}"
    r"(?:\s+(?:a|per|each|every)\s+(?:day|week|month|year|annum))?",
)
_NOT_QUANTITY = re.compile(r"^(?:19|20)\d{2}\b(?![\d,])")


def quantities(sentence: str) -> list[str]:
    """Numbers with what they count ("20,000 officers and staff", "900 officers a week").

    Dates and years are left out: they are the check-by date's business.
    """
    found = []
    for match in _QUANTITY.finditer(sentence):
        text = match.group(0).strip().rstrip(".,;")
        number_start = re.search(r"\d", text)
        if number_start and _NOT_QUANTITY.match(text[number_start.start():]):
            continue
        found.append(text)
    return found
