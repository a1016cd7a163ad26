"""The seed article against ../shared/spec/seed.expected.json: every expectation is read from that file."""
from __future__ import annotations


def test_article_layout(seed_record, expected):
    exp = expected["article"]
    r = seed_record
    assert r.title == exp["title"]
    assert r.lead.startswith(exp["lead_starts"])
    assert r.photo_credit == exp["photo_credit"]
    assert r.published_at == exp["published_at"]
    for s in exp["text_excludes"]:
        assert s not in r.text, s
    assert [(i.time, i.title) for i in r.related] == [(i["time"], i["title"]) for i in exp["related"]]
    # title, lead and body joined by blank lines, paragraphs pointing into the text
    assert r.text.startswith(r.title + "\n\n" + r.lead + "\n\n")
    for s, e in r.paragraphs:
        assert r.text[s:e].strip() == r.text[s:e] and r.text[s:e]


def test_mention_spans_and_normal_forms(seed_record, expected):
    r = seed_record
    for m in r.mentions:
        assert r.text[m.start:m.end] == m.text
    for exp in expected["mentions"]:
        found = [m for m in r.mentions if m.text == exp["text"]]
        assert found, exp["text"]
        if "normal" in exp:
            assert any(m.normal == exp["normal"] for m in found), (exp, found)
        if exp.get("in") == "title":
            assert any(m.end <= len(r.title) for m in found)


def test_record_id_is_stable(processor, seed_record):
    from khronika.reading import read_inputs
    from tests.conftest import SEED
    [article] = list(read_inputs([str(SEED)]))
    again = processor.process(article)
    assert again.id == seed_record.id
    assert again.to_json() == seed_record.to_json()
