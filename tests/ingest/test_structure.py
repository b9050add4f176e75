from __future__ import annotations

from pathlib import Path

from ingest import find_sections, load_document
from tests.pdfgen import write_layout_pdf
from tests.conftest import AGENDA, MINUTES, REPORT, SLIDES, TASKFORCE


def test_agenda_items_case_numbers_and_decisions_of_the_enclosed_minutes() -> None:
    doc = load_document(AGENDA)
    assert doc.meta.kind == "agenda" and doc.meta.date == "2024-12-05" and doc.meta.body == "Danske Regioner"
    sections = find_sections(doc)
    item2 = next(s for s in sections if s.path == ("Punkt 2. Godkendelse af åbent referat fra mødet den 8. november 2024",))
    assert item2.case_number == "MDR-2024-00036" and item2.item == 2
    decisions = [s for s in sections if s.path[-1] == "Beslutninger"]
    assert decisions, "the enclosed minutes have Beslutninger"
    status = next(s for s in decisions if "Punkt 4. Status for 10-årsplanen" in s.path[1])
    assert status.path[0] == "Bilag: referat af mødet 8. november 2024"
    assert status.date == "2024-11-08" and status.case_number == "EMN-2020-00886"
    assert "Udvalget tog orienteringen til efterretning" in doc.text[status.start : status.end]


def test_agenda_annex_is_recognised_by_its_listed_title() -> None:
    doc = load_document(AGENDA)
    annex = next(s for s in find_sections(doc) if s.kind == "annex" and s.item == 6)
    assert doc.page_at(annex.start).number == 59
    assert "allermest udsatte" in annex.path[0]


def test_report_has_chapters_and_all_37_recommendations_in_the_summary() -> None:
    doc = load_document(REPORT)
    sections = find_sections(doc)
    summary = [s.recommendation for s in sections if s.kind == "recommendation" and s.path[0].startswith("Kapitel 3.")]
    assert summary == list(range(1, 38))
    rec25 = [s for s in sections if s.recommendation == 25]
    pages = {doc.page_at(s.start).number for s in rec25}
    assert {19, 123} <= pages
    assert "pårørende" in doc.text[rec25[-1].start : rec25[-1].end]


def test_minutes_have_numbered_items_and_sub_items() -> None:
    minutes = find_sections(load_document(MINUTES))
    assert [s.item for s in minutes if s.kind == "agenda_item"] == [1, 2, 3, 4, 5, 6]
    taskforce = find_sections(load_document(TASKFORCE))
    assert any(s.kind == "sub_item" and s.path[-1].startswith("b. Status på arbejde med ny tvangsmonitoreringsmodel") for s in taskforce)


def test_slides_are_one_section_per_page() -> None:
    doc = load_document(SLIDES)
    sections = find_sections(doc)
    assert doc.meta.kind == "slides"
    assert [s.kind for s in sections] == ["slide"] * len(doc.pages)


def test_minutes_items_with_a_colon_keep_a_wrapped_title_their_case_number_and_parts(tmp_path: Path) -> None:
    # A council's minutes as another meeting system prints them: "Punkt 2: …" wrapped onto a
    # second line that starts with a capital, the case number on its own line, then the parts.
    path = write_layout_pdf(tmp_path / "referat.pdf", [[
        ("REFERAT Hedeby Byråd d. 27-08-2025", 16, True), "Mødedato Onsdag d. 27. august 2025 kl. 16:00",
        ("Punkt 1: Godkendelse af dagsorden", 12, True), "EMN-2023-009832", ("Beslutninger", 11, True), "Godkendt.",
        ("Punkt 2: Svar på forslag om at sikre Havnens", 12, True), ("Perles fremtid på Hedeby Ø", 12, True),
        "EMN-2025-003383", ("Beslutninger", 11, True), "Fremsendes til Teknisk Udvalg.",
        ("Baggrund:", 11, True), "Grillbaren har ligget på havnen siden 1962 og er en elsket institution.",
    ]])
    doc = load_document(path)
    sections = find_sections(doc)
    items = [s for s in sections if s.kind == "agenda_item"]
    assert [s.path[0] for s in items] == ["Punkt 1. Godkendelse af dagsorden",
                                          "Punkt 2. Svar på forslag om at sikre Havnens Perles fremtid på Hedeby Ø"]
    assert [s.case_number for s in items] == ["EMN-2023-009832", "EMN-2025-003383"]
    parts = [s.path for s in sections if len(s.path) == 2]
    assert (items[1].path[0], "Beslutninger") in parts and (items[1].path[0], "Baggrund") in parts


