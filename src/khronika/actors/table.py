"""The record's actor list: one actor per key, however many mentions point at it."""
from __future__ import annotations

from ..record import Actor, Record
from .lexicon import slug


def actor_key(kind: str, country: str | None, name: str) -> str:
    """A stable key for an actor without a Wikidata id: kind, country and name."""
    return f"{kind}:{country or 'XXX'}:{slug(name)}"


class ActorTable:
    def __init__(self, record: Record):
        self.record = record
        self.by_key: dict[str, str] = {a.key: a.id for a in record.actors}
        self.by_id: dict[str, Actor] = {a.id: a for a in record.actors}

    def get(self, key: str, name: str, kind: str, country: str | None = None, sector: str | None = None,
            office: str | None = None, wikidata: str | None = None) -> str:
        """The id of the actor with `key`, created if new; known fields are filled in, never overwritten."""
        aid = self.by_key.get(key)
        if aid is not None:
            a = self.by_id[aid]
            a.country = a.country or country
            a.sector = a.sector or sector
            a.office = a.office or office
            a.wikidata = a.wikidata or wikidata
            return aid
        aid = f"a{len(self.record.actors) + 1}"
        a = Actor(id=aid, key=key, name=name, kind=kind, country=country, sector=sector, office=office,
                  wikidata=wikidata)
        self.record.actors.append(a)
        self.by_key[key] = aid
        self.by_id[aid] = a
        return aid

    def __getitem__(self, aid: str) -> Actor:
        return self.by_id[aid]
