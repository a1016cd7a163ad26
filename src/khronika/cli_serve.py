"""`khronika serve`: the web pages and the HTTP API over a database (uvicorn)."""
from __future__ import annotations

from typing import Optional

import typer

from .cli import app, err, report

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
    try:  # create or migrate the schema once, so that the server's read-only connections find it ready
        open_store(where).close()
    except StoreError as e:
        try:
            open_store(where, readonly=True, create=False).close()
        except StoreError:
            report(str(e))
            raise typer.Exit(1)
        report(f"{e} (serving read-only)")
    try:
        application = create_app(where, token=token, max_body=max_body)
    except ValueError as e:
        report(str(e))
        raise typer.Exit(2)
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else shown}:{port}/"
    posting = "on (token required)" if application.state.settings.token else "off (no token configured)"
    err.print(f"[bold]khronika[/] serving [bold]{where}[/] at [link={url}]{url}[/]  (API docs: {url}docs; "
              f"posting articles: {posting}; Ctrl-C stops)", highlight=False)
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