def test_an_item_title_ending_in_a_connective_goes_on_to_its_next_line(tmp_path: Path) -> None:
    # "… i Løgten &" / "Skødstrup": the next line starts with a capital and holds no lower-case
    # word, like an officer's name, but a title cannot end in "&" or "og".
    path = write_layout_pdf(tmp_path / "referat.pdf", [[
        ("REFERAT Hedeby Byråd d. 27-08-2025", 16, True), "Mødedato Onsdag d. 27. august 2025 kl. 16:00",
        ("Punkt 1: Svar på forslag om lavere fart på Ringvejen i Lyngby &", 12, True), ("Vestby", 12, True),
        "EMN-2025-004084", ("Beslutninger", 11, True), "Fremsendes til Teknisk Udvalg.",
        ("Punkt 2: Justering af ramme for tilsyn i Børn og", 12, True), ("Unge", 12, True),
        "EMN-2025-004085", ("Beslutninger", 11, True), "Godkendt.",
    ]])
    items = [s.path[0] for s in find_sections(load_document(path)) if s.kind == "agenda_item"]
    assert items == ["Punkt 1. Svar på forslag om lavere fart på Ringvejen i Lyngby & Vestby",
                     "Punkt 2. Justering af ramme for tilsyn i Børn og Unge"]


def test_an_items_parts_set_in_capitals_are_parts_in_sentence_case(tmp_path: Path) -> None:
    # A council's minutes: the decision, then the proposal and the administration's recommendation,
    # headed in capitals, and the points put to the vote.
    path = write_layout_pdf(tmp_path / "referat.pdf", [[
        ("REFERAT Hedeby Byråd d. 27-08-2025", 16, True), "Mødedato Onsdag d. 27. august 2025 kl. 16:00",
        ("Punkt 3: Svar på forslag om at halvere prisen på parkering", 12, True), "EMN-2025-003928",
        ("Beslutninger", 11, True), "Byrådet har vedtaget Magistratens foranstående indstilling.",
        ("BESLUTNINGSFORSLAG FRA KF OG M", 11, True), "Vi foreslår at halvere prisen i de kommunale p-huse.",
        ("INDSTILLING FRA MAGISTRATSAFDELINGEN FOR TEKNIK OG MILJØ", 11, True),
        ("Beslutningspunkter", 11, True), "at forslaget indgår i arbejdet med en ny parkeringspolitik.",
    ]])
    parts = [s.path[1] for s in find_sections(load_document(path)) if len(s.path) == 2]
    assert parts == ["Beslutninger", "Beslutningsforslag fra KF og M",
                     "Indstilling fra magistratsafdelingen for teknik og miljø", "Beslutningspunkter"]


def test_a_long_table_sorted_by_a_category_gets_a_section_per_category(tmp_path: Path) -> None:
    groups = {"Børn og unge": 4, "Handicap": 3, "Ældre": 5}
    rows = [["Nr", "Målgruppen", "Ansøger", "Beløb"]]
    for group, n in groups.items():
        for _ in range(n):
            rows.append([str(len(rows)), group, f"Forening {len(rows)}", "10.000"])
    path = write_layout_pdf(tmp_path / "liste.pdf", [[
        ("Liste over ansøgninger 2012", 16, True), ("table", rows),
    ]])
    doc = load_document(path)
    sections = find_sections(doc)
    assert [s.path[0] for s in sections if s.path] == [f"Målgruppen: {g}" for g in groups]
    # each row lies in its group's section
    for section in sections[1:]:
        group = section.path[0].split(": ", 1)[1]
        assert all(f"Målgruppen: {group}" in line for line in doc.text[section.start:section.end].splitlines() if " | " in line)


