"""Linking one newly stored article: its near-duplicate, its thread, its related block and its events.

Called inside the store's write transaction right after the article's rows are written, so an article and its
links are committed together. Only bounded work per article: LSH buckets for duplicates, the threads active in
the window for clustering, index lookups for related headlines and events.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Iterable

from . import minhash, terms

if TYPE_CHECKING:
    from ..store import Store

DUPLICATE_SIMILARITY = 0.5  # estimated shingle Jaccard above which an article reprints an earlier one
THREAD_SIMILARITY = 0.5     # cosine of lemma TF-IDF (plus the actor bonus) to join a thread
ACTOR_BONUS, ACTOR_BONUS_MAX = 0.05, 0.15  # per actor the article shares with the thread
DAY_WINDOW = 7              # a thread takes articles up to this many days after its last one
SEQ_WINDOW = 3000           # ... and within this many arrivals (bounds the work; the window for undated text)
EVENT_DAYS = 2              # reports of one event may date it this many days apart


@dataclass
class StoryLink:
    thread: int
    duplicate_of: str | None  # the record id of the earlier article reprinted
    similarity: float | None
    new_thread: bool


@dataclass
class ActiveThread:
    pk: int
    last_day: str | None
    last_seq: int
    n: int
    centroid: dict[str, float]
    actors: dict[str, int]


class ActiveThreads:
    """The threads inside the window, kept in memory between articles of one writer. It is checked against the
    database before each article and reloaded when another process (or a rolled-back transaction) moved it."""

    def __init__(self) -> None:
        self.threads: dict[int, ActiveThread] = {}
        self.postings: dict[str, dict[int, float]] = {}  # term -> thread -> centroid weight (dot products)
        self.stamp: tuple | None = None

    def put(self, t: ActiveThread) -> None:
        old = self.threads.get(t.pk)
        if old is not None:
            self._unindex(old)
        self.threads[t.pk] = t
        for term, w in t.centroid.items():
            self.postings.setdefault(term, {})[t.pk] = w

    def drop(self, pk: int) -> None:
        t = self.threads.pop(pk, None)
        if t is not None:
            self._unindex(t)

    def _unindex(self, t: ActiveThread) -> None:
        for term in t.centroid:
            post = self.postings.get(term)
            if post is not None:
                post.pop(t.pk, None)
                if not post:
                    del self.postings[term]

    def scores(self, vector: dict[str, float]) -> dict[int, float]:
        """Cosine of the vector with every active thread sharing a term with it (the others score 0)."""
        out: dict[int, float] = {}
        for term, w in vector.items():
            for pk, cw in self.postings.get(term, {}).items():
                out[pk] = out.get(pk, 0.0) + w * cw
        return out

    @staticmethod
    def db_stamp(store: "Store") -> tuple:
        return tuple(store.one("SELECT (SELECT max(seq) FROM story_articles), (SELECT max(pk) FROM threads), "
                               "(SELECT max(last_seq) FROM threads)"))

    def refresh(self, store: "Store", seq: int) -> None:
        stamp = self.db_stamp(store)
        if stamp == self.stamp:
            return
        self.threads, self.postings = {}, {}
        for pk, last_day, last_seq, n, centroid, actors in store.all(
                "SELECT pk, last_day, last_seq, n_articles, centroid, actors FROM threads WHERE last_seq > ?",
                (seq - SEQ_WINDOW,)):
            self.put(ActiveThread(pk, last_day, last_seq, n, json.loads(centroid), json.loads(actors)))
        self.stamp = stamp

    def prune(self, seq: int) -> None:
        for pk in [pk for pk, t in self.threads.items() if t.last_seq <= seq - SEQ_WINDOW]:
            self.drop(pk)


def _active(store: "Store") -> ActiveThreads:
    cache = getattr(store, "_story_threads", None)
    if cache is None:
        cache = ActiveThreads()
        store._story_threads = cache  # type: ignore[attr-defined]
    return cache


def title_key(title: str | None) -> str | None:
    key = minhash.normalise(title or "")
    return key or None


def link_article(store: "Store", article: int, record: dict, lemmas: str, day: str | None,
                 actor_keys: Iterable[str]) -> StoryLink:
    cache = _active(store)
    seq = (store.scalar("SELECT max(seq) FROM story_articles") or 0) + 1
    cache.refresh(store, seq)
    text = record.get("text") or ""
    sig = minhash.signature(text)
    original, sim = find_original(store, sig) if minhash.long_enough(text) else (None, None)

    counts = terms.lemma_counts(lemmas)
    df = _document_frequencies(store, counts)
    vector = terms.tfidf(counts, df, seq)
    actors = sorted(set(actor_keys))

    new_thread = False
    if original is not None:
        thread = store.scalar("SELECT thread FROM story_articles WHERE article = ?", (original,))
    else:
        thread = best_thread(cache, vector, actors, day)
    if thread is None:
        thread, new_thread = _new_thread(store, record, article, day, seq, vector, actors), True
    else:
        _grow_thread(store, cache, thread, day, seq, vector, actors)

    store.execute("INSERT INTO story_articles (article, seq, day, title_key, signature, vector, actors, thread, "
                  "duplicate_of, similarity) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  (article, seq, day, title_key(record.get("title")), minhash.encode(sig),
                   json.dumps(vector, ensure_ascii=False), json.dumps(actors, ensure_ascii=False), thread,
                   original, sim))
    if minhash.long_enough(text):
        store.executemany("INSERT INTO story_bands (band, hash, article) VALUES (?, ?, ?)",
                          [(b, h, article) for b, h in minhash.band_keys(sig)])
    link_related(store, article, record)
    group_events(store, article, original)
    dup_id = None if original is None else store.scalar("SELECT id FROM articles WHERE pk = ?", (original,))
    _annotate_record(store, article, thread, dup_id)
    cache.stamp = ActiveThreads.db_stamp(store)
    return StoryLink(thread, dup_id, sim if original is not None else None, new_thread)


def find_original(store: "Store", sig) -> tuple[int | None, float | None]:
    """The earliest-stored article this signature reprints (through chains of reprints), with the similarity."""
    keys = minhash.band_keys(sig)
    wanted = set(keys)
    hashes = [h for _, h in keys]
    rows = store.all(f"SELECT band, hash, article FROM story_bands WHERE hash IN ({', '.join('?' * len(hashes))})",
                     hashes)
    candidates = {a for b, h, a in rows if (b, h) in wanted}
    best, best_sim = None, 0.0
    for a in sorted(candidates):
        enc, dup = store.one("SELECT signature, duplicate_of FROM story_articles WHERE article = ?", (a,))
        s = minhash.similarity(sig, minhash.decode(enc))
        if s >= DUPLICATE_SIMILARITY and s > best_sim:
            best, best_sim = (dup or a), s
    return (best, best_sim) if best is not None else (None, None)


def _document_frequencies(store: "Store", counts) -> dict[str, int]:
    words = list(counts)
    df: dict[str, int] = {}
    for i in range(0, len(words), 500):
        part = words[i:i + 500]
        df.update(store.all(f"SELECT term, n FROM story_df WHERE term IN ({', '.join('?' * len(part))})", part))
    store.executemany("INSERT INTO story_df (term, n) VALUES (?, 1) ON CONFLICT (term) DO UPDATE SET n = story_df.n + 1",
                      [(w,) for w in words])
    return df


def _days_apart(a: str | None, b: str | None) -> int | None:
    if not a or not b:
        return None
    try:
        return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days)
    except ValueError:
        return None


def best_thread(cache: ActiveThreads, vector: dict[str, float], actors: list[str], day: str | None) -> int | None:
    best, best_score = None, THREAD_SIMILARITY
    mine = set(actors)
    for pk, score in cache.scores(vector).items():
        if score + ACTOR_BONUS_MAX < best_score:
            continue
        t = cache.threads[pk]
        apart = _days_apart(day, t.last_day)
        if apart is not None and apart > DAY_WINDOW:
            continue
        shared = len(mine.intersection(t.actors))
        score += min(ACTOR_BONUS * shared, ACTOR_BONUS_MAX)
        if score >= best_score:
            best, best_score = t.pk, score
    return best


def _new_thread(store: "Store", record: dict, article: int, day: str | None, seq: int,
                vector: dict[str, float], actors: list[str]) -> int:
    counts = {a: 1 for a in actors}
    (pk,) = store.one("INSERT INTO threads (title, first_article, first_day, last_day, last_seq, n_articles, "
                      "centroid, actors) VALUES (?, ?, ?, ?, ?, 1, ?, ?) RETURNING pk",
                      (record.get("title") or (record.get("text") or "")[:120], article, day, day, seq,
                       json.dumps(vector, ensure_ascii=False), json.dumps(counts, ensure_ascii=False)))
    cache = _active(store)
    cache.put(ActiveThread(pk, day, seq, 1, vector, counts))
    cache.prune(seq)
    return pk


def _grow_thread(store: "Store", cache: ActiveThreads, pk: int, day: str | None, seq: int,
                 vector: dict[str, float], actors: list[str]) -> None:
    t = cache.threads.get(pk)
    if t is None:  # a reprint of an article whose thread left the window
        n, centroid, acts, last_day = store.one(
            "SELECT n_articles, centroid, actors, last_day FROM threads WHERE pk = ?", (pk,))
        t = ActiveThread(pk, last_day, seq, n, json.loads(centroid), json.loads(acts))
    else:
        cache.drop(pk)  # out of the postings under its old centroid; back in under the new one below
    t.centroid = terms.merge(t.centroid, t.n, vector)
    t.n += 1
    t.last_seq = seq
    if day and (t.last_day is None or day > t.last_day):
        t.last_day = day
    for a in actors:
        t.actors[a] = t.actors.get(a, 0) + 1
    if len(t.actors) > 40:
        t.actors = dict(sorted(t.actors.items(), key=lambda kv: -kv[1])[:40])
    cache.put(t)
    store.execute("UPDATE threads SET last_day = ?, last_seq = ?, n_articles = ?, centroid = ?, actors = ?, "
                  "first_day = CASE WHEN first_day IS NULL OR first_day > ? THEN ? ELSE first_day END WHERE pk = ?",
                  (t.last_day, seq, t.n, json.dumps(t.centroid, ensure_ascii=False),
                   json.dumps(t.actors, ensure_ascii=False), day, day, pk))
    cache.prune(seq)


def link_related(store: "Store", article: int, record: dict) -> None:
    """The related block's headlines -> stored articles with that headline; and earlier articles whose related
    block names this one's headline now point at it."""
    rows = []
    for i, item in enumerate(record.get("related") or []):
        key = title_key(item.get("title"))
        if key is None:
            continue
        target = store.scalar("SELECT article FROM story_articles WHERE title_key = ? AND article != ? "
                              "ORDER BY seq LIMIT 1", (key, article))
        rows.append((article, i, key, target))
    store.executemany("INSERT INTO related_links (article, position, title_key, target) VALUES (?, ?, ?, ?)", rows)
    key = title_key(record.get("title"))
    if key is not None:
        store.execute("UPDATE related_links SET target = ? WHERE title_key = ? AND target IS NULL AND article != ?",
                      (article, key, article))


