"""Dates in the store: every partial ISO date becomes a day for range queries; user bounds are checked."""
from __future__ import annotations

import calendar
import re

from .errors import QueryError

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ].*)?$")


def day_of(iso: str | None) -> str | None:
    """"2025-12-31T10:33" -> "2025-12-31"; "2022-01" -> "2022-01-01"; "2022" -> "2022-01-01"; else None."""
    if not iso:
        return None
    m = _ISO.match(iso.strip())
    if not m:
        return None
    y, mo, d = m.group(1), m.group(2) or "01", m.group(3) or "01"
    if not (1 <= int(mo) <= 12 and 1 <= int(d) <= 31):
        return None
    return f"{y}-{mo}-{d}"


def month_of(day: str | None) -> str | None:
    return day[:7] if day else None


def bound(text: str | None, end: bool, what: str) -> str | None:
    """A --since/--until value (YYYY, YYYY-MM or YYYY-MM-DD) -> the first (or, for `end`, last) day it covers."""
    if text is None or text == "":
        return None
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", text.strip())
    if not m:
        raise QueryError(f"{what}: {text!r} is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)")
    y = int(m.group(1))
    mo = int(m.group(2)) if m.group(2) else (12 if end else 1)
    if not 1 <= mo <= 12:
        raise QueryError(f"{what}: {text!r} has no month {mo}")
    last = calendar.monthrange(y, mo)[1]
    d = int(m.group(3)) if m.group(3) else (last if end else 1)
    if not 1 <= d <= last:
        raise QueryError(f"{what}: {text!r} has no day {d} in {y}-{mo:02d}")
    return f"{y:04d}-{mo:02d}-{d:02d}"


def check_range(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    lo, hi = bound(since, False, "--since"), bound(until, True, "--until")
    if lo and hi and lo > hi:
        raise QueryError(f"--since {since} is after --until {until}: nothing can match")
    return lo, hi


def add_day_range(conds: list[str], params: list, column: str, lo: str | None, hi: str | None) -> None:
    """Append `column >= lo` / `column <= hi` (checked bounds from check_range; None = open) to a query's
    conditions and parameters: the one way every query filters on days."""
    if lo:
        conds.append(f"{column} >= ?")
        params.append(lo)
    if hi:
        conds.append(f"{column} <= ?")
        params.append(hi)
