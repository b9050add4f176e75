"""The web page: its routes (TestClient) and the page itself in a real browser.

The browser tests drive Debian's Chromium (/usr/bin/chromium, installed by
scripts/install-chromium.sh) through Playwright's Python API against uvicorn
on 127.0.0.1, and save screenshots to tests/artifacts/.
"""

from __future__ import annotations

import json
import re
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import create_app
from api.engine import Arkiv
from api.settings import EmbedderSettings, Settings
from api.web import add_web_routes
from evals.browser import CHROMIUM, chromium
from evals.highlight import fold
from evals.serve import serve
from index.build import SourceFile
from tests.pdfgen import write_text_pdf

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
MINUTES = "2023-06-23-nationalt-raad-psykiske-lidelser-referat.pdf"
ANSWERED = "Hvor mange ordinære møder holder rådet om året?"
NOT_IN_CORPUS = "hvad koster en ny psykiatrisk skadestue i Aarhus?"
AKUT = "hvad er status på akuttelefonen?"
# Unfiltered this is answered from the 2023 minutes; kind=report, a December 2024 range or
# body=Danske Regioner answer it from the report or the agenda instead.
FOLLOW_UP = "Hvordan skal der følges op på 10-årsplanen?"


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


@pytest.fixture(scope="module")
def ids_by_kind(arkiv: Arkiv) -> dict[str, str]:
    return {d.kind: d.doc_id for d in arkiv.manifest.documents.values()}


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
@pytest.fixture(scope="module")
def server(arkiv: Arkiv) -> Iterator[str]:
    with serve(web_app(arkiv)) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium: run scripts/install-chromium.sh for the browser tests")
    pytest.importorskip("playwright.sync_api", reason="the playwright Python package is not installed")
    with chromium() as b:
        yield b


@contextmanager
def open_page(browser, server: str) -> Iterator[object]:
    """The page in a fresh context; afterwards no request may have left ``server`` and no script error occurred."""
    context = browser.new_context(viewport={"width": 1100, "height": 900}, locale="da-DK")
    p = context.new_page()
    p.set_default_timeout(30_000)  # /ask embeds the question on a busy 2-core machine
    requests: list[str] = []
    p.on("request", lambda r: requests.append(r.url))
    errors: list[str] = []
    p.on("pageerror", lambda e: errors.append(str(e)))
    p.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    p.goto(server + "/")
    try:
        yield p
    finally:
        others = [u for u in requests if not u.startswith(server + "/")]
        context.close()
    assert not others, f"the page talked to other hosts: {others}"
    assert not errors, f"errors in the page: {errors}"


@pytest.fixture()
def page(browser, server: str) -> Iterator[object]:
    with open_page(browser, server) as p:
        p.locator("#documents li").first.wait_for()
        yield p


def shot(p, name: str, full_page: bool = True) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    p.screenshot(path=str(ARTIFACTS / name), full_page=full_page)


def ask(p, question: str) -> dict:
    """Ask through the page (Enter in the box); return the JSON body the page sent to /ask."""
    box = p.get_by_label("Dit spørgsmål")
    box.fill(question)
    p.evaluate("document.getElementById('result').hidden = true")  # so the wait below sees this answer
    with p.expect_request(lambda r: r.url.endswith("/ask") and r.method == "POST") as sent:
        box.press("Enter")  # Enter asks
    p.locator("#result:not([hidden])").wait_for()
    return json.loads(sent.value.post_data or "{}")


def cited_docs(p) -> list[str]:
    return p.locator("#citations li").evaluate_all("cards => cards.map(c => c.dataset.doc)")


def open_filters(p) -> None:
    if not p.locator("#filters").evaluate("d => d.open"):
        p.get_by_text("Afgræns søgningen").click()


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


