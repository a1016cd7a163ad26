"""HTML pages -> Article: small pages in the layouts of Russian-language news sites, written for these tests
(a Kazakh outlet carrying the seed's text, an RT-like page, a Belarusian page with JSON-LD, an NG-like page saved
in cp1251 with a meta charset)."""
from __future__ import annotations

import json

import pytest

from khronika.reading import read_inputs
from khronika.reading.html import read_html
from tests.conftest import SEED

RT_PAGE = """<!DOCTYPE html>
<html lang="ru" prefix="og: http://ogp.me/ns#">
<head>
  <meta charset="utf-8">
  <title>В Кремле прокомментировали итоги переговоров в Женеве — RT на русском</title>
  <meta name="description" content="Пресс-секретарь президента России Дмитрий Песков заявил, что Москва рассчитывает на продолжение диалога с Вашингтоном по вопросам стратегической стабильности.">
  <meta property="og:title" content="В Кремле прокомментировали итоги переговоров в Женеве">
  <meta property="og:site_name" content="RT на русском">
  <meta property="og:type" content="article">
  <meta property="og:url" content="https://russian.rt.com/russia/news/1290001-peskov-zheneva-peregovory">
  <meta property="og:description" content="Пресс-секретарь президента России Дмитрий Песков заявил, что Москва рассчитывает на продолжение диалога с Вашингтоном по вопросам стратегической стабильности.">
  <meta property="article:published_time" content="2024-05-17T12:41:00+03:00">
  <meta property="article:modified_time" content="2024-05-17T13:02:00+03:00">
  <link rel="canonical" href="https://russian.rt.com/russia/news/1290001-peskov-zheneva-peregovory">
  <link rel="stylesheet" href="/static/css/main.css">
  <script>window.dataLayer = window.dataLayer || []; dataLayer.push({"rubric": "russia"});</script>
</head>
<body class="page page_article">
<header class="header">
  <a class="header__logo" href="/">RT на русском</a>
  <nav class="menu">
    <a class="menu__link" href="/russia">Россия</a>
    <a class="menu__link" href="/world">Мир</a>
    <a class="menu__link" href="/business">Экономика</a>
    <a class="menu__link" href="/sport">Спорт</a>
  </nav>
</header>
<div class="layout">
  <div class="layout__content">
    <div class="article article_article-page">
      <div class="article__date-period">
        <time class="date" datetime="2024-05-17 12:41">17 мая 2024, 12:41</time>
      </div>
      <h1 class="article__heading article__heading_article-page">В Кремле прокомментировали итоги переговоров в Женеве</h1>
      <div class="article__cover">
        <img class="article__cover-image" src="https://cdni.rt.com/russian/images/2024.05/article/peskov.jpg" alt="Дмитрий Песков">
        <div class="article__copyright">© Sputnik / Павел Бедняков</div>
      </div>
      <div class="article__text article__text_article-page">
        <p>Пресс-секретарь президента России Дмитрий Песков заявил, что Москва рассчитывает на продолжение диалога с Вашингтоном по вопросам стратегической стабильности.</p>
        <p>По его словам, консультации в Женеве прошли в конструктивном ключе, однако говорить о прорыве пока преждевременно.</p>
        <p>«Мы готовы работать дальше, если американская сторона проявит политическую волю», — сказал Песков журналистам.</p>
        <div class="read-more">
          <div class="read-more__title">Читайте также</div>
          <a class="read-more__link" href="/world/news/1289876-lavrov-blinken-zheneva">Лавров и Блинкен обсудили по телефону подготовку встречи в Женеве</a>
        </div>
        <p>Он также отметил, что следующий раунд переговоров может состояться осенью, но точные сроки стороны ещё не согласовали.</p>
        <p>Ранее заместитель министра иностранных дел России Сергей Рябков сообщил, что Москва передала американской делегации свои предложения по гарантиям безопасности.</p>
      </div>
      <div class="tags-trends">
        <a class="tags-trends__link" href="/trend/335001-rossiya-ssha">Россия — США</a>
      </div>
      <div class="article__share">Поделиться: <a href="https://vk.com/share.php">ВКонтакте</a> <a href="https://t.me/share/url">Telegram</a></div>
    </div>
    <div class="news-line">
      <div class="news-line__title">Новости</div>
      <div class="news-line__item"><time datetime="2024-05-18 08:00">18 мая 2024, 08:00</time><a href="/russia/news/1290300-moskva-pogoda">В Москве ожидается до +25 °C</a></div>
      <div class="news-line__item"><time datetime="2024-05-18 07:40">18 мая 2024, 07:40</time><a href="/sport/news/1290299-hokkei-final">Сборная России по хоккею вышла в финал турнира</a></div>
    </div>
  </div>
</div>
<footer class="footer">© Автономная некоммерческая организация «ТВ-Новости», 2005–2024 гг.</footer>
</body>
</html>
"""

