"""Status and decision questions reorder the fused candidates (no model or index needed)."""

from __future__ import annotations

import pytest

from api.query import content_terms, phrase_share, read_intent, stating_coverage, window_coverage
from api.search import Ranked, _aspect, _attributed, _decision_first, _prefer_recent
from index.lexical import DanishAnalyzer
from index.store import Hit

ANALYZER = DanishAnalyzer()


def _ranked(chunk_id: str, score: float, text: str, date: str | None, item: int | None = None,
            section: str = "", doc: str = "agenda") -> Ranked:
    payload = {"doc_id": doc, "text": text, "date": date, "item": item, "section": section,
               "section_path": [section] if section else []}
    return Ranked(Hit(chunk_id, score, payload), score)


def _order(ranked: list[Ranked]) -> list[str]:
    return [r.hit.chunk_id for r in sorted(ranked, key=lambda r: r.score, reverse=True)]


def test_status_prefers_the_newest_passage_about_the_subject() -> None:
    ranked = [
        _ranked("minutes", 1.1, "Akuttelefonen skal gradvist implementeres i 2025.", "2024-11-08"),
        _ranked("statusnotat", 0.7, "Det er forventningen at akuttelefonen implementeres i 2025.", "2024-12-05"),
        _ranked("newer-other", 0.6, "Task Force holdt sit første møde.", "2024-12-06"),
    ]
    terms = set(ANALYZER.terms("akuttelefonen"))
    assert _order(_prefer_recent(ranked, terms, ANALYZER)) == ["statusnotat", "minutes", "newer-other"]


def test_status_keeps_the_order_when_the_best_passage_is_the_newest() -> None:
    ranked = [_ranked("new", 1.0, "akuttelefonen", "2024-12-05"), _ranked("old", 0.9, "akuttelefonen", "2023")]
    assert _order(_prefer_recent(ranked, {"akuttelefon"}, ANALYZER)) == ["new", "old"]


def test_status_keeps_the_order_when_no_passage_is_newer_than_the_first() -> None:
    # One status table of one date: this year's row, and last year's that repeats more of the
    # question's words; recency cannot tell them apart.
    ranked = [
        _ranked("this-year", 1.0, "Sag: Danmarkskort 2025 | Forventet fremsendt: medio september", "2025-08-29"),
        _ranked("last-year", 0.5, "Sag: Danmarkskort 2024 | Sundhed og Omsorg | Vedtaget 2025", "2025-08-29"),
    ]
    terms = set(ANALYZER.terms("Danmarkskort 2025 Sundhed Omsorg"))
    assert _order(_prefer_recent(ranked, terms, ANALYZER)) == ["this-year", "last-year"]


def test_status_from_a_named_source_is_that_sources_passage_not_a_newer_document_citing_it() -> None:
    # "… ifølge Sundhedsstyrelsens oplæg fra 2022?": a later agenda that cites the report by its
    # title is newer and has the question's words, but the question asks what the report says.
    ranked = [
        _ranked("citing", 1.1, "Sundhedsstyrelsens oplæg til en 10-årsplan nævner VUM i kommunerne.", "2024-12-05"),
        _ranked("report", 1.0, "Kun få kommuner anvender VUM 2.0 i sagsbehandlingen.", "2022", doc="report"),
        _ranked("report-old", 0.9, "Kommunerne fik VUM i 2011.", "2011", doc="old-report"),
    ]
    terms = set(ANALYZER.terms("kommunerne VUM"))
    assert _order(_prefer_recent(ranked, terms, ANALYZER, only={"report"})) == ["report", "citing", "report-old"]
    assert _order(_prefer_recent(ranked, terms, ANALYZER)) == ["citing", "report", "report-old"]


def test_a_question_names_its_source_only_with_words_that_attribute() -> None:
    named = {"report"}
    assert _attributed(read_intent("Hvor langt er kommunerne med VUM ifølge Sundhedsstyrelsens oplæg?"), named) == named
    assert _attributed(read_intent("What is the status of VUM according to the report?"), named) == named
    assert _attributed(read_intent("Hvad er status på VUM i Sundhedsstyrelsens oplæg?"), named) is None
    assert _attributed(read_intent("Hvad er status på VUM ifølge regionerne?"), set()) is None