def marked_pdf_quote(p) -> str:
    """Wait for the PDF page to be drawn; return the text under its marks, after checking that every mark
    lies on drawn words: inside its text-layer span, inside the canvas, over dark pixels of the canvas."""
    p.locator("#viewer[data-view=pdf]").wait_for()
    marks = p.locator("#viewer-page .textLayer mark.quote")
    assert marks.count() >= 1, "the quote is not marked on the PDF page"
    boxes = marks.evaluate_all("""ms => {
        const canvas = document.querySelector('#viewer-page canvas');
        const c = canvas.getBoundingClientRect(), k = canvas.width / c.width;
        const ctx = canvas.getContext('2d');
        return ms.map(m => {
            const r = m.getBoundingClientRect(), s = m.parentElement.getBoundingClientRect();
            const px = ctx.getImageData(Math.floor((r.x - c.x) * k), Math.floor((r.y - c.y) * k),
                                        Math.max(1, Math.floor(r.width * k)), Math.max(1, Math.floor(r.height * k))).data;
            let ink = 0;
            for (let i = 0; i < px.length; i += 4) if (px[i] + px[i + 1] + px[i + 2] < 384) ink++;
            return {mark: [r.x, r.y, r.right, r.bottom], span: [s.x, s.y, s.right, s.bottom],
                    canvas: [c.x, c.y, c.right, c.bottom], ink: ink / (px.length / 4), w: r.width, h: r.height};
        });
    }""")
    pad = 3  # the mark's own padding (app.css), so a word's last letter is covered
    for b in boxes:
        (mx0, my0, mx1, my1), (sx0, sy0, sx1, sy1), (cx0, cy0, cx1, cy1) = b["mark"], b["span"], b["canvas"]
        assert b["w"] > 0 and b["h"] > 0
        assert sx0 - pad <= mx0 and mx1 <= sx1 + pad and sy0 - pad <= my0 and my1 <= sy1 + pad, b
        assert cx0 - pad <= mx0 and mx1 <= cx1 + pad and cy0 - pad <= my0 and my1 <= cy1 + pad, b
        assert b["ink"] > 0.02, f"no drawn words under the mark: {b}"
    return "".join(marks.all_text_contents())


def test_citation_opens_the_pdf_page_with_the_quote_marked_on_its_words(page) -> None:
    ask(page, ANSWERED)
    quote = " ".join(page.locator("#citations li blockquote").first.inner_text().split())
    page.locator("#citations li").first.get_by_role("button", name="Vis siden").click()
    assert fold(marked_pdf_quote(page)) == fold(quote)
    first_mark = page.locator("#viewer-page mark.quote").first
    assert first_mark.is_visible() and first_mark.evaluate(
        "m => { const r = m.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }"), \
        "the page is not scrolled to the quote"
    # The cleaned text stays below, the quote marked there too, for screen readers and copying.
    assert " ".join((page.locator("#viewer-text mark").text_content() or "").split()) == quote
    assert page.locator("#viewer-page canvas").get_attribute("aria-hidden") == "true"
    href = page.get_by_role("link", name=re.compile("Hent PDF")).first.get_attribute("href")
    assert re.fullmatch(r"/documents/[0-9a-f]+/file#page=\d+", href)
    shot(page, "web-page.png", full_page=False)
    # At phone width the page is drawn to fit and the quote is still marked on its words.
    page.set_viewport_size({"width": 375, "height": 800})
    page.evaluate("document.getElementById('viewer').dataset.view = ''")
    page.locator("#citations li").first.get_by_role("button", name="Vis siden").click()
    assert fold(marked_pdf_quote(page)) == fold(quote)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shot(page, "web-page-phone.png", full_page=False)
    # "Forstør siden" draws it twice as wide; the page box scrolls sideways, the document does not.
    fitted = page.locator("#viewer-page canvas").evaluate("c => c.getBoundingClientRect().width")
    zoom = page.get_by_role("button", name="Forstør siden")
    page.evaluate("document.getElementById('viewer').dataset.view = ''")
    zoom.click()
    assert fold(marked_pdf_quote(page)) == fold(quote)
    wide = page.locator("#viewer-page canvas").evaluate("c => c.getBoundingClientRect().width")
    assert wide == pytest.approx(2 * fitted, abs=2)
    assert page.get_by_role("button", name="Formindsk siden").get_attribute("aria-pressed") == "true"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert page.locator("#viewer-page mark.quote").first.evaluate(
        "m => { const r = m.getBoundingClientRect(); return r.left < innerWidth && r.right > 0; }"), \
        "the zoomed page is not scrolled to the quote"
    shot(page, "web-page-phone-zoom.png", full_page=False)


def test_page_falls_back_to_the_cleaned_text_when_the_pdf_cannot_be_drawn(page) -> None:
    # A damaged file (a 404 would also be logged by the browser as a console error, which open_page refuses).
    page.route(re.compile(r".*/documents/[0-9a-f]+/file$"),
               lambda route: route.fulfill(status=200, content_type="application/pdf", body=b"%PDF-1.7 damaged"))
    ask(page, ANSWERED)
    quote = " ".join(page.locator("#citations li blockquote").first.inner_text().split())
    page.locator("#citations li").first.get_by_role("button", name="Vis siden").click()
    page.locator("#viewer[data-view=text]").wait_for()
    assert page.locator("#viewer-textbox").evaluate("d => d.open")
    mark = page.locator("#viewer-text mark")
    assert mark.is_visible() and " ".join(mark.inner_text().split()) == quote
    assert "PDF-siden kan ikke vises" in page.locator("#viewer-note").inner_text()
    assert page.locator("#viewer-page canvas").count() == 0


