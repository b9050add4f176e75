from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from api.answer import normalise, split_sentences
from api.engine import Arkiv
from tests.api.passages import one_passage


def test_akuttelefon_status_is_answered_from_the_agenda_with_verified_quotes(arkiv: Arkiv) -> None:
    answer = arkiv.ask("hvad er status på akuttelefonen?")
    assert answer.found
    assert any("akuttelefon" in c.quote.lower() for c in answer.citations)
    assert any(c.document.startswith("2024-12-05-danske-regioner") for c in answer.citations)
    for c in answer.citations:
        assert f"[{c.n}]" in answer.answer


def test_every_quote_occurs_on_its_cited_page(arkiv: Arkiv) -> None:
    for question in ["Hvad siger anbefaling 25?", "Hvor mange ordinære møder holder rådet om året?",
                     "Hvad besluttede udvalget om status for 10-årsplanen?"]:
        answer = arkiv.ask(question)
        assert answer.citations, question
        for c in answer.citations:
            page = next(p for p in arkiv.pages(c.doc_id) if p["number"] == c.page)
            assert normalise(c.quote) in normalise(page["text"])


def test_question_outside_the_corpus_is_not_answered(arkiv: Arkiv) -> None:
    answer = arkiv.ask("hvad koster en ny psykiatrisk skadestue i Aarhus?")
    assert not answer.found and answer.citations == []
    assert "ikke finde" in answer.answer


def test_recommendation_that_does_not_exist_is_not_answered(arkiv: Arkiv) -> None:
    assert not arkiv.ask("Hvad siger anbefaling 38 i det faglige oplæg?").found


def test_named_recommendation_is_ranked_first(arkiv: Arkiv) -> None:
    hits = arkiv.search("hvad siger anbefaling 25?", k=3)
    assert hits[0].hit.payload["recommendation"] == 25


def test_how_many_question_quotes_the_sentence_that_states_the_number_first(arkiv: Arkiv) -> None:
    answer = arkiv.ask("Hvor mange ordinære møder holder rådet om året?")
    assert answer.citations[0].quote.startswith("Der afholdes 2 ordinære møder")


def test_recommendation_is_quoted_from_the_passage_under_its_heading(arkiv: Arkiv) -> None:
    answer = arkiv.ask("Hvad siger anbefaling 25?")
    assert "pårørende" in answer.citations[0].quote.lower()


def test_a_quote_from_a_chunk_that_begins_mid_sentence_starts_at_the_sentence(arkiv: Arkiv) -> None:
    from api.answer import build_answer

    page_text = ("Regionerne har oprettet en akuttelefon. Den nationale psykiatriske akuttelefon skal "
                 "bygge på de nuværende systemer 1818 og 1813 og åbne i 2026. Flere detaljer følger.")
    start = page_text.index("bygge på")  # the chunk was cut inside the second sentence
    ranked, pages = one_passage(page_text[start:], document="agenda.pdf", title="Dagsorden", section="Punkt 1",
                                page=3, page_text=page_text, start=start)
    answer = build_answer("Hvilke systemer skal akuttelefonen bygge på?", ranked, pages, arkiv.analyzer, threshold=0.0)
    assert answer.found
    assert answer.citations[0].quote.startswith("Den nationale psykiatriske akuttelefon skal bygge på")


def test_a_quote_from_a_chunk_that_ends_mid_sentence_ends_with_the_sentence(arkiv: Arkiv) -> None:
    from api.answer import build_answer, verify_quote

    page_text = ("Der er gjort erfaringer med særlige pladser. En evaluering fra 2021 peger på (64), at de "
                 "særlige pladser fremstår som virksomme, men med svære rammevilkår. Andre forhold nævnes ikke.")
    end = page_text.index(" de særlige")  # the chunk was cut inside the second sentence
    ranked, pages = one_passage(page_text[:end], document="rapport.pdf", title="Rapport", section="Pladser",
                                page=4, page_text=page_text)
    answer = build_answer("Hvad viste evalueringen fra 2021 af de særlige pladser?", ranked, pages, arkiv.analyzer,
                          threshold=0.0)
    quote = next(c.quote for c in answer.citations if "evaluering" in c.quote)
    assert quote.endswith("men med svære rammevilkår.") and verify_quote(quote, 4, "d", pages)


def test_a_figures_numbers_do_not_complete_the_caption_sentence_before_them(arkiv: Arkiv) -> None:
    from api.answer import build_answer

    # a figure's values read after its caption, longer than a heading, shorter than the quote limit
    axis = " ".join(str(n) for n in range(19, 700, 14))
    page_text = f"Der tages generelt forbehold for oplysninger om respiratorbehandling. {axis}"
    ranked, pages = one_passage(page_text, document="status.pdf", title="Statusrapport", section="Figur 3", page=10)
    answer = build_answer("Hvilke forbehold tages for oplysninger om respiratorbehandling?", ranked, pages, arkiv.analyzer, threshold=0.0)
    assert answer.found
    assert [c.quote for c in answer.citations] == ["Der tages generelt forbehold for oplysninger om respiratorbehandling."]


def test_the_fitted_sentence_model_chooses_which_sentence_of_the_first_passage_opens_the_answer(arkiv: Arkiv) -> None:
    import numpy as np

    from api.answer import SENTENCE_FEATURES, build_answer
    from api.rank import LinearModel

    page_text = ("Udvalget drøftede ventetiden på psykologbehandling og bad om en ny status på ventetiden. "
                 "Den gennemsnitlige ventetid var 23 uger i 2024.")
    ranked, pages = one_passage(page_text, document="referat.pdf", title="Referat", section="Punkt 4", page=2)
    question = "Hvad er ventetiden på psykologbehandling?"
    hand = build_answer(question, ranked, pages, arkiv.analyzer, threshold=0.0)
    assert hand.citations[0].quote.startswith("Udvalget drøftede")  # more of the question's words
    n = len(SENTENCE_FEATURES)
    # a model that weighs only the sentence's place, preferring later ones: the model decides, not the words
    coef = np.array([-1.0 if f == "position" else 0.0 for f in SENTENCE_FEATURES])
    model = LinearModel(SENTENCE_FEATURES, np.zeros(n), np.ones(n), coef, 0.0, "test")
    fitted = build_answer(question, ranked, pages, arkiv.analyzer, threshold=0.0, sentence_model=model)
    assert fitted.citations[0].quote == "Den gennemsnitlige ventetid var 23 uger i 2024."


