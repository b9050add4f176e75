"""What a question asks for, read from its words: identifiers, intent, language, answer type.

Pure functions over the question text (and the analyzer's stemming); no model, no index.
"""

from __future__ import annotations

from typing import Callable

import importlib.util
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from index.lexical import DanishAnalyzer, danish_stopwords
from ingest.dates import find_dates
from ingest.headings import BARE_CASE_NUMBER, normalise_case

_RECOMMENDATION = re.compile(r"\b(?:anbefaling(?:en|erne)?|recommendation)\s*(?:nr\.?|nummer|no\.?)?\s*(\d{1,2})\b", re.I)
_ITEM = re.compile(r"\b(?:punkt|dagsordenspunkt|item)\s*(?:nr\.?)?\s*(\d{1,2})\b", re.I)
# "forslag nr. 9", "initiativ nummer 3": one item of a numbered list (not a case number such as
# "sag nr. 24/1234" nor an amount).
_NUMBERED = re.compile(r"\b(?:nr\.?|nummer)\s*(\d{1,3})(?![\d/.,-]*\d)\b", re.I)
_STATUS = re.compile(
    r"\b(status|hvor langt|hvad skete der|hvad er der sket|hvordan går det|seneste|nyeste|udvikling|udviklet|"
    r"forvent\w*|ventes|progress|latest|current state|what happened|expected)\b", re.I)
# What came of a meeting is asked for in many words: "hvad kom der ud af …", "hvad kom rådet frem
# til", "hvad blev resultatet", "hvad blev aftalt", "konkluderede", "udfaldet".
# "hvad gjorde byrådet med sagen", "hvad sagde udvalget til planen" ask what the body did with it.
_OUTCOME = (r"kom\s+der\s+ud\s+af|kom\s+(?:\S+\s+){1,6}?frem\s+til|nåede\s+(?:\S+\s+){0,6}?frem\s+til|"
            r"hvad\s+blev\s+resultatet|blev\s+aftalt|aftalte|konkluderede|konklusion(?:en)?|"
            r"udfaldet|outcome|concluded?|"
            # "hvad gjorde byrådet med Moderaternes forslag", "hvad skete der med forslaget om …": what
            # the meeting did with a proposal or case (a named proposal: up to two words before it)
            r"(?:gjorde\s+[^?]{1,60}?|skete\s+der)\s+med\s+(?:\w+\s+){0,2}(?:sagen|(?:beslutnings)?forslag(?:et)?|"
            r"punktet|indstilling(?:en)?)|"
            r"hvad\s+sagde\s+[^?]{1,60}?\s+til")
_DECISION = re.compile(
    r"\b(besluttede?|beslutning(?:en|er|erne)?|besluttet|vedtog|vedtaget|indstill\w*|tiltrådte|godkendte?|"
    r"decided?|decision|approved?|enige|mente|" + _OUTCOME + r")\b", re.I)
# Asks what was decided (not what was proposed: "indstillingen" wants the Indstilling itself).
_DECIDED = re.compile(r"\b(besluttede?|besluttet|beslutning(?:en|er|erne)?|vedtog|vedtaget|tiltrådte|godkendte?|"
                      r"decided?|decision|approved?|enige|mente|" + _OUTCOME + r")\b", re.I)
