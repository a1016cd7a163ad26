"""The dyad table (store/dyads.py): kept by triggers as articles arrive and events are re-grouped, equal to
a rebuild from the base tables, equal to the dyad series counted from the base tables, on SQLite and on a real
PostgreSQL server (tests/pg.py)."""
from __future__ import annotations

import sqlite3

import pytest

from khronika.store import open_store, prepare, queries, save_batch
from khronika.store.dyads import FILL
from khronika.store.schema import SCHEMA_VERSION
from tests.pg import pg_cluster  # noqa: F401  (fixture)
# the seed and 12 RT articles, then the same again under new ids and days: reprints, whose events join the
# originals' groups
from tests.test_queries import records  # noqa: F401  (fixture)


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    if request.param == "sqlite":
        return str(tmp_path / "k.db")
    return request.getfixturevalue("pg_cluster").new_database()


def rows(store) -> list[tuple]:
    return [tuple(r) for r in store.all("SELECT event, lo, hi, month, day, type, quad, goldstein, lo_to_hi, "
                                        "hi_to_lo, joint FROM event_dyads ORDER BY event, lo, hi")]


def rebuilt(store) -> list[tuple]:
    """The table as a rebuild from scratch makes it (what migration 6 does)."""
    with store.write():
        kept = rows(store)
        store.execute("DELETE FROM event_dyads")
        store.execute(FILL.format(events="1 = 1"))
        out = rows(store)
        # put back exactly what the triggers wrote, so later checks see the triggers' work
        store.execute("DELETE FROM event_dyads")
        store.executemany("INSERT INTO event_dyads (event, lo, hi, month, day, type, quad, goldstein, lo_to_hi, "
                          "hi_to_lo, joint) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", kept)
    return out


def reference_dyad(store, a: str, b: str) -> dict[str, int]:
    """Events per month between A and B counted from the base tables (events, event_actors, event_groups)."""
    out: dict[str, int] = {}
    events = store.all("SELECT e.pk, e.month FROM events e JOIN event_groups g ON g.event = e.pk "
                       "AND g.canonical = e.pk WHERE e.negated = 0 AND e.hypothetical = 0")
    parties = _events_with_sides(store)
    for pk, month in events:
        acts, recs = parties.get(pk, (set(), set()))
        if (a in acts and b in recs) or (b in acts and a in recs) or (a in acts and b in acts and not recs):
            key = month or "undated"
            out[key] = out.get(key, 0) + 1
    return out


def _events_with_sides(store) -> dict[int, tuple[set, set]]:
    parties: dict[int, tuple[set, set]] = {}
    for ev, side, country in store.all("SELECT event, side, country FROM event_actors"):
        acts, recs = parties.setdefault(ev, (set(), set()))
        if side == "recipient":
            recs.add(country)  # a recipient without a country still makes a joint action not joint
        elif country:
            acts.add(country)
    return parties


def busiest_pairs(store) -> list[tuple[str, str]]:
    return sorted({tuple(sorted((r[0], r[1]))) for r in store.all(
        "SELECT x.country, y.country FROM event_actors x JOIN event_actors y ON y.event = x.event "
        "WHERE x.country IS NOT NULL AND y.country IS NOT NULL AND x.country < y.country")})


def test_triggers_keep_the_table_as_articles_arrive(url, records):
    half = len(records) // 2
    with open_store(url) as store:
        save_batch(store, [prepare(r) for r in records[:half]])
        assert rows(store) == rebuilt(store)
        save_batch(store, [prepare(r) for r in records[half:]])  # reprints of stored articles
        got = rows(store)
        assert got and got == rebuilt(store)
        # a reprint's events are their originals': only first reports have rows
        firsts = {r[0] for r in store.all("SELECT event FROM event_groups WHERE canonical = event")}
        assert {r[0] for r in got} <= firsts
        assert store.scalar("SELECT count(*) FROM event_groups WHERE canonical <> event") > 0
        pairs = busiest_pairs(store)
        assert pairs
        for a, b in pairs:
            for x, y in ((a, b), (b, a)):
                res = queries.dyad(store, x, y)
                assert {m["month"]: m["events"] for m in res["months"]} == reference_dyad(store, x, y)
                assert all(m["a_to_b"] + m["b_to_a"] + m["joint"] >= m["events"] > 0 for m in res["months"])
            there, back = queries.dyad(store, a, b)["total"], queries.dyad(store, b, a)["total"]
            assert there == back
            # the events query counts parties in event_actors alone: the same events as its page shows
            for actor, recipient in ((a, None), (a, b), (b, a)):
                res = queries.events(store, actor=actor, recipient=recipient, limit=10_000)
                assert res["total"] == len(res["items"]) == len({(x["article_id"], x["event_id"]) for x in res["items"]})
                assert all(any(p["country"] == actor for p in x["actor"]) for x in res["items"])
                # small pages of many matches walk the day index instead: the same events in the same order
                for offset in range(min(res["total"], 4)):
                    one = queries.events(store, actor=actor, recipient=recipient, limit=1, offset=offset)
                    assert one["items"] == res["items"][offset:offset + 1]


def test_regrouping_an_event_moves_its_rows(url, records):
    with open_store(url) as store:
        save_batch(store, [prepare(r) for r in records])
        event, = store.one("SELECT event FROM event_dyads ORDER BY event LIMIT 1")
        other, = store.one("SELECT event FROM event_groups WHERE event <> ? ORDER BY event LIMIT 1", (event,))
        before = rows(store)
        mine = [r for r in before if r[0] == event]
        with store.write():  # the event becomes a later report of another event
            store.execute("UPDATE event_groups SET canonical = ? WHERE event = ?", (other, event))
        assert [r for r in rows(store) if r[0] == event] == []
        with store.write():  # and the first report again
            store.execute("UPDATE event_groups SET canonical = event WHERE event = ?", (event,))
        assert [r for r in rows(store) if r[0] == event] == mine
        with store.write():
            store.execute("DELETE FROM event_groups WHERE event = ?", (event,))
        assert rows(store) == [r for r in before if r[0] != event]


def test_migration_from_version_5_fills_the_table(tmp_path, records):
    db = tmp_path / "k.db"
    with open_store(db) as store:
        save_batch(store, [prepare(r) for r in records])
        want = rows(store)
    assert want
    con = sqlite3.connect(db)  # what a version 5 database holds: no table, no triggers
    con.execute("DROP TABLE event_dyads")
    for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        con.execute(f"DROP TRIGGER {name}")
    con.execute("UPDATE meta SET value = '5' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    with open_store(db, readonly=True) as store:  # a reader upgrades a writable file
        assert int(store.meta()["schema_version"]) == SCHEMA_VERSION
        assert rows(store) == want
        triggers = store.all("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'event_groups'")
        assert len(triggers) == 3