def test_the_sentence_nearest_the_question_in_meaning_opens_the_answer_when_the_model_weighs_the_cosine(
        arkiv: Arkiv) -> None:
    from api.answer import SENTENCE_FEATURES, SentenceVectors, build_answer
    from api.rank import LinearModel
    from ingest.sentences import passage_sentences

    # A model that weighs the cosine alone: the choice is the cosine's, whatever the words say.
    page_text = ("Udvalget drøftede ventetiden og bad forvaltningen om en ny orientering på næste møde. "
                 "Borgere må i gennemsnit vente 23 uger, før de kan komme til hos en psykolog.")
    ranked, pages = one_passage(page_text, document="referat.pdf", title="Referat", section="Punkt 4", page=2)
    question = "Hvor længe skal man vente på at få hjælp hos en psykolog?"
    n = len(SENTENCE_FEATURES)
    coef = np.array([1.0 if f == "cosine" else 0.0 for f in SENTENCE_FEATURES])
    model = LinearModel(SENTENCE_FEATURES, np.zeros(n), np.ones(n), coef, 0.0, "test")
    # the passage's sentences embedded as ingest keeps them, the question as search embeds it
    kept = {"c": arkiv.embedder.passages(passage_sentences(page_text))}
    vectors = SentenceVectors(arkiv.embedder.query(question), lambda ids: {i: kept[i] for i in ids if i in kept})
    assert vectors.cosines(ranked[0].hit, passage_sentences(page_text)).argmax() == 1
    fitted = build_answer(question, ranked, pages, arkiv.analyzer, threshold=0.0, sentence_model=model,
                          vectors=vectors)
    assert fitted.citations[0].quote.startswith("Borgere må i gennemsnit vente 23 uger")
    # an index that keeps no sentence vectors: no cosines (the other features choose)
    blind = SentenceVectors(arkiv.embedder.query(question), lambda ids: {})
    assert blind.cosines(ranked[0].hit, passage_sentences(page_text)) is None


def test_a_quote_takes_the_cosine_of_the_kept_sentence_it_holds_or_lies_in(arkiv: Arkiv) -> None:
    from api.answer import SentenceVectors
    from ingest.sentences import passage_sentences

    text = ("Kystrådet mødtes i Havnestyrelsens lokaler. Ventetiden på en plads i Solbakken er nu 14 uger, "
            "og rådet ønsker den halveret inden sommeren. Næste møde holdes i marts.")
    ranked, _ = one_passage(text, document="referat.pdf", title="Referat", section="Punkt 2")
    kept = passage_sentences(text)
    rows = arkiv.embedder.passages(kept)
    question = arkiv.embedder.query("Hvor længe venter man på en plads i Solbakken?")
    vectors = SentenceVectors(question, lambda ids: {"c": rows})
    expected = rows @ question
    # a quote as the page gives it: the heading's words before it, a line break's hyphen in it
    quotes = ["Punkt 2 " + kept[1], kept[2].replace("marts", "mar- ts")]
    got = vectors.cosines(ranked[0].hit, quotes)
    assert got is not None and np.allclose(got[0], expected[1]) and np.allclose(got[1], expected[2])


def test_a_quote_cut_by_its_pages_end_mid_sentence_is_marked_as_running_on_in_the_answer(arkiv: Arkiv) -> None:
    from api.answer import build_answer

    page_one = ("Kystrådet drøftede havnebadet. Rådet anbefaler, at havnebadet i Hedeby holdes åbent hele "
                "sommeren, og at livredderne fra stranden")
    ranked, _ = one_passage(page_one, document="referat.pdf", title="Referat", section="Punkt 3", page=1)
    question = "Hvad anbefaler rådet om havnebadet i Hedeby?"

    def pages(next_page: str):
        return lambda doc_id: [{"number": 1, "label": "1", "offset": 0, "text": page_one},
                               {"number": 2, "label": "2", "offset": len(page_one), "text": next_page}]
    answer = build_answer(question, ranked, pages("også dækker badet i weekenderne. Punkt 4."), arkiv.analyzer,
                          threshold=0.0)
    quote = answer.citations[0].quote
    assert quote.endswith("livredderne fra stranden") and f"{quote} … [1]" in answer.answer
    # the next page opens something else (a new item): the line ended there, nothing is marked
    other = build_answer(question, ranked, pages("Punkt 4. Eventuelt."), arkiv.analyzer, threshold=0.0)
    assert "…" not in other.answer and other.citations[0].quote == quote


def test_a_shipped_sentence_model_fits_the_sentence_features() -> None:
    # `arkiv train` ships the fitted sentence choice only when it beats the hand-set score on
    # held-out folds; when it ships one, it must be one the answer code can load.
    from api.answer import SENTENCE_FEATURES, SENTENCE_PATH
    from api.rank import LinearModel

    if SENTENCE_PATH.is_file():
        assert LinearModel.load(SENTENCE_PATH, SENTENCE_FEATURES) is not None  # else: run `arkiv train`


def test_a_long_table_row_is_quoted_in_runs_of_whole_cells() -> None:
    from api.answer import _MAX_QUOTE_CHARS, _cell_runs, _is_debris

    row = " | ".join(f"Kolonne {i}: værdi nummer {i} med lidt tekst om ansøgningen" for i in range(20))
    runs = _cell_runs(row)
    assert len(runs) > 1 and all(len(r) <= _MAX_QUOTE_CHARS for r in runs)
    assert " | ".join(runs) == row  # every cell kept, none cut, in order
    assert _is_debris("5000 4000 3000 2000 1000 0") and _is_debris("1 8 51 22 92 63 34 05 75")
    assert not _is_debris("Udgiften anslås til 2,4 mio. kr. om året i de første tre år.")


def test_a_cell_a_spreadsheet_printed_as_hashes_is_no_answer() -> None:
    from api.answer import _is_debris

    assert _is_debris("Indstillet beløb: #######")
    assert not _is_debris("Nr: 5 | Ansøger: Foreningen Lys | Indstillet beløb: #######")  # the other cells speak


def test_a_tables_header_row_states_nothing_but_its_value_rows_do() -> None:
    from api.answer import _is_debris

    header = "Antal pladser med respirator | Aktuelt tilgængelige | Antal der kan frigøres til COVID-19 | I alt"
    assert _is_debris(header)  # column names only ("COVID-19" is a name, not a value)
    assert not _is_debris("Region | Aktuelt tilgængelige pladser 120 | Kan frigøres 35 | I alt 155")
    assert not _is_debris("Indsats: Akuttelefon | Status: Afventer | Næste skridt: Udpegning")  # a row read with headers