def test_decision_of_an_item_moves_above_its_case_presentation() -> None:
    ranked = [
        _ranked("resume", 1.0, "Udvalget orienteres om status for 10-årsplanen.", "2024-11-08", 4, "Resumé"),
        _ranked("other-item", 0.9, "Status for akuttelefonen.", "2024-11-08", 10, "Resumé"),
        _ranked("decision", 0.5, "Udvalget tog orienteringen til efterretning.", "2024-11-08", 4, "Beslutninger"),
    ]
    assert _order(_decision_first(ranked)) == ["decision", "resume", "other-item"]


def test_the_chunk_opening_with_the_decision_goes_above_one_reaching_it_further_down() -> None:
    # small sections of an item are chunked together: the case presentation's last chunk runs on
    # into "Beslutninger" and also records a decision in its words
    ranked = [
        _ranked("case", 1.0, "Regionerne har drøftet indsatsen.\nDirektørkredsen besluttede at gå videre.\n"
                "Beslutninger\nUdvalget tog", "2024-11-08", 5, "Sagsfremstilling"),
        _ranked("decision", 0.9, "Beslutninger\nUdvalget tog orienteringen til efterretning.", "2024-11-08", 5,
                "Punkt 5. Styrket indsats"),
    ]
    assert _order(_decision_first(ranked)) == ["decision", "case"]


def test_a_proposal_is_not_lifted_as_a_decision() -> None:
    ranked = [
        _ranked("resume", 1.0, "Udvalget orienteres.", "2024-11-08", 4, "Resumé"),
        _ranked("proposal", 0.5, "Det indstilles, at udvalget tager orienteringen til efterretning.",
                "2024-11-08", 4, "Indstilling"),
    ]
    assert _order(_decision_first(ranked)) == ["resume", "proposal"]


def test_two_part_question_has_no_single_asked_for_fact() -> None:
    assert read_intent("Hvad anbefalede oplægget, og hvornår skal regionerne være gået i gang?").answer_types == ()
    assert read_intent("Hvornår skal regionerne være gået i gang?").answer_types == ("time",)


def test_asking_for_the_proposal_is_not_asking_what_was_decided() -> None:
    assert not read_intent("Hvad er indstillingen under punkt 5?").decided
    assert read_intent("Hvad besluttede udvalget under punkt 5?").decided


def test_a_two_part_question_is_split_at_its_second_question_word() -> None:
    from api.query import question_parts

    question = ("Hvad anbefalede det faglige oplæg om pårørende, og hvornår blev den nationale "
                "psykiatriske akuttelefon besluttet?")
    assert question_parts(question) == ["Hvad anbefalede det faglige oplæg om pårørende",
                                        "hvornår blev den nationale psykiatriske akuttelefon besluttet?"]
    assert question_parts("Hvad er status på akuttelefonen?") == []
    assert question_parts("Hvad og hvornår?") == []  # parts too short to search for alone


def test_each_part_of_a_two_part_question_has_its_best_passage_near_the_top(arkiv) -> None:
    from api.query import question_parts

    question = "Hvad siger anbefaling 25 om pårørende, og hvad er status på den psykiatriske akuttelefon?"
    top = [r.hit.chunk_id for r in arkiv.search(question, 10)]
    for part in question_parts(question):
        assert arkiv.search(part, 1)[0].hit.chunk_id in top[:5], part


def test_a_question_naming_a_document_by_issuer_and_date_names_that_document() -> None:
    from api.search import _named_documents

    def doc(doc_id: str, title: str, kind: str, date: str) -> Ranked:
        payload = {"doc_id": doc_id, "title": title, "body": "Sundhedsstyrelsen", "kind": kind, "date": date, "text": ""}
        return Ranked(Hit(doc_id, 1.0, payload), 1.0)

    ranked = [doc("council", "Referat – 1. møde i Nationalt råd for psykiske lidelser", "minutes", "2023-06-23"),
              doc("taskforce", "Referat – møde i Task Force for Psykiatriområdet, 2023", "minutes", "2023"),
              doc("report", "Fagligt oplæg til en 10-årsplan", "report", "2022")]
    named = lambda q: _named_documents(ranked, set(ANALYZER.terms(q)), ANALYZER)  # noqa: E731
    assert named("Hvad sagde rådet i juni 2023 om fleksible pladser?") == {"council"}
    assert named("Hvad anbefaler det faglige oplæg om rygestop?") == {"report"}
    # Words every document's identity has ("referat", "Sundhedsstyrelsen") or none has name nothing.
    assert named("Hvad er status på akuttelefonen?") == set()


