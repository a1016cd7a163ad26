"""Page text as scrapers save it (the seed's layout): title, lead, body, photo credits, related block."""
from __future__ import annotations

import re

from ..record import RelatedItem, Source
from .article import Article, normalise_newlines
from .dates import parse_date_line

# Headings that open a block of other articles' headlines; nothing after them is this article's text.
RELATED_HEADINGS = re.compile(
    r"^(новости по теме|читайте также|читайте еще|читайте ещё|похожие новости|похожие материалы|"
    r"материалы по теме|другие новости|ещё по теме|еще по теме|по теме|смотрите также|related news|"
    r"последние новости|новости партнеров|новости партнёров|самое читаемое|популярное)\s*[:.]?$",
    re.I,
)
PHOTO_CREDIT = re.compile(
    r"^(?:фото(?:графия)?|фотография|photo|источник фото|фото и видео|иллюстрация|кадр)\s*"
    r"(?:[:©]|—|-)\s*(?P<credit>.+)$|^©\s*(?P<credit2>.+)$",
    re.I,
)
# Short credit lines are credits; a long sentence starting with "Фото:" is rare and still a credit.
MAX_CREDIT_LEN = 200


def photo_credit(line: str) -> str | None:
    m = PHOTO_CREDIT.match(line.strip())
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
    related: list[RelatedItem] = []
    for i, line in enumerate(lines):
        if RELATED_HEADINGS.match(line):
            related = parse_related(lines[i + 1:])
            lines = lines[:i]
            break
    credit = None
    published_at = None
    content: list[str] = []
    for i, line in enumerate(lines):
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
                              related=related, source=source or Source())
