"""The record contract (spec/RECORD.md): plain classes and their JSON form.

Every offset is a character offset into `Record.text`, end exclusive, so that
`text[start:end]` always shows the evidence in place.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

SCHEMA = "khronika.record/1"


def record_id(text: str) -> str:
    """Stable id: the same analysed text always gives the same id."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


@dataclass
class Source:
    url: str | None = None
    site: str | None = None
    file: str | None = None


@dataclass
class RelatedItem:
    time: str | None
    title: str | None
    url: str | None = None


@dataclass
class Mention:
    id: str
    start: int
    end: int
    text: str
    type: str  # PER | ORG | LOC
    normal: str
    actor: str | None = None


@dataclass
class Actor:
    id: str
    key: str
    name: str
    kind: str  # person | organization | country | place | igo | media | group
    country: str | None = None
    sector: str | None = None
    office: str | None = None
    wikidata: str | None = None


@dataclass
class Quote:
    id: str
    kind: str  # direct | indirect | mixed
    start: int
    end: int
    text: str
    speaker: str | None = None
    speaker_text: str | None = None
    cue: str | None = None


@dataclass
class Span:
    start: int
    end: int
    text: str | None = None


@dataclass
class Event:
    id: str
    event: str
    mode: str | None
    context: list[str]
    actor: list[str]
    recipient: list[str]
    date: str | None
    historical: bool
    future: bool
    hypothetical: bool
    negated: bool
    location: str | None
    trigger: dict
    sentence: dict
    cameo: str | None
    goldstein: float | None
    quad: int
    confidence: float


@dataclass
class Record:
    id: str
    text: str
    source: Source = field(default_factory=Source)
    published_at: str | None = None
    title: str | None = None
    lead: str | None = None
    photo_credit: str | None = None
    paragraphs: list[list[int]] = field(default_factory=list)
    related: list[RelatedItem] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    language: str = "ru"
    schema: str = SCHEMA

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        # spec order: schema and id first, text before its offsets
        order = ["schema", "id", "source", "language", "published_at", "title", "lead",
                 "photo_credit", "text", "paragraphs", "related", "mentions", "actors",
                 "quotes", "events"]
        return {k: d[k] for k in order}

    def to_json(self, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def actor(self, actor_id: str | None) -> Actor | None:
        for a in self.actors:
            if a.id == actor_id:
                return a
        return None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Record":
        return cls(
            id=d["id"], text=d["text"], source=Source(**d.get("source") or {}),
            published_at=d.get("published_at"), title=d.get("title"), lead=d.get("lead"),
            photo_credit=d.get("photo_credit"), paragraphs=[list(p) for p in d.get("paragraphs", [])],
            related=[RelatedItem(**r) for r in d.get("related", [])],
            mentions=[Mention(**m) for m in d.get("mentions", [])],
            actors=[Actor(**a) for a in d.get("actors", [])],
            quotes=[Quote(**q) for q in d.get("quotes", [])],
            events=[Event(**e) for e in d.get("events", [])],
            language=d.get("language", "ru"), schema=d.get("schema", SCHEMA),
        )
