"""The pages in a real headless Chromium (Debian's /usr/bin/chromium, driven by Python playwright; never a
downloaded browser) against `khronika serve` on 127.0.0.1 over a database of the seed and a few corpus
articles. Screenshots go to test-artifacts/screenshots/ (the folder is printed at the end)."""
from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from khronika.reading import read_inputs
from tests.conftest import ROOT, SEED
from tests.test_web_data import build_db, demo_records

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = ROOT / "test-artifacts" / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.browser

if not CHROMIUM.exists():
    pytest.skip("no /usr/bin/chromium: install Debian's chromium package (apt-get install -y chromium; "
                ".ci/run does) to run the browser tests", allow_module_level=True)
try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # pragma: no cover - playwright is a test dependency
    pytest.skip("the playwright Python package is not installed", allow_module_level=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def script_record(processor, tmp_path_factory):
    """The seed's body under a title and a paragraph that try to run script in the page."""
    from khronika.reading import read_page_text
    art = read_page_text(SEED.read_text(encoding="utf-8"))
    body = art.text[len(art.title) + 2:]
    line = {"title": "Проверка <script>window.__khronika_pwned = 1</script> заголовка",
            "text": body + "\n\n<img src=x onerror=\"window.__khronika_pwned = 2\"> <b>жирный</b> конец."}
    src = tmp_path_factory.mktemp("script") / "script.jsonl"
    src.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    [article] = list(read_inputs([str(src)]))
    return processor.process(article)


@pytest.fixture(scope="module")
def server(processor, script_record, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("browser")
    records = demo_records(processor, tmp)
    db = build_db(tmp / "web.db", records + [script_record])
    port = free_port()
    env = {**os.environ, "KHRONIKA_API_TOKEN": ""}
    log = open(tmp / "serve.log", "w+b")  # a file, not a pipe: a server that logs a lot never blocks on it
    proc = subprocess.Popen([sys.executable, "-c", "from khronika.cli import main; main()", "serve", "--db", str(db),
                             "--port", str(port)], stdout=log, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(base + "/api/stats", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            log.seek(0)
            out = log.read().decode("utf-8", "replace")
            pytest.fail(f"khronika serve did not start: {out[-2000:]}")
        time.sleep(0.2)
    yield {"base": base, "records": records, "script": script_record}
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope="module")
def browser(request):
    SHOTS.mkdir(parents=True, exist_ok=True)
    pw = sync_playwright().start()
    b = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
    yield b
    b.close()
    pw.stop()
    capman = request.config.pluginmanager.get_plugin("capturemanager")  # print past pytest's output capture
    if capman is not None:
        with capman.global_and_fixture_disabled():
            print(f"\nbrowser screenshots: {SHOTS}")
    else:
        print(f"browser screenshots: {SHOTS}")


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1440, "height": 900}, locale="ru-RU")
    pg = ctx.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("dialog", lambda d: (errors.append(f"dialog: {d.message}"), d.dismiss()))
    pg.errors = errors
    yield pg
    ctx.close()


def wait_js(page, expression: str, timeout: float = 30.0) -> None:
    """Until `expression` is true in the page. Playwright's wait_for_function evaluates its predicate with
    eval, which the pages' Content-Security-Policy (script-src 'self') forbids; page.evaluate is not."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {expression}")
        page.wait_for_timeout(100)


def seed(server):
    return server["records"][0]


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_article_page_highlights_quotes_and_event_evidence(server, page):
    r = seed(server)
    page.goto(f"{server['base']}/article/{r.id}")
    text = page.locator("#text")
    # every event's trigger is highlighted in the text, every quote coloured, mentions underlined
    for e in r.events:
        trig = text.locator(f'.trig[data-event="{e.id}"]')
        expect(trig.first).to_be_visible()
        assert squash(" ".join(trig.all_text_contents())) == squash(e.trigger["text"])
    for q in r.quotes:
        segs = text.locator(f'.q[data-quote="{q.id}"]')
        assert squash("".join(segs.all_text_contents())) == squash(q.text)
    assert text.locator(".m").count() >= len([m for m in r.mentions if m.actor])
    # the quote panel: one card per quote, with its speaker's name
    cards = page.locator(".quote-card")
    assert cards.count() == len(r.quotes)
    for q, card in zip(r.quotes, cards.all()):
        speaker = r.actor(q.speaker)
        assert (speaker.name if speaker else (q.speaker_text or "unknown")) in card.inner_text()
        assert q.text[:40] in card.inner_text().replace("\n", " ")
    # clicking an event shows its evidence sentence and its PLOVER and CAMEO codes
    assert r.events, "the seed has events"
    e = r.events[0]
    detail = page.locator(f"#detail-{e.id}")
    expect(detail).to_be_hidden()
    page.locator(f'.ev-item[data-event="{e.id}"]').click()
    expect(detail).to_be_visible()
    sentence = r.text[e.sentence["start"]:e.sentence["end"]]
    assert squash(detail.locator(".evidence").inner_text()) == squash(sentence)
    assert e.event in detail.locator(".plover").inner_text()
    if e.cameo:
        assert e.cameo in detail.locator(".cameo-code").inner_text()
    assert text.locator(".evidence-on").count() > 0
    page.screenshot(path=str(SHOTS / "article-event-clicked.png"), full_page=True)
    # clicking another event's trigger in the text switches the detail
    if len(r.events) > 1:
        other = r.events[-1]
        text.locator(f'.trig[data-event="{other.id}"]').first.click()
        expect(page.locator(f"#detail-{other.id}")).to_be_visible()
        expect(detail).to_be_hidden()
        page.screenshot(path=str(SHOTS / "article-trigger-clicked.png"))
    # clicking a person's mention marks all its mentions and picks it in the actor list
    person = next(a for a in r.actors if a.kind == "person" and sum(m.actor == a.id for m in r.mentions) >= 2)
    text.locator(f'.m[data-actor="{person.id}"]').first.click()
    focused = page.evaluate("new Set([...document.querySelectorAll('#text .m.focus')].map(e => e.dataset.mention)).size")
    assert focused == sum(m.actor == person.id for m in r.mentions)
    expect(page.locator(f'.actor-list li.picked[data-actor="{person.id}"]')).to_be_visible()
    assert page.errors == []


def test_article_text_with_script_never_runs(server, page):
    r = server["script"]
    page.goto(f"{server['base']}/article/{r.id}")
    expect(page.locator("h1.a-title")).to_contain_text("<script>")
    expect(page.locator("#text")).to_contain_text('<img src=x onerror=')
    assert page.evaluate("typeof window.__khronika_pwned") == "undefined"
    assert page.locator("#text script, #text img, #text b").count() == 0
    page.screenshot(path=str(SHOTS / "article-with-script.png"))
    assert page.errors == []


def test_dyad_page_shows_the_pair_over_time(server, page):
    page.goto(f"{server['base']}/dyad/KAZ/BLR")
    expect(page.locator("h1")).to_contain_text("KAZ")
    chart = page.locator("svg#dyad-chart")
    expect(chart).to_be_visible()
    bars = chart.locator("a.bar")
    assert bars.count() >= 1
    assert chart.locator("rect.quad-1, rect.quad-2, rect.quad-3, rect.quad-4").count() >= 1
    rows = page.locator("#timeline .event-row")
    assert rows.count() >= 1
    assert page.locator("#timeline .articles li a").count() >= 1
    page.screenshot(path=str(SHOTS / "dyad-KAZ-BLR.png"), full_page=True)
    # a bar opens the events and articles behind that point
    month = bars.first.get_attribute("data-month")
    bars.first.click()
    page.wait_for_url(re.compile(r"month="))
    assert page.locator("#timeline .event-row").count() >= 1
    expect(page.locator("#timeline .col-main h2")).to_contain_text(month)
    assert page.errors == []


def test_network_page_draws_actors_and_events(server, page):
    page.goto(f"{server['base']}/network")
    wait_js(page, "!!(window.khronikaNetwork && window.khronikaNetwork.edges > 0)")
    stats = page.evaluate("window.khronikaNetwork")
    assert stats["nodes"] >= 2 and stats["edges"] >= 1
    assert page.locator("#cy canvas").count() >= 1
    expect(page.locator("#net-status")).to_contain_text("nodes")
    page.wait_for_timeout(300)
    page.screenshot(path=str(SHOTS / "network-actors.png"))
    # filtered to countries and then to one quad class: the graph is redrawn from the API
    page.select_option("select[name=by]", "country")
    page.click("#net-form button[type=submit]")
    wait_js(page, "location.hash.indexOf('by=country') >= 0")
    wait_js(page, "!!(window.khronikaNetwork && window.khronikaNetwork.by === 'country' && "
                  "window.khronikaNetwork.edges > 0)")
    page.wait_for_timeout(300)
    page.screenshot(path=str(SHOTS / "network-countries.png"))
    assert page.errors == []


def test_home_search_and_actor_pages(server, page):
    base = server["base"]
    page.goto(base + "/")
    expect(page.locator(".pairs li").first).to_be_visible()
    assert page.locator(".articles .article-row").count() >= 2
    page.screenshot(path=str(SHOTS / "home.png"), full_page=True)
    page.fill(".big-search input", "Лукашенко")
    page.press(".big-search input", "Enter")
    page.wait_for_url(re.compile(r"/search\?q="))
    assert page.locator("#found-articles li a.title").count() >= 1
    assert page.locator(".hit").count() >= 1
    page.screenshot(path=str(SHOTS / "search.png"), full_page=True)
    r = seed(server)
    lukashenko = next(a for a in r.actors if a.country == "BLR" and a.kind == "person" and a.office == "президент")
    page.goto(f"{base}/actor/{lukashenko.key}")
    expect(page.locator("h1")).to_have_text(lukashenko.name)
    assert page.locator(".quote-list li blockquote").count() >= 1
    page.screenshot(path=str(SHOTS / "actor.png"), full_page=True)
    assert page.errors == []
