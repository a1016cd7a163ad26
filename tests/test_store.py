"""The SQLite store: exact records, idempotent writes, schema versions and migrations, and faults
(corrupt or foreign files, read-only, disk full, busy) that must give a clear error and never damage data."""
from __future__ import annotations

import hashlib
import json
import sqlite3
import threading

import pytest

from khronika.reading import read_inputs
from khronika.store import (NotAStore, StoreBusy, StoreError, get_record, open_store, prepare, save_batch)
from khronika.store.registry import build_registry, learn
from khronika.store.schema import SCHEMA_VERSION
from tests.conftest import articles_jsonl

CHILD_TABLES = ("mentions", "quotes", "events", "event_actors", "related", "article_actors", "actor_roles")


def counts(store) -> dict[str, int]:
    return {t: store.scalar(f"SELECT count(*) FROM {t}") for t in ("articles", "actors", *CHILD_TABLES)}


def sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def records(processor, tmp_path_factory, seed_record):
    """The seed and a few more real articles through the real pipeline."""
    src = articles_jsonl(tmp_path_factory.mktemp("store") / "few.jsonl", 6)
    return [seed_record] + [processor.process(a) for a in read_inputs([str(src)])]


def prepared(records):
    reg = build_registry([])
    return [prepare(r, learn(reg, r)) for r in records]


@pytest.fixture
def db(tmp_path):
    return tmp_path / "k.db"


def test_record_comes_back_exactly(db, seed_record):
    with open_store(db) as store:
        assert save_batch(store, prepared([seed_record])) == [True]
        back = get_record(store, seed_record.id)
    # the store adds the article's story links (issue 9) after the record's own fields
    assert (back.pop("thread"), back.pop("duplicate_of")) == (1, None)
    assert back == seed_record.to_dict()
    assert json.dumps(back, ensure_ascii=False) == seed_record.to_json()


def test_rows_mirror_the_record(db, records):
    with open_store(db) as store:
        save_batch(store, prepared(records))
        c = counts(store)
        assert c["articles"] == len(records)
        assert c["mentions"] == sum(len(r.mentions) for r in records)
        assert c["quotes"] == sum(len(r.quotes) for r in records)
        assert c["events"] == sum(len(r.events) for r in records)
        assert c["related"] == sum(len(r.related) for r in records)
        # actors are global: one row per key across all articles
        assert c["actors"] == len({a.key for r in records for a in r.actors})
        for r in records:
            row = store.one("SELECT text, content_hash, title, n_quotes FROM articles WHERE id = ?", (r.id,))
            assert row[0] == r.text and row[2] == r.title and row[3] == len(r.quotes)
            assert row[1] == hashlib.sha256(r.text.encode()).hexdigest()
            for q in r.quotes:  # offsets stored as given: the evidence shows in place
                s, e = store.one("SELECT q.char_start, q.char_end FROM quotes q JOIN articles a ON a.pk = q.article "
                                 "WHERE a.id = ? AND q.local = ?", (r.id, q.id))
                assert r.text[s:e] == q.text


def test_same_article_twice_is_stored_once(db, records):
    with open_store(db) as store:
        first = save_batch(store, prepared(records))
        before = counts(store)
        again = save_batch(store, prepared(records + records[:2]))
        assert first == [True] * len(records)
        assert again == [False] * (len(records) + 2)
        assert counts(store) == before
        n_articles = {k: v for k, v in store.all("SELECT key, n_articles FROM actors")}
    # an actor's article count counts articles, not saves
    expected: dict[str, int] = {}
    for r in records:
        for k in {a.key for a in r.actors}:
            expected[k] = expected.get(k, 0) + 1
    assert n_articles == expected


def test_new_database_has_current_schema_and_wal(db):
    with open_store(db) as store:
        meta = store.meta()
        assert meta["app"] == "khronika" and int(meta["schema_version"]) == SCHEMA_VERSION
        assert store.scalar("PRAGMA journal_mode") == "wal"
    with open_store(db, readonly=True) as store:  # reopening changes nothing
        assert int(store.meta()["schema_version"]) == SCHEMA_VERSION


def test_migration_from_version_1_backfills_search_and_roles(db, records):
    with open_store(db) as store:
        save_batch(store, prepared(records))
        roles_before = store.scalar("SELECT count(*) FROM actor_roles")
    # what version 1 holds: a fresh database migrated to 1 only
    from khronika.store.base import Store
    from khronika.store.dialect import SQLiteDialect
    v1 = Store(sqlite3.connect(db.with_name("v1.db"), isolation_level=None), SQLiteDialect(), "v1")
    v1.migrate(target=1)
    v1_tables = v1.tables()
    v1.close()
    with open_store(db) as store:  # turn the full database into a version 1 one, data kept
        with store.write():
            for name, in store.all("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL%'"):
                if name not in v1_tables:
                    store.execute(f"DROP TABLE {name}")
            for name in store.tables() - v1_tables:
                store.execute(f"DROP TABLE {name}")
            store.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    with open_store(db, readonly=True) as store:  # opening migrates, a reader too when the file is writable
        assert int(store.meta()["schema_version"]) == SCHEMA_VERSION
        assert store.scalar("SELECT count(*) FROM actor_roles") == roles_before
        from khronika.store import queries
        word = next(w for w in records[0].title.split() if len(w) > 5)
        hits = queries.search(store, word, what="articles")["articles"]
        assert records[0].id in [x["id"] for x in hits["items"]]