def test_an_agenda_items_empty_parts_are_no_answer() -> None:
    from api.answer import _is_debris

    assert _is_debris("Kommunikation Ingen bemærkninger Bilag") and _is_debris("Økonomi: Intet at bemærke")
    assert not _is_debris("Udvalget havde ingen bemærkninger til indstillingen.")  # a statement


def test_a_caption_is_debris_but_a_sentence_pointing_to_a_figure_is_not() -> None:
    from api.answer import _is_debris

    assert _is_debris("Figur fra overvågningsrapporten, opdateret 30. marts 2020 Figur 9.")
    assert _is_debris("Figur 3. Antal indlagte pr. dag") and _is_debris("Kilde: Danmarks Statistik, 2021")
    assert _is_debris("Tabel 2: Udgifter fordelt på regioner")
    assert not _is_debris("Antallet af indlagte steg til 500 i april, jf. figur 2.")
    assert not _is_debris("Figur 9 beskriver, hvordan planen kan justeres undervejs.")


@pytest.mark.parametrize("text, sentences", [
    ("Besparelsen er således ca. 599 kr. pr. døgn. Det er en tredjedel.",
     ["Besparelsen er således ca. 599 kr. pr. døgn.", "Det er en tredjedel."]),
    ("Mødet holdes d. 24. april kl. 13.30, hvor sagen behandles. Alle er inviteret.",
     ["Mødet holdes d. 24. april kl. 13.30, hvor sagen behandles.", "Alle er inviteret."]),
    ("Oplægget holdes af H. C. Hansen fra Region Midtjylland. Derefter drøftelse.",
     ["Oplægget holdes af H. C. Hansen fra Region Midtjylland.", "Derefter drøftelse."]),
    ("Udgiften er 3,0 mio. kr. i 2025. I 2026 er den 4,5 mio. kr.",
     ["Udgiften er 3,0 mio. kr. i 2025.", "I 2026 er den 4,5 mio. kr."]),
])
def test_a_sentence_is_not_cut_at_an_abbreviations_full_stop(text: str, sentences: list[str]) -> None:
    assert split_sentences(text) == sentences


def test_a_sentence_ending_in_the_preposition_i_is_still_a_sentence() -> None:
    assert split_sentences("Det er uklart, hvilken lov tilbuddet skal forankres i. Udvalget drøftede det.") == \
        ["Det er uklart, hvilken lov tilbuddet skal forankres i.", "Udvalget drøftede det."]


@pytest.mark.parametrize("text, sentences", [
    ("Notatet supplerer ’COVID-19 i Danmark. Epidemiens første bølge. Status og strategi’ af 23. marts 2020. Se bilag.",
     ["Notatet supplerer ’COVID-19 i Danmark. Epidemiens første bølge. Status og strategi’ af 23. marts 2020.",
      "Se bilag."]),
    ("Rapporten »Bedre psykiatri. Nu« udkom i maj. Den blev drøftet.",
     ["Rapporten »Bedre psykiatri. Nu« udkom i maj.", "Den blev drøftet."]),
    # a closing mark right before a code or a footnote number still closes
    ("Send ‘Varsel om bådophold’[VBO] til havnen. Derefter kvitteres.",
     ["Send ‘Varsel om bådophold’[VBO] til havnen.", "Derefter kvitteres."]),
    ("Man vil ’lægge år til livet’36. Vi ved mere nu.", ["Man vil ’lægge år til livet’36.", "Vi ved mere nu."]),
    # the genitive apostrophe opens nothing: the sentences after it are cut as usual
    ("Jens’ politik gælder fra 2009. Den revideres i 2013. Så evalueres den.",
     ["Jens’ politik gælder fra 2009.", "Den revideres i 2013.", "Så evalueres den."]),
])
def test_a_sentence_is_not_cut_inside_a_quoted_title(text: str, sentences: list[str]) -> None:
    assert split_sentences(text) == sentences


def test_a_timetable_entry_is_one_quote_with_its_date() -> None:
    from api.answer import _pieces

    text = ("Tidsplan:\nJuni 2012: Kultur-kick: Tryk af 100 stk. T-shirts\nSept. 2012: Et råd etableres og\n"
            "holder sit første møde\n2. kvartal 2013: Evaluering\nProjektet evalueres herefter årligt.")
    pieces, rows = _pieces(text)
    entries = [pieces[i] for i in sorted(rows)]
    assert entries == ["Juni 2012: Kultur-kick: Tryk af 100 stk. T-shirts",
                       "Sept. 2012: Et råd etableres og holder sit første møde", "2. kvartal 2013: Evaluering"]
    assert pieces[-1] == "Projektet evalueres herefter årligt."


def test_each_line_of_a_facts_block_is_one_quote_with_its_label() -> None:
    from api.answer import _pieces

    text = ("Hedeby Kommune\nElektronisk ISBN: 978-87-0000-000-0\nSprog: Dansk\nVersion: 2.1\n"
            "Versionsdato: 3. maj 2021\nBemærk: Rapporten kan frit citeres med kildeangivelse.\n"
            "Rapporten er udgivet af Hedeby Kommune.")
    pieces, rows = _pieces(text)
    assert [pieces[i] for i in sorted(rows)] == ["Elektronisk ISBN: 978-87-0000-000-0", "Sprog: Dansk", "Version: 2.1",
                                                 "Versionsdato: 3. maj 2021",
                                                 "Bemærk: Rapporten kan frit citeres med kildeangivelse."]
    # one label line alone is prose: it may open a sentence that wraps onto the next line
    alone, rows = _pieces("Bemærk: Rapporten kan frit citeres\nmed kildeangivelse. Den er udgivet i 2021.")
    assert not rows and alone[-1] == "Den er udgivet i 2021."


