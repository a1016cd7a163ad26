"""The working document that every stage reads and extends (spaCy's shared Doc, in small)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .language import Analysis
from .reading.article import Article
from .record import Record


@dataclass
class Doc:
    article: Article
    analysis: Analysis
    record: Record
    # What one stage leaves for a later one (e.g. the actors stage's coreference index for quotes
    # and events); never part of the record.
    state: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.record.text
