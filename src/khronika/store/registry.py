"""Persisting the actor registry (khronika.actors.registry.Registry): the roles it learns from each
article go into `actor_roles`; `Registry.from_roles(rows)` rebuilds it for the next ingest."""
from __future__ import annotations

from typing import Any, Iterable

from ..record import Record

ROLE_KEYS = ("name", "key", "office", "country", "sector", "seen_at", "article_id")


def registry_class():
    """The actors package's Registry, or None where it is not available."""
    try:
        from ..actors.registry import Registry
    except ImportError:
        return None
    return Registry


def build_registry(rows: Iterable[dict]) -> Any | None:
    cls = registry_class()
    if cls is None:
        return None
    return cls.from_roles(list(rows))


def learn(registry: Any | None, record: Record) -> list[dict]:
    """The role rows `record` teaches: from the registry when there is one, else read off the record's
    person actors that carry an office (what an apposition gave them)."""
    rows = registry.learn(record) if registry is not None and hasattr(registry, "learn") else roles_from_actors(record)
    return [normalise(r, record) for r in rows or [] if r.get("key") and r.get("name")]


def roles_from_actors(record: Record) -> list[dict]:
    return [{"name": a.name, "key": a.key, "office": a.office, "country": a.country, "sector": a.sector,
             "seen_at": record.published_at, "article_id": record.id}
            for a in record.actors if a.kind == "person" and a.office]


def normalise(row: dict, record: Record) -> dict:
    out = {k: row.get(k) for k in ROLE_KEYS}
    out["seen_at"] = out["seen_at"] or record.published_at
    out["article_id"] = out["article_id"] or record.id
    return out