def test_a_long_heading_of_the_passage_is_not_quoted_as_the_first_words_of_the_sentence_under_it() -> None:
    from api.answer import _pieces

    decision = "Beslutning i Udvalget for Havn, Kyst og Kultur (HKK) den 12-05-2024"  # over 70 characters
    caption = "Figur 4. Antal gæster i Café Solsort fordelt på ugedag og tidspunkt på dagen"
    title = "7. En styrket indsats for de frivillige i havnens foreninger og klubber i hele kommunen"
    text = (f"{decision}\nPunktet blev drøftet og sendes videre til byrådet.\n{caption}\n"
            f"Det samlede antal gæster ses i figur 5.")
    pieces, _ = _pieces(text, headings=frozenset({decision, caption}))
    assert "Punktet blev drøftet og sendes videre til byrådet." in pieces
    assert "Det samlede antal gæster ses i figur 5." in pieces
    # An item's earlier decision further down the passage is known by its dated decision heading.
    later, _ = _pieces(f"{decision}\nPunktet blev drøftet.\nBeslutning i Udvalget for Havn, Kyst og Kultur (HKK) den "
                       f"09-06-2024\nSagen genoptages på næste møde.", headings=frozenset({decision}))
    assert "Sagen genoptages på næste møde." in later
    # A numbered recommendation's title stays the first words of its first sentence: it says whose it is.
    recommendation, _ = _pieces(f"{title}\nForeningerne skal have bedre vilkår.", headings=frozenset({title}))
    assert recommendation == [f"{title} Foreningerne skal have bedre vilkår."]
    # A line that is no heading of the passage still runs on into the next one.
    glued, _ = _pieces("Dette er en lang linje uden punktum som fortsætter på den næste linje i teksten\nHedeby "
                       "Kommune står for resten.", headings=frozenset({decision}))
    assert len(glued) == 1


def test_a_figures_dated_caption_or_source_line_is_not_quoted_as_the_first_words_of_the_sentence_under_it() -> None:
    from api.answer import _is_debris, _pieces

    source = ("Figurer fra overvågningsrapporterne om influenza, udarbejdet af Hedeby Kommunes "
              "sundhedsafdeling, opdateret 3. februar 2026")  # no heading of the passage, over 70 characters
    pieces, _ = _pieces(f"{source}\nDet samlede antal indlagte ses i figur 11.")
    assert "Det samlede antal indlagte ses i figur 11." in pieces
    assert source in pieces and not _is_debris(source)  # a question may ask for the figure's source
    caption = "Figur 3: Antal gæster i Café Solsort fordelt på måned og ugedag i årene fra 2019 til 2025"
    captioned, _ = _pieces(f"{caption}\nGæsterne kommer oftest om lørdagen.")
    assert "Gæsterne kommer oftest om lørdagen." in captioned
    # A source line that does not end in a year may have wrapped: it runs on as before.
    wrapped, _ = _pieces("Kilde: Indberetninger fra kommunerne, samlet af Hedeby Kommunes sundhedsafdeling og\n"
                         "Kystrådet.")
    assert any(p.startswith("Indberetninger") and p.endswith("og Kystrådet.") for p in wrapped)
    # Prose that opens like a source line is no caption.
    assert not _is_debris("Tabeller fra kommunens regnskab viser, at udgifterne steg med 4 mio. kr.")


def test_an_amount_under_a_money_header_states_money() -> None:
    from api.answer import STATES

    assert STATES["money"].search("Ansøgt beløb: 581.640 | Indstillet beløb: 140.000")
    assert STATES["money"].search("Tilskud (kr.): 40.000")
    assert not STATES["money"].search("Antal borgere: 30 | Frivillige: 15")


def test_a_numbered_list_item_keeps_its_number_and_an_address_number_stays_put() -> None:
    from api.answer import _pieces

    items = ("Forslagene\n1. Løft socialpsykiatrien, så borgere med behov for social støtte hurtigt modtager en\n"
             "fagligt specialiseret indsats.\n2. Løft behandlingspsykiatrien.\n3. Løft forskningen.")
    assert _pieces(items)[0] == ["Forslagene", "1. Løft socialpsykiatrien, så borgere med behov for social støtte "
                                 "hurtigt modtager en fagligt specialiseret indsats.", "2. Løft behandlingspsykiatrien.",
                                 "3. Løft forskningen."]
    address = "Mødet holdes i lokalerne på Islands Brygge\n57. Her følger vi op."
    assert split_sentences(address)[0].endswith("Brygge\n57.")


def test_a_chosen_sentence_that_follows_another_joins_its_quote() -> None:
    from api.answer import _completed, _Sentence

    first = _Sentence("Punktet blev drøftet.", 4, "4", 1.0, 0, "Sagen genoptages på næste møde.", 1.0)
    second = _Sentence("Sagen genoptages på næste møde.", 4, "4", 0.9, 0, "", 1.0)
    other = _Sentence("Udvalget tog orienteringen til efterretning.", 5, "5", 0.8, 1, "", 1.0)
    assert [s.text for s in _completed([first, second, other])] == [
        "Punktet blev drøftet. Sagen genoptages på næste møde.", "Udvalget tog orienteringen til efterretning."]


def test_a_chunk_begun_after_a_quoted_titles_full_stop_is_quoted_from_its_sentences_start() -> None:
    from api.answer import _lead_in

    text = "Intro. Notatet supplerer ’COVID-19 i Danmark. Epidemiens første bølge’ med nye tal om kapaciteten."
    start = text.index("med nye tal")
    assert _lead_in({"offset": 0, "text": text}, start) == "Notatet supplerer ’COVID-19 i Danmark. Epidemiens første bølge’ "
    amount = "Prisen er kr. 2.100 om måneden for ophold."
    assert _lead_in({"offset": 0, "text": amount}, amount.index("om måneden")) == "Prisen er kr. 2.100 "


def test_a_line_ending_in_og_does_not_end_its_sentence_as_a_heading() -> None:
    from api.answer import _pieces

    text = ("Ordningen afprøves lige nu i Hedeby Kommune, Vestlund Kommune og\nNørrekær Kommune.\n"
            "Videre proces\nUdvalget drøfter sagen igen i marts.")
    pieces, _ = _pieces(text)
    assert "Ordningen afprøves lige nu i Hedeby Kommune, Vestlund Kommune og Nørrekær Kommune." in pieces
    assert "Udvalget drøfter sagen igen i marts." in pieces  # a real heading still stands apart


