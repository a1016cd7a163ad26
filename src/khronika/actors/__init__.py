"""Actors: mentions -> actors with country, sector and office (issue 3 fills this in)."""
from __future__ import annotations

from ..doc import Doc


class ActorStage:
    def __init__(self, registry=None):
        self.registry = registry

    def __call__(self, doc: Doc) -> None:
        pass
