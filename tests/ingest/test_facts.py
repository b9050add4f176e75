"""Document facts are read from the text, on layouts no shipped document has."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import find_sections, load_document
from ingest.dates import DAY_DATE, find_dates, first_month
from ingest.facts import _clean_meta_title
from tests.pdfgen import write_layout_pdf

JUNK = {"Title": "16.DOCX", "Author": "Klaus Bach Trads", "CreationDate": "D:20200101120000"}


def _minutes(tmp_path: Path) -> Path:
    """Minutes of a municipal committee in another meeting system's layout: no "Punkt N", bold
    numbered items with a case number, the decision part under each."""
    return write_layout_pdf(tmp_path / "16.pdf", [
        [("Beslutningsprotokol", 20, True), ("Sundheds- og Forebyggelsesudvalget", 14, False),
         "Mødedato: 27.08.2025", "Sted: Rådhuset, Aarhus Kommune",
         ("1. Godkendelse af dagsorden", 11, True), "Sagsnr. 24/12345",
         ("Beslutning", 11, True), "Dagsordenen blev godkendt uden bemærkninger af udvalget."],
        [("2. Akuttelefon for psykisk sårbare", 11, True), "Sagsnr.: EMN-2025–01234",
         ("Sagsfremstilling", 11, True), "Forvaltningen har undersøgt, hvordan en akuttelefon kan etableres.",
         "Udgiften anslås til 2,4 mio. kr. om året i de første tre år.",
         ("Indstilling", 11, True), "Forvaltningen indstiller, at udvalget godkender modellen.",
         ("Beslutning i Sundheds- og Forebyggelsesudvalget den 3. september 2025", 11, True),
         "Indstillingen blev godkendt."],
    ], metadata=JUNK)


def test_facts_come_from_the_text_not_from_junk_metadata(tmp_path: Path) -> None:
    meta = load_document(_minutes(tmp_path)).meta
    assert meta.title == "Beslutningsprotokol – Sundheds- og Forebyggelsesudvalget"
    assert meta.kind == "minutes" and meta.sources["kind"] == "text"
    assert meta.date == "2025-08-27" and meta.sources["date"] == "text"
    assert "Sundheds- og Forebyggelsesudvalget" in meta.body and "Klaus" not in meta.body
    assert meta.body.startswith("Aarhus Kommune")


def test_an_addressee_is_not_the_issuer_and_a_row_about_a_strategy_is_not_the_kind(tmp_path: Path) -> None:
    # A list of a department's cases sent to a council: "Til:" names the readers, the rows name
    # strategies and a region, and the decisions are recorded by a municipality's Byråd.
    path = write_layout_pdf(tmp_path / "dagsbil.pdf", [[
        ("Sager på vej – Ældre og Sundhed 2025", 16, True), "Til: Udvalget, Ældrerådet, Direktionen m.fl.",
        "Ajourført: 29. august 2025",
        "Svar på forslag om strategi for velfærdsteknologi i Hedeby Kommune. Vedtaget. Byrådet 25. juni",
        "Samarbejdsaftale med Region Nordjylland om udskrivning. Vedtaget. Byrådet 25. juni",
        "Akutpladser i samarbejde med Region Nordjylland. Forventet fremsendt november.",
        "Evaluering af Region Nordjylland og kommunernes fælles akutteam. Vedtaget. Byrådet 25. juni",
    ]], metadata=JUNK)
    meta = load_document(path).meta
    assert meta.body == "Hedeby Kommune"
    assert meta.kind == "document"  # no kind word names the document itself


def test_an_area_a_row_names_is_not_a_council() -> None:
    from ingest.facts import _bodies

    # a grant list's rows name target areas ("Sygdomsområdet" ends like "Ældrerådet"): counted as
    # bodies, they outnumber the municipality the list names
    assert _bodies("Målgruppen: Sygdomsområdet | Ansøger: Diabetesforeningen") == []
    assert _bodies("Til orientering for Ældrerådet og Handicaprådet") == ["Ældrerådet", "Handicaprådet"]


def test_a_document_that_names_its_own_kind_gets_it(tmp_path: Path) -> None:
    # No kind word in the title, but the text says "i dette notat"; or the title's compound has one.
    path = write_layout_pdf(tmp_path / "a.pdf", [[
        ("Prognose for intensiv kapacitet", 16, True), "Dato 22-03-2020",
        "Sundhedsstyrelsen beskriver i dette notat, hvordan kapaciteten kan øges, og hvilke "
        "forudsætninger der ligger bag prognosen for de kommende uger.",
    ]], metadata=JUNK)
    assert load_document(path).meta.kind == "notat"
    path = write_layout_pdf(tmp_path / "b.pdf", [[
        ("Hjemmepleje driftsvejledning", 16, True), "Dato 2. juni 2025",
        "Serveren genstartes hver nat. Følg afsnittet om logning, når en fejl skal findes.",
    ]], metadata=JUNK)
    assert load_document(path).meta.kind == "standard"


def test_an_e_mail_printed_to_pdf_is_a_letter_dated_when_it_was_sent(tmp_path: Path) -> None:
    # A citizen's e-mail to a council, enclosed with its agenda: the subject names the meeting's
    # date, the mail program's header says when it was sent; "fremsendt" later is no date label.
    path = write_layout_pdf(tmp_path / "document.pdf", [[
        "Fra: Foreningen Havblik <post@havblik.dk>", "Sendt: 26. august 2025 14:52", "Til:",
        "Emne: Havblik og lejeforholdet før 27.08.2025 møde i byrådssalen",
        "Til Hedeby Byråd 26-08-2025", "Kære byrådsmedlem",
        "Sagen blev fremsendt 3. juni til magistraten. Vi beder om foretræde for Teknisk Udvalg.",
    ]], metadata={"Title": "Microsoft Word - Dokument1", "Author": "Camilla Jensen"})
    meta = load_document(path).meta
    assert meta.kind == "letter" and meta.sources["kind"] == "layout"
    assert meta.date == "2025-08-26" and meta.sources["date"] == "text"
    assert meta.title.startswith("Havblik og lejeforholdet") and "Camilla" not in meta.body
    # a short note that opens with a salutation is a letter too; a long report's "Kære læser" is not
    path = write_layout_pdf(tmp_path / "b.pdf", [[("Busruten gennem Hedeby", 16, True), "Kære Jens Hansen",
                                                 "Tak for dit spørgsmål af 2. marts."]], metadata=JUNK)
    assert load_document(path).meta.kind == "letter"


def test_a_foreign_meeting_layout_gets_items_parts_and_normalised_case_numbers(tmp_path: Path) -> None:
    doc = load_document(_minutes(tmp_path))
    sections = find_sections(doc)
    items = [s for s in sections if s.kind == "agenda_item"]
    assert [s.item for s in items] == [1, 2]
    assert items[1].case_number == "EMN-2025-01234"  # the en dash is a hyphen
    decision = next(s for s in sections if s.path and s.path[-1].startswith("Beslutning i Sundheds"))
    assert decision.path[0] == "2. Akuttelefon for psykisk sårbare" and decision.item == 2
    assert decision.date == "2025-09-03"  # the decision's own meeting, later than these minutes
    assert "Indstillingen blev godkendt." in doc.text[decision.start:decision.end]


def test_every_character_of_the_text_lies_in_exactly_one_section(tmp_path: Path) -> None:
    doc = load_document(_minutes(tmp_path))
    sections = find_sections(doc)
    assert sections[0].start == 0 and sections[-1].end == len(doc.text)
    assert all(a.end == b.start for a, b in zip(sections, sections[1:]))


def test_a_document_of_table_rows_without_a_kind_word_is_a_list(tmp_path: Path) -> None:
    # The same list of cases as a ruled table: rows, no word naming what the document is.
    rows = [["Sag", "Afd.", "Forventet fremsendt"]] + [
        [f"Svar på forslag nr. {n} om velfærdsteknologi", "Borgervelfærd", "September"] for n in range(1, 9)]
    path = write_layout_pdf(tmp_path / "sager.pdf", [[
        ("Sager på vej – Ældre og Sundhed 2025", 16, True), "Ajourført: 29. august 2025", ("table", rows),
    ]], metadata=JUNK)
    doc = load_document(path)
    assert doc.table_rows == 8
    assert (doc.meta.kind, doc.meta.sources["kind"]) == ("table", "layout")


def test_a_ruled_table_is_read_row_by_row_with_its_headers(tmp_path: Path) -> None:
    path = write_layout_pdf(tmp_path / "status.pdf", [[
        ("Status for indsatser", 16, True),
        "Tabellen viser status for de indsatser, som udvalget har besluttet i år.",
        ("table", [["Indsats", "Status", "Næste skridt"],
                   ["Akuttelefon", "Afventer udpegning", "Møde i januar"],
                   ["Sengepladser", "I drift", "Evaluering i juni"]]),
        "Udvalget følger op på indsatserne ved næste møde.",
    ]])
    doc = load_document(path)
    assert doc.tables == 1 and doc.table_rows == 2
    assert "Indsats: Akuttelefon | Status: Afventer udpegning | Næste skridt: Møde i januar" in doc.text
    assert "Indsats: Sengepladser | Status: I drift | Næste skridt: Evaluering i juni" in doc.text
    # the text around the table keeps its place
    assert doc.text.index("Tabellen viser") < doc.text.index("Indsats: Akuttelefon") < doc.text.index("Udvalget følger")


@pytest.mark.parametrize("title", ["16.DOCX", "Microsoft Word - ITA_COVID_19_220320.docx", "<Indsæt standardens navn>",
                                   "www.bdo.dk", "Politik", "Dokument1"])
def test_junk_metadata_titles_are_never_shown(title: str) -> None:
    assert _clean_meta_title(title) == ""


def test_a_metadata_title_loses_its_file_extension() -> None:
    assert _clean_meta_title("Liste over ansøgninger.XLSX") == "Liste over ansøgninger"


@pytest.mark.parametrize("text, iso", [
    ("Mødedato: 27-08-2025", "2025-08-27"), ("27.08.2025", "2025-08-27"), ("4/12-2012", "2012-12-04"),
    ("den 4. december 2012", "2012-12-04"), ("4. dec. 2012", "2012-12-04"), ("March 30, 2020", "2020-03-30"),
    ("30 March 2020", "2020-03-30"), ("2024-11-25", "2024-11-25"),
])
def test_dates_in_every_common_form(text: str, iso: str) -> None:
    assert find_dates(text) == [iso]


def test_a_case_number_or_version_is_not_a_date_and_a_month_alone_is_kept_as_such() -> None:
    assert find_dates("Sagsnr. 4-0101-33, version 3.0.0") == []
    assert first_month("Version 3.0.0 Januar 2023") == "2023-01"


def test_the_number_of_a_name_before_a_month_is_no_day() -> None:
    # "COVID-19 marts 2020" speaks of March 2020, not of the 19th; a range's second day is still a day
    assert find_dates("Testkapaciteten for COVID-19 marts 2020") == []
    assert find_dates("Møderne 1.-2. marts 2020") == ["2020-03-02"]
    assert not DAY_DATE.search("COVID-19 marts")


def test_a_title_whose_a_lost_its_ring_gets_it_back_from_the_body_text() -> None:
    from collections import Counter

    from ingest.facts import restore_rings

    words = Counter({"på": 40, "pa": 4, "vej": 12, "data": 9, "dåta": 0})
    assert restore_rings("Sager pa vej – Sundhed og Omsorg 2025", words) == "Sager på vej – Sundhed og Omsorg 2025"
    assert restore_rings("Data om vej", words) == "Data om vej"  # no ringed spelling in the text
    assert restore_rings("Sager pa vej", Counter({"på": 2, "pa": 4})) == "Sager pa vej"  # the bare one is common