def test_what_was_decided_is_answered_by_the_text_under_the_decision_heading(arkiv: Arkiv) -> None:
    # Minutes put the item's title, its case number, "Beslutninger" and the decision in one passage;
    # the proposal below repeats the question's words but is not what the council decided.
    from api.answer import build_answer

    text = ("Punkt 2: Svar på forslag om at sikre Grillbarens fremtid på Hedeby Havn\nEMN-2025-003383\n"
            "Beslutninger\nFremsendes til Teknisk Udvalg til behandling.\nBaggrund:\n"
            "Byrådet træffer en principbeslutning om, at Grillbaren skal have en permanent plads på Hedeby Havn.")
    ranked, pages = one_passage(text, document="referat.pdf", title="Referat Hedeby Byråd",
                                section="Punkt 2. Svar på forslag om at sikre Grillbarens fremtid på Hedeby Havn")
    answer = build_answer("Hvad besluttede byrådet om Grillbaren?", ranked, pages, arkiv.analyzer, threshold=0.0)
    assert answer.found and answer.citations[0].quote == "Fremsendes til Teknisk Udvalg til behandling."
    # Asked how the matter stands, the item's title row is no answer either.
    answer = build_answer("Hvad er status på forslaget om Grillbaren på byrådsmødet?", ranked, pages, arkiv.analyzer,
                          threshold=0.0)
    assert answer.found and not answer.citations[0].quote.startswith("Punkt 2")
    # Asked for the item's case number, the item's row is still the answer.
    answer = build_answer("Hvilket sagsnummer har punktet om Grillbaren?", ranked, pages, arkiv.analyzer, threshold=0.0)
    assert answer.found and "EMN-2025-003383" in answer.citations[0].quote


def test_text_flowing_in_from_another_cell_is_cut_off_and_not_quoted() -> None:
    from api.answer import _flowed_in, _pieces

    # A status table read column-wise: one cell's last sentence, then another cell's tail.
    pieces, _ = _pieces("Afventer mødeindkaldelse og regional udpegning. nedbringe ventetider og tilbagefald "
                        "for målgruppen. Prisen er 500 kr. ekskl. moms.")
    assert pieces == ["Afventer mødeindkaldelse og regional udpegning.",
                      "nedbringe ventetider og tilbagefald for målgruppen.", "Prisen er 500 kr. ekskl. moms."]
    assert _flowed_in(pieces, 1) and not _flowed_in(pieces, 0) and not _flowed_in(pieces, 2)


def test_a_timeline_sentence_never_reaches_back_over_a_name_or_cell_line() -> None:
    from api.timeline import whole_sentence

    page = ("Teamleder Jonas\nKrog Holm &\nteamleder Anna Marie\nHolm-Sørensen, Kystrådet\n"
            "Højere kvalitet i indsatsen for børn og\nunge med autisme\nHavnestyrelsen, Hedeby\n"
            "og Kystrådet er\nmødtes i første halvår 2024.")
    assert whole_sentence("og Kystrådet er mødtes", page) == \
        "Havnestyrelsen, Hedeby og Kystrådet er mødtes i første halvår 2024."


def test_a_figures_axis_inside_a_sentence_makes_it_debris_but_a_rows_amounts_do_not() -> None:
    from api.answer import _is_debris

    assert _is_debris("Rapporter om COVID-19, opdateret 30. marts 2020 0 5 10 15 20 25 30 35 40 Indlagte på intensiv.")
    assert not _is_debris("Ansøger: Foreningen | Tidl. beløb: 20000 40000 40000 40000 40000 | Ansøgt beløb: 70.000")
    assert not _is_debris("Der blev afholdt 5 kurser i 2011 og 7 kurser i 2012.")


def test_per_before_a_date_ends_no_sentence() -> None:
    assert split_sentences("Indlagte på intensivafdeling pr. 29. marts 2020 var 146. Tallet stiger.") == [
        "Indlagte på intensivafdeling pr. 29. marts 2020 var 146.", "Tallet stiger."]


def test_the_run_of_a_table_row_that_states_the_asked_for_amount_is_quoted_after_the_one_naming_it(arkiv: Arkiv) -> None:
    """A long row is quoted in runs of cells: the question's words find the run naming the applicant,
    the answer is in the run with the amounts; both are one record."""
    from api.answer import build_answer

    purpose = "Foreningen tilbyder rådgivning og samvær for unge udsatte og hjemløse i en hjemlig lejlighed. " * 3
    row = (f"Nr: 56 | Målgruppen: Børn og unge | AnsøgerNavn: Ungdommens Røde Kors | Projekttitel: Aktivitetslejlighed "
           f"med udsigt til fremtiden | Bydel: Nørrebro | Hovedformål: {purpose.strip()} | Antal borgere: 100 | "
           f"Ansøgt beløb: 601.500 | Søges 3årig?: Ja | Indstillet beløb: 100.000 | Begrundelse: Til det ansøgte.")
    ranked, pages = one_passage(row, document="liste.pdf", title="Ansøgningsliste", section="Målgruppen: Børn og unge")
    answer = build_answer("Ungdommens Røde Kors aktivitetslejlighed på Nørrebro, indstillet beløb", ranked, pages, arkiv.analyzer,
                          threshold=0.0)
    assert answer.found
    assert "Ungdommens Røde Kors" in answer.citations[0].quote
    assert "Indstillet beløb: 100.000" in answer.citations[1].quote


def _first_quote(arkiv: Arkiv, question: str, page_text: str, **where: str) -> str:
    """The first quote /ask's answer gives from one passage (``where``: its document, title and
    section); the question must be answered."""
    from api.answer import build_answer

    ranked, pages = one_passage(page_text, **where)
    answer = build_answer(question, ranked, pages, arkiv.analyzer, threshold=0.0)
    assert answer.found, question
    return answer.citations[0].quote


def test_asked_about_an_annex_the_line_listing_it_under_the_annex_heading_is_quoted(arkiv: Arkiv) -> None:
    # an item of council minutes ends with its list of annexes: short lines, no sentence
    page_text = ("Beslutninger\nFremsendes til Teknik og Miljø med henblik på udarbejdelse af en indstilling.\n"
                 "Forslaget skal give flere grønne arealer i Vestby og bedre stier mellem skolerne.\n"
                 "Anna Holm, Hedebylisten\nBilag\nBeslutningsforslag fra Hedebylisten om grønne arealer, 12.05.2025\n"
                 "Notat om stier, 20.05.2025\n")
    where = dict(document="byraad_referat.pdf", title="Referat", section="Punkt 7. Forslag om grønne arealer")
    quote = _first_quote(arkiv, "Hvilken dato har beslutningsforslaget om grønne arealer, der ligger som bilag?",
                         page_text, **where)
    assert quote == "Beslutningsforslag fra Hedebylisten om grønne arealer, 12.05.2025"
    # not asked about an annex, the list is no answer
    quote = _first_quote(arkiv, "Hvad skal forslaget om grønne arealer give?", page_text, **where)
    assert "Bilag" not in quote and "12.05.2025" not in quote


