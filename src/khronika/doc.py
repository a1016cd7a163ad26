"""The working document that every stage reads and extends (spaCy's shared Doc, in small)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from .language import Analysis
from .reading.article import Article
from .record import Record


class ActorRefs(Protocol):
    """What the actors stage leaves in `doc.state["refs"]` for quotes and events: every way the text can
    point at an actor (a name, a surname, a title, a pronoun, a capital as metonym, "МИД Казахстана"),
    resolved to the id of an actor in `doc.record.actors`."""

    def actor_for_token(self, i: int) -> str | None:
        """The actor named by the phrase whose head is token `i` (coreference applied), or None."""

    def actor_for_span(self, start: int, end: int) -> str | None:
        """The actor of the mention (or phrase) covering characters [start, end), or None."""

    def antecedent(self, char: int, kind: str = "person") -> str | None:
        """The most salient actor of `kind` mentioned before character `char` (for "он", "по его словам")."""

    def add_actor(self, name: str, kind: str, country: str | None = None, sector: str | None = None,
                  office: str | None = None) -> str:
        """Get or create an actor in the record (e.g. a state named only by an adjective); returns its id."""

    def capital_state(self, i: int) -> str | None:
        """The state a capital city at token `i` stands for when read as its seat of power ("в Таллине
        приговорили", "в Вашингтоне готовы"), whether or not the actors stage took it as a place there."""


@dataclass
class Doc:
    article: Article
    analysis: Analysis
    record: Record
    # What one stage leaves for a later one (e.g. the actors stage's coreference index for quotes
    # and events); never part of the record.
    state: dict[str, Any] = field(default_factory=dict)

    @property
    def refs(self) -> ActorRefs | None:
        return self.state.get("refs")

    @property
    def text(self) -> str:
        return self.record.text