# Asks what is recommended: the report's numbered recommendations answer it.
_RECOMMENDS = re.compile(r"\b(anbefale[rst]?|anbefalede|anbefaling\w*|recommends?|recommended|recommendations?)\b", re.I)
# The verbs an English question asks with, right after its "when" ("When did …", "When will …").
_AUXILIARY = r"did|does|do|is|was|were|will|are|has|have|had|can|could|should|would|must|may|might"
# Words between "hvor mange" and what it counts that change nothing of what is asked ("hvor mange
# ekstra penge", "how many more hours"). ``_MORE``: one of them or of the English ones, with its space, or none.
_MORE_DA = "ekstra|flere|yderligere"
_MORE = rf"(?:(?:{_MORE_DA}|extra|more)\s+)?"
# What kind of fact the question asks for; the answer has to state one of that kind.
ANSWER_TYPES = {
    # An amount of money: "hvor mange penge / millioner kroner", "hvad koster", "hvad vil X koste om
    # året", "budget" ("koster X noget?" may be answered "ingen udgifter": a quantity). Stricter
    # than a quantity: "ICD-11" or "3,7 %" states a number but not what anything costs.
    "money": re.compile(r"\b(hvor\s+mange\s+(?:(?:" + _MORE_DA + r")\s+)?(?:penge|kroner|kr\.?|(?:millioner|milliarder|mio\.?|mia\.?)(?:\s+(?:kroner|kr\.?))?)|"
                        r"hvor\s+meget\s+(?:koste(?:r|t|de)?|penge)|hvad\s+koste(?:r|t|de)?|beløb\w*|"
                        # "budgettet", "budgetrammen" (not "særskilt budgettering", "budgetforliget": a topic)
                        r"\w*budget(?:tet|ter|terne|ramme\w*)?\b|"
                        # "hvad var prisen på …", "hvad vil det koste i kroner", "what was the price of …"
                        # ("forslaget om at halvere prisen for parkering" names a price, it does not ask it)
                        r"hvad\s+(?:er|var|blev|bliver)\s+prisen|(?:i|in)\s+kroner|"
                        # "hvad er anlægsudgiften …", "hvor store var de samlede omkostninger"
                        # "hvad bliver den nye døgntakst", "hvad er egenbetalingen": a rate or fee is paid in kroner
                        r"(?:hvad|hvor\s+stor[et]?)\s+(?:er|var|blev|bliver)\s+(?:den\s+|de\s+)?(?:samlede\s+|årlige\s+|nye\s+)?"
                        r"\w*(?:udgift|omkostning|bevilling|takst|gebyr|egenbetaling|pris|løn)\w*|"
                        # "hvilket samlet udgiftsskøn", "hvilken månedspris"
                        r"(?:hvilke[nt]?)\s+(?:samlet\s+|samlede\s+|årlige?\s+|nye\s+)?\w*(?:udgift|omkostning|takst|gebyr|pris)\w*|"
                        r"what\s+(?:is|was|were)\s+the\s+(?:price|cost)|"
                        r"(?:hvad|hvor\s+meget)\s+(?:vil|skal|kan|kommer|har|havde)\s+[^?]{1,80}?\bkoste(?:r|t|de)?|"
                        # "hvad forventes broen at koste", "hvad kommer det til at koste"
                        r"(?:hvad|hvor\s+meget)\b[^?]{1,80}?\bat\s+koste\b|"
                        r"how\s+much\s+money|how\s+much\s+(?:does|did|will)\s+[\w\s]{1,40}cost|"
                        # "what did the ventilators cost", "what purchase price", "how much funding"
                        r"what\s+(?:did|does|do|will|would)\s+[^?]{1,80}?\bcost|(?:purchase|sales?)\s+price|"
                        r"how\s+much\s+(?:funding|grant|compensation)|hvor\s+dyr[te]?|"
                        # "hvad betaler man selv pr. konsultation", "hvad skal borgeren betale", "how much do
                        # patients pay" ("hvem betaler", "betaler regionen for …?" ask who, or whether)
                        r"hvad\s+(?:betaler|betalte|skal\s+[^?,]{1,40}?\bbetale)|how\s+much\s+(?:does|do|did|will|would)\s+"
                        r"[^?,]{1,60}?\bpay)\b|"
                        # typed as a search word: "besparelse kroner", "tilskud i kr om året" (not an
                        # amount the question names: "de 300 mio. kr.", "0 kr.")
                        r"(?<!\d)(?<!\d\s)(?<!\.\s)\b(?:kroner|kr)\b|"
                        # a search for a price or cost in words: "timepris parkering p-huse", "samlet
                        # anlægsudgift", "pris pr. borger", "løn pårørendementor" (no question mark)
                        r"^[^?]*\b(?:\w*pris|\w*udgift(?:er)?|\w*løn|\w*takst(?:er)?|omkostning(?:er)?)\b[^?]*$", re.I),
    # "hvilken værdi havde …", "hvilket antal …" ask for a number as well ("på hvilket niveau" asks
    # at which level of an organisation: "på vicedirektørniveau").
    "quantity": re.compile(r"\b(hvor\s+(?:mange|meget|stor|stort|store|høj|højt|høje|lav|lavt|lave|lang|længe|gammel|gamle)|"
                           r"procent\w*|koste(?:r|t|de)?|"
                           r"hvilken\s+værdi|hvilket\s+(?:tal|antal)|(?<!på\s)hvilket\s+niveau|"
                           # typed as search words: "knastebakken antal pladser", "re-tal værdi"
                           r"antal|værdi|"
                           r"how\s+(?:many|much|long|large|big|high|old)|percentage|what\s+(?:share|proportion|fraction)|"
                           # "what was the bed occupancy rate", "what is the average length of stay"
                           r"what\s+(?:is|was|were|are)\s+the\s+(?:[\w-]+\s+){0,3}?(?:rate|average|number|capacity|share)"
                           r"(?!\s+(?:of\s+)?(?:the\s+)?(?:agenda|item|case|chapter|section|page|document|annex|recommendation)\b))\b",
                           re.I),
    # How often: "årlig", "hver måned", "1-3 gange om ugen" answer it, not any number.
    "frequency": re.compile(r"\b(hvor\s+(?:ofte|tit|hyppigt)|hvor\s+mange\s+gange|how\s+often)\b", re.I),
    # English "when" asks the time when a verb of asking follows it ("when did", "when will", "when and
    # where"); before a clause or a gerund it says when something else holds ("what should staff do if
    # they recorded the wrong ward when registering …", "who pays when a patient is on leave").
    "time": re.compile(r"\b(hvornår|hvilket\s+år|hvor\s+hurtigt|when(?=\s+(?:exactly\s+|approximately\s+)?"
                       rf"(?:{_AUXILIARY}|shall|and|or)\b|\s*\?|\s*$)|what\s+year|how\s+(?:quickly|soon|fast))\b", re.I),
    # A date to the day: "hvilken dato", "on what exact date" (a month does not answer it).
    # ("mødedatoer", "datoen": a compound or an inflected form asks for dates too)
    "date": re.compile(r"\b(hvilken\s+(?:præcis\s+|nøjagtig\s+)?dato|\w*dato(?:en|er|erne)?|"
                       r"(?:what|which)\s+(?:exact\s+)?date)\b", re.I),
    "phone": re.compile(r"\b(telefonnum(?:m?er|re)\w*|phone\s+number)\b", re.I),
    # Opening hours: "Brydehuset åbningstider", "hvornår har caféen åbent", "opening hours" (a clock
    # time or a weekday answers it, not an address or a year).
    "hours": re.compile(r"\båbningstid\w*|\bopening\s+(?:hours|times)\b|"
                        r"\bhvornår\s+(?:har|holder|er)\s+[^?]{1,60}?\båben[t]?\b", re.I),
    # A version: "hvilken Docker-version" (or "docker version"), "hvilken version af standarden", "which version".
    "version": re.compile(r"\b(?:hvilken|which)\s+(?:[\w.]+[-\s])?version\b|\bversionsnum(?:m?er|re)", re.I),
    # Who attended a meeting or was absent: "hvem var fraværende", "hvem havde meldt afbud", "hvem
    # deltog i mødet", "var der afbud", "who was absent". Minutes answer it with their attendance
    # block ("Til stede: …", "Afbud: …"), not with a sentence ("hvor mange deltog" asks a number).
    "attendance": re.compile(r"\b(hvem\s+(?:var|er|blev|havde)\s+(?:\w+\s+)?(?:fraværende|til\s+stede|mødt\s+op|"
                             r"forhindret|(?:meldt\s+)?afbud)|hvem\s+(?:deltog|mødte|meldte\s+afbud)|"
                             r"(?:var|er)\s+der\s+(?:nogen\s+|nogle\s+)?(?:afbud|fraværende)|"
                             r"who\s+(?:was|were)\s+(?:absent|present)|who\s+attended)\b", re.I),
    # A case or document number: "sagsnummeret", "sags-ID", "journalnummer", "dokumentnummer" (plural "sagsnumre").
    "case": re.compile(r"\b(sagsnum(?:m?er|re)\w*|sagsnr\.?|sags-?id|journalnum(?:m?er|re)\w*|j\.\s?nr\.?|"
                       r"dokumentnum(?:m?er|re)\w*|"
                       r"dok\.\s?nr\.?|case\s+number|file\s+number)", re.I),
}
# Who holds a role ("hvem er formand for …", "who chairs …"): the answer has to name that role,
# in Danish (the documents' language) whatever the question's.
ROLES = {
    "formand": r"\b\w*formand\w*|\bchair\w*",  # "udvalgsformand", "næstformand"
    "direktør": r"\b\w*direktør\w*|\bdirector\w*",
    "borgmester": r"\bborgmester\w*|\bmayor\b",
    "rådmand": r"\brådmand\w*|\brådmænd\w*",
    "ordfører": r"\b\w*ordfører\w*|\bspokes\w*",
    "leder": r"\b\w*leder(?:en|e|ne)?\b|\bhead\b",
    "chef": r"\b\w*chef(?:en|er|erne)?\b",
}
ROLE = re.compile("|".join(ROLES.values()), re.I)
_WHO = re.compile(r"\b(?:hvem|who)\b", re.I)
# Which places or organisations ("hvilke seks kommuner …", "i hvilke regioner"): the answer has to name them.
WHICH_NAMED = re.compile(r"\b(?:hvilke|which)\s+(?:\d+\s+|(?:to|tre|fire|fem|seks|syv|otte|ni|ti)\s+)?"
                          r"(?:kommuner|regioner|foreninger|organisationer|lande|byer|partier|sygehuse|hospitaler|"
                          r"virksomheder|municipalities|regions|organi[sz]ations|countries|hospitals)\b", re.I)