def test_asked_which_figure_shows_something_its_caption_is_quoted(arkiv: Arkiv) -> None:
    # a report's page: prose, then a caption whose label the extraction cut off on a line of its own
    page_text = ("Antallet af borgere i kommunens genoptræning er steget hvert år siden 2015.\n"
                 "Figur 3:\nUdvikling i antallet af borgere i genoptræning i Hedeby Kommune Kilde:\n"
                 "Hedeby Kommunes sundhedsdata, 2024.\n")
    where = dict(document="rapport.pdf", title="Genoptræning i Hedeby", section="2. Udviklingen")
    quote = _first_quote(arkiv, "Hvilken figur viser udviklingen i antallet af borgere i genoptræning?", page_text,
                         **where)
    assert quote == "Figur 3: Udvikling i antallet af borgere i genoptræning i Hedeby Kommune"
    # asked what happened, the caption is no answer
    quote = _first_quote(arkiv, "Hvordan har antallet af borgere i genoptræning udviklet sig?", page_text, **where)
    assert not quote.startswith("Figur")


def test_a_schedules_date_line_and_the_line_saying_what_happens_that_day_are_one_quote(arkiv: Arkiv) -> None:
    page_text = ("Herunder udkast til mødeplan for 2026\nTirsdag den 3. marts 2026\nBesøg i Region Sjælland\n"
                 "Onsdag den 10. juni 2026\nMøde i Regionshuset, Viborg\nFredag den 2. oktober 2026\n"
                 "Besøg i Region Syddanmark\n")
    quote = _first_quote(arkiv, "Hvornår besøger udvalget Region Syddanmark?", page_text,
                         document="dagsorden.pdf", title="Dagsorden", section="Punkt 7. Mødeplan")
    assert quote == "Fredag den 2. oktober 2026 Besøg i Region Syddanmark"



def test_a_pages_date_line_and_the_footnote_under_it_are_no_schedule_entry() -> None:
    from api.answer import _pieces

    pieces, rows = _pieces("30. marts 2020\n2 Rapid Risk Assessment. Coronavirus disease 2019 (COVID-19) pandemic: "
                           "increased transmission in the EU/EEA and the UK\n")
    assert not rows and all("Coronavirus" not in p or not p.startswith("30. marts") for p in pieces)


def _ask_of_minutes(tmp_path: Path, embedder, name: str, lines: list, question: str):
    """/ask's answer to ``question`` over one page of minutes written with ``lines`` (tests/pdfgen.py),
    ingested alone into a fresh archive with the real model."""
    from api.settings import Settings
    from tests.pdfgen import write_layout_pdf

    pdf = write_layout_pdf(tmp_path / name, [lines])
    with Arkiv(Settings(data_dir=tmp_path / "data"), embedder=embedder) as arkiv:
        assert not arkiv.ingest([pdf]).skipped
        return arkiv.ask(question)


def test_a_decision_that_adopts_the_recommendation_is_answered_with_the_adopted_point(
        tmp_path: Path, embedder) -> None:
    # Council minutes: the decision only says the recommendation above was adopted; what was decided
    # is the recommendation's point, which leads the answer, the adopting decision after it.
    answer = _ask_of_minutes(tmp_path, embedder, "byraad_referat_2025-08-27.pdf", [
        ("REFERAT Hedeby Byråd d. 27-08-2025", 16, True), "Mødedato Onsdag d. 27. august 2025 kl. 16:00",
        ("Punkt 4: Svar på forslag fra V om lavere fart på Ringvejen i Vestby", 12, True), "EMN-2025-004084",
        ("Beslutninger", 11, True),
        "Tilbagesendes Teknik og Miljø med bemærkning, at byrådet i sit møde den 27. august 2025 har vedtaget "
        "Magistratens foranstående indstilling af 19. august 2025.",
        ("BESLUTNINGSFORSLAG FRA V", 11, True),
        "Venstre ønsker at sænke hastigheden på Ringvejen gennem Vestby af hensyn til sikkerheden for skolebørn.",
        ("INDSTILLING FRA MAGISTRATSAFDELINGEN FOR TEKNIK OG MILJØ", 11, True),
        "Teknik og Miljø arbejder allerede med lokale hastighedsnedsættelser på mindre veje i kommunen.",
        ("Beslutningspunkter", 11, True), "Det indstilles:",
        "at forslaget indgår i det fremadrettede arbejde på tværs af kommunen med hastighedsdæmpning.",
    ], "Hvad besluttede byrådet om forslaget om lavere fart på Ringvejen i Vestby?")
    assert answer.found
    assert "at forslaget indgår i det fremadrettede arbejde" in answer.citations[0].quote
    assert any("foranstående indstilling" in c.quote for c in answer.citations[1:])


def test_a_forms_label_heading_speaks_for_the_short_line_under_it(arkiv: Arkiv) -> None:
    # a quality standard written as a form: label lines, each with a short value under it
    page_text = ("Formål\nAt borgerne tilbydes et fællesskab med fokus på kost, motion og dialog.\n"
                 "Levering af ydelsen\nKommunens pædagogiske personale.\n"
                 "Opfølgning\nÅrlig opgørelse over antal borgere, der har haft tilbud om fællesskabet.")
    quote = _first_quote(arkiv, "Hvem står for levering af ydelsen?", page_text,
                         document="standard.pdf", title="Kvalitetsstandard", section="3. Værested")
    assert quote == "Kommunens pædagogiske personale."


def test_a_glossary_line_answers_what_its_term_stands_for_however_short(arkiv: Arkiv) -> None:
    # a standard's list of codes: "TERM: meaning" lines, cut at their colons they say nothing
    page_text = ("I use case beskrivelserne anvendes en række koder for de forskellige typer af advis.\n"
                 "Type: Beskrivelse\nSTAA: Start sygehusophold – akut ambulant\nSTIN: Start sygehusophold – indlagt\n"
                 "STOR: Start orlov\nMORS: Død")
    for question, quote in (("Hvad står koden STIN for?", "STIN: Start sygehusophold – indlagt"),
                            ("Hvad betyder STOR?", "STOR: Start orlov")):
        assert _first_quote(arkiv, question, page_text, document="standard.pdf", title="Use cases",
                            section="1.5 Termer") == quote


