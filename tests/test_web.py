"""The web page: its routes (TestClient) and the page itself in a real browser.

The browser tests drive Debian's Chromium (/usr/bin/chromium, installed by
scripts/install-chromium.sh) through Playwright's Python API against uvicorn
on 127.0.0.1, and save screenshots to tests/artifacts/.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from pathlib import Path
from typing import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import create_app
from api.engine import Arkiv
from api.web import add_web_routes

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
MINUTES = "2023-06-23-nationalt-raad-psykiske-lidelser-referat.pdf"
ANSWERED = "Hvor mange ordinære møder holder rådet om året?"
NOT_IN_CORPUS = "hvad koster en ny psykiatrisk skadestue i Aarhus?"


def web_app(arkiv: Arkiv) -> FastAPI:
    app = create_app(arkiv.settings, arkiv)
    add_web_routes(app)  # a no-op once create_app adds them itself
    return app


@pytest.fixture(scope="module")
def client(arkiv: Arkiv) -> Iterator[TestClient]:
    with TestClient(web_app(arkiv)) as c:
        yield c


@pytest.fixture(scope="module")
def minutes_id(arkiv: Arkiv) -> str:
    return next(d.doc_id for d in arkiv.manifest.documents.values() if d.file_name == MINUTES)


# ---------------------------------------------------------------- routes
def test_front_page_is_danish_and_loads_nothing_from_other_hosts(client: TestClient) -> None:
    res = client.get("/")
    assert res.status_code == 200 and res.headers["content-type"].startswith("text/html")
    html = res.text
    assert 'lang="da"' in html and 'placeholder="Hvad er status på akuttelefonen?"' in html and ">Spørg<" in html
    assert "default-src 'self'" in res.headers["content-security-policy"]
    for asset in ("/static/app.js", "/static/app.css"):
        assert asset in html
        body = client.get(asset)
        assert body.status_code == 200
        assert not re.search(r"https?://", body.text), f"{asset} refers to another host"
    assert not re.search(r"https?://", html)


def test_script_never_assigns_document_text_as_html(client: TestClient) -> None:
    js = client.get("/static/app.js").text
    assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write", js)


def test_page_endpoint_returns_the_cleaned_page_text(client: TestClient, arkiv: Arkiv, minutes_id: str) -> None:
    body = client.get(f"/documents/{minutes_id}/pages/2").json()
    page = next(p for p in arkiv.pages(minutes_id) if p["number"] == 2)
    assert body["text"] == page["text"] and body["page"] == 2 and body["label"] == str(page["label"])
    assert body["doc_id"] == minutes_id and body["file_name"] == MINUTES
    assert body["pages"] == 5 and body["title"].startswith("Referat")


def test_unknown_document_or_page_is_404_with_a_reason(client: TestClient, minutes_id: str) -> None:
    res = client.get("/documents/0000000000000000/pages/1")
    assert res.status_code == 404 and "Ukendt dokument" in res.json()["detail"]
    res = client.get(f"/documents/{minutes_id}/pages/99")
    assert res.status_code == 404 and "Siden findes ikke" in res.json()["detail"]
    assert client.get("/documents/0000000000000000/file").status_code == 404
    assert client.get("/documents/..%2F..%2Fetc%2Fpasswd/file").status_code == 404


def test_file_endpoint_serves_the_original_pdf(client: TestClient, arkiv: Arkiv, minutes_id: str) -> None:
    res = client.get(f"/documents/{minutes_id}/file")
    assert res.status_code == 200 and res.headers["content-type"] == "application/pdf"
    assert res.content.startswith(b"%PDF") and res.content == (Path(arkiv.settings.corpus_dir) / MINUTES).read_bytes()
    assert MINUTES in res.headers["content-disposition"]


# ---------------------------------------------------------------- browser
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(arkiv: Arkiv) -> Iterator[str]:
    uvicorn = pytest.importorskip("uvicorn")
    port = free_port()
    srv = uvicorn.Server(uvicorn.Config(web_app(arkiv), host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=srv.run, name="uvicorn-web-test", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium: run scripts/install-chromium.sh for the browser tests")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright Python package is not installed")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        yield b
        b.close()


@pytest.fixture()
def page(browser, server: str) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1100, "height": 900}, locale="da-DK")
    p = context.new_page()
    p.set_default_timeout(30_000)  # /ask embeds the question on a busy 2-core machine
    requests: list[str] = []
    p.on("request", lambda r: requests.append(r.url))
    errors: list[str] = []
    p.on("pageerror", lambda e: errors.append(str(e)))
    p.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    p.goto(server + "/")
    p.locator("#documents li").first.wait_for()
    yield p
    others = [u for u in requests if not u.startswith(server + "/")]
    context.close()
    assert not others, f"the page talked to other hosts: {others}"
    assert not errors, f"errors in the page: {errors}"


def shot(p, name: str, full_page: bool = True) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    p.screenshot(path=str(ARTIFACTS / name), full_page=full_page)


def ask(p, question: str) -> None:
    box = p.get_by_label("Dit spørgsmål")
    box.fill(question)
    box.press("Enter")  # Enter asks
    p.locator("#result:not([hidden])").wait_for()


def test_question_shows_answer_with_linked_citations(page) -> None:
    ask(page, ANSWERED)
    assert page.locator("#result-heading").inner_text() == "Svar"
    answer = page.locator("#answer").inner_text()
    assert "[1]" in answer and re.search(r"\bmøder?\b", answer, re.I)
    first = page.locator("#citations li").first
    assert "Referat" in first.inner_text() and "s. " in first.inner_text()
    assert first.locator("blockquote").inner_text().strip()
    page.locator("#answer a.ref").first.click()  # the [1] marker jumps to its citation
    assert page.evaluate("document.activeElement.id") == "kilde-1"
    assert page.locator("#documents li").count() == 3
    shot(page, "web-answer.png")


def test_citation_click_highlights_quote_on_page(page) -> None:
    ask(page, ANSWERED)
    quote = " ".join(page.locator("#citations li blockquote").first.inner_text().split())
    page.locator("#citations li").first.get_by_role("button", name="Vis siden").click()
    mark = page.locator("#viewer-text mark")
    mark.wait_for()
    assert " ".join(mark.inner_text().split()) == quote
    href = page.get_by_role("link", name=re.compile("Hent PDF")).first.get_attribute("href")
    assert re.fullmatch(r"/documents/[0-9a-f]+/file#page=\d+", href)
    shot(page, "web-page.png", full_page=False)


def test_question_outside_the_documents_shows_not_found_and_related(page) -> None:
    ask(page, NOT_IN_CORPUS)
    assert page.locator("#result-heading").inner_text() == "Det kan jeg ikke finde i dokumenterne"
    assert page.locator("#citations-block").is_hidden()
    assert page.get_by_role("heading", name="Måske relevant").is_visible()
    assert page.locator("#related li").count() >= 1
    shot(page, "web-notfound.png")
    page.locator("#related li").first.get_by_role("button", name="Vis siden").click()
    page.locator("#viewer:not([hidden])").wait_for()
    assert page.locator("#viewer-text").inner_text().strip()


def test_page_is_usable_by_keyboard_at_phone_width(page) -> None:
    page.set_viewport_size({"width": 375, "height": 800})
    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "spoergsmaal"
    page.keyboard.type(ANSWERED)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Spørg"
    page.keyboard.press("Enter")
    page.locator("#citations li").first.wait_for()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page scrolls sideways at 375px ({width}px)"
    shot(page, "web-phone.png")