# A second question joined to the first ("Hvad anbefalede oplægget …, og hvornår skal …?"): the
# asked-for fact is only part of what is asked, so its absence does not mean nothing answers.
_SECOND_QUESTION = re.compile(r"\b(?:og|samt|men|and)\s+(?:hvad|hvornår|hvor|hvilke[nt]?|hvem|hvordan|what|when|how)\b",
                              re.I)
# Words that frame a question rather than name its subject: what kind of answer is wanted is
# read from them (intent, answer type), so a passage that answers need not contain them.
_FRAME_WORDS = (
    "hvilken hvilke hvilket hvordan hvornår hvorfor hvem hvorledes sige siger sagde står stod går gik får fik "
    "gælder gælde ifølge vedrørende angående findes fandtes status seneste nyeste besluttede besluttet beslutte "
    "mente mener kom udfaldet")


def content_terms(question: str, analyzer: DanishAnalyzer) -> set[str]:
    """The question's terms without the words that only frame it ("hvilke", "hvornår", "status") or
    say what kind of fact is wanted ("hvor mange millioner kroner"): a passage is about the question
    when it shares its subject; whether it states that kind of fact is checked on its own."""
    terms = set(analyzer.terms(question))
    subject = set(analyzer.terms(" ".join(_without_answer_type(question).split())))
    frame = _frame_terms(analyzer)
    if is_english(question):  # its function words frame it too
        frame = frame | english_stop_terms(analyzer)
    return (subject - frame) or (terms - frame) or terms


def _without_answer_type(question: str) -> str:
    for pattern in ANSWER_TYPES.values():
        question = pattern.sub(" ", question)
    return question


@lru_cache(maxsize=4)
def english_stop_terms(analyzer: DanishAnalyzer) -> frozenset[str]:
    """English function words (scikit-learn's list) as the analyzer reads them: not Danish
    stopwords, and in Danish papers they stand only in English titles, references and links."""
    return frozenset(analyzer.terms(" ".join(_english_stop_words())))


# A word of an English question that may have a Danish counterpart: plain English letters (a Danish
# word with æ, ø or å is matched by BM25 as it stands), three or more.
_ENGLISH_WORD = re.compile(r"\b[A-Za-z]{3,}\b")