def test_a_case_number_on_its_labels_line_is_quoted_whole(arkiv: Arkiv) -> None:
    # a notat's header: the label's full stop before the number is no sentence's end
    page_text = "Dato 22-03-2020\nSagsnr. 4-0101-33\nPrognose og kapacitet for intensiv terapi"
    quote = _first_quote(arkiv, "Hvad er sagsnummeret på notatet om prognose og kapacitet for intensiv terapi?",
                         page_text, document="notat.pdf", title="Prognose og kapacitet for intensiv terapi", section="")
    assert quote == "Sagsnr. 4-0101-33"


def test_a_piece_cut_off_at_a_chunks_edge_is_not_quoted_whole(arkiv: Arkiv) -> None:
    # With no sentence in it, a table row or slide line is quoted whole; the tail of a sentence
    # whose beginning is in another chunk (a small letter first, or a comma last) is not.
    from api.answer import build_answer

    for fragment in ("af ventetiden til udredning i børne- og ungdomspsykiatrien i Hedeby",
                     "Ventetiden til udredning i børne- og ungdomspsykiatrien i Hedeby,"):
        ranked, pages = one_passage(fragment, document="notat.pdf", title="Notat", section="Ventetider")
        answer = build_answer("Hvad er ventetiden til udredning i Hedeby?", ranked, pages, arkiv.analyzer, threshold=0.0)
        assert not answer.found, fragment
    row = "Ventetid til udredning i Hedeby: 8 uger | Ventetid til behandling i Hedeby: 12 uger"
    ranked, pages = one_passage(row, document="notat.pdf", title="Notat", section="Ventetider")
    assert build_answer("Hvad er ventetiden til udredning i Hedeby?", ranked, pages, arkiv.analyzer, threshold=0.0).found


def test_the_kind_of_document_the_question_names_is_what_its_passages_speak_of(arkiv: Arkiv) -> None:
    # "sagsnummeret på notatet": a notat's case-number line answers, though it never says "notat".
    from api.answer import build_answer

    page_text = "Dato 22-03-2020\nSagsnr. 4-0101-33\nHåndtering af smitte i Hedeby: prognose og kapacitet\n"
    ranked, pages = one_passage(page_text, document="prognose.pdf", title="Prognose og kapacitet", section="")
    question = "Hvad er sagsnummeret på notatet?"
    assert not build_answer(question, ranked, pages, arkiv.analyzer, threshold=0.0).found  # a report, say
    ranked[0].hit.payload["kind"] = "notat"
    answer = build_answer(question, ranked, pages, arkiv.analyzer, threshold=0.0)
    assert answer.found and answer.citations[0].quote == "Sagsnr. 4-0101-33"


def test_a_footnotes_source_or_a_name_alone_is_not_quoted_as_a_statement(arkiv: Arkiv) -> None:
    from api.answer import quotable_sentences
    from api.query import content_terms, read_intent

    def quotable(question: str, page: str) -> list[str]:
        ranked, pages = one_passage(page, document="status.pdf", title="Statusrapport", section="Status")
        intent = read_intent(question)
        return [s.text for s in quotable_sentences(ranked, pages, content_terms(question, arkiv.analyzer),
                                                   arkiv.analyzer, intent, arkiv.idf)]

    page = ("Der skal dog tages højde for et varierende antal prøver, så udviklingen må tolkes med forbehold.\n"
            "3 World Health Organization.\n"
            "Anna Holm, Havnestyrelsen.\n")
    why = quotable("Why should the favourable development be read with caution?", page)
    assert why == ["Der skal dog tages højde for et varierende antal prøver, så udviklingen må tolkes med forbehold."]
    # asked who, a name alone answers (a footnote's source still does not)
    assert quotable("Hvem fra Havnestyrelsen har skrevet notatet?", page)[1:] == ["Anna Holm, Havnestyrelsen."]


def test_asked_what_was_decided_a_recommendation_is_followed_by_the_decision_recorded_on_it(
        tmp_path: Path, embedder) -> None:
    # Committee minutes: the item's recommendation words the matter; the decision under it only says
    # "Indstillingen godkendt", a line too short and bare to pass for a sentence. Asked what was
    # decided, the answer must not stop at the recommendation: it was a proposal until the decision.
    answer = _ask_of_minutes(tmp_path, embedder, "kulturudvalget_referat_2025-03-04.pdf", [
        ("Kultur- og Fritidsudvalget", 16, True), "Referat", "Dato: 04.03.2025",
        ("3. Tilskud til foreningernes sommerlejre i Hedeby Kommune", 12, True), "Sagsnr.: 2025-11234",
        ("Sagsfremstilling", 11, True),
        "Foreningerne har søgt om tilskud til sommerlejre for børn og unge i sommerferien 2025. "
        "Puljen er på 400.000 kr. og fordeles efter antallet af deltagere.",
        ("Indstilling", 11, True),
        "Kultur og Fritid indstiller, at",
        "A) Tilskuddet til foreningernes sommerlejre fordeles efter antallet af deltagere.",
        ("Kultur- og Fritidsudvalgets beslutning den 04.03.2025 Punkt 3", 11, True),
        "Indstillingen godkendt",
        "Følgende deltog ikke i behandlingen af punktet:",
        ("4. Nye åbningstider i Hedeby Svømmehal", 12, True), "Sagsnr.: 2025-11301",
        ("Sagsfremstilling", 11, True),
        "Svømmehallen foreslår at åbne en time tidligere på hverdage fra 1. maj 2025.",
    ], "Hvad blev besluttet om tilskud til foreningernes sommerlejre?")
    assert answer.found
    quotes = [c.quote for c in answer.citations]
    assert any("Indstillingen godkendt" in q for q in quotes), quotes
    assert not any(q.startswith("Følgende deltog") or q.endswith("Følgende deltog ikke i behandlingen af punktet:")
                   for q in quotes), quotes


def test_the_lines_under_a_decisions_heading_are_the_decision_however_short(arkiv: Arkiv) -> None:
    # "Punktet genoptages." is shorter than a quotable sentence; under its dated heading it is the
    # decision, and the heading is not part of the quote.
    page_text = ("Beslutning i Udvalget for Havn og Kultur (HK) den 12-05-2024\nPunktet genoptages.\n"
                 "Tidspunkt herfor fastlægges på det ordinære HK-møde den 2. juni 2024\n")
    quote = _first_quote(arkiv, "Hvad besluttede Udvalget for Havn og Kultur om punktet?", page_text,
                         document="hk_referat.pdf", title="Referat – Udvalget for Havn og Kultur",
                         section="Beslutning i Udvalget for Havn og Kultur (HK) den 12-05-2024")
    assert quote.startswith("Punktet genoptages."), quote