def test_se_hele_forloebet_shows_the_matters_dated_statements_and_opens_their_page(page) -> None:
    ask(page, AKUT)
    page.get_by_role("button", name="Se hele forløbet").click()
    cards = page.locator("#timeline-list li.card")
    cards.first.wait_for()
    assert page.evaluate("document.activeElement.id") == "timeline-heading"
    assert page.locator("#result").is_visible()  # the course is shown under the answer it explains
    kinds = cards.evaluate_all("cs => cs.map(c => c.querySelector('.card-title').textContent)")
    assert kinds and set(kinds) <= {"Beslutning", "Anbefaling", "Økonomi", "Plan/forventning", "Status", "Drøftelse"}
    # Grouped by date, oldest first: one heading per date, each card under the heading of its own date.
    groups = page.locator("#timeline-list li.tl-group").evaluate_all(
        "gs => gs.map(g => [g.querySelector('.tl-date').textContent, [...g.querySelectorAll('li.card')].map(c => c.dataset.date)])")
    dates = [d for _, ds in groups for d in ds]
    assert dates == sorted(dates) and all(len(set(ds)) == 1 for _, ds in groups), groups
    # Each date says where it comes from: a time the text names, the meeting, or the document.
    assert all(re.search(r"\((tidspunkt nævnt i teksten|mødedato|dokumentets dato)\)$", head) for head, _ in groups), groups
    shot(page, "web-timeline.png")
    quote = " ".join(cards.first.locator("blockquote").inner_text().split())
    cards.first.get_by_role("button", name="Vis siden").click()
    assert fold(marked_pdf_quote(page)) == fold(quote)
    page.set_viewport_size({"width": 375, "height": 800})
    page.locator("#timeline").scroll_into_view_if_needed()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shot(page, "web-timeline-phone.png")


def test_topic_box_shows_the_course_of_a_matter_without_asking_a_question(page) -> None:
    page.get_by_label("Følg en sag gennem årene").fill("akuttelefonen")
    page.get_by_role("button", name="Vis forløbet").click()
    page.locator("#timeline-list li.card").first.wait_for()
    assert page.locator("#result").is_hidden()
    assert "«akuttelefonen», ældste først" in page.locator("#timeline-note").inner_text()
    card = page.locator("#timeline-list li.card").first
    assert card.locator("blockquote").inner_text().strip() and " · s. " in card.inner_text()
    page.locator("#timeline-heading").scroll_into_view_if_needed()
    shot(page, "web-topic.png", full_page=False)
    page.get_by_label("Følg en sag gennem årene").fill("")
    page.get_by_role("button", name="Vis forløbet").click()
    assert page.locator("#status").inner_text().startswith("Skriv et emne først")


def test_question_outside_the_documents_shows_not_found_and_related(page) -> None:
    ask(page, NOT_IN_CORPUS)
    assert page.locator("#result-heading").inner_text() == "Det kan jeg ikke finde i dokumenterne"
    assert page.locator("#citations-block").is_hidden()
    assert page.get_by_role("heading", name="Måske relevant").is_visible()
    assert page.locator("#related li").count() >= 1
    shot(page, "web-notfound.png")
    page.locator("#related li").first.get_by_role("button", name="Vis siden").click()
    page.locator("#viewer[data-view=pdf]").wait_for()
    assert page.locator("#viewer-page canvas").is_visible()
    assert (page.locator("#viewer-text").text_content() or "").strip()  # the cleaned text, under its disclosure


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


# ---------------------------------------------------------------- filters
def test_filter_choices_come_from_the_documents_with_danish_labels(page, ids_by_kind: dict[str, str]) -> None:
    open_filters(page)
    kinds = page.locator("#f-kind option").all_inner_texts()
    assert kinds == ["Alle typer", "Dagsorden (1)", "Rapport (1)", "Referat (1)"]
    bodies = page.locator("#f-body option").all_inner_texts()
    # the report excerpt names no body often enough in its eight pages: its metadata's organisation
    assert bodies == ["Alle afsendere", "Danske Regioner (1)", "Nationalt råd for psykiske lidelser og mental sundhed (1)",
                      "Sundhedsstyrelsen og Socialstyrelsen (1)"]
    assert page.locator("#f-doc option").count() == 4
    page.get_by_label("Dokumenttype").select_option(label="Rapport (1)")  # the document list follows the kind
    docs = page.locator("#f-doc option").evaluate_all("os => os.map(o => o.value)")
    assert docs == ["", ids_by_kind["report"]]
    assert page.locator("#f-match").inner_text() == "1 dokument af 3 passer til afgrænsningen."
    assert page.locator("#filter-count").inner_text() == "(1 valgt)"
    page.get_by_role("button", name="Nulstil afgrænsning").click()
    assert page.get_by_label("Dokumenttype").input_value() == "" and page.locator("#f-doc option").count() == 4


