"""Reading stories back: an article's story (thread, duplicates, related links), thread pages, thread lists and
event counts that count an event reported by several articles once."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..store import Store


class ThreadNotFound(LookupError):
    pass


def _article(row) -> dict:
    return {"id": row[0], "title": row[1], "url": row[2], "site": row[3], "published_at": row[4], "day": row[5]}


ARTICLE_COLS = "a.id, a.title, a.url, a.site, a.published_at, a.day"


def article_story(store: "Store", article_id: str) -> dict | None:
    row = store.one("SELECT a.pk, s.thread, s.duplicate_of, s.similarity FROM articles a "
                    "LEFT JOIN story_articles s ON s.article = a.pk WHERE a.id = ?", (article_id,))
    if row is None:
        return None
    pk, thread, dup, sim = row
    original = None
    if dup is not None:
        original = _article(store.one(f"SELECT {ARTICLE_COLS} FROM articles a WHERE a.pk = ?", (dup,)))
        original["similarity"] = sim
    duplicates = [_article(r) for r in store.all(
        f"SELECT {ARTICLE_COLS} FROM story_articles s JOIN articles a ON a.pk = s.article "
        f"WHERE s.duplicate_of = ? ORDER BY s.seq", (pk,))]
    related = []
    for position, title, target in store.all(
            "SELECT r.position, r.title, l.target FROM related r LEFT JOIN related_links l "
            "ON l.article = r.article AND l.position = r.position WHERE r.article = ? ORDER BY r.position", (pk,)):
        tid = store.scalar("SELECT id FROM articles WHERE pk = ?", (target,)) if target is not None else None
        related.append({"position": position, "title": title, "id": tid})
    return {"id": article_id, "thread": thread_summary(store, thread) if thread is not None else None,
            "duplicate_of": original, "duplicates": duplicates, "related": related}


def thread_summary(store: "Store", pk: int) -> dict:
    row = store.one("SELECT pk, title, first_day, last_day, n_articles FROM threads WHERE pk = ?", (pk,))
    if row is None:
        raise ThreadNotFound(f"no thread {pk}")
    return {"id": row[0], "title": row[1], "first_day": row[2], "last_day": row[3], "articles": row[4]}


def thread_page(store: "Store", pk: int, events_limit: int = 200) -> dict:
    """A thread: its articles on a timeline (dated first, by day, then in arrival order) and its events, each
    counted once with the articles that report it."""
    out = thread_summary(store, pk)
    out["articles"] = [
        {**_article(r[:6]), "duplicate_of": r[6]} for r in store.all(
            f"SELECT {ARTICLE_COLS}, d.id FROM story_articles s JOIN articles a ON a.pk = s.article "
            f"LEFT JOIN articles d ON d.pk = s.duplicate_of WHERE s.thread = ? "
            f"ORDER BY a.day IS NULL, a.day, s.seq", (pk,))]
    groups: dict[int, dict] = {}
    for canonical, kind, day, trigger, cameo, goldstein, article_id in store.all(
            "SELECT g.canonical, c.event, c.day, c.trigger_text, c.cameo, c.goldstein, a.id "
            "FROM story_articles s JOIN events e ON e.article = s.article JOIN event_groups g ON g.event = e.pk "
            "JOIN events c ON c.pk = g.canonical JOIN articles a ON a.pk = e.article "
            "WHERE s.thread = ? ORDER BY c.day IS NULL, c.day, g.canonical", (pk,)):
        g = groups.setdefault(canonical, {"event": kind, "day": day, "trigger": trigger, "cameo": cameo,
                                          "goldstein": goldstein, "sources": []})
        if article_id not in g["sources"]:
            g["sources"].append(article_id)
    for canonical, g in groups.items():
        g["actors"], g["recipients"] = _sides(store, canonical)
    out["events"] = list(groups.values())[:events_limit]
    out["n_events"] = len(groups)
    out["n_reports"] = sum(len(g["sources"]) for g in groups.values())
    return out


def _sides(store: "Store", event: int) -> tuple[list[str], list[str]]:
    sides: dict[str, list[str]] = {"actor": [], "recipient": []}
    for side, name in store.all("SELECT x.side, a.name FROM event_actors x JOIN actors a ON a.pk = x.actor "
                                "WHERE x.event = ? ORDER BY x.side, x.position", (event,)):
        sides[side].append(name)
    return sides["actor"], sides["recipient"]


def threads(store: "Store", limit: int = 20, offset: int = 0, min_articles: int = 1) -> dict:
    """Threads, the busiest first."""
    total = store.scalar("SELECT count(*) FROM threads WHERE n_articles >= ?", (min_articles,))
    rows = store.all("SELECT pk, title, first_day, last_day, n_articles FROM threads WHERE n_articles >= ? "
                     "ORDER BY n_articles DESC, pk LIMIT ? OFFSET ?", (min_articles, limit, offset))
    return {"total": total, "threads": [{"id": r[0], "title": r[1], "first_day": r[2], "last_day": r[3],
                                         "articles": r[4]} for r in rows]}


def event_counts(store: "Store", top: int = 10) -> dict:
    """Event reports (rows) against distinct events (groups across articles), overall and by type; reprints'
    articles and their duplicate count too."""
    reports = store.scalar("SELECT count(*) FROM events")
    distinct = store.scalar("SELECT count(*) FROM event_groups WHERE event = canonical")
    by_type = [{"event": r[0], "reports": r[1], "distinct": r[2]} for r in store.all(
        "SELECT e.event, count(*), sum(CASE WHEN g.canonical = e.pk THEN 1 ELSE 0 END) FROM events e "
        "JOIN event_groups g ON g.event = e.pk GROUP BY e.event ORDER BY 3 DESC LIMIT ?", (top,))]
    return {"reports": reports, "distinct": distinct, "by_type": by_type,
            "articles": store.scalar("SELECT count(*) FROM story_articles"),
            "duplicates": store.scalar("SELECT count(*) FROM story_articles WHERE duplicate_of IS NOT NULL"),
            "threads": store.scalar("SELECT count(*) FROM threads"),
            "threads_of_several": store.scalar("SELECT count(*) FROM threads WHERE n_articles > 1")}
