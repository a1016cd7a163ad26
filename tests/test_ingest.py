"""`khronika ingest` as a user runs it (a subprocess): stored once, resumable after kill -9, safe with two
writers, clear about failures and about a busy database; the registry carries roles to the next run."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from khronika.reading import InputError, read_inputs
from khronika.record import record_id
from tests.conftest import CORPUS, SEED, articles_jsonl, corpus_articles

KHRONIKA = str(Path(sys.executable).parent / "khronika")


def run(*args, timeout=600, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([KHRONIKA, *map(str, args)], capture_output=True, text=True, timeout=timeout, **kw)


def summary(proc: subprocess.CompletedProcess) -> dict:
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def ids_of(path) -> list[str]:
    return [record_id(a.text) for a in read_inputs([str(path)]) if not isinstance(a, InputError)]


def db_state(db) -> dict:
    """What the file holds, read with plain sqlite3, plus the checks that make it consistent: every article's
    child rows are exactly as many as its record says (no duplicates, nothing half-written)."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        ids = [r[0] for r in con.execute("SELECT id FROM articles")]
        bad = con.execute("""
            SELECT a.id FROM articles a WHERE
              a.n_mentions <> (SELECT count(*) FROM mentions m WHERE m.article = a.pk) OR
              a.n_quotes <> (SELECT count(*) FROM quotes q WHERE q.article = a.pk) OR
              a.n_events <> (SELECT count(*) FROM events e WHERE e.article = a.pk) OR
              a.n_actors <> (SELECT count(*) FROM article_actors x WHERE x.article = a.pk)""").fetchall()
        orphans = con.execute("SELECT count(*) FROM mentions WHERE article NOT IN (SELECT pk FROM articles)").fetchone()[0]
        indexed = con.execute("SELECT count(*) FROM articles_fts").fetchone()[0]
        for r in con.execute("SELECT record FROM articles"):
            json.loads(r[0])
    finally:
        con.close()
    assert not bad, f"articles whose rows do not match their record: {bad}"
    assert orphans == 0
    assert indexed == len(ids), "every article is in the full-text index once"
    return {"ids": ids}


def count_articles(db) -> int:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return con.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0  # not created yet


def children_of(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(x) for x in (task / "children").read_text().split()]
        except OSError:
            pass
    return out