def test_kind_filter_narrows_the_answer_to_the_report(page, ids_by_kind: dict[str, str]) -> None:
    sent = ask(page, FOLLOW_UP)
    assert "filters" not in sent and page.locator("#scope").is_hidden()
    assert ids_by_kind["minutes"] in cited_docs(page)  # unfiltered: the minutes answer it too
    open_filters(page)
    page.get_by_label("Dokumenttype").select_option("report")
    sent = ask(page, FOLLOW_UP)
    assert sent["filters"] == {"kind": "report"}
    assert page.locator("#result-heading").inner_text() == "Svar"
    cited = cited_docs(page)
    assert cited and set(cited) == {ids_by_kind["report"]}
    assert page.locator("#scope").inner_text() == "Afgrænset til: Rapport"
    assert all(t.startswith("Rapport · ") for t in page.locator("#citations li p.muted").all_inner_texts())
    shot(page, "web-filter-kind.png")


def test_date_range_narrows_the_answer_to_that_meeting(page, ids_by_kind: dict[str, str]) -> None:
    open_filters(page)
    page.get_by_label("Dato fra").fill("2024-11-01")
    page.get_by_label("Dato til").fill("2024-12-31")
    assert page.locator("#f-match").inner_text() == \
        "Periode: 1. november 2024 – 31. december 2024. 1 dokument af 3 passer til afgrænsningen."
    sent = ask(page, FOLLOW_UP)
    assert sent["filters"] == {"date_from": "2024-11-01", "date_to": "2024-12-31"}
    assert set(cited_docs(page)) == {ids_by_kind["agenda"]}
    assert page.locator("#scope").inner_text() == "Afgrænset til: 1. november 2024 – 31. december 2024"
    assert "5. december 2024" in page.locator("#citations li p.muted").first.inner_text()


def test_date_range_without_documents_shows_not_found_plainly(page, ids_by_kind: dict[str, str]) -> None:
    open_filters(page)
    page.get_by_label("Dato fra").fill("2031-01-01")
    page.get_by_label("Dato til").fill("2030-01-01")
    page.get_by_label("Dit spørgsmål").fill(AKUT)
    page.get_by_label("Dit spørgsmål").press("Enter")  # a reversed range is refused before asking
    assert "ligger efter" in page.locator("#status").inner_text() and page.locator("#result").is_hidden()
    page.get_by_label("Dato fra").fill("2030-01-01")
    page.get_by_label("Dato til").fill("2030-12-31")
    assert page.locator("#f-match").inner_text().endswith("Ingen dokumenter i arkivet passer til afgrænsningen.")
    sent = ask(page, AKUT)
    assert sent["filters"] == {"date_from": "2030-01-01", "date_to": "2030-12-31"}
    assert page.locator("#result-heading").inner_text() == "Det kan jeg ikke finde i dokumenterne"
    assert page.locator("#citations-block").is_hidden() and page.locator("#related-block").is_hidden()
    assert page.locator("#answer").inner_text().startswith("Intet i arkivet passer til afgrænsningen")
    assert page.locator("#scope").inner_text() == "Afgrænset til: 1. januar 2030 – 31. december 2030"
    shot(page, "web-filter-empty.png")
    # One click asks the same question over everything again.
    page.get_by_role("button", name="Spørg igen uden afgrænsning").click()
    page.locator("#citations li").first.wait_for()
    assert page.locator("#result-heading").inner_text() == "Svar" and page.locator("#scope").is_hidden()
    assert ids_by_kind["agenda"] in cited_docs(page)
    assert page.get_by_label("Dato fra").input_value() == ""


def test_document_list_button_asks_in_one_document(page, ids_by_kind: dict[str, str]) -> None:
    item = page.locator(f'#documents li[data-doc="{ids_by_kind["report"]}"]')
    item.get_by_role("button", name=re.compile("Spørg kun i")).click()
    assert page.evaluate("document.activeElement.id") == "spoergsmaal"
    assert page.get_by_label("Kun i ét dokument").input_value() == ids_by_kind["report"]
    sent = ask(page, FOLLOW_UP)
    assert sent["filters"] == {"doc_id": ids_by_kind["report"]}
    assert set(cited_docs(page)) == {ids_by_kind["report"]}
    assert page.locator("#scope").inner_text() == "Afgrænset til: »Bedre mental sundhed og en styrket indsats til " \
        "mennesker med psykiske lidelser – Fagligt oplæg til en 10-årsplan«"


# ---------------------------------------------------------------- ingest progress
AKUT_FACT = "Hvor mange opkald besvarede akuttelefonen i december?"
FILLER = ("regionen kommunen psykiatrien borgeren patienten sengepladser tvang ventetid udvalget indsatsen "
          "planen økonomien personalet pårørende behandlingen").split()


