"""Who holds (or held) which office: the registry that carries roles across articles.

Its built-in base is officials.tsv (top office holders with date ranges). Articles teach it more: a person
introduced with an apposition ("министр иностранных дел Казахстана Мурат Нуртлеу") becomes a role row, and a later
article that says only "Нуртлеу" resolves to the same actor. The store persists the rows (`learn` returns them,
`from_roles` rebuilds a registry from them).
"""
from __future__ import annotations

import datetime as _dt
import re
from collections import defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterable

from .lexicon import fold, slug
from .tables import DataFileError, data_path, read_table

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_CODES_EXTRA = {"IGO", "UNO", "EUR"}

# keys of a learned role row (the store's contract)
ROLE_KEYS = ("name", "key", "office", "country", "sector", "seen_at", "article_id")


@dataclass(frozen=True, slots=True)
class Role:
    name: str  # "Мурат Нуртлеу"
    key: str  # stable actor key (Wikidata id or slug)
    office: str | None
    country: str | None
    sector: str | None
    start: str | None = None  # officials: the office's date range
    end: str | None = None
    seen_at: str | None = None  # learned roles: the article's date
    article_id: str | None = None
    wikidata: str | None = None
    surnames: tuple[str, ...] = ()

    @property
    def official(self) -> bool:
        return self.seen_at is None and self.article_id is None and (self.start is not None)


@dataclass(frozen=True, slots=True)
class Identity:
    """What the registry says about a name at a date."""
    name: str
    key: str
    country: str | None
    office: str | None  # only when valid at the date
    sector: str | None
    wikidata: str | None


def person_key(name: str) -> str:
    """A person's key without a Wikidata id: the name alone, so that it stays the same in an article that does
    not say the person's country."""
    return f"person:{slug(name)}"


def _day(d: str | None) -> str | None:
    """A comparable day string from an ISO date or datetime ('2025-12-31T10:33' -> '2025-12-31')."""
    if not d:
        return None
    return str(d)[:10]


def _covers(start: str | None, end: str | None, day: str) -> bool:
    # a partial date (2024-04) compares as its first day for the start and as all of it for the end
    if start and day < start:
        return False
    if end and day[: len(end)] > end:
        return False
    if end and day[: len(end)] == end and len(end) == 10:
        return False  # the day the office ended belongs to the successor
    return True


def surname_of(name: str) -> str:
    words = name.split()
    return fold(words[-1]) if words else ""


