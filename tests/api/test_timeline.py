"""The timeline: dated statements about a topic, in date order, each quoted verbatim from its page."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from api.answer import verify_quote
from api.app import create_app
from api.engine import Arkiv
from api.timeline import (
    KINDS,
    _is_statement,
    entry_date,
    statement_kind,
    whole_sentence,
)


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


def test_a_day_named_without_its_year_is_dated_in_the_year_of_its_passage() -> None:
    assert entry_date("Ved strategiskiftet d. 12. marts blev kriterierne ændret.", None, "2020-03-30") == \
        ("2020-03-12", "stated")
    # minutes of a December meeting announcing a January one: the next year
    assert entry_date("Næste møde afholdes den 16. januar.", "2024-12-05", None) == ("2025-01-16", "stated")
    # the passage's own day is its meeting's date, not a stated one
    assert entry_date("Mødet den 5. december drøftede sagen.", "2024-12-05", None) == ("2024-12-05", "meeting")
    # a month with its year, other than the passage's own
    assert entry_date("De faglige rammer blev offentliggjort i august 2024.", "2024-11-08", None) == ("2024-08", "stated")


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


TOPICS = ["akuttelefonen", "tvang", "pårørende", "sengepladser", "ny model for monitorering af tvang"]


@pytest.mark.parametrize("topic", TOPICS)
def test_a_quote_never_starts_mid_sentence_nor_with_a_time_of_day(arkiv: Arkiv, topic: str) -> None:
    for e in arkiv.timeline(topic).entries:
        assert not e.quote[:1].islower(), e.quote
        assert not re.match(r"\d{1,2}[.:]\d{2}\b", e.quote), e.quote
        assert not re.search(r"\b(?:d|kl|ca|jf|hhv)\.$", e.quote), e.quote  # nor ends at an abbreviation


@pytest.mark.parametrize("topic", TOPICS)
def test_no_entry_quotes_an_attachment_row_or_a_link(arkiv: Arkiv, topic: str) -> None:
    for e in arkiv.timeline(topic).entries:
        assert not re.match(r"\W*bilag\b", e.quote, re.I) and "http" not in e.quote, e.quote


@pytest.mark.parametrize("topic", TOPICS)
def test_a_report_dated_by_its_year_gives_one_statement_per_section(arkiv: Arkiv, topic: str) -> None:
    groups = [(e.places[0].doc_id, e.places[0].section) for e in arkiv.timeline(topic).entries
              if e.date_source == "document" and len(e.date) == 4]
    assert len(groups) == len(set(groups))


def test_a_fragment_is_completed_to_its_whole_sentence_from_the_page() -> None:
    page = ("Beslutning i Udvalget den 10-04-2013\nDer indkaldes til et ekstraordinært møde d. 24. april 2013 kl.\n"
            "13.30, hvor udvalget arbejder videre med planerne.\nSundhedsstyrelsen har afholdt et møde i\n"
            "teknikergruppen d.\n18. september. Næste møde er i december.")
    whole = "Der indkaldes til et ekstraordinært møde d. 24. april 2013 kl. 13.30, hvor udvalget arbejder videre med planerne."
    assert whole_sentence("13.30, hvor udvalget arbejder videre med planerne.", page) == whole
    assert whole_sentence("Der indkaldes til et ekstraordinært møde d.", page) == whole
    # a heading the fragment was glued to is no part of the quote
    assert whole_sentence("Beslutning i Udvalget den 10-04-2013 Der indkaldes til et ekstraordinært møde d.", page) == whole
    assert whole_sentence("Sundhedsstyrelsen har afholdt et møde i teknikergruppen d.", page) == \
        "Sundhedsstyrelsen har afholdt et møde i teknikergruppen d. 18. september."
    assert whole_sentence("Næste møde er i december.", page) == "Næste møde er i december."


def test_the_passages_section_heading_is_not_glued_to_the_sentence_under_it() -> None:
    page = "Vurdering og videre tiltag\nVi forventer at se øget smitte i de kommende uger.\nDet vurderes løbende."
    heading = frozenset({"Vurdering og videre tiltag"})
    assert whole_sentence("Vi forventer at se øget smitte i de kommende uger.", page, heading) == \
        "Vi forventer at se øget smitte i de kommende uger."
    assert whole_sentence("Vurdering og videre tiltag Vi forventer at se øget smitte i de kommende uger.", page, heading) == \
        "Vi forventer at se øget smitte i de kommende uger."


def test_a_sentence_begun_on_the_page_before_is_no_quote() -> None:
    page = "og derfor blev planen udskudt til næste år.\nUdvalget godkendte planen."
    assert whole_sentence("derfor blev planen udskudt til næste år.", page) is None
    assert whole_sentence("Udvalget godkendte planen.", page) == "Udvalget godkendte planen."


def test_attachment_rows_links_and_spaced_headings_are_no_statements() -> None:
    assert not _is_statement("Bilag 1 Åben Opsamlingsnotat.")
    assert not _is_statement("Se vedlagte slides (bilag 2).")
    assert not _is_statement("Link til aftale: https://example.dk/aftale.pdf")
    assert not _is_statement("Temamøde 20.09.2012 222359/12 2 Åben Politik for kultur 73288/09 3 Åben")
    assert not _is_statement("R E F E R A T Emne 1. møde i rådet")
    assert not _is_statement("4.1 Udarbejdelse af en standard .......................... 37")
    assert _is_statement("Udvalget godkendte indstillingen den 4. maj 2020.")


def test_pointers_to_other_pages_and_a_meetings_header_row_are_no_statements() -> None:
    assert not _is_statement("Se uddybning side 4 til 9 i notatet om handleplanen.")
    assert not _is_statement("Indsatsen for ældre beskrives nærmere i kapitel 7.")
    assert not _is_statement("På intranettet kan findes en oversigt fra marts 2021 over projekterne.")
    assert not _is_statement("Emne Møde i styregruppen Mødedato 3. maj 2021 kl. 10-12 Sted Rådhuset")
    assert _is_statement("Styregruppen besluttede på mødet den 3. maj 2021 at udvide projektet.")
    assert _is_statement("Se-tallet for 2021 steg, og kapitel 2 i loven blev ændret.")


def test_a_letters_contact_block_is_no_statement() -> None:
    assert not _is_statement("KULTUR OG FRITID Dato: 4. maj 2021 Tlf. dir.: 44 77 00 00 E-mail: anna.holm@hedeby.dk "
                             "Kontakt: Anna Holm")
    assert not _is_statement("Henvendelser om puljen sendes til kultur@hedeby.dk senest 1. juni 2021.")
    assert _is_statement("Dato for næste møde blev fastsat til 4. maj 2021, og kontakten til foreningerne styrkes.")


def test_a_fragment_completed_to_an_english_reference_on_a_danish_page_is_no_statement() -> None:
    from api.answer import _Sentence
    from api.timeline import _whole_sentences
    from tests.api.passages import one_passage

    page = ("Kommunen har øget kapaciteten, så flere borgere kan testes for influenza hver dag. Det er sket i "
            "samarbejde med de praktiserende læger og laboratorierne i regionen.\n"
            "Laboratory testing strategy recommendations for influenza: interim guidance, 22 March 2021.\n")
    ranked, pages = one_passage(page, document="notat.pdf", title="Notat", section="", page=1)
    sentence = _Sentence("Laboratory testing strategy recommendations", 1, "1", 1.0, 0)
    danish = _Sentence("Det er sket i samarbejde med de praktiserende læger", 1, "1", 1.0, 0)
    kept = _whole_sentences([sentence, danish], ranked, pages)
    assert [s.text for s in kept] == ["Det er sket i samarbejde med de praktiserende læger og laboratorierne i regionen."]


def test_a_timetable_entry_is_dated_by_its_label_and_quoted_as_it_stands() -> None:
    page = ("Tidsplan:\nJuni 2012: Kultur-kick: ’kulturkommunens App’ lanceres\n"
            "Sept. 2012: Kulturelt Samvirke etableres\nOkt. 2013: Aktiviteter 2014 defineres\n")
    for entry in ("Juni 2012: Kultur-kick: ’kulturkommunens App’ lanceres", "Okt. 2013: Aktiviteter 2014 defineres"):
        assert whole_sentence(entry, page) == entry  # not run on into the next entry
    assert entry_date("Sept. 2012: Kulturelt Samvirke etableres", "2013-06-20", None) == ("2012-09", "stated")
    assert entry_date("Okt. 2013: Aktiviteter 2014 defineres", "2013-06-20", None) == ("2013-10", "stated")


def test_a_day_without_its_year_needs_a_real_day_and_a_real_anchor() -> None:
    from ingest.dates import days_without_year

    assert days_without_year("den 29. februar", "2024-03-10") == ["2024-02-29"]  # a leap year nearest the anchor
    assert days_without_year("den 31. april", "2024-03-10") == []  # no such day
    assert days_without_year("d. 3. maj", "2024-02-30") == []  # an impossible anchor dates nothing, and does not fail


def test_one_event_told_on_two_pages_is_one_entry_but_two_sentences_of_a_page_are_two() -> None:
    import numpy as np

    from api.answer import _Sentence
    from api.search import Ranked
    from api.timeline import _add
    from index.lexical import DanishAnalyzer
    from index.store import Hit

    analyzer = DanishAnalyzer()

    def statement(text: str, page: int) -> object:
        from api.timeline import Candidate
        hit = Hit(f"c{page}", 1.0, {"doc_id": "report", "document": "report.pdf", "text": text})
        return Candidate(_Sentence(text, page, str(page), 1.0, 0), Ranked(hit, 1.0), np.zeros(1),
                         date="2014", date_source="stated", kind="decision")

    entries: list = []
    _add(entries, statement("I 2014 indgik regionerne forpligtende partnerskabsaftaler med ministeriet om at "
                            "halvere anvendelsen af bæltefikseringer.", 108), analyzer)
    _add(entries, statement("Der blev desuden i 2014 indgået forpligtende partnerskabsaftaler mellem regeringen "
                            "og regionerne om at halvere anvendelsen af bæltefiksering.", 32), analyzer)
    assert len(entries) == 1 and sorted(p.page for p in entries[0].places) == [32, 108]
    # on one page, two sentences alike in words are two statements
    _add(entries, statement("I 2014 indgik regionerne forpligtende partnerskabsaftaler med kommunerne om at "
                            "halvere anvendelsen af fiksering.", 108), analyzer)
    assert len(entries) == 2


def test_a_dated_sentence_that_names_nothing_of_the_topic_is_no_entry(arkiv: Arkiv) -> None:
    # A long passage (a status table's rows) carries the topic in one row and other matters' dates
    # in the next: the other row's meeting is no event of the topic.
    from api.timeline import build_timeline
    from tests.api.passages import one_passage

    text = ("Akutteamet i Hedeby Kommune blev oprettet den 1. marts 2024 og dækker hele kommunen.\n"
            "Arbejdsgruppen for børn med autisme holdt sit første møde den 16. april 2024.\n")
    ranked, pages = one_passage(text, document="status.pdf", title="Status på indsatser", section="Bilag 3. Status")
    timeline = build_timeline("akutteamet i Hedeby", ranked, pages, arkiv.analyzer, arkiv.idf, arkiv.band)
    quotes = [e.quote for e in timeline.entries]
    assert any("Akutteamet" in q for q in quotes), quotes
    assert not any("autisme" in q for q in quotes), quotes


def test_a_month_and_year_the_entry_is_dated_by_is_a_time_of_its_own(arkiv: Arkiv) -> None:
    # A version table's row is dated by the month it names ("Oktober 2022"): the statement then
    # names a time of its own, as one dated by a full date does, and is an event of the topic.
    from api.timeline import TIMELINE_FEATURES, candidates
    from tests.api.passages import one_passage

    text = ("2.0.0 Oktober 2022 Indholdet i det tidligere dokument om udlånsordningen er overført til nyt dokument.\n"
            "Udlånsordningen blev udvidet ved udgangen af 2020 med to nye biblioteker.\n")
    ranked, pages = one_passage(text, document="versioner.pdf", title="Udlånsordningen", section="Versionshistorik")
    found = candidates("udlånsordningen", ranked, pages, arkiv.analyzer, arkiv.idf, arkiv.band)
    timed = {c.sentence.text.split()[1]: (c.date, c.features[TIMELINE_FEATURES.index("states_time")]) for c in found}
    assert timed["Oktober"] == ("2022-10", 1.0), timed
    assert timed["blev"] == ("2020", 1.0), timed


def test_a_meetings_discussion_of_the_topic_is_one_entry_per_item(arkiv: Arkiv) -> None:
    # Minutes that discuss the topic without a decision, amount or date of its own still record that
    # the matter was on that day's agenda: one entry, dated by the meeting. A report's sentences of the
    # same kind are background, no event.
    from api.timeline import build_timeline
    from tests.api.passages import one_passage

    text = ("Udvalget drøftede havnebadet i Hedeby og de mange henvendelser fra borgerne om vandkvaliteten.\n"
            "Flere medlemmer pegede på, at havnebadet bør have en livredder i sommerferien.\n"
            "Udvalget ønskede en bedre skiltning ved indgangen til området.\n")

    def timeline(kind: str):
        ranked, pages = one_passage(text, document="referat.pdf", title="Referat", section="Punkt 4. Havnebadet")
        ranked[0].hit.payload.update(kind=kind, date="2024-05-12", doc_date="2024-05-12")
        return build_timeline("havnebadet i Hedeby", ranked, pages, arkiv.analyzer, arkiv.idf, arkiv.band)

    entries = timeline("minutes").entries
    assert [(e.date, e.date_source, e.kind) for e in entries] == [("2024-05-12", "meeting", "discussion")], entries
    assert "havnebadet" in entries[0].quote
    assert not timeline("report").entries