class HeldArkiv(Arkiv):
    """Once ``hold`` is set, its ingest stops after each embedded batch until ``release``: the
    page then sees a real job of the real job runner half-way (done < total) for as long as the
    test needs it, instead of racing a job that may finish before the browser looks."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.hold = False
        self.halfway = threading.Event()
        self.release = threading.Event()

    def ingest(self, sources, progress: Callable[[int, int], None] | None = None, on_file=None):
        if not self.hold:
            return super().ingest(sources, progress, on_file)

        def held(done: int, total: int) -> None:
            if progress:
                progress(done, total)
            if 0 < done < total:  # (0, total) comes first, as soon as the files are read
                self.halfway.set()
                self.release.wait(60)

        return super().ingest(sources, held, on_file)


def small_minutes(folder: Path) -> tuple[Path, Path]:
    """Two small minutes: the first answers AKUT_FACT, the second is several passages of filler."""
    folder.mkdir(parents=True, exist_ok=True)
    first = write_text_pdf(folder / "2025-01-15-regionsudvalget-referat.pdf", [[
        "Referat af mødet i Regionsudvalget for psykiatri den 15. januar 2025",
        "Punkt 1. Status på akuttelefonen",
        "Akuttelefonen besvarede 4.812 opkald i december 2024.",
        "Ventetiden på akuttelefonen var i gennemsnit 3 minutter.",
        "Udvalget tog orienteringen til efterretning."]], title="Referat - Regionsudvalget, 15. januar 2025")
    words = iter(FILLER * 100)
    pages = [["Punkt 1. " + " ".join(next(words) for _ in range(10)).capitalize() + "."] +
             [" ".join(next(words) for _ in range(11)).capitalize() + "." for _ in range(14)]]
    second = write_text_pdf(folder / "2025-02-20-regionsudvalget-referat.pdf", pages,
                            title="Referat - Regionsudvalget, 20. februar 2025")
    return first, second


def test_page_shows_ingest_progress_and_answers_from_what_is_indexed(browser, tmp_path: Path, embedder) -> None:
    first, second = small_minutes(tmp_path)
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=tmp_path, embedder=EmbedderSettings(batch_size=1))
    engine = HeldArkiv(settings, embedder=embedder)
    try:
        engine.ingest([first])
        engine.hold = True
        app = create_app(settings, engine, ingest_on_start=[SourceFile.of(second)])  # as `arkiv serve --ingest`
        with serve(app) as url:
            assert engine.halfway.wait(60), "the ingest job never got half-way"
            with open_page(browser, url) as p:
                polls: list[float] = []
                p.on("request", lambda r: polls.append(time.monotonic()) if r.url.endswith("/health") else None)
                p.locator("#ingest").wait_for()
                text = p.locator("#ingest-text").inner_text()
                m = re.fullmatch(r"Indekset bygges: 1 af (\d+) afsnit \((\d+)\s%\)", text)
                assert m and int(m[1]) >= 2 and int(m[2]) == round(100 / int(m[1])), text
                assert p.locator("#ingest-bar").evaluate("b => b.value") == pytest.approx(100 / int(m[1]))
                assert "svarene kommer fra det ene dokument, der allerede er søgbart" in \
                    p.locator("#ingest-note").inner_text()
                assert p.locator("#documents li").count() == 1
                assert p.locator("#docs-status").inner_text() == "1 dokument er søgbart."
                # Asking still works: from what is indexed, and the page says so.
                ask(p, AKUT_FACT)
                assert p.locator("#result-heading").inner_text() == "Svar"
                assert "4.812" in p.locator("#answer").inner_text()
                assert "Indekset bygges stadig" in p.locator("#result-note").inner_text()
                shot(p, "web-ingest.png")
                p.set_viewport_size({"width": 375, "height": 800})
                assert p.evaluate("document.documentElement.scrollWidth") <= 375
                p.locator("#ingest").screenshot(path=str(ARTIFACTS / "web-ingest-phone.png"))
                for _ in range(40):  # every ~2 s while the job runs
                    if len(polls) >= 2:
                        break
                    p.wait_for_timeout(250)
                assert len(polls) >= 2, "the page does not poll /health while the job runs"
                assert 1.5 < polls[1] - polls[0] < 3.5, polls
                engine.release.set()
                p.locator("#ingest.finished").wait_for(timeout=60_000)
                assert p.locator("#ingest-text").inner_text() == "Indekset er færdigt: 2 dokumenter er søgbare."
                assert p.locator("#ingest-bar").is_hidden()
                assert p.locator("#documents li").count() == 2 and p.locator("#f-doc option").count() == 3
                assert p.locator("#docs-status").inner_text() == "2 dokumenter er søgbare."
                # The answer given half-way says so, and no longer that the index is still being built.
                assert p.locator("#result-note").inner_text().startswith("Svaret blev givet, mens indekset blev bygget")
                assert "20. februar 2025" in p.locator("#documents").inner_text()
                p.set_viewport_size({"width": 1100, "height": 900})
                shot(p, "web-ingest-done.png")
                seen = len(polls)
                time.sleep(2.5)
                assert len(polls) == seen, "the page keeps polling /health after the job finished"
    finally:
        engine.release.set()
        engine.close()


def test_filters_work_by_keyboard_at_phone_width(page, ids_by_kind: dict[str, str]) -> None:
    page.set_viewport_size({"width": 375, "height": 800})
    focused = lambda: page.evaluate("document.activeElement.id || document.activeElement.tagName")  # noqa: E731
    page.get_by_label("Dit spørgsmål").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert focused() == "SUMMARY"
    page.keyboard.press("Enter")  # opens the filters
    assert page.locator("#filters").evaluate("d => d.open")
    page.keyboard.press("Tab")
    assert focused() == "f-kind"
    page.keyboard.press("ArrowDown")  # the first kind: Dagsorden
    assert page.get_by_label("Dokumenttype").input_value() == "agenda"
    assert page.locator("#filter-count").inner_text() == "(1 valgt)"
    assert page.locator("#f-doc option").evaluate_all("os => os.map(o => o.value)") == ["", ids_by_kind["agenda"]]
    order = []
    for _ in range(5):
        page.keyboard.press("Tab")
        order.append(focused())
    # The date fields hold three segments each (day, month, year), each its own tab stop.
    assert [o for i, o in enumerate(order) if o not in order[:i]][:2] == ["f-body", "f-from"]
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the filters make the page scroll sideways at 375px ({width}px)"
    shot(page, "web-filters-phone.png", full_page=False)
    page.get_by_role("button", name="Nulstil afgrænsning").focus()
    page.keyboard.press("Enter")
    assert page.get_by_label("Dokumenttype").input_value() == "" and focused() == "f-kind"
    assert page.locator("#filter-count").inner_text() == ""


def test_ingest_states_are_worded_in_danish(page) -> None:
    """Every state /health can report, rendered: the page's own poll is stepped by hand."""
    states = [
        {"id": "j1", "kind": "ingest", "state": "queued", "files": ["a.pdf", "b.pdf"], "done": 0, "total": 0},
        {"id": "j1", "kind": "ingest", "state": "running", "files": ["a.pdf", "b.pdf"], "done": 0, "total": 0},
        {"id": "j1", "kind": "ingest", "state": "running", "files": ["a.pdf", "b.pdf"], "done": 312, "total": 1079},
        None,
    ]
    now: list = [None]

    def health(route) -> None:
        route.fulfill(json={"status": "ok", "documents": 3, "chunks": 87, "ingest": now[0]})

    def job(route) -> None:
        route.fulfill(json={**states[0], "state": "done", "done": 1079, "total": 1079, "url": "/jobs/j1", "results": [
            {"file": "/srv/a.pdf", "status": "added", "doc_id": "x", "chunks": 1079},
            {"file": "/srv/b.pdf", "status": "skipped", "doc_id": None, "chunks": 0, "reason": "no text in the PDF"}]})

    page.route("**/health", health)
    page.route("**/jobs/j1", job)
    seen = []
    for state in states:
        now[0] = state
        page.evaluate("async () => { clearTimeout(pollTimer); await checkIngest(); clearTimeout(pollTimer); }")
        seen.append(page.locator("#ingest-text").inner_text().replace("\u00a0", " "))
    assert seen == ["Indekset bygges: venter på at gå i gang …", "Indekset bygges: læser 2 filer …",
                    "Indekset bygges: 312 af 1.079 afsnit (29 %)", "Indekset er færdigt: 3 dokumenter er søgbare."]
    assert page.locator("#ingest").evaluate("e => e.className") == "ingest failed"  # a file was skipped
    assert page.locator("#ingest-note").inner_text() == "Sprunget over: b.pdf (no text in the PDF)"
    assert page.locator("#ingest-live").inner_text() == seen[-1]


