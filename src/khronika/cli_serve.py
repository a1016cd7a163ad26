"""`khronika serve`: the web pages and the HTTP API over a database (uvicorn)."""
from __future__ import annotations

import os
import socket
from typing import Optional

import typer

from .cli import app, err, report

def port_problem(host: str, port: int) -> str | None:
    """Why the server could not listen on host:port (in use, no such address), or None: said before
    starting, in one line, rather than by the server's own log."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as e:
        return f"unknown address ({e.strerror})"
    family, kind, proto, _, addr = infos[0]
    with socket.socket(family, kind, proto) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(addr)
        except OSError as e:
            return (e.strerror or str(e)).lower()
    return None


def schema_behind(where: str) -> tuple[int, int] | None:
    """(its version, this khronika's) when an existing SQLite file's schema is older, so that the migration
    the first open runs is announced rather than looking like a hung start; None otherwise."""
    import sqlite3

    from .store.schema import SCHEMA_VERSION
    if "://" in where or not os.path.isfile(where):
        return None
    try:
        con = sqlite3.connect(f"file:{where}?mode=ro", uri=True)
        try:
            row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        finally:
            con.close()
        version = int(row[0]) if row else None
    except (sqlite3.Error, ValueError):
        return None  # not ours or unreadable: open_store says why
    return (version, SCHEMA_VERSION) if version is not None and version < SCHEMA_VERSION else None


DB_HELP = "Database: an SQLite file (default $KHRONIKA_DB or var/khronika.db) or postgresql://..."


@app.command()
def serve(
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (0.0.0.0: every interface)."),
    port: int = typer.Option(8000, "--port", min=1, max=65535),
    token: Optional[str] = typer.Option(None, "--token", help="Token that allows POST /api/articles "
                                        "(default $KHRONIKA_API_TOKEN; none: posting is disabled)."),
    max_body: int = typer.Option(2 * 1024 * 1024, "--max-body", min=1024, help="Largest POST body in bytes."),
    log: bool = typer.Option(False, "--log/--no-log", help="Log every request."),
) -> None:
    """Serve the web UI and the HTTP API (OpenAPI at /docs)."""
    import uvicorn

    from .api import create_app
    from .store import StoreError, default_db, open_store

    where = db or default_db()
    new = "://" not in where and not os.path.exists(where)
    if (older := schema_behind(where)):
        report(f"{where}: upgrading its schema from version {older[0]} to {older[1]} first "
               f"(on a large database this can take minutes)")
    try:  # create or migrate the schema once, so that the server's read-only connections find it ready
        open_store(where).close()
    except StoreError as e:
        try:
            open_store(where, readonly=True, create=False).close()
        except StoreError:
            report(str(e))
            raise typer.Exit(1)
        report(f"{e} (serving read-only)")
    if new:
        report(f"{where}: a new, empty database (fill it with `khronika ingest FILES --db {where}`)")
    if (problem := port_problem(host, port)):
        report(f"cannot listen on {host}:{port}: {problem}")
        raise typer.Exit(1)
    try:
        application = create_app(where, token=token, max_body=max_body)
    except ValueError as e:
        report(str(e))
        raise typer.Exit(2)
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else shown}:{port}/"
    posting = "on (token required)" if application.state.settings.token else "off (no token configured)"
    from rich.markup import escape
    err.print(f"[bold]khronika[/] serving {escape(where)}: open [bold]{url}[/]", soft_wrap=True, highlight=False)
    err.print(f"  API docs {url}docs · posting articles {posting} · Ctrl-C stops", soft_wrap=True,
              highlight=False, style="dim")
    config = uvicorn.Config(application, host=host, port=port, log_level="warning",
                            access_log=log, server_header=False)
    server = uvicorn.Server(config)
    try:
        server.run()
    except OSError as e:
        report(f"cannot listen on {host}:{port}: {e.strerror or e}")
        raise typer.Exit(1)
    if not server.started:
        report(f"the server could not start on {host}:{port} (is the port in use?)")
        raise typer.Exit(1)
