"""The HTTP API through FastAPI's TestClient, over a store filled by the real pipeline (the seed and a few
corpus articles). Expected answers come from the records and from the store's own queries."""
from __future__ import annotations

import json
from collections import Counter

import pytest
from fastapi.testclient import TestClient

from khronika.api import create_app
from khronika.store import open_store, queries
from tests.conftest import SEED
from tests.test_web_data import build_db, demo_records

TOKEN = "test-token-0123456789"


@pytest.fixture(scope="module")
def records(processor, tmp_path_factory):
    return demo_records(processor, tmp_path_factory.mktemp("api"))


@pytest.fixture(scope="module")
def db(records, tmp_path_factory):
    return build_db(tmp_path_factory.mktemp("apidb") / "api.db", records)


@pytest.fixture(scope="module")
def client(db):
    with TestClient(create_app(str(db), token=None)) as c:
        yield c


@pytest.fixture
def store(db):
    with open_store(db, readonly=True) as s:
        yield s


def seed(records):
    return records[0]


def ok(resp, status: int = 200) -> dict:
    assert resp.status_code == status, (resp.status_code, resp.text[:500])
    return resp.json()


def error(resp, status: int) -> str:
    assert resp.status_code == status, (resp.status_code, resp.text[:500])
    body = resp.json()
    assert set(body) == {"error", "status"} and body["status"] == status
    assert "\n" not in body["error"] and "Traceback" not in body["error"]
    return body["error"]


# --- articles ---

def test_one_article_is_the_record_exactly_as_process_emits_it(client, records):
    r = seed(records)
    resp = client.get(f"/api/articles/{r.id}")
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("application/json")
    stored = resp.json()
    # the store adds the article's story links (issue 9) after the record's own fields
    links = json.dumps({"thread": stored["thread"], "duplicate_of": stored["duplicate_of"]}, ensure_ascii=False)
    assert isinstance(stored["thread"], int)
    # same fields, same order, same serialisation
    assert resp.content.decode("utf-8") == r.to_json()[:-1] + ", " + links[1:]


def test_article_errors(client):
    assert "no article" in error(client.get("/api/articles/0123456789abcdef"), 404)
    assert "not an article id" in error(client.get("/api/articles/bad%20id!"), 400)


def test_article_list_pages_with_totals(client, records):
    first = ok(client.get("/api/articles?limit=3"))
    assert first["total"] == len(records) and first["limit"] == 3 and first["offset"] == 0
    assert len(first["items"]) == min(3, len(records)) and first["prev"] is None
    seen = [a["id"] for a in first["items"]]
    nxt = first["next"]
    while nxt:
        page = ok(client.get(nxt))
        seen += [a["id"] for a in page["items"]]
        nxt = page["next"]
    assert sorted(seen) == sorted(r.id for r in records)  # every article exactly once
    # newest first, undated last
    days = [a["published_at"] for a in ok(client.get("/api/articles?limit=100"))["items"]]
    dated = [d for d in days if d]
    assert dated == sorted(dated, reverse=True) and days[:len(dated)] == dated
    beyond = ok(client.get(f"/api/articles?offset={len(records) + 5}"))
    assert beyond["items"] == [] and beyond["next"] is None and beyond["total"] == len(records)


def test_article_list_filters_and_bad_parameters(client, records):
    dated = [r for r in records if r.published_at]
    if dated:
        year = dated[0].published_at[:4]
        res = ok(client.get(f"/api/articles?since={year}&until={year}"))
        assert res["total"] == sum(1 for r in dated if r.published_at.startswith(year))
    assert "limit" in error(client.get("/api/articles?limit=0"), 422)
    assert "limit" in error(client.get("/api/articles?limit=100000"), 422)
    assert "offset" in error(client.get("/api/articles?offset=-1"), 422)
    assert "limit" in error(client.get("/api/articles?limit=abc"), 422)
    assert "not a date" in error(client.get("/api/articles?since=yesterday"), 400)
    assert "after" in error(client.get("/api/articles?since=2020&until=2019"), 400)