def test_a_notes_contact_block_is_quoted_only_when_the_contact_is_asked_for(arkiv: Arkiv) -> None:
    from api.answer import build_answer, contact_block

    block = ("KULTUR OG FRITID\nDato: 4. marts 2025\nTlf. dir.: 44 77 00 00\nE-mail: anna.holm@hedeby.dk\n"
             "Kontakt: Anna Holm\nSagsnr: 2025-11234\nNotat\nTilskud til foreningernes sommerlejre")
    assert contact_block(" ".join(block.split("\n")))
    assert not contact_block("Dato: 4. marts 2025")  # one label: a date line, not a contact block
    where = dict(document="notat_sommerlejre.pdf", title="Notat – Tilskud til foreningernes sommerlejre", section="")
    ranked, pages = one_passage(block, **where)
    about = build_answer("Hvad handler notatet om tilskud til sommerlejre om?", ranked, pages, arkiv.analyzer,
                         threshold=0.0)
    assert not any("Tlf. dir." in c.quote for c in about.citations), [c.quote for c in about.citations]
    contact = build_answer("Hvem er kontaktperson for notatet om sommerlejre?", ranked, pages, arkiv.analyzer,
                           threshold=0.0)
    assert any("Kontakt: Anna Holm" in c.quote for c in contact.citations)


def test_links_after_a_sentence_are_cut_off_and_never_quoted() -> None:
    from api.answer import _is_debris, _pieces

    pieces, _ = _pieces("Der er sendt et brev til udvalgets medlemmer om dette i starten af juli.\n"
                        "https://hedeby.dk/nyheder/2024/aftale-om-havnen https://hedeby.dk/havn\n"
                        "Næste møde holdes i august.")
    assert pieces[0] == "Der er sendt et brev til udvalgets medlemmer om dette i starten af juli."
    assert [_is_debris(p) for p in pieces] == [False, True, False]
    assert _is_debris("Læs mere: www.hedeby.dk/havn")
    assert not _is_debris("Planen findes på www.hedeby.dk/havn sammen med høringssvarene fra borgerne.")


def test_a_list_items_number_counts_nothing() -> None:
    from api.answer import stated_kinds

    assert "quantity" not in stated_kinds("10. Tidlig opsporing af børn og unge i Hedeby Kommune")
    assert "quantity" in stated_kinds("• 3. Der etableres 20 nye bådpladser i Hedeby Havn.")
    assert "quantity" in stated_kinds("Antallet af bådpladser steg til 10. Det er flere end før.")
    assert "date" in stated_kinds("10. januar 2025 holdes mødet i Havnestyrelsen.")


def test_a_short_number_after_a_phone_label_is_a_phone_number() -> None:
    from api.answer import stated_kinds

    assert "phone" in stated_kinds("Rådgivningen sker på: • Havnetelefonen - telefonnr. 116 222")
    assert "phone" in stated_kinds("Ring til vagten, tlf. 1818, hele døgnet.")
    assert "phone" in stated_kinds("Kontakt Solbakken på 44 77 35 49.")
    assert "phone" not in stated_kinds("Telefonen blev brugt 120 gange i 2024.")
    assert "phone" not in stated_kinds("Telefon 2012 2013 afløste den gamle.")


def test_asked_who_took_part_a_sentence_naming_a_person_answers(arkiv: Arkiv) -> None:
    # not a meeting's attendance block: who represented a body in a working group
    page_text = ("Arbejdsgruppen om stier i Vestby holdt sit første møde i marts. "
                 "Fra Hedeby Kommune deltog vejchef Anna Holm.")
    question = "Hvem deltog fra Hedeby Kommune i arbejdsgruppen om stier?"
    assert _first_quote(arkiv, question, page_text, document="notat.pdf", title="Notat om stier",
                        section="Arbejdsgruppen") == "Fra Hedeby Kommune deltog vejchef Anna Holm."
    # a sentence naming only the bodies the question names does not say who
    from api.answer import build_answer

    ranked, pages = one_passage("Arbejdsgruppen om stier i Vestby holdt sit første møde i marts med "
                                "deltagelse fra Hedeby Kommune.", document="notat.pdf", title="Notat om stier",
                                section="Arbejdsgruppen")
    assert not build_answer(question, ranked, pages, arkiv.analyzer, threshold=0.0).found


def test_a_decision_that_adopts_the_recommendation_brings_its_points_first_wherever_it_was_chosen(
        tmp_path: Path, embedder) -> None:
    # The recommendation's lead-in stands on a line of its own ("… indstiller, at A):") with the
    # point under it; the decision only adopts it. Asked what was decided, the point leads and the
    # adopting decision follows it, whatever else the answer quotes.
    answer = _ask_of_minutes(tmp_path, embedder, "havneudvalget_referat_2025-05-06.pdf", [
        ("Havneudvalget", 16, True), "Referat", "Dato: 06.05.2025",
        ("2. Vedligeholdelse af kajerne i Hedeby Havn 2026", 12, True), "Sagsnr.: 2025-20411",
        ("Sammendrag", 11, True),
        "Det årlige syn af kajerne er afsluttet, og der er foretaget en prioritering af arbejderne for 2026. "
        "Planen søges nu godkendt, så anlægsmidlerne på 2.400.000 kr. kan frigives.",
        ("Indstilling", 11, True),
        "Havn og Teknik indstiller, at A):",
        "De foreslåede arbejder på kajerne i Hedeby Havn i 2026 godkendes.",
        ("Havneudvalgets beslutning den 06.05.2025 Punkt 2", 11, True),
        "Indstillingen godkendt",
    ], "Hvad besluttede havneudvalget om vedligeholdelse af kajerne i 2026?")
    assert answer.found
    quotes = [c.quote for c in answer.citations]
    assert any("Indstillingen godkendt" in q for q in quotes), quotes
    adopted = next(i for i, q in enumerate(quotes) if "Indstillingen godkendt" in q)
    assert any("De foreslåede arbejder på kajerne" in q for q in quotes[:adopted + 1]), quotes
