"""Events: PLOVER 2.0 coding of who did what to whom, from a trigger lexicon and natasha's syntax.

The stage reads `doc.analysis`, the quotes already found (events asserted only inside a direct quote are not
events) and the actors stage's refs (`doc.state["refs"]`), and fills `doc.record.events`.
"""
from __future__ import annotations

import functools

from ..doc import Doc
from .coding import EventCoder
from .lexicon import LexiconError, load_lexicon

__all__ = ["EventCoder", "LexiconError", "find_events", "load_lexicon"]


@functools.lru_cache(maxsize=1)
def _coder() -> EventCoder:
    return EventCoder()


def find_events(doc: Doc) -> None:
    _coder()(doc)
