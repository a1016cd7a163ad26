"""What differs between database engines, in one small place: placeholders, column types, the full-text
index, how a write transaction starts, and how engine errors become StoreErrors.

All other SQL in the store is written once, in the portable subset SQLite >= 3.35 and PostgreSQL share
(`INSERT ... ON CONFLICT ... DO UPDATE`, `RETURNING`, `COALESCE`, `EXISTS`), with `?` placeholders that
`Dialect.sql` rewrites for engines that spell them differently.
"""
from __future__ import annotations

import sqlite3
from typing import Sequence

from .errors import NotAStore, StoreBusy, StoreError

# The full-text indexes: logical name -> the table whose rows they index (rowid = that table's pk).
FTS_INDEXES = {"articles": "articles", "quotes": "quotes", "actors": "actors"}


class Dialect:
    name = "generic"
    types: dict[str, str] = {}

    def sql(self, query: str) -> str:
        return query

    def ddl(self, statement: str) -> str:
        return statement.format(**self.types)

    # --- full-text search over lemma strings (see lemmas.py) ---
    def fts_create(self) -> list[str]:
        raise NotImplementedError

    def fts_insert(self, index: str, pk: int, lemmas: str) -> tuple[str, Sequence]:
        raise NotImplementedError

    def fts_replace(self, index: str, pk: int, lemmas: str) -> list[tuple[str, Sequence]]:
        """Statements that set the entry of row `pk` (only the small `actors` index changes entries)."""
        raise NotImplementedError

    def fts_search(self, index: str, groups: list[tuple[str, ...]], window: int | None = None) -> tuple[str, list]:
        """A subquery yielding (pk, score) for rows matching every group; lower score = better match. With
        `window`, only the `window` most recently stored matches are scored (bounds the cost of ranking a
        word found in most of a large database)."""
        raise NotImplementedError

    def dyad_triggers(self) -> list[str]:
        """Statements (re)creating the triggers on event_groups that keep event_dyads (dyads.py)."""
        raise NotImplementedError

    def begin_write(self) -> str:
        return "BEGIN"

    def maintenance(self) -> list[str]:
        """Cheap upkeep after a large write (statistics for the query planner)."""
        return []

    def translate(self, exc: Exception, where: str) -> StoreError | None:
        return None


class SQLiteDialect(Dialect):
    name = "sqlite"
    types = {"pk": "INTEGER PRIMARY KEY", "ref": "INTEGER", "real": "REAL"}

    def fts_create(self) -> list[str]:
        # Articles and quotes: contentless, the texts live in their own tables and the index holds only
        # lemma tokens (entries are written once). Actor names are few and change when a longer name
        # is learned, so that index keeps its content and can replace entries.
        # Our lemma strings are already lowercased and ё-folded; unicode61 must not fold anything else.
        tok = "tokenize='unicode61 remove_diacritics 0'"
        contentless = "content='', "
        return [f"CREATE VIRTUAL TABLE {ix}_fts USING fts5(lemmas, {'' if ix == 'actors' else contentless}{tok})"
                for ix in FTS_INDEXES]

    def fts_insert(self, index: str, pk: int, lemmas: str) -> tuple[str, Sequence]:
        return f"INSERT INTO {index}_fts(rowid, lemmas) VALUES (?, ?)", (pk, lemmas)

    def fts_replace(self, index: str, pk: int, lemmas: str) -> list[tuple[str, Sequence]]:
        return [(f"DELETE FROM {index}_fts WHERE rowid = ?", (pk,)), self.fts_insert(index, pk, lemmas)]

    def fts_search(self, index: str, groups: list[tuple[str, ...]], window: int | None = None) -> tuple[str, list]:
        table = f"{index}_fts"
        expr = fts5_expression(groups)
        sql = f"SELECT rowid AS pk, bm25({table}) AS score FROM {table} WHERE {table} MATCH ?"
        if window is None:
            return sql, [expr]
        # FTS5 walks a doclist backwards cheaply; bm25 over every match is what costs
        return (sql + f" AND rowid >= coalesce((SELECT rowid FROM {table} WHERE {table} MATCH ? "
                      f"ORDER BY rowid DESC LIMIT 1 OFFSET ?), 0)", [expr, expr, window - 1])

    def maintenance(self) -> list[str]:
        return ["PRAGMA optimize"]

    def dyad_triggers(self) -> list[str]:
        from .dyads import fill_one
        fill, drop = fill_one("NEW.event"), "DELETE FROM event_dyads WHERE event = OLD.event"
        return [
            *[f"DROP TRIGGER IF EXISTS event_dyads_{t}" for t in ("add", "regroup", "drop")],
            f"CREATE TRIGGER event_dyads_add AFTER INSERT ON event_groups WHEN NEW.canonical = NEW.event "
            f"BEGIN {fill}; END",
            f"CREATE TRIGGER event_dyads_regroup AFTER UPDATE ON event_groups BEGIN {drop}; {fill}; END",
            f"CREATE TRIGGER event_dyads_drop AFTER DELETE ON event_groups BEGIN {drop}; END",
        ]

    def begin_write(self) -> str:
        # Take the write lock up front: a deferred transaction that upgrades later can fail with
        # SQLITE_BUSY without waiting, where IMMEDIATE waits for busy_timeout.
        return "BEGIN IMMEDIATE"

    def translate(self, exc: Exception, where: str) -> StoreError | None:
        if not isinstance(exc, sqlite3.Error):
            return None
        code = getattr(exc, "sqlite_errorcode", None)
        primary = code & 0xFF if isinstance(code, int) else None
        text = str(exc)
        if primary in (5, 6) or "locked" in text or "busy" in text:
            return StoreBusy(f"{where}: the database is busy (another process is writing to it and did not "
                             f"finish within the wait time); nothing was changed, try again")
        if primary == 13 or "disk is full" in text:
            return StoreError(f"{where}: disk full (or the database's size limit reached); the transaction "
                              f"was rolled back, the database is unchanged by it")
        if primary == 8 or "readonly" in text:
            return StoreError(f"{where}: the database is read-only (file or directory permissions, or a "
                              f"read-only mount); nothing was written")
        if primary in (11, 26) or "not a database" in text or "malformed" in text:
            return NotAStore(f"{where}: the file is corrupt or not a database ({text}); it was left untouched")
        if primary == 10:
            return StoreError(f"{where}: disk I/O error ({text}); the transaction was rolled back")
        if primary == 14:
            return StoreError(f"{where}: cannot open the database file ({text})")
        return None


def fts5_expression(groups: list[tuple[str, ...]]) -> str:
    """[("путин", "путина"), ("визит",)] -> ("путин" OR "путина") AND ("визит")."""
    parts = []
    for g in groups:
        alts = " OR ".join('"' + w.replace('"', '""') + '"' for w in g)
        parts.append(f"({alts})")
    return " AND ".join(parts)
