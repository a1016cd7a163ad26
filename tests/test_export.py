"""Exports: records exactly as `process` emits them, Parquet tables, PLOVER events, GDELT's 61 columns."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from khronika.cli import app
from khronika.export import GDELT_COLUMNS, ExportError, export
from khronika.reading import read_inputs
from khronika.record import Record
from khronika.store import open_store, prepare, save_batch
from tests.conftest import articles_jsonl

runner = CliRunner()


@pytest.fixture(scope="module")
def records(processor, seed_record, tmp_path_factory):
    src = articles_jsonl(tmp_path_factory.mktemp("export") / "e.jsonl", 5)
    base = [seed_record] + [processor.process(a) for a in read_inputs([str(src)])]
    dated = []
    for i, r in enumerate(base[:3]):  # known days under distinct ids, for --since
        d = r.to_dict()
        d["id"] = f"{r.id[:10]}x{i:05d}"
        d["published_at"] = f"2024-0{i + 1}-15T09:30"
        dated.append(Record.from_dict(d))
    return base + dated


@pytest.fixture(scope="module")
def db(records, tmp_path_factory):
    path = tmp_path_factory.mktemp("edb") / "e.db"
    with open_store(path) as store:
        save_batch(store, [prepare(r) for r in records])
    return path


@pytest.fixture
def store(db):
    with open_store(db, readonly=True) as s:
        yield s


def test_jsonl_is_exactly_what_process_emits(store, records, tmp_path):
    out = tmp_path / "r.jsonl"
    assert export(store, "jsonl", str(out)) == {"records": len(records)}
    lines = out.read_text(encoding="utf-8").splitlines()
    # each record as `process` emits it, then the store's story links (issue 9): its thread, the article it reprints
    links = [json.dumps({"thread": d["thread"], "duplicate_of": d["duplicate_of"]}, ensure_ascii=False)
             for d in map(json.loads, lines)]
    assert lines == [r.to_json()[:-1] + ", " + x[1:] for r, x in zip(records, links)]


def test_since_selects_by_publication_day(store, records, tmp_path):
    out = tmp_path / "r.jsonl"
    export(store, "jsonl", str(out), since="2024-02", until="2024-12-31")
    got = [json.loads(l)["published_at"] for l in out.read_text(encoding="utf-8").splitlines()]
    assert got == [r.published_at for r in records if r.published_at and r.published_at >= "2024-02"]


def test_parquet_tables(store, records, tmp_path):
    import pyarrow.parquet as pq
    counts = export(store, "parquet", str(tmp_path / "pq"))
    tables = {name: pq.read_table(tmp_path / "pq" / f"{name}.parquet") for name in counts}
    assert tables["articles"].num_rows == len(records)
    assert tables["mentions"].num_rows == sum(len(r.mentions) for r in records)
    assert tables["quotes"].num_rows == sum(len(r.quotes) for r in records)
    assert tables["events"].num_rows == sum(len(r.events) for r in records)
    assert tables["actors"].num_rows == len({a.key for r in records for a in r.actors})
    assert sorted(tables["articles"].column("id").to_pylist()) == sorted(r.id for r in records)
    ev = tables["events"].to_pylist()
    by_id = {r.id: r for r in records}
    for row in ev:
        r = by_id[row["article_id"]]
        e = next(x for x in r.events if x.id == row["event_id"])
        assert row["event"] == e.event and row["context"] == e.context
        assert row["actor_keys"] == [r.actor(a).key for a in e.actor]
        assert r.text[row["trigger_start"]:row["trigger_end"]] == row["trigger_text"]
    m = tables["mentions"].to_pylist()[0]
    assert by_id[m["article_id"]].text[m["start"]:m["end"]] == m["text"]


def test_plover_events(store, records, tmp_path):
    out = tmp_path / "p.jsonl"
    n = export(store, "plover", str(out))["events"]
    assert n == sum(len(r.events) for r in records)
    if not n:
        pytest.skip("the events stage finds no events in these articles yet")
    by_id = {r.id: r for r in records}
    for line in out.read_text(encoding="utf-8").splitlines():
        ev = json.loads(line)
        r = by_id[ev["article_id"]]
        e = next(x for x in r.events if x.id == ev["event_id"])
        assert ev["id"] == f"{r.id}-{e.id}" and ev["event"] == [e.event] and ev["quad_code"] == e.quad
        assert [a["code"] for a in ev["actor"]] == [r.actor(a).country for a in e.actor]
        assert [a["identifier_text"] for a in ev["recipient"]] == [r.actor(a).name for a in e.recipient]
        assert ev["event_scale"] == e.goldstein and ev["context"] == e.context
        assert ev["cite_info"]["codebook"].startswith("PLOVER")


def test_gdelt_table(store, records, tmp_path):
    out = tmp_path / "g.tsv"
    res = export(store, "gdelt", str(out))
    rows = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines()]
    assert res["rows"] == len(rows) == sum(max(1, len(e.actor)) * max(1, len(e.recipient))
                                           for r in records for e in r.events)
    if not rows:
        pytest.skip("the events stage finds no events in these articles yet")
    col = {name: i for i, name in enumerate(GDELT_COLUMNS)}
    assert all(len(r) == 61 for r in rows)
    assert len({r[col["GLOBALEVENTID"]] for r in rows}) == len(rows)
    for r in rows:
        assert r[col["GLOBALEVENTID"]].isdigit()
        assert r[col["QuadClass"]] in {"1", "2", "3", "4"}
        if r[col["EventCode"]]:
            assert r[col["EventRootCode"]] == r[col["EventCode"]][:2]
        assert len(r[col["SQLDATE"]]) == 8 and r[col["SQLDATE"]].isdigit()
        assert r[col["SOURCEURL"]]
    dated = [r for r in rows if r[col["SQLDATE"]].startswith("2024")]
    assert dated and all(r[col["MonthYear"]] == r[col["SQLDATE"]][:6] for r in dated)


def test_export_errors(store, db, tmp_path):
    with pytest.raises(ExportError, match="is a directory"):
        export(store, "jsonl", str(tmp_path))
    (tmp_path / "file").write_text("x")
    with pytest.raises(ExportError, match="directory of tables"):
        export(store, "parquet", str(tmp_path / "file"))
    r = runner.invoke(app, ["export", "-f", "xml", str(tmp_path / "o"), "--db", str(db)])
    assert r.exit_code == 2 and "jsonl" in r.output
    r = runner.invoke(app, ["export", "-f", "gdelt", str(tmp_path / "o"), "--since", "2024-02-31", "--db", str(db)])
    assert r.exit_code == 1 and "no day 31" in r.output
    assert not (tmp_path / "o").exists()
