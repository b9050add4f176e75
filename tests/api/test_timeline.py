"""The timeline: dated statements about a topic, in date order, each quoted verbatim from its page."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.answer import verify_quote
from api.app import create_app
from api.engine import Arkiv
from api.timeline import KINDS, entry_date, statement_kind


@pytest.fixture(scope="module")
def client(arkiv: Arkiv) -> TestClient:
    with TestClient(create_app(arkiv.settings, arkiv)) as c:
        yield c


@pytest.mark.parametrize("topic", ["akuttelefonen", "tvang", "pårørende", "sengepladser"])
def test_entries_are_dated_in_order_and_quoted_from_their_page(arkiv: Arkiv, topic: str) -> None:
    timeline = arkiv.timeline(topic)
    dates = [e.date for e in timeline.entries]
    assert dates == sorted(dates)
    for e in timeline.entries:
        assert e.kind in KINDS and e.date_source in ("stated", "meeting", "document")
        assert verify_quote(e.quote, e.places[0].page, e.places[0].doc_id, arkiv.pages)


def test_a_topic_the_documents_discuss_has_entries_and_an_unknown_one_none(arkiv: Arkiv) -> None:
    assert arkiv.timeline("akuttelefonen").entries
    assert not arkiv.timeline("kommunens vinterbadeklub og isbaderne").entries


def test_a_statement_is_dated_by_the_time_it_names_else_its_meeting_else_its_document() -> None:
    assert entry_date("Monitoreringsmodellen forventes implementeret i 2025.", "2024-11-08", "2024-12-05") == \
        ("2025", "stated")
    assert entry_date("Udvalget tog orienteringen til efterretning.", "2024-11-08", "2024-12-05") == \
        ("2024-11-08", "meeting")
    assert entry_date("Der er enighed om at fortsætte arbejdet.", None, "2022") == ("2022", "document")
    assert entry_date("Loven trådte i kraft den 1. januar 2025.", None, "2024-12-05")[1] == "stated"
    assert entry_date("Mødet i november 2024 drøftede sagen.", "2024-11-08", None) == ("2024-11-08", "meeting")
    assert entry_date("Ingen dato her.", None, None) == (None, "")


def test_the_kind_of_statement_is_read_from_its_words_and_section() -> None:
    assert statement_kind("Udvalget godkendte indstillingen.", "Sagsfremstilling", None) == "decision"
    assert statement_kind("Orienteringen blev taget til efterretning.", "Beslutning i Udvalget den 4. maj 2020", None) \
        == "decision"
    assert statement_kind("Det anbefales, at der etableres en akuttelefon.", "", None) == "recommendation"
    assert statement_kind("Der afsættes 150,6 mio. kr. i 2027.", "", None) == "money"
    assert statement_kind("Modellen forventes klar i foråret.", "", None) == "plan"
    assert statement_kind("Arbejdet er i gang, og projektet afventer udpegning.", "", None) == "status"
    assert statement_kind("Der var en drøftelse af ventetiderne.", "", None) == "discussion"
    assert statement_kind("Det er forventningen, at akuttelefonen implementeres i 2025.", "Beslutninger", None) == "plan"
    assert statement_kind("Formanden orienterede om sagen.", "Beslutninger", None) == "decision"


def test_timeline_over_http_and_its_bad_input(client: TestClient) -> None:
    body = client.get("/timeline", params={"topic": "akuttelefonen"}).json()
    assert body["topic"] == "akuttelefonen" and body["entries"]
    assert {"date", "date_source", "kind", "quote", "sources"} <= set(body["entries"][0])
    assert {"document", "page", "page_label", "section", "body", "title"} <= set(body["entries"][0]["sources"][0])
    assert client.get("/timeline", params={"topic": ""}).status_code == 422
    assert client.get("/timeline", params={"topic": "x", "k": 0}).status_code == 422
