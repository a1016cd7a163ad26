"""JSONL dumps: every text field, the exact text rule of spec/RECORD.md, and every kind of bad line."""
from __future__ import annotations

import json

from khronika.reading import InputError, read_inputs
from khronika.reading.inputs import read_stream


def write(tmp_path, lines, name="dump.jsonl"):
    path = tmp_path / name
    path.write_text("\n".join(l if isinstance(l, str) else json.dumps(l, ensure_ascii=False) for l in lines) + "\n",
                    encoding="utf-8")
    return str(path)


def test_text_fields_and_the_exact_text_rule(tmp_path):
    body = "Глава МИД Армении провёл переговоры в Тегеране.\r\nСтороны обсудили транзит через Сюник.\r\n"
    path = write(tmp_path, [
        {"title": "Мирзоян прибыл в Иран ", "text": body, "url": "https://example.am/1", "site": "Пример",
         "published_at": "2024-02-01T08:15:00+04:00", "id": "am-1"},
        {"title": "Без поля text", "content": "Текст в поле content."},
        {"body": "Только тело, без заголовка.\n\nВторой абзац."},
    ])
    a, b, c = list(read_inputs([path]))
    # title + "\n\n" + text, the title exactly as given (trailing space too), line endings normalised
    assert a.text == ("Мирзоян прибыл в Иран " + "\n\n" + body).replace("\r\n", "\n")
    assert a.title == "Мирзоян прибыл в Иран"
    assert (a.source.url, a.source.site, a.source.file, a.published_at) == ("https://example.am/1", "Пример", path,
                                                                          "2024-02-01T08:15")
    assert b.text == "Без поля text\n\nТекст в поле content."
    assert c.text == "Только тело, без заголовка.\n\nВторой абзац." and c.title is None
    for art in (a, b, c):
        assert [art.text[s:e] for s, e in art.paragraphs] == [l.strip() for l in art.text.split("\n") if l.strip()]


def test_bad_lines_are_reported_with_their_numbers_and_the_rest_read(tmp_path):
    path = write(tmp_path, [
        {"title": "Хорошая строка", "text": "Парламент Грузии принял закон."},
        "{не json",
        "",
        {"title": "Нет текста"},
        {"text": "   "},
        ["список", "а не объект"],
        {"text": "Заголовок не строка", "title": 42},
        {"text": "Вторая хорошая строка."},
    ])
    items = list(read_inputs([path]))
    errors = [(i.where, i.reason) for i in items if isinstance(i, InputError)]
    assert [i.text for i in items if not isinstance(i, InputError)] == [
        "Хорошая строка\n\nПарламент Грузии принял закон.", "Вторая хорошая строка."]
    assert [w for w, _ in errors] == [f"{path}:2", f"{path}:4", f"{path}:5", f"{path}:6", f"{path}:7"]
    reasons = dict(errors)
    assert reasons[f"{path}:2"].startswith("not JSON")
    assert "none of 'text', 'content', 'body' or 'html'" in reasons[f"{path}:4"]
    assert "'text' is empty" in reasons[f"{path}:5"]
    assert "not an object" in reasons[f"{path}:6"]
    assert "'title' is not a string" in reasons[f"{path}:7"]


def test_a_line_over_the_size_limit_is_skipped_not_held(tmp_path):
    path = write(tmp_path, [{"text": "Короткая."}, {"text": "Длинная " * 5000}, {"text": "Снова короткая."}])
    items = list(read_inputs([path], max_bytes=1000))
    assert [type(i).__name__ for i in items] == ["Article", "InputError", "Article"]
    assert items[1].where.endswith(":2") and "size limit" in items[1].reason


def test_jsonl_streams_from_stdin_in_small_chunks():
    import io
    lines = [json.dumps({"title": f"Новость {n}", "text": f"Текст новости номер {n}."}, ensure_ascii=False)
             for n in range(300)]
    data = ("\ufeff" + "\n".join(lines)).encode("utf-8")  # a BOM before the first line, no final newline
    items = list(read_stream(io.BytesIO(data), "<stdin>"))
    assert len(items) == 300 and all(not isinstance(i, InputError) for i in items)
    assert items[0].title == "Новость 0" and items[-1].text == "Новость 299\n\nТекст новости номер 299."


def test_empty_jsonl(tmp_path):
    path = write(tmp_path, ["", "   "])
    [err] = list(read_inputs([path]))
    assert isinstance(err, InputError) and err.reason == "empty input"
