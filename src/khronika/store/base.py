"""The Store: one database connection, its dialect, the schema check and write transactions."""
from __future__ import annotations

import os
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator, Sequence

from .dialect import Dialect, SQLiteDialect
from .errors import NotAStore, StoreError
from .schema import APP, MIGRATIONS, SCHEMA_VERSION

DEFAULT_DB = Path("var") / "khronika.db"
DEFAULT_BUSY_TIMEOUT = 30.0


def default_db() -> str:
    return os.environ.get("KHRONIKA_DB") or str(DEFAULT_DB)


def now_iso() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class NeedsMigration(StoreError):
    """A database opened read-only whose schema is older than this code."""


class Store:
    """A khronika database. Build it with `open_store`; all reads and writes go through here so that
    engine errors come out as StoreErrors naming the database."""

    def __init__(self, conn, dialect: Dialect, where: str, url: str | None = None):
        self.conn = conn
        self.dialect = dialect
        self.where = where  # for messages (a server URL without its password)
        self.url = url or where  # what open_store takes to open this database again
        self._in_write = False

    # --- low level ---
    @contextmanager
    def guard(self) -> Iterator[None]:
        try:
            yield
        except StoreError:
            raise
        except Exception as e:
            err = self.dialect.translate(e, self.where)
            if err is None:
                raise
            raise err from None

    def execute(self, sql: str, params: Sequence[Any] = ()):
        with self.guard():
            return self.conn.execute(self.dialect.sql(sql), params)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            with self.guard():
                self.conn.executemany(self.dialect.sql(sql), rows)

    def one(self, sql: str, params: Sequence[Any] = ()):
        return self.execute(sql, params).fetchone()

    def all(self, sql: str, params: Sequence[Any] = ()) -> list:
        with self.guard():
            return self.conn.execute(self.dialect.sql(sql), params).fetchall()

    def scalar(self, sql: str, params: Sequence[Any] = ()):
        row = self.one(sql, params)
        return None if row is None else row[0]

    @contextmanager
    def write(self) -> Iterator["Store"]:
        """One write transaction: all of it is committed, or none of it (rolled back on any error)."""
        if self._in_write:
            yield self
            return
        with self.guard():
            self.conn.execute(self.dialect.begin_write())
        self._in_write = True
        try:
            yield self
        except BaseException as exc:
            self._in_write = False
            try:
                self.conn.rollback()
            except Exception:
                pass
            if isinstance(exc, Exception) and not isinstance(exc, StoreError):
                err = self.dialect.translate(exc, self.where)
                if err is not None:
                    raise err from None
            raise
        else:
            self._in_write = False
            try:
                with self.guard():
                    self.conn.execute("COMMIT")
            except StoreError:
                try:
                    self.conn.rollback()
                except Exception:
                    pass
                raise

    def close(self) -> None:
        try:
            self.conn.close()
        except Exception:
            pass

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- schema ---
    def tables(self) -> set[str]:
        if self.dialect.name == "sqlite":
            rows = self.all("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")
        else:
            rows = self.all("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")
        return {r[0] for r in rows}

    def version(self) -> int | None:
        """The schema version, None for an empty database; raises for a database that is not ours."""
        tables = self.tables()
        if not tables:
            return None
        if "meta" not in tables:
            shown = ", ".join(sorted(tables)[:5]) + ("…" if len(tables) > 5 else "")
            raise NotAStore(f"{self.where}: a database of another application (tables: {shown}); "
                            f"refusing to change it")
        rows = dict(self.all("SELECT key, value FROM meta"))
        if rows.get("app") != APP:
            raise NotAStore(f"{self.where}: its meta table does not say it is khronika's; refusing to change it")
        try:
            return int(rows.get("schema_version", "0"))
        except ValueError:
            raise NotAStore(f"{self.where}: unreadable schema version {rows.get('schema_version')!r}") from None

    def prepare_schema(self, readonly: bool) -> None:
        version = self.version()
        if version is not None and version > SCHEMA_VERSION:
            raise NotAStore(f"{self.where}: made by a newer khronika (schema {version}, this one knows up to "
                            f"{SCHEMA_VERSION}); upgrade khronika to use it")
        if version == SCHEMA_VERSION:
            return
        if readonly:
            if version is None:
                raise StoreError(f"{self.where}: an empty database (ingest some articles first)")
            raise NeedsMigration(f"{self.where}: schema {version} needs upgrading to {SCHEMA_VERSION}, and the "
                                 f"file cannot be written to upgrade it")
        self.migrate()

    def migrate(self, target: int = SCHEMA_VERSION) -> None:
        """Apply every pending migration up to `target`, each with its version bump in one transaction. Another
        process migrating at the same time waits for the write lock and then finds nothing left to do."""
        for m in MIGRATIONS[:target]:
            with self.write():
                current = self.version() or 0
                if current >= m.version:
                    continue
                if current == 0:
                    self.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
                    self.executemany("INSERT INTO meta(key, value) VALUES (?, ?)",
                                     [("app", APP), ("schema_version", "0"), ("created_at", now_iso())])
                    if self.dialect.name == "sqlite":
                        from .sqlite import mark_as_ours
                        mark_as_ours(self.conn)
                for statement in m.statements(self):
                    self.execute(statement)
                if m.backfill is not None:
                    m.backfill(self)
                self.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(m.version),))

    def meta(self) -> dict[str, str]:
        return dict(self.all("SELECT key, value FROM meta"))


def open_store(url_or_path: str | os.PathLike | None = None, *, readonly: bool = False, create: bool = True,
               busy_timeout: float = DEFAULT_BUSY_TIMEOUT) -> Store:
    """`path/to/file.db` or `sqlite:///path` -> SQLite; `postgresql://...` -> PostgreSQL (issue 8).
    Creates and migrates the schema when opened for writing; refuses files that are not khronika's."""
    target = str(url_or_path) if url_or_path is not None else default_db()
    if target.startswith(("postgresql://", "postgres://")):
        try:
            from .postgres import open_postgres  # type: ignore[import-not-found]
        except ImportError:
            raise StoreError(f"{_redact(target)}: PostgreSQL support is not available in this installation "
                             f"(use an SQLite file path)") from None
        return open_postgres(target, readonly=readonly, create=create, busy_timeout=busy_timeout)
    if target.startswith("sqlite:///"):
        target = target[len("sqlite:///"):] or ":memory:"
    elif target.startswith("sqlite://"):
        raise StoreError(f"{target}: write SQLite URLs as sqlite:///path/to/file.db")
    from .sqlite import connect, enable_wal
    path = Path(target)
    conn = connect(path, readonly=readonly, create=create, busy_timeout=busy_timeout)
    store = Store(conn, SQLiteDialect(), str(path), str(path))
    try:
        store.version()  # raises for a database that is not ours, before anything touches it
        if not readonly:
            enable_wal(conn)
        store.prepare_schema(readonly)
    except NeedsMigration as e:
        # A reader meeting an older schema: upgrade it once through a writable connection, then read.
        store.close()
        try:
            open_store(path, readonly=False, create=False, busy_timeout=busy_timeout).close()
        except StoreError:
            raise e from None
        return open_store(path, readonly=True, create=False, busy_timeout=busy_timeout)
    except BaseException:
        store.close()
        raise
    return store


def _redact(url: str) -> str:
    """A server URL without its password, for messages."""
    import re
    return re.sub(r"//([^:/@]+):[^@]*@", r"//\1:***@", url)