def test_a_case_number_in_the_question_is_read_in_one_spelling() -> None:
    # the dash a word processor makes, a space after it, a lower-case paste: all the payload's "EMN-2025-01234"
    for question in ("Hvad er status på EMN-2025–01234?", "sag EMN-2025- 01234", "hvad blev besluttet i emn-2025-01234"):
        assert read_intent(question).case_numbers == ("EMN-2025-01234",), question


def test_only_the_named_recommendation_counts_as_the_one_asked_for() -> None:
    from api.search import _asked_recommendation

    named = read_intent("Hvad skal der ske med sengepladserne ifølge anbefaling 18?")
    assert _asked_recommendation(named, {"recommendation": 18})
    assert not _asked_recommendation(named, {"recommendation": 17})
    unnamed = read_intent("Hvad anbefales om sengepladserne?")
    assert _asked_recommendation(unnamed, {"recommendation": 17})
    assert not _asked_recommendation(unnamed, {"recommendation": None})


@pytest.mark.parametrize("heading", ["Beslutning i Udvalget for plan, udvikling og kultur (PUK) den 20-06-2013",
                                     "Udvalgets beslutning", "Beslutninger"])
def test_a_decision_under_the_meeting_systems_headings_moves_above_its_case_presentation(heading: str) -> None:
    ranked = [
        _ranked("resume", 1.0, "Kulturafdelingen har lagt en plan for arbejdet.", "2013-06-20", 715, "Resumé"),
        _ranked("decision", 0.5, "Punktet blev drøftet. Sagen genoptages på næste møde.", "2013-06-20", 715, heading),
    ]
    assert _order(_decision_first(ranked)) == ["decision", "resume"]


def test_outcome_questions_ask_what_was_decided() -> None:
    assert read_intent("Hvad kom der ud af det ekstraordinære møde i juni 2013?").decided
    assert read_intent("Hvad blev aftalt om mødeplanen?").decided
    assert read_intent("Hvad gjorde byrådet med sagen om broen?").decided
    assert read_intent("Hvad sagde udvalget til regionernes plan?").decided
    assert not read_intent("Hvad sagde direktøren om planen?").decided
    # a proposal named by its party, or asked what became of it
    assert read_intent("Hvad gjorde byrådet med Moderaternes forslag om relationel velfærd?").decided
    assert read_intent("Hvad skete der med forslaget om særskilt budgettering på mødet?").decided
    assert not read_intent("Hvad skete der i 2024?").decided
    assert not read_intent("Hvad er status på akuttelefonen?").decided


def test_a_question_for_a_case_number_prefers_the_passage_that_gives_one() -> None:
    from api.search import _gives_number

    asked = read_intent("Hvilket sagsnummer har punktet om status for 10-årsplanen?")
    assert asked.answer_types == ("case",)
    assert read_intent("Hvilket dokumentnummer har opsamlingsnotatet?").answer_types == ("case",)
    header = _ranked("header", 0.5, "5 (Offentlig) Status for 10-årsplanen\nJosefina Krausing\nEMN-2020-00886", "2024-12-05")
    journal = _ranked("journal", 0.5, "Opsamlingsnotat. Temamøde 20.09.2012 222359/12", "2013-06-20")
    proposal = _ranked("proposal", 1.0, "Det indstilles, at udvalget tager orienteringen til efterretning.", "2024-12-05")
    assert _gives_number(asked, header.hit) and _gives_number(asked, journal.hit)
    assert not _gives_number(asked, proposal.hit)
    assert not _gives_number(read_intent("Hvad er status for 10-årsplanen?"), header.hit)


