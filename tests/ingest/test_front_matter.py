"""Front matter is not structure: a cover page, a table of contents and a meeting's member list
hold no sections, and the agenda items after them keep their own numbers and titles. And the
numbered headings of a document stay siblings when its pages set them at slightly different sizes."""

from __future__ import annotations

from pathlib import Path

from ingest import find_sections, load_document, outline
from ingest.models import Document, Section
from tests.pdfgen import write_layout_pdf

FIXTURES = Path(__file__).resolve().parents[2] / "evals" / "fixtures" / "extra"
# Minutes in another meeting system's layout: a cover with the member list and the absentees,
# a contents page (title, column header, one entry with dotted leaders), then one item that
# carries the committee's running item number (715).
RUNNING_NUMBER_MINUTES = FIXTURES / "Syddjurs_PUK-udvalg_referat_2013-06-20.pdf"


def _tops(sections: list[Section]) -> list[Section]:
    return [s for s in sections if len(s.path) == 1]


def _page(doc: Document, section: Section) -> int:
    return doc.page_at(section.start).number


def _leaders(title: str, page: int) -> str:
    return f"{title} {'.' * 60} {page}"


def test_a_contents_page_and_the_member_list_are_not_agenda_items() -> None:
    doc = load_document(RUNNING_NUMBER_MINUTES)
    sections = find_sections(doc)
    tops = _tops(sections)
    # every top-level section of the minutes is an agenda item, with the number it is printed with
    assert tops and all(s.kind == "agenda_item" for s in tops)
    assert [(s.item, s.path[0]) for s in tops] == [(715, "715. Kulturkommune 2017. Politiske fokusområder")]
    assert tops[0].case_number == "12/27845"
    # the item opens where it is set out, not on the contents page that lists it
    contents_page = _page(doc, next(s for s in sections if "..........." in doc.text[s.start:s.end]))
    assert all(_page(doc, s) > contents_page for s in sections if s.path)
    # the member list and the contents stay searchable, in the front section before the item
    front = sections[0]
    assert front.path == () and front.kind == "front" and front.end == tops[0].start
    assert "Medlemmer" in doc.text[front.start:front.end] and "Indholdsfortegnelse" in doc.text[front.start:front.end]


def test_outline_of_minutes_names_their_items_first(tmp_path: Path) -> None:
    """An unseen layout: members, absentees and a short contents page before items with running numbers."""
    path = write_layout_pdf(tmp_path / "referat.pdf", [
        [("Referat", 24, True), ("Udvalget for Natur og Miljø", 16, False), ("Mandag den 3. marts 2025", 14, False),
         ("Deltagere", 14, True), "Anna Hansen (A)", "Bo Jensen (V)", "Carl Nielsen (F)",
         ("Afbud", 14, True), "Dorte Madsen (O)"],
        [("Indholdsfortegnelse", 14, True), ("Punkt nr. Side", 11, True),
         _leaders("212. Godkendelse af dagsorden", 3), _leaders("213. Naturpark ved fjorden", 3)],
        [("212. Godkendelse af dagsorden", 13, True), "Sagsnr.: 25/1234",
         ("Beslutning", 11, True), "Dagsordenen blev godkendt uden bemærkninger.",
         ("213. Naturpark ved fjorden", 13, True), "Sagsnr.: 25/5678",
         ("Sagsfremstilling", 11, True), "Forvaltningen har undersøgt mulighederne for en naturpark ved fjorden.",
         ("Beslutning", 11, True), "Udvalget godkendte, at arbejdet sættes i gang."],
    ])
    doc = load_document(path)
    sections = find_sections(doc)
    assert doc.meta.kind == "minutes"
    assert list(outline(doc, sections).headings) == ["212. Godkendelse af dagsorden", "213. Naturpark ved fjorden"]
    assert [s.item for s in _tops(sections)] == [212, 213]
    assert [s.case_number for s in _tops(sections)] == ["25/1234", "25/5678"]


def test_the_title_and_column_header_of_a_contents_list_are_not_sections(tmp_path: Path) -> None:
    """A contents list with few entries, on a page that also has text: its title and column
    header have nothing under them but entries with page numbers."""
    body = "Vejledningen beskriver, hvordan medarbejderne tilrettelægger arbejdet med borgerne i hverdagen."
    path = write_layout_pdf(tmp_path / "vejledning.pdf", [
        [("Vejledning om hjemmebesøg", 20, True), body,
         ("Indhold", 14, True), ("Afsnit Side", 11, True), _leaders("Formål", 2), _leaders("Målgruppe", 2)],
        [("Formål", 14, True), body, body, ("Målgruppe", 14, True), body, body],
    ])
    doc = load_document(path)
    headings = list(outline(doc, find_sections(doc)).headings)
    assert "Indhold" not in headings and "Afsnit Side" not in headings
    assert headings[-2:] == ["Formål", "Målgruppe"]


def test_the_lines_of_a_cover_page_are_the_title_not_sections(tmp_path: Path) -> None:
    chapters = [
        [("1. Indledning", 14, True), "Standarden beskriver det tilbud, som kommunen giver borgere med behov for støtte.",
         "Den revideres hvert andet år i samarbejde med brugerne og deres pårørende."],
        [("2. Tilbuddets indhold", 14, True), "Støtten gives i borgerens eget hjem efter en konkret vurdering.",
         "Borgeren og medarbejderen aftaler mål for forløbet og følger op hver tredje måned."],
    ]
    cover = write_layout_pdf(tmp_path / "standard.pdf", [
        [("Kvalitetsstandard for socialpædagogisk støtte", 16, True), ("2024", 14, True),
         ("FOR BOSTØTTEN", 14, True), ("Kommunens socialafdeling", 16, True)],
        *chapters,
    ])
    doc = load_document(cover)
    assert list(outline(doc, find_sections(doc)).headings) == ["1. Indledning", "2. Tilbuddets indhold"]
    # a first page with body text is no cover: its heading stays
    opening = write_layout_pdf(tmp_path / "notat.pdf", [
        [("Notat om bostøtte", 16, True), ("Baggrund", 14, True),
         "Notatet samler erfaringerne fra det første år med den nye organisering af bostøtten."], *chapters,
    ])
    doc = load_document(opening)
    assert "Baggrund" in outline(doc, find_sections(doc)).headings


def test_numbered_headings_in_sequence_are_siblings_though_set_a_fraction_of_a_point_apart(tmp_path: Path) -> None:
    texts = ["Tilbuddet gives til borgere over 18 år efter en samtale med en rådgiver.",
             "Rådgivningen er gratis og kan foregå anonymt, hvis borgeren ønsker det.",
             "Behandlingen planlægges sammen med borgeren og følges op hver måned.",
             "Efter forløbet tilbydes en samtale om, hvordan det er gået i hverdagen."]
    titles = ["1. Indledning", "2. Rådgivning", "3. Behandling", "4. Opfølgning"]
    path = write_layout_pdf(tmp_path / "ydelser.pdf", [
        [("Ydelser i rusmiddelbehandlingen", 18, True), "Pjecen beskriver kommunens tilbud til borgerne."],
        *[[(title, 14.0 if n % 2 else 14.8, True), text, text.replace(".", " i kommunen.")]
          for n, (title, text) in enumerate(zip(titles, texts), start=1)],
    ])
    doc = load_document(path)
    assert list(outline(doc, find_sections(doc)).headings) == titles
