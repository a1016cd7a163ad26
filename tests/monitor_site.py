"""A small news site for the monitor's tests, served on 127.0.0.1 only: two feeds (RSS and Atom, with ETag and
Last-Modified), article pages written for these tests (UTF-8 and cp1251, declared in the header or only in a
meta tag), and the troublemakers: a 404, a 500 that recovers, a slow page, a redirect loop, a page over the size
cap and a path robots.txt forbids. Every request is logged with its headers and the status answered."""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARTICLES = {
    "/news/kz-belarus.html": dict(
        title="МИД Казахстана провёл консультации с послом Беларуси",
        date="2025-01-14T10:30:00+05:00",
        paragraphs=[
            "Министр иностранных дел Казахстана Ермек Кошербаев принял в Астане посла Беларуси Павла Утюпина.",
            "Стороны обсудили подготовку визита делегации правительства Беларуси и график межправительственной "
            "комиссии по торгово-экономическому сотрудничеству.",
            "Кошербаев заявил, что Казахстан заинтересован в расширении поставок продовольствия и техники.",
        ]),
    "/news/armenia-parliament.html": dict(
        title="Парламент Армении ратифицировал соглашение о торговле с Ираном",
        date="2025-02-03T16:05:00+04:00",
        paragraphs=[
            "Национальное собрание Армении ратифицировало соглашение о приграничной торговле с Ираном.",
            "За документ проголосовали 71 депутат, против выступили представители оппозиционной фракции.",
            "Председатель парламента Ален Симонян сказал журналистам, что соглашение откроет новые рынки для "
            "армянских производителей.",
        ]),
    "/news/uzbek-decree.html": dict(
        title="Президент Узбекистана подписал указ о реформе государственной службы",
        date="2025-03-11T09:00:00+05:00",
        paragraphs=[
            "Президент Узбекистана Шавкат Мирзиёев подписал указ о реформе государственной службы.",
            "Указ сокращает число министерств и передаёт часть полномочий хокимиятам областей.",
            "Администрация президента сообщила, что реформа будет завершена до конца года.",
        ]),
    "/news/kyrgyz-program.html": dict(
        title="Правительство Кыргызстана утвердило программу развития регионов",
        date="2025-04-22T12:40:00+06:00",
        paragraphs=[
            "Кабинет министров Кыргызстана утвердил программу развития регионов на пять лет.",
            "Глава кабинета Адылбек Касымалиев поручил министерству экономики подготовить план финансирования.",
            "Программа предусматривает строительство дорог и школ в Нарынской и Таласской областях.",
        ]),
    "/news/eu-moldova.html": dict(
        title=None,  # the page names no title and no date: the feed's fill them
        date=None,
        paragraphs=[
            "Делегация Европейского союза прибыла в Кишинёв для переговоров с правительством Молдовы.",
            "Еврокомиссар по вопросам расширения Марта Кос встретилась с премьер-министром Дорином Речаном.",
            "Стороны обсудили финансирование реформ судебной системы и план вступления Молдовы в ЕС.",
        ]),
}
# the entry titles and dates of the feeds (for the page without its own)
FEED_TITLES = {"/news/eu-moldova.html": "Делегация ЕС провела переговоры в Кишинёве"}
FEED_DATES = {"/news/eu-moldova.html": "Wed, 07 May 2025 14:20:00 +0300"}

CP1251_META = "/news/armenia-parliament.html"  # cp1251, declared only in <meta charset>
CP1251_HEADER = "/news/uzbek-decree.html"  # cp1251, declared only in the Content-Type header
FLAKY = "/news/kyrgyz-program.html"  # 500 on the first request, then the page
MISSING = "/news/retracted.html"  # 404
SLOW = "/news/slow.html"  # answers after SLOW_SECONDS
LOOP = "/news/loop-a.html"  # -> loop-b -> loop-a
HUGE = "/news/huge.html"  # over the cap, without Content-Length
PRIVATE = "/private/draft.html"  # robots.txt forbids it
MOVED = "/news/old-address.html"  # 301 to the first article
SLOW_SECONDS = 1.5
FEED_ETAG = '"feed-v1"'
FEED_MODIFIED = formatdate(1736840000, usegmt=True)

FEED1 = [("/news/kz-belarus.html", "?utm_source=rss"), (CP1251_META, ""), (FLAKY, ""), (MISSING, ""), (SLOW, ""),
         (LOOP, ""), (HUGE, ""), (PRIVATE, ""), ("/news/eu-moldova.html", "")]
FEED2 = [("/news/kz-belarus.html", "#comments"), (CP1251_HEADER, "")]  # one URL also in FEED1
GOOD = ["/news/kz-belarus.html", CP1251_META, CP1251_HEADER, FLAKY, "/news/eu-moldova.html"]


def page_html(path: str, charset: str = "utf-8", meta: bool = True) -> str:
    a = ARTICLES[path]
    head = f'<meta charset="{charset}">' if meta else ""
    if a["title"]:
        head += f"<title>{a['title']} — Вести Степи</title><meta property=\"og:site_name\" content=\"Вести Степи\">"
    if a["date"]:
        head += f'<meta property="article:published_time" content="{a["date"]}">'
    h1 = f"<h1>{a['title']}</h1>" if a["title"] else ""
    body = "".join(f"<p>{p}</p>" for p in a["paragraphs"])
    return (f"<!DOCTYPE html><html lang=\"ru\"><head>{head}</head><body><header><a href=\"/\">Главная</a></header>"
            f"<main><article>{h1}{body}</article></main><footer>© Вести Степи</footer></body></html>")