BY_PAGE = """<!DOCTYPE html>
<html lang="ru">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Минск и Ташкент подписали дорожную карту по промышленной кооперации | Новости Беларуси | Белорусский вестник</title>
<meta property="og:title" content="Минск и Ташкент подписали дорожную карту по промышленной кооперации">
<meta property="og:description" content="Документ предусматривает создание совместных сборочных производств.">
<script type="application/ld+json">
{"@context": "https://schema.org", "@graph": [
  {"@type": "WebSite", "name": "Белорусский вестник", "url": "https://vestnik.by/"},
  {"@type": "BreadcrumbList", "itemListElement": [{"@type": "ListItem", "position": 1, "name": "Экономика"}]},
  {"@type": "NewsArticle", "headline": "Минск и Ташкент подписали дорожную карту по промышленной кооперации",
   "datePublished": "2024-03-15T09:05:00+03:00", "dateModified": "2024-03-15T11:40:00+03:00",
   "mainEntityOfPage": {"@id": "https://vestnik.by/economics/view/minsk-i-tashkent-podpisali-dorozhnuju-kartu-61234/"},
   "publisher": {"@type": "Organization", "name": "Белорусский вестник"}}
]}
</script>
</head>
<body>
<div id="top-menu"><ul><li><a href="/politics/">Политика</a></li><li><a href="/economics/">Экономика</a></li><li><a href="/society/">Общество</a></li></ul></div>
<div class="main">
  <div class="content_margin">
    <div class="rubric"><a href="/economics/">Экономика</a></div>
    <h1>Минск и Ташкент подписали дорожную карту по промышленной кооперации</h1>
    <div class="date_full">15.03.2024 09:05</div>
    <div class="news_img_slide">
      <img src="/images/2024/03/minsk-tashkent.jpg" alt="">
      <span class="photo_author">Фото: пресс-служба Минпрома</span>
    </div>
    <div class="js-mediator-article">
      <p><strong>МИНСК, 15 марта.</strong> - Министерство промышленности Беларуси и Министерство инвестиций Узбекистана подписали дорожную карту по развитию промышленной кооперации на 2024-2026 годы, сообщили в пресс-службе белорусского ведомства.</p>
      <p>Документ предусматривает создание в Узбекистане совместных сборочных производств тракторов, лифтов и коммунальной техники.</p>
      <p><b>Читайте также:</b> <a href="/economics/view/belarus-uvelichila-eksport-v-uzbekistan-61100/">Беларусь увеличила экспорт в Узбекистан на 18%</a></p>
      <p>Министр промышленности Беларуси Александр Ефимов отметил, что стороны рассчитывают довести товарооборот до $1 млрд.</p>
      <p>Узбекская делегация также посетила Минский тракторный завод и БЕЛАЗ.</p>
    </div>
    <div class="similar_news">
      <h4>Похожие новости</h4>
      <ul>
        <li><a href="/economics/view/tashkent-belarus-biznes-forum-61010/">В Ташкенте прошел белорусско-узбекский бизнес-форум</a> <span class="date">14.03.2024 18:40</span></li>
        <li><a href="/politics/view/golovchenko-vstretilsja-s-poslom-uzbekistana-60987/">Головченко встретился с послом Узбекистана</a> <span class="date">13.03.2024 12:15</span></li>
      </ul>
    </div>
  </div>
</div>
<div class="footer">© 2024 Белорусский вестник. При использовании материалов гиперссылка обязательна.</div>
</body>
</html>
"""