# ---------------------------------------------------------------- managing the archive on the page
@contextmanager
def own_archive(tmp_path: Path, embedder, **settings) -> Iterator[tuple[HeldArkiv, str]]:
    """A fresh archive holding the first small minutes, served on its own port (these tests write)."""
    first, _ = small_minutes(tmp_path / "src")
    s = Settings(data_dir=tmp_path / "data", corpus_dir=tmp_path / "src",
                 embedder=EmbedderSettings(batch_size=1), **settings)
    engine = HeldArkiv(s, embedder=embedder)
    try:
        engine.ingest([first])
        with serve(create_app(s, engine)) as url:
            yield engine, url
    finally:
        engine.release.set()
        engine.close()


def wait_until(p, expression: str, timeout: float = 30.0) -> None:
    """Poll a JS expression until it is true (Playwright's wait_for_function compiles its predicate
    inside the page, which the page's CSP forbids; evaluate does not)."""
    deadline = time.monotonic() + timeout
    while not p.evaluate(expression):
        assert time.monotonic() < deadline, f"still false after {timeout} s: {expression}"
        p.wait_for_timeout(100)


def upload_lines(p) -> dict[str, str]:
    return dict(p.locator("#uploads li").evaluate_all(
        "ls => ls.map(l => [l.querySelector('.file').textContent, l.querySelector('.state').textContent])"))


