"""Page text as scrapers save it (the seed's layout): title, lead, body, photo credits, related block."""
from __future__ import annotations

from ..record import RelatedItem, Source
from .article import Article, normalise_newlines
from .dates import parse_date_line
from .markers import markers

# A credit line is short; a long line that merely starts with "Фото:" is still one, up to this length.
MAX_CREDIT_LEN = 200


def is_related_heading(line: str) -> bool:
    """A heading that opens a block of other articles' headlines ("Новости по теме", "Читайте также")."""
    return bool(markers().related_heading_re.match(line.strip()))


def photo_credit(line: str) -> str | None:
    """'Фото: gov.kz' -> 'gov.kz'; None when the line is not a credit."""
    line = line.strip()
    m = markers().credit_re.match(line)
    if not m or len(line) > MAX_CREDIT_LEN:
        return None
    return (m.group("credit") or m.group("credit2")).strip()


def parse_related(lines: list[str]) -> list[RelatedItem]:
    """Lines after a related heading: time lines and headlines, each time belonging to the headline after it."""
    items: list[RelatedItem] = []
    pending_time: str | None = None
    have_time = False
    for line in lines:
        iso = parse_date_line(line)
        if iso:
            if have_time:  # a time with no headline after it
                items.append(RelatedItem(time=pending_time, title=None))
            pending_time, have_time = iso, True
            continue
        items.append(RelatedItem(time=pending_time if have_time else None, title=line))
        pending_time, have_time = None, False
    if have_time:
        items.append(RelatedItem(time=pending_time, title=None))
    return items


def read_page_text(raw: str, source: Source | None = None) -> Article:
    lines = [" ".join(l.split()) for l in normalise_newlines(raw).split("\n")]
    lines = [l for l in lines if l]
    if not lines:
        raise ValueError("no text")
    block: list[RelatedItem] = []
    for i, line in enumerate(lines):
        if is_related_heading(line):
            block = parse_related(lines[i + 1:])
            lines = lines[:i]
            break
    credit = None
    published_at = None
    content: list[str] = []
    inline: list[RelatedItem] = []
    inline_related = markers().inline_related_re
    for i, line in enumerate(lines):
        m = inline_related.match(line)
        if m and i > 0:  # "Читайте также: <headline>" inside the body: one related item, the body goes on
            inline.append(RelatedItem(time=None, title=m.group("title").strip()))
            continue
        c = photo_credit(line)
        if c is not None:
            credit = credit or c
            continue
        iso = parse_date_line(line)
        if iso:
            # a date line near the top is the page's publication date, never text
            if published_at is None and i <= 3:
                published_at = iso
            continue
        content.append(line)
    if not content:
        raise ValueError("no text besides credits and dates")
    title = content[0]
    lead = content[1] if len(content) >= 3 else None
    body = content[2:] if lead else content[1:]
    return Article.from_parts(title, lead, body, photo_credit=credit, published_at=published_at,
                              related=inline + block, source=source or Source())
