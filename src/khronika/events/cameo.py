"""CAMEO code, Goldstein weight and quad class of a coded event (for GDELT-style users)."""
from __future__ import annotations

from dataclasses import dataclass

from .lexicon import Lexicon


@dataclass(frozen=True)
class Codes:
    cameo: str | None
    goldstein: float | None
    quad: int


def codes_for(lexicon: Lexicon, event: str, mode: str | None, origin: str | None, entry_cameo: str | None) -> Codes:
    """The entry's CAMEO code unless the event was derived (a REQUEST's mode from what is asked, a future
    cooperative action coded AGREE ...), in which case recoding.tsv names the closest code."""
    code = lexicon.recode(event, mode, origin, entry_cameo)
    goldstein = lexicon.cameo.get(code) if code else None
    return Codes(code, goldstein, lexicon.types[event].quad)
