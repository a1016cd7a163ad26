"""Events between two countries, kept ready for the dyad queries (schema migration 6).

`event_dyads` holds one row per first report of an event (khronika.stories groups reports across articles)
and per pair of countries among its parties that the event links: one acting on the other, either way, or
both acting together with no recipient. Negated and hypothetical events have no rows. A pair is stored once,
its codes in order (lo < hi), with the direction flags relative to that order.

Without it, a dyad intersected two country ranges of event_actors (28,000 events for the busiest pair of a
100,000-article database), then read each event and its parties: ~130 ms. With it, a dyad is one range of a
covering index, already grouped by month.

The rows are derived and kept by triggers on event_groups, so they stay right whoever writes: an event gets
its rows when its group row says it is a first report (its parties are stored before that), loses them when
the row goes, and is redone when the row is re-grouped. The dialects wrap the one fill statement below in
their trigger syntax (SQLiteDialect.dyad_triggers, PostgresDialect.dyad_triggers).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .base import Store
    from .dialect import Dialect

TABLE = [
    """CREATE TABLE event_dyads (
        event {ref} NOT NULL, lo TEXT NOT NULL, hi TEXT NOT NULL,
        month TEXT, day TEXT, type TEXT NOT NULL, quad INTEGER, goldstein {real},
        lo_to_hi INTEGER NOT NULL, hi_to_lo INTEGER NOT NULL, joint INTEGER NOT NULL,
        PRIMARY KEY (event, lo, hi))""",
    # the series of a pair: one index range in (month, quad, type) order, every column it sums in the index
    # (and the event, for the list of a pair's events behind the series)
    "CREATE INDEX event_dyads_series ON event_dyads(lo, hi, month, quad, type, day, goldstein, lo_to_hi, "
    "hi_to_lo, joint, event)",
]

# The pairs of countries an event links, for the events `{events}` selects of `event_actors x`.
FILL = """INSERT INTO event_dyads (event, lo, hi, month, day, type, quad, goldstein, lo_to_hi, hi_to_lo, joint)
SELECT p.event, p.lo, p.hi, e.month, e.day, e.event, e.quad, e.goldstein,
       CASE WHEN p.lo_act = 1 AND p.hi_rec = 1 THEN 1 ELSE 0 END,
       CASE WHEN p.hi_act = 1 AND p.lo_rec = 1 THEN 1 ELSE 0 END,
       CASE WHEN p.lo_act = 1 AND p.hi_act = 1 AND p.recipients = 0 THEN 1 ELSE 0 END
FROM (SELECT x.event AS event, x.country AS lo, y.country AS hi,
             max(CASE WHEN x.side = 'actor' THEN 1 ELSE 0 END) AS lo_act,
             max(CASE WHEN x.side = 'recipient' THEN 1 ELSE 0 END) AS lo_rec,
             max(CASE WHEN y.side = 'actor' THEN 1 ELSE 0 END) AS hi_act,
             max(CASE WHEN y.side = 'recipient' THEN 1 ELSE 0 END) AS hi_rec,
             (SELECT count(*) FROM event_actors r WHERE r.event = x.event AND r.side = 'recipient') AS recipients
      FROM event_actors x JOIN event_actors y ON y.event = x.event AND y.country > x.country
      WHERE {events}
      GROUP BY x.event, x.country, y.country) p
JOIN events e ON e.pk = p.event
JOIN event_groups g ON g.event = e.pk AND g.canonical = e.pk
WHERE e.negated = 0 AND e.hypothetical = 0
  AND ((p.lo_act = 1 AND p.hi_rec = 1) OR (p.hi_act = 1 AND p.lo_rec = 1)
       OR (p.lo_act = 1 AND p.hi_act = 1 AND p.recipients = 0))"""


def fill_one(event: str) -> str:
    """The fill statement for one event (`NEW.event` inside a trigger)."""
    return FILL.format(events=f"x.event = {event}")


def migration(dialect: "Dialect") -> list[str]:
    """Migration 6: the table (rebuilt from scratch: it is derived data) and its triggers."""
    return ["DROP TABLE IF EXISTS event_dyads", *[dialect.ddl(s) for s in TABLE], *dialect.dyad_triggers()]


def backfill(store: "Store") -> None:
    store.execute(FILL.format(events="1 = 1"))


def pair(ca: str, cb: str) -> tuple[str, str, bool]:
    """The stored order of a pair and whether (ca, cb) is reversed in it."""
    return (ca, cb, False) if ca < cb else (cb, ca, True)


def pair_condition(ca: str, cb: str, alias: str = "d") -> tuple[str, list, str, str]:
    """`lo = ? AND hi = ?` for the pair, its parameters, and the columns holding A->B and B->A."""
    lo, hi, flipped = pair(ca, cb)
    a_to_b, b_to_a = ("hi_to_lo", "lo_to_hi") if flipped else ("lo_to_hi", "hi_to_lo")
    return f"{alias}.lo = ? AND {alias}.hi = ?", [lo, hi], f"{alias}.{a_to_b}", f"{alias}.{b_to_a}"