def test_words_together_in_two_sentences_cover_more_than_the_same_words_spread_out() -> None:
    terms = set(ANALYZER.terms("afklaringspladser kommuner afprøves"))
    together = "Afklaringspladserne afprøves nu i tre kommuner. De evalueres i 2026. Andet emne her. Mere om noget."
    spread = "Afklaringspladser nævnes her. Andet emne her. Flere kommuner deltog. Mere om noget. Det afprøves senere."
    assert window_coverage(terms, together, ANALYZER) == 1.0
    assert window_coverage(terms, spread, ANALYZER) < 1.0
    assert window_coverage(terms, "", ANALYZER) == 0.0


def test_the_words_beyond_a_passages_headings_tell_the_answer_from_the_sections_opening() -> None:
    terms = content_terms("Hvad står der om prisen på udvidelsen af plejecenter Solbakken i Hedeby Kommune?", ANALYZER)
    payload = {"title": "Hedeby Kommune Ældreudvalget", "date": "2026-03-04",
               "section_path": ["Punkt 4: Udvidelse af plejecenter Solbakken"]}
    opening = "Punkt 4: Udvidelse af plejecenter Solbakken\nSagen handler om udvidelse af plejecenter Solbakken."
    answer = "Prisen på udvidelsen er 12 mio. kr., som finansieres af anlægsrammen."
    weight = {t: 1.0 for t in terms}.__getitem__
    opening_aspect = _aspect(terms, set(ANALYZER.terms(opening)), opening, payload, ANALYZER, weight)
    answer_aspect = _aspect(terms, set(ANALYZER.terms(answer)), answer, payload, ANALYZER, weight)
    assert answer_aspect[0] > opening_aspect[0] and answer_aspect[1] > opening_aspect[1]
    # the opening holds more of the question's words, which is why plain coverage ranks it first
    assert len(terms & set(ANALYZER.terms(opening))) > len(terms & set(ANALYZER.terms(answer)))
    # a passage whose frame holds every word of the question is weighed on all of them too
    framed = {"title": "Pris på udvidelse af plejecenter Solbakken, Hedeby Kommune", "date": None, "section_path": []}
    assert _aspect(terms, set(ANALYZER.terms(answer)), answer, framed, ANALYZER, weight)[0] == pytest.approx(
        len(terms & set(ANALYZER.terms(answer))) / len(terms))
    # a passage whose frame holds none of the question's words is weighed on all of them
    bare = {"title": "", "date": None, "section_path": []}
    assert _aspect(terms, set(ANALYZER.terms(answer)), answer, bare, ANALYZER, weight)[0] == pytest.approx(
        len(terms & set(ANALYZER.terms(answer))) / len(terms))


def test_a_phrase_of_the_question_counts_where_its_words_stand_side_by_side() -> None:
    question = "Hvor mange ledige pladser har Solbakken?"
    assert phrase_share(question, "Ledige pladser på Solbakken: 12 til aflastning.", ANALYZER) == 1.0
    assert phrase_share(question, "Solbakken har nu 12 ledige pladser til aflastning.", ANALYZER) == 0.5
    apart = "Pladser til aflastning findes på Solbakken. Stillinger står ledige."
    assert phrase_share(question, apart, ANALYZER) == 0.0
    assert phrase_share("Solbakken", "Solbakken har pladser.", ANALYZER) == 0.0  # one word makes no pair


def test_a_sentence_stating_the_asked_kind_is_weighed_by_the_question_words_around_it() -> None:
    from api.answer import stated_kinds

    terms = set(ANALYZER.terms("ledige pladser Solbakken"))
    counted = "Solbakken er et aflastningstilbud. Der er 12 ledige pladser på Solbakken."
    uncounted = "Solbakken har ledige pladser. Huset blev bygget for mange år siden med 3 fløje til kontorer."
    assert stating_coverage(terms, counted, ANALYZER, ("quantity",), stated_kinds) == 1.0
    assert stating_coverage(terms, uncounted, ANALYZER, ("quantity",), stated_kinds) < 1.0
    assert stating_coverage(terms, counted, ANALYZER, (), stated_kinds) == 0.0  # nothing asked


