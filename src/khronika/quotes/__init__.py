"""Quotes: direct, indirect and mixed, with speakers (issue 4 fills this in)."""
from __future__ import annotations

from ..doc import Doc


def find_quotes(doc: Doc) -> None:
    pass