def test_article_search_finds_inflected_forms(client, records):
    r = seed(records)
    assert "Путин" in r.text and "Путина" not in r.text
    res = ok(client.get("/api/articles", params={"q": "Путина"}))
    assert r.id in [a["id"] for a in res["items"]] and res["total"] >= 1
    for a in res["items"]:
        text = a["snippet"]["text"]
        assert all(0 <= s < e <= len(text) for s, e in a["snippet"]["hits"])
    assert "nothing to search" in error(client.get("/api/articles", params={"q": "!!!"}), 400)


def test_search_across_articles_and_quotes(client, records, store):
    r = seed(records)
    speaker_quote = next(q for q in r.quotes if q.kind == "direct")
    word = max(speaker_quote.text.split(), key=len).strip("«»,.!?–")
    res = ok(client.get("/api/search", params={"q": word}))
    assert r.id in [a["id"] for a in res["articles"]["items"]]
    assert (r.id, speaker_quote.id) in [(x["article_id"], x["quote_id"]) for x in res["quotes"]["items"]]
    only = ok(client.get("/api/search", params={"q": word, "in": "quotes"}))
    assert "articles" not in only and only["quotes"]["total"] == res["quotes"]["total"]
    assert "in" in error(client.get("/api/search", params={"q": word, "in": "everything"}), 422)
    assert "q" in error(client.get("/api/search"), 422)


# --- actors ---

def test_actor_search_and_one_actor(client, records, store):
    r = seed(records)
    person = next(a for a in r.actors if a.kind == "person" and a.office and any(q.speaker == a.id for q in r.quotes))
    surname = person.name.split()[-1]
    found = ok(client.get("/api/actors", params={"q": surname}))
    assert person.key in [a["key"] for a in found["items"]] and found["total"] >= 1
    everyone = ok(client.get("/api/actors?limit=1000"))
    assert everyone["total"] == store.scalar("SELECT count(*) FROM actors") == len(everyone["items"])
    countries = ok(client.get("/api/actors?kind=country&limit=1000"))
    assert countries["items"] and all(a["kind"] == "country" for a in countries["items"])
    assert "kind" in error(client.get("/api/actors?kind=alien"), 422)

    one = ok(client.get(f"/api/actors/{person.key}"))
    assert one["actor"]["key"] == person.key and one["actor"]["name"] == person.name
    assert person.office in [o["office"] for o in one["offices"]]
    said = [q for rec in records for q in rec.quotes if rec.actor(q.speaker) and rec.actor(q.speaker).key == person.key]
    assert one["quotes"]["total"] == len(said)
    did = [e for rec in records for e in rec.events if person.key in {rec.actor(x).key for x in e.actor}]
    assert one["events_as_actor"]["total"] == len(did)
    # the paged lists behind the profile
    quotes = ok(client.get(f"/api/actors/{person.key}/quotes?limit=1"))
    assert quotes["total"] == len(said) and len(quotes["items"]) == min(1, len(said))
    events = ok(client.get(f"/api/actors/{person.key}/events", params={"role": "actor"}))
    assert events["total"] == len(did)
    got = ok(client.get(f"/api/actors/{person.key}/events", params={"role": "recipient"}))
    assert got["total"] == sum(1 for rec in records for e in rec.events
                               if person.key in {rec.actor(x).key for x in e.recipient})
    assert "role" in error(client.get(f"/api/actors/{person.key}/events?role=bystander"), 422)
    assert "no actor" in error(client.get("/api/actors/person:nobody-at-all"), 404)
    assert "no actor" in error(client.get("/api/actors/person:nobody-at-all/quotes"), 404)


# --- events and quotes ---

def event_countries(records):
    for r in records:
        c = {a.id: a.country for a in r.actors}
        for e in r.events:
            yield r, e, {c.get(x) for x in e.actor}, {c.get(x) for x in e.recipient}


