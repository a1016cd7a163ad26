"""The web pages as HTML (TestClient) and the pieces they are built from: highlight segments, the dyad chart,
CAMEO names. The browser tests (test_web_browser.py) click through the same pages in Chromium."""
from __future__ import annotations

import html
import re

import pytest
from fastapi.testclient import TestClient

from khronika.api import create_app
from khronika.store import open_store, queries
from khronika.web import chart, highlight
from khronika.web.codes import CodesError, cameo_name, load_cameo_names
from tests.test_web_data import build_db, demo_records


@pytest.fixture(scope="module")
def records(processor, tmp_path_factory):
    return demo_records(processor, tmp_path_factory.mktemp("pages"))


@pytest.fixture(scope="module")
def client(records, tmp_path_factory):
    db = build_db(tmp_path_factory.mktemp("pagesdb") / "pages.db", records)
    with TestClient(create_app(str(db))) as c:
        yield c


def page(client, url: str, status: int = 200) -> str:
    resp = client.get(url)
    assert resp.status_code == status, (url, resp.status_code, resp.text[:300])
    assert resp.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in resp.headers["content-security-policy"]
    return resp.text


def visible(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


# --- segments ---

def test_segments_rebuild_the_text_and_carry_every_annotation(records):
    for r in records:
        d = r.to_dict()
        blocks = highlight.blocks(d)
        for b in blocks:
            assert "".join(s.text for s in b.segments) == r.text[b.start:b.end]
            for s in b.segments:
                assert r.text[s.start:s.end] == s.text
        segs = [s for b in blocks for s in b.segments]
        for e in r.events:
            got = "".join(s.text for s in segs if s.attrs.get("data-event") == e.id)
            assert got == e.trigger["text"], (r.id, e.id)
        for q in r.quotes:
            if any(o is not q and q.start <= o.start and o.end <= q.end for o in r.quotes):
                continue  # a quote inside another: its inner segments belong to the innermost one
            # every shown piece of the quote's span (paragraphs are shown, the breaks between them not) is its
            inside = [s for s in segs if q.start <= s.start and s.end <= q.end]
            assert inside and all(s.attrs.get("data-quote") == q.id for s in inside), (r.id, q.id)
            assert all("q" in s.classes for s in inside)
        marked = {s.attrs.get("data-mention") for s in segs} - {None}
        assert marked == {m.id for m in r.mentions if m.start < m.end}


def test_speaker_colours_follow_first_quotes(records):
    r = records[0].to_dict()
    colours = highlight.speaker_colours(r)
    speakers = list(dict.fromkeys(q["speaker"] for q in r["quotes"] if q["speaker"]))
    assert [colours[s] for s in speakers] == list(range(len(speakers)))
    assert colours[None] == highlight.PALETTE_SIZE - 1


def test_evidence_splits_the_sentence_at_the_trigger(records):
    r = records[0]
    for e in r.events:
        parts = highlight.evidence(r.to_dict(), e.__dict__)
        assert "".join(p.text for p in parts) == r.text[e.sentence["start"]:e.sentence["end"]]
        assert [p.text for p in parts if p.classes] == [e.trigger["text"]]


def test_search_snippet_marks():
    parts = highlight.marked({"text": "a <b>Путин</b> b", "hits": [[5, 10]]})
    assert [(p.text, p.classes) for p in parts] == [("a <b>", []), ("Путин", ["hit"]), ("</b> b", [])]


# --- the chart ---

def test_chart_fills_empty_months_and_keeps_undated_apart():
    def month(m, q1=0, q2=0, q3=0, q4=0):
        return {"month": m, "events": q1 + q2 + q3 + q4, "goldstein": 0.0, "a_to_b": 0, "b_to_a": 0, "joint": 0,
                "quad": {"1": q1, "2": q2, "3": q3, "4": q4}, "types": {}}
    c = chart.build([month("2022-11", q1=2), month("2023-02", q3=1, q4=3), month("undated", q2=1)], "2023-02")
    assert [b.month for b in c.bars] == ["2022-11", "2022-12", "2023-01", "2023-02", "undated"]
    nov, dec, _, feb, undated = c.bars
    assert dec.rects == [] and "no events" in dec.title
    assert all(y + h <= c.zero_y + 0.1 for y, h, _ in nov.rects)  # cooperation above the line
    assert all(y >= c.zero_y - 0.1 for y, _, _ in feb.rects)  # conflict below
    assert [cls for *_, cls in feb.rects] == ["quad-3", "quad-4"] and feb.selected
    heights = {cls: h for _, h, cls in feb.rects}
    assert abs(heights["quad-4"] - 3 * heights["quad-3"]) < 0.5
    assert undated.x > feb.x + feb.width and undated.label == "undated"
    assert chart.build([]) is None


# --- CAMEO names ---

def test_cameo_names_load_and_fail_clearly(tmp_path):
    if not load_cameo_names():
        pytest.skip("no data/events/cameo.tsv in this tree")
    assert cameo_name("040")
    bad = tmp_path / "cameo.tsv"
    bad.write_text("# x\ncode\tgoldstein\tdescription\n04x\t1.0\tconsult\n", encoding="utf-8")
    with pytest.raises(CodesError, match=r"cameo.tsv:3: CAMEO code '04x'"):
        load_cameo_names(bad)
    bad.write_text("code\tgoldstein\tdescription\n040\t1.0\n", encoding="utf-8")
    with pytest.raises(CodesError, match="2 columns"):
        load_cameo_names(bad)


# --- the pages ---

def test_article_page(client, records):
    r = records[0]
    text = page(client, f"/article/{r.id}")
    for e in r.events:
        assert f'data-event="{e.id}"' in text and f'id="detail-{e.id}"' in text
        if e.cameo:
            assert e.cameo in visible(text)
    for q in r.quotes:
        assert f'data-quote="{q.id}"' in text
    assert visible(text).count(r.title) >= 1
    assert '<script src="/static/js/reader.js"></script>' in text
    assert "<script>" not in text  # no inline script at all
    page(client, "/article/0000000000000000", 404)


def test_list_and_detail_pages(client, records, tmp_path):
    r = records[0]
    home = page(client, "/")
    assert r.title in visible(home) and "/dyad/" in home
    assert r.title in visible(page(client, "/search?q=Лукашенко"))
    assert "Lemmas searched" in page(client, "/search?q=посла&in=quotes")
    assert r.title in visible(page(client, "/articles"))
    page(client, "/events")
    page(client, "/events?actor=KAZ&type=ACCUSE")
    page(client, "/quotes?speaker=KAZ")
    page(client, "/actors?q=Лукашенко&kind=person")
    speaker = r.actor(next(q.speaker for q in r.quotes if q.speaker))
    actor_page = visible(page(client, f"/actor/{speaker.key}"))
    assert speaker.name in actor_page and "Offices over time" in actor_page
    page(client, "/actor/person:nobody-at-all", 404)
    dyad = page(client, "/dyad/KAZ/BLR")
    assert 'id="dyad-chart"' in dyad and "event-row" in dyad
    page(client, "/dyad/KAZ/KAZ", 400)
    assert client.get("/dyad?a=Казахстан&b=BLR", follow_redirects=False).headers["location"] == "/dyad/KAZ/BLR"
    assert 'src="/static/vendor/cytoscape-3.34.4.min.js"' in page(client, "/network")
    assert "nothing here" in page(client, "/no/such/page", 404)
    assert "not a date" in page(client, "/events?since=soon", 400)
    assert client.get("/static/vendor/cytoscape-3.34.4.LICENSE").status_code == 200


def test_links_from_articles_are_only_http(client):
    from khronika.web.pages import web_url
    assert web_url("https://russian.rt.com/x") == "https://russian.rt.com/x"
    assert web_url("javascript:alert(1)") is None and web_url(" JaVaScRiPt:alert(1)") is None
    assert web_url("data:text/html,x") is None and web_url(None) is None


def test_pages_agree_with_the_store(client, records, tmp_path):
    db = client.app.state.settings.db
    with open_store(db, readonly=True) as s:
        total = queries.events(s, "KAZ", "BLR", limit=1)["total"]
    assert f"{total} events" in visible(page(client, "/events?actor=KAZ&recipient=BLR"))