def english_words(question: str) -> list[str]:
    """An English question's content words, lower-cased, in order, once each: not its function
    words, nor a capitalised word inside the sentence (a name: "MedCom", "Aarhus", "Danish Health
    Authority" — BM25 finds a name as written)."""
    stop = _english_stop_words()
    out: list[str] = []
    for m in _ENGLISH_WORD.finditer(question):
        word = m.group(0)
        starts = not question[:m.start()].strip() or question[:m.start()].rstrip()[-1] in ".?!:"
        if word.lower() in stop or (word[0].isupper() and not starts) or word.lower() in out:
            continue
        out.append(word.lower())
    return out


@lru_cache(maxsize=1)
def _english_stop_words() -> frozenset[str]:
    """scikit-learn's English stopword list (the Glasgow IR group's), read from the module that holds
    only that list: importing ``sklearn.feature_extraction`` would load SciPy into the server, +70 MB
    of memory for a word list."""
    spec = importlib.util.find_spec("sklearn")
    if spec is None or spec.origin is None:
        raise ImportError("scikit-learn is not installed; it is one of Arkiv's dependencies (pip install -e .)")
    path = Path(spec.origin).parent / "feature_extraction" / "_stop_words.py"
    try:
        namespace: dict[str, object] = {}
        exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)  # noqa: S102 (a literal list)
        return frozenset(namespace["ENGLISH_STOP_WORDS"])  # type: ignore[arg-type]
    except (OSError, KeyError, SyntaxError):  # another scikit-learn layout: import it the documented way
        from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

        return frozenset(ENGLISH_STOP_WORDS)


@lru_cache(maxsize=4)
def _frame_terms(analyzer: DanishAnalyzer) -> frozenset[str]:
    return frozenset(analyzer.terms(_FRAME_WORDS))
# The question is about what happened at one meeting ("på rådets møde den 9. oktober 2023"), so its
# minutes must answer; what a coming meeting will discuss may be announced in earlier minutes.
_MEETING = re.compile(r"\b(møde[ts]?|mødet|referat\w*|meeting|minutes)\b", re.I)
# A numbered meeting: "det tredje møde", "rådets 2. møde", "første ordinære møde".
ORDINALS = {"første": 1, "anden": 2, "andet": 2, "tredje": 3, "fjerde": 4, "femte": 5, "sjette": 6, "syvende": 7,
            "ottende": 8, "niende": 9, "tiende": 10}
NUMBERED_MEETING = re.compile(r"\b(" + "|".join(ORDINALS) + r"|\d{1,2}\.)\s+(?:[a-zæøå]+e\s+)?møde\b", re.I)


def ordinal_number(word: str) -> int:
    """The number an ordinal says: "andet" and "2." are 2."""
    return ORDINALS.get(word.lower()) or int(word.rstrip("."))


def meeting_numbers(text: str) -> list[int]:
    """The numbers of the meetings ``text`` numbers, in order ("andet møde" and "2. møde" are 2)."""
    return [ordinal_number(word) for word in NUMBERED_MEETING.findall(text)]


_FUTURE = re.compile(r"\b(skal|vil|næste|kommende|planlagt|will|next|upcoming)\b", re.I)
# "Hvad står STAA for?", "hvad betyder koden SLHJ", "SLHJ betydning", "what does LEON stand for": the
# question asks what a term means, which a glossary or an abbreviations list answers in one line.
_LABEL_NOUN = r"(?:koden|forkortelsen|begrebet|ordet|termen|betegnelsen|[\wæøå]*-?typen|code|abbreviation|term)"
_TERM = r"[\"'‘’“”]?([\wæøåÆØÅ][\wæøåÆØÅ./_-]*[\wæøåÆØÅ])(?![\wæøåÆØÅ./_-])[\"'‘’“”]?"
_STANDS_FOR = re.compile(rf"\b(?:står|stands?)\s+(?:{_LABEL_NOUN}\s+)?{_TERM}\s+for\b|"
                         rf"\bbetyder\s+(?!(?:det|dette|den|denne|de|disse|der)\b)(?:{_LABEL_NOUN}\s+)?{_TERM}"
                         rf"(?!\s+for\b)|\b{_LABEL_NOUN}\s+{_TERM}\s+(?:stand\s+for|mean)\b", re.I)
_MEANING = re.compile(r"\b(?:betydning(?:en)?|forkortelse(?:n)?|stand\s+for|mean)\b", re.I)
_ACRONYM = re.compile(r"(?<![\w-])([A-ZÆØÅ][A-ZÆØÅ0-9_]{1,9})(?![\w-])")


@lru_cache(maxsize=64)
def defining_line(term: str) -> re.Pattern[str]:
    """A line that defines ``term``: it opens with the term and goes on to say what it is, as a
    glossary's or an abbreviations list's line does ("STAA: Start sygehusophold – akut ambulant",
    a table row "Term: ACK AA | Beskrivelse: …"). An abbreviation is matched in its own case."""
    flags = re.M if _ACRONYM.fullmatch(term) else re.M | re.I
    return re.compile(rf"^[ \t•-]*(?:[^|:\n]{{1,40}}:[ \t]+)?{re.escape(term)}(?=[ \t]*[:–=-]?[ \t]+\S)", flags)


@lru_cache(maxsize=64)
def spelled_out(term: str) -> re.Pattern[str]:
    """Words, then ``term`` in brackets: how a report introduces an abbreviation the first time."""
    flags = 0 if _ACRONYM.fullmatch(term) else re.I
    return re.compile(rf"[\wæøåÆØÅ][\wæøåÆØÅ,-]*\s+\({re.escape(term)}\)", flags)