class Registry:
    """Roles by surname; `lookup(name, date)` gives the person a name stands for at that date."""

    def __init__(self, base: bool = True, officials: Path | None = None):
        self._roles: list[Role] = []
        self._by_surname: dict[str, list[Role]] = defaultdict(list)
        self._by_key: dict[str, list[Role]] = defaultdict(list)
        if base:
            for role in load_officials(officials or data_path("officials.tsv")):
                self._add(role)

    def _add(self, role: Role) -> None:
        self._roles.append(role)
        for s in {*role.surnames, surname_of(role.name)}:
            self._by_surname[s].append(role)
        self._by_key[role.key].append(role)

    def __len__(self) -> int:
        return len(self._roles)

    def add_role(self, name: str, key: str | None = None, office: str | None = None, country: str | None = None,
                 sector: str | None = None, seen_at: str | None = None, article_id: str | None = None,
                 **_ignored) -> None:
        """Remember that `name` held `office` for `country` as of `seen_at` (a role learned from an article)."""
        if not name or not name.strip():
            raise ValueError("a role needs a name")
        name = " ".join(name.split())
        key = key or person_key(name)
        for r in self._by_key.get(key, ()):
            if (r.office, r.country, r.seen_at, r.article_id) == (office, country, _day(seen_at), article_id):
                return
        self._add(Role(name, key, office, country, sector, seen_at=_day(seen_at), article_id=article_id))

    @classmethod
    def from_roles(cls, rows: Iterable[dict], base: bool = True) -> "Registry":
        reg = cls(base=base)
        for row in rows:
            reg.add_role(**row)
        return reg

    def roles(self) -> list[dict]:
        """Every learned (non-base) role as a row."""
        return [{k: asdict(r)[k] for k in ROLE_KEYS} for r in self._roles if not r.official]

    def learn(self, record) -> list[dict]:
        """The role rows a processed record teaches (persons with an office named in the article), also added
        here. Rows the registry already knows for that date are not repeated."""
        rows: list[dict] = []
        day = _day(record.published_at)
        for a in record.actors:
            if a.kind != "person" or not a.office or len(a.name.split()) < 2 or not a.name[:1].isupper():
                continue  # a surname alone teaches nothing; "посол Молдавии" is a title, not a name
            known = self.lookup(a.name, day)
            if known and known.key == a.key and known.office == a.office and known.country == a.country:
                continue
            row = {"name": a.name, "key": a.key, "office": a.office, "country": a.country, "sector": a.sector,
                   "seen_at": day, "article_id": record.id}
            self.add_role(**row)
            rows.append(row)
        return rows

    def holders(self, offices: tuple[str, ...], country: str, date: str | None = None) -> list[Identity]:
        """Who held one of `offices` for `country` at `date` (default today), from the officials and the roles
        learned: "турецкий лидер" in an article of 2018 is Реджеп Тайип Эрдоган."""
        day = _day(date) or _dt.date.today().isoformat()
        out: dict[str, Identity] = {}
        for r in self._roles:
            if r.country == country and r.office in offices and r.official and _current(r, day):
                out.setdefault(r.key, Identity(r.name, r.key, r.country, r.office, r.sector, r.wikidata))
        return list(out.values())

    def knows_surname(self, word: str) -> bool:
        """Whether a one-word name ("Нуртлеу", "Лаврова" folded to its lemma by the caller) is a known surname."""
        return fold(word) in self._by_surname

    def lookup(self, name: str, date: str | None = None) -> Identity | None:
        """The person `name` ("Нуртлеу", "Мурат Нуртлеу", "М. Нуртлеу") stands for at `date` (default today);
        None when unknown or ambiguous. The office is given only when held at that date."""
        words = name.split()
        if not words:
            return None
        day = _day(date) or _dt.date.today().isoformat()
        cands = list(self._by_surname.get(fold(name), ())) or list(self._by_surname.get(surname_of(name), ()))
        if not cands:
            return None
        if len(words) > 1:
            first = fold(words[0]).rstrip(".")
            full = [r for r in cands if fold(r.name) == fold(name) or fold(r.name).startswith(first)
                    or fold(r.name).split()[0][:1] == first[:1] and len(first) == 1]
            if not full and fold(name) not in {fold(s) for r in cands for s in r.surnames}:
                return None
            cands = full or cands
        by_person: dict[str, list[Role]] = defaultdict(list)
        for r in cands:
            by_person[r.key].append(r)
        if len(by_person) > 1:
            # several people share the surname: the one in office at the date, if exactly one is
            active = [k for k, rs in by_person.items() if any(_current(r, day) for r in rs)]
            if len(active) != 1:
                return None
            by_person = {active[0]: by_person[active[0]]}
        [(key, roles)] = by_person.items()
        valid = [r for r in roles if _current(r, day)]
        role = _latest(valid) if valid else None
        anchor = role or _latest(roles)
        return Identity(anchor.name, key, anchor.country, role.office if role else None,
                        role.sector if role else None, next((r.wikidata for r in roles if r.wikidata), None))


def _current(r: Role, day: str) -> bool:
    if r.official:
        return _covers(r.start, r.end, day)
    # a learned role is known from its article's date on
    return r.seen_at is None or r.seen_at <= day


def _latest(roles: list[Role]) -> Role:
    return max(roles, key=lambda r: (r.start or r.seen_at or ""))


def _valid_date(d: str) -> bool:
    y, m, dd = (d.split("-") + ["01", "01"])[:3]
    try:
        _dt.date(int(y), int(m), int(dd))
    except ValueError:
        return False
    return True


def load_officials(path: str | Path) -> list[Role]:
    from .lexicon import get_lexicon
    codes = {c.code for c in get_lexicon().countries.values()} | _CODES_EXTRA
    roles = []
    for row in read_table(path, ["name", "surnames", "wikidata", "country", "office", "sector", "start", "end"],
                          required=("name", "country", "office", "sector", "start")):
        if row["country"] not in codes:
            raise row.fail(f"unknown country '{row['country']}'")
        for col in ("start", "end"):
            if row[col] and not _DATE.match(row[col]):
                raise row.fail(f"{col} must be YYYY[-MM[-DD]], got '{row[col]}'")
        for col in ("start", "end"):
            if row[col] and not _valid_date(row[col]):
                raise row.fail(f"{col} is not a calendar date: '{row[col]}'")
        if row["end"] and row["end"] < row["start"]:
            raise row.fail("end before start")
        if row["wikidata"] and not re.match(r"^Q\d+$", row["wikidata"]):
            raise row.fail(f"wikidata must look like Q123, got '{row['wikidata']}'")
        wd = row["wikidata"] or None
        key = wd or person_key(row["name"])
        roles.append(Role(row["name"], key, row["office"], row["country"], row["sector"], start=row["start"],
                          end=row["end"] or None, wikidata=wd,
                          surnames=tuple(fold(s) for s in row.list("surnames"))))
    return roles


__all__ = ["Registry", "Role", "Identity", "ROLE_KEYS", "person_key", "DataFileError"]