def test_the_passage_with_the_question_words_together_ranks_above_one_with_them_apart(arkiv) -> None:
    from api.search import _WINDOW_WEIGHT
    intent = read_intent("hvor afprøves afklaringspladserne?")
    tied = [_ranked("apart", 0.5, "Afklaringspladser nævnes. Intet mere. Andet emne. Noget helt andet. Det afprøves.", None),
            _ranked("together", 0.5, "Afklaringspladserne afprøves i tre kommuner. Andet emne.", None)]
    adjusted = arkiv.searcher._adjust(tied, intent, None, None, None)
    assert _WINDOW_WEIGHT > 0 and _order(adjusted) == ["together", "apart"]


def test_a_committees_decision_heading_and_a_recorded_participle_are_decisions() -> None:
    from api.search import DECIDED, DECIDED_HEADING

    assert DECIDED_HEADING.match("Sundheds- og Forebyggelsesudvalgets beslutning den 04.12.2012 Punkt 4")
    assert DECIDED_HEADING.match("Beslutning i Udvalget for plan, udvikling og kultur (PUK) den 20-06-2013")
    assert not DECIDED_HEADING.match("Efter udvalgets beslutning i 2012 blev der afsat penge")
    assert DECIDED.search("Indstillingen godkendt") and DECIDED.search("Punktet blev tiltrådt.")
    assert not DECIDED.search("Det indstilles, at forslaget godkendes")  # a proposal, not a decision


def test_an_english_question_leans_on_the_dense_list() -> None:
    """The Danish BM25 finds an English question's words only in names and numbers, so the
    multilingual model's list weighs more; a Danish question keeps the usual weight."""
    from api.search import Searcher
    searcher = Searcher(None, None, ANALYZER, dense_weight=0.5, english_dense_weight=0.7)  # type: ignore[arg-type]
    english = read_intent("How many ventilators could the public hospitals mobilise at once?")
    danish = read_intent("Hvor mange respiratorer kunne sygehusene mobilisere med det samme?")
    assert english.english and not danish.english
    assert searcher._weight(english) == 0.7 and searcher._weight(danish) == 0.5


def test_words_naming_a_document_weigh_less_in_bm25_than_the_rest_of_the_question() -> None:
    """"… ifølge Havnestyrelsens use cases for Varsel om bådophold" names its document by two or more
    words of the title and issuer: they are in nearly every passage of it, so in BM25 they weigh
    less than the words that tell its passages apart. One shared word ("psykiatrien") names nothing."""
    from api.search import Searcher
    from index.lexical import term_id
    searcher = Searcher(None, None, ANALYZER)  # type: ignore[arg-type]
    searcher.identities = {"a": frozenset(ANALYZER.terms("Varsel om bådophold – use cases Havnestyrelsen")),
                           "b": frozenset(ANALYZER.terms("Fagligt oplæg om psykiatrien Kystrådet"))}

    def weights(question: str) -> dict[str, float]:
        sparse = searcher.lexical_query(question)
        by_id = dict(zip(sparse.indices, sparse.values))
        return {t: by_id[term_id(t)] for t in ANALYZER.terms(question)}

    named = weights("Hvem annullerer et varsel ifølge Havnestyrelsens use cases for Varsel om bådophold?")
    assert named["bådophold"] == named["havnestyr"] < named["annul"] == 1.0
    unnamed = weights("Hvor lange er ventetiderne i psykiatrien?")
    assert set(unnamed.values()) == {1.0}


def test_an_english_questions_function_words_are_left_out_of_bm25() -> None:
    """In Danish papers "the", "of" and "which" stand only in English titles, references and links."""
    from api.search import Searcher
    from index.lexical import term_id
    searcher = Searcher(None, None, ANALYZER)  # type: ignore[arg-type]
    english = set(searcher.lexical_query("Which of the regions is responsible for the hotline?").indices)
    assert term_id(ANALYZER.terms("regions")[0]) in english and term_id(ANALYZER.terms("hotline")[0]) in english
    assert not {term_id(t) for t in ANALYZER.terms("which the of is for")} & english
    # a Danish question keeps every word that is not a Danish stopword
    danish = set(searcher.lexical_query("Hvilke regioner står for den nye hotline?").indices)
    assert {term_id(t) for t in ANALYZER.terms("regioner hotline")} <= danish