def _defined_term(question: str) -> str:
    """The term whose meaning the question asks ("" when it asks no such thing): the word the
    question puts between "står" and "for" or after "betyder" ("hvad betyder aftalen for kommunerne"
    asks what follows from it, not what it means), else, asked in keywords ("SLHJ kode betydning"),
    its first abbreviation."""
    m = _STANDS_FOR.search(question)
    if m:
        return next(g for g in m.groups() if g)
    if _MEANING.search(question):
        m = _ACRONYM.search(question)
        return m.group(1) if m else ""
    return ""


_ENGLISH = re.compile(r"\b(the|what|which|where|when|who|how|does|did|is|are|according|of|to)\b", re.I)


def is_english(question: str) -> bool:
    """Two or more English function words: the question is asked in English."""
    return len(_ENGLISH.findall(question)) >= 2


@dataclass(frozen=True)
class QueryIntent:
    text: str
    recommendations: tuple[int, ...] = ()
    items: tuple[int, ...] = ()
    case_numbers: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()
    status: bool = False
    decision: bool = False  # about a decision or the proposal for one
    decided: bool = False  # about what was decided
    recommends: bool = False  # about what is recommended
    english: bool = False
    meeting: bool = False  # asks what happened at a meeting (not what a coming one will do)
    meeting_number: int | None = None  # the meeting the question numbers ("det tredje møde", "rådets 2. møde")
    role: str = ""  # the role "hvem er … for" asks who holds (a key of ROLES)
    counted: str = ""  # what "hvor mange …" counts ("sundhedspersoner", "kliniske retningslinjer"); a number of something else does not answer
    counts: bool = False  # "hvor mange …" counts things or people, not days or years: a duration does not answer
    unit: str = ""  # the unit "hvor mange timer/uger/procent …" asks in (a key of UNITS): a number in no unit does not answer
    numbered: tuple[int, ...] = ()  # the list item the question asks for by its number ("forslag nr. 9")
    defines: str = ""  # the term whose meaning is asked ("hvad står STAA for?")
    asks_section: bool = False  # which chapter or section of a document speaks of something ("i hvilket kapitel …")
    topic: str = ""  # the question less the source it names ("… ifølge kommunens kulturpolitik?"); "" when it names none
    # "quantity" (hvor mange), "frequency" (hvor ofte), "time" (hvornår), "phone" (telefonnummer), "case" (sagsnummer), "version", "role"
    # (hvem er formand), "names" (hvilke kommuner); none for a two-part question
    answer_types: tuple[str, ...] = ()

    @property
    def has_identifier(self) -> bool:
        return bool(self.recommendations or self.items or self.case_numbers)

    def defined_in(self, text: str) -> bool:
        """Whether ``text`` has a line defining the term the question asks the meaning of, or spells
        the term out before it in brackets ("… på laveste effektive omkostningsniveau (LEON)")."""
        return bool(self.defines) and bool(defining_line(self.defines).search(text)
                                           or spelled_out(self.defines).search(text))

    def named_in(self, payload: dict) -> bool:
        """Whether a chunk carries a recommendation, agenda item or case number the question names."""
        return bool(
            (self.recommendations and payload.get("recommendation") in self.recommendations)
            or (self.items and payload.get("item") in self.items)
            or (self.case_numbers and payload.get("case_number") in self.case_numbers)
        )


def read_intent(question: str) -> QueryIntent:
    recs = tuple(sorted({int(n) for n in _RECOMMENDATION.findall(question)}))
    items = tuple(sorted({int(n) for n in _ITEM.findall(question)}))
    cases = tuple(sorted({normalise_case(m) for m in BARE_CASE_NUMBER.findall(question.upper())}))
    return QueryIntent(
        text=question, recommendations=recs, items=items, case_numbers=cases,
        dates=tuple(find_dates(question)), status=bool(_STATUS.search(question)),
        decision=bool(_DECISION.search(question)), decided=bool(_DECIDED.search(question)),
        recommends=bool(_RECOMMENDS.search(question)),
        english=is_english(question),
        meeting=bool(_MEETING.search(question)) and not _FUTURE.search(question),
        answer_types=_asked_kinds(question),
        counted=_counted(question),
        counts=bool(_COUNTS.search(question)),
        unit=_unit(question),
        numbered=tuple(sorted({int(n) for n in _NUMBERED.findall(question)})),
        defines=_defined_term(question),
        asks_section=bool(_ASKS_SECTION.search(question)),
        topic=without_source(question),
        meeting_number=next(iter(meeting_numbers(question)), None),
        role=next((name for name, rx in ROLES.items() if re.search(rx, question, re.I)), "") if _WHO.search(question) else "",
    )


# "I hvilket kapitel behandles retspsykiatrien?", "hvilket afsnit beskriver …", "which chapter": the answer
# is a section's heading (its number and title), not a sentence of its text.
_ASKS_SECTION = re.compile(r"\b(?:hvilke[tn]?|which|what)\s+(?:kapitel\w*|afsnit\w*|chapters?|sections?)\b", re.I)


# "…, ifølge Hedeby Kommunes kulturpolitik?", "According to the council's 2021 plan, how many …": the
# source a question is asked of, at its end or opening before a comma. Inside a sentence ("hvad skal
# ifølge planen ske med …") where the source ends is not known without parsing: left alone.
_SOURCE_AT_END = re.compile(r",?\s*\b(?:ifølge|i følge|according to)\s+[^,?]*\??\s*$", re.I)
_SOURCE_AT_START = re.compile(r"^\s*(?:ifølge|i følge|according to)\s+[^,?]*,\s*", re.I)
# … or "In the council's 2021 report, how many …", "I referatet fra mødet den 3. maj, hvad …", "…, in KL's
# 2012 report?", "…, i kommunens biblioteksplan?": a phrase with "i"/"in" that names a kind of document
# (alone or as a compound's last part), set off by its comma.
_DOCUMENT_NOUN = (r"(?:report|proposal|input|minutes|agenda|note|memo|plan|document|presentation|polic(?:y|ies)|"
                  r"guide\w*|list|standards?|strateg(?:y|ies)|rapport\w*|referat\w*|dagsorden\w*|notat\w*|oplæg\w*|"
                  r"plan\w*|politik\w*|liste\w*|vejledning\w*|præsentation\w*|strategi\w*|standard\w*)")
