"""A narrow table cell's lines joined back into its words."""

from __future__ import annotations

from ingest.tables import _cell, vocabulary

# Running text of the document (lines of four words or more), and a fragment a long table left in it.
RUNNING = vocabulary([
    "Foreningen holder til på Nørrebro og i Vanløse hele året",
    "Caféen på Nørrebro har åbent hver dag",
    "Andet arbejde end det frivillige sociale arbejde i kommunen",
    "en bro over åen og en sti langs søen",
])


def test_a_word_the_cell_broke_is_joined_again() -> None:
    assert _cell("Nørre\nbro", RUNNING) == "Nørrebro"  # "bro" is a word too, but "Nørrebro" is the one used
    assert _cell("Ande\nt", RUNNING) == "Andet"
    assert _cell("AnsøgerNav\nn Projekttitel", RUNNING) == "AnsøgerNavn Projekttitel"
    assert _cell("Frederiksber\ng", RUNNING) == "Frederiksberg"  # one letter that is no word
    assert _cell("Ungdomme\nns Røde Kors", RUNNING) == "Ungdommens Røde Kors"  # two letters that are no word
    assert _cell("aktivitets-\ntilbud", RUNNING) == "aktivitetstilbud"
    # no word opens with "gc" or "dg": the rest of the word above
    assert _cell("Frivilli\ngcentre", RUNNING) == "Frivilligcentre"
    assert _cell("misbrugsrå\ndgivning", RUNNING) == "misbrugsrådgivning"


def test_words_that_only_meet_at_a_line_break_stay_apart() -> None:
    assert _cell("Tilsv. tilbud\ni kommune", RUNNING) == "Tilsv. tilbud i kommune"
    assert _cell("hjælp til pårørende\nm.v.", RUNNING) == "hjælp til pårørende m.v."
    assert _cell("sociale\narbejde", RUNNING) == "sociale arbejde"
    assert _cell("Børn og\nunge", RUNNING) == "Børn og unge"
    assert _cell("for at\nnå målet", RUNNING) == "for at nå målet"  # a two-letter word after a word
    assert _cell("arbejde\nmv.", RUNNING) == "arbejde mv."
    assert _cell("Ældre og\nSkrøbelige", RUNNING) == "Ældre og Skrøbelige"  # "skr" opens words
    assert _cell("frivillige\nstyrker", RUNNING) == "frivillige styrker"


def test_columns_a_merged_cell_leaves_empty_are_one_column() -> None:
    from ingest.tables import _used_columns

    # A header merged over two columns stands in the second, its values in the first; the third is
    # covered by a merged cell in every row.
    rows = [["", "Version", None, "Dato"], ["3.0.0", None, None, "Januar 2023"], ["2.0.0", None, "", "Oktober 2022"]]
    assert _used_columns(rows) == [["Version", "Dato"], ["3.0.0", "Januar 2023"], ["2.0.0", "Oktober 2022"]]
    # columns that both hold text in some row stay apart
    assert _used_columns([["Sag", "Afd."], ["Serviceniveau", ""], ["", "Økonomi"], ["Salg", "Byg"]]) == \
        [["Sag", "Afd."], ["Serviceniveau", None], [None, "Økonomi"], ["Salg", "Byg"]]


def _table_text(tmp_path, rows) -> str:
    from ingest.pdf import read_pdf
    from tests.pdfgen import write_layout_pdf

    path = write_layout_pdf(tmp_path / "status.pdf", [["Status på sager", ("table", rows)]])
    return read_pdf(path).pages[0]