def _shift(day: str, n: int) -> str:
    return (date.fromisoformat(day[:10]) + timedelta(days=n)).isoformat()


def group_events(store: "Store", article: int, original: int | None = None) -> None:
    """Each event of the article joins the first report of the same event (type, actors, recipients, a day
    within EVENT_DAYS) from another article, or starts its own group. Events with neither side named, or no
    day, stay alone: too little to tell two reports of one event from two events. A reprint's events join
    the same events of the article it reprints whatever their days."""
    sides: dict[int, dict[str, list[int]]] = {}
    for ev, side, actor in store.all("SELECT x.event, x.side, x.actor FROM event_actors x JOIN events e "
                                     "ON e.pk = x.event WHERE e.article = ? ORDER BY x.event, x.side, x.actor",
                                     (article,)):
        sides.setdefault(ev, {"actor": [], "recipient": []})[side].append(actor)
    rows = []
    for pk, kind, day in store.all("SELECT pk, event, day FROM events WHERE article = ? ORDER BY pk", (article,)):
        mine = sides.get(pk, {"actor": [], "recipient": []})
        canonical = pk
        if original is not None:
            canonical = _same_in_original(store, original, kind, mine) or pk
        if canonical == pk and day and (mine["actor"] or mine["recipient"]):
            try:
                lo, hi = _shift(day, -EVENT_DAYS), _shift(day, EVENT_DAYS)
            except ValueError:
                lo = hi = None
            if lo is not None:
                canonical = _same_event(store, article, kind, lo, hi, mine) or pk
        rows.append((pk, canonical))
    store.executemany("INSERT INTO event_groups (event, canonical) VALUES (?, ?)", rows)


