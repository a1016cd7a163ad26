"""The Article: what the reading layer hands to the language pipeline."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..record import RelatedItem, Source


@dataclass
class Article:
    text: str  # analysed text; every offset downstream points into it
    paragraphs: list[tuple[int, int]]
    title: str | None = None
    lead: str | None = None
    photo_credit: str | None = None
    published_at: str | None = None
    related: list[RelatedItem] = field(default_factory=list)
    source: Source = field(default_factory=Source)

    @classmethod
    def from_parts(cls, title: str | None, lead: str | None, body: list[str], **meta) -> "Article":
        """Join title, lead and body paragraphs with blank lines, remembering each paragraph's span."""
        parts = [p for p in [title, lead, *body] if p]
        text, spans, pos = "", [], 0
        for i, p in enumerate(parts):
            if i:
                text += "\n\n"
                pos += 2
            spans.append((pos, pos + len(p)))
            text += p
            pos += len(p)
        return cls(text=text, paragraphs=spans, title=title or None, lead=lead or None, **meta)

    @classmethod
    def from_clean_text(cls, text: str, title: str | None = None, **meta) -> "Article":
        """A clean body (a JSONL `text`), analysed as given so that offsets map back to the input: the text is
        exactly `title + "\n\n" + text` (line endings normalised to "\n"), or `text` alone without a title."""
        if title and title.strip():
            text = title + "\n\n" + text
        text = normalise_newlines(text)
        title = normalise_newlines(title).strip() if title else None  # as it stands in the text
        return cls(text=text, paragraphs=paragraph_spans(text), title=title or None, **meta)


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the non-blank lines of `text`, each line a paragraph, without surrounding whitespace."""
    return [m.span(1) for m in re.finditer(r"[^\S\n]*(\S(?:[^\n]*\S)?)", text)]