_IN_DOCUMENT_AT_START = re.compile(r"^\s*(?:in|i)\s+(?!(?:which|what|whose|hvilke[nt]?|hvad|hvis)\b)[^,?]{0,120}?\b\w*"
                                   + _DOCUMENT_NOUN + r"\b[^,?]*,\s*", re.I)
_IN_DOCUMENT_AT_END = re.compile(r",\s*(?:in|i)\s+[^,?]*\b\w*" + _DOCUMENT_NOUN + r"\b[^,?]*\?\s*$", re.I)


def without_source(question: str) -> str:
    """The question less the source it names, when it names one at its end or opening; "" otherwise.

    The source's words say which document, not which passage: in the question's vector they pull
    towards passages that speak of that document (a status note, a list of links, minutes
    summarising it) rather than the passage that answers. The ranking weighs the passages' cosine
    with this text beside the whole question's."""
    rest = _SOURCE_AT_START.sub("", _SOURCE_AT_END.sub("?", question)).strip()
    rest = _IN_DOCUMENT_AT_START.sub("", _IN_DOCUMENT_AT_END.sub("?", rest)).strip()
    if rest == question.strip() or len(rest.split()) < 3:
        return ""
    return rest[0].upper() + rest[1:]


def question_parts(question: str) -> list[str]:
    """A two-part question ("Hvad anbefalede oplægget om X, og hvornår blev Y besluttet?") as its two
    questions; one part each is searched for as well as the whole, so that both passages are found."""
    match = _SECOND_QUESTION.search(question)
    if not match:
        return []
    first, second = question[:match.start()].strip(" ,;"), question[match.start():].split(None, 1)[1]
    return [part for part in (first, second) if len(part.split()) >= 3]


# "hvor mange sundhedspersoner …": the words after it, up to a small word, say what is counted
# ("nationale kliniske retningslinjer"), unless the first is a unit of money or time, or a verb
# ("hvor mange deltog"). Without a part-of-speech tagger the phrase may run into the verb ("borgere
# gik"): the first word is what a sentence must speak of, any of them what a number must stand
# beside. (An English question's word is not the documents' word.)
_COUNTED = re.compile(r"\bhvor\s+mange\s+(?:(?:nye|" + _MORE_DA + r")\s+)?((?:[a-zæøå][\wæøå-]*\s+){0,2}[a-zæøå][\wæøå-]*)", re.I)
_NOT_COUNTED = re.compile(r"^(?:penge|kroner|millioner|milliarder|mio|mia|gange|procent|dage|uger|måneder|år|timer|"
                          r"deltog|deltager|fik|får|kom|kommer|var|blev|bliver|havde|skal|kan|vil|\w+(?:ede|te|de))$", re.I)


# "hvor mange kan bo der", "how many places", "antal pladser": a count; "hvor mange år/uger" asks for a span of time,
# "hvor mange procent/kroner" for a share or an amount.
_COUNTS = re.compile(r"\b(?:hvor\s+mange|how\s+many|antal)\b(?!\s+" + _MORE + r"(?:hverdage|dage|døgn|uger|måneder|år|timer|minutter|"
                     r"days|weeks|months|years|hours|minutes|procent|pct|percent|penge|kroner|kr|millioner|"
                     r"milliarder|mio|mia)\b)", re.I)


# How long, told by when it began: "har stået ubebyggede hen siden lokalplanens vedtagelse i 1990".
SINCE = re.compile(r"\b(?:siden|since)\s+(?:[\wæøå.-]+\s+){0,4}?(?:(?:19|20)\d\d|\d{1,2}\.\s*\w+\s+(?:19|20)\d\d)\b", re.I)


# The units "hvor mange …" may ask in, each with how a Danish sentence names it ("årligt",
# "ugentligt": a number per year or week; the genitive of "inden for 14 dages frist", "48 timers").
UNITS = {
    "timer": re.compile(r"\btim(?:e|er|en|erne|ers)\b", re.I),
    "dage": re.compile(r"\b(?:hver|arbejds)?dag(?:e|en|ene|es)?\b|\bdøgn\w*", re.I),
    "uger": re.compile(r"\buge(?:r|n|rne|rs)?\b|\bugentlig\w*", re.I),
    "måneder": re.compile(r"\bmåned\w*|\bmdr\b", re.I),
    "år": re.compile(r"\bår(?:et|ene|s)?\b|\båri\w*|\bårlig\w*", re.I),
    "minutter": re.compile(r"\bminut\w*|\bmin\.", re.I),
    "procent": re.compile(r"%|\bprocent\w*|\bpct\b", re.I),
    # a share: a percentage, a fraction ("en tredjedel", "halvdelen", "hver fjerde", "3 ud af 4", "1/3")
    "andel": re.compile(r"%|\bprocent\w*|\bpct\b|"
                        rf"\b(?:halv|{'|'.join(w for w, n in ORDINALS.items() if n > 2)})del(?:en|e|ene)?\b|"
                        rf"\bhver(?:t)?\s+(?:{'|'.join(w for w, n in ORDINALS.items() if n > 1)}|"
                        r"\d+\.)(?!\w)|\b\d+\s+ud\s+af\s+\d+|\b\d+/\d+\b|"
                        r"\b(?:fler|mindre)tal(?:let)?\b|\bpercent\w*|\bhalf\b|\bthirds?\b|\bquarter\b", re.I),
    # how long: a number of minutes, hours, days, weeks, months or years, or since when
    "varighed": re.compile(r"\b(?:minut\w*|min\.|tim(?:e|er)s?|(?:hver|arbejds)?dage?s?|døgn|uger?s?|måned(?:er|ers|s)?|mdr\.?|års?|"
                           r"minutes?|hours?|days?|weeks?|months?|years?)\b|" + SINCE.pattern, re.I),
}
# "hvor længe", "hvor lang tid", "hvor lang er ventetiden / fristen", "how long": a span of time.
_HOW_LONG = re.compile(r"\bhvor\s+længe\b|\bhvor\s+lang\s+(?:tid\b|(?:\w+\s+){0,3}?\w*(?:tid|frist|periode)(?:en|er|erne)?\b)|"
                       r"\bhow\s+long\b", re.I)
