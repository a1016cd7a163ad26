"""Events: PLOVER 2.0 coding of who did what to whom (issue 5 fills this in)."""
from __future__ import annotations

from ..doc import Doc


def find_events(doc: Doc) -> None:
    pass
