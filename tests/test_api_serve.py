"""`khronika serve` as a user runs it: a real server on 127.0.0.1, its token from the environment, and one
clear line (never a traceback) for every way it cannot start."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from tests.conftest import SEED
from tests.test_web_data import build_db

SERVE = [sys.executable, "-c", "from khronika.cli import main; main()", "serve"]
TOKEN = "serve-test-token-42"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(args: list[str], env: dict | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(SERVE + args, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


def one_line_error(proc: subprocess.CompletedProcess, code: int, *words: str) -> None:
    assert proc.returncode == code, (proc.returncode, proc.stderr)
    assert "Traceback" not in proc.stderr
    lines = [x for x in proc.stderr.splitlines() if x.strip()]
    assert len(lines) == 1 and lines[0].startswith("khronika:"), proc.stderr
    for w in words:
        assert w in lines[0], (w, lines[0])


@pytest.fixture(scope="module")
def db(seed_record, tmp_path_factory):
    return build_db(tmp_path_factory.mktemp("serve") / "serve.db", [seed_record])


def test_serve_refuses_what_it_cannot_serve(db, tmp_path):
    not_db = tmp_path / "notes.db"
    not_db.write_text("not a database", encoding="utf-8")
    one_line_error(run(["--db", str(not_db)]), 1, "not a database")
    one_line_error(run(["--db", str(db), "--token", "short"]), 2, "too short")
    one_line_error(run(["--db", str(db)], env={"KHRONIKA_API_TOKEN": "abc"}), 2, "too short")
    one_line_error(run(["--db", str(db), "--host", "no-such-host.invalid"]), 1, "cannot listen")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        one_line_error(run(["--db", str(db), "--port", str(port)]), 1, "cannot listen", str(port))


def get(url: str, data: bytes | None = None, headers: dict | None = None) -> tuple[int, dict]:
    req = urllib.request.Request(url, data=data, headers=headers or {}, method="POST" if data is not None else "GET")
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def test_serve_answers_and_takes_its_token_from_the_environment(db, seed_record, tmp_path):
    port = free_port()
    log = open(tmp_path / "serve.log", "w+b")  # a file, not a pipe: the server never blocks on its output
    proc = subprocess.Popen(SERVE + ["--db", str(db), "--port", str(port)], stderr=log,
                            stdout=subprocess.DEVNULL, env={**os.environ, "KHRONIKA_API_TOKEN": TOKEN})
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, stats = get(base + "/api/stats")
                break
            except OSError:
                assert proc.poll() is None and time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        assert status == 200 and stats["articles"]["total"] == 1
        status, record = get(f"{base}/api/articles/{seed_record.id}")
        assert status == 200 and record["id"] == seed_record.id
        status, body = get(base + "/api/articles", SEED.read_bytes(), {"Content-Type": "text/plain"})
        assert status == 401 and "token" in body["error"]
        status, body = get(base + "/api/articles", SEED.read_bytes(),
                           {"Content-Type": "text/plain", "Authorization": f"Bearer {TOKEN}"})
        assert status == 200 and body["already"] == 1  # the seed is stored already: nothing new
    finally:
        proc.terminate()
        proc.wait(15)
        log.seek(0)
        banner = log.read().decode("utf-8")
        log.close()
    assert f"http://127.0.0.1:{port}/" in banner and "posting articles on" in banner


def test_serve_knows_when_a_schema_upgrade_comes_first(db, tmp_path):
    import sqlite3

    from khronika.cli_serve import schema_behind
    from khronika.store.schema import SCHEMA_VERSION
    assert schema_behind(str(db)) is None  # up to date
    old = tmp_path / "old.db"
    con = sqlite3.connect(old)
    con.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    con.executemany("INSERT INTO meta VALUES (?, ?)", [("app", "khronika"), ("schema_version", "1")])
    con.commit()
    con.close()
    assert schema_behind(str(old)) == (1, SCHEMA_VERSION)
    assert schema_behind(str(tmp_path / "missing.db")) is None
    assert schema_behind("postgresql://example/db") is None
