"""The database schema, its version and the migrations that bring an older database up to date.

Each migration runs in its own write transaction together with the version bump, so a database is
always at exactly one version, even when a migration is killed halfway. A migration is SQL (through
the dialect's type names) plus, where existing rows need it, a Python step that backfills them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from .base import Store

APP = "khronika"
SCHEMA_VERSION = 6

CORE = [
    """CREATE TABLE articles (
        pk {pk},
        id TEXT NOT NULL UNIQUE,
        url TEXT, site TEXT, file TEXT,
        published_at TEXT, day TEXT,
        title TEXT, lead TEXT, photo_credit TEXT,
        text TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        record TEXT NOT NULL,
        n_mentions INTEGER NOT NULL, n_actors INTEGER NOT NULL,
        n_quotes INTEGER NOT NULL, n_events INTEGER NOT NULL,
        ingested_at TEXT NOT NULL)""",
    "CREATE INDEX articles_day ON articles(day)",
    "CREATE INDEX articles_hash ON articles(content_hash)",
    """CREATE TABLE actors (
        pk {pk},
        key TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL, name_fold TEXT NOT NULL,
        kind TEXT NOT NULL, country TEXT, sector TEXT, office TEXT, wikidata TEXT,
        n_articles INTEGER NOT NULL DEFAULT 0,
        first_seen TEXT, last_seen TEXT)""",
    "CREATE INDEX actors_name ON actors(name_fold)",
    "CREATE INDEX actors_country ON actors(country, kind)",
    # the actor as this article presents it (office, country, sector as of the article's day)
    """CREATE TABLE article_actors (
        article {ref} NOT NULL, local TEXT NOT NULL, actor {ref} NOT NULL,
        office TEXT, country TEXT, sector TEXT, day TEXT,
        PRIMARY KEY (article, local))""",
    "CREATE INDEX article_actors_actor ON article_actors(actor)",
    """CREATE TABLE mentions (
        pk {pk}, article {ref} NOT NULL, local TEXT NOT NULL,
        char_start INTEGER NOT NULL, char_end INTEGER NOT NULL,
        text TEXT NOT NULL, type TEXT NOT NULL, normal TEXT, actor {ref})""",
    "CREATE INDEX mentions_article ON mentions(article)",
    "CREATE INDEX mentions_actor ON mentions(actor)",
    """CREATE TABLE quotes (
        pk {pk}, article {ref} NOT NULL, local TEXT NOT NULL, kind TEXT NOT NULL,
        char_start INTEGER NOT NULL, char_end INTEGER NOT NULL, text TEXT NOT NULL,
        speaker {ref}, speaker_text TEXT, cue TEXT, day TEXT)""",
    "CREATE INDEX quotes_article ON quotes(article)",
    "CREATE INDEX quotes_speaker ON quotes(speaker, day)",
    """CREATE TABLE events (
        pk {pk}, article {ref} NOT NULL, local TEXT NOT NULL,
        event TEXT NOT NULL, mode TEXT, context TEXT NOT NULL,
        date TEXT, day TEXT, month TEXT,
        historical INTEGER NOT NULL, future INTEGER NOT NULL,
        hypothetical INTEGER NOT NULL, negated INTEGER NOT NULL,
        location {ref},
        trigger_start INTEGER, trigger_end INTEGER, trigger_text TEXT,
        sentence_start INTEGER, sentence_end INTEGER,
        cameo TEXT, goldstein {real}, quad INTEGER, confidence {real})""",
    "CREATE INDEX events_article ON events(article)",
    "CREATE INDEX events_day ON events(day)",
    "CREATE INDEX events_type ON events(event, day)",
    """CREATE TABLE event_actors (
        event {ref} NOT NULL, side TEXT NOT NULL, position INTEGER NOT NULL,
        actor {ref} NOT NULL, country TEXT,
        PRIMARY KEY (event, side, position))""",
    # covering indexes: the events and dyad queries start from an actor or a country and need only event pks
    "CREATE INDEX event_actors_actor ON event_actors(actor, side, event)",
    "CREATE INDEX event_actors_country ON event_actors(country, side, event)",
    """CREATE TABLE related (
        article {ref} NOT NULL, position INTEGER NOT NULL,
        time TEXT, title TEXT, url TEXT,
        PRIMARY KEY (article, position))""",
]

ROLES = [
    # One row per (actor, office, article) the registry learned: "offices over time".
    # Empty strings, not NULLs, in the unique columns: NULLs never collide in a UNIQUE constraint.
    """CREATE TABLE actor_roles (
        pk {pk}, actor {ref}, key TEXT NOT NULL, name TEXT NOT NULL,
        office TEXT NOT NULL DEFAULT '', country TEXT, sector TEXT,
        seen_at TEXT, article_id TEXT NOT NULL DEFAULT '',
        UNIQUE (key, office, article_id))""",
    "CREATE INDEX actor_roles_actor ON actor_roles(actor)",
]


FETCHES = [
    # What the monitor (khronika.monitor) fetched: one row per normalised URL of a page or a feed, so a restart
    # does not refetch what is done and a URL listed by two feeds is fetched once.
    """CREATE TABLE fetches (
        url TEXT PRIMARY KEY, kind TEXT NOT NULL, feed TEXT,
        status TEXT NOT NULL, http_status INTEGER, final_url TEXT,
        etag TEXT, last_modified TEXT, article_id TEXT, error TEXT,
        tries INTEGER NOT NULL DEFAULT 0,
        entry_title TEXT, entry_published TEXT,
        first_seen TEXT NOT NULL, fetched_at TEXT)""",
    "CREATE INDEX fetches_status ON fetches(kind, status)",
]


def _story_tables() -> list[str]:
    from ..stories.schema import STORY_TABLES
    return STORY_TABLES


@dataclass
class Migration:
    version: int
    what: str
    statements: Callable[["Store"], list[str]]
    backfill: Callable[["Store"], None] | None = field(default=None)


def _backfill_fts(store: "Store") -> None:
    from .write import index_existing_text
    index_existing_text(store)


def _backfill_stories(store: "Store") -> None:
    from ..stories.link import link_existing
    link_existing(store)


def _backfill_dyads(store: "Store") -> None:
    from .dyads import backfill
    backfill(store)


def _dyad_statements(store: "Store") -> list[str]:
    from .dyads import migration
    return migration(store.dialect)


def _backfill_roles(store: "Store") -> None:
    from .write import learn_roles_from_records
    learn_roles_from_records(store)


MIGRATIONS = [
    Migration(1, "articles, actors, mentions, quotes, events, related",
              lambda s: [s.dialect.ddl(q) for q in CORE]),
    Migration(2, "full-text lemma indexes over articles, quotes and actor names",
              lambda s: s.dialect.fts_create(), _backfill_fts),
    Migration(3, "actor roles learned across articles (the registry)",
              lambda s: [s.dialect.ddl(q) for q in ROLES], _backfill_roles),
    Migration(4, "fetch state of monitored pages and feeds",
              lambda s: [s.dialect.ddl(q) for q in FETCHES]),
    Migration(5, "stories: near-duplicates, threads, related links, events grouped across articles",
              lambda s: [s.dialect.ddl(q) for q in _story_tables()], _backfill_stories),
    Migration(6, "events between two countries, kept ready for the dyad queries by triggers on event_groups",
              _dyad_statements, _backfill_dyads),
]
assert [m.version for m in MIGRATIONS] == list(range(1, SCHEMA_VERSION + 1))
