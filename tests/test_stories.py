"""Stories on real text: reprints linked as duplicates, different stories kept apart, records from the store
carrying `thread` and `duplicate_of`, events of a reprint not counted twice."""
from __future__ import annotations

import json
import re

import pytest

from khronika.reading.jsonl import article_from_object
from khronika.store import get_record, open_store, prepare, save_batch
from khronika.stories import queries as story_queries
from khronika.stories.minhash import signature, similarity
from tests.conftest import corpus_articles, needs_corpus

DAY = "2018-01-17T10:00:00+03:00"
# A rewriter's word swaps: common news words and their substitutes (applied wherever the word occurs).
SWAPS = {"заявил": "сообщил", "сообщил": "заявил", "также": "кроме того", "отметил": "подчеркнул",
         "России": "РФ", "президент": "глава государства", "однако": "но", "в том числе": "включая"}


def rewrite(text: str) -> str:
    """A light rewrite: paragraphs in another order, sentences inside each reversed, words replaced, and every
    fifteenth word dropped."""
    paragraphs = [p for p in text.split("\n") if p.strip()]
    paragraphs = paragraphs[1::2] + paragraphs[0::2]
    out = []
    for p in paragraphs:
        sentences = re.split(r"(?<=[.!?])\s+", p)
        out.append(" ".join(reversed(sentences)))
    new = "\n".join(out)
    for a, b in SWAPS.items():
        new = re.sub(rf"\b{a}\b", b, new)
    words = new.split(" ")
    return " ".join(w for i, w in enumerate(words) if i % 15 != 14)


def _record(processor, obj: dict, text: str | None = None, title: str | None = None):
    art = article_from_object({"title": title or obj["title"], "content": text or obj["content"],
                               "url": obj["url"], "published_at": DAY})
    return processor.process(art)


def _pick(n: int, section: str | None = None) -> list[dict]:
    """Long enough RT articles (a reprint test needs text to shingle)."""
    return [o for _, _, o in corpus_articles(["russia_today_1.jsonlines.zip"], 60, section)
            if len(o["content"]) > 1500][:n]


def _save(db, records):
    from khronika.store.registry import build_registry, learn
    reg = build_registry([])
    with open_store(db) as store:
        return save_batch(store, [prepare(r, learn(reg, r)) for r in records])


def test_rewrite_keeps_most_shingles():
    text = ("Министр иностранных дел России Сергей Лавров заявил, что Москва готова к диалогу. "
            "Он также отметил, что санкции не помогут. Переговоры пройдут в Женеве в понедельник.")
    other = "Курс доллара вырос на торгах Московской биржи, сообщили аналитики банка во вторник утром."
    assert similarity(signature(text), signature(rewrite(text))) > 0.5
    assert similarity(signature(text), signature(other)) < 0.2


@needs_corpus
def test_rt_article_and_its_rewrite_are_duplicates(processor, tmp_path):
    [obj] = _pick(1)
    changed = rewrite(obj["content"])
    assert changed != obj["content"] and len(changed) < len(obj["content"])
    original = _record(processor, obj)
    reprint = _record(processor, obj, text=changed, title=obj["title"] + " (перепечатка)")
    db = tmp_path / "k.db"
    assert _save(db, [original, reprint]) == [True, True]
    with open_store(db) as store:
        back = get_record(store, reprint.id)
        first = get_record(store, original.id)
        assert back["duplicate_of"] == original.id
        assert first["duplicate_of"] is None
        assert back["thread"] == first["thread"] is not None
        story = story_queries.article_story(store, original.id)
        assert [d["id"] for d in story["duplicates"]] == [reprint.id]
        thread = story_queries.thread_page(store, first["thread"])
        assert {a["id"] for a in thread["articles"]} == {original.id, reprint.id}
        counts = story_queries.event_counts(store)
        # the reprint's events are mentions of the original's, not new events
        assert counts["distinct"] <= counts["reports"]
        if original.events:
            assert counts["distinct"] < counts["reports"]


@needs_corpus
def test_different_stories_on_one_day_are_not_duplicates(processor, tmp_path):
    [a] = _pick(1, "sport")
    [b] = _pick(1, "world")
    ra, rb = _record(processor, a), _record(processor, b)
    db = tmp_path / "k.db"
    _save(db, [ra, rb])
    with open_store(db) as store:
        x, y = get_record(store, ra.id), get_record(store, rb.id)
        assert x["duplicate_of"] is None and y["duplicate_of"] is None
        assert x["thread"] != y["thread"]
        assert len(story_queries.threads(store)["threads"]) == 2