def rss(base: str, items) -> str:
    out = []
    for path, tail in items:
        title = (ARTICLES.get(path) or {}).get("title") or FEED_TITLES.get(path) or "Новость"
        date = FEED_DATES.get(path, "Mon, 13 Jan 2025 08:00:00 +0500")
        out.append(f"<item><title>{title}</title><link>{base}{path}{tail}</link><pubDate>{date}</pubDate></item>")
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Вести Степи</title>'
            f'<link>{base}/</link><language>ru</language>{"".join(out)}</channel></rss>')


def atom(base: str, items) -> str:
    out = "".join(f'<entry><title>{ARTICLES[p]["title"]}</title><link href="{base}{p}{t}"/><id>{base}{p}</id>'
                  f'<updated>2025-03-11T09:00:00+05:00</updated></entry>' for p, t in items)
    return ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ru">'
            f'<title>Вести Степи: Центральная Азия</title><id>{base}/atom</id>'
            f'<updated>2025-03-11T09:00:00+05:00</updated>{out}</feed>')


@dataclass
class Hit:
    path: str
    headers: dict
    status: int


@dataclass
class Site:
    server: ThreadingHTTPServer
    hits: list[Hit] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    flaky_left: int = 1
    active: int = 0  # requests being answered now
    max_active: int = 0

    @property
    def base(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def count(self, path: str, status: int | None = None) -> int:
        with self.lock:
            return sum(1 for h in self.hits if h.path.split("?")[0] == path and (status is None or h.status == status))

    def requests_to(self, path: str) -> list[Hit]:
        with self.lock:
            return [h for h in self.hits if h.path.split("?")[0] == path]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def serve() -> Site:
    site: Site

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:
            pass

        def answer(self, status: int, body: bytes = b"", ctype: str = "text/html; charset=utf-8",
                   headers: dict | None = None, length: bool = True) -> None:
            with site.lock:
                site.hits.append(Hit(self.path, dict(self.headers), status))
            self.send_response(status)
            if ctype:
                self.send_header("Content-Type", ctype)
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            if length:
                self.send_header("Content-Length", str(len(body)))
            else:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def do_GET(self) -> None:
            with site.lock:
                site.active += 1
                site.max_active = max(site.max_active, site.active)
            try:
                self.route()
            finally:
                with site.lock:
                    site.active -= 1

        def route(self) -> None:
            path = self.path.split("?")[0]
            base = site.base
            if path == "/robots.txt":
                return self.answer(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
            if path in ("/feed.xml", "/atom.xml"):
                if self.headers.get("If-None-Match") == FEED_ETAG or \
                        self.headers.get("If-Modified-Since") == FEED_MODIFIED:
                    return self.answer(304, ctype=None, headers={"ETag": FEED_ETAG})
                body = rss(base, FEED1) if path == "/feed.xml" else atom(base, FEED2)
                return self.answer(200, body.encode("utf-8"), "application/rss+xml; charset=utf-8"
                                   if path == "/feed.xml" else "application/atom+xml",
                                   {"ETag": FEED_ETAG, "Last-Modified": FEED_MODIFIED})
            if path == FLAKY:
                with site.lock:
                    fail = site.flaky_left > 0
                    site.flaky_left -= 1 if fail else 0
                if fail:
                    return self.answer(500, "Внутренняя ошибка".encode("utf-8"))
            if path == CP1251_META:
                return self.answer(200, page_html(path, "windows-1251").encode("cp1251"), "text/html")
            if path == CP1251_HEADER:
                return self.answer(200, page_html(path, meta=False).encode("cp1251"),
                                   "text/html; charset=windows-1251")
            if path in ARTICLES:
                return self.answer(200, page_html(path).encode("utf-8"))
            if path == SLOW:
                time.sleep(SLOW_SECONDS)
                return self.answer(200, "<html><body><p>Поздно.</p></body></html>".encode("utf-8"))
            if path == LOOP:
                return self.answer(302, headers={"Location": "/news/loop-b.html"})
            if path == "/news/loop-b.html":
                return self.answer(302, headers={"Location": f"{base}{LOOP}"})
            if path == MOVED:
                return self.answer(301, headers={"Location": "/news/kz-belarus.html"})
            if path == HUGE:
                para = "<p>" + "Очень длинная стенограмма заседания парламента. " * 40 + "</p>"
                return self.answer(200, ("<html><body>" + para * 200 + "</body></html>").encode("utf-8"),
                                   length=False)
            return self.answer(404, "Страница не найдена".encode("utf-8"))

    class Server(ThreadingHTTPServer):
        def handle_error(self, request, client_address) -> None:
            pass  # a client that hangs up mid-answer (the size cap does) is expected here

    server = Server(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    site = Site(server)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return site


if __name__ == "__main__":  # a manual look: python -m tests.monitor_site
    s = serve()
    print(s.base + "/feed.xml", s.base + "/atom.xml")
    threading.Event().wait()
