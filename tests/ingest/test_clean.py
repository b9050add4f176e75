from __future__ import annotations

from ingest import load_document
from ingest.clean import dehyphenate
from tests.conftest import AGENDA, MINUTES, REPORT, SLIDES, TASKFORCE


def test_line_break_hyphenation_is_joined_but_real_hyphens_are_kept() -> None:
    text = dehyphenate(["psykia-", "trien og sundheds-", "og socialområdet i 10-", "årsplanen, EU-", "borgere og COVID-", "19"])
    assert "psykiatrien" in text
    assert "sundheds-\nog socialområdet" in text
    assert "10-årsplanen" in text and "EU-borgere" in text and "COVID-19" in text


def test_agenda_page_is_dehyphenated_and_loses_its_running_header_and_footer() -> None:
    doc = load_document(AGENDA)
    page = doc.pages[50]  # PDF page 51: the status table on the akuttelefon
    assert "akuttelefon bør bygge på eksisterende strukturer" in " ".join(page.text.split())
    for p in doc.pages:
        assert "Danske Regioner · Psykiatri- og Socialudvalget · Dagsorden" not in p.text
        assert f"Side {p.number} af 64" not in p.text


def test_minutes_header_repeated_on_every_page_is_removed() -> None:
    for path in (MINUTES, TASKFORCE):
        doc = load_document(path)
        assert all("Referat ·" not in p.text for p in doc.pages)


def test_report_keeps_the_printed_page_number_as_label() -> None:
    doc = load_document(REPORT)
    assert doc.pages[10].label == "15"  # PDF page 11 prints "15"
    assert doc.pages[1].label == "2"
    assert "Side 11 af 152" not in doc.pages[10].text


def test_pages_map_back_from_document_offsets() -> None:
    doc = load_document(SLIDES)
    for page in doc.pages:
        assert doc.text[page.offset : page.offset + len(page.text)] == page.text
        assert doc.page_at(page.offset).number == page.number