def test_related_headline_links_to_a_stored_article(processor, tmp_path):
    """A related block naming a stored article's headline links to it, whichever arrives first."""
    head = "Парламент Киргизии утвердил новый состав правительства"
    later = ("В Москве прошли переговоры министров обороны.\n\n"
             "Министр обороны России Сергей Шойгу встретился с коллегой из Киргизии в Москве. "
             "Стороны обсудили военное сотрудничество.\n\n"
             f"Новости по теме\n\n10:15\n{head}\n")
    first = ("Депутаты Жогорку Кенеша поддержали кандидатуры министров, предложенные премьер-министром. "
             "Голосование прошло в среду.")
    ra = processor.process(article_from_object({"title": head, "content": first, "published_at": DAY}))
    from khronika.reading import read_page_text
    rb = processor.process(read_page_text(later))
    if not rb.related:
        pytest.skip("the page reader did not find the related block in this layout")
    db = tmp_path / "k.db"
    _save(db, [rb, ra])  # the article naming the headline arrives first
    with open_store(db) as store:
        story = story_queries.article_story(store, rb.id)
        assert [r["id"] for r in story["related"] if r["id"]] == [ra.id]


@needs_corpus
def test_reprint_does_not_double_dyad_counts(processor, tmp_path):
    """A dyad series over the original alone equals the series over the original and its reprint."""
    from khronika.store import queries
    original = reprint = None
    for obj in _pick(12, "world"):
        rec = _record(processor, obj)
        if any(e.actor and e.recipient for e in rec.events):
            original = rec
            reprint = _record(processor, obj, text=rewrite(obj["content"]), title=obj["title"] + " (копия)")
            break
    assert original is not None, "no RT world article with a directed event among those tried"
    _save(tmp_path / "one.db", [original])
    _save(tmp_path / "two.db", [original, reprint])
    with open_store(tmp_path / "one.db") as one, open_store(tmp_path / "two.db") as two:
        dyads = queries.stats(one)["top_dyads"]
        assert dyads, "the original has no dyad between two countries"
        assert queries.stats(two)["top_dyads"] == dyads
        for d in dyads:
            assert queries.dyad(two, d["a"], d["b"])["total"] == queries.dyad(one, d["a"], d["b"])["total"]
        assert get_record(two, reprint.id)["duplicate_of"] == original.id
        assert queries.stats(two)["events"]["distinct"] < queries.stats(two)["events"]["total"]


def test_thread_page_and_article_link_in_the_web_ui(processor, tmp_path, seed_record):
    from fastapi.testclient import TestClient
    from khronika.api.app import create_app
    db = tmp_path / "k.db"
    _save(db, [seed_record])
    with open_store(db) as store:
        rec = get_record(store, seed_record.id)
    client = TestClient(create_app(str(db)))
    page = client.get(f"/article/{seed_record.id}")
    assert page.status_code == 200 and f'href="/thread/{rec["thread"]}"' in page.text
    thread = client.get(f"/thread/{rec['thread']}")
    assert thread.status_code == 200 and f'href="/article/{seed_record.id}"' in thread.text
    assert client.get("/thread/999999").status_code == 404


def test_migration_links_articles_stored_before_stories(tmp_path, seed_record):
    """A schema-4 database (no stories tables) is upgraded on open and its articles are linked."""
    import sqlite3
    from khronika.stories.schema import STORY_TABLES
    db = tmp_path / "k.db"
    _save(db, [seed_record])
    con = sqlite3.connect(db)
    for statement in STORY_TABLES:
        if statement.startswith("CREATE TABLE"):
            con.execute(f"DROP TABLE {statement.split()[2]}")
    con.execute("UPDATE meta SET value = '4' WHERE key = 'schema_version'")
    rec = json.loads(con.execute("SELECT record FROM articles").fetchone()[0])
    del rec["thread"], rec["duplicate_of"]
    con.execute("UPDATE articles SET record = ?", (json.dumps(rec, ensure_ascii=False),))
    con.commit()
    con.close()
    with open_store(db) as store:
        back = get_record(store, seed_record.id)
        assert back["thread"] == 1 and back["duplicate_of"] is None
        assert story_queries.thread_page(store, 1)["articles"][0]["id"] == seed_record.id


def test_short_boilerplate_texts_are_not_reprints(processor, tmp_path):
    """Two corpus-style stubs holding only a footnote and a footer share everything but report nothing."""
    from khronika.stories.minhash import long_enough
    stub = ("* «Исламское государство» — террористическая группировка, запрещённая на территории России. "
            "Подписывайтесь на наш Telegram, чтобы быть в курсе самых важных новостей.")
    assert not long_enough(stub)
    assert similarity(signature(stub), signature(stub)) == 1.0
    a, b = (processor.process(article_from_object({"title": t, "content": stub, "published_at": DAY}))
            for t in ("Бои за Мосул продолжаются", "Курды заявили о наступлении на Ракку"))
    db = tmp_path / "k.db"
    _save(db, [a, b])
    with open_store(db) as store:
        assert get_record(store, b.id)["duplicate_of"] is None