@pytest.mark.parametrize("question, term", [
    ("Hvad står koden STAA for i advis om sygehusophold?", "STAA"),
    ("Hvad betyder forkortelsen DMPG?", "DMPG"),
    ("SLHJ kode betydning", "SLHJ"),
    ("Hvad betyder mørketal i forbindelse med smittetal?", "mørketal"),
    ("What does the abbreviation LEON stand for?", "LEON"),
    ("Hvad betyder aftalen for kommunerne?", ""),  # what follows from it, not what it means
    ("Hvad betyder det for borgerne?", ""),
    ("Hvad står i vejen for et bedre samarbejde?", ""),
    ("Hvad står der i regel S.BR11?", ""),
])
def test_a_question_asking_what_a_term_means_names_the_term(question: str, term: str) -> None:
    assert read_intent(question).defines == term


def test_a_glossary_line_defines_its_term_and_a_mention_does_not() -> None:
    intent = read_intent("Hvad står STAA for?")
    assert intent.defined_in("Koder\nSTAA: Start sygehusophold – akut ambulant\nSTIN: Start sygehusophold – indlagt")
    assert intent.defined_in("STAA Start sygehusophold – akut ambulant")
    assert not intent.defined_in("Systemet sender ‘Advis om sygehusophold’[STAA] til kommunen.")
    assert not intent.defined_in("Staa ved siden af")  # an abbreviation is matched in its own case


