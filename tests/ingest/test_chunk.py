from __future__ import annotations

import pytest

from ingest.chunk import MIN_CHUNK_CHARS, chunk_document
from ingest.models import Document, DocumentMeta, Page, Section

_RESUME = ("Nogle af samfundets mest udsatte borgere lever med hjemløshed, psykisk sårbarhed og misbrugsproblemer. "
           "Udvalget drøfter, hvordan regionerne kan bidrage til en ny og værdig politik for de allermest udsatte, "
           "og hvordan indsatsen kan hænge bedre sammen på tværs af sektorerne.\n")


def _document(parts: list[tuple[tuple[str, ...], str, dict]]) -> tuple[Document, list[Section]]:
    """A one-page document whose sections are ``parts`` (path, text, metadata) in order."""
    text, sections = "", []
    for path, body, meta in parts:
        sections.append(Section(path=path, start=len(text), end=len(text) + len(body), **meta))
        text += body
    doc = Document(id="d" * 16, file_name="x.pdf", sha256="0" * 64,
                   meta=DocumentMeta(title="Dagsorden", kind="agenda", body="Danske Regioner", date="2024-12-05"),
                   pages=[Page(number=1, label="1", text=text, offset=0)], text=text)
    return doc, sections


def _item(n: int, title: str, within: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], str, dict]]:
    head = (*within, f"Punkt {n}. {title}")
    meta = {"item": n, "case_number": "EMN-2022-00567"}
    return [
        (head, f"{n} (Offentlig) {title}\nJulie Kjærgaard\nEMN-2022-00567\n", meta),
        ((*head, "Resumé"), "Resumé\n" + _RESUME, meta),
        ((*head, "Økonomi"), "Økonomi\nIngen bemærkninger\n", meta),
        ((*head, "Kommunikation"), "Kommunikation\nIngen bemærkninger\n", meta),
        ((*head, "Beslutninger"), "Beslutninger\nUdvalget tog orienteringen til efterretning.\n", meta),
    ]


def test_an_agenda_items_small_sections_are_chunked_with_their_neighbours() -> None:
    doc, sections = _document(_item(6, "Temadrøftelse om udsatteområdet"))
    chunks = chunk_document(doc, sections)
    assert all(len(c.text) >= MIN_CHUNK_CHARS for c in chunks), [c.text for c in chunks]
    # The header row (case number) travels with the text it heads, and the decision is in a chunk.
    assert any("EMN-2022-00567" in c.text and "hjemløshed" in c.text for c in chunks)
    assert any("tog orienteringen til efterretning" in c.text for c in chunks)
    # A chunk over several sections names only what they share: the item, not one sub-heading.
    assert all(c.section_path == ("Punkt 6. Temadrøftelse om udsatteområdet",) for c in chunks
               if "Økonomi" in c.text and "Resumé" in c.text)
    assert all(c.item == 6 and c.case_number == "EMN-2022-00567" for c in chunks)


@pytest.mark.parametrize("within", [(), ("Bilag: referat af mødet 8. november 2024",)])
def test_sections_of_different_agenda_items_are_never_joined(within: tuple[str, ...]) -> None:
    """Also not when both items sit under one heading (the minutes enclosed in an agenda)."""
    doc, sections = _document(_item(6, "Temadrøftelse om udsatteområdet", within)
                              + _item(7, "Udkast til mødeplan for 2025", within))
    chunks = chunk_document(doc, sections)
    assert {c.item for c in chunks} == {6, 7}
    for c in chunks:
        assert not ("Temadrøftelse" in c.text and "mødeplan" in c.text), c.text


def test_numbered_recommendations_stay_in_chunks_of_their_own() -> None:
    parts = [(("Kapitel 3. Samlede anbefalinger", f"Anbefaling {n}"), f"{n}. Kort anbefaling nummer {n}.\n",
              {"recommendation": n}) for n in (24, 25, 26)]
    doc, sections = _document(parts)
    chunks = chunk_document(doc, sections)
    assert [c.recommendation for c in chunks] == [24, 25, 26]
    assert [c.section_path[-1] for c in chunks] == ["Anbefaling 24", "Anbefaling 25", "Anbefaling 26"]


def test_the_splitters_small_left_over_is_folded_into_the_chunk_before_it() -> None:
    sentence = "Regionerne arbejder for en national psykiatrisk akuttelefon baseret på de nuværende systemer. "
    body = sentence * 10 + "Sidste korte sætning."  # ~960 characters: 900 and a small rest
    doc, sections = _document([(("Kapitel 1. Baggrund",), body, {})])
    chunks = chunk_document(doc, sections, size=900, overlap=40)
    assert chunks[-1].text.endswith("Sidste korte sætning.")
    assert all(len(c.text) >= MIN_CHUNK_CHARS for c in chunks)


def test_every_character_of_every_section_is_in_some_chunk() -> None:
    doc, sections = _document(_item(6, "Temadrøftelse om udsatteområdet") + _item(7, "Udkast til mødeplan for 2025"))
    chunks = chunk_document(doc, sections, size=300, overlap=50)
    covered = set()
    for c in chunks:
        assert doc.text[c.start:c.end] == c.text
        covered.update(range(c.start, c.end))
    assert all(i in covered for i, ch in enumerate(doc.text) if not ch.isspace())


def _grant_row(n: int, purpose_sentences: int) -> str:
    purpose = "Foreningen tilbyder rådgivning og samvær for udsatte borgere i hele kommunen. " * purpose_sentences
    return (f"Nr: {n} | Målgruppen: Andet | AnsøgerNavn: Forening nummer {n} | Projekttitel: Værested {n} | "
            f"Hovedformål: {purpose.strip()} | Ansøgt beløb: 54.000 | Søges 3årig?: Nej | "
            f"Indstillet beløb: {n * 1000}.000 | Begrundelse: Til det ansøgte.\n")


def test_a_table_row_longer_than_a_chunk_stays_one_chunk_with_its_amounts() -> None:
    """The applicant's name and the amount granted are one record: cut apart, neither chunk
    answers "how much did X get"."""
    rows = [_grant_row(n, 12) for n in (1, 2, 3)]  # each ~1,200 characters: over 900, under 1,800
    intro = "Ansøgningsliste for puljen til frivilligt socialt arbejde. " * 5 + "\n"
    doc, sections = _document([(("Målgruppen: Andet",), intro + "".join(rows), {})])
    chunks = chunk_document(doc, sections, size=900, overlap=150)
    for n, row in zip((1, 2, 3), rows):
        holding = [c for c in chunks if f"AnsøgerNavn: Forening nummer {n} " in c.text]
        assert len(holding) == 1 and row.strip() in holding[0].text
        assert f"Indstillet beløb: {n * 1000}.000" in holding[0].text
    covered = {i for c in chunks for i in range(c.start, c.end)}
    assert all(i in covered for i, ch in enumerate(doc.text) if not ch.isspace())
    assert all(doc.text[c.start:c.end] == c.text for c in chunks)


def test_a_row_longer_than_two_chunks_is_split_like_text() -> None:
    row = _grant_row(7, 30)  # ~2,600 characters
    doc, sections = _document([(("Målgruppen: Andet",), row, {})])
    chunks = chunk_document(doc, sections, size=900, overlap=150)
    assert len(chunks) > 1 and all(row.strip() not in c.text for c in chunks)