def _same_in_original(store: "Store", original: int, kind: str, mine: dict) -> int | None:
    for (pk,) in store.all("SELECT g.canonical FROM events e JOIN event_groups g ON g.event = e.pk "
                           "WHERE e.article = ? AND e.event = ? ORDER BY e.pk", (original, kind)):
        if _sides_of(store, pk) == mine:
            return pk
    return None


def _sides_of(store: "Store", event: int) -> dict[str, list[int]]:
    sides: dict[str, list[int]] = {"actor": [], "recipient": []}
    for side, actor in store.all("SELECT side, actor FROM event_actors WHERE event = ? ORDER BY side, actor",
                                 (event,)):
        sides[side].append(actor)
    return sides


def _same_event(store: "Store", article: int, kind: str, lo: str, hi: str, mine: dict) -> int | None:
    anchor_side = "actor" if mine["actor"] else "recipient"
    candidates = store.all(
        "SELECT DISTINCT e.pk FROM event_actors x JOIN events e ON e.pk = x.event "
        "JOIN event_groups g ON g.event = e.pk AND g.canonical = e.pk "
        "WHERE x.actor = ? AND x.side = ? AND e.event = ? AND e.day BETWEEN ? AND ? AND e.article != ? "
        "ORDER BY e.pk", (mine[anchor_side][0], anchor_side, kind, lo, hi, article))
    for (pk,) in candidates:
        if _sides_of(store, pk) == mine:
            return pk
    return None


