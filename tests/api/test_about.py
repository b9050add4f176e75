"""Questions about one document itself, asked where that document is in scope."""

from __future__ import annotations

from api.about import answer_about_document
from api.answer import verify_quote
from api.engine import Arkiv
from api.query import read_intent
from api.search import Filters
from tests.conftest import MINUTES


def _minutes(arkiv: Arkiv) -> Filters:
    doc_id = next(d for d, e in arkiv.manifest.documents.items() if e.file_name == MINUTES.name)
    return Filters(doc_id=doc_id)


def test_asked_of_one_document_when_its_meeting_was_is_its_own_date_quoted_from_its_page(arkiv: Arkiv) -> None:
    scope = _minutes(arkiv)
    entry = arkiv.manifest.documents[scope.doc_id]
    for question in ("hvornår var mødet?", "Hvilken dato blev rådets møde holdt?", "hvornår er referatet fra?"):
        answer = arkiv.ask(question, filters=scope)
        assert answer.found, question
        quote = answer.citations[0]
        assert quote.page == 1 and "23. juni 2023" in quote.quote and entry.date == "2023-06-23", question
        assert verify_quote(quote.quote, quote.page, quote.doc_id, arkiv.pages)


def test_asked_what_one_document_is_about_its_title_and_items_are_quoted_from_their_pages(arkiv: Arkiv) -> None:
    scope = _minutes(arkiv)
    answer = arkiv.ask("hvad handler referatet om?", filters=scope)
    assert answer.found and len(answer.citations) >= 3
    assert any("Godkendelse af kommissorium" in c.quote for c in answer.citations)
    for c in answer.citations:  # every quote stands on the page it names
        assert c.doc_id == scope.doc_id and verify_quote(c.quote, c.page, c.doc_id, arkiv.pages), c


def test_a_fact_the_document_does_not_state_is_refused_with_its_reason_not_guessed(arkiv: Arkiv) -> None:
    # The minutes refer to an enclosed list of participants: no attendance block, no case number.
    answer = arkiv.ask("hvem var til stede?", filters=_minutes(arkiv))
    assert not answer.found and answer.refusal == "the document has no list of who attended"
    answer = arkiv.ask("hvad er sagsnummeret?", filters=_minutes(arkiv))
    assert not answer.found and answer.refusal == "the document gives no case number"


def test_a_question_with_a_subject_of_its_own_or_no_single_document_goes_through_search(arkiv: Arkiv) -> None:
    entry = arkiv.manifest.documents[_minutes(arkiv).doc_id]
    pages = arkiv.pages(entry.doc_id)
    for question in ("Hvornår blev kommissoriet godkendt?", "hvad sagde ministeren om pengene?"):
        assert answer_about_document(read_intent(question), entry, pages, arkiv.analyzer) is None, question
    # Asked of the whole archive, "the meeting" is no document in particular.
    assert len(arkiv.manifest.documents) > 1 and arkiv._one_document(None) is None
    assert arkiv._one_document(Filters(kind="minutes")) is None


def test_asked_what_was_decided_each_items_decision_is_quoted_under_its_item(empty: Arkiv, tmp_path) -> None:
    from tests.pdfgen import write_layout_pdf

    # Another municipality's minutes, in a layout no shipped document has.
    pdf = write_layout_pdf(tmp_path / "hedeby_socialudvalg_referat.pdf", [[
        ("Hedeby Kommune", 16, True), ("Referat", 14, True), ("Socialudvalget", 14, True),
        "Mødedato: 12. marts 2024", ("Til stede", 11, True), "Anne Holm (A) - formand", "Bo Lind (V)",
        ("1. Godkendelse af dagsorden", 13, True), ("Beslutning", 11, True), "Godkendt.",
        ("2. Ny legeplads i Vestby", 13, True), "Sagsnr.: 24/1234", ("Indstilling", 11, True),
        "Det indstilles, at udvalget godkender projektet.", ("Beslutning", 11, True),
        "Udvalget godkendte indstillingen.",
    ]])
    assert not empty.ingest([pdf]).skipped
    answer = empty.ask("hvad blev besluttet?")  # an archive of one: the question is about it
    assert answer.found and [c.quote for c in answer.citations] == [
        "Beslutning Godkendt.", "Beslutning Udvalget godkendte indstillingen."]
    assert "Godkendelse af dagsorden" in answer.citations[0].section
    assert "Ny legeplads i Vestby" in answer.citations[1].section
    when = empty.ask("hvornår var mødet?")
    assert when.found and when.citations[0].quote == "Mødedato: 12. marts 2024"
    for c in answer.citations + when.citations:
        assert verify_quote(c.quote, c.page, c.doc_id, empty.pages), c
