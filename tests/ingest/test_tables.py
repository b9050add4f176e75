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


def test_words_that_only_meet_at_a_line_break_stay_apart() -> None:
    assert _cell("Tilsv. tilbud\ni kommune", RUNNING) == "Tilsv. tilbud i kommune"
    assert _cell("hjælp til pårørende\nm.v.", RUNNING) == "hjælp til pårørende m.v."
    assert _cell("sociale\narbejde", RUNNING) == "sociale arbejde"
    assert _cell("Børn og\nunge", RUNNING) == "Børn og unge"
    assert _cell("for at\nnå målet", RUNNING) == "for at nå målet"  # a two-letter word after a word
    assert _cell("arbejde\nmv.", RUNNING) == "arbejde mv."
