"""Everything a record needs before it is written, computed where the NLP ran (in the worker process),
so the single writer only executes inserts."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from ..record import Record
from .lemmas import Lemmatizer, get_lemmatizer


@dataclass
class PreparedArticle:
    id: str
    record: dict[str, Any]  # Record.to_dict()
    content_hash: str
    lemmas: str  # the article's full-text lemma string (the text includes title and lead)
    quote_lemmas: list[str]  # one per record quote, in order
    actor_lemmas: dict[str, str]  # actor key -> lemma string of its name
    roles: list[dict] = field(default_factory=list)  # rows for actor_roles (see registry.py)


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def prepare(record: Record, roles: list[dict] | None = None, lemmatizer: Lemmatizer | None = None) -> PreparedArticle:
    lem = lemmatizer or get_lemmatizer()
    return PreparedArticle(
        id=record.id,
        record=record.to_dict(),
        content_hash=content_hash(record.text),
        lemmas=lem.index_text(record.text),
        quote_lemmas=[lem.index_text(q.text) for q in record.quotes],
        actor_lemmas={a.key: lem.index_text(a.name) for a in record.actors},
        roles=list(roles or []),
    )
