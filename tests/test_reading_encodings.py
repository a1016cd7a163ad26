"""Encodings: the seed's page text and short texts written in every encoding Russian sources use, read back
through the reading layer exactly as from UTF-8."""
from __future__ import annotations

import codecs
import json
import os

import pytest

from khronika.reading import read_inputs
from khronika.reading.encoding import NotText, decode, declared_charset
from tests.conftest import SEED

# characters some single-byte encodings lack, with the plain equivalents a site in that encoding would print
PLAIN = {"«": '"', "»": '"', "–": "-", "—": "-", "…": "...", "№": "N", "’": "'"}


def encodable(text: str, encoding: str) -> str:
    out = []
    for ch in text:
        try:
            ch.encode(encoding)
            out.append(ch)
        except UnicodeEncodeError:
            out.append(PLAIN.get(ch, "?"))
    return "".join(out)


ENCODINGS = [
    ("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE),
    ("utf-16-le", b""), ("utf-16-be", b""), ("cp1251", b""), ("koi8-r", b""),
]


@pytest.mark.parametrize("encoding,bom", ENCODINGS, ids=[f"{e}{'+bom' if b else ''}" for e, b in ENCODINGS])
def test_seed_page_text_in_any_encoding(tmp_path, encoding, bom):
    text = encodable(SEED.read_text(encoding="utf-8"), encoding)
    (tmp_path / "utf8.txt").write_bytes(text.encode("utf-8"))
    (tmp_path / "other.txt").write_bytes(bom + text.encode(encoding))
    [want] = list(read_inputs([str(tmp_path / "utf8.txt")]))
    [got] = list(read_inputs([str(tmp_path / "other.txt")]))
    assert got.text == want.text
    assert got.title == want.title and got.photo_credit == want.photo_credit and got.related == want.related
    assert "Лукашенко" in got.text


SHORT = [
    "Токаев провёл переговоры с Мирзиёевым\nСтороны обсудили поставки зерна и строительство дорог.",
    "Лукашенко заявил о готовности к диалогу",
    "Посольство России в Казахстане опровергло сообщения о закрытии консульства в Уральске.",
]


@pytest.mark.parametrize("encoding", ["cp1251", "koi8-r", "utf-16"])
@pytest.mark.parametrize("text", SHORT, ids=["two-lines", "headline", "sentence"])
def test_short_texts_are_detected(encoding, text):
    assert decode(text.encode(encoding)) == text


def test_declared_charset_is_used_for_a_page_and_ignored_for_valid_utf8():
    page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251"></head>' \
           "<body><p>Мажилис одобрил поправки</p></body></html>"
    assert declared_charset(page.encode("cp1251")) == "cp1251"
    assert decode(page.encode("cp1251")) == page
    # re-saved as UTF-8 without touching the meta tag: the bytes are valid UTF-8, which wins
    assert decode(page.encode("utf-8")) == page
    xml = '<?xml version="1.0" encoding="koi8-r"?><html><body><p>Сенат</p></body></html>'
    assert declared_charset(xml.encode("koi8-r")) == "koi8-r"


def test_jsonl_in_utf16_and_cp1251(tmp_path):
    lines = [{"title": "Сенат одобрил бюджет", "text": "Сенат Казахстана одобрил республиканский бюджет."},
             {"title": "Мажилис принял закон", "content": "Депутаты приняли закон о СМИ во втором чтении."}]
    dump = "\n".join(json.dumps(o, ensure_ascii=False) for o in lines) + "\n"
    for name, data in (("u16.jsonl", dump.encode("utf-16")), ("win.jsonl", dump.encode("cp1251"))):
        (tmp_path / name).write_bytes(data)
        got = list(read_inputs([str(tmp_path / name)]))
        assert [a.text for a in got] == ["Сенат одобрил бюджет\n\nСенат Казахстана одобрил республиканский бюджет.",
                                         "Мажилис принял закон\n\nДепутаты приняли закон о СМИ во втором чтении."]


@pytest.mark.parametrize("data,what", [
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nstream\n" + bytes(range(256)), "PDF"),
    (bytes(range(256)) * 16, "binary"),
])
def test_binary_data_is_not_text(data, what):
    with pytest.raises(NotText, match=what if what != "binary" else "binary|not text"):
        decode(data)


def test_random_bytes_are_not_text():
    data = os.urandom(4096)
    with pytest.raises(NotText):
        decode(data)