def test_events_filtered_as_the_cli_filters_them(client, records, store):
    total = sum(len(r.events) for r in records)
    assert total, "the events stage finds events in these articles"
    assert ok(client.get("/api/events?limit=1"))["total"] == total
    res = ok(client.get("/api/events", params={"actor": "KAZ", "limit": 100}))
    assert res["total"] == sum(1 for _, _, a, _ in event_countries(records) if "KAZ" in a)
    assert all(any(p["country"] == "KAZ" for p in ev["actor"]) for ev in res["items"])
    pair = ok(client.get("/api/events", params={"actor": "KAZ", "recipient": "BLR"}))
    assert pair["total"] == sum(1 for _, _, a, b in event_countries(records) if "KAZ" in a and "BLR" in b)
    by_type = Counter(e.event for r in records for e in r.events)
    t, n = by_type.most_common(1)[0]
    assert ok(client.get("/api/events", params={"type": t.lower()}))["total"] == n
    # the same answer as the store's query (what `khronika events --json` prints)
    assert ok(client.get("/api/events?actor=KAZ&limit=5"))["items"] == queries.events(store, "KAZ", limit=5)["items"]
    ev = res["items"][0]
    assert {"event", "actor", "recipient", "trigger", "sentence", "cameo", "goldstein", "quad", "article_id"} <= set(ev)
    assert "unknown event type" in error(client.get("/api/events?type=HUG"), 400)
    assert "not a country code" in error(client.get("/api/events?actor=XQZ"), 400)
    assert "no actor" in error(client.get("/api/events", params={"actor": "Никтоникакойнеизвестный"}), 404)
    assert error(client.get("/api/events?since=2020-13"), 400) == "since: '2020-13' has no month 13"


def test_quotes_by_speaker(client, records):
    total = sum(len(r.quotes) for r in records)
    assert ok(client.get("/api/quotes?limit=1"))["total"] == total
    r = seed(records)
    q = next(q for q in r.quotes if q.speaker)
    speaker = r.actor(q.speaker)
    res = ok(client.get("/api/quotes", params={"speaker": speaker.key, "limit": 100}))
    assert res["total"] == sum(1 for rec in records for x in rec.quotes
                               if rec.actor(x.speaker) and rec.actor(x.speaker).key == speaker.key)
    assert q.text in [x["text"] for x in res["items"]]
    kaz = ok(client.get("/api/quotes", params={"speaker": "KAZ", "limit": 100}))
    assert all(x["speaker_country"] == "KAZ" for x in kaz["items"]) and kaz["total"] >= 1


# --- pairs, network, stats ---

def test_dyad_series_and_the_events_behind_each_point(client, store):
    res = ok(client.get("/api/dyads/KAZ/BLR"))
    expected = queries.dyad(store, "KAZ", "BLR")
    assert res["months"] == expected["months"] and res["total"] == expected["total"]
    assert res["total"]["events"] >= 1 and res["a_name"] and res["b_name"]
    assert res["total_months"] == len(expected["months"])
    for m in res["months"]:
        behind = ok(client.get(res["events_url"], params={"month": m["month"], "limit": 1000}))
        assert behind["total"] == m["events"] == len(behind["items"])
        quads = Counter(str(e["quad"]) for e in behind["items"])
        assert all(quads[k] == v for k, v in m["quad"].items())
    everything = ok(client.get(res["events_url"]))
    assert everything["total"] == res["total"]["events"]
    by_name = ok(client.get("/api/dyads/Казахстан/Беларусь"))
    assert (by_name["a"], by_name["b"]) == ("KAZ", "BLR")
    assert "two different" in error(client.get("/api/dyads/KAZ/KAZ"), 400)
    assert "country" in error(client.get("/api/dyads/KAZ/XQZ"), 400)
    assert "YYYY-MM" in error(client.get(res["events_url"], params={"month": "2022-13"}), 400)


def test_busiest_pairs(client, store):
    res = ok(client.get("/api/dyads?limit=3"))
    assert res["total"] >= len(res["items"]) >= 1
    counts = [p["events"] for p in res["items"]]
    assert counts == sorted(counts, reverse=True)
    top = res["items"][0]
    series = ok(client.get(f"/api/dyads/{top['a']}/{top['b']}"))
    assert series["total"]["events"] >= top["events"]  # the series also counts joint actions