NG_PAGE_CP1251 = """<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">
<title>Независимая газета - Депутаты предложили ужесточить правила регистрации НКО</title>
<link rel="canonical" href="https://www.ng.ru/politics/2018-03-22/3_7194_nko.html">
</head>
<body>
<table width="100%" class="top"><tr><td><a href="/">Независимая газета</a></td><td><a href="/politics/">Политика</a> | <a href="/economics/">Экономика</a> | <a href="/regions/">Регионы</a></td></tr></table>
<div id="content">
  <div class="info">
    <span itemprop="datePublished" content="2018-03-22">22.03.2018 00:01:00</span>
    <span class="author">Иван Петров</span>
  </div>
  <h1 class="htitle">Депутаты предложили ужесточить правила регистрации НКО</h1>
  <div class="anons">Законопроект внесен в Госдуму группой депутатов от двух фракций</div>
  <div class="typical">
    <p>Группа депутатов Государственной думы внесла законопроект, который обязывает некоммерческие организации ежегодно раскрывать источники финансирования дороже ста тысяч рублей.</p>
    <p>Авторы инициативы считают, что поправки сделают работу НКО прозрачнее. В Общественной палате к документу отнеслись сдержанно и предложили обсудить его с профильными ассоциациями.</p>
    <h3>Читайте также</h3>
    <ul>
      <li><a href="/politics/2018-03-20/1_7192_duma.html">Госдума приняла в первом чтении закон о фейковых новостях</a></li>
      <li><a href="/ideas/2018-03-19/5_7191_ngo.html">Гражданское общество в поисках денег</a></li>
    </ul>
    <p>Первое чтение законопроекта может пройти уже в апреле, сообщил один из его авторов.</p>
  </div>
</div>
<div class="bottom">Перепечатка материалов без согласия редакции запрещена.</div>
</body>
</html>"""


def kazakh_page() -> str:
    """The seed's own lines (title, lead, credit, body, related block) laid out as a Kazakh outlet's HTML page."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    cut = lines.index("Новости по теме")
    title, lead, credit, body, rel = lines[0], lines[1], lines[2], lines[3:cut], lines[cut + 1:]
    pairs = [(rel[k], rel[k + 1] if k + 1 < len(rel) else "В Астане прошло заседание Совета безопасности")
             for k in range(0, len(rel), 2)]
    paragraphs = "\n".join(f"        <p>{p}</p>" for p in body)
    items = "\n".join(f"""        <div class="news-item">
          <div class="news-item__date">{t}</div>
          <a class="news-item__title" href="/news/{n}">{h}</a>
        </div>""" for n, (t, h) in enumerate(pairs, 1))
    return f"""<!DOCTYPE html>
<html lang="ru">
<head>
  <meta charset="utf-8">
  <title>{title} - Степные вести</title>
  <meta name="description" content="Последние новости Казахстана и мира">
  <link rel="canonical" href="https://stepnews.kz/politics/2025/12/31/posol-belarusi-mid">
</head>
<body>
  <header><div class="logo"><a href="/">Степные вести</a></div>
    <ul class="nav"><li><a href="/politics/">Политика</a></li><li><a href="/economy/">Экономика</a></li></ul>
    <div class="currency">USD 512.4 | EUR 538.1</div>
  </header>
  <main class="container">
    <article class="article">
      <h1 class="article__title">{title}</h1>
      <div class="article__info"><span class="article__date">15:20 / 31.12.2025</span> <span class="article__views">2 315</span></div>
      <div class="article__lead">{lead}</div>
      <figure class="article__photo"><img src="/uploads/2025/12/31/mid.jpg" alt=""><figcaption>{credit}</figcaption></figure>
      <div class="article__body">
{paragraphs}
      </div>
      <div class="article__share">Поделиться <a href="https://wa.me/?text=x">WhatsApp</a> <a href="https://t.me/share/url">Telegram</a></div>
    </article>
    <section class="news-block">
      <h2 class="news-block__title">Новости по теме</h2>
      <div class="news-block__list">
{items}
      </div>
    </section>
  </main>
  <footer>© 2008–2025 Степные вести. Все права защищены.</footer>
