"""The store on a real PostgreSQL server (a throwaway cluster, tests/pg.py): the same records and the same
answers to every query as SQLite, Russian full-text search, idempotent loads, and concurrent ingests."""
from __future__ import annotations

import json
import multiprocessing as mp

import pytest

from khronika.store import get_record, open_store, prepare, queries, save_batch
from tests.conftest import articles_jsonl
from tests.pg import pg_cluster  # noqa: F401  (fixture)


@pytest.fixture(scope="module")
def records(processor, tmp_path_factory):
    from khronika.reading import read_inputs
    src = articles_jsonl(tmp_path_factory.mktemp("pg") / "few.jsonl", 12)
    return [processor.process(a) for a in read_inputs([str(src)])]


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        return str(tmp_path / "k.db")
    return request.getfixturevalue("pg_cluster").new_database()


def fill(url: str, records) -> None:
    with open_store(url) as store:
        save_batch(store, [prepare(r) for r in records])


def test_records_come_back_exactly(db_url, records):
    fill(db_url, records)
    with open_store(db_url, readonly=True) as store:
        for r in records:
            got, want = get_record(store, r.id), r.to_dict()
            assert {k: got[k] for k in want} == want  # the store may add its own keys (stories)


def test_same_article_twice_is_stored_once(db_url, records):
    fill(db_url, records[:4])
    with open_store(db_url) as store:
        flags = save_batch(store, [prepare(r) for r in records[:6]])
        assert flags == [False] * 4 + [True] * 2
        assert store.scalar("SELECT count(*) FROM articles") == 6


def answers(url: str, records) -> dict:
    """Every query's answer, with the store's own keys (pks) taken out."""
    some_actor = next(a.name for r in records for a in r.actors if a.kind == "person")
    words = next(m.normal for r in records for m in r.mentions if m.type == "LOC")
    with open_store(url, readonly=True) as s:
        out = {
            "search": queries.search(s, words),
            "search2": queries.search(s, "заявил министр"),
            "events": queries.events(s, limit=200),
            "events_rus": queries.events(s, actor="RUS", limit=200),
            "quotes": queries.quotes(s, limit=200),
            "actor": queries.actor_profile(s, some_actor),
            "dyad": queries.dyad(s, "RUS", "USA"),
            "stats": queries.stats(s),
        }
    text = json.dumps(out, ensure_ascii=False, sort_keys=True, default=str)
    return json.loads(text)


def _strip(obj):
    if isinstance(obj, dict):
        return {k: _strip(v) for k, v in obj.items()
                if k not in ("pk", "score", "size_mb", "bytes", "db", "database", "file_mb")}
    if isinstance(obj, list):
        return [_strip(x) for x in obj]
    return obj


def _unordered(obj):
    if isinstance(obj, dict):
        return {k: _unordered(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return sorted(json.dumps(_unordered(x), sort_keys=True) for x in obj)
    return obj


def test_queries_answer_the_same_on_both(pg_cluster, records, tmp_path):
    lite = str(tmp_path / "k.db")
    pg = pg_cluster.new_database()
    fill(lite, records)
    fill(pg, records)
    a, b = _strip(answers(lite, records)), _strip(answers(pg, records))
    assert a["events"]["total"] > 0 and a["quotes"]["total"] > 0
    for key in a:
        if key.startswith("search"):  # ranking differs (bm25 vs ts_rank): the same hits
            assert sorted(map(json.dumps, a[key].get("articles", {}).get("items", []))) == \
                sorted(map(json.dumps, b[key].get("articles", {}).get("items", []))), key
            assert a[key].get("articles", {}).get("total") == b[key].get("articles", {}).get("total"), key
        elif key == "stats":  # top lists tie on counts; each engine cuts a tie at the limit in its own order
            ta, tb = a[key].pop("top_dyads", []), b[key].pop("top_dyads", [])
            assert [d["events"] for d in ta] == [d["events"] for d in tb]
            assert _unordered(a[key]) == _unordered(b[key])
        else:
            assert a[key] == b[key], key


def test_russian_full_text_search_finds_case_forms(pg_cluster, records):
    pg = pg_cluster.new_database()
    fill(pg, records)
    with open_store(pg, readonly=True) as s:
        assert s.scalar("SELECT count(*) FROM articles_fts WHERE tsv @@ plainto_tsquery('russian', 'россия')") > 0
        person = next(a.name.split()[-1] for r in records for a in r.actors if a.kind == "person")
        assert queries.search(s, person)["articles"]["total"] > 0


def _ingest(args) -> dict:
    from khronika.ingest import ingest
    src, url = args
    return ingest([src], url, workers=1).to_dict()


def test_two_concurrent_ingests_store_every_article_once(pg_cluster, tmp_path):
    src = articles_jsonl(tmp_path / "twelve.jsonl", 12)
    url = pg_cluster.new_database()
    with open_store(url):  # the schema, so both start on an equal footing (they would also race it safely)
        pass
    ctx = mp.get_context("spawn")
    with ctx.Pool(2) as pool:
        results = pool.map(_ingest, [(str(src), url), (str(src), url)])
    with open_store(url, readonly=True) as s:
        n = s.scalar("SELECT count(*) FROM articles")
        assert s.scalar("SELECT count(DISTINCT id) FROM articles") == n
        # each article was written by exactly one of the two runs; the other found it there
        assert sum(r["new"] for r in results) == n
        assert n == 12 - results[0]["failed"] and results[0]["failed"] == results[1]["failed"]
        # nothing of an article written twice: its mentions and events once
        assert s.scalar("SELECT count(*) FROM (SELECT article, local FROM mentions GROUP BY article, local "
                        "HAVING count(*) > 1) d") == 0
        assert s.scalar("SELECT count(*) FROM articles_fts") == n


def test_bad_server_url_says_why():
    from khronika.store import StoreError
    pytest.importorskip("psycopg")
    with pytest.raises(StoreError, match="cannot connect"):
        open_store("postgresql://nobody@/none?host=/nonexistent-dir")


def test_placeholders_are_rewritten_outside_literals_only():
    from khronika.store.postgres import split_placeholders
    assert split_placeholders("SELECT ? , '?%' FROM t WHERE a LIKE 'x%' AND b = ?") == \
        "SELECT %s , '?%%' FROM t WHERE a LIKE 'x%%' AND b = %s"


def test_percent_in_a_literal_without_parameters(pg_cluster):
    url = pg_cluster.new_database()
    with open_store(url) as s:
        assert s.scalar("SELECT 'x%' LIKE 'x%'") is True
        assert s.scalar("SELECT ? LIKE 'a%'", ("abc",)) is True
