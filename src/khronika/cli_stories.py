"""Story commands on `khronika`: an article's story, a thread page, the thread list, deduplicated event counts."""
from __future__ import annotations

from typing import Optional

import typer

from .cli import app, report
from .cli_store import DB_HELP, _clip, _print_json, _store, _table, out


@app.command()
def story(
    article_id: str = typer.Argument(..., help="The record id of a stored article."),
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
    as_json: bool = typer.Option(False, "--json", help="JSON on stdout."),
) -> None:
    """An article's thread, the earlier article it reprints, its reprints and its related block's links."""
    from .stories.queries import article_story
    with _store(db) as s:
        data = article_story(s, article_id)
    if data is None:
        report(f"{article_id}: no such article in the store")
        raise typer.Exit(1)
    if as_json:
        return _print_json(data)
    t = data["thread"]
    if t:
        out.print(f"thread {t['id']}: {t['title']} ({t['articles']} articles, {t['first_day'] or '?'} .. "
                  f"{t['last_day'] or '?'}); see `khronika thread {t['id']}`")
    if data["duplicate_of"]:
        d = data["duplicate_of"]
        out.print(f"reprints {d['id']} ({d['title']}), similarity {d['similarity']:.2f}")
    for d in data["duplicates"]:
        out.print(f"reprinted by {d['id']} ({d['title']})")
    for r in data["related"]:
        out.print(f"related: {r['title']} -> {r['id'] or 'not in the store'}")


@app.command()
def thread(
    thread_id: int = typer.Argument(..., help="A thread id (see `khronika threads` or `khronika story`)."),
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
    as_json: bool = typer.Option(False, "--json", help="JSON on stdout."),
) -> None:
    """A thread: its articles on a timeline and its events, each counted once with the articles reporting it."""
    from .stories.queries import ThreadNotFound, thread_page
    with _store(db) as s:
        try:
            data = thread_page(s, thread_id)
        except ThreadNotFound as e:
            report(str(e))
            raise typer.Exit(1)
    if as_json:
        return _print_json(data)
    out.print(f"thread {data['id']}: {data['title']}")
    out.print(_table("articles", [("day", {}), ("id", {}), ("title", {}), ("reprints", {})],
                     [[a["day"] or "", a["id"], _clip(a["title"] or "", 70), a["duplicate_of"] or ""]
                      for a in data["articles"]]))
    out.print(_table(f"events: {data['n_events']} distinct of {data['n_reports']} reports",
                     [("day", {}), ("event", {}), ("actor", {}), ("recipient", {}), ("sources", {"justify": "right"})],
                     [[e["day"] or "", e["event"], "; ".join(e["actors"]), "; ".join(e["recipients"]),
                       str(len(e["sources"]))] for e in data["events"]]))


@app.command()
def threads(
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
    limit: int = typer.Option(20, "--limit", min=1, max=1000),
    min_articles: int = typer.Option(2, "--min-articles", min=1, help="Only threads with at least this many articles."),
    as_json: bool = typer.Option(False, "--json", help="JSON on stdout."),
) -> None:
    """Story threads, the largest first, and event counts that count each reported event once."""
    from .stories.queries import event_counts, threads as list_threads
    with _store(db) as s:
        data = list_threads(s, limit=limit, min_articles=min_articles)
        counts = event_counts(s)
    if as_json:
        return _print_json({**data, "counts": counts})
    out.print(_table(f"threads ({data['total']} with >= {min_articles} articles)",
                     [("id", {"justify": "right"}), ("articles", {"justify": "right"}), ("days", {}), ("title", {})],
                     [[str(t["id"]), str(t["articles"]), f"{t['first_day'] or '?'} .. {t['last_day'] or '?'}",
                       _clip(t["title"] or "", 80)] for t in data["threads"]]))
    out.print(f"{counts['articles']} articles, {counts['duplicates']} reprints, {counts['threads']} threads; "
              f"events: {counts['distinct']} distinct of {counts['reports']} reports")
