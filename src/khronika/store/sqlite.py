"""Opening an SQLite file safely: refuse what is not ours, never overwrite, WAL for readers beside a writer."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from .errors import NotAStore, StoreError

MAGIC = b"SQLite format 3\x00"
# PRAGMA application_id marks the file as khronika's ("KHRN"), so other tools can tell too.
APPLICATION_ID = 0x4B48524E


def check_file(path: Path, create: bool) -> bool:
    """Whether the file already exists; raises for anything we must not open or touch."""
    if path.is_dir():
        raise StoreError(f"{path}: is a directory, not a database file")
    if not path.exists():
        if not create:
            raise StoreError(f"{path}: no such database (create one with `khronika ingest ... --db {path}`)")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StoreError(f"{path}: cannot create its folder ({e.strerror or e})") from None
        return False
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(MAGIC))
    except OSError as e:
        raise StoreError(f"{path}: cannot read ({e.strerror or e})") from None
    if head and head != MAGIC:
        raise NotAStore(f"{path}: not a database file (it does not start with the SQLite header); "
                        f"refusing to touch it")
    return True


def connect(path: Path, readonly: bool, create: bool, busy_timeout: float) -> sqlite3.Connection:
    check_file(path, create and not readonly)
    try:
        if readonly:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=busy_timeout,
                                   isolation_level=None, check_same_thread=False)
        else:
            conn = sqlite3.connect(str(path), timeout=busy_timeout, isolation_level=None,
                                   check_same_thread=False)
        conn.row_factory = sqlite3.Row
        # Reading the schema is the first real access: a corrupt file fails here, before any write.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    except sqlite3.DatabaseError as e:
        raise NotAStore(f"{path}: the file is corrupt or not a database ({e}); it was left untouched") from None
    if app_id not in (0, APPLICATION_ID):
        conn.close()
        raise NotAStore(f"{path}: an SQLite database of another application (application_id {app_id:#x}); "
                        f"refusing to change it")
    # WAL with synchronous=NORMAL survives a killed process intact; only an OS crash may lose
    # the last commits (never consistency).
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=OFF")
    conn.execute("PRAGMA temp_store=MEMORY")
    conn.execute("PRAGMA cache_size=-65536")  # 64 MB page cache
    conn.execute(f"PRAGMA busy_timeout={int(busy_timeout * 1000)}")
    return conn


def enable_wal(conn: sqlite3.Connection) -> None:
    """Readers beside one writer. Only once the file is known to be ours (or empty): switching the journal
    mode rewrites the header, and another application's file must stay byte for byte as it was."""
    try:
        conn.execute("PRAGMA journal_mode=WAL")
    except sqlite3.OperationalError:
        pass  # a read-only file or directory: reads still work, writes will say why they cannot


def mark_as_ours(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
