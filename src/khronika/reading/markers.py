"""The page-layout lexicon (data/reading/page_markers.tsv): related-block headings, credit prefixes and the
HTML class names of related blocks, credits and leads. Loaded once; a malformed line fails loading with the
file, the line and the reason."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

MARKERS_FILE = Path(__file__).resolve().parent.parent / "data" / "reading" / "page_markers.tsv"
KINDS = ("related_heading", "credit_prefix", "related_class", "credit_class", "lead_class", "more_link")


class DataFileError(ValueError):
    """A malformed line in one of the package's data files."""


@dataclass(frozen=True)
class PageMarkers:
    related_headings: tuple[str, ...]
    credit_prefixes: tuple[str, ...]
    related_classes: tuple[str, ...]
    credit_classes: tuple[str, ...]
    lead_classes: frozenset[str]
    more_links: frozenset[str]

    @functools.cached_property
    def related_heading_re(self) -> re.Pattern:
        """A whole line that is a related-block heading."""
        alts = "|".join(re.escape(h) for h in sorted(self.related_headings, key=len, reverse=True))
        return re.compile(rf"^(?:{alts})\s*[:.]?$", re.I)

    @functools.cached_property
    def inline_related_re(self) -> re.Pattern:
        """'Читайте также: <headline>' on one line."""
        alts = "|".join(re.escape(h) for h in sorted(self.related_headings, key=len, reverse=True))
        return re.compile(rf"^(?:{alts})\s*(?::|—|–|-)\s*(?P<title>\S.*)$", re.I)

    @functools.cached_property
    def credit_re(self) -> re.Pattern:
        """A photo credit line: 'Фото: gov.kz', 'Фото — РИА Новости / ...', '© Reuters'."""
        alts = "|".join(re.escape(p) for p in sorted(self.credit_prefixes, key=len, reverse=True))
        return re.compile(rf"^(?:(?:{alts})\s*(?::|©|—|–|-)\s*(?:©\s*)?(?P<credit>\S.*)|©\s*(?P<credit2>\S.*))$", re.I)

    @functools.cached_property
    def credit_search_re(self) -> re.Pattern:
        """A credit inside a longer caption: 'Министр на встрече. Фото: gov.kz'."""
        alts = "|".join(re.escape(p) for p in sorted(self.credit_prefixes, key=len, reverse=True))
        return re.compile(rf"(?:^|[\s.,;(])(?:{alts})\s*(?::|©)\s*(?P<credit>[^()]+?)\s*\)?\s*$|©\s*(?P<credit2>[^©]+?)\s*$",
                          re.I)

    def is_related_class(self, compact: str) -> bool:
        return any(c in compact for c in self.related_classes)

    def is_credit_class(self, compact: str) -> bool:
        return any(c in compact for c in self.credit_classes)

    def is_lead_class(self, words: list[str]) -> bool:
        return any(w in self.lead_classes for w in words)


def load_markers(path: Path = MARKERS_FILE) -> PageMarkers:
    values: dict[str, list[str]] = {k: [] for k in KINDS}
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except OSError as e:
        raise DataFileError(f"{path}: cannot read: {e.strerror or e}") from None
    header_seen = False
    for n, raw in enumerate(lines, 1):
        line = raw.rstrip("\r")
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if not header_seen:
            if cols != ["kind", "value"]:
                raise DataFileError(f"{path}:{n}: expected the header 'kind<TAB>value'")
            header_seen = True
            continue
        if len(cols) != 2:
            raise DataFileError(f"{path}:{n}: expected 2 tab-separated columns, found {len(cols)}")
        kind, value = cols[0].strip(), cols[1].strip()
        if kind not in values:
            raise DataFileError(f"{path}:{n}: unknown kind {kind!r} (one of {', '.join(KINDS)})")
        if not value:
            raise DataFileError(f"{path}:{n}: empty value")
        if kind.endswith("_class") and not re.fullmatch(r"[a-z0-9]+", value):
            raise DataFileError(f"{path}:{n}: a class fragment is lowercase letters and digits only: {value!r}")
        values[kind].append(value.lower())
    if not header_seen:
        raise DataFileError(f"{path}: no header line")
    for kind in ("related_heading", "credit_prefix"):
        if not values[kind]:
            raise DataFileError(f"{path}: no {kind} entries")
    return PageMarkers(tuple(values["related_heading"]), tuple(values["credit_prefix"]),
                       tuple(values["related_class"]), tuple(values["credit_class"]),
                       frozenset(values["lead_class"]), frozenset(values["more_link"]))


@functools.lru_cache(maxsize=1)
def markers() -> PageMarkers:
    return load_markers()