def test_the_english_stopwords_are_scikit_learns_list_without_loading_scipy() -> None:
    import subprocess
    import sys

    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    from api.query import _english_stop_words
    assert _english_stop_words() == frozenset(ENGLISH_STOP_WORDS)
    # in a fresh interpreter, reading the list leaves SciPy (70 MB of the server's memory) unloaded
    code = ("import sys; from api.query import english_stop_terms; from index.lexical import DanishAnalyzer; "
            "english_stop_terms(DanishAnalyzer()); print('scipy' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"


def test_asked_which_chapter_the_section_headed_by_the_topic_leads() -> None:
    from api.search import _section_openings

    def chapter(chunk_id: str, text: str, heading: str) -> Ranked:
        payload = {"doc_id": "report", "text": text, "section": heading, "section_path": [heading]}
        return Ranked(Hit(chunk_id, 1.0, payload), 1.0)

    ranked = [
        chapter("mentions", "Socialpsykiatrien nævnes her i forbifarten.", "Kapitel 2. Resumé"),
        chapter("other-opening", "3. Retspsykiatri\nDommene til behandling stiger.", "Kapitel 3. Retspsykiatri"),
        chapter("opening", "15. Socialpsykiatrien\nMange modtager indsatser.", "Kapitel 15. Socialpsykiatrien"),
        chapter("inside", "Sociale tilbud i socialpsykiatrien.", "Kapitel 15. Socialpsykiatrien"),
    ]
    terms = set(ANALYZER.terms("socialpsykiatrien"))
    assert _section_openings(ranked, terms, ANALYZER, lambda t: 1.0) == {"opening"}
    assert _section_openings(ranked, set(ANALYZER.terms("budgettet")), ANALYZER, lambda t: 1.0) == set()
    assert read_intent("I hvilket kapitel behandles retspsykiatrien?").asks_section
    assert read_intent("Which section describes the death notice?").asks_section
    assert not read_intent("Hvad står der i kapitlet om retspsykiatri?").asks_section


def test_the_word_asking_for_a_section_is_not_searched_for() -> None:
    from api.search import Searcher
    from index.lexical import term_id

    searcher = Searcher(store=None, embedder=None, analyzer=ANALYZER)  # type: ignore[arg-type]
    asked = searcher.lexical_query("I hvilket afsnit står der om dialysekapacitet?")
    plain = searcher.lexical_query("Hvad står der om dialysekapacitet på intensive afsnit?")
    afsnit = term_id(ANALYZER.terms("afsnit")[0])
    assert afsnit not in asked.indices and afsnit in plain.indices
    assert term_id(ANALYZER.terms("dialysekapacitet")[0]) in asked.indices


def test_a_section_questions_topic_keeps_a_version_number_but_not_a_document_naming_compound() -> None:
    from api.search import Searcher

    searcher = Searcher(store=None, embedder=None, analyzer=ANALYZER)  # type: ignore[arg-type]
    searcher.identities = {"plan": frozenset(ANALYZER.terms("Hedeby Kommunes 2030-plan for ældreområdet"))}
    terms = set(ANALYZER.terms("I hvilket afsnit af Hedeby Kommunes 2030-planen står der om VUM 2.0?"))
    topic = searcher._topic_terms(terms)
    assert "2.0" in topic and "vum" in topic
    assert "2030-planen" not in topic and "hedeby" not in topic


def test_a_question_is_read_once_on_its_way_through_search_and_answer(arkiv, monkeypatch) -> None:
    """The question is parsed into one QueryIntent that travels with it: asking reads it once, and a
    two-part question reads each part once more (each part is searched as a question of its own)."""
    import api.answer
    import api.engine
    import api.search
    from api.query import question_parts, read_intent

    texts: list[str] = []

    def counting(question: str):
        texts.append(question)
        return read_intent(question)

    for module in (api.answer, api.engine, api.search):
        monkeypatch.setattr(module, "read_intent", counting)
    arkiv.ask("Hvad er status på den psykiatriske akuttelefon?")
    assert texts == ["Hvad er status på den psykiatriske akuttelefon?"]
    texts.clear()
    question = "Hvad siger anbefaling 25 om pårørende, og hvad er status på den psykiatriske akuttelefon?"
    arkiv.ask(question)
    assert texts == [question, *question_parts(question)]


def _recommendation(chunk_id: str, score: float, text: str, number: int | None) -> Ranked:
    payload = {"doc_id": "strategi", "text": text, "recommendation": number, "section": "", "section_path": []}
    return Ranked(Hit(chunk_id, score, payload), score)


def test_the_named_recommendation_goes_above_passages_that_only_share_the_documents_words() -> None:
    from api.search import _named_recommendation_first

    ranked = [
        _recommendation("follow-up", 1.0, "Idrætsstrategien følges op hvert år; figur 4 viser strategiens forløb.", None),
        _recommendation("rec-4", 0.4, "4. Flere haller åbnes for foreningerne om aftenen.", 4),
        _recommendation("rec-5", 0.3, "5. Svømmehallerne får længere åbningstider.", 5),
    ]
    # the rest of the question names the strategy, whose words fill the follow-up chapter
    intent = read_intent("Hvad handler anbefaling 4 i Hedeby Kommunes idrætsstrategi om?")
    topic = set(ANALYZER.terms("handler anbefaling 4"))
    assert _order(_named_recommendation_first(ranked, intent, topic, ANALYZER))[0] == "rec-4"
    # a passage holding more of the question's own topic than the named one keeps its place
    ranked = [_recommendation("pools", 1.0, "Svømmehallernes åbningstider udvides fra 2026.", None), ranked[1]]
    intent = read_intent("Hvad siger anbefaling 4 om svømmehallernes åbningstider?")
    topic = set(ANALYZER.terms("anbefaling 4 svømmehallernes åbningstider"))
    assert _order(_named_recommendation_first(ranked, intent, topic, ANALYZER)) == ["pools", "rec-4"]


def test_the_source_named_at_a_questions_end_or_opening_is_not_its_topic() -> None:
    from api.query import without_source

    assert without_source("Hvordan vil kommunen støtte foreningerne ifølge Hedeby Kommunes kulturpolitik?") \
        == "Hvordan vil kommunen støtte foreningerne?"
    assert without_source("Hvor mange senge er der, ifølge Kystrådets notat fra 2021?") == "Hvor mange senge er der?"
    assert without_source("According to the council's 2021 plan, how many libraries will close?") \
        == "How many libraries will close?"
    # inside the sentence where the source ends is not known: the question is left whole
    assert without_source("Hvad skal ifølge planen ske med biblioteket i Solbakken?") == ""
    assert without_source("Hvad er status på færgen?") == ""
    assert without_source("Hvad ifølge planen?") == ""  # too little left to search for
    # a phrase with "i"/"in" naming a kind of document, set off by its comma
    assert without_source("In the council's 2021 report on libraries, how many branches will close?") \
        == "How many branches will close?"
    assert without_source("I referatet fra mødet den 3. maj, hvad blev besluttet om biblioteket?") \
        == "Hvad blev besluttet om biblioteket?"
    assert without_source("Hvor mange filialer lukker, i Hedeby Kommunes biblioteksplan?") == "Hvor mange filialer lukker?"
    assert without_source("In which town does the culture policy plan a concert hall, and when?") == ""
    assert without_source("In 2021, what did the plan say about the library?") == ""


def test_a_condition_the_question_opens_with_is_not_what_it_asks() -> None:
    # "When …, where …?" asks where; "When did …?" asks when
    asked = read_intent("When the harbour office changes a berth, where does the system send the notice?")
    assert "time" not in asked.answer_types
    assert read_intent("When did the harbour board approve the new berths?").answer_types == ("time",)
    assert read_intent("Hvis antallet af bådpladser stiger, hvad koster det så om året?").answer_types == ("money",)
    assert read_intent("Hvornår mødes Havnestyrelsen næste gang?").answer_types == ("time",)


def test_an_english_when_before_a_clause_or_a_gerund_is_not_asking_the_time() -> None:
    # "… when registering a boat": when something else holds; "when will", "when and where", "by when" ask it
    for question in ("What should the harbour office do if it recorded the wrong berth when registering a boat?",
                     "Who pays for the berth when a boat owner is abroad?"):
        assert "time" not in read_intent(question).answer_types, question
    for question in ("When will the harbour board approve the new berths?", "When exactly does the season open?",
                     "When and where will the harbour board meet next?",
                     "By when must the berths be approved?"):
        assert "time" in read_intent(question).answer_types, question


def test_a_term_asked_about_is_defined_where_a_report_spells_it_out_before_it_in_brackets() -> None:
    asked = read_intent("HBU havneplan betydning")
    assert asked.defines == "HBU"
    assert asked.defined_in("Opgaverne samles i et fælles havnebetjeningsudvalg (HBU) fra 2026.")
    assert asked.defined_in("HBU: Havnebetjeningsudvalget")  # a glossary's line, as before
    assert not asked.defined_in("Havnestyrelsen har bedt HBU om en ny plan.")
    assert not asked.defined_in("Udvalget (hbu) mødes igen.")  # an abbreviation in its own case only


def test_what_a_thing_cost_or_how_high_a_rate_is_asks_an_amount_or_a_number() -> None:
    assert read_intent("What did the new pontoons in Hedeby Harbour cost?").answer_types == ("money",)
    assert read_intent("What purchase price did the council approve for the harbour lot?").answer_types == ("money",)
    assert read_intent("Hvor dyrt bliver det nye havnebad?").answer_types == ("money",)
    assert read_intent("What was the occupancy rate of the berths in 2024?").answer_types == ("quantity",)
    assert read_intent("Hvor højt er sygefraværet i Havnestyrelsen?").answer_types == ("quantity",)
    # a number that labels something is not counted
    assert read_intent("What is the number of the agenda item on the harbour bath?").answer_types == ()


def test_what_one_pays_asks_an_amount_but_who_pays_or_whether_does_not() -> None:
    assert read_intent("Hvad betaler man selv for en plads i havnebadet?").answer_types == ("money",)
    assert read_intent("Hvad skal bådejerne betale for en vinterplads?").answer_types == ("money",)
    assert read_intent("How much do boat owners pay for a winter berth?").answer_types == ("money",)
    assert read_intent("How much compensation did Vestby pay the lessee?").answer_types == ("money",)
    assert read_intent("Hvem betaler for den nye bro?").answer_types == ()
    assert read_intent("Betaler Havnestyrelsen for den nye bro?").answer_types == ()
    assert read_intent("Hvad skal der ske, hvis bådejeren ikke kan betale?").answer_types == ()
