"""Actors: mentions -> actors with country, sector and office, and the ActorRefs that quotes and events use.

Modules: tables (data-file reading), lexicon (gazetteers compiled to lemma indexes), scan (one gazetteer pass over
a text), metonymy (capital as state or as place), roles (office titles around names), resolve (mentions -> actors),
persons (people, their names and offices), table (one actor per key), refs (ActorRefs: names, titles, pronouns,
adjectives -> actor ids), registry (roles across articles).
"""
from __future__ import annotations

from ..doc import Doc
from .lexicon import get_lexicon
from .registry import Registry
from .tables import DataFileError


class ActorStage:
    """Fills `record.actors` and `mentions[].actor`, and leaves `doc.state["refs"]` (an ActorRefs).

    `registry` carries roles across articles; without one, the built-in registry of top officials is used."""

    def __init__(self, registry: Registry | None = None):
        self.lexicon = get_lexicon()
        self.registry = registry if registry is not None else _base_registry()

    def __call__(self, doc: Doc) -> None:
        from .refs import Refs
        from .resolve import Resolver
        res = Resolver(doc, self.lexicon, self.registry)
        res.build_mentions()
        res.resolve_non_persons()
        res.resolve_persons()
        res.finish()
        doc.state["refs"] = Refs(res)
        # person actor id -> the role phrase the article gives it (bench/eval_roles.py reads these)
        doc.state["actor_roles"] = {}
        for p in res.persons:
            if p.role is not None and p.works and p.works[0].actor:
                doc.state["actor_roles"][p.works[0].actor] = p.role


_BASE: Registry | None = None


def _base_registry() -> Registry:
    global _BASE
    if _BASE is None:
        _BASE = Registry()
    return _BASE


__all__ = ["ActorStage", "Registry", "DataFileError"]