def test_staff_upload_pdfs_on_the_page_see_each_files_outcome_and_ask_the_new_one(browser, tmp_path: Path,
                                                                                   embedder) -> None:
    _, second = small_minutes(tmp_path / "src")
    new = write_text_pdf(tmp_path / "2025-03-12-regionsudvalget-referat.pdf", [[
        "Referat af mødet i Regionsudvalget for psykiatri den 12. marts 2025",
        "Punkt 1. Ventelister i børne- og ungdomspsykiatrien",
        "Ventelisten i børne- og ungdomspsykiatrien var 312 børn ved udgangen af februar 2025.",
        "Udvalget besluttede at bede administrationen om en plan for nedbringelse af ventelisten."]],
        title="Referat - Regionsudvalget, 12. marts 2025")
    not_pdf = tmp_path / "dagsorden.docx"
    not_pdf.write_bytes(b"PK\x03\x04 a Word file, not a PDF")
    damaged = tmp_path / "bilag-afkortet.pdf"  # passes the first-kilobyte check, fails when read
    damaged.write_bytes(new.read_bytes()[:400])
    with own_archive(tmp_path, embedder) as (engine, url), open_page(browser, url) as p:
        p.locator("#documents li").first.wait_for()
        assert p.locator("#manage").is_visible() and p.locator("#login").is_hidden()  # loopback, no token
        engine.hold = True  # the job stops half-way until released, so its progress can be seen
        p.locator("#upload-input").set_input_files([str(new), str(not_pdf), str(second), str(damaged)])
        wait_until(p, "document.querySelectorAll('#uploads li').length === 4")
        wait_until(p, "[...document.querySelectorAll('#uploads .state')].some(s => /indekseres: \\d/.test(s.textContent))")
        lines = upload_lines(p)
        assert lines["dagsorden.docx"] == "Afvist. Det er ikke en PDF-fil. Kun PDF-filer kan lægges i arkivet."
        # The job held half-way is one of the two PDFs' (a one-passage file is never half-way).
        assert any(re.fullmatch(r"indekseres: \d+ af \d+ afsnit \(\d+\s%\)", v) for v in lines.values()), lines
        shot(p, "web-upload-progress.png")
        engine.hold = False
        engine.release.set()
        wait_until(p, "[...document.querySelectorAll('#uploads .state')].every(s => !/…|indekseres/.test(s.textContent))",
                   timeout=60)
        lines = upload_lines(p)
        assert re.fullmatch(r"Tilføjet: \d+ afsnit er søgbar[et]\.", lines[new.name]), lines
        assert re.fullmatch(r"Tilføjet: \d+ afsnit er søgbar[et]\.", lines[second.name]), lines
        assert lines[damaged.name] == "Sprunget over: PDF-filen er beskadiget eller afkortet og kan ikke læses.", lines
        assert p.locator("#uploads li.failed").count() == 2
        assert p.locator("#documents li").count() == 3  # the list is up to date before a line says "Tilføjet"
        assert "12. marts 2025" in p.locator("#documents").inner_text()
        # The same file again is recognised, not ingested twice.
        p.locator("#upload-input").set_input_files([str(new)])
        wait_until(p, "document.querySelectorAll('#uploads li').length === 5 && "
                   "/Uændret/.test(document.querySelectorAll('#uploads .state')[4].textContent)", timeout=60)
        wait_until(p, "document.getElementById('ingest').classList.contains('finished')")  # the banner follows
        ask(p, "Hvor mange børn stod på ventelisten i børne- og ungdomspsykiatrien?")
        assert p.locator("#result-heading").inner_text() == "Svar"
        assert "Indekset bygges stadig" not in p.locator("#result").inner_text()
        assert "312" in p.locator("#answer").inner_text()
        assert "12. marts 2025" in p.locator("#citations li").first.inner_text()
        shot(p, "web-upload-answer.png")


def test_files_dropped_on_the_drop_zone_are_taken_like_chosen_ones(page) -> None:
    # A drag from the file manager, as the browser delivers it: a drop event carrying the files.
    page.evaluate("""() => {
        const dt = new DataTransfer();
        dt.items.add(new File(["<html>not a pdf</html>"], "referat.html", {type: "text/html"}));
        dt.items.add(new File([""], "tom.pdf", {type: "application/pdf"}));
        const zone = document.getElementById('dropzone');
        zone.dispatchEvent(new DragEvent('dragover', {dataTransfer: dt, bubbles: true, cancelable: true}));
        zone.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));
    }""")
    wait_until(page, "document.querySelectorAll('#uploads li.failed').length === 2")
    assert upload_lines(page) == {"referat.html": "Afvist. Det er ikke en PDF-fil. Kun PDF-filer kan lægges i arkivet.",
                                  "tom.pdf": "Afvist. Filen er tom."}
    assert page.locator("#documents li").count() == 3  # nothing was sent, nothing changed