def test_newer_schema_is_refused(db):
    with open_store(db) as store:
        with store.write():
            store.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 1),))
    with pytest.raises(NotAStore, match="newer khronika"):
        open_store(db)


def test_corrupt_file_is_refused_and_left_untouched(db):
    db.write_bytes(bytes(range(256)) * 64)
    before = sha(db)
    with pytest.raises(NotAStore, match="not a database"):
        open_store(db)
    assert sha(db) == before
    assert not db.with_name(db.name + "-wal").exists()


def test_damaged_sqlite_file_is_refused(db, records):
    with open_store(db) as store:
        save_batch(store, prepared(records[:1]))
    data = bytearray(db.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # keep the header, wreck the schema page
    db.write_bytes(bytes(data))
    before = sha(db)
    with pytest.raises(NotAStore):
        open_store(db)
    assert sha(db) == before


def test_foreign_sqlite_database_is_refused(db):
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)")
    con.execute("INSERT INTO users VALUES (1, 'x')")
    con.commit()
    con.close()
    before = sha(db)
    with pytest.raises(NotAStore, match="another application"):
        open_store(db)
    assert sha(db) == before
    con = sqlite3.connect(db)
    con.execute("PRAGMA application_id = 12345")
    con.commit()
    con.close()
    with pytest.raises(NotAStore, match="another application"):
        open_store(db)


def test_directory_and_missing_file(tmp_path):
    with pytest.raises(StoreError, match="is a directory"):
        open_store(tmp_path)
    with pytest.raises(StoreError, match="no such database"):
        open_store(tmp_path / "none.db", readonly=True)
    with pytest.raises(StoreError, match="PostgreSQL|postgres"):
        # without the server backend installed this must say so in one line
        try:
            import khronika.store.postgres  # noqa: F401
            pytest.skip("the PostgreSQL backend is installed")
        except ImportError:
            open_store("postgresql://user:secret@localhost/db")


def test_read_only_database_says_so_and_writes_nothing(db, records):
    with open_store(db) as store:
        save_batch(store, prepared(records[:1]))
        before = counts(store)
    with open_store(db, readonly=True) as ro:
        with pytest.raises(StoreError, match="read-only"):
            save_batch(ro, prepared(records[1:2]))
    with open_store(db) as store:
        assert counts(store) == before


def test_disk_full_rolls_the_batch_back(db, records):
    with open_store(db) as store:
        save_batch(store, prepared(records[:1]))
        before = counts(store)
        pages = store.scalar("PRAGMA page_count")
        # the database may not grow past a few more pages: SQLite reports SQLITE_FULL like a full disk
        store.execute(f"PRAGMA max_page_count = {pages + 3}")
        with pytest.raises(StoreError, match="disk full"):
            save_batch(store, prepared(records[1:]))
        assert counts(store) == before  # nothing of the failed batch, not even its first articles
        assert store.scalar("PRAGMA integrity_check") == "ok"
        store.execute("PRAGMA max_page_count = 1073741823")
        assert save_batch(store, prepared(records[1:])) == [True] * (len(records) - 1)


def test_a_writer_that_holds_the_lock_makes_us_wait_then_say_busy(db, records):
    with open_store(db) as store:
        save_batch(store, prepared(records[:1]))
    blocker = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        with open_store(db, busy_timeout=0.3) as store:
            with pytest.raises(StoreBusy, match="busy"):
                save_batch(store, prepared(records[1:2]))
            # released while we wait: the write goes through
            timer = threading.Timer(0.3, lambda: blocker.execute("COMMIT"))
            timer.start()
            store.execute("PRAGMA busy_timeout = 5000")
            assert save_batch(store, prepared(records[1:2])) == [True]
            timer.join()
    finally:
        if blocker.in_transaction:
            blocker.execute("ROLLBACK")
        blocker.close()


def test_sql_values_are_parameters_not_text(db, seed_record):
    """A quote of SQL in an article or a query is data: it neither breaks nor changes anything."""
    from khronika.store import queries
    with open_store(db) as store:
        save_batch(store, prepared([seed_record]))
        before = counts(store)
        for evil in ["'; DROP TABLE articles; --", 'x" OR 1=1 --', "Robert'); DELETE FROM actors;--"]:
            with pytest.raises(StoreError):
                queries.events(store, actor=evil)
            queries.search(store, evil)
        assert counts(store) == before