def test_network_nodes_and_edges(client, records):
    res = ok(client.get("/api/network"))
    assert res["total"] == len(res["edges"]) >= 1
    ids = {n["id"] for n in res["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids and e["quad"] in (1, 2, 3, 4) for e in res["edges"])
    assert sum(n["events"] for n in res["nodes"]) == 2 * sum(e["events"] for e in res["edges"])
    r = seed(records)
    first = next(e for e in r.events if e.actor and e.recipient and not e.negated and not e.hypothetical)
    src, dst = r.actor(first.actor[0]).key, r.actor(first.recipient[0]).key
    assert any(e["source"] == src and e["target"] == dst and e["quad"] == first.quad for e in res["edges"])
    countries = ok(client.get("/api/network?by=country"))
    assert all(len(n["id"]) == 3 for n in countries["nodes"])
    quad3 = ok(client.get("/api/network?quad=3"))
    assert all(e["quad"] == 3 for e in quad3["edges"])
    paged = ok(client.get("/api/network?limit=1"))
    assert len(paged["edges"]) == 1 and (paged["next"] is not None) == (res["total"] > 1)
    assert "quad" in error(client.get("/api/network?quad=7"), 422)
    assert "by" in error(client.get("/api/network?by=planet"), 422)


def test_stats(client, records):
    res = ok(client.get("/api/stats"))
    assert res["articles"]["total"] == len(records)
    assert res["events"]["total"] == sum(len(r.events) for r in records)
    assert res["quotes"]["total"] == sum(len(r.quotes) for r in records)
    assert "database" not in res and "bytes" not in res  # no file paths from a server


def test_unknown_paths_and_methods(client):
    assert "nothing here" in error(client.get("/api/nothing"), 404)
    assert "not allowed" in error(client.delete("/api/articles"), 405)


def test_openapi_and_offline_docs(client):
    spec = ok(client.get("/openapi.json"))
    paths = set(spec["paths"])
    for p in ("/api/articles", "/api/articles/{article_id}", "/api/search", "/api/actors", "/api/actors/{key}",
              "/api/events", "/api/quotes", "/api/dyads", "/api/dyads/{a}/{b}", "/api/dyads/{a}/{b}/events",
              "/api/network", "/api/stats"):
        assert p in paths, p
    assert "post" in spec["paths"]["/api/articles"]
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/static/vendor/swagger-ui" in docs.text
    assert "cdn" not in docs.text.lower() and "https://" not in docs.text
    assert client.get("/static/vendor/swagger-ui-5.35.0/swagger-ui-bundle.js").status_code == 200


# --- POST /api/articles ---

@pytest.fixture(scope="module")
def writable(records, tmp_path_factory):
    """A server with a token over its own copy of the database (posts change it)."""
    db = build_db(tmp_path_factory.mktemp("post") / "post.db", records[:1])
    with TestClient(create_app(str(db), token=TOKEN, max_body=64 * 1024, max_articles=3)) as c:
        yield c


def auth(token: str = TOKEN) -> dict:
    return {"Authorization": f"Bearer {token}"}


def test_post_is_disabled_without_a_configured_token(client, monkeypatch):
    body = SEED.read_bytes()
    msg = error(client.post("/api/articles", content=body, headers={**auth(), "Content-Type": "text/plain"}), 503)
    assert "disabled" in msg and "KHRONIKA_API_TOKEN" in msg
    monkeypatch.setenv("KHRONIKA_API_TOKEN", "")  # an empty variable is no token either
    with TestClient(create_app(str(client.app.state.settings.db))) as c:
        error(c.post("/api/articles", content=body, headers=auth("")), 503)


def test_token_from_the_environment_and_too_short_tokens(db, monkeypatch):
    monkeypatch.setenv("KHRONIKA_API_TOKEN", TOKEN)
    assert create_app(str(db)).state.settings.token == TOKEN
    with pytest.raises(ValueError, match="too short"):
        create_app(str(db), token="abc")


def test_post_needs_the_right_token(writable):
    body = SEED.read_bytes()
    assert "required" in error(writable.post("/api/articles", content=body,
                                             headers={"Content-Type": "text/plain"}), 401)
    assert "not valid" in error(writable.post("/api/articles", content=body,
                                              headers={**auth("wrong-token-000000"), "Content-Type": "text/plain"}), 403)
    assert "not valid" in error(writable.post("/api/articles", content=body,
                                              headers={"X-Khronika-Token": "nope-nope-nope", "Content-Type": "text/plain"}), 403)


def test_post_bad_bodies(writable):
    h = {**auth(), "Content-Type": "text/plain"}
    assert "empty" in error(writable.post("/api/articles", content=b"", headers=h), 400)
    assert "limit" in error(writable.post("/api/articles", content=b"x" * (64 * 1024 + 1), headers=h), 413)
    # a body sent without Content-Length (chunked) is cut off at the limit too
    def chunks():
        for _ in range(100):
            yield b"y" * 4096
    assert "limit" in error(writable.post("/api/articles", content=chunks(), headers=h), 413)
    assert "Content-Type" in error(writable.post("/api/articles", content=b"%PDF-1.4",
                                                 headers={**auth(), "Content-Type": "application/pdf"}), 415)
    jl = {**auth(), "Content-Type": "application/x-ndjson"}
    assert "nothing could be read" in error(writable.post("/api/articles", content=b"{not json\n", headers=jl), 422)
    assert "nothing could be read" in error(writable.post("/api/articles", content=b'{"title": "no text"}\n',
                                                          headers=jl), 422)
    lines = "".join(json.dumps({"text": f"Статья номер {i}. Казахстан и Беларусь."}, ensure_ascii=False) + "\n"
                    for i in range(4))
    assert "more than 3" in error(writable.post("/api/articles", content=lines.encode(), headers=jl), 413)


def test_post_stores_new_articles_then_finds_them_again(writable, records):
    if len(records) < 2:
        pytest.skip("needs a corpus article beside the seed (../shared/data is not there)")
    r = records[1]
    line = {"title": r.title, "text": r.text[len(r.title) + 2:] if r.title else r.text,
            "url": r.source.url, "published_at": r.published_at}
    body = (json.dumps(line, ensure_ascii=False) + "\n").encode("utf-8")
    h = {**auth(), "Content-Type": "application/x-ndjson; charset=utf-8"}
    first = ok(writable.post("/api/articles", content=body, headers=h), 201)
    assert first["stored"] == 1 and first["already"] == 0 and first["failed"] == []
    [art] = first["articles"]
    assert art["new"] and art["id"] == r.id  # the same text gives the same record id
    got = ok(writable.get(art["url"]))
    assert got["text"] == r.text and [e["event"] for e in got["events"]] == [e.event for e in r.events]
    again = ok(writable.post("/api/articles", content=body, headers=h), 200)
    assert again["stored"] == 0 and again["already"] == 1
    assert ok(writable.get("/api/stats"))["articles"]["total"] == 2  # the cached stats were dropped
    # a page scrape as text/plain: the seed is already there
    seed_post = ok(writable.post("/api/articles", content=SEED.read_bytes(),
                                 headers={**auth(), "Content-Type": "text/plain"}), 200)
    assert seed_post["articles"][0]["id"] == records[0].id and not seed_post["articles"][0]["new"]


def test_post_an_article_with_script_then_read_it_escaped(writable):
    body = SEED.read_text(encoding="utf-8").replace(
        "Министр подчеркнул", "Министр <script>alert('x')</script> подчеркнул", 1)
    assert "<script>" in body
    res = ok(writable.post("/api/articles", content=body.encode("utf-8"),
                           headers={**auth(), "Content-Type": "text/plain"}), 201)
    [art] = res["articles"]
    record = ok(writable.get(art["url"]))
    assert "<script>alert('x')</script>" in record["text"]  # the record keeps the text as it was
    page = writable.get(art["page"])
    assert page.status_code == 200
    assert "<script>alert" not in page.text and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page.text
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert page.headers["x-content-type-options"] == "nosniff"


def test_remembered_aggregates_follow_writes_from_other_processes(writable, records):
    """Stats and pair series are remembered between requests, but a write by anyone (here: straight into the
    file, as `khronika ingest` in another process would) is seen at the next request."""
    from khronika.store import prepare, save_batch
    before = ok(writable.get("/api/stats"))
    ok(writable.get("/api/dyads/KAZ/BLR"))
    stored = {a["id"] for a in ok(writable.get("/api/articles?limit=1000"))["items"]}
    extra = next((r for r in records if r.id not in stored), None)
    if extra is None:
        pytest.skip("needs an article not stored yet (../shared/data is not there)")
    with open_store(writable.app.state.settings.db) as other:
        assert save_batch(other, [prepare(extra)]) == [True]
        expected = queries.dyad(other, "KAZ", "BLR")
    after = ok(writable.get("/api/stats"))
    assert after["articles"]["total"] == before["articles"]["total"] + 1
    assert after["events"]["total"] == before["events"]["total"] + len(extra.events)
    assert ok(writable.get("/api/dyads/KAZ/BLR"))["total"] == expected["total"]