def test_staff_delete_a_document_after_confirming_and_it_leaves_the_answers(browser, tmp_path: Path,
                                                                           embedder) -> None:
    with own_archive(tmp_path, embedder) as (engine, url), open_page(browser, url) as p:
        doc = p.locator("#documents li").first
        doc.wait_for()
        ask(p, AKUT_FACT)
        assert "4.812" in p.locator("#answer").inner_text()
        doc.get_by_role("button", name=re.compile("^Slet ")).click()
        confirm = doc.locator(".doc-confirm")
        assert confirm.is_visible() and "Slet «" in confirm.inner_text()
        assert p.evaluate("document.activeElement.textContent") == "Ja, slet dokumentet"
        confirm.get_by_role("button", name="Fortryd").click()  # changing one's mind deletes nothing
        assert confirm.is_hidden() and p.locator("#documents li").count() == 1
        doc.get_by_role("button", name=re.compile("^Slet ")).click()
        shot(p, "web-delete-confirm.png")
        confirm.get_by_role("button", name="Ja, slet dokumentet").click()
        wait_until(p, "document.querySelectorAll('#documents li').length === 0")
        assert "er slettet fra arkivet" in p.locator("#docs-status").inner_text()
        assert len(engine.manifest.documents) == 0
        ask(p, AKUT_FACT)
        assert p.locator("#result-heading").inner_text() == "Det kan jeg ikke finde i dokumenterne"


def test_with_a_token_the_page_asks_for_it_once_per_session_and_hides_writes_until_then(browser, tmp_path: Path,
                                                                                      embedder) -> None:
    with own_archive(tmp_path, embedder, api_token="rigtig-nøgle-42") as (_, url):
        context = browser.new_context(viewport={"width": 1100, "height": 900}, locale="da-DK")
        try:
            p = context.new_page()
            p.goto(url + "/")
            p.locator("#login").wait_for()
            assert p.locator("#manage").is_hidden()
            assert p.locator("#documents li .doc-delete").first.is_hidden()
            p.get_by_label("Adgangsnøgle").fill("forkert")
            p.get_by_role("button", name="Log ind").click()
            wait_until(p, "document.getElementById('login-error').textContent !== ''")
            assert p.locator("#login-error").inner_text() == "Adgangsnøglen er forkert."
            p.set_viewport_size({"width": 375, "height": 800})
            p.locator("#login").scroll_into_view_if_needed()
            assert p.evaluate("document.documentElement.scrollWidth") <= 375
            shot(p, "web-login-phone.png", full_page=False)
            p.set_viewport_size({"width": 1100, "height": 900})
            assert p.locator("#manage").is_hidden()
            p.get_by_label("Adgangsnøgle").fill("rigtig-nøgle-42")
            p.get_by_role("button", name="Log ind").click()
            p.locator("#manage").wait_for()
            assert p.locator("#login").is_hidden() and p.locator("#documents li .doc-delete").first.is_visible()
            p.reload()  # kept for the browser session ...
            p.locator("#manage").wait_for()
            assert p.evaluate("localStorage.length") == 0  # ... and only there
            # A write with the kept token works: the token travels with it.
            p.locator("#upload-input").set_input_files([str(small_minutes(tmp_path / "more")[1])])
            wait_until(p, "/Tilføjet/.test(document.querySelector('#uploads .state').textContent)", timeout=60)
            p.get_by_role("button", name="Log ud").click()
            assert p.locator("#login").is_visible() and p.locator("#manage").is_hidden()
        finally:
            context.close()
        other = browser.new_context()  # a new browser session asks again
        try:
            q = other.new_page()
            q.goto(url + "/")
            q.locator("#login").wait_for()
            assert q.locator("#manage").is_hidden()
        finally:
            other.close()


def test_without_a_token_on_a_reachable_address_writes_are_hidden_not_broken(browser, tmp_path: Path,
                                                                          embedder) -> None:
    with own_archive(tmp_path, embedder, host="0.0.0.0") as (_, url), open_page(browser, url) as p:
        p.locator("#documents li").first.wait_for()
        p.wait_for_timeout(300)
        assert p.locator("#login").is_hidden() and p.locator("#manage").is_hidden()
        assert p.locator("#documents li .doc-delete").first.is_hidden()
        assert p.locator("#documents li").get_by_role("button", name=re.compile("^Spørg kun i ")).first.is_visible()
