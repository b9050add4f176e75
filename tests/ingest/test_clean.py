from __future__ import annotations

from ingest import load_document
from ingest.clean import clean_pages, dehyphenate
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


def test_a_header_block_of_five_lines_is_removed_but_text_recurring_near_the_top_is_kept() -> None:
    from ingest.clean import clean_pages

    header = ["Sundheds- og Forebyggelsesudvalget", "Referat", "Åbent referat", "Dato: 04.12.2012"]
    decision = "Fremsendes til forvaltningen med henblik på udarbejdelse af en indstilling."
    topics = ["budget", "takster", "rygestop", "genoptræning", "aflastning", "bygninger", "kronikere"]
    pages = ["\n".join([*header, "Side 1", "Referat", "Sundheds- og Forebyggelsesudvalget", "tirsdag den 4. december 2012",
                        "Dagsorden og deltagere følger nedenfor i referatet fra mødet."])]
    for n, topic in enumerate(topics, 2):
        body = [f"Punkt {n}. Sagen om {topic}", f"Forvaltningen har undersøgt {topic} i årets løb.",
                f"Udvalget drøftede {topic} og økonomien.", f"Der følges op på {topic} næste år."]
        body.insert(n % 4, decision)  # the same decision under several items, at a different place each time
        pages.append("\n".join([*header, f"Side {n}", *body]))
    cleaned = clean_pages(pages)
    for page in cleaned[1:]:
        lines = page.text.split("\n")
        assert not any(line in lines for line in header), page.text
        assert lines[0].startswith("Punkt") or lines[0] == decision
        assert decision in lines
    # the first page's own title under the running header stays
    assert cleaned[0].text.split("\n")[:2] == ["Referat", "Sundheds- og Forebyggelsesudvalget"]
    assert [p.label for p in cleaned] == [str(n) for n in range(1, 9)]


def test_a_header_block_read_one_way_on_a_fourth_of_the_pages_is_removed_there() -> None:
    from ingest.clean import clean_pages

    # pypdf reads a tabular page header as four lines on some pages and as one joined line on the
    # rest; the four-line variant stands on too few pages for any one line to count as running
    block = ["Id og proces Titel Version", "4.1 Udarbejdelse og ændring", "af en fælles standard", "MBK 3.0.0 Oktober 2022"]
    joined = "Id og proces Titel Version 4.1 Udarbejdelse og ændring af en fælles standard MBK 3.0.0 Oktober 2022"
    events = ["indlæggelse", "udskrivning", "orlov", "dødsfald", "overflytning", "ambulant besøg", "annullering",
              "rettelse", "afslutning", "genindlæggelse", "akut modtagelse", "hjemsendelse"]
    pages = []
    for n, event in enumerate(events, 1):
        head = block if n % 4 == 0 else [joined]
        body = [f"Regler ved {event}", f"Sygehuset sender et advis ved {event}, og kommunen modtager det.",
                f"Ved {event} kvitterer modtagersystemet."]
        pages.append("\n".join([*head, *body]))
    cleaned = clean_pages(pages)
    for page in cleaned:
        assert page.text.split("\n")[0].startswith("Regler ved"), page.text


def test_the_covers_copy_of_a_header_block_written_slightly_otherwise_is_removed_there() -> None:
    from ingest.clean import clean_pages

    # The cover carries the header row of every page with other punctuation, an extra word and
    # another month ("MedCom standard | Id og titel … Januar 2023" over "MedCom-standard | Titel …
    # Oktober 2022"); a body line that shares some of its words stays.
    header = "Id og proces: 4.1 Udarbejdelse af en fælles-standard | Titel: Advis om ophold | Dato: Oktober 2022"
    cover = "Id og proces: 4.1. Udarbejdelse af en fælles standard | Id og titel: Advis om ophold | Dato: Januar 2023"
    pages = [f"{cover}\nADVIS OM OPHOLD\nUSE CASES"]
    for n, event in enumerate(["indlæggelse", "udskrivning", "orlov", "dødsfald", "overflytning"], 2):
        pages.append(f"{header}\nRegler ved {event}\nAdvis om ophold sendes ved {event}.")
    pages.append(f"{header}\nUdarbejdelse af en fælles standard for advis tager et år.\nSlut.")
    cleaned = clean_pages(pages)
    assert cleaned[0].text == "ADVIS OM OPHOLD\nUSE CASES"
    assert all(page.text.startswith("Regler ved") for page in cleaned[1:-1])
    assert cleaned[-1].text.startswith("Udarbejdelse af en fælles standard for advis")


def test_a_long_report_title_in_capitals_over_a_few_chapter_openings_is_removed_there() -> None:
    from ingest.clean import clean_pages

    # the title stands over 3 of 40 pages, fewer than one in ten: a short capitals line or a
    # sentence repeated at the same place on as many pages stays
    title = "STYRKET INDSATS FOR BORGERNE – FAGLIGT GRUNDLAG FOR EN PLAN"
    words = "tvang sengepladser akuttelefon forskning rehabilitering misbrug børn unge ældre pårørende".split()
    pages = []
    for n in range(1, 41):
        top = [str(n + 4), title] if n % 13 == 0 else []
        topic = f"{words[n % 10]} og {words[(n // 10) % 10]}"
        lead = "BILAG" if n % 10 == 5 else f"Om {topic} siger oplægget noget nyt."
        pages.append("\n".join([*top, lead, f"Indsatsen for {topic} styrkes.", f"Side {n} af 40"]))
    cleaned = clean_pages(pages)
    for page in cleaned:
        assert title not in page.text, page.text
    assert cleaned[4].text.startswith("BILAG")
    assert cleaned[12].text.startswith("Om forskning og sengepladser")


def test_a_word_in_spaced_capitals_becomes_one_word_but_initials_stay_apart() -> None:
    from ingest.clean import normalise_line

    assert normalise_line("R E F E R A T") == "REFERAT"
    assert normalise_line("Punktet blev V E D T A G E T.") == "Punktet blev VEDTAGET."
    assert normalise_line("Region H og A B C") == "Region H og A B C"  # three letters: initials, not a word


def test_a_symbol_fonts_private_use_bullet_is_a_bullet() -> None:
    pages = clean_pages(["Indsatser\n\uf0b7 Kulturelt samvirke etableres\n\uf0b7 Projektkatalog opdateres årligt"])
    assert pages[0].text == "Indsatser\n• Kulturelt samvirke etableres\n• Projektkatalog opdateres årligt"
    assert len(pages[0].text) == len("Indsatser\n\uf0b7 Kulturelt samvirke etableres\n\uf0b7 Projektkatalog opdateres årligt")