def test_a_bold_heading_that_wraps_after_a_connective_keeps_its_lower_case_end(tmp_path: Path) -> None:
    # A report's or a committee's heading set in bold over two lines: the second line starts in
    # lower case and is no heading alone, but the first cannot end in "og" or "i".
    path = write_layout_pdf(tmp_path / "rapport.pdf", [[
        ("Det nære sundhedsvæsen i Hedeby", 20, True),
        ("1. Borgere med kroniske sygdomme og", 14, True), ("hverdagsrehabilitering for ældre", 14, True),
        "Kommunerne har i de seneste år styrket indsatsen for borgere med kronisk sygdom markant.",
        "Indsatsen omfatter patientuddannelse, træning og opfølgning i borgerens eget hjem.",
        "Den koordineres med almen praksis og sygehusene i et fælles forløbsprogram.",
        ("2. Status og udviklingstendenser", 14, True),
        "Flere kommuner har etableret sundhedscentre med tilbud om patientuddannelse og træning.",
        ("Udviklingstendenser i", 12, True), ("kommunerne", 12, True),
        "Udviklingen går mod flere akutpladser og mere sygepleje i eget hjem i alle regioner.",
        "Det stiller nye krav til kompetencer og til samarbejdet på tværs af sektorerne.",
    ]])
    titles = [s.path[-1] for s in find_sections(load_document(path))]
    assert "1. Borgere med kroniske sygdomme og hverdagsrehabilitering for ældre" in titles
    assert "Udviklingstendenser i kommunerne" in titles
    assert not any(t.endswith((" og", " i")) for t in titles)


def test_a_part_in_capitals_keeps_the_names_the_document_writes_as_names(tmp_path: Path) -> None:
    path = write_layout_pdf(tmp_path / "referat.pdf", [[
        ("REFERAT Hedeby Byråd d. 27-08-2025", 16, True), "Mødedato Onsdag d. 27. august 2025 kl. 16:00",
        ("Punkt 3: Forslag fra EL og Anne Holm om lavere fart", 12, True), "EMN-2025-003928",
        ("Beslutninger", 11, True), "Sagen sendes til Magistratsafdelingen for Teknik og Miljø.",
        ("BESLUTNINGSFORSLAG FRA EL OG ANNE HOLM, UFP", 11, True),
        "Forslaget er stillet af Enhedslisten og Anne Holm, som ønsker lavere fart på vejen.",
        ("INDSTILLING FRA MAGISTRATSAFDELINGEN FOR TEKNIK OG MILJØ", 11, True),
        "Det indstilles, at forslaget sendes til Magistratsafdelingen for Teknik og Miljø.",
    ]])
    parts = [s.path[1] for s in find_sections(load_document(path)) if len(s.path) == 2]
    assert parts == ["Beslutninger", "Beslutningsforslag fra EL og Anne Holm, UFP",
                     "Indstilling fra Magistratsafdelingen for Teknik og Miljø"]


def test_a_figure_caption_is_no_parent_of_the_numbered_headings_after_it(tmp_path: Path) -> None:
    # A report's captions ("Figur 2. …", "Boks 1. …") stand in bold between its numbered sections:
    # "2.2. Vurdering" after a figure belongs under "2. Status", beside "2.1.", not under the figure.
    body = "Kommunen har fulgt udviklingen i antallet af borgere på venteliste gennem hele året."
    path = write_layout_pdf(tmp_path / "rapport.pdf", [
        [("Status for ældreområdet i Hedeby", 20, True), *[body] * 6,
         ("1. Baggrund", 14, True), *[body] * 6,
         ("2. Status", 14, True), *[body] * 4,
         ("2.1. Ventelister", 11, True), *[body] * 6],
        # (captions set as the subsections are: same size, bold)
        [("Figur 1. Antal borgere på venteliste pr. måned", 11, True), "120 118 97 85", *[body] * 4,
         ("2.2. Vurdering", 11, True), *[body] * 6,
         ("Boks 1. Prioritering af plejeboliger", 11, True), *[body] * 4,
         ("3. Prognose", 14, True), *[body] * 6],
    ])
    paths = [s.path for s in find_sections(load_document(path))]
    assert ("2. Status", "2.2. Vurdering") in paths
    assert ("3. Prognose",) in paths
    assert not any(len(p) > 1 and p[-2].startswith(("Figur", "Boks")) for p in paths)