</body>
</html>"""


def assert_offsets(a) -> None:
    for s, e in a.paragraphs:
        assert a.text[s:e] and a.text[s:e].strip() == a.text[s:e]
    assert a.text.startswith(a.title)


def test_kazakh_page_gives_the_seed_article(expected):
    a = read_html(kazakh_page())
    exp = expected["article"]
    assert a.title == exp["title"]
    assert a.lead.startswith(exp["lead_starts"])
    assert a.photo_credit == exp["photo_credit"]
    for s in exp["text_excludes"]:
        assert s not in a.text, s
    # every titled item of the seed's related block, with its time, and the link made absolute
    got = {(r.time, r.title) for r in a.related}
    for item in exp["related"]:
        if item["title"]:
            assert (item["time"], item["title"]) in got
    assert all(r.url.startswith("https://stepnews.kz/news/") for r in a.related)
    # the date line under the title, never a related item's time
    assert a.published_at == "2025-12-31T15:20"
    assert a.source.url == "https://stepnews.kz/politics/2025/12/31/posol-belarusi-mid"
    assert a.source.site == "Степные вести"
    for junk in ("Поделиться", "Степные вести", "USD", "Политика", "2 315"):
        assert junk not in a.text, junk
    assert a.text.endswith("отметил президент Беларуси.")
    assert_offsets(a)


def test_kazakh_page_and_seed_text_give_the_same_text(processor):
    """The same article read from its HTML page and from its page scrape is the same analysed text."""
    [from_txt] = list(read_inputs([str(SEED)]))
    assert read_html(kazakh_page()).text == from_txt.text


def test_rt_like_page():
    a = read_html(RT_PAGE)
    assert a.title == "В Кремле прокомментировали итоги переговоров в Женеве"
    assert a.source.site == "RT на русском"
    assert a.source.url == "https://russian.rt.com/russia/news/1290001-peskov-zheneva-peregovory"
    assert a.published_at == "2024-05-17T12:41"  # article:published_time, not the modified time or the news line
    assert a.photo_credit == "Sputnik / Павел Бедняков"
    # og:description repeats the first paragraph: that paragraph is the lead
    assert a.lead.startswith("Пресс-секретарь президента России Дмитрий Песков заявил")
    assert a.text.count("Пресс-секретарь президента России") == 1
    assert [(r.title, r.url) for r in a.related] == [
        ("Лавров и Блинкен обсудили по телефону подготовку встречи в Женеве",
         "https://russian.rt.com/world/news/1289876-lavrov-blinken-zheneva")]
    # the read-more box sits mid-article: the paragraphs after it stay
    assert "следующий раунд переговоров может состояться осенью" in a.text
    assert a.text.endswith("по гарантиям безопасности.")
    for junk in ("Читайте также", "Лавров и Блинкен", "Sputnik", "Поделиться", "хоккею", "ТВ-Новости", "Россия — США"):
        assert junk not in a.text, junk
    assert_offsets(a)


def test_json_ld_page():
    page = BY_PAGE.replace('<div class="date_full">15.03.2024 09:05</div>', "")
    a = read_html(page)
    assert a.published_at == "2024-03-15T09:05"  # JSON-LD datePublished inside @graph, not dateModified
    assert a.title == "Минск и Ташкент подписали дорожную карту по промышленной кооперации"
    assert a.source.site == "Белорусский вестник"
    assert a.source.url.endswith("/minsk-i-tashkent-podpisali-dorozhnuju-kartu-61234/")
    assert a.photo_credit == "пресс-служба Минпрома"
    assert a.lead is None  # og:description is not the first paragraph
    assert [(r.time, r.title) for r in a.related] == [
        (None, "Беларусь увеличила экспорт в Узбекистан на 18%"),
        ("2024-03-14T18:40", "В Ташкенте прошел белорусско-узбекский бизнес-форум"),
        ("2024-03-13T12:15", "Головченко встретился с послом Узбекистана"),
    ]
    assert a.related[1].url == "https://vestnik.by/economics/view/tashkent-belarus-biznes-forum-61010/"
    assert "Министр промышленности Беларуси Александр Ефимов отметил" in a.text
    for junk in ("Читайте также", "экспорт в Узбекистан на 18%", "Похожие новости", "Фото:", "Минпрома",
                 "Экономика", "гиперссылка"):
        assert junk not in a.text, junk
    assert_offsets(a)


def test_cp1251_page_with_meta_charset(tmp_path):
    path = tmp_path / "nko.html"
    path.write_bytes(NG_PAGE_CP1251.encode("cp1251"))
    [a] = list(read_inputs([str(path)]))
    assert a.title == "Депутаты предложили ужесточить правила регистрации НКО"
    assert a.lead == "Законопроект внесен в Госдуму группой депутатов от двух фракций"  # class "anons"
    assert a.published_at == "2018-03-22"  # itemprop=datePublished
    assert a.source.site == "Независимая газета"  # what <title> adds to the h1
    assert a.source.file == str(path)
    # "Читайте также" and its list sit right inside the article's text container
    assert [r.url for r in a.related] == ["https://www.ng.ru/politics/2018-03-20/1_7192_duma.html",
                                          "https://www.ng.ru/ideas/2018-03-19/5_7191_ngo.html"]
    assert a.text.startswith("Депутаты предложили ужесточить правила регистрации НКО\n\nЗаконопроект внесен")
    assert "Группа депутатов Государственной думы внесла законопроект" in a.text
    assert a.text.endswith("сообщил один из его авторов.")
    for junk in ("Читайте также", "фейковых новостях", "Перепечатка", "Иван Петров", "Регионы"):
        assert junk not in a.text, junk
    assert_offsets(a)


def test_a_date_only_in_the_related_block_is_not_the_articles_date():
    page = """<html><head><meta charset="utf-8"><title>Сенат одобрил бюджет | Вести региона</title>
    <meta property="og:description" content="Обзор решений сената за неделю"></head><body>
    <h1>Сенат одобрил бюджет на следующий год</h1>
    <div class="text"><p>Сенат на заключительном заседании сессии одобрил проект республиканского бюджета на следующий год
    и направил его на подпись главе государства.</p>
    <p>Расходы на социальную сферу вырастут, сообщил председатель бюджетного комитета.</p></div>
    <div class="related-news"><div class="title">Другие новости</div>
      <a href="/n/1"><time datetime="2025-11-20T10:00:00+05:00">20 ноября</time> Мажилис принял бюджет в первом чтении</a>
      <a href="/n/2"><time datetime="2025-11-18T16:30:00+05:00">18 ноября</time> Минфин представил прогноз доходов</a>
    </div>
    <footer>Все права защищены, 2025</footer></body></html>"""
    a = read_html(page)
    assert a.published_at is None
    assert a.lead is None
    assert [(r.time, r.title, r.url) for r in a.related] == [
        ("2025-11-20T10:00", "Мажилис принял бюджет в первом чтении", "/n/1"),
        ("2025-11-18T16:30", "Минфин представил прогноз доходов", "/n/2"),
    ]
    assert a.title == "Сенат одобрил бюджет на следующий год"
    assert "Мажилис" not in a.text and "ноября" not in a.text


def test_title_tag_only_and_date_in_url():
    page = """<html><head><meta charset="utf-8">
    <title>Парламент Киргизии утвердил новый состав правительства | Новости Центральной Азии</title>
    <link rel="canonical" href="https://example-asia.kg/politics/2024/10/02/kabinet/"></head><body>
    <div class="post"><p>Жогорку Кенеш Киргизии на внеочередном заседании утвердил структуру и состав нового кабинета
    министров. За проголосовали 74 депутата.</p>
    <p class="photo">Фото: пресс-служба парламента</p>
    <p>Новый кабинет возглавил прежний председатель, сохранивший пост после реорганизации.</p></div></body></html>"""
    a = read_html(page)
    assert a.title == "Парламент Киргизии утвердил новый состав правительства"
    assert a.published_at == "2024-10-02"
    assert a.photo_credit == "пресс-служба парламента"
    assert "Фото" not in a.text
    assert a.source.site == "example-asia.kg"


def test_page_without_article_text_is_an_error():
    with pytest.raises(ValueError, match="no article text"):
        read_html("<html><head><title>Пусто</title></head><body><nav><a href='/'>Главная</a></nav></body></html>")


def test_jsonl_line_with_html(tmp_path):
    path = tmp_path / "dump.jsonl"
    obj = {"html": RT_PAGE, "url": "https://russian.rt.com/x", "published_at": "2024-05-18T09:00:00Z"}
    path.write_text(json.dumps(obj, ensure_ascii=False) + "\n", encoding="utf-8")
    [a] = list(read_inputs([str(path)]))
    assert a.title == "В Кремле прокомментировали итоги переговоров в Женеве"
    assert a.source.url == "https://russian.rt.com/x"  # the line's own fields win over the page's
    assert a.published_at == "2024-05-18T09:00"
    assert a.related and "Читайте также" not in a.text


def test_a_page_saved_with_a_txt_name_is_read_as_html(tmp_path):
    path = tmp_path / "saved-page.txt"
    path.write_text(RT_PAGE, encoding="utf-8")
    [a] = list(read_inputs([str(path)]))
    assert a.title == "В Кремле прокомментировали итоги переговоров в Женеве"
    assert "<p>" not in a.text and a.published_at == "2024-05-17T12:41"


def test_a_large_deeply_nested_page_reads_quickly():
    """Guards against quadratic DOM passes (a 325 KB page once took 16 s)."""
    import time
    para = "<p>Депутаты парламента обсудили поправки к закону о бюджете и отправили документ в комитет.</p>"
    inner = para * 3000
    for _ in range(15):
        inner = f"<div class='wrap'><span>раздел</span>{inner}</div>"
    page = f"<html><body><h1>Парламент обсудил бюджет</h1>{inner}</body></html>"
    t = time.perf_counter()
    a = read_html(page)
    assert time.perf_counter() - t < 8
    assert a.text.count("Депутаты парламента") == 3000


def test_labelled_date_below_the_body_and_a_footer_copyright_is_no_credit():
    """A DW-like layout: the date sits in a details list after the text; the footer's © is the site's notice."""
    body = "".join(f"<p>Абзац {n}: правительство Германии обсудило с представителями Намибии программу"
                   f" восстановления памятников и выплат потомкам пострадавших.</p>" for n in range(1, 40))
    page = f"""<html><head><meta charset="utf-8">
    <meta property="og:title" content="Берлин и Виндхук договорились о компенсациях | DW | 19.01.2020">
    <meta property="og:site_name" content="DW"></head><body>
    <div class="col3"><h1>Берлин и Виндхук договорились о компенсациях</h1>
    <p class="intro">Германия признала ответственность за события начала XX века и выделит средства на проекты в Намибии.</p>
    <div class="longText">{body}</div>
    <div class="group"><ul class="smallList"><li><strong>Дата</strong> 19.01.2020</li>
    <li><strong>Автор</strong> Анна Шмидт</li></ul></div></div>
    <div class="footer"><p>© 2020 Deutsche Welle | Конфиденциальность | Контакты</p></div></body></html>"""
    a = read_html(page)
    assert a.title == "Берлин и Виндхук договорились о компенсациях"  # site and date cut from og:title
    assert a.published_at == "2020-01-19"
    assert a.photo_credit is None
    assert a.lead.startswith("Германия признала ответственность")  # class "intro"
    assert "Deutsche Welle" not in a.text
