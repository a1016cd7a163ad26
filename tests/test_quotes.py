"""Quotes: the seed's expectations (read from ../shared/spec/seed.expected.json) and each attribution scheme on
real corpus articles, located by zip, line and the first words of the quote (the corpus stays outside the repo)."""
from __future__ import annotations

import json
import zipfile

import pytest

from tests.conftest import CORPUS, needs_corpus


# -- the seed ------------------------------------------------------------------------------------------
def _matches(q, exp) -> bool:
    return q.kind == exp["kind"] and q.text.startswith(exp["starts"]) and q.text.endswith(exp.get("ends", ""))


def test_seed_quotes_found(seed_record, expected):
    r = seed_record
    for exp in expected["quotes"]:
        assert any(_matches(q, exp) for q in r.quotes), (exp, [(q.kind, q.text[:40]) for q in r.quotes])


def test_seed_quote_speakers(seed_record, expected):
    r = seed_record
    if not r.actors:
        pytest.skip("the actors stage has not produced actors yet")
    for exp in expected["quotes"]:
        names = exp.get("speaker_any") or [exp["speaker"]]
        found = [q for q in r.quotes if _matches(q, exp)]
        got = [r.actor(q.speaker).name if r.actor(q.speaker) else None for q in found]
        assert any(g in names for g in got), (exp["starts"], got, names)


def test_seed_speaker_phrases(seed_record, expected):
    """The words naming the speaker at that place, and the cue, even without actors."""
    r = seed_record
    for exp in expected["quotes"]:
        q = next(q for q in r.quotes if _matches(q, exp))
        assert q.speaker_text and q.speaker_text in r.text and q.cue, q
        assert q.speaker_text in r.text[max(0, q.start - 300):q.end + 300]


def test_seed_not_quotes(seed_record, expected):
    for name in expected["not_quotes"]:
        assert not any(q.text.strip(" «»\"") == name for q in seed_record.quotes), name
    assert len(seed_record.quotes) == len(expected["quotes"]), [q.text[:40] for q in seed_record.quotes]


def test_quote_offsets(seed_record):
    r = seed_record
    for q in r.quotes:
        assert r.text[q.start:q.end] == q.text
        assert q.text == q.text.strip() and not q.text.startswith("«") and not q.text.endswith("»")


# -- corpus articles: one per scheme ------------------------------------------------------------------
_LINES: dict[str, list[str]] = {}


def corpus_record(processor, zip_name: str, line: int):
    from khronika.reading.jsonl import article_from_object
    if zip_name not in _LINES:
        with zipfile.ZipFile(CORPUS / zip_name) as zf:
            _LINES[zip_name] = zf.read(zf.namelist()[0]).decode("utf-8").split("\n")
    obj = json.loads(_LINES[zip_name][line - 1])
    return processor.process(article_from_object({"title": obj.get("title"), "text": obj["content"]}))


# (zip, line, the quote's first words, kind, words in speaker_text, cue starts with)
SCHEMES = [
    # «П», – заявил А.  (en dash)
    ("ng_0.jsonlines.zip", 16, "Мы нацелены на то", "direct", "Лавров", "заявил"),
    # «П», — сказал А.  (em dash)
    ("russia_today_6.jsonlines.zip", 296, "Все они хотели свалить вину", "direct", "Путин", "сказал"),
    # «П», - заявил А.  (hyphen)
    ("ng_0.jsonlines.zip", 869, None, "direct", None, "заявил"),
    # А заявил: «П».
    ("ng_0.jsonlines.zip", 62, "Мы получили сведения об угрозах", "direct", "Министерство внутренней безопасности", "заявило"),
    # «П, — продолжил А, — п».
    ("russia_today_6.jsonlines.zip", 10, "Для России же непринципиально", "direct", "Брутер", "заключил"),
    # «П, – говорит А. – П».
    ("ng_1.jsonlines.zip", 74, "Конечно, Сирия могла бы стать", "direct", "Майстер", "говорит"),
    # «П», – говорится в заявлении Елисейского дворца
    ("ng_0.jsonlines.zip", 16, "По вопросу о Сирии президент", "direct", "Елисейского дворца", "говорится в заявлении"),
    # По мнению А, «П».
    ("ng_1.jsonlines.zip", 56, "Ангела Меркель хотела показать", "direct", "Агнешки Лады", "По мнению"),
    # А заявил, что «фрагмент»
    ("russia_today_6.jsonlines.zip", 31, "попытки возвратить Мосул", "mixed", "Трамп", "заявил"),
    # «П», — цитирует его издание: the one quoted speaks, not the medium
    ("ng_0.jsonlines.zip", 105, "Вся планета будет рассматривать", "direct", "его", "цитирует"),
    # А заявил, что …
    ("ng_0.jsonlines.zip", 105, "Греция останется членом еврозоны", "indirect", "Шойбле", "заявил"),
    # По словам А, …
    ("russia_today_6.jsonlines.zip", 15, "американская администрация всегда", "indirect", "Мосякова", "По словам"),
    # Как отметил А, …
    ("russia_today_6.jsonlines.zip", 44, "в свете последних инициатив", "indirect", "Бондаренко", "Как отметил"),
    # А выразил уверенность, что …
    ("russia_today_6.jsonlines.zip", 296, "США никогда не раскроют", "indirect", "Российский лидер", "выразил уверенность"),
    # А назвал X Y
    ("russia_today_6.jsonlines.zip", 3, "его идиотом", "indirect", "Тиллерсон", "назвал"),
]