_UNIT = re.compile(r"\b(?:hvor\s+mange|how\s+many)\s+" + _MORE + r"(timer|hverdage|arbejdsdage|dage|døgn|uger|måneder|år|minutter|procent|"
                   r"pct|hours|days|weeks|months|years|minutes|percent)\b", re.I)
_UNIT_OF = {"hverdage": "dage", "arbejdsdage": "dage", "døgn": "dage", "pct": "procent", "hours": "timer", "days": "dage",
            "weeks": "uger", "months": "måneder", "years": "år", "minutes": "minutter", "percent": "procent"}


# "Hvad er andelen af …?", "hvor stor var andelen …": a share asked by its noun.
_THE_SHARE = r"(?:hvad|hvor\s+stor)\s+(?:er|var|bliver|blev)\s+andelen"
# "hvor stor en andel / del af …", "hvilken andel", "what share of …": a share is asked, not a count.
_SHARE = re.compile(r"\b(?:hvor\s+stor\s+(?:en\s+)?(?:andel|del|procentdel|procentandel)|hvilken\s+(?:andel|procentdel)|"
                    + _THE_SHARE + r"|"
                    r"what\s+(?:share|proportion|percentage|fraction)|how\s+(?:large|big)\s+a\s+(?:share|proportion))\b",
                    re.I)


def _unit(question: str) -> str:
    if _SHARE.search(question):
        return "andel"
    m = _UNIT.search(question)
    if m:
        return _UNIT_OF.get(m.group(1).lower(), m.group(1).lower())
    if _HOW_LONG.search(question):
        return "varighed"
    # "tilfredshed gæster procent 2024", "den procentvise stigning": a percentage is asked
    return "procent" if _PERCENT_WORD.search(question) else ""


# "Hvad var belægningsprocenten …?", "Hvad er andelen af …?": a share asked by its noun. Not a word of
# ANSWER_TYPES: those are taken out of the question's content terms, and "belægningsprocent" is its subject.
_SHARE_ASKED = re.compile(r"\b\w+procent(?:en|er|erne)?\b|\b" + _THE_SHARE + r"\b", re.I)
_PERCENT_WORD = re.compile(r"\w*procent\w*|\bpct\b|\bpercent\w*", re.I)  # also "belægningsprocenten"


def _counted(question: str) -> str:
    m = _COUNTED.search(question)
    if not m:
        return ""
    phrase: list[str] = []
    for word in m.group(1).split():
        if word.lower() in danish_stopwords() or _NOT_COUNTED.match(word) or len(word) < 3:
            break
        phrase.append(word)
    return " ".join(phrase) if phrase and len(phrase[0]) >= 4 else ""


# A question that asks why: the numbers or times in its clauses are not what it asks for.
_WHY = re.compile(r"\s*(?:hvorfor|why)\b", re.I)
_HOURS_COUNTED = re.compile(r"\btimer\b|\bhours?\s+(?:a|per|pr\.?)\b|\bhow\s+many\s+hours\b", re.I)


# Search words that name a version without giving one ("docker version krav", "Java-version
# containere"): they ask which version, as "hvilken version" does; a question in words or one that
# names its version ("version 3.0.0 ændringer") does not.
_VERSION_WORD = re.compile(r"\bversion\b", re.I)
_QUESTION_OR_NUMBER = re.compile(r"\?|\d|\b(?:hvad|hvilk\w*|hvordan|hvorfor|hvem|hvornår|hvor|er|what|which|how|is)\b", re.I)


def _asked_kinds(question: str) -> tuple[str, ...]:
    """The kinds of fact the question asks for. A two-part question ("Hvor mange søgte, og hvor mange
    fik?") asks for the kinds both its parts ask: with a part asking something else ("…, og hvem står
    for den?") a sentence stating none may answer."""
    second = _SECOND_QUESTION.search(question)
    if not second:
        return _answer_types(question)
    later = _answer_types(question[second.start():])
    return tuple(k for k in _answer_types(question[:second.start()]) if k in later)


# A condition the question opens with ("When a hospital corrects the ward, where does …?", "Hvis
# antallet stiger, hvad sker der så?"): it says when the asked thing holds, it is not what is asked.
# ("When did …", "When was …" ask for the time.)
_CONDITION = re.compile(rf"^\s*(?:(?:when|if|once|whenever)\s+(?!(?:{_AUXILIARY})\b)|(?:når|hvis)\s+)[^,?]{{3,200}},\s*(?=\S)",
                        re.I)