def gone(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rsplit(")", 1)[1].split()[0] == "Z"


def test_ingest_stores_once_and_a_rerun_adds_nothing(tmp_path):
    src = articles_jsonl(tmp_path / "a.jsonl", 4)
    # the same article twice in one input
    with open(src, "a", encoding="utf-8") as fh:
        fh.write(src.read_text(encoding="utf-8").splitlines()[0] + "\n")
    db = tmp_path / "k.db"
    proc = run("ingest", SEED, src, "--db", db, "--json", "--progress")
    first = summary(proc)
    assert (first["new"], first["already_there"], first["failed"]) == (5, 1, 0)
    assert "art/s" in proc.stderr and "6/6" in proc.stderr  # the progress bar: count, rate (and ETA on a terminal)
    again = summary(run("ingest", src, SEED, "--db", db, "--json"))
    assert (again["new"], again["already_there"], again["failed"]) == (0, 6, 0)
    state = db_state(db)
    assert sorted(state["ids"]) == sorted(set(ids_of(src) + ids_of(SEED)))


def test_bad_inputs_are_reported_and_the_rest_goes_in(tmp_path):
    src = articles_jsonl(tmp_path / "a.jsonl", 2)
    with open(src, "a", encoding="utf-8") as fh:
        fh.write("{not json\n")
        fh.write(json.dumps({"title": "без текста"}, ensure_ascii=False) + "\n")
    db = tmp_path / "k.db"
    proc = run("ingest", src, tmp_path / "missing.txt", "--db", db)
    assert proc.returncode == 0, proc.stderr
    assert "2 new, 0 already there, 3 failed" in " ".join(proc.stderr.split())
    assert "not JSON" in proc.stderr and "no text" in proc.stderr and "no such file" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert len(db_state(db)["ids"]) == 2
    # nothing usable at all: a non-zero exit
    proc = run("ingest", tmp_path / "missing.txt", "--db", db)
    assert proc.returncode == 1 and "nothing could be stored" in proc.stderr


def test_refuses_a_file_that_is_not_a_database(tmp_path):
    target = tmp_path / "notes.db"
    target.write_text("my notes, not a database\n" * 100)
    before = target.read_bytes()
    proc = run("ingest", SEED, "--db", target)
    assert proc.returncode == 1
    assert "not a database" in proc.stderr and "Traceback" not in proc.stderr
    assert target.read_bytes() == before


@pytest.mark.slow
def test_kill_9_midway_then_rerun_finishes_with_every_article_once(tmp_path, corpus_jsonl):
    db = tmp_path / "k.db"
    expected = set(ids_of(corpus_jsonl))
    assert len(expected) >= 30
    proc = subprocess.Popen([KHRONIKA, "ingest", str(corpus_jsonl), "--db", str(db), "--workers", "2",
                             "--batch", "3", "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 300
    workers: set[int] = set()
    while proc.poll() is None and time.monotonic() < deadline:
        workers.update(children_of(proc.pid))
        if count_articles(db) >= 6:
            break
        time.sleep(0.2)
    workers.update(children_of(proc.pid))
    assert proc.poll() is None, "the ingest finished before it could be killed: " + proc.stderr.read().decode()
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stdout.close()
    proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    # the workers die with their parent
    deadline = time.monotonic() + 20
    while not all(gone(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert workers and all(gone(p) for p in workers), "worker processes outlived the killed ingest"

    before = db_state(db)["ids"]
    assert 0 < len(before) < len(expected)
    assert set(before) <= expected
    rerun = summary(run("ingest", corpus_jsonl, "--db", db, "--json", "--workers", "1"))
    assert rerun["already_there"] == len(before)
    assert rerun["new"] == len(expected) - len(before)
    after = db_state(db)["ids"]
    assert len(after) == len(set(after)) == len(expected)
    assert set(after) == expected


@pytest.mark.slow
def test_two_ingests_into_one_file_at_once(tmp_path):
    src = articles_jsonl(tmp_path / "all.jsonl", 12)
    lines = src.read_text(encoding="utf-8").splitlines(keepends=True)
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_text("".join(lines[:8]), encoding="utf-8")
    b.write_text("".join(lines[4:]), encoding="utf-8")
    db = tmp_path / "k.db"
    procs = [subprocess.Popen([KHRONIKA, "ingest", str(p), "--db", str(db), "--batch", "2", "--workers", "1",
                               "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for p in (a, b)]
    results = []
    for p in procs:
        out, err = p.communicate(timeout=600)
        assert p.returncode == 0, err
        results.append(json.loads(out))
    ids = db_state(db)["ids"]
    assert len(ids) == len(set(ids)) == len(set(ids_of(src)))
    assert sum(r["new"] for r in results) == len(ids)
    assert all(r["new"] + r["already_there"] == 8 for r in results)


def test_busy_database_says_so_and_is_unchanged(tmp_path):
    db = tmp_path / "k.db"
    summary(run("ingest", SEED, "--db", db, "--json"))
    src = articles_jsonl(tmp_path / "a.jsonl", 1)
    blocker = sqlite3.connect(db, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        proc = run("ingest", src, "--db", db, "--busy-timeout", "0.5")
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert proc.returncode == 1
    assert "busy" in proc.stderr and "rerun" in proc.stderr and "Traceback" not in proc.stderr
    assert len(db_state(db)["ids"]) == 1


def test_registry_carries_a_role_to_the_next_run(tmp_path, seed_record):
    """The seed introduces "послом Беларуси Павлом Утюпиным"; a later article (its lead with the apposition
    and the first name taken out) says only "Утюпиным". Stored roles let that run know who he is."""
    person = next((a for a in seed_record.actors if a.kind == "person" and a.office == "посол"), None)
    if person is None:
        pytest.skip("the actors stage does not give the ambassador his office yet")
    surname_form = next(m.text.split()[-1] for m in seed_record.mentions if m.actor == person.id)
    lead = seed_record.lead
    phrase = next(m.text for m in seed_record.mentions if m.actor == person.id and len(m.text.split()) > 1)
    start = lead.index(phrase)
    apposition = lead.rfind(" с ", 0, start)  # "... встречи с послом Беларуси Павлом Утюпиным ..."
    later = lead[:apposition] + " с " + surname_form + lead[start + len(phrase):]
    assert person.name not in later and surname_form in later
    src = tmp_path / "later.jsonl"
    src.write_text(json.dumps({"title": None, "text": later}, ensure_ascii=False) + "\n", encoding="utf-8")

    def person_named(db) -> dict | None:
        out = run("export", "-f", "jsonl", "--db", db, "-")
        assert out.returncode == 0, out.stderr
        rec = next(json.loads(l) for l in out.stdout.splitlines() if json.loads(l)["text"] == later)
        mention = next(m for m in rec["mentions"] if m["text"].endswith(surname_form))
        return next((a for a in rec["actors"] if a["id"] == mention["actor"]), None)

    alone = tmp_path / "alone.db"
    summary(run("ingest", src, "--db", alone, "--json"))
    control = person_named(alone)
    if control and control["key"] == person.key:
        pytest.skip("the article alone already resolves the surname; nothing for the registry to show")

    db = tmp_path / "k.db"
    summary(run("ingest", SEED, "--db", db, "--json"))
    summary(run("ingest", src, "--db", db, "--json"))
    got = person_named(db)
    assert got is not None and got["key"] == person.key and got["office"] == person.office
    assert got["country"] == person.country


@pytest.mark.parametrize("workers", ["1", "2"])
def test_an_article_over_its_time_limit_is_skipped_not_the_run(tmp_path, workers):
    src = articles_jsonl(tmp_path / "a.jsonl", 2)
    db = tmp_path / "k.db"
    proc = run("ingest", src, "--db", db, "--workers", workers, "--article-timeout", "0.001")
    assert proc.returncode == 1, proc.stderr  # nothing could be stored
    assert "longer than 0.001 s" in proc.stderr and "Traceback" not in proc.stderr
    again = summary(run("ingest", src, "--db", db, "--workers", workers, "--json"))
    assert again["new"] == 2 and again["failed"] == 0


@pytest.mark.skipif(not CORPUS.exists(), reason="../shared/data/news-corpus is not beside the project")
def test_an_article_natasha_parses_with_a_cycle_goes_in(tmp_path):
    """russia_today_0 line 818 (Macron-Le Pen debates): natasha's parse holds a head cycle, which once sent a
    subtree walk round forever (memory without bound). The language layer cuts cycles; the article is stored."""
    [(_, _, obj)] = [x for x in corpus_articles(["russia_today_0.jsonlines.zip"], 818) if x[1] == 818]
    src = tmp_path / "one.jsonl"
    src.write_text(json.dumps({"title": obj["title"], "text": obj["content"]}, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    res = summary(run("ingest", src, "--db", tmp_path / "k.db", "--json", "--article-timeout", "30"))
    assert res["new"] == 1, res["failures"]


def test_ingest_reads_stdin_like_process(tmp_path):
    src = articles_jsonl(tmp_path / "a.jsonl", 2)
    db = tmp_path / "k.db"
    with open(src, "rb") as fh:
        proc = subprocess.run([KHRONIKA, "ingest", "-", "--db", str(db), "--workers", "1", "--json"], stdin=fh,
                              capture_output=True, text=True, timeout=600)
    assert summary(proc)["new"] == 2
    assert sorted(db_state(db)["ids"]) == sorted(ids_of(src))