@needs_corpus
@pytest.mark.corpus
@pytest.mark.parametrize("zip_name,line,starts,kind,speaker,cue", SCHEMES)
def test_scheme(processor, zip_name, line, starts, kind, speaker, cue):
    r = corpus_record(processor, zip_name, line)
    if starts is None:  # the hyphen scheme: any quote attributed after "», - "
        hits = [q for q in r.quotes if r.text[q.end:q.end + 4] == "», -" and q.cue.startswith(cue)]
    else:
        hits = [q for q in r.quotes if q.text.startswith(starts)]
    assert hits, [(q.kind, q.text[:30]) for q in r.quotes]
    q = hits[0]
    assert r.text[q.start:q.end] == q.text
    assert q.kind == kind, q
    if speaker:
        assert q.speaker_text and speaker in q.speaker_text, q
    assert q.cue and q.cue.startswith(cue), q


@needs_corpus
@pytest.mark.corpus
def test_nested_and_continued(processor):
    """A quotation quoting someone inside it stays one quote; the inner marks are not a quote of their own."""
    r = corpus_record(processor, "russia_today_6.jsonlines.zip", 5)
    inner = [q for q in r.quotes if q.text == "иноагент"]
    assert not inner
    outer = [q for q in r.quotes if "плашку «иноагент»" in q.text]
    assert outer and outer[0].kind == "direct"


@needs_corpus
@pytest.mark.corpus
def test_by_his_words_and_opinions(processor):
    """"По его словам, …" is a quote of the one speaking before; "Эксперт считает, что …" is not a quote."""
    r = corpus_record(processor, "russia_today_5.jsonlines.zip", 6)
    opinion_at = r.text.find("Эксперт считает, что")
    assert opinion_at > 0
    assert not any(q.start <= opinion_at + 25 < q.end for q in r.quotes)
    r = corpus_record(processor, "ng_0.jsonlines.zip", 133)
    by_his = [q for q in r.quotes if q.cue == "По его словам"]
    assert by_his and by_his[0].kind == "indirect" and by_his[0].text.startswith("ливийские власти")


@needs_corpus
@pytest.mark.corpus
def test_names_in_guillemets_are_not_quotes(processor):
    """Every quoted span of an article that only names things ("Аэрофлот", "Шереметьево-2") stays out."""
    r = corpus_record(processor, "ng_0.jsonlines.zip", 62)
    assert not any(q.text.startswith(("Аэрофлот", "Шереметьево")) for q in r.quotes)
    assert any(q.text.startswith("Мы получили сведения") for q in r.quotes)


# -- bad input --------------------------------------------------------------------------------------
@needs_corpus
@pytest.mark.corpus
@pytest.mark.parametrize("damage", ["no_closing", "no_opening", "whole_article", "unbalanced"])
def test_damaged_marks(processor, damage):
    """Real articles with their quotation marks broken: no crash, offsets hold, nothing longer than the
    paragraphs a quote can belong to, and quotes never reach across paragraphs except the multi-paragraph case."""
    from khronika.quotes.marks import LOOKAHEAD_PARAGRAPHS
    from khronika.reading.jsonl import article_from_object
    corpus_record(processor, "russia_today_6.jsonlines.zip", 296)
    obj = json.loads(_LINES["russia_today_6.jsonlines.zip"][295])
    text = obj["content"]
    if damage == "no_closing":
        text = text.replace("»", "")
    elif damage == "no_opening":
        text = text.replace("«", "")
    elif damage == "whole_article":
        text = "«" + text + "»"
    else:
        text = text.replace("»", "", 5)
    r = processor.process(article_from_object({"title": obj["title"], "text": text}))
    paragraphs = [tuple(p) for p in r.paragraphs]
    for q in r.quotes:
        assert r.text[q.start:q.end] == q.text
        first = next(i for i, (s, e) in enumerate(paragraphs) if s <= q.start < e + 2)
        last = next(i for i, (s, e) in enumerate(paragraphs) if s < q.end <= e)
        if last > first:
            # a quotation spans paragraphs when each of them opens with «, or when a paragraph shortly after
            # closes the » left open (LOOKAHEAD_PARAGRAPHS); never otherwise
            opened = all(r.text[s:e].lstrip(" —–-").startswith(("«", '"')) for s, e in paragraphs[first + 1:last + 1])
            closed_soon = r.text[q.end:q.end + 1] in ("»", '"') and last - first <= LOOKAHEAD_PARAGRAPHS
            assert opened or closed_soon, (damage, q.text[:60])
    if damage == "whole_article":
        assert all(len(q.text) < len(r.text) / 2 for q in r.quotes)


def test_lexicon_rejects_bad_lines(tmp_path):
    from khronika.quotes.lexicon import Lexicon, LexiconError, lexicon
    lex = lexicon()
    assert lex.verb_use("заявить") == "speech" and lex.verb_use("считать") == "opinion"
    from importlib import resources
    folder = resources.files("khronika") / "data" / "quotes"
    for f in folder.iterdir():
        (tmp_path / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    bad = tmp_path / "speech_verbs.tsv"
    bad.write_text(bad.read_text(encoding="utf-8") + "сказануть\tshout\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"speech_verbs.tsv:\d+: 'shout' is not one of"):
        Lexicon.from_dir(tmp_path)
    bad.write_text("заявить\tspeech\nзаявить\tspeech\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"speech_verbs.tsv:2: 'заявить' is listed twice"):
        Lexicon.from_dir(tmp_path)