def _annotate_record(store: "Store", article: int, thread: int, duplicate_of: str | None) -> None:
    """The stored record carries `thread` and `duplicate_of`, so every reader (get_record, export, the API)
    returns them without knowing about stories."""
    rec = store.scalar("SELECT record FROM articles WHERE pk = ?", (article,))
    d = json.loads(rec)
    d["thread"], d["duplicate_of"] = thread, duplicate_of
    store.execute("UPDATE articles SET record = ? WHERE pk = ?",
                  (json.dumps(d, ensure_ascii=False, separators=(",", ":")), article))


def link_existing(store: "Store") -> None:
    """Migration backfill: link the articles stored before the stories tables existed, in arrival order."""
    from ..store.dates import day_of
    from ..store.lemmas import get_lemmatizer
    from ..store.write import record_from_row
    lem = get_lemmatizer()
    last = 0
    while True:
        rows = store.all("SELECT pk, text, record FROM articles WHERE pk > ? ORDER BY pk LIMIT 200", (last,))
        if not rows:
            return
        for pk, text, rec in rows:
            r = record_from_row(text, rec)
            keys = [a["key"] for a in r.get("actors") or []]
            link_article(store, pk, r, lem.index_text(text), day_of(r.get("published_at")), keys)
        last = rows[-1][0]