def _answer_types(question: str) -> tuple[str, ...]:
    question = _CONDITION.sub("", question, count=1)
    if _WHY.match(question):
        return ()  # a reason is asked: "Hvorfor vil X inddele patienterne efter, hvor meget støtte …?"
    kinds = tuple(kind for kind, pattern in ANSWER_TYPES.items() if pattern.search(question))
    if "version" not in kinds and _VERSION_WORD.search(question) and not _QUESTION_OR_NUMBER.search(question):
        kinds += ("version",)
    if "hours" in kinds and _HOURS_COUNTED.search(question):
        kinds = tuple(k for k in kinds if k != "hours")  # "udvidet åbningstid timer pr uge" asks a number of hours
    if _WHO.search(question) and ROLE.search(question):
        kinds += ("role",)
    if WHICH_NAMED.search(question):
        kinds += ("names",)
    if "quantity" not in kinds and _SHARE_ASKED.search(question):
        kinds += ("quantity",)
    # "hvor mange penge" is also "hvor mange": the stricter kind is the one asked for.
    return tuple(k for k in kinds if k != "quantity") if "money" in kinds else kinds


def coverage(q_terms: set[str], terms: set[str], weight: Callable[[str], float] | None = None) -> float:
    """The (IDF-)weighted share of the question's content terms found in ``terms``: the one
    measure of "is this about what the question asks" that ranking and answering share."""
    weight = weight or (lambda term: 1.0)
    total = math.fsum(weight(t) for t in q_terms)
    return math.fsum(weight(t) for t in q_terms & terms) / total if total else 0.0


# Where a passage's sentences (or paragraphs, list items without a full stop) end.
_SENTENCE_GAP = re.compile(r"(?<=[.!?:])\s+|\n\s*\n")


def window_coverage(q_terms: set[str], text: str, analyzer: DanishAnalyzer,
                    weight: Callable[[str], float] | None = None) -> float:
    """The best ``coverage`` of two consecutive sentences of ``text``.

    A passage that answers has the question's words together in one place; one that only
    mentions them here and there (a long chapter touching every theme once) has them spread
    out. Passage-level coverage cannot tell the two apart; this can."""
    pairs = _sentence_pairs(analyzer, text)
    weight = weight or (lambda term: 1.0)
    total = math.fsum(weight(t) for t in q_terms)  # ``coverage``'s, summed once for all the pairs
    if not pairs or not total:
        return 0.0
    return max(math.fsum(weight(t) for t in q_terms & pair) for pair in pairs) / total


@lru_cache(maxsize=16384)
def _sentence_pairs(analyzer: DanishAnalyzer, text: str) -> tuple[frozenset[str], ...]:
    """The terms of each two consecutive sentences of a passage. Cached: the same passages come up
    for question after question, and reading them is most of what window_coverage costs."""
    parts = [terms for _, terms in _sentences(analyzer, text)]
    return tuple(a | b for a, b in zip(parts, parts[1:])) or tuple(parts)


def phrase_share(question: str, text: str, analyzer: DanishAnalyzer) -> float:
    """The share of the question's adjacent content-word pairs that stand side by side in ``text``
    too ("ledige pladser", "havnebad 2024"): a passage that has the words as one phrase, not
    the same words apart, is more likely the one asked about."""
    q = analyzer.terms(question)
    pairs = set(zip(q, q[1:]))
    return len(pairs & _term_pairs(analyzer, text)) / len(pairs) if pairs else 0.0


@lru_cache(maxsize=16384)
def _term_pairs(analyzer: DanishAnalyzer, text: str) -> frozenset[tuple[str, str]]:
    terms = analyzer.terms(text)
    return frozenset(zip(terms, terms[1:]))


def stating_coverage(q_terms: set[str], text: str, analyzer: DanishAnalyzer, kinds: frozenset[str] | tuple[str, ...],
                     stated: Callable[[str], frozenset[str]], weight: Callable[[str], float] | None = None) -> float:
    """The best ``coverage`` of a sentence of ``text`` (with the next one) that itself states a fact
    of one of the asked ``kinds`` (``stated``: the kinds a sentence states); 0 when none does or
    nothing is asked. "Hvor mange pladser …?" is answered where a number stands by its words."""
    if not kinds:
        return 0.0
    sentences = _sentences(analyzer, text)
    best = 0.0
    for i, (sentence, terms) in enumerate(sentences):
        if stated(sentence).intersection(kinds):
            near = terms | sentences[i + 1][1] if i + 1 < len(sentences) else terms
            best = max(best, coverage(q_terms, near, weight))
    return best


@lru_cache(maxsize=16384)
def _sentences(analyzer: DanishAnalyzer, text: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """Each sentence of a passage with its terms (what ``window_coverage`` and ``stating_coverage`` read)."""
    return tuple((s, frozenset(analyzer.terms(s))) for s in _SENTENCE_GAP.split(text) if s.strip())


@lru_cache(maxsize=16384)
def passage_profile(analyzer: DanishAnalyzer, text: str) -> tuple[frozenset[str], float]:
    """A passage's terms and its share of letters among its visible characters. Cached like
    ``_sentence_pairs``: reading the same passages again was most of what ranking one question cost."""
    visible = len(text) - sum(map(str.isspace, text)) or 1
    return frozenset(analyzer.terms(text)), sum(map(str.isalpha, text)) / visible
