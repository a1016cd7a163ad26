"""Page text as scrapers save it: layouts beyond the seed's (test_seed.py covers the seed itself)."""
from __future__ import annotations

import pytest

from khronika.reading.markers import DataFileError, load_markers
from khronika.reading.page import read_page_text


def test_date_line_credit_and_inline_read_also():
    raw = "\n".join([
        "Токаев подписал закон о медиа",
        "14 марта 2024, 18:05",
        "Президент Казахстана подписал закон о массмедиа, который вводит понятие аккредитации блогеров.",
        "Фото: РИА Новости / Александр Кряжев",
        "Закон был принят парламентом в феврале после двух месяцев обсуждения.",
        "Читайте также: Мажилис одобрил поправки о блогерах",
        "Документ вступит в силу через шестьдесят дней после официального опубликования.",
        "Читайте также",
        "12:40 / 13.03.2024",
        "Сенат вернул закон о медиа в мажилис",
    ])
    a = read_page_text(raw)
    assert a.title == "Токаев подписал закон о медиа"
    assert a.published_at == "2024-03-14T18:05"
    assert a.lead.startswith("Президент Казахстана подписал закон")
    assert a.photo_credit == "РИА Новости / Александр Кряжев"
    assert [(r.time, r.title) for r in a.related] == [
        (None, "Мажилис одобрил поправки о блогерах"), ("2024-03-13T12:40", "Сенат вернул закон о медиа в мажилис")]
    # the inline item goes, the paragraph after it stays
    assert a.text.endswith("после официального опубликования.")
    for junk in ("Фото", "Читайте", "Мажилис одобрил", "14 марта 2024", "Сенат вернул"):
        assert junk not in a.text


def test_text_with_nothing_but_a_credit_is_an_error():
    with pytest.raises(ValueError):
        read_page_text("Фото: gov.kz\n\n")


def test_markers_file_errors_name_file_and_line(tmp_path):
    bad = tmp_path / "markers.tsv"
    bad.write_text("# comment\nkind\tvalue\nrelated_heading\tпо теме\nrelated_heading\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"markers\.tsv:4: expected 2 tab-separated columns"):
        load_markers(bad)
    bad.write_text("kind\tvalue\nheadline\tчто-то\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"markers\.tsv:2: unknown kind 'headline'"):
        load_markers(bad)
    bad.write_text("kind\tvalue\nrelated_class\tRead-Also\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r":2: a class fragment"):
        load_markers(bad)
    assert load_markers().related_heading_re.match("Новости по теме:")
