"""Dates of events, read from the tokens of the trigger's sentence (no yargy: a lemma scan is enough and cheap).

"в январе 2022 года" -> "2022-01", "12 марта 2014 года" -> "2014-03-12", "в 2014 году" -> "2014",
"вчера"/"в понедельник"/"в прошлом году" -> computed from the publication date, and nothing at all
(None) when the text does not give the date or the publication date is needed but unknown.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..language import Analysis
from .lexicon import Lexicon

YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")
DAY = re.compile(r"^([12]?\d|3[01])$")
ORDINAL_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)-(м|го|й)$")
NUMERIC_DATE = re.compile(r"^(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})$")


@dataclass(frozen=True)
class DateMention:
    first: int  # token range [first, last) in the analysis
    last: int
    value: str | None  # "YYYY", "YYYY-MM" or "YYYY-MM-DD"; None when the publication date would be needed
    relative: bool  # computed from the publication date
    earlier: bool = False  # the words themselves place it in an earlier year ("в прошлом году")


def parse_reference(published_at: str | None) -> dt.date | None:
    if not published_at:
        return None
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", published_at)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


class DateReader:
    def __init__(self, lexicon: Lexicon):
        self.months = {lemma: int(v) for v, lemmas in lexicon.cue_values("month").items() for lemma in lemmas}
        self.weekdays = {lemma: int(v) for v, lemmas in lexicon.cue_values("weekday").items() for lemma in lemmas}
        self.day_offsets = {lemma: int(v) for v, lemmas in lexicon.cue_values("day_offset").items() for lemma in lemmas}
        self.shifts = {lemma: int(v) for v, lemmas in lexicon.cue_values("period_shift").items() for lemma in lemmas}
        self.units = {lemma: v for v, lemmas in lexicon.cue_values("period_unit").items() for lemma in lemmas}

    def read(self, an: Analysis, first: int, last: int, ref: dt.date | None) -> list[DateMention]:
        """Every date expression among tokens [first, last)."""
        toks = an.tokens
        out: list[DateMention] = []
        i = first
        while i < last:
            t = toks[i]
            lemma = t.lemma
            m = NUMERIC_DATE.match(t.text)
            if m:
                value = _ymd(int(m.group("y")), int(m.group("m")), int(m.group("d")))
                if value:
                    out.append(DateMention(i, i + 1, value, False))
                i += 1
                continue
            # "12 марта [2014 года]"
            if DAY.match(t.text) and i + 1 < last and toks[i + 1].lemma in self.months:
                month = self.months[toks[i + 1].lemma]
                year, end = self._year_after(an, i + 2, last)
                if year is None and ref is not None:
                    year = ref.year if (month, int(t.text)) <= (ref.month, ref.day) else ref.year - 1
                value = _ymd(year, month, int(t.text)) if year else None
                if value:
                    out.append(DateMention(i, end, value, year is not None and end == i + 2))
                i = end
                continue
            # "в январе [2022 года]", "в январе прошлого года"
            if lemma in self.months and (i == first or not DAY.match(toks[i - 1].text)):
                month = self.months[lemma]
                year, end = self._year_after(an, i + 1, last)
                relative = year is None
                if year is None and end + 1 < last and toks[end].lemma in self.shifts and \
                        self.units.get(toks[end + 1].lemma) == "year":
                    shift = self.shifts[toks[end].lemma]
                    if ref is None:
                        if shift < 0:
                            out.append(DateMention(i, end + 2, None, True, earlier=True))
                        i = end + 2
                        continue
                    out.append(DateMention(i, end + 2, f"{ref.year + shift:04d}-{month:02d}", True, earlier=shift < 0))
                    i = end + 2
                    continue
                if year is None and ref is not None:
                    year = ref.year if month <= ref.month else ref.year - 1
                if year:
                    out.append(DateMention(i, end, f"{year:04d}-{month:02d}", relative))
                i = end
                continue
            # "в 2014 году", "2014 год", "в 1987-м"
            if YEAR.match(t.text) and i + 1 < last and toks[i + 1].lemma == "год":
                out.append(DateMention(i, i + 2, t.text, False))
                i += 2
                continue
            m = ORDINAL_YEAR.match(t.text)
            if m and i > first and toks[i - 1].lemma == "в":
                out.append(DateMention(i, i + 1, m.group(1), False))
                i += 1
                continue
            if ref is None and lemma in self.shifts and self.shifts[lemma] < 0 and i + 1 < last \
                    and self.units.get(toks[i + 1].lemma) == "year":
                out.append(DateMention(i, i + 2, None, True, earlier=True))  # "в прошлом году", date unknown
                i += 2
                continue
            if ref is not None:
                if lemma in self.day_offsets:
                    out.append(DateMention(i, i + 1, (ref + dt.timedelta(days=self.day_offsets[lemma])).isoformat(), True))
                elif lemma in self.weekdays and i > first and toks[i - 1].lemma == "в":
                    out.append(DateMention(i, i + 1, self._weekday(an, i, ref), True))
                elif lemma in self.shifts and i + 1 < last and toks[i + 1].lemma in self.units:
                    shift = self.shifts[lemma]
                    if self.units[toks[i + 1].lemma] == "year":
                        out.append(DateMention(i, i + 2, f"{ref.year + shift:04d}", True, earlier=shift < 0))
                    else:
                        y, mth = divmod(ref.year * 12 + ref.month - 1 + shift, 12)
                        out.append(DateMention(i, i + 2, f"{y:04d}-{mth + 1:02d}", True))
            i += 1
        return out

    def _year_after(self, an: Analysis, i: int, last: int) -> tuple[int | None, int]:
        toks = an.tokens
        if i < last and YEAR.match(toks[i].text):
            end = i + 1
            if end < last and toks[end].lemma in ("год", "г"):
                end += 1
                if end < last and toks[end].text == ".":
                    end += 1
            return int(toks[i].text), end
        return None, i

    def _weekday(self, an: Analysis, i: int, ref: dt.date) -> str:
        """The named weekday nearest the publication date, looking back for past or present tense verbs
        and forward for future ones."""
        target = self.weekdays[an.tokens[i].lemma]
        head = an.tokens[i].head
        future = head >= 0 and an.tokens[head].feats.get("Tense") == "Fut"
        if future:
            days = (target - ref.weekday()) % 7 or 7
            return (ref + dt.timedelta(days=days)).isoformat()
        days = (ref.weekday() - target) % 7
        return (ref - dt.timedelta(days=days)).isoformat()


def _ymd(year: int | None, month: int, day: int) -> str | None:
    if not year:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def year_of(value: str | None) -> int | None:
    return int(value[:4]) if value and value[:4].isdigit() else None


def to_date(value: str) -> dt.date:
    """The first day a partial date can mean ("2022" -> 2022-01-01)."""
    parts = [int(p) for p in value.split("-")]
    while len(parts) < 3:
        parts.append(1)
    return dt.date(*parts)


def is_earlier_period(value: str, ref: dt.date | None, ref_year: int | None) -> bool:
    """Background from a clearly earlier period: another (earlier) year, or, with a publication date, a date more
    than two months before it."""
    year = year_of(value)
    if year is None:
        return False
    if ref is not None:
        if year < ref.year:
            # "в декабре" read in a January article is last month, not history
            return (ref - to_date(value)).days > 62 if value.count("-") >= 1 else True
        return (ref - to_date(value)).days > 62
    return ref_year is not None and year < ref_year


def is_later(value: str, ref: dt.date | None) -> bool:
    return ref is not None and to_date(value) > ref