def test_bold_rows_inside_a_table_title_its_parts_and_name_their_columns(tmp_path) -> None:
    text = _table_text(tmp_path, [
        ("bold", ["Sager på vej", "", ""]),
        ("bold", ["Sag", "Afd.", "Forventet"]),
        ["Serviceniveau for 2026", "Borgervelfærd", "November"],
        ("bold", ["Færdige sager", "", ""]),
        ["Salg af ældreboliger", "Bygninger", "Vedtaget 22. marts"],
    ])
    lines = text.split("\n")
    assert "Sager på vej" in lines and "Færdige sager" in lines
    assert "Sag: Serviceniveau for 2026 | Afd.: Borgervelfærd | Forventet: November" in lines
    # the next part has no header row: the part before's columns are not its columns
    assert "Salg af ældreboliger | Bygninger | Vedtaget 22. marts" in lines


def test_a_caption_row_over_the_header_row_is_a_line_of_its_own(tmp_path) -> None:
    text = _table_text(tmp_path, [
        ["Versionering", "", "", ""],
        ["Version", "Initialer", "Dato", "Beskrivelse"],
        ["1.0", "MBK", "26-01-2021", "Frigivelse"],
        ["3.0.0", "MBK", "Januar 2023", "Rettelse til regel S.BR26"],
    ])
    lines = text.split("\n")
    assert "Versionering" in lines
    assert "Version: 3.0.0 | Initialer: MBK | Dato: Januar 2023 | Beskrivelse: Rettelse til regel S.BR26" in lines


def test_a_table_row_is_never_a_heading() -> None:
    from ingest.headings import _judge
    from ingest.models import LineStyle

    assert _judge("Version: 1.0.1 | Initialer: MBK | Dato: 03-02-2021", LineStyle(12.0, True), 10.0) is None
    assert _judge("1.5 Termer", LineStyle(12.0, True), 10.0) is not None


def _drawn_cell(lines: list[str], width: float, char: float = 5.0):
    """A cell ``width`` points wide as the PDF draws it: its characters in drawing order (spaces
    included where the PDF writes them), each ``char`` points wide, one line per string."""
    chars = []
    for n, line in enumerate(lines):
        for i, ch in enumerate(line):
            chars.append({"text": ch, "x0": 2 + i * char, "x1": 2 + (i + 1) * char, "top": 10.0 + 12 * n,
                          "bottom": 19.0 + 12 * n})
    return (0.0, 0.0, width, 12.0 * len(lines) + 10), chars


def test_a_cells_line_breaks_are_read_from_the_pdfs_own_characters() -> None:
    from ingest.tables import _mended

    # a full line without a space character broke a word; a wrap at a space keeps its space
    bbox, chars = _drawn_cell(["Diabetesfore", "ningen", "Udvidelse og ", "opkvalificerin", "g af grupper"], width=75.0)
    value = "Diabetesfore\nningen\nUdvidelse og\nopkvalificerin\ng af grupper"
    assert _mended(value, bbox, chars) == "Diabetesforeningen Udvidelse og opkvalificering af grupper"
    # a word alone on a line with room to spare is a word, space character or not
    bbox, chars = _drawn_cell(["deres hverdag ", "betydeligt", "berørt."], width=75.0)
    assert _mended("deres hverdag\nbetydeligt\nberørt.", bbox, chars) == "deres hverdag betydeligt berørt."
    # a column of numbers stays apart; a hyphenated word is joined, a compound before "og" is not
    bbox, chars = _drawn_cell(["201020112012", "45000"], width=64.0)
    assert _mended("201020112012\n45000", bbox, chars) == "201020112012 45000"
    bbox, chars = _drawn_cell(["brugeraktø- ", "rens Sundheds-", "og Forebyg"], width=74.0)
    assert _mended("brugeraktø-\nrens Sundheds-\nog Forebyg", bbox, chars) == "brugeraktørens Sundheds- og Forebyg"


def test_a_cell_whose_characters_do_not_spell_it_is_left_to_the_words() -> None:
    from ingest.tables import _mended

    # a PDF that draws no space characters (pdfplumber reads the spaces from the gaps)
    bbox, chars = _drawn_cell(["Udvidelseog", "opkvalificering"], width=80.0)
    assert _mended("Udvidelse og\nopkvalificering", bbox, chars) == "Udvidelse og\nopkvalificering"
