"""Dates and times as news pages print them -> ISO 8601 strings."""
from __future__ import annotations

import re

MONTHS = {
    "январ": 1, "феврал": 2, "март": 3, "апрел": 4, "ма": 5, "июн": 6, "июл": 7,
    "август": 8, "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12,
}
_MONTH_RE = r"(января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря)"
_TIME = r"(?P<h>[01]?\d|2[0-3])[:.](?P<mi>[0-5]\d)(?::[0-5]\d)?"
_NUMDATE = r"(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.(?P<y>(?:19|20)\d\d)"
_WORDDATE = rf"(?P<d>[0-3]?\d)\s+(?P<mw>{_MONTH_RE})\s+(?P<y>(?:19|20)\d\d)(?:\s*(?:года|г\.))?"
_ISODATE = r"(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)"

# A line that is only a date and/or time, in the layouts news sites use.
_DATE_LINE_PATTERNS = [
    re.compile(rf"^{_TIME}\s*[/|,]?\s*{_NUMDATE}$"),
    re.compile(rf"^{_NUMDATE}\s*[/|,]?\s*(?:в\s*)?{_TIME}$"),
    re.compile(rf"^{_NUMDATE}$"),
    re.compile(rf"^{_WORDDATE}\s*[,/|]?\s*(?:в\s*)?(?:{_TIME})?$"),
    re.compile(rf"^{_TIME}\s*[,/|]?\s*{_WORDDATE}$"),
    re.compile(rf"^{_ISODATE}(?:[T ]{_TIME}(?::\d\d)?)?"),
]


def _month_number(word: str) -> int:
    for stem, n in MONTHS.items():
        if word.lower().startswith(stem):
            return n
    raise ValueError(word)


def _iso(groups: dict) -> str | None:
    try:
        year = int(groups["y"])
        month = int(groups["m"]) if groups.get("m") else _month_number(groups["mw"])
        day = int(groups["d"])
    except (KeyError, TypeError, ValueError):
        return None
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    out = f"{year:04d}-{month:02d}-{day:02d}"
    if groups.get("h") is not None and groups.get("mi") is not None:
        out += f"T{int(groups['h']):02d}:{groups['mi']}"
    return out


# Labels and weekdays that may precede the date on a page's date line.
_LABEL = re.compile(
    r"^(?:(?:опубликовано|опубликован|дата публикации|дата|published|date)\s*:?\s*)?"
    r"(?:(?:понедельник|вторник|среда|четверг|пятница|суббота|воскресенье|пн|вт|ср|чт|пт|сб|вс)\s*,?\s+)?",
    re.I,
)


def parse_date_line(line: str) -> str | None:
    """'10:33 / 31.12.2025' -> '2025-12-31T10:33'; None when the line is not just a date."""
    line = " ".join(line.split()).strip(" .")
    line = _LABEL.sub("", line, count=1)
    for pat in _DATE_LINE_PATTERNS:
        m = pat.match(line)
        if m:
            return _iso(m.groupdict())
    return None


def parse_date(value: str | None) -> str | None:
    """A date from metadata (ISO, RFC 822-ish, Russian) -> ISO 8601, or None."""
    if not value:
        return None
    value = value.strip()
    m = re.match(rf"{_ISODATE}(?:[T ](?P<h>\d\d):(?P<mi>\d\d))?", value)
    if m:
        return _iso(m.groupdict())
    iso = parse_date_line(value)
    if iso:
        return iso
    try:
        from email.utils import parsedate_to_datetime
        dt = parsedate_to_datetime(value)
        return dt.strftime("%Y-%m-%dT%H:%M")
    except (TypeError, ValueError, IndexError):
        return None


_RELATIVE_DAY = {"сегодня": 0, "вчера": -1, "позавчера": -2}
_PARTIAL = [
    # "вчера, 10:33", "сегодня в 10:33"
    re.compile(rf"^(?P<rel>сегодня|вчера|позавчера)\s*[,/|]?\s*(?:в\s*)?(?:{_TIME})?$", re.I),
    # "10:33" alone
    re.compile(rf"^{_TIME}$"),
    # "31 декабря, 10:33", "10:33, 31 декабря", "31 декабря" (no year)
    re.compile(rf"^(?P<d>[0-3]?\d)\s+(?P<mw>{_MONTH_RE})\s*[,/|]?\s*(?:в\s*)?(?:{_TIME})?$", re.I),
    re.compile(rf"^{_TIME}\s*[,/|]?\s*(?P<d>[0-3]?\d)\s+(?P<mw>{_MONTH_RE})$", re.I),
    # "10:33 / 31.12", "31.12 10:33"
    re.compile(rf"^{_TIME}\s*[/|,]?\s*(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)$"),
    re.compile(rf"^(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\s*[/|,]?\s*(?:в\s*)?{_TIME}$"),
]


def parse_item_time(text: str, ref: str | None = None) -> str | None:
    """The time of a related item: a full date as parse_date_line reads it, or a partial one ("вчера, 10:33",
    "10:33", "31 декабря") completed from `ref`, the page's own ISO date; None when it cannot be dated."""
    full = parse_date_line(text)
    if full or not ref:
        return full
    import datetime as dt
    try:
        day = dt.date.fromisoformat(ref[:10])
    except ValueError:
        return None
    line = " ".join(text.split()).strip(" .").lower()
    for pat in _PARTIAL:
        m = pat.match(line)
        if not m:
            continue
        g = m.groupdict()
        if g.get("rel"):
            day = day + dt.timedelta(days=_RELATIVE_DAY[g["rel"]])
            g = {**g, "y": day.year, "m": day.month, "d": day.day}
        elif g.get("d") is None:  # a time alone: the page's day
            g = {**g, "y": day.year, "m": day.month, "d": day.day}
        else:  # day and month without a year: the year that puts the item nearest the page's date
            month = int(g["m"]) if g.get("m") else _month_number(g["mw"])
            year = day.year
            try:
                gap = (dt.date(year, month, int(g["d"])) - day).days
            except ValueError:
                return None
            year += -1 if gap > 183 else 1 if gap < -183 else 0
            g = {**g, "y": year, "m": month}
        return _iso(g)
    return None
