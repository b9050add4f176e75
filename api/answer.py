"""Ranked hits → an extractive answer whose every sentence is a verified quote.

The answer is built from the sentences of the best passages that share the
most with the question (not simply their first sentences); each is followed by
its citation marker [n]. Before a citation is returned its quote is looked up
in the cleaned text of the page it names; a quote that is not there is dropped.
When retrieval is not confident enough the answer is ``found=False``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import groupby
from pathlib import Path
from typing import Callable

import numpy as np

from api.abbreviations import is_abbreviation, spells_out
from api.query import (ANSWER_TYPES, ORDINALS, ROLE, ROLES, SINCE, UNITS, WHICH_NAMED, QueryIntent, content_terms,
                       coverage, defining_line, meeting_numbers, ordinal_number, passage_profile, read_intent)
from api.places import typed_places
from api.rank import LinearModel
from api.refusal import Refusal
from api.search import DECIDED, DECIDED_HEADING, PROPOSAL_HEADING, Ranked, item_key, records_decision
from index.calibrate import DEFAULT_BAND, CosineBand, cosine_band
from index.embed import Embedder
from index.lexical import DanishAnalyzer, danish_stopwords
from index.store import Hit
from ingest.dates import DATE_LABEL, DAY_DATE, danish, find_dates, first_month
from ingest.facts import KIND_NAMES
from ingest.headings import BARE_CASE_NUMBER, CASE_DIGITS, CASE_LABELS, CASE_NUMBER, IDENTIFYING_NUMBER
from ingest.sentences import ends_with_abbreviation, passage_sentences, runs_on, split_sentences

NOT_FOUND = "Det kan jeg ikke finde i dokumenterne. Prøv at formulere spørgsmålet anderledes, eller søg efter et bestemt dokument, punkt eller en anbefaling."
_ITEM_NUMBER = re.compile(r"^\d{1,2}\.\s+")


_WS = re.compile(r"\s+")
_MAX_SENTENCES = 3
_MIN_SENTENCE_CHARS = 25


@dataclass
class Citation:
    n: int
    document: str
    title: str
    page: int
    page_label: str
    section: str
    date: str | None
    quote: str
    text: str
    score: float
    doc_id: str = ""
    kind: str = ""  # a key of ingest.facts.KIND_NAMES: "minutes", "agenda", "report", …
    body: str = ""  # the issuing body, e.g. "Aarhus Kommune, Sundhedsudvalget"


@dataclass
class Answer:
    answer: str
    found: bool
    citations: list[Citation] = field(default_factory=list)
    confidence: float = 0.0
    related: list[Ranked] = field(default_factory=list)
    history: list[str] = field(default_factory=list)  # status questions: earlier dated mentions
    refusal: Refusal | None = None  # why found=False although confidence may be high (None when answered)


@dataclass(frozen=True)
class _Sentence:
    text: str  # whitespace-normalised: the quote
    page: int
    page_label: str
    score: float
    rank: int
    following: str = ""  # the next sentence on the same page, to complete the quote
    coverage: float = 0.0  # IDF-weighted share of the question's content terms in it, its neighbour and its context
    states: frozenset[str] = frozenset()  # kinds of fact it states with its following sentence (STATES)
    x: tuple[float, ...] = ()  # its SENTENCE_FEATURES but the cosine (``sentence_rows`` adds it), for the fitted choice
    record: tuple[int, ...] = ()  # (passage rank, page, piece, row) of the table row it is a run of cells of
    days: tuple[str, ...] = ()  # the day it is dated to: by a date in its first words, else by its heading's
    heading: str = ""  # the line it stands under in its passage (a slide's title, a table's caption)


# A case number ending its line ends an agenda item's header row (number, title, officer, case number).
_ROW_END = re.compile(r"^\s*(?:Sags ID:\s*)?" + BARE_CASE_NUMBER.pattern + r"[ \t]*$", re.M)
_MAX_LEAD_IN = 300  # characters looked back for the start of a chunk's first sentence
_SENTENCE_BREAK = re.compile(r"[.!?:]\s+(?=[\"“”»(]?[A-ZÆØÅ0-9•➢–-])|\n\s*\n|\n(?=[•➢▪-]\s)")
_TERMINAL = (".", "!", "?", "”", '"', ")", "»", ";")
_BULLETS = ("•", "-", "–", "➢", "▪")
_MAX_QUOTE_CHARS = 320
# A table row as ingest writes it: "Header: value | Header: value …" (see ingest/tables.py).
_TABLE_ROW = re.compile(r"^[^|\n]{1,120} \| [^|\n]+")
_IDENTIFIED_COVERAGE = 0.6
_FACT_COVERAGE = 0.25
# A capitalised word that does not start the question or a sentence in it: a name. Not the end of a
# compound ("sags-ID" is a case's number, not a name).
_NAME = re.compile(r"(?<![.?!:]\s)(?<!^)(?<!-)\b[A-ZÆØÅ][\wæøåÆØÅ]+(?:-[\wæøåÆØÅ]+)*")
_NOT_NAMES = frozenset({"det", "den", "de", "i", "og"})  # capitalised inside names ("Det Frie Forskningsråd")
# A capitalised word inside a sentence (after a word or a comma, not after a bullet or quote mark).
_INNER_NAME = re.compile(r"(?<=[\w,] )[A-ZÆØÅ][\wæøåÆØÅ]+(?:-[\wæøåÆØÅ]+)*")
_CONTEXT_SHARE = 0.5  # weight of a question word found only in the sentence's title/section/date
_HEADING_CHARS = 120  # a line without a full stop up to this long is a heading the next lines stand under
_FITS_BONUS = 0.3  # sentence score bonus for stating the kind of fact (or decision) the question asks for
_NUMBER_WORDS = r"to|tre|fire|fem|seks|syv|otte|ni|ti|elleve|tolv|tyve|hundrede|tusinde?|halvdel(?:en)?|dobbelt"
_MONTHS = "januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december"
# What a sentence must state to answer each kind of question (api.query.ANSWER_TYPES). A year in
# parentheses is a source reference ("Aftale om en bedre psykiatri (2023)"), not a stated fact.
STATES = {
    # … or a table cell whose header names the unit ("Ansøgt beløb: 581.640", "Tilskud (kr.): 40.000"), or "kr. 2.100".
    "money": re.compile(r"\d+(?:[.,]\d+)*\s*(?:mio\.|mia\.|mill\.|millioner|milliarder|kr\.|kroner|euro)|"
                        r"\b(?:en|én|to|tre|fire|fem|seks|syv|otte|ni|ti|halv)\s+(?:millioner|milliarder|mio\.|mia\.)|"
                        r"(?:beløb|kr\.?\)?|kroner|tilskud|bevilling|budget)\s*:\s*\d|\bkr\.\s*\d|"
                        # "what does it cost" is also answered by "it is free"
                        r"\b(?:vederlagsfri\w*|gratis|uden\s+(?:egen)?betaling|ingen\s+egenbetaling)\b", re.I),
    # An ordinal ("1. møde", "3. kvartal", "31. december") counts nothing, nor does a number in a
    # hyphenated name ("5-årsplanen", "§ 79-puljen", "3-årsaftalen"), a time of day ("kl. 10-13")
    # or a house number ("3A"), nor a footnote number glued to the word before it ("indsatser31"),
    # an ordinal glued to its word ("3.behandles", "2.-behandling") or the first day of a range
    # ("4.-6. maj"). (A number after a name, "Agenda 21", still counts.)
    "quantity": re.compile(r"(?<![\w(.,-])(?<!kl\. )(?!(?:19|20)\d\d\b)\d+(?:[.,]\d+)?(?![\d)A-Za-z])"
                           r"(?!\.\s*-?\s*(?-i:[a-zæøå]))(?!\.\s*-\s*\d)(?!-[^\W\d])|\b(?:"
                           + _NUMBER_WORDS + r")\b", re.I),
    # … or a time limit or span ("inden for én uge", "senest 14 dage efter", "14 dages frist"), a time of day
    "time": re.compile(r"(?<!\()\b(?:19|20)\d\d\b(?!\))|\b(?:" + _MONTHS + r"|foråret|sommeren|efteråret|vinteren|"
                       r"nytår|årsskiftet)\b|\b(?:\d+|en|én|et|" + _NUMBER_WORDS + r")\s+(?:hverdage|dage|dag|døgn|uger|uge|"
                       r"måneder|måned|timer|time)s?\b|\bkl\.\s*\d|"
                       # a week's or quarter's number: "i begyndelsen af uge 14", "i 2. kvartal", "week 14"
                       r"\b(?:uge|week)\s*\d{1,2}\b|\b[1-4]\.\s*(?:kvartal|halvår)|"
                       # a day written day/month ("forventes top 22/3"; not a share, "2/3 af borgerne")
                       r"(?<![\d/.,])\b(?:0?[1-9]|[12]\d|3[01])/(?:0?[1-9]|1[0-2])\b(?![\d/]|\s*(?:af|dele?|of)\b)", re.I),
    # How often: "årlig ajourføring", "hver måned", "1-3 gange om ugen", "to gange om året"
    "frequency": re.compile(r"\b(?:(?:halv)?årlig\w*|månedlig\w*|ugentlig\w*|daglig\w*|kvartalsvis|"
                            r"hver(?:t|e)?\s+(?:anden\s+|andet\s+|tredje\s+)?(?:år|halve\s+år|kvartal|måned|uge|dag|gang)|"
                            r"(?:\d+(?:\s*-\s*\d+)?|en|én|to|tre|fire|fem|seks)\s+gange?|"
                            r"om\s+(?:året|måneden|ugen|dagen)|annual\w*|monthly|weekly|daily|every\s+\w+)\b", re.I),
    # Eight digits, "44773549" or "44 77 35 49"; two years side by side ("årstal: 2009 2010") are not one.
    # A short number is one only after its label: "telefonnr. 116 111", "tlf. 1813", "Telefon: 114".
    "phone": re.compile(r"\b(?!(?:19|20)\d\d\s?(?:19|20)\d\d\b)\d{2}\s?\d{2}\s?\d{2}\s?\d{2}\b|"
                        r"\b(?:tlf|telefon(?:nr|nummer)?|phone)\.?\s*(?:nr\.?)?\s*:?\s*(?!(?:19|20)\d\d\b)\d{3,4}(?:\s\d{3})?\b", re.I),
    # opening hours: a clock time ("kl. 9-15", "10.00-14.00"), a weekday or "hverdage", "døgnet rundt"
    # ("i hverdagen" is everyday life, not weekdays)
    "hours": re.compile(r"\bkl\.?\s*\d|\b\d{1,2}[.:]\d{2}\b|\b(?:man|tirs|ons|tors|fre|lør|søn)dag\w*|\bhverdage\b|"
                        r"\bdøgnet\s+rundt\b|\b24/7\b|\b(?:mon|tues|wednes|thurs|fri|satur|sun)days?\b|\bweekdays?\b", re.I),
    # "version 3.0.0", "v. 4", "R4", "22.04": a version states a number with the word, or in dotted parts
    "version": re.compile(r"\bv(?:ersion)?\.?\s*\d+(?:\.\d+)*\b|\b\d+\.\d+\.\d+\b|\bR\d\b|"
                          r"\b\d+(?:\.\d+)+\s*(?:LTS|version)\b", re.I),
    "case": IDENTIFYING_NUMBER,
    "date": DAY_DATE,
}


# A footnote's number before its text ("12 Der er i 2019 indgået aftale med Havnestyrelsen om …"): it counts nothing.
_FOOTNOTE_MARK = re.compile(r"^\s*\d{1,3}\s+(?=(?:Der|Det|Den|De|Se|Jf|Kilde|I|Vi|Hertil|Heraf|Dette)\b|"
                            r"[A-ZÆØÅ][a-zæøå]+\s+[a-zæøå])")


# A list item's or numbered heading's number before its text ("10. Tidlig opsporing af …"): it counts nothing.
_ENUMERATION = re.compile(r"^\s*(?:[•➢▪–-]\s*)?\d{1,3}\.\s+(?=[A-ZÆØÅ])")


# Cached, as is _is_debris: the same passages' sentences come up question after question, and their
# two dozen patterns were a sixth of what answering a warm question cost.
@lru_cache(maxsize=65536)
def stated_kinds(text: str) -> frozenset[str]:
    """The kinds of fact ``text`` states (STATES). A case or document number states its case and
    nothing else: the year and digits of "EMN-2025-007459" or "J.nr. 2012-200292" are no time, no
    count and no amount, so an item's header line does not answer "hvornår …?"; nor does a list
    item's number count anything ("10. Tidlig opsporing …" answers no "hvor mange")."""
    plain = _ENUMERATION.sub("", _FOOTNOTE_MARK.sub("", IDENTIFYING_NUMBER.sub(" ", text)), count=1)
    return frozenset(k for k, rx in STATES.items() if rx.search(text if k == "case" else plain))


# A span of time ("12 måneder", "6 mdr.", "14 dage", "2-3 år"): how long, not how many.
_DURATION = re.compile(r"\b(?:\d+(?:[.,]\d+)?(?:\s*-\s*\d+)?|en|én|et|" + _NUMBER_WORDS + r")\s+(?:hverdage|arbejdsdage|"
                       r"dage|dag|døgn|uger|uge|måneder|måned|mdr\.?|år|timer|time|minutter|days?|weeks?|months?|"
                       r"years?|hours?|minutes?)(?![\wæøå])", re.I)


# A number that labels something ("figur 4", "tabel 3", "bilag 2", "side 14", "punkt 5", "§ 12",
# "anbefaling 25"): it names, it does not count.
_LABEL = re.compile(r"(?:\b(?:figur|fig\.|tabel|bilag|side|s\.|punkt|pkt\.|kapitel|kap\.|afsnit|nr\.|anbefaling|"
                    r"figure|table|annex|page|item|chapter|section|recommendation)|§)\s*\d+(?:\.\d+)*", re.I)


# An address ("Hedeby Torv 12, 8000 Hedeby C", "Solbakkevej 3A"): a letterhead's or a venue's
# numbers say where, not how many.
_ADDRESS = re.compile(
    # a street and its number, with its postcode and town
    r"\b(?=[A-ZÆØÅ])[\wæøå]*(?i:vej|gade|brygge|all[ée]|plads|torv|stræde|vænge|boulevard)\s+\d{1,3}(?:\s?[A-Za-z])?\b"
    r"(?:,?\s+\d{4}\s+[A-ZÆØÅ][\wæøå]+(?:\s+[A-ZÆØÅ]\b)?)?|"
    # a postcode and town ending a letterhead's line (before a web address, a phone, an e-mail)
    r"\b[1-9]\d{3}\s+[A-ZÆØÅ][\wæøå]+(?:\s+[A-ZÆØÅ]\b)?(?=\s*(?:$|\n|www\.|[Tt]lf|[Tt]elefon|[\w.]+@))")


# An amount of money ("kr. 1.500,-", "3,5 mio. kr.", "40.000 kroner"): what it costs, not how many.
_AMOUNT = re.compile(r"\b(?:kr\.?|dkk)\s*\d+(?:[.,]\d+)*(?:,-)?|\d+(?:[.,]\d+)*\s*(?:mio\.|mia\.|mill\.|millioner|"
                     r"milliarder|kr\.|kroner|euro|dkk)(?!\w)", re.I)


# What something costs a person ("hvad koster det", "prisen", "egenbetalingen", "betale") is not
# answered by what an applicant asked for or was granted ("Ansøgt beløb: 18.500", "bevilget tilskud").
_PRICE = re.compile(r"\bkost(?:er|e|ede|ed)\b|\bpris(?:en|er|erne)?\b|\w*egenbetaling\w*|\bbetale[rs]?\b|"
                    r"\bbrugerbetaling\w*|\bgebyr\w*|\bcost(?:s)?\b|\bprice\b|\bpay\b", re.I)
_GRANT_AMOUNT = re.compile(r"\b(?:ansøgt|indstillet|bevilget|bevilling|tilskud|støtte|tidl\.\s*§\s*18)\w*", re.I)


# An age group the question counts in ("unge under 18 år", "borgere over 65 år", "de 15-årige", "65+"):
# a number of all ages does not answer it.
_AGE_GROUP = re.compile(r"\b(?:under|over)\s+(\d{1,3})\s+år\b|\b(\d{1,3})-årige\b|\b(\d{1,3})\+", re.I)
_AGE_NUMBER = re.compile(r"(?<![\d.,])(\d{1,3})(?=\s*(?:år\b|-?årige|\+|\s*-\s*\d{1,3}\s*-?årige))", re.I)


def _asked_ages(question: str) -> list[frozenset[str]]:
    """The age bounds a question counts in, each with the numbers that state it: "under 18 år" is
    also "0-17-årige", "over 65 år" also "66+"."""
    ages = []
    for m in _AGE_GROUP.finditer(question):
        under, exact, plus = m.groups()
        if under:
            bound = int(under)
            step = -1 if m.group(0).lower().startswith("under") else 1
            ages.append(frozenset({under, str(bound + step)}))
        else:
            ages.append(frozenset({exact or plus}))
    return ages


SENTENCE_PATH = Path(__file__).resolve().parent / "sentence.json"
SENTENCE_FEATURES = (
    "own",            # IDF-weighted share of the question's content terms in the sentence itself
    "context",        # … found only in its passage's title, section path or date
    "following",      # … in the sentence after it (which completes the quote)
    "coverage",       # … in the sentence, its neighbour and its context together
    "rare",           # the question's rarest content term is in the sentence or its neighbour
    "fits",           # states the kind of fact asked for (amount, count, date, phone) or a decision asked for
    "states",         # states an amount, count or date at all
    "position",       # 1 / (1 + its place among the passage's quotable sentences)
    "log_length",     # log of its length in characters
    "table_row",      # a table row read as "Header: value | …"
    "heading_like",   # ends without a full stop (a title line or list item kept as a quote)
    "cosine",         # e5 cosine of the question and the sentence (its vector kept at ingest: SentenceVectors)
)


# A past participle that records an act: godkendt, vedtaget, besluttet, tiltrådt, underskrevet, …
_RECORDED = re.compile(r"\b(?:godkendt|vedtaget|besluttet|tiltrådt|underskrevet|revideret|opdateret|behandlet|"
                       r"udgivet|offentliggjort|approved|adopted|revised|published)\b", re.I)


def _dated_line(text: str) -> bool:
    """A line that records what happened on a day, without a full stop: a cover's "Godkendt af
    byrådet den 12. marts 2019", a title page's "Vedtaget på mødet 4. maj 2021". It answers "hvornår"."""
    return len(text.split()) >= 5 and bool(DAY_DATE.search(text)) and bool(_RECORDED.search(text))


# A person and their role on a line of a members' list: "Lolan Ottesen (A) - formand",
# "Formand: Anne Hansen (V)". It answers "hvem var formand for udvalget".
_PERSON = r"[A-ZÆØÅ][\w'.-]+(?:\s+[A-ZÆØÅ][\w'.-]+){1,4}(?:\s*\([^)]{1,12}\))?"
_ROSTER = re.compile(rf"^\s*(?:{_PERSON}\s*[-–,:]\s*(?i:{ROLE.pattern})|(?i:{ROLE.pattern})\s*[-–:]\s*{_PERSON})\s*$")


# A minutes' attendance block: a label line ("Til stede", "Medlemmer", "Afbud/Fraværende", or
# "Fraværende: Ole Hansen (V)" on one line) and the names under it, up to the first line that is
# neither. It answers "hvem var fraværende" — also when the absent label stands empty.
_ATTENDANCE_LABEL = re.compile(
    r"^(?:til\s*stede|tilstede|deltagere|mødedeltagere|øvrige\s+deltagere|medlemmer|fraværende(?:\s+med\s+afbud)?|"
    r"afbud(?:\s*/\s*fraværende)?|fraværende\s*/\s*afbud|forhindret|sekretær|referent|protokolfører)\s*(?::\s*(.*))?$",
    re.I)
_A_MEETING = "møde mødet meeting"  # what an attendance block is the record of, said or not
_ABSENCE_LABEL = re.compile(r"^(?:fraværende|afbud|forhindret)", re.I)
_NAME_LINE = re.compile(rf"^{_PERSON}(?:\s*[-–,]\s*[\wæøå]+(?:\s+[\wæøå]+){{0,3}})?$")


def attendance_block(text: str) -> str:
    """The attendance block of ``text`` as one quote (its lines joined by a space), or "". A block
    has at least one label that records absence or presence and one name or an absence label."""
    lines = [line.strip() for line in text.splitlines()]
    for start, line in enumerate(lines):
        if not _ATTENDANCE_LABEL.match(line):
            continue
        end, names, absence = start, 0, False
        while end < len(lines) and (m := _ATTENDANCE_LABEL.match(lines[end]) or _NAME_LINE.match(lines[end])):
            if m.re is _ATTENDANCE_LABEL:
                absence |= bool(_ABSENCE_LABEL.match(lines[end]))
                names += bool(m.group(1))
            else:
                names += 1
            end += 1
        if names and (absence or end - start > 2):
            return " ".join(lines[start:end])
    return ""


def _names_role(text: str, intent: QueryIntent) -> bool:
    """The text names the asked role: a "næstformand" is not the "formand" asked for."""
    vice_asked = bool(_VICE.search(intent.text))
    return any(vice_asked or not _VICE.search(m.group(0)) for m in re.finditer(ROLES[intent.role], text, re.I))


_VICE = re.compile(r"næst|vice", re.I)


def _roster_line(text: str) -> bool:
    return len(text) <= _HEADING_CHARS and bool(_ROSTER.match(text))


# A letter's or note's contact block read as one line: "Dato: 4. maj 2021 Tlf. dir.: 44 77 00 00 E-mail:
# … Kontakt: …" (two of its labels): whom to write to, not what the document says, unless that is asked.
_CONTACT_LABEL = re.compile(r"(?<!\w)(Dato|Tlf|Telefon|E-?mail|Kontakt(?:person)?|Sagsbehandler)\b[^:\n]{0,8}:")
_CONTACT_ASKED = re.compile(r"\b(?:kontakt\w*|e-?mail\w*|mail\w*|telefon\w*|tlf|ringe|skrive\s+til|contact\w*|phone)\b",
                            re.I)


def contact_block(text: str) -> bool:
    """Two or more of a contact block's labels (``_CONTACT_LABEL``) in ``text``."""
    return len({m.group(1).lower().replace("-", "") for m in _CONTACT_LABEL.finditer(text)}) >= 2


# Minutes record a decision in a line of its own, often without a full stop or a verb:
# "Indstillingen godkendt", "Godkendt.", "Taget til efterretning", "Punktet udsat".
_BARE_DECISION = re.compile(r"^(?:(?:indstillingen|indstillingerne|forslaget|punktet|sagen)\s+(?:blev\s+|er\s+)?)?"
                            r"(?:godkendt|godkendes|tiltrådt|tiltrædes|vedtaget|anbefalet|anbefales|udsat|"
                            r"taget\s+til\s+efterretning|tages\s+til\s+efterretning)\.?$", re.I)


def _decision_line(text: str) -> bool:
    """A short line that is the decision itself ("Indstillingen godkendt"): quotable however short."""
    return len(text) <= _HEADING_CHARS and bool(_BARE_DECISION.match(text.strip()))


_DECISION_CHARS = 8  # "Udsat." is a decision; a page number or a letter under the heading is not


def _decision_piece(text: str, before: str, after: str) -> bool:
    """A line under a decision's heading that can be the decision: words, not debris nor a list's
    row, nor a label of what follows ("Følgende deltog ikke i behandlingen af punktet:") unless it
    records the decision itself ("Indstillingen godkendt med denne bemærkning:"). A line without a
    full stop that has a sentence ``after`` it is a sub-heading ("Konkrete eksempler på samarbejde"),
    unless it records the decision: one the decision ends with has nothing, or a heading, after it;
    after a colon it is what the sentence ``before`` names ("… kan findes en oversigt: Eksempler på …")."""
    if len(text) < _DECISION_CHARS or _is_debris(text) or _NAME_ONLY.match(text) or DECIDED_HEADING.match(text) \
            or _POINTS.match(text):
        return False
    if DECIDED.search(text) or _decision_line(text):
        return True
    if text.endswith(":"):
        return False
    if _is_sentence(text):
        return True
    return not before.endswith(":") and not _is_sentence(after)


def _headings_over(pieces: list[str], heading: str) -> tuple[list[str], str]:
    """The heading each piece stands under (a passage may hold an item's title, its "Beslutninger"
    heading and the decision below it), and the heading in force after the last piece: a short
    unpunctuated line is a heading, not a decision's own line ("Indstillingen godkendt")."""
    under: list[str] = []
    for x in pieces:
        under.append(heading)
        if not _is_sentence(x) and not _decision_line(x) and len(x) <= _HEADING_CHARS:
            heading = x
    return under, heading


# An agenda item's list of annexes: a "Bilag" heading and the short lines under it ("Bilag 1:
# Høringssvar", "Notat om stier, 20.05.2025"). Asked about an annex (its date, its title), a line
# of the list is the answer, though no sentence.
_ANNEX_HEADING = re.compile(r"^\s*(?:bilag|bilagsliste|bilagsfortegnelse|vedlagte\s+bilag|annex(?:es)?|appendi(?:x|ces)|"
                            r"attachments?)\s*:?\s*$", re.I)
_ANNEX_ASKED = re.compile(r"\b(?:bilag\w*|annex\w*|appendi\w*|attachment\w*)", re.I)


def _annex_lines(pieces: list[str]) -> set[int]:
    """The pieces listed under an annex heading: each line after it up to the first sentence."""
    out: set[int] = set()
    listing = False
    for i, x in enumerate(pieces):
        if _ANNEX_HEADING.match(x):
            listing = True
        elif listing and not _is_sentence(x) and len(x) <= _HEADING_CHARS:
            out.add(i)
        else:
            listing = False
    return out


def _is_sentence(text: str) -> bool:
    """Headings (a short line with no closing punctuation, numbered or not) are context, not answers."""
    return text.endswith(_TERMINAL) or text.startswith(_BULLETS) or len(_ITEM_NUMBER.sub("", text, count=1)) > 150 \
        or len(text.split()) >= _STATEMENT_WORDS


# A slide's statement runs over lines without a full stop ("Repræsenterer 105 patient- og
# pårørendeforeninger med til sammen 900.000 medlemmer – og udpeger til bl.a. …"); a heading is
# rarely this many words.
_STATEMENT_WORDS = 14


PageLookup = Callable[[str], list[dict]]
Weight = Callable[[str], float]


def normalise(text: str) -> str:
    return _WS.sub(" ", text).strip()


def _context(payload: dict) -> str:
    """What a passage says about itself: document title, the kind of document it is ("Notat":
    "sagsnummeret på notatet" speaks of the document), section path and meeting date."""
    kind = KIND_NAMES.get(str(payload.get("kind") or ""), "") if payload.get("kind") != "document" else ""
    return f"{payload.get('title', '')} {kind} {payload.get('section', '')} {danish(payload.get('date'))}"


def _coverage(q_terms: set[str], terms: set[str], weight: Weight) -> float:
    return coverage(q_terms, terms, weight)


def confidence(ranked: list[Ranked], intent: QueryIntent, q_terms: set[str], analyzer: DanishAnalyzer,
               idf: Weight | None = None, band: CosineBand = DEFAULT_BAND) -> float:
    """How sure retrieval is that the top passage answers: dense cosine + term coverage.

    Both parts are absolute (not normalised per query), so the same threshold
    means the same thing for every question.
    """
    if not ranked:
        return 0.0
    top = ranked[:3]
    cosine = max(r.dense for r in top)
    weight = idf or _uniform
    # IDF-weighted: a question whose rare words ("skadestue", "Aarhus") no passage has
    # is not answered by sharing its common words ("psykiatrisk", "ny").
    coverage = max(_coverage(q_terms, _passage_terms(r, analyzer), weight) for r in top)
    # Where this model's cosines go from "unrelated" to "answers it" (index/calibrate.py).
    dense_part = band.scale(cosine)
    if intent.english:
        # Danish passages share no words with an English question: only the model can judge.
        return round(dense_part, 4)
    score = 0.5 * dense_part + 0.5 * coverage
    if intent.has_identifier and _identified(ranked, intent, q_terms, analyzer, weight):
        score = max(score, 0.9)  # the passage *is* the named recommendation/item/case
    return round(score, 4)


def _band(embedder: Embedder | None) -> CosineBand:
    return cosine_band(embedder) if embedder is not None else DEFAULT_BAND


def _passage_terms(r: Ranked, analyzer: DanishAnalyzer) -> frozenset[str]:
    return passage_profile(analyzer, r.hit.text)[0] | frozenset(analyzer.terms(_context(r.hit.payload)))


def _named_terms(r: Ranked, analyzer: DanishAnalyzer) -> frozenset[str]:
    """The names a passage speaks of: its text, headings, title and issuing body."""
    return _passage_terms(r, analyzer) | frozenset(analyzer.terms(str(r.hit.payload.get("body") or "")))


def _uniform(term: str) -> float:
    return 1.0


def load_sentence_model(embedder: str, path: Path = SENTENCE_PATH) -> LinearModel | None:
    """The fitted choice of the answer's first sentence for questions read by ``embedder``, or None (the
    hand-set score chooses): when none ships, or it was fitted on another model's cosines."""
    if not path.is_file():
        return None  # (`arkiv train` removes it when the fitted choice loses to the hand-set score: no gap to warn of)
    return LinearModel.load_for(path, SENTENCE_FEATURES, embedder, "sentence model", "the hand-set score chooses")


@dataclass(frozen=True)
class SentenceVectors:
    """How near the question each quotable sentence is, read from the vectors the index keeps of
    every passage's sentences (``index/store.py``): nothing is embedded at answer time. The quotes
    are cut from the page and the kept sentences from the passage's text, by the same splitter; a
    quote takes the cosine of the kept sentence it holds or lies in, else of the one sharing most of
    its words."""

    question: np.ndarray  # the question's vector, embedded once for its search
    of_points: Callable[[list[str]], dict[str, np.ndarray]]  # chunk ids → their sentences' vectors

    def cosines(self, hit: Hit, sentences: list[str]) -> np.ndarray | None:
        """Each of ``sentences`` (quotes from ``hit``'s pages) and the question; None when the index
        keeps no vectors of ``hit``'s sentences (an index made before they were kept)."""
        rows = self.of_points([hit.chunk_id]).get(hit.chunk_id)
        kept = passage_sentences(hit.text)
        if rows is None or len(rows) != len(kept):
            return None
        cos = rows @ self.question
        squeezed = [_letters(k) for k in kept]
        words = [set(_WORD.findall(k.lower())) for k in kept]
        out = []
        for sentence in sentences:
            flat = _letters(sentence)
            near = [c for k, c in zip(squeezed, cos) if k and (k in flat or flat in k)]
            if not near:
                own = set(_WORD.findall(sentence.lower()))
                shared = [len(own & w) / (len(own | w) or 1) for w in words]
                near = [cos[int(np.argmax(shared))]]
            out.append(float(max(near)))
        return np.asarray(out)


_WORD = re.compile(r"\w+")


def _letters(text: str) -> str:
    """Its letters and digits, lowercased: a quote and a kept sentence compared across line breaks."""
    return "".join(c for c in text.lower() if c.isalnum())


def sentence_rows(sentences: list[_Sentence], cosines: np.ndarray | None) -> np.ndarray:
    """The sentence model's rows (``SENTENCE_FEATURES``): each sentence's features and its cosine.
    Without cosines (None) every sentence gets the same, 0: within one passage the choice is then
    the other features' alone."""
    near = np.zeros(len(sentences)) if cosines is None else np.asarray(cosines, dtype=float)
    return np.column_stack([np.asarray([s.x for s in sentences], dtype=float).reshape(len(sentences), -1), near])


FOUND_PATH = Path(__file__).resolve().parent / "found.json"
RULES_THRESHOLD = 0.45  # the hand-set confidence's threshold (evals/README-dev.md) when no model decides
FOUND_FEATURES = (
    "confidence",         # the hand-set confidence: e5 cosine band and coverage of the top passages
    "dense_top",          # best raw cosine among the top three passages
    "coverage_top",       # best IDF-weighted coverage of the question's content terms by a top passage
    "top_score",          # the ranking's score of the first passage
    "margin",             # … minus the second's
    "sentence_coverage",  # coverage by the best answer sentence (with its neighbour and headings)
    "sentence_score",     # how well the best sentence answers (overlap, passage rank, asked-for kind)
    "rare_covered",       # the question's rarest content term is in a top passage
    "uncovered",          # IDF-weighted share of the question's terms in none of the top k passages
    "states_fact",        # asked for an amount/count/date/phone: a sentence states one (0.5: not asked)
    "identified",         # names an item/recommendation/case: a passage carries it (0.5: names none)
    "english",            # an English question (no shared words with Danish passages)
)


def load_found(embedder: str, path: Path = FOUND_PATH) -> LinearModel | None:
    """The fitted "found" model for questions read by ``embedder``, or None (the hand-set confidence
    decides, read on that model's own cosine band): when none ships, or the one shipped was fitted on
    another model's cosines (``dense_top`` is a raw cosine, and each model's cosines lie elsewhere)."""
    return LinearModel.load_for(path, FOUND_FEATURES, embedder, "'found' model", "the hand-set confidence decides")


@dataclass
class Assessment:
    """Everything the decision to answer rests on: the rules' refusal (exact evidence that the
    documents do not answer), the chosen sentences and the features of the "found" model."""

    confidence: float
    refusal: Refusal | None
    chosen: list[_Sentence]
    features: np.ndarray


@dataclass(frozen=True)
class _Case:
    """What the refusal rules read: the question, its passages and the sentences the answer would quote."""

    question: str
    intent: QueryIntent
    ranked: list[Ranked]
    k: int
    q_terms: set[str]
    analyzer: DanishAnalyzer
    weight: Weight
    states: bool  # some quotable sentence of the passages states the asked-for kind of fact
    candidates: list[_Sentence]
    chosen: list[_Sentence]
    asks_when: bool
    subject: frozenset[str]  # what an amount or number asked for must be about (``_asked_subject``)


def _unquoted_fact(c: _Case) -> bool:
    """Some passage states a number, but none of the sentences the answer quotes does: what they say
    about the subject is not the asked-for fact ("Årlig opgørelse over antal borgere …"). A
    sentence stating it from a passage that names nothing the question names, where other
    passages do, speaks of something else: "Teamets 9 sygeplejersker" in a report on other
    municipalities is not the number of nurses in the team of the municipality the question names.
    Asked in English how many or how much, the first quote must state it: no Danish sentence covers
    enough of an English question's words to be moved first for the number it holds
    (``_stating_first``), and a number two sentences on is as often about something else."""
    if c.intent.english and _BOUND_KINDS.intersection(c.intent.answer_types) \
            and not c.chosen[0].states.intersection(c.intent.answer_types):
        return True
    profiles = [] if c.intent.english else [_name_profile(r, c.analyzer) for r in c.ranked[:c.k]]
    known = _known_words(c.analyzer, c.weight)
    named = [forms for forms in map(_name_forms, _question_names(c.question))
             if any(_names_one(forms, p, c.analyzer, known) for p in profiles)]
    # (a question naming two applicants is answered by a row naming one and a row naming the other)
    return not any(_states_of(s, c.intent.answer_types, c.chosen, c.ranked, c.subject, c.analyzer)
                   and (not named or any(_names_one(forms, profiles[s.rank], c.analyzer, known) for forms in named))
                   for s in c.chosen)


# "Hvornår skal kommunerne senest have implementeret …", "hvad er fristen for …", "by when": a deadline is asked for …
_ASKS_DEADLINE = re.compile(r"\bsenest\b|\b(?:tids)?frist(?:en|er|erne)?\b|\bdeadline\b|\bby\s+when\b|"
                            r"\bno\s+later\s+than\b", re.I)
# … and a sentence gives one when it says by when something must be done, not merely when something happened
# ("Dato: Januar 2023 | Beskrivelse: Rettelse til regel …" in a version table).
_DEADLINE = re.compile(r"\b(?:senest|inden|(?:tids)?frist\w*|deadline|skal|skulle|før|til\s+og\s+med)\b", re.I)


def _giving_time(chosen: list[_Sentence]) -> list[_Sentence]:
    """The quoted sentences that give a time or date (with their following sentence)."""
    return [s for s in chosen if stated_kinds(f"{s.text} {s.following}") & _WHEN]


def _deadline_unquoted(question: str, chosen: list[_Sentence]) -> bool:
    """The question asks by when something must be done, and no quoted sentence that gives a time
    speaks of a time limit: the date of a standard's version is not the date it must be in use by."""
    if not _ASKS_DEADLINE.search(question):
        return False
    stating = _giving_time(chosen)
    return bool(stating) and not any(_DEADLINE.search(f"{s.text} {s.following}") for s in stating)


def _time_not_first(c: _Case) -> bool:
    """Asked in Danish when, the first quote (with the sentence after it) gives no time. A quoted
    sentence that gives one and covers the question's words is moved first (``_stating_first``); one
    left further down gives the time of something else ("Første delrapport forventes i 2024" quoted
    second for "hvornår forventer ministeriet at melde ud …"). An English question is left to
    ``_unquoted_fact``: no Danish sentence covers enough of its words to be moved first."""
    return not c.intent.english and not _giving_time(c.chosen[:1])


_SINCE_WHEN = re.compile(r"\bsiden\s+hvornår\b|\bsince\s+when\b|\bhvor\s+længe\b|\bhow\s+long\b", re.I)


def _only_since(question: str, chosen: list[_Sentence]) -> bool:
    """Asked when something happens ("hvornår flytter caféen ind på sin faste plads?"), every quoted
    sentence that gives a time gives only since when a state has lasted ("… har været en fast del af
    havnen siden 1962"): that is not when the asked event happens. ("Siden hvornår …" asks exactly that.)"""
    if _SINCE_WHEN.search(question):
        return False
    stating = _giving_time(chosen)
    return bool(stating) and all(
        SINCE.search(s.text) and not stated_kinds(SINCE.sub(" ", f"{s.text} {s.following}")) & _WHEN for s in stating)


# "hvor stor var den samlede pulje", "hvor mange penge var der i alt": a total is asked for …
_ASKS_TOTAL = re.compile(r"\bi\s+alt\b|\bsamlede?\b|\btotal\w*|\bsammenlagt\b|\btilsammen\b|\bin\s+all\b", re.I)
# … and a table row gives one only where it is the total row ("I alt 2.890.000 kr.")
_TOTAL_ROW = re.compile(r"\bi\s+alt\b|\bsamle[td]e?\b|\btotal\w*|\bsum\b|\bsammenlagt\b|\btilsammen\b", re.I)
_AMOUNT_KINDS = frozenset({"money", "quantity"})


def _total_from_rows(question: str, chosen: list[_Sentence], asked: tuple[str, ...]) -> bool:
    """The question asks for a total (a pool, a sum over a table), and every quoted sentence that
    states an amount or a number is a row of a table that is not its total row: one applicant's row
    of a grant list ("Ansøgt beløb: 200.000 | … | Indstillet beløb: 150.000") is that applicant's,
    not the pool's."""
    if not (_ASKS_TOTAL.search(question) and _AMOUNT_KINDS & set(asked)):
        return False
    stating = [s for s in chosen if s.states & _AMOUNT_KINDS]
    return bool(stating) and all(" | " in s.text and not _TOTAL_ROW.search(s.text) for s in stating)


def _name_profile(r: Ranked, analyzer: DanishAnalyzer) -> tuple[frozenset[str], str, str]:
    """What a passage names, read once: its terms with headings, title and body (``_named_terms``),
    its letters without spaces or hyphens (a name a narrow cell broke) and its words as written
    (an abbreviation's words)."""
    return _named_terms(r, analyzer), _SQUEEZE.sub("", r.hit.text.lower()), _naming_text(r)


def _names_one(forms: tuple[str, ...], profile: tuple[frozenset[str], str, str], analyzer: DanishAnalyzer,
               known: Callable[[str], bool] | None = None) -> bool:
    """The passage of ``profile`` names the name in one of its ``forms``."""
    terms, squeezed, text = profile
    return any(_names(f, terms, squeezed, analyzer, text, known) for f in forms)


def _other_body(c: _Case) -> bool:
    """The question names the body whose papers it asks about ("skal Hedeby Kommune …", "ifølge
    Region Vest"), but the answer's first quote is another body's that does not name it: what a
    neighbouring municipality's standard says is not what Hedeby does. (The named body's passages
    are read first, ``_named_body_first``: the first quote is another's only when theirs state
    nothing the question asks.)"""
    named = _named_bodies(c.question, c.ranked, c.analyzer)
    return bool(named) and not _speaks_for(c.ranked[c.chosen[0].rank], named, c.analyzer)


def _only_repeats(c: _Case) -> bool:
    """A heading that restates the question ("De seks punkter i foreningens udspil" on a slide whose
    points are an image) tells the reader nothing the question did not. Nor does an agenda item's
    header line ("8 (Offentlig) Ansøgninger til puljen Anna Holm SAG-2024-00012") to a question
    about what was said under the item: beside its title it only labels the item (its number,
    access, the official in charge, its case number). It does answer a search for the item, which
    item or case it is, who is in charge, and what is proposed under it (the passage holds that)."""
    asked = set(c.analyzer.terms(c.question))
    content_question = bool(_ASKS_WHAT.match(c.question)) and not (
        _ITEM_ASKED.search(c.question) or c.intent.role or c.intent.case_numbers or c.intent.decision
        or set(c.intent.answer_types) & {"case", "names", "attendance"})
    return all(set(c.analyzer.terms(s.text)) <= asked
               or (content_question and _item_header(s.text, asked, c.analyzer)) for s in c.chosen)


# A question about what something says: "Hvad …", "Hvilke meddelelser …" (not a search's words, not
# "Blev referatet godkendt?", whose answer may restate it, not "hvem").
_ASKS_WHAT = re.compile(r"\s*(?:hvad|hvilke|what)\b", re.I)
# Asks for an item's number or its case: "hvilket punkt", "hvilket nummer", "sagsnummer".
_ITEM_ASKED = re.compile(r"\b(?:hvilke[tn]?\s+(?:dagsordens)?(?:punkt|nummer|nr)|hvad\s+nummer|sags?nummer\w*|"
                         r"sagsnr|j\.?\s?nr|which\s+item|what\s+number)", re.I)
# An agenda item's header line opens with its number ("8 (Offentlig) …", "4. …").
_ITEM_NUMBER_FIRST = re.compile(r"^\d{1,3}\.?\s")
# An item's access marker: "(Offentlig)", "(Lukket)", "(Fortroligt punkt)".
_ACCESS_MARK = re.compile(r"\(\s*[A-ZÆØÅa-zæøå][\wæøå ]{2,20}\)")


def _item_header(text: str, asked: set[str], analyzer: DanishAnalyzer) -> bool:
    """Whether ``text`` is an agenda item's header line — its number, then its title in the
    question's words, and labels only: an access marker, a case number and a name of at most three
    capitalised words."""
    if not (_ITEM_NUMBER_FIRST.match(text) and IDENTIFYING_NUMBER.search(text)):
        return False
    rest = _ACCESS_MARK.sub(" ", IDENTIFYING_NUMBER.sub(" ", text))
    words = [w for w in re.findall(r"[^\W\d_][\w-]*", rest) if not set(analyzer.terms(w)) <= asked]
    return bool(asked & set(analyzer.terms(text))) and len(words) <= 3 and all(w[0].isupper() for w in words)


# The refusal rules in the order they are tried; the first that applies is the reason given. Those
# before FACT_UNSTATED read the passages, the others the sentences the answer would quote.
_RULES: tuple[tuple[Refusal, Callable[[_Case], bool]], ...] = (
    (Refusal.IDENTIFIER_ABSENT, lambda c: _missing_identifier(c.ranked, c.intent, c.q_terms, c.analyzer, c.weight)),
    (Refusal.NAME_ABSENT,
     lambda c: not c.intent.english and _unnamed_name(c.question, c.ranked[:c.k], c.analyzer, c.weight)),
    (Refusal.NUMBER_ABSENT, lambda c: _unnamed_number(c.question, c.ranked[:c.k])),
    (Refusal.MEETING_NUMBER_ABSENT,
     lambda c: bool(c.intent.meeting_number) and not _numbers_meeting(c.ranked, c.intent.meeting_number)),
    (Refusal.FACT_UNSTATED, lambda c: bool(c.intent.answer_types) and not c.intent.english and not c.states),
    (Refusal.FACT_UNQUOTED, lambda c: bool(c.intent.answer_types and c.chosen) and (
        _unquoted_fact(c) or (c.asks_when and (_deadline_unquoted(c.question, c.chosen)
                                               or _only_since(c.question, c.chosen) or _time_not_first(c)))
        or _total_from_rows(c.question, c.chosen, c.intent.answer_types))),
    (Refusal.YEAR_UNQUOTED, lambda c: bool(c.chosen) and bool(
        _year_unquoted(c.question, c.chosen, c.ranked, c.candidates)
        or (c.intent.answer_types and _fact_of_another_year(c.question, c.chosen, c.intent.answer_types,
                                                            c.intent.unit)))),
    (Refusal.MONTH_UNQUOTED, lambda c: bool(c.chosen) and c.asks_when and _day_of_another_month(c.question, c.chosen)),
    (Refusal.PERIOD_UNQUOTED, lambda c: bool(c.chosen) and bool(c.intent.answer_types)
     and _fact_after_another_period(c.question, c.chosen, c.intent.answer_types)),
    (Refusal.MEETING_UNDATED,
     lambda c: bool(c.chosen) and c.asks_when and _meeting_undated(c.question, c.chosen, c.intent.answer_types)),
    (Refusal.ITEM_NUMBER_UNQUOTED, lambda c: bool(c.chosen) and _item_number_unquoted(c.intent, c.chosen, c.ranked)),
    (Refusal.PART_NUMBER_UNQUOTED,
     lambda c: bool(c.chosen) and _numbered_otherwise(_asking(c.question), c.chosen, c.analyzer)),
    (Refusal.ONLY_ANNOUNCED, lambda c: bool(c.chosen) and (
        (bool(c.intent.answer_types) and _only_announced(c.question, c.chosen, c.intent.answer_types))
        or (c.intent.decided and _decision_unrecorded(c.question, c.ranked))
        or ((c.intent.decided or bool(_DISCUSSED.search(c.question)))
            and _decided_at_announced(c.question, c.chosen, c.ranked))
        or _content_only_announced(c.question, c.chosen, c.analyzer))),
    (Refusal.OTHER_BODY, lambda c: bool(c.chosen) and _other_body(c)),
    (Refusal.ONLY_REFERRED,
     lambda c: bool(c.chosen) and c.intent.decision and _only_referred(c.question, c.chosen, c.analyzer)),
    (Refusal.PLACE_UNQUOTED, lambda c: bool(c.chosen) and _place_unquoted(c.question, c.chosen, c.ranked, c.analyzer)),
    (Refusal.NAME_UNQUOTED, lambda c: bool(c.chosen) and not c.intent.english
     and _name_unquoted(c.question, c.chosen, c.ranked, c.analyzer, c.weight)),
    (Refusal.ONLY_REPEATS, lambda c: bool(c.chosen) and _only_repeats(c)),
)


def assess(question: str, ranked: list[Ranked], pages_of: PageLookup, analyzer: DanishAnalyzer,
           embedder: Embedder | None = None, k: int = 5, idf: Weight | None = None,
           intent: QueryIntent | None = None, sentence_model: LinearModel | None = None,
           skip: frozenset[Refusal] = frozenset(), vectors: SentenceVectors | None = None) -> Assessment:
    """The evidence for answering ``question`` from ``ranked``: the confidence, the sentences the
    answer would quote, the features of the "found" model, and the first of the refusal rules
    (``_RULES``, less those in ``skip``: evaluations measure what each contributes) that applies.
    ``vectors``: the question's vector and its passages' kept sentence vectors (the sentence model's
    cosine; None: an index or caller without them)."""
    intent = intent or read_intent(question)
    q_terms = content_terms(question, analyzer)
    weight = idf or _uniform
    conf = confidence(ranked, intent, q_terms, analyzer, idf, _band(embedder))
    if not ranked:
        return Assessment(conf, Refusal.LOW_CONFIDENCE, [], np.zeros(len(FOUND_FEATURES)))
    candidates = quotable_sentences(ranked[:k], pages_of, q_terms, analyzer, intent, weight)
    states = _states_fact(candidates, intent.answer_types) if intent.answer_types else True
    if candidates and max(s.score for s in candidates) <= 0 and embedder is not None:
        # No sentence shares a word with the question: the model's cosine chooses, not word features.
        candidates, sentence_model = _rescore_dense(candidates, question, embedder, ranked, vectors), None
    candidates = _of_the_year(question, candidates, ranked)
    candidates = _of_the_item(intent, candidates)
    asks_when = bool(_WHEN & set(intent.answer_types))
    if (intent.meeting or intent.decision) and not asks_when:
        # (asking when, "hvornår mødes rådet igen efter mødet i juni?", the day named is not the answer's)
        candidates = _of_the_day(question, candidates)
    near = (lambda sentences: _kept_cosines(sentences, ranked, vectors)) if vectors is not None else None
    chosen = _completed(_with_row_fact(_choose(candidates, sentence_model, bool(_ASKS_WHERE_SAID.search(question)),
                                               near), candidates, intent.answer_types))
    if intent.decided:
        # (a two-part question asks no one kind; asking when or on what date in either part, it asks a date)
        dated = any(ANSWER_TYPES[kind].search(intent.text) for kind in _WHEN)
        asked = intent.answer_types or (("time",) if dated else ())
        chosen = _decision_recorded(_points_adopted(chosen, candidates, ranked, asked), candidates, ranked)
    if "attendance" in intent.answer_types:
        chosen = _attendance_first(chosen, candidates)
    if "case" in intent.answer_types:
        chosen = _case_line_first(chosen, candidates)
    subject = _asked_subject(intent, q_terms, ranked, analyzer)
    if intent.answer_types and chosen and not chosen[0].states.intersection(intent.answer_types):
        # (a number from another passage is held to the subject as when the first passage leads)
        led = chosen
        chosen = _stating_first(led, lambda s: _states_of(s, intent.answer_types, led, ranked, subject, analyzer))
    case = _Case(question, intent, ranked, k, q_terms, analyzer, weight, states, candidates, chosen, asks_when,
                 subject)
    refusal = next((reason for reason, applies in _RULES if reason not in skip and applies(case)), None)
    top = ranked[:3]
    passage_terms = [_passage_terms(r, analyzer) for r in ranked[:k]]
    rarest = _rarest(q_terms, weight) or None
    seen = set().union(*passage_terms) if passage_terms else set()
    features = np.array([
        conf, max(r.dense for r in top), max(coverage(q_terms, t, weight) for t in passage_terms[:3]),
        ranked[0].score, ranked[0].score - (ranked[1].score if len(ranked) > 1 else 0.0),
        max((s.coverage for s in chosen), default=0.0),
        min(max(max((s.score for s in candidates), default=-1.0), -1.0), 2.0),
        float(rarest is not None and any(rarest in t for t in passage_terms[:3])),
        coverage(q_terms, q_terms - seen, weight),
        (1.0 if states else 0.0) if intent.answer_types else 0.5,
        (1.0 if _identified(ranked, intent, q_terms, analyzer, weight) else 0.0) if intent.has_identifier else 0.5,
        float(intent.english),
    ])
    return Assessment(conf, refusal, chosen, features)


def build_answer(question: str, ranked: list[Ranked], pages_of: PageLookup, analyzer: DanishAnalyzer,
                 embedder: Embedder | None = None, threshold: float | None = 0.5, k: int = 5,
                 idf: Weight | None = None, found_model: LinearModel | None = None,
                 sentence_model: LinearModel | None = None, intent: QueryIntent | None = None,
                 skip: frozenset[Refusal] = frozenset(), vectors: SentenceVectors | None = None) -> Answer:
    """The answer, or ``found=False`` when a rule refuses or the evidence is too weak: with a
    fitted ``found_model`` its probability is the confidence, compared with ``threshold`` or,
    when that is None, with the threshold chosen for the model by cross-validation (``vectors``: as
    for ``assess``)."""
    intent = intent or read_intent(question)  # read once: by the caller, or here
    ranked = _named_body_first(question, ranked, analyzer, k)
    if found_model is None or not ranked:
        # the hand-set confidence alone decides a near miss: no need to read sentences for it
        conf = confidence(ranked, intent, content_terms(question, analyzer), analyzer, idf, _band(embedder))
        if not ranked or conf < (threshold if threshold is not None else RULES_THRESHOLD):
            return _not_found(conf, ranked, Refusal.LOW_CONFIDENCE)
    a = assess(question, ranked, pages_of, analyzer, embedder, k, idf, intent, sentence_model, skip, vectors)
    conf = a.confidence
    if found_model is not None:
        conf = round(float(found_model.score(a.features[None, :])[0]), 4)
        limit = threshold if threshold is not None else (found_model.threshold or 0.5)
    else:
        limit = threshold if threshold is not None else RULES_THRESHOLD
    if a.refusal:  # exact evidence says more than a low probability: it is the reason given
        return _not_found(conf, ranked, a.refusal)
    if not ranked or conf < limit:
        return _not_found(conf, ranked, Refusal.LOW_CONFIDENCE)
    chosen = a.chosen
    citations: list[Citation] = []
    parts: list[str] = []
    for sentence in chosen:
        r = ranked[sentence.rank]
        if not verify_quote(sentence.text, sentence.page, r.hit.doc_id, pages_of):
            continue  # never show a quote that is not on the page it names
        p = r.hit.payload
        n = len(citations) + 1
        citations.append(Citation(
            n=n, document=p["document"], title=p["title"], page=sentence.page, page_label=sentence.page_label,
            section=p.get("section", ""), date=p.get("date"), quote=sentence.text, text=r.hit.text,
            score=round(r.score, 4), doc_id=r.hit.doc_id, kind=p.get("kind", ""), body=p.get("body", ""),
        ))
        overleaf = " …" if _runs_overleaf(sentence.text, sentence.page, r.hit.doc_id, pages_of) else ""
        parts.append(f"{sentence.text}{overleaf} [{n}]")
    if not citations:
        return _not_found(conf, ranked, Refusal.NOTHING_QUOTABLE)
    history = _history(citations, ranked) if intent.status else []
    return Answer(" ".join(parts), True, citations, conf, history=history)


def _not_found(conf: float, ranked: list[Ranked], reason: Refusal) -> Answer:
    return Answer(NOT_FOUND, False, [], conf, related=ranked[:3], refusal=reason)


def verify_quote(quote: str, page: int, doc_id: str, pages_of: PageLookup) -> bool:
    for p in pages_of(doc_id):
        if p["number"] == page:
            return on_page(quote, p)
    return False


def _runs_overleaf(quote: str, page: int, doc_id: str, pages_of: PageLookup) -> bool:
    """The quote stops where its page's text does, in the middle of a sentence ("… og at midlerne
    fordeles ligesom") that the next page goes on with in small letters ("de blev sidste år."): the
    answer says so with "…" (the citation's quote stays as the page reads). A table row's cells, a
    quote ending in a full stop, a number or a closing mark, and one the next page does not
    continue (a list's last line, an address) do not run on."""
    end = quote.rstrip()[-1:]
    if " | " in quote or not (end.isalpha() or end in ",-–"):
        return False
    texts = {p["number"]: normalise(str(p["text"])) for p in pages_of(doc_id) if p["number"] in (page, page + 1)}
    text, following = texts.get(page, ""), texts.get(page + 1, "")
    flat = normalise(quote)
    at = text.rfind(flat)
    if at < 0 or _LETTER.search(text[at + len(flat):]):
        return False  # (only a page number or a rule may follow it on its page)
    first = _LETTER.search(following)
    return bool(first and first.group(0).islower())


_LETTER = re.compile(r"[^\W\d_]")


def on_page(quote: str, page: dict) -> bool:
    """The quote stands on the page as its text reads, whitespace aside."""
    return normalise(quote) in normalise(str(page["text"]))


def _identified(ranked: list[Ranked], intent: QueryIntent, q_terms: set[str], analyzer: DanishAnalyzer,
                weight: Weight) -> bool:
    """A candidate carries the named recommendation/item/case number *and* is about what the rest of
    the question names: "punkt 6" of one meeting does not answer a question about another body's meeting."""
    return any(intent.named_in(r.hit.payload)
               and _coverage(q_terms, _passage_terms(r, analyzer), weight) >= _IDENTIFIED_COVERAGE
               for r in ranked)


def _missing_identifier(ranked: list[Ranked], intent: QueryIntent, q_terms: set[str], analyzer: DanishAnalyzer,
                        weight: Weight) -> bool:
    """What the question names exactly but no candidate has is not answered by the documents:
    a recommendation no passage carries ("anbefaling 38" of 37), an agenda item of another
    document than the one the question names, or a meeting date that is neither a candidate's
    meeting date nor written in its text. A question about what happened at a meeting on a date
    needs that meeting's minutes, not a mention of the date."""
    if intent.recommendations and not any(r.hit.payload.get("recommendation") in intent.recommendations for r in ranked):
        return True
    if intent.has_identifier and _named_elsewhere(ranked, intent, q_terms, analyzer, weight):
        return True
    for date in intent.dates:
        spelled = danish(date)
        dated = [r for r in ranked if _same_meeting(r.hit.payload.get("date"), date)]
        if intent.meeting:
            # The minutes of that meeting, or a heading naming it ("Godkendelse af referat fra mødet
            # den 8. november 2024"); a sentence announcing it ("Næste møde afholdes …") is not enough.
            if not any(r.hit.payload.get("date") == date or spelled in normalise(r.hit.text) for r in dated) \
                    and not any(spelled in normalise(r.hit.payload.get("section", "")) for r in ranked) \
                    and not any(_reports_meeting(r, date) for r in ranked):
                return True
        elif not dated and not any(spelled in normalise(r.hit.text) for r in ranked):
            return True
    return False


def _reports_meeting(r: Ranked, date: str) -> bool:
    """The passage is dated after the meeting, in its year, and names the meeting's day ("Ministeren
    har indkaldt til møde i Rådet den 6. november", minutes of 8 November): a later record tells what
    happened there, where a paper dated before it can only announce it."""
    own = str(r.hit.payload.get("date") or "")
    if len(own) < len(date) or own[:10] <= date or own[:4] != date[:4]:
        return False
    day = re.escape(danish(date).rsplit(" ", 1)[0])  # "6. november"
    return re.search(rf"(?<![\d.]){day}(?!\s*\d)", normalise(r.hit.text), re.I) is not None


def _numbers_meeting(ranked: list[Ranked], number: int) -> bool:
    """Some passage speaks of the meeting with this number: it or its document's title numbers it
    ("2. møde", "andet møde"), or it is the previous meeting's and announces the next one ("Næste
    møde afholdes …")."""
    said: dict[str, set[int]] = {}
    announcing: set[str] = set()  # documents that announce their next meeting
    for r in ranked:
        text = f"{r.hit.payload.get('title', '')} {r.hit.payload.get('section', '')} {r.hit.text}"
        said.setdefault(r.hit.doc_id, set()).update(n for n in meeting_numbers(text) if n)
        if _NEXT_MEETING.search(text):
            announcing.add(r.hit.doc_id)
    return any(number in n or (doc in announcing and number - 1 in n) for doc, n in said.items())


_NEXT_MEETING = re.compile(r"\bnæste\s+møde\b", re.I)
# "hvilken dato blev mødet holdt", "hvornår fandt mødet sted": when a meeting took place
_HELD = re.compile(r"\bmøde\w*\b.*\b(?:blev|var)\b.*\b(?:holdt|afholdt)\b|\b(?:blev|var)\b.*\bmøde\w*\b.*\b(?:holdt|afholdt)\b|"
                   r"\bmøde\w*\b.*\bfandt\b.*\bsted\b|\bfandt\b.*\bmøde\w*\b.*\bsted\b", re.I)


# When a meeting is or was held: "hvornår holder udvalget sit første møde i 2026?", "hvornår mødes rådet?"
_WHEN_MEETING = re.compile(r"\bhvornår\b.*\b(?:holder|holdt|afholder|afholdes|afholdtes|var|er|skal|skulle|bliver)\b"
                           r".*\bmøde[ts]?\b|\bhvornår\s+(?:\w+\s+){0,6}?(?:mødes|mødtes)\b", re.I)
_MEETING_WORD = re.compile(r"\bmød\w*|\w+møde\w*", re.I)


def _meeting_undated(question: str, chosen: list[_Sentence], asked: tuple[str, ...]) -> bool:
    """The question asks when a meeting is held, and no quoted sentence that gives a time speaks
    of a meeting (in it or the heading it stands under): an amount budgeted for 2026 does not say
    when the committee meets in 2026."""
    if not _WHEN_MEETING.search(question):
        return False
    stating = [s for s in chosen if stated_kinds(f"{s.text} {s.following}") & set(asked)]
    return bool(stating) and not any(_MEETING_WORD.search(f"{s.text} {s.following} {s.heading}") for s in stating)


def _only_announced(question: str, chosen: list[_Sentence], asked: tuple[str, ...]) -> bool:
    """The question asks when a meeting took place, and every quoted sentence giving a date or time
    announces the next meeting ("Næste møde … afholdes d. 6. december 2023"): the date of the
    meeting to come does not say when the one asked about was held."""
    stating = [s for s in chosen if stated_kinds(s.text) & set(asked)]
    return bool(_HELD.search(question)) and bool(stating) and all(_NEXT_MEETING.search(s.text) for s in stating)


# What a meeting discussed or went through ("hvad blev drøftet", "hvad talte man om", "what was
# discussed"): like a decision, recorded only in that meeting's minutes.
_DISCUSSED = re.compile(r"\b(?:drøftede?|drøftet|drøftelse\w*|diskuterede?|diskuteret|talte|gennemgik|gennemgået|"
                        r"behandlede?|behandlet|discuss(?:ed|ion))\b", re.I)


def _decided_at_announced(question: str, chosen: list[_Sentence], ranked: list[Ranked]) -> bool:
    """The question asks what was decided at a meeting on a given day (or in a given month), no
    quoted passage is of that meeting, and the quoted sentences that name the day announce it
    ("Næste møde i styregruppen vil være d. 6. december 2023", "Næste møde er i december 2024"):
    minutes of the meeting before do not record its decisions."""
    asked = _asked_dates(question)
    # (a paper dated in the asked month may still precede the meeting: its "næste møde" tells)
    if not asked or any(ranked[s.rank].hit.payload.get("date") in asked for s in chosen):
        return False

    def names(s: _Sentence) -> bool:
        said = set(find_dates(s.text))
        return bool(asked & said) or any(d == first_month(s.text) for d in asked if len(d) == len("YYYY-MM"))
    naming = [s for s in chosen if names(s)]
    return bool(naming) and all(_NEXT_MEETING.search(s.text) for s in naming)


# "hvad sagde Anna Holm i sit oplæg", "hvad viste undersøgelsen", "hvad stod der i oplægget": what a
# talk, a report or a survey said …
_ASKS_CONTENT = re.compile(r"\bhvad\s+(?:sagde|viste|stod|anbefalede|konkluderede|fortalte|fremlagde|præsenterede|"
                           r"indeholdt)\b|"
                           r"\bwhat\s+did\s+[^?]{1,60}?\b(?:say|show|conclude|recommend)\b", re.I)
# … which a sentence only announces: "holder på udvalgsmødet oplæg om …", "3. maj kommer første del af
# undersøgelsen", "hvor der vil foreligge et første udkast", "anbefalingerne, når de (måske) kommer i juni",
# "sendes til forvaltningen med henblik på udarbejdelse af en indstilling", "en evaluering, som
# forvaltningen forventes at fremlægge ultimo 2025".
_ANNOUNCES = re.compile(r"\bholder\s+(?:\w+\s+){0,4}?oplæg\b|\bkommer\s+(?:\w+\s+){0,2}?(?:del|rapport\w*|"
                        r"undersøgelse\w*|oplæg\w*|anbefaling\w*|evaluering\w*|resultat\w*)\b|"
                        r"\bnår\s+(?:de|den|det)\s+(?:\(\w+\)\s+)?kommer\b|\bvil\s+(?:\w+\s+)?(?:foreligge|blive\s+"
                        r"(?:fremlagt|præsenteret|offentliggjort)|udkomme)\b|\bforventes\s+(?:at\s+)?(?:udkomme|"
                        r"offentliggjort|fremlagt|fremlægge|offentliggøre|præsentere|udgive|foreligge)\b|"
                        r"\bskal\s+(?:fremlægges|præsenteres|offentliggøres)\b|"
                        # a case sent on "med henblik på udarbejdelse af en indstilling": the
                        # recommendation is still to be written
                        r"\bmed\s+henblik\s+på\s+(?:at\s+udarbejde|udarbejdelse\s+af)\s+(?:en\s+|et\s+)?"
                        r"(?:indstilling|redegørelse|oplæg|notat|rapport|plan|strategi)\w*", re.I)


_ANNOUNCED_WORDS = 6  # words after the announcing verb that name what is announced ("et første udkast til …")


def _content_only_announced(question: str, chosen: list[_Sentence], analyzer: DanishAnalyzer) -> bool:
    """The question asks what a talk, report or survey said, and the quoted sentences only announce
    it (a talk to be given, a survey to come out): what it will say is not in the documents. A quoted
    sentence that does not speak of the announced thing says nothing of its content either ("Punktet
    blev drøftet." beside "… hvor der vil foreligge et første udkast til idrætsstrategi")."""
    if not _ASKS_CONTENT.search(question):
        return False
    matches = [(s, _ANNOUNCES.search(s.text)) for s in chosen]
    announced = {t for s, m in matches if m
                 for t in analyzer.terms(" ".join([m.group(0), *s.text[m.end():].split()[:_ANNOUNCED_WORDS]]))}
    return bool(announced) and all(m or not announced & set(analyzer.terms(s.text)) for s, m in matches)


def _decision_unrecorded(question: str, ranked: list[Ranked]) -> bool:
    """The question asks what was decided at a meeting on a given day, and the candidates of that
    day are its agenda's: a proposal ("Det indstilles, at udvalget drøfter …") and the case papers,
    no decision heading or recorded decision, and no minutes of that day. An agenda announces a
    meeting; what it decided stands in its minutes, which the documents do not hold. (The minutes
    of an earlier meeting enclosed in the agenda are that meeting's, dated by it.)"""
    days = _asked_days(question)
    of_day = [r for r in ranked if r.hit.payload.get("date") in days]
    return bool(of_day) and all(r.hit.payload.get("kind") == "agenda" and not records_decision(r.hit) for r in of_day)


def _named_elsewhere(ranked: list[Ranked], intent: QueryIntent, q_terms: set[str], analyzer: DanishAnalyzer,
                     weight: Weight) -> bool:
    """The question's words name one document ("punkt 6 på udvalgets møde i maj …") but only another
    document carries the identifier: the named document has no such item."""
    # The identifier's own words ("emn-2023-00875", "punkt 10") say nothing about which document is meant.
    numbered = " ".join(f"punkt {n} pkt {n}" for n in intent.items) + " " + " ".join(
        f"anbefaling {n}" for n in intent.recommendations)
    q_terms = q_terms - set(analyzer.terms(" ".join(intent.case_numbers) + " " + numbered))
    carriers = [r for r in ranked if intent.named_in(r.hit.payload)]
    # Words the identifier's own passages say are what it is about ("de intensive sengepladser ifølge
    # anbefaling 18"), not which document is meant, even where another document's title has them too.
    q_terms = q_terms - set().union(*(analyzer.terms(r.hit.text) for r in carriers))
    if not q_terms:
        return False

    def title_coverage(r: Ranked) -> float:
        p = r.hit.payload
        return _coverage(q_terms, set(analyzer.terms(f"{p.get('title', '')} {danish(p.get('date'))}")), weight)
    named = [title_coverage(r) for r in carriers]
    return not named or max(named) < max(title_coverage(r) for r in ranked)


_SQUEEZE = re.compile(r"[\s\-‐–]+")  # what a name broken over a cell's lines may have between its letters ("Brøns høj- Husu m")
_BROKEN_NAME_CHARS = 8  # shorter names are matched as words only: a short one's letters occur inside other words


def _question_names(question: str) -> list[str]:
    """The proper names inside a question, each as the name part of its word ("COVID-19-tilfælde" → "COVID-19"),
    and the municipalities and regions it types in lower case ("hvor meget får herlev")."""
    return [_name_part(w) for w in _NAME.findall(question) if w.lower() not in _NOT_NAMES] + typed_places(question)


def _unnamed_name(question: str, ranked: list[Ranked], analyzer: DanishAnalyzer,
                  weight: Weight = _uniform) -> bool:
    """A proper name inside the question ("… i Aarhus", "Region Nordjylland") that no candidate passage,
    title, heading or issuing body contains: the documents do not speak of it, however much else
    matches. ("ifølge KL" names the body that wrote the passage, which its text need not repeat.)"""
    names = _question_names(question)
    if not names:
        return False
    have = set().union(*(_named_terms(r, analyzer) for r in ranked))
    squeezed = _SQUEEZE.sub("", " ".join(r.hit.text for r in ranked).lower())
    text, known = " ".join(map(_naming_text, ranked)), _known_words(analyzer, weight)
    return not all(any(_names(form, have, squeezed, analyzer, text, known) for form in _name_forms(name))
                   for name in names)


def _names(form: str, terms: set[str] | frozenset[str], squeezed: str, analyzer: DanishAnalyzer,
           text: str = "", known: Callable[[str], bool] | None = None) -> bool:
    """Whether a text (its ``terms``, and its letters without spaces or hyphens) names ``form``. A narrow table
    cell breaks a long name over its lines ("Kvinderådgiv ningen", "Bispe bjerg"): the name's
    letters in a row still name it. An abbreviation ("ÆOU") is named by the words it shortens
    ("Ældre- og Omsorgsudvalget") in ``text``; ``known`` tells the archive's words (api.abbreviations)."""
    return set(analyzer.terms(form)) <= terms or (
        len(form) >= _BROKEN_NAME_CHARS and _SQUEEZE.sub("", form.lower()) in squeezed) or (
        bool(text) and known is not None and is_abbreviation(form) and spells_out(form, text, known))


def _known_words(analyzer: DanishAnalyzer, weight: Weight) -> Callable[[str], bool]:
    """Whether the archive has a word (any passage holds its stem): where a compound's part may begin."""
    unseen = weight(_UNSEEN)
    return lambda word: any(weight(t) < unseen for t in analyzer.terms(word))


def _naming_text(r: Ranked) -> str:
    """A passage's words that may spell out an abbreviation: its text, headings, title and issuing body."""
    p = r.hit.payload
    return f"{_context(p)} {p.get('body') or ''} {r.hit.text}"


_UNSEEN = "\u0000"  # a term no passage has: its IDF is the index's highest
_RARE_NAME_PASSAGES = 20  # a name in at most this many passages names one place, applicant or project (CV, README)


def _name_unquoted(question: str, chosen: list[_Sentence], ranked: list[Ranked], analyzer: DanishAnalyzer,
                   weight: Weight) -> bool:
    """A rare proper name inside the question ("taksten på Stokholtbuen", "Linie14") that no quote
    of the answer names, with its neighbour, heading, title, section or issuing body (a table row's
    run: its whole row): the passage speaks of a neighbouring place or applicant, not of the one
    asked about. A common name ("Danmark", the issuing body) says less than the quote's subject."""
    if weight is _uniform:
        return False  # without the index's IDF no name can be told rare
    rare = weight(_UNSEEN) - math.log(1 + 2 * _RARE_NAME_PASSAGES)  # the IDF of a term in that many passages
    names = [n for n in _question_names(question) if max((weight(t) for t in analyzer.terms(n)), default=0.0) >= rare]
    if not names:
        return False
    texts = []
    for s in chosen:
        r = ranked[s.rank]
        p = r.hit.payload
        texts.append(f"{r.hit.text if s.record else s.text} {s.following} {s.heading} {_context(p)} "
                     f"{p.get('body') or ''} {' '.join(p.get('section_path') or [])}")
    text = " ".join(texts)
    said, squeezed = set(analyzer.terms(text)), _SQUEEZE.sub("", text.lower())
    known = _known_words(analyzer, weight)
    quoted = [any(_names(form, said, squeezed, analyzer, text, known) for form in _name_forms(name)) for name in names]
    # Naming several — "henholdsvis Solsikkegruppen og Kornblomstklubben", "Alternativet og SF" — the
    # question may be answered one name at a time: one quoted name speaks of what it asks. A name that
    # is a candidate document's title or body ("Hedeby Kommunes 'Plan for ældreområdet'") scopes the
    # question and does not count as one of them.
    scope = _document_terms(ranked, analyzer)
    subject = [q for q, name in zip(quoted, names) if not set(analyzer.terms(name)) <= scope]
    if len(subject) > 1 and " ".join(names) in question:
        # side by side they are one name of several words ("Café Solsort"), known by its rarest:
        # another café's row names "Café" and still not the one asked about
        # (of names as rare as each other the last: "Foreningen Lyspunktet")
        rarest = max(range(len(names)), key=lambda i: (max((weight(t) for t in analyzer.terms(names[i])), default=0.0), i))
        return not quoted[rarest]
    if len(subject) > 1:
        return not any(subject)
    return not all(quoted)


# A number standing on its own in the question ("version 4.0", "de 6 punkter", "3 mia. kr."): not part
# of a compound ("ICD-11", "5-årsplan"), not a year, a date ("22. marts", "9.10.2023", "4/12-2012")
# or a time of day ("kl. 13.30").
_ASKED_NUMBER = re.compile(r"(?<![\w.,/-])(?<!kl\. )\d+(?:[.,]\d+)*(?![\w/-])(?![.,]\d)(?!\.?\s*(?:" + _MONTHS + r")\b)")
_YEAR_OR_DATE = re.compile(r"(?:19|20)\d\d|\d{1,2}\.\d{1,2}\.(?:\d\d){1,2}")
_NUMBER_IN_TEXT = re.compile(r"\d+(?:[.,]\d+)*")
_RANGE = re.compile(r"\b(\d{1,4})\.?\s?[-–]\s?(\d{1,4})\b")
_RANGE_SPAN = 100  # a wider "range" is two numbers with a dash (a case or phone number), not a span
# How a small number is written as a word: _DIGIT_WORDS[5] == {"fem"}.
_DIGIT_WORDS = tuple(frozenset(w.split("|")) for w in
                     ("nul", "en|et", "to", "tre", "fire", "fem", "seks", "syv", "otte", "ni", "ti", "elleve", "tolv"))
_ORDINAL_WORDS = {n: {w for w, m in ORDINALS.items() if m == n} for n in set(ORDINALS.values())}


def _unnamed_number(question: str, ranked: list[Ranked]) -> bool:
    """A number the question names that no candidate passage, heading or item number contains: "hvornår
    udkommer version 5.0?" is not answered by a history of the earlier versions, however much else
    matches. A small number may be written as a word ("de 5 grupper" / "fem grupper")."""
    asked = [n for n in _ASKED_NUMBER.findall(question) if not _YEAR_OR_DATE.fullmatch(n)]
    if not asked:
        return False
    blob = " ".join(f"{_context(r.hit.payload)} {r.hit.payload.get('item') or ''} "
                    f"{r.hit.payload.get('recommendation') or ''} {r.hit.text}" for r in ranked)
    versions = _ASKED_VERSION.findall(question)
    if any(not _states_version(v, blob) for v in versions):
        return True  # "version 4" is not stated by the "4.1" of a process id
    asked = [n for n in asked if n not in versions]  # "version 3" is stated by "Version 3.0.0"
    if not asked:
        return False
    # An amount may be written in millions on one side and in full on the other ("1,37 mio. kr." /
    # "1.370.000 kr."): both are read as the full number too.
    have = {_plain_number(n) for n in _NUMBER_IN_TEXT.findall(blob)} | set(_in_full(blob).values())
    asked_in_full = _in_full(question)
    # A range states the numbers inside it: "4.-6. klasse" holds the 5. klasse a question names.
    for low, high in _RANGE.findall(blob):
        if int(low) < int(high) <= int(low) + _RANGE_SPAN:
            have |= {str(n) for n in range(int(low), int(high) + 1)}
    words = set(re.findall(r"[a-zæøå]+", blob.lower()))
    # an age bound is stated by the age range it bounds: "under 18 år" by "0-17 årige"
    ages = {n: forms for forms in _asked_ages(question) for n in forms}
    def stated(n: str) -> bool:
        plain = _plain_number(n)
        small = plain.isdigit() and int(plain) < len(_DIGIT_WORDS)
        # (or as an ordinal: "5. epidemiuge" / "den femte epidemiuge")
        return plain in have or asked_in_full.get(n) in have or bool(ages.get(plain, set()) & have) or (
            small and bool(words & (_DIGIT_WORDS[int(plain)] | _ORDINAL_WORDS.get(int(plain), set()))))
    return not all(stated(n) for n in asked)


# A version the question names: "version 4", "version 4.0", "v. 3".
_ASKED_VERSION = re.compile(r"\b(?:version|v\.)\s*(\d+(?:\.\d+)*)", re.I)


def _states_version(version: str, text: str) -> bool:
    """Whether ``text`` names that version as a version ("Version 3.0.0" names version 3 and 3.0)
    or in dotted parts ("3.0.0"); a bare number ("4" in "4.1. Udarbejdelse") does not."""
    base = re.escape(re.sub(r"(?:\.0)+$", "", version))
    tail = r"(?:\.0)*(?![\d]|\.\d)"
    dotted = "." in base  # "20.04" names a version wherever it stands; a bare "4" ("4.0" asked) does not
    return bool(re.search(rf"\b(?:version|v\.?)\s*{base}{tail}", text, re.I)
                or re.search(rf"(?<![\d.]){base}(?:\.0){'*' if dotted else '+'}(?![\d]|\.\d)", text))


_DATED_START = 80  # a sentence's own date stands in its first words ("Beslutning i X den 20-06-2013 …")
_YEAR = re.compile(r"(?<![\d.,/-])(?:19|20)\d\d(?![\d.,/-]\d)")
_YEARS = re.compile(r"\b((?:19|20)\d\d)\s?[-–]\s?((?:19|20)?\d\d)\b")  # "2024-2027", "2024-26"


def _year_unquoted(question: str, chosen: list[_Sentence], ranked: list[Ranked],
                   candidates: tuple[_Sentence, ...] | list[_Sentence] = ()) -> bool:
    """The question asks about one year ("… i 2014?") and no passage the answer quotes speaks of
    it: not its text, headings, title or date, nor a span of years around it. What was set aside
    in 2013 does not say what was set aside in 2014. (A question naming two years has two parts.)
    A quoted table row speaks only for its own cells (its runs among ``candidates``), title,
    heading and date: another row of the same chunk naming the year says nothing of this one."""
    periods = _asked_periods(question)
    if len(periods) != 1:
        return False
    period = periods[0]

    def spoken(s: _Sentence) -> set[str]:
        if not s.record:
            return _years_of(ranked[s.rank].hit.payload, f"{s.heading} {_near(s, ranked[s.rank].hit.text)}")
        row = " ".join(c.text for c in candidates if c.record == s.record) or s.text
        return _years_of(ranked[s.rank].hit.payload, f"{s.heading} {row}")
    return not any(period & spoken(s) for s in chosen)


# How far around a quote its passage's text speaks with it (characters; None: the whole passage).
# On 22 sets (1,227 questions) 0 / 300 / 600 / whole passage: abstained .770 / .770 / .767 / .767 and top-1
# .712 / .714 / .714 / .714; with spans of years read as one period, 300 / whole: .773 / .770, top-1 equal.
_NEAR_CHARS: int | None = 300


def _near(s: _Sentence, passage: str) -> str:
    """The passage's text within _NEAR_CHARS of the quoted sentence (and its following one): what
    stands a page away in a long passage is about something else."""
    if _NEAR_CHARS is None:
        return passage
    flat = _WS.sub(" ", passage)
    at = flat.find(s.text[:60])
    if at < 0:
        return passage
    end = at + len(s.text) + len(s.following) + 1
    return flat[max(0, at - _NEAR_CHARS):end + _NEAR_CHARS]


_WHEN = frozenset({"time", "date"})
_IDENTIFYING_KINDS = frozenset({"case", "phone", "version"})  # numbers that name something, not a year's fact


def _fact_of_another_year(question: str, chosen: list[_Sentence], asked: tuple[str, ...], unit: str = "") -> bool:
    """The question asks for a fact of one year ("hvor mange deltog i 2012?") and every quoted
    sentence stating a fact of that kind names other years, never the asked one: "I 2011 har i alt
    68 borgere deltaget" is the year before, whatever the minutes' own date. Asked when, the
    answer's year is not the question's: "til hvornår blev aftalen forlænget ifølge rapporten fra
    2021?" is answered by "til og med 2025"; asked how long, "… siden 1962" is the answer, whatever
    the year the question names (the year of the meeting that discussed it). Asked for a case,
    phone or version number, the year names the meeting or document to look in: a meeting of 2024
    treats case 21/04412, and the numbers' own digits are no year.
    """
    years = _asked_years(question)
    kinds = set(asked) - _WHEN - _IDENTIFYING_KINDS
    # Each quoted sentence stating the fact, with the pieces of its quote that state it: the piece
    # speaks for it ("… sænker taksten med 2 pct. i 2013. Vurderingen af … at sænke taksten i 2014
    # foreslås udskudt": the 2 pct. are 2013's, whatever the next sentence says of 2014). A sentence
    # credited with its neighbour's number ("Rådgivningen har siden starten hjulpet foreninger …" before
    # "Rådgivningen fik i 2020 mere end 1.400 henvendelser") has no such piece and states no fact of its
    # own: the neighbour's year speaks.
    stating: list[tuple[str, list[str]]] = []
    for s in chosen:
        if s.states.intersection(kinds):
            whole = f"{s.text} {s.following}"
            pieces = [x for x in split_sentences(whole) if stated_kinds(x) & kinds]
            if pieces:
                stating.append((whole, pieces))
    if unit == "varighed" and any(SINCE.search(whole) for whole, _ in stating):
        return False
    if len(years) != 1 or not stating:
        return False
    # (a stating piece that names no year is of the years its quote names)
    return all((named := _years_in(x) or _years_in(whole)) and not years <= named
               for whole, pieces in stating for x in pieces)


# A time after something ("efter 6 måneder", "et år efter forløbet", "after one year"): a result after six
# months is not the result after a year.
_PERIOD_COUNT = r"\d+|et|ét|en|én|to|tre|fire|fem|seks|tolv|atten|one|a|two|three|four|five|six|twelve|eighteen"
_PERIOD_UNIT = r"år|måned(?:er)?|mdr\.?|uger?|dage?|years?|months?|weeks?|days?"
_PERIOD = re.compile(rf"\b(?:efter|after)\s+({_PERIOD_COUNT})\s+({_PERIOD_UNIT})(?!\w)|"
                     rf"\b({_PERIOD_COUNT})\s+({_PERIOD_UNIT})\s+(?:efter|after|senere|later)\b", re.I)
_PERIOD_NUMBERS = {"et": 1, "ét": 1, "en": 1, "én": 1, "one": 1, "a": 1, "to": 2, "two": 2, "tre": 3, "three": 3,
                   "fire": 4, "four": 4, "fem": 5, "five": 5, "seks": 6, "six": 6, "tolv": 12, "twelve": 12,
                   "atten": 18, "eighteen": 18}
_PERIOD_DAYS = {"å": 360, "y": 360, "m": 30, "u": 7, "w": 7, "d": 1}  # (a year is twelve months of 30 days)


def _periods(text: str) -> set[int]:
    """The times after something a text names, in days ("efter 12 måneder" and "et år efter" are one)."""
    out = set()
    for m in _PERIOD.finditer(text):
        count, unit = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        n = int(count) if count.isdigit() else _PERIOD_NUMBERS[count.lower()]
        out.add(n * _PERIOD_DAYS[unit[0].lower()])
    return out


def _fact_after_another_period(question: str, chosen: list[_Sentence], asked: tuple[str, ...]) -> bool:
    """The question asks for a fact some time after something ("hvor mange var i job et år efter
    forløbet?"), the quoted sentences stating a fact of that kind give it after other times ("Efter 6
    måneder var 40 pct. i job") and never after the asked one: the six months' figure is not the
    year's (nor is the figure beside it at the end of the course, "Ved afslutningen var 55 pct. i job")."""
    periods = _periods(question)
    kinds = set(asked) - _WHEN
    stating = [s for s in chosen if s.states.intersection(kinds)]
    if len(periods) != 1 or not stating:
        return False
    named = set().union(*(_periods(f"{s.text} {s.following}") for s in stating))
    return bool(named) and not periods <= named


def _day_of_another_month(question: str, chosen: list[_Sentence]) -> bool:
    """The question asks for a day in one month ("hvilken dato i januar 2025 mødes udvalget?") and
    every quoted sentence that gives a day gives one of other months: the meeting plan's April and
    September meetings do not say when it meets in January."""
    asked = _asked_dates(question)
    month = next(iter(asked)) if len(asked) == 1 else ""
    if len(month) != len("YYYY-MM"):
        return False  # no month, or days named: the day checks decide
    return any(find_dates(s.text) for s in chosen) and not any(
        month in _months_in(f"{s.text} {s.following}") for s in chosen)


# An ordinal and the noun it numbers: "6. epidemiuge", "femte epidemiuge", "3. kvartal", "anden del".
# (A day of a month is a date, read by the date checks; the end of a range, "4.-6. klasse", numbers no one.)
_NUMBERED_NOUN = re.compile(r"(?<![\d.–-])\b(" + "|".join(ORDINALS) + r"|\d{1,2}\.)\s+(?!(?:" + _MONTHS + r")\b)"
                            r"([a-zæøå]{3,})", re.I)
# "en anden del", "et andet sted": after an indefinite word "anden"/"andet" means "other", not "second".
_ANOTHER = re.compile(r"\b(?:en|et|nogen|noget|ingen|intet|hver|enhver|ethvert)\s+$", re.I)


def _numbered(text: str, analyzer: DanishAnalyzer) -> dict[str, set[int]]:
    """The nouns an ordinal numbers in ``text``, by stem, with their numbers."""
    out: dict[str, set[int]] = {}
    for m in _NUMBERED_NOUN.finditer(text):
        word, noun = m.groups()
        if word.lower() in ("anden", "andet") and _ANOTHER.search(text[max(0, m.start() - 10):m.start()]):
            continue
        for stem in analyzer.terms(noun)[:1]:
            out.setdefault(stem, set()).add(ordinal_number(word))
    return out


def _of_the_item(intent: QueryIntent, candidates: list[_Sentence]) -> list[_Sentence]:
    """A question asking for an item by its number ("forslag nr. 2") is answered from the list line
    that numbers it so ("2. Flere sengepladser …"), where one is among the candidates."""
    if len(intent.numbered) != 1:
        return candidates
    line = re.compile(rf"^\s*{intent.numbered[0]}\s*[.)]\s")
    return [c for c in candidates if line.match(c.text)] or candidates


def _item_number_unquoted(intent: QueryIntent, chosen: list[_Sentence], ranked: list[Ranked]) -> bool:
    """The question asks for an item by its number ("Hvad er forslag nr. 9 i udspillet?") and no
    quoted passage numbers an item so (a list line "9. …", "nr. 9", the passage's agenda item or
    recommendation): the list's first point does not answer for its ninth."""
    passages = [ranked[rank] for rank in {s.rank for s in chosen}]

    def numbered(n: int) -> bool:
        line = re.compile(rf"(?:^|\n)\s*{n}\s*[.)]\s|\b(?:nr\.?|nummer)\s*{n}\b", re.I)
        return any(line.search(r.hit.text) or r.hit.payload.get("item") == n
                   or r.hit.payload.get("recommendation") == n for r in passages)
    return not all(numbered(n) for n in intent.numbered)


def _numbered_otherwise(question: str, chosen: list[_Sentence], analyzer: DanishAnalyzer) -> bool:
    """The question numbers a week, quarter or part ("ved indgangen til 6. epidemiuge") and the
    quotes number the same noun only otherwise ("ved indgangen til den femte epidemiuge"): the
    figures of the fifth week do not answer for the sixth."""
    quoted = _numbered(" ".join(f"{s.text} {s.following}" for s in chosen), analyzer)
    # (a numbered meeting is the meeting rule's: minutes of the first meeting announce the second)
    meeting = set(analyzer.terms("møde"))
    return any(stem in quoted and stem not in meeting and not numbers & quoted[stem]
               for stem, numbers in _numbered(question, analyzer).items())


def _months_in(text: str) -> set[str]:
    return {day[:7] for day in find_dates(text)} | ({first_month(text)} - {None})


def _of_the_year(question: str, candidates: list[_Sentence], ranked: list[Ranked]) -> list[_Sentence]:
    """A question about one year is answered from the passages that speak of it, where some do: the
    2025 figures, not the agreement's other years (the year check below refuses when none does).
    Only the asking sentence counts: "Oplægget fra 2022 foreslog X. Hvad blev besluttet?" names the
    report by its year, and what was decided later speaks of another."""
    years = _asked_years(question)
    if len(years) != 1:
        return candidates
    spoken = {rank for rank in {c.rank for c in candidates} if years <= _passage_years(ranked[rank])}
    return [c for c in candidates if c.rank in spoken] or candidates


def _of_the_day(question: str, candidates: list[_Sentence]) -> list[_Sentence]:
    """A question about one meeting's day or month ("på udvalgets møde i juni") is not
    answered by a sentence that dates itself to another day: of an item's decisions "Beslutning i
    udvalget den 24-04-2013 …" and "Beslutning i udvalget den 20-06-2013 …", the June one. A
    sentence is dated by a date near its start or in the heading it stands under; sentences of no
    day are kept, and when every sentence is of another day all are kept (the checks below decide)."""
    asked = _asked_dates(question)
    if not asked:
        return candidates

    def of_another_day(s: _Sentence) -> bool:
        return bool(s.days) and not any(day.startswith(a) for day in (*s.days, *find_dates(s.text)) for a in asked)
    return [c for c in candidates if not of_another_day(c)] or candidates


_QUESTION_START = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ])")


def _asked_years(question: str) -> set[str]:
    """The years the asking sentence of a question names (its last sentence)."""
    return set(_YEAR.findall(_asking(question)))


def _asked_periods(question: str) -> list[frozenset[str]]:
    """The years or spans of years the asking sentence names, each span as the set of its years:
    "kvalitetsstandarderne 2014-2015" asks about one period, which a passage of 2012 and 2013 is not."""
    asking = _asking(question)
    periods = [frozenset(_years_in(m.group(0))) for m in _YEARS.finditer(asking)]
    rest = _YEARS.sub(" ", asking)
    return [p for p in periods if p] + [frozenset({year}) for year in sorted(set(_YEAR.findall(rest)))]


def _asking(question: str) -> str:
    """The asking sentence of a question (its last): "Oplægget fra 2022 foreslog X. Hvad blev
    besluttet?" names the report by its year and asks about what came after."""
    return _QUESTION_START.split(question.strip())[-1]


def _asked_days(question: str) -> set[str]:
    """The full days ("2013-06-20") the asking sentence names, not a month alone."""
    return {d for d in _asked_dates(question) if len(d) == len("YYYY-MM-DD")}


def _asked_dates(question: str) -> set[str]:
    """The days the asking sentence names ("2013-06-20"), else the month it names ("2013-06")."""
    asking = _asking(question)
    return set(find_dates(asking)) or ({month} if (month := first_month(asking)) else set())


def _passage_years(r: Ranked) -> set[str]:
    """The years a passage speaks of: its text, headings, title and date (the context spells the date
    out; a date of a month alone, "2023-01", stays raw, which _YEAR does not read)."""
    return _years_of(r.hit.payload, r.hit.text)


def _years_of(payload: dict, text: str) -> set[str]:
    """The years ``text`` speaks of with its passage's title, section and date."""
    return _years_in(f"{_context(payload)} {text}") | ({str(payload["date"])[:4]} if payload.get("date") else set())


def _years_in(text: str) -> set[str]:
    """The years a text names, a span's years and dates' years included ("2024-2027", "2024-26",
    "20.09.2012", "4/12-2012")."""
    have = set(_YEAR.findall(text)) | {iso[:4] for iso in find_dates(text)}
    for low, high in _YEARS.findall(text):
        last = int(high) if len(high) == 4 else int(low[:2] + high)
        if 0 < last - int(low) < _YEAR_SPAN:
            have |= {str(y) for y in range(int(low), last + 1)}
    return have


_YEAR_SPAN = 30  # a wider "span" is two numbers with a dash, not a period


_IN_MILLIONS = re.compile(r"(\d+(?:[.,]\d+)*)\s*(mio\.?|millioner|mill\.|mia\.?|milliarder)(?!\w)", re.I)


def _in_full(text: str) -> dict[str, str]:
    """Each amount written in millions or billions ("1,37 mio.", "2 milliarder"), as written, mapped
    to the full number in one spelling ("1370000")."""
    out = {}
    for number, unit in _IN_MILLIONS.findall(text):
        try:
            value = float(_plain_number(number)) * (1e9 if unit.lower().startswith(("mia", "milliard")) else 1e6)
        except ValueError:
            continue
        out[number] = str(round(value))
    return out


def _plain_number(number: str) -> str:
    """One spelling of a number: no thousands separators ("5.000" = "5000"), a decimal point ("2,5" = "2.5")."""
    return re.sub(r"[.,](?=\d{3}(?:\D|$))", "", number).replace(",", ".")


# Danish political parties as minutes of any council name them: by their letters ("Forslag fra M",
# "EL og SF stemte imod"). The question says "Moderaternes forslag".
_PARTIES = {
    "socialdemokrat": ("S", "A"), "venstre": ("V",), "konservative": ("K", "C", "KF"), "sf": ("F",),
    "socialistisk folkeparti": ("SF", "F"), "radikale": ("B", "R", "RV"), "enhedslisten": ("Ø", "EL"),
    "dansk folkeparti": ("DF", "O"), "liberal alliance": ("LA", "I"), "alternativet": ("Å", "ALT"),
    "moderaterne": ("M",), "danmarksdemokraterne": ("Æ", "DD"), "nye borgerlige": ("D", "NB"),
}


def _name_forms(name: str) -> tuple[str, ...]:
    """A name as the question writes it, and without a genitive s ("Nordvest Psykiatris lokalafdeling"
    speaks of "Nordvest Psykiatri"; the Danish stemmer keeps an s after a vowel such as i); a
    party also by its letters."""
    forms = (name, name[:-1]) if len(name) > 3 and name.endswith("s") else (name,)
    low = name.lower()
    # ("SF" and "SF's" only as themselves: other names start with those letters)
    party = next((letters for key, letters in _PARTIES.items()
                  if low.startswith(key) and (len(key) > 3 or low.rstrip("'s") == key)), ())
    # a party the question gives by its letters ("SF", "EL", "KF"), which minutes may write in full
    # ("Socialistisk Folkeparti tog forbehold"); single letters are too common to read as parties
    named = tuple(key for key, letters in _PARTIES.items() if len(key) > 3 and name.rstrip("'s") in letters
                  and len(name.rstrip("'s")) > 1)
    return forms + party + named


_ALL_OF = r"\b(?:alle|samtlige|all)\s+(?:\w+\s+){0,2}?"  # "alle sygehuse", "alle landets 98 kommuner"


# A person's name inside a sentence: a first name and a surname, capitalised (a middle initial between
# them). Not the members' list's ``_PERSON``: its run of up to five capitalised words reads a line's whole
# name, and inside a sentence it would run the body the question names into the person after it
# ("… i Region Vest Anna Holm"), so the name would count as the question's own.
_PERSON_NAME = re.compile(r"\b[A-ZÆØÅ][a-zæøåé]+(?:-[A-ZÆØÅ][a-zæøå]+)?\s+(?:[A-ZÆØÅ]\.\s+)?[A-ZÆØÅ][a-zæøåé]+\b")


def _names_person(text: str, asked: set[str]) -> bool:
    """Whether ``text`` names a person the question does not (``asked``: its names, lower-cased):
    two capitalised words in a row, neither of them the question's ("Region Vest" it names is no person)."""
    return any(not {w.lower() for w in m.group(0).replace("-", " ").split()} & asked
               for m in _PERSON_NAME.finditer(text))


def _new_names(text: str, asked: set[str]) -> bool:
    """Whether ``text`` names something the question does not (``asked``: its names, lower-cased):
    "hvilke kommuner …" is answered by "Hedeby, Vestlund og Nørrekær", not by "i seks kommuner"
    nor by the region the question names."""
    return any(w.lower() not in asked and w.lower() not in _NOT_NAMES for w in _INNER_NAME.findall(text))


# Words of a body's name that say what kind of body it is, not which ("Hedeby Kommune").
_BODY_KIND_WORDS = frozenset({"kommune", "kommunes", "region", "regionen"})


def _body_terms(body: str, analyzer: DanishAnalyzer) -> frozenset[str]:
    """The terms that name an issuing body: its main name's words but the kind of body ("Hedeby
    Kommune, Udvalget for …" → hedeby; "Region Vest" → vest; "Dansk Ældreråd" → dansk, ældreråd)."""
    main = body.split(",")[0]
    return frozenset(analyzer.terms(" ".join(w for w in main.split() if w.lower() not in _BODY_KIND_WORDS)))


def _counts(counted: set[str], terms: set[str]) -> bool:
    """Whether ``terms`` speak of what the question counts: the word itself, a compound of which it
    is the head (Danish puts the head last: "fagorganisationer" are "organisationer"), or both
    parts of the asked compound — "respiratorpladser" are counted by "intensivpladser med
    respirator", not by "sengepladser" nor by "døgnrehabiliteringstilbud"."""
    def parts(c: str) -> bool:
        head = any(_common_suffix(t, c) >= _COMPOUND_HEAD for t in terms)
        return head and any(t != c and len(t) >= _COMPOUND_HEAD and c.startswith(t) for t in terms)
    return any(c in terms or any(len(c) >= _COMPOUND_HEAD and t.endswith(c) for t in terms) or parts(c)
               for c in counted)


_COMPOUND_HEAD = 5  # letters a compound's head has at least ("plads", "person")
_NEARBY_WORDS = 4  # chosen among 2/3/4/6/8 by page-grouped CV over the counting questions (README)
_COUNT_LABEL = re.compile(r"\bantal(?:let)?\s+(?:af\s+)?((?:\S+\s+){0,2}\S+)", re.I)


# Where the label's clause ends: "… en stigning i antal sengedage fra 2010-2016 (228), og en undersøgelse
# fra 2018 har peget på, at 3,7 % …" gives no number of bed days; the 3,7 % belongs to the next clause.
_NEW_CLAUSE = re.compile(r",\s+(?:og|men|samt|mens)\b|;|[.!?]\s+(?=[A-ZÆØÅ])")


def _counts_nearby(counted: set[str], span: str, analyzer: DanishAnalyzer) -> bool:
    """A number in the span stands within a few words of what the question counts ("68 borgere",
    "Antal borgere: 410", "100 nye sengepladser"): a sentence on children that counts visits does
    not say how many children. A sentence labelled by its count ("Antal respiratorer, der kan
    frigøres …, er i alt 1.060") counts what its label names."""
    # (the label may stand inside the sentence: "… at det samlede antal pladser på centrene vil være
    # ca. 140" counts the places, the number after the label)
    for label in _COUNT_LABEL.finditer(span):
        number = STATES["quantity"].search(span, label.end())
        if number and not _NEW_CLAUSE.search(span, label.end(), number.start()) \
                and _counts(counted, set(analyzer.terms(label.group(1)))):
            return True
    for m in STATES["quantity"].finditer(span):
        before = span[:m.start()].split()[-_NEARBY_WORDS:]
        after = span[m.end():].split()[:_NEARBY_WORDS]
        if _counts(counted, set(analyzer.terms(" ".join(before + after)))):
            return True
        if _PERCENT_AFTER.match(span, m.end()) and any(_counts(counted, set(analyzer.terms(v.group(1))))
                                                       for v in _VAGUE_COUNT.finditer(span)):
            return True  # "mange elever … består ikke (omkring 40 %)": the share says how many are many
    return False


_PERCENT_AFTER = re.compile(r"\s*(?:%|procent\b|pct\b)", re.I)
# A count the sentence leaves vague and then gives as a share: "mange elever …", "flere borgere …".
_VAGUE_COUNT = re.compile(r"\b(?:mange|flere|færre|få)\s+([\wæøå-]+)", re.I)


def _common_suffix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _rarest(terms: set[str], weight: Weight) -> str:
    """The term with the highest weight (IDF); ties broken by the term, so the choice is the same in
    every process (a set's order is not)."""
    return max(terms, key=lambda t: (weight(t), t)) if terms else ""


def _named_bodies(question: str, ranked: list[Ranked], analyzer: DanishAnalyzer) -> set[frozenset[str]]:
    """The issuing bodies of candidate documents that the question names ("ifølge Region Vest",
    "skal Hedeby Kommune"), each as the terms of its name."""
    asked = set(analyzer.terms(question))
    bodies = {str(r.hit.payload.get("body") or "") for r in ranked}
    return {t for body in bodies if (t := _body_terms(body, analyzer)) and t <= asked}


# Who the question says decided: "Hvad besluttede Teknisk Udvalg …", "hvad blev besluttet i Kulturudvalget".
_DECIDER = re.compile(r"\b(?i:besluttede|vedtog|godkendte|besluttet\s+i|vedtaget\s+i|godkendt\s+i)\s+"
                      r"((?:[A-ZÆØÅ][\wæøå-]*\s+(?:og\s+)?){0,3}?"
                      r"[\wæøå-]*(?:[Uu]dvalg(?:et)?|[Mm]agistrat(?:en)?|[Bb]yråd(?:et)?|[Kk]ommunalbestyrelse(?:n)?|"
                      r"[Rr]egionsråd(?:et)?))\b")
# A matter sent on for another body to treat ("Fremsendes til Teknisk Udvalg til behandling …",
# "… som fremlægges for Økonomiudvalget og Kommunalbestyrelsen", "Planen søges nu godkendt … ved
# decembermødet i Byrådet"): the body is in the words after the verb, up to the clause's end.
_REFERRED = re.compile(r"(?i:\b(?:(?:fremsendes|oversendes|videresendes|sendes|henvises)\s+(?:videre\s+)?til|"
                       r"(?:fremlægges|forelægges)\s+(?:for|til)|(?:forelagt|fremlagt)(?:\s+for)?|"
                       r"søges\s+(?:\w+\s+)?(?:godkendt|vedtaget|bevilget)))\s+(.{3,120}?)"
                       # (a clause's end: not the point of "kr." or "1.316.000")
                       r"(?=\s+(?i:til\s+behandling|med\s+bemærkning|til\s+videre)|[,;]|\.(?=\s+[A-ZÆØÅ]|\s*$)|$)")


def _only_referred(question: str, chosen: list[_Sentence], analyzer: DanishAnalyzer) -> bool:
    """The question asks what a body decided, and the quoted sentences that name it only send the
    matter to it ("Fremsendes til Kulturudvalget til behandling …", "… fremlægges for
    Kommunalbestyrelsen"): the referral is not the body's decision, which a later meeting's
    minutes would record. The body is named by its own word ("Hedebys Kommunalbestyrelse" by
    "Kommunalbestyrelsen": a municipality's papers seldom repeat their own name), or in full
    where that word is a bare "udvalg"."""
    m = _DECIDER.search(question)
    if not m:
        return False
    decider = frozenset(analyzer.terms(m.group(1)))
    own_word = frozenset(analyzer.terms(m.group(1).split()[-1]))
    if own_word and not own_word <= _BARE_BODY:
        decider = own_word
    naming = [s for s in chosen if decider <= set(analyzer.terms(s.text))]
    return bool(naming) and all(any(decider <= set(analyzer.terms(r.group(1))) for r in _REFERRED.finditer(s.text))
                                for s in naming)


_BARE_BODY = frozenset({"udvalg"})


def _named_body_first(question: str, ranked: list[Ranked], analyzer: DanishAnalyzer, k: int) -> list[Ranked]:
    """The passages the answer reads, those of the body the question names first ("… ifølge
    Havnestyrelsens rapport?"): another body's minutes retelling the report come after the report's
    own words, in their order. Unchanged when no passage among the first ``k`` speaks for it."""
    named = _named_bodies(question, ranked, analyzer)
    if not named or not ranked or _speaks_for(ranked[0], named, analyzer):
        return ranked
    speaks = [_speaks_for(r, named, analyzer) for r in ranked[:k]]
    if not any(speaks):
        return ranked
    first = list(zip(ranked, speaks))
    return [r for r, s in first if s] + [r for r, s in first if not s] + ranked[k:]


def _speaks_for(r: Ranked, named: set[frozenset[str]], analyzer: DanishAnalyzer) -> bool:
    """The passage is from a named body's document, or names the body itself."""
    own = _body_terms(str(r.hit.payload.get("body") or ""), analyzer)
    return own in named or any(t <= _passage_terms(r, analyzer) for t in named)


# A municipality or region the question names: "Esbjerg Kommune", "Region Syddanmark", "Region
# Hovedstadens Psykiatri", "Københavns Kommunes".
_PLACE = re.compile(r"\b([A-ZÆØÅ][\wæøå-]+)\s+[Kk]ommunes?\b|\b[Rr]egion\s+([A-ZÆØÅ][\wæøå-]+)")

_TYPED_PLACE = re.compile(r"\b([\wæøå-]+)\s+kommunes?\b|\bregion\s+([\wæøå-]+)")
_MIN_PLACE = 4
_DETERMINERS = frozenset({"hvilken", "hvilket", "hvilke", "hver", "hvert", "enhver", "samme", "egen", "eget",
                          "anden", "andet", "andre", "hele", "denne", "dette", "nuværende", "nye", "sidste"})


def _place_unquoted(question: str, chosen: list[_Sentence], ranked: list[Ranked], analyzer: DanishAnalyzer) -> bool:
    """The question names a municipality or region, and no passage the answer quotes (its text,
    headings, title or issuing body) names it: what Glostrup has set up does not say what Esbjerg has."""
    # "Hvilken kommunes …" opens a question about which municipality: the capitalised word asks, it names none
    places = {p for m in _PLACE.finditer(question) if (p := m.group(1) or m.group(2)).lower() not in _DETERMINERS}
    if not any(ch.isupper() for ch in question):
        # Typed in lower case ("besøg region syddanmark 2025"): the word after "region" or before
        # "kommune" is the name unless it is a small word ("region og kommune", "hver kommune").
        places |= {w for m in _TYPED_PLACE.finditer(question) if len(w := m.group(1) or m.group(2)) >= _MIN_PLACE
                   and not analyzer.is_stopword(w) and w not in _DETERMINERS}
    if not places:
        return False
    for place in places:
        forms = [set(analyzer.terms(f)) for f in _name_forms(place)]
        if not any(any(f <= _named_terms(ranked[s.rank], analyzer) for f in forms) for s in chosen):
            return True
    return False


def _name_part(word: str) -> str:
    """The name inside a compound of a name and a common noun: "COVID-19-tilfælde" speaks of
    COVID-19 and "KL-udspillet" of KL; a passage need not use the compound to speak of the name."""
    parts = word.split("-")
    return " ".join(p for p in parts if p[:1].isupper() or p.isdigit()) or word


def _same_meeting(chunk_date: str | None, date: str) -> bool:
    """A chunk dated "2023" (a document dated by its year only) may be of a meeting on any day that year."""
    return bool(chunk_date) and (chunk_date == date or (len(chunk_date) < len(date) and date.startswith(chunk_date)))


# The words that name the kind of fact asked for, not what it is about ("hvor mange millioner kroner").
_FACT_KIND_WORDS = ("penge kroner kr millioner milliarder mio mia beløb beløbet koster koste kostede pris prisen udgift "
                    "udgiften udgifter omkostning omkostninger budget budgettet procent pct antal antallet tal værdi")
# The kinds of fact that must be the amount or number *of* what the question asks about.
_BOUND_KINDS = frozenset({"money", "quantity"})


@lru_cache(maxsize=4)
def _fact_kind_terms(analyzer: DanishAnalyzer) -> frozenset[str]:
    return frozenset(analyzer.terms(_FACT_KIND_WORDS))


def _subject_terms(q_terms: set[str], ranked: list[Ranked], analyzer: DanishAnalyzer) -> frozenset[str]:
    """What the asked-for amount must be about: the question's content words that neither name the
    kind of fact ("millioner kroner", "antal") nor the document it is looked for in (the title and
    issuing body of a candidate passage: "ifølge KL's udspil om det nære sundhedsvæsen" scopes the
    question, it is not what the amount is for)."""
    scope = _fact_kind_terms(analyzer) | _document_terms(ranked, analyzer)
    # (a year is checked on its own: the year the question names must be quoted)
    return frozenset(t for t in q_terms - scope if not any(c.isdigit() for c in t))


def _document_terms(ranked: list[Ranked], analyzer: DanishAnalyzer) -> frozenset[str]:
    """The words of the candidate documents' titles and issuing bodies: naming them ("ifølge
    regionens udspil", "Hedeby Kommunes 'Plan for ældreområdet'") says where to look, not what is asked."""
    return frozenset(t for r in ranked
                     for t in analyzer.terms(f"{r.hit.payload.get('title', '')} {r.hit.payload.get('body') or ''}"))


def _states_of(s: _Sentence, kinds: tuple[str, ...], chosen: list[_Sentence], ranked: list[Ranked],
               subject: frozenset[str], analyzer: DanishAnalyzer) -> bool:
    """Whether a quoted sentence states the asked-for fact about what the question asks. An amount or
    a number quoted from another passage than the one the answer leads with counts only where the
    sentence, the quoted sentences of its passage or the heading it stands under name one of the
    question's subject words: the amount one programme gets, quoted after two sentences on the
    service the question asks about, does not say what that service gets."""
    stated = s.states.intersection(kinds)
    if not stated:
        return False
    if not stated <= _BOUND_KINDS or not subject or s.rank == chosen[0].rank:
        return True  # (the passage the answer is led by is what the answer is about)
    said = " ".join([s.text, s.following, s.heading, str(ranked[s.rank].hit.payload.get("section", "")),
                     *(c.text for c in chosen if c.rank == s.rank)])
    return bool(subject & set(analyzer.terms(said)))


def _states_fact(candidates: list[_Sentence], kinds: tuple[str, ...]) -> bool:
    """A question asking how many / when / which phone number is answered only by a sentence that
    states a fact of that kind and is about what the question asks (covers enough of its content words)."""
    return any(s.states.intersection(kinds) and s.coverage >= _FACT_COVERAGE for s in candidates)


def quotable_sentences(ranked: list[Ranked], pages_of: PageLookup, q_terms: set[str], analyzer: DanishAnalyzer,
                       intent: QueryIntent, weight: Weight = _uniform) -> list[_Sentence]:
    """Every quotable sentence of the passages (verbatim from their pages, no table debris), scored
    for the question; /ask chooses its answer among them, the timeline one per passage."""
    out: list[_Sentence] = []
    best_score = ranked[0].score if ranked else 0.0
    norm = math.fsum(weight(t) for t in q_terms) or 1.0
    rarest = _rarest(q_terms, weight)
    counted = set(analyzer.terms(intent.counted.split(" ", 1)[0]))
    counted_phrase = set(analyzer.terms(intent.counted))
    # Whose role is asked ("formand for Ældrerådet"): the rarest word that is not the role itself.
    subject = _rarest({t for t in q_terms if not ROLE.search(t)}, weight) or rarest
    asked_names = {w.lower() for w in _NAME.findall(intent.text)}
    # What the names asked for are named about: not the kind of names ("hvilke partier …" is
    # answered by "Parti A og Parti B kunne ikke tiltræde", which never says "parti").
    which = WHICH_NAMED.search(intent.text)
    named_about = _rarest(q_terms - set(analyzer.terms(which.group(0))), weight) if which else rarest
    # "Hvilke kommuner …?" is also answered by all of that kind: "Alle kommuner langs kysten deltager".
    all_of_kind = re.compile(rf"{_ALL_OF}{which.group(0).split()[-1]}\b", re.I) if which else None
    asks_case = "case" in intent.answer_types
    # Asked who, or which bodies, a piece that is only a name answers ("Viggo Jonasen, Uden For
    # Part."); asked anything else, a name alone is a signature, a reference's source or a heading.
    names_asked = bool(_WHO_ASKED.search(intent.text)) or bool({"names", "role"} & set(intent.answer_types))
    asks_price = "money" in intent.answer_types and bool(_PRICE.search(intent.text))
    ages = _asked_ages(intent.text)
    asks_contact = "phone" in intent.answer_types or bool(_CONTACT_ASKED.search(intent.text))
    asks_annex = bool(_ANNEX_ASKED.search(intent.text))
    asks_figure = bool(_FIGURE_ASKED.search(intent.text))
    for rank, r in enumerate(ranked):
        p = r.hit.payload
        context = set(analyzer.terms(_context(p)))
        pages = [pg for pg in pages_of(r.hit.doc_id) if p["page_start"] <= pg["number"] <= p["page_end"]]
        heading = str((p.get("section_path") or [""])[-1])  # the heading the passage's text stands under
        headings = frozenset(str(h) for h in p.get("section_path") or [])
        split = _split_by_page(r.hit.text, int(p["start"]), pages)
        for n, (page, piece) in enumerate(split):
            if n == 0:
                piece = _lead_in(page, int(p["start"])) + piece
            if n == len(split) - 1:
                piece += _lead_out(page, int(p["start"]) + len(r.hit.text))
            # An agenda item's header row ("2 (Offentlig) Godkendelse af … Rikke Felby MDR-2024-00036")
            # has no sentence, and its lines would be cut apart as headings: the row is one quote.
            row, rest = _header_row(piece)
            if row and (intent.decided or intent.status) and not (intent.has_identifier or "case" in intent.answer_types):
                row = ""  # the row names the item and its case; it states no decision, no state of the matter
            pieces, table_rows = _pieces(rest, defining_line(intent.defines) if intent.defines else None, headings)
            if asks_figure:
                pieces = _captions_joined(pieces)
            defining = {i for i, x in enumerate(pieces) if intent.defined_in(x)}
            # Asked who attended, the minutes' attendance block is one quote (names, empty labels and all).
            block = attendance_block(rest) if "attendance" in intent.answer_types else ""
            if block:
                pieces.append(block)
            danish_page = _danish_page(str(page["text"]))
            # (a members' list line is quotable however short: "Jens Lund (A) - formand"; asked for a
            # case number, so is the item's "Sagsnr.: 2012-21786" line)
            # (a glossary's line is quotable however short: "MORS: Død")
            # What stands under a decision's heading is the decision however short: "Punktet genoptages.",
            # "Indstillingen godkendt", "Tidspunkt herfor fastlægges på næste møde".
            under, after = _headings_over(pieces, heading)
            decided = {i for i, h in enumerate(under) if DECIDED_HEADING.match(h)
                       and _decision_piece(pieces[i], pieces[i - 1] if i else "",
                                           pieces[i + 1] if i + 1 < len(pieces) else "")}
            annexes = _annex_lines(pieces) if asks_annex else set()
            quotable = [i for i, x in enumerate(pieces) if (block and x == block) or (asks_case and _case_line(x)) or (
                        i in defining) or i in decided or (i in annexes and not _is_debris(x)) or (
                        asks_figure and _caption_title(x)) or _decision_line(x) or (
                        not _is_debris(x) and (asks_contact or not contact_block(x)) and (_roster_line(x) or (
                        len(x) >= _MIN_SENTENCE_CHARS and (i in table_rows or _is_sentence(x) or _dated_line(x))))
                        and not _flowed_in(pieces, i) and not _captioned(pieces, i)
                        and not (danish_page and i not in table_rows and _foreign(x))
                        and not (i not in table_rows and not names_asked and _NAME_ONLY.match(x)))]
            whole = normalise(piece)
            if row:
                pieces, quotable = [row, *pieces], [0, *(i + 1 for i in quotable)]
                table_rows = {i + 1: line + 1 for i, line in table_rows.items()}
                decided = {i + 1 for i in decided}
                under, after = _headings_over(pieces, heading)
            elif not quotable and _MIN_SENTENCE_CHARS <= len(whole) <= _MAX_QUOTE_CHARS and not _is_debris(whole) \
                    and not _cut_off(whole) and (asks_contact or not contact_block(whole)):
                # A table row or slide line with no sentence: the whole piece is the quote.
                pieces, quotable, table_rows = [whole], [0], {}
                under, after = _headings_over(pieces, heading)
            heading = after  # (the heading in force where the next page's pieces begin)
            # Each piece's words, read once: a sentence is read again as the next one's completion
            # and as part of its row.
            piece_terms = [frozenset(analyzer.terms(x)) for x in pieces]
            # A run of a row's cells speaks of what the row is about: its coverage of the question
            # counts the whole row's words (the applicant named in one run, the amounts in the next).
            row_terms: dict[int, set[str]] = {}
            for i, line in table_rows.items():
                row_terms.setdefault(line, set()).update(piece_terms[i])
            for place, i in enumerate(quotable):
                sentence = pieces[i]
                # The next piece completes the quote only when it is a statement itself: a figure's
                # numbers after its caption sentence are not ("… vedr. respirator. 19 23 23 28 62 …").
                following = pieces[i + 1] if i + 1 < len(pieces) and (_is_sentence(pieces[i + 1]) or i + 1 in decided) \
                    and not _is_debris(pieces[i + 1]) and not _captioned(pieces, i + 1) else ""
                if (i in table_rows or (i + 1 in table_rows and not sentence.endswith(":")
                                        and not following[:1].islower())) \
                        and table_rows.get(i + 1) != table_rows.get(i):
                    # a table row or a list's entry is one record: the next row is another's, not its
                    # completion, nor does a record complete the prose before it (a colon's lead-in, and
                    # the sentence's own end on the next page, aside)
                    following = ""
                terms = piece_terms[i]
                # IDF-weighted: the sentence with the question's rare words (a named service, a year)
                # beats one repeating the corpus's common ones. Words of its heading count in part:
                # under "Anbefaling 25. …" a sentence is about recommendation 25.
                own = math.fsum(weight(t) for t in q_terms & terms)
                # Under a decision heading the item's title says what the decision is about
                # ("Sendes videre til udvalget." under "Punkt 4. … Grillbaren › Beslutninger").
                decision = intent.decided and bool(DECIDED_HEADING.match(under[i]))
                # (a case number's line speaks of its item: the item's title is its subject)
                share = 1.0 if decision or (asks_case and _case_line(sentence)) else _CONTEXT_SHARE
                # A form's label heading and the line right under it are one statement, as a table
                # row's header and cell are ("Levering af ydelsen" / "Kommunens pædagogiske
                # personale."): the label's words count as the line's own.
                label = piece_terms[i - 1] if i > 0 and pieces[i - 1] == under[i] else frozenset()
                labelled = (q_terms & label) - terms - context
                overlap = own + share * math.fsum(weight(t) for t in (q_terms & context) - terms) \
                    + math.fsum(weight(t) for t in labelled)
                # What the quote will show: the next sentence only where it fits (_completed).
                span = f"{sentence} {following}" if len(sentence) + len(following) < _MAX_QUOTE_CHARS else sentence
                states = stated_kinds(span)
                next_terms = piece_terms[i + 1] if following else frozenset()
                said = terms | next_terms
                if "quantity" in states and counted and not _counts(counted, said | context):
                    states -= {"quantity"}  # a number of something else than what the question counts
                if "quantity" in states and counted and not _counts_nearby(counted_phrase, span, analyzer):
                    states -= {"quantity"}  # "ca. 6 besøg" in a sentence on children: no number of children
                unlabelled = _ADDRESS.sub(" ", _LABEL.sub(" ", IDENTIFYING_NUMBER.sub(" ", span))) \
                    if "quantity" in states else span
                if "quantity" in states and not STATES["quantity"].search(unlabelled):
                    states -= {"quantity"}  # "som det ses i figur 4" states no number
                if intent.unit == "varighed" and SINCE.search(span):
                    states |= {"quantity"}  # "hvor længe …": "… siden vedtagelsen i 1990" says since when
                if intent.unit == "andel" and UNITS["andel"].search(unlabelled):
                    states |= {"quantity"}  # "hvor stor en andel …": "en tredjedel", "hver fjerde" say how large
                if "quantity" in states and intent.unit and not UNITS[intent.unit].search(unlabelled):
                    states -= {"quantity"}  # "hvor mange timer om ugen": "Antal borgere: 50" is no number of hours
                if "quantity" in states and intent.counts and not STATES["quantity"].search(
                        _AMOUNT.sub(" ", _DURATION.sub(" ", unlabelled))):
                    states -= {"quantity"}  # "i op til 6 måneder", "kr. 1.500 om ugen" do not say how many there are
                if ages and states & {"quantity", "money"} and not all(forms & set(_AGE_NUMBER.findall(
                        f"{span} {under[i]} {_context(p)}")) for forms in ages):
                    states -= {"quantity", "money"}  # "412 domme i 2020" counts all ages, not those under 18
                if "money" in states and asks_price and _GRANT_AMOUNT.search(span) and not _PRICE.search(span):
                    states -= {"money"}  # "hvad koster det for forældrene?": the amount applied for is no price
                # Who holds a role, which municipalities: a sentence that names the role ("formand for")
                # or names places or bodies the question does not, and speaks of the question's
                # rarest word (the council, the scheme) — "formand for Handicaprådet" does not say
                # who chairs Ældrerådet.
                # A members' list names its committee in the document's title, not on each line; a
                # line of an item's decisions ("Parti A kunne ikke tiltræde indstillingen.") speaks
                # of the item its heading names.
                about = said | context if _roster_line(sentence) or DECIDED_HEADING.match(under[i]) else said
                if "role" in intent.answer_types and subject in about and _names_role(span, intent):
                    states |= {"role"}
                # (an English question's words are never in a Danish sentence: the names alone count)
                if "names" in intent.answer_types and (named_about in about or intent.english) \
                        and (_new_names(span, asked_names) or (all_of_kind and all_of_kind.search(span))):
                    states |= {"names"}
                # Asked who took part ("hvem deltog fra Region Vest i arbejdsgruppen"), a sentence naming a
                # person the question does not ("… deltog næstformand Anna Holm") answers as a block does,
                # on a page without an attendance block (where there is one, it answers: not a members' line).
                if "attendance" in intent.answer_types and not block and _names_person(span, asked_names):
                    states |= {"attendance"}
                if block and sentence == block:
                    # The block speaks of the meeting its page opens with (committee, date, place),
                    # and is the record of a meeting whether or not the page says "møde".
                    states, said = states | {"attendance"}, said | set(analyzer.terms(f"{rest} {_A_MEETING}"))
                # A sentence of the kind asked for (a decision for "hvad besluttede", a number for
                # "hvor mange") answers even when it repeats few of the question's words.
                fits = bool(states.intersection(intent.answer_types)) or decision or (
                    intent.decided and bool(DECIDED.search(sentence))) or intent.defined_in(sentence)
                # Passage rank matters as much as word overlap: the best passage was
                # chosen with the dense model, which sees paraphrases the words miss.
                score = overlap / norm + 0.5 * (r.score / best_score if best_score else 0) - 0.05 * rank \
                    + _FITS_BONUS * fits
                coverage = _coverage(q_terms, said | context | label | row_terms.get(table_rows.get(i, -1), set()), weight)
                x = (own / norm, math.fsum(weight(t) for t in (q_terms & context) - terms) / norm,
                     math.fsum(weight(t) for t in (q_terms & next_terms) - terms) / norm, coverage,
                     float(rarest in terms | next_terms), float(fits), float(bool(states - {"phone", "case", "version", "role", "names"})),
                     1 / (1 + place), math.log(1 + len(sentence)), float(i in table_rows),
                     float(not sentence.endswith(_TERMINAL)))
                record = (rank, int(page["number"]), n, table_rows[i]) if i in table_rows else ()
                days = tuple(find_dates(sentence[:_DATED_START]) or find_dates(under[i]))
                out.append(_Sentence(sentence, int(page["number"]), str(page["label"]),
                                     score if own or fits or labelled else -1 + score, rank, following, coverage, states, x,
                                     record, days, under[i]))
    return out


def _case_line(text: str) -> bool:
    """A line that labels its case number ("Sagsnr.: 2011-29939", "J.nr. 2012-200292")."""
    m = CASE_NUMBER.match(text)
    return bool(m and m.group(1) and len(text) <= _HEADING_CHARS)


# A case label whose number pypdf put on the next line (a two-column key/value block:
# "Sagsnr.:" / "2011-29939"): one line, "Sagsnr.: 2011-29939".
_CASE_LABEL_LINE = re.compile(rf"^((?:{CASE_LABELS})\.?[ \t]*:?)[ \t]*\n"
                              rf"(?={CASE_DIGITS}[ \t]*$)", re.M | re.I)


def _pieces(text: str, defining: re.Pattern[str] | None = None,
            headings: frozenset[str] = frozenset()) -> tuple[list[str], dict[int, int]]:
    """A passage cut into quotable pieces: sentences, and rows (a row read by ingest as
    "Header: value | Header: value" is one statement; cut at its colons it is debris), a row
    longer than a quote in runs of whole cells (each run mapped to its row's number, so that a
    row's runs are known as one record). A timetable's entry led by its date ("Juni 2012:
    Kultur-kick: Tryk af 100 stk. T-shirts") is a row too: cut at its colons, the date is lost.
    So is a line ``defining`` matches, a glossary's line for the term asked about ("STAA: Start
    sygehusophold – akut ambulant"), which cut at its colon says nothing. ``headings``: the
    passage's section headings; a line that is one and labels ends its block (``_blocks``)."""
    pieces: list[str] = []
    rows: dict[int, int] = {}  # piece → the row (line) it is part of
    prose: list[str] = []
    entry: list[str] = []
    text = _CASE_LABEL_LINE.sub(r"\1 ", text)

    def flush() -> None:
        if entry:
            rows[len(pieces)] = len(pieces)
            pieces.append(normalise(" ".join(entry)))
            entry.clear()
        pieces.extend(normalise(y) for block in _blocks("\n".join(prose), headings) for x in split_sentences(block)
                      for y in _unlinked(x))
        prose.clear()
    day = ""  # a date alone on the line before: the next line may say what happens that day
    lines = text.split("\n")
    runs = _label_runs(lines)
    for at, line in enumerate(lines):
        if day:
            if _DAYS_EVENT.match(line) and not _DATE_ONLY.match(line) and len(line.split()) >= 2 \
                    and len(line.strip()) <= _HEADING_CHARS and not _foreign(line):
                flush()  # a schedule's entry: "Fredag den 31. oktober 2025" / "Besøg i Region X"
                entry.extend([day, line])
                flush()
                day = ""
                continue
            prose.append(day)
            day = ""
        if _DATE_ONLY.match(line):
            day = line
        elif (defining is not None and defining.match(line) and len(line) <= _MAX_QUOTE_CHARS and " | " not in line) \
                or _case_line(normalise(line)):
            # (a case number's line, "Sagsnr. 4-0101-33", is cut at its label's full stop otherwise):
            # one entry of its own, as a schedule's day is
            flush()
            entry.append(line)
            flush()
        elif _TABLE_ROW.match(line):
            flush()
            row = len(pieces)
            for cells in _cell_runs(normalise(line)):
                rows[len(pieces)] = row
                pieces.append(cells)
        elif DATE_LABEL.match(line) and len(line) <= _MAX_QUOTE_CHARS:
            flush()
            entry.append(line)
        elif at in runs:
            if not runs[at]:
                flush()  # one line of a facts block, "Version: 3.0" under "Elektronisk ISBN: …"
            entry.append(line)
        elif entry and line.lstrip()[:1].islower() and len(" ".join(entry)) + len(line) < _MAX_QUOTE_CHARS:
            entry.append(line)  # the entry wraps onto the next line
        else:
            if entry:
                flush()
            prose.append(line)
    if day:
        prose.append(day)
    flush()
    return pieces, rows


# A line that is a short label and its value: "Sprog: Dansk", "Mødested: Rådhuset, lokale 2",
# "Elektronisk ISBN: 978-87-…". The label is at most three words and opens with a capital.
_LABEL_LINE = re.compile(r"^\s*[A-ZÆØÅ][\w.&/-]*(?:\s+[\w.&/-]+){0,2}\s*:\s+\S[^:]{0,80}$")


def _label_runs(lines: list[str]) -> dict[int, bool]:
    """The lines that are one of two or more neighbouring label lines, a colophon's or a meeting
    header's facts ("Elektronisk ISBN: …" / "Sprog: Dansk" / "Version: 3.0"), each mapped to whether
    it goes on the entry of the line before. Each line is a record of its own: read as prose, the
    splitter cuts them at their colons ("Dansk Version:", "3.0 Versionsdato:") and the value is
    quoted under the next line's label. A contact block's lines ("Tlf.: …", "E-mail: …", "Kontakt:
    …") stay one entry, which ``contact_block`` keeps out of answers unless the contact is asked
    for. One label line alone is left to prose: "Bemærk: …" opens a sentence as often as it labels a value."""
    runs: dict[int, bool] = {}
    for is_label, group in groupby(range(len(lines)),
                                   key=lambda i: bool(_LABEL_LINE.match(lines[i])) and " | " not in lines[i]):
        run = list(group)
        if is_label and len(run) >= 2:
            contact = contact_block(" ".join(lines[i] for i in run))
            runs.update({i: contact and i > run[0] for i in run})
    return runs


# What a schedule says of a day starts with a word: not a footnote's number ("2 Rapid Risk Assessment …"
# under a page's date line) nor a page number.
_DAYS_EVENT = re.compile(r"^\s*(?!(?:side|page|s\.)\s*\d)[^\W\d_]", re.I)
# A line that is a date and nothing else ("Fredag den 31.oktober 2025", "d. 4. december 2025 kl. 10-13"):
# in a schedule, the next line says what happens that day.
_DATE_ONLY = re.compile(r"^\s*(?:(?:man|tirs|ons|tors|fre|lør|søn)dag|monday|tuesday|wednesday|thursday|friday)?,?\s*"
                        r"(?:(?:d\.|den)\s*)?(?:" + DAY_DATE.pattern + r")\.?(?:\s+\d{4})?"
                        r"(?:,?\s+kl\.?\s*\d{1,2}(?:[.:]\d\d)?(?:\s*[-–]\s*\d{1,2}(?:[.:]\d\d)?)?)?\s*$", re.I)


def _cell_runs(row: str) -> list[str]:
    """A row longer than a quote as runs of whole neighbouring cells, each short enough to quote
    (the applicant's name in one, the amounts applied for and granted in another)."""
    runs: list[str] = []
    current = ""
    for cell in row.split(" | "):
        if current and len(current) + 3 + len(cell) > _MAX_QUOTE_CHARS:
            runs.append(current)
            current = cell
        else:
            current = f"{current} | {cell}" if current else cell
    if current:
        runs.append(current)
    return [r if len(r) <= _MAX_QUOTE_CHARS else r[:_MAX_QUOTE_CHARS].rsplit(" ", 1)[0] for r in runs]


# A table cell whose number was too wide for its column: "Indstillet beløb: #######".
_OVERFLOW = re.compile(r"(?:^|(?<=\|))[^|:]{0,60}:\s*#{3,}\s*(?=\||$)")


# Five or more bare numbers in a row: a figure's axis or a table's column ("0 5 10 15 20 25 30").
_BARE_NUMBER = re.compile(r"(?<![\w-])\d+(?:[.,]\d+)*%?(?![\w-])")  # a value, not a name's number ("COVID-19")
_NUMBER_RUN = re.compile(r"(?:(?<!\S)\d+(?:[.,]\d+)?%?\s+){4,}\d+(?:[.,]\d+)?%?(?!\S)")
# An agenda item's empty parts ("Økonomi / Ingen bemærkninger", "Kommunikation / Ingen bemærkninger /
# Bilag") read as one line of headings around the phrase.
_NOTHING_TO_NOTE = re.compile(r"\b(?:ingen|intet)\s+(?:bemærkninger|at\s+bemærke)\b", re.I)
# A figure's or table's caption or source line ("Figur 3. Antal indlagte …", "Kilde: …", "Figur fra
# årsrapporten …, opdateret 1. maj 2021 Figur 4.") labels a picture; it states nothing.
# Prose about a figure ("Figur 9 beskriver …") is no caption.
# A sentence that points to one ("…, jf. figur 2.", "(se Figur 2).") still states what it says.
_FIGURE_NUMBER = r"(?:figur|fig\.|tabel|figure|table)\s*\d+(?:\.\d+)*\s*[.:]"  # "Figur 3:", "Tabel 2.1."
_CAPTION = re.compile(rf"^(?:{_FIGURE_NUMBER}|(?:figur|tabel)\s+fra\b|(?:kilde|source)\s*:)", re.I)
_SOURCE_LABEL = r"(?:kilder?|sources?)\s*:"  # "Kilde:", "Kilder:", "Source:"
# A caption or a figure's or table's source line, singular or plural ("Figurer fra …", "Kilder: …"): the
# lines ``_is_dated_caption`` ends a block after. Wider than the debris ``_CAPTION``: a plural source
# line may be what a question about a figure's source asks for, and "Tabeller fra regnskabet viser, at
# …" is prose.
_CAPTION_OR_SOURCE = re.compile(rf"^(?:{_FIGURE_NUMBER}|(?:figur(?:er)?|tabel(?:ler)?)\s+fra\b|{_SOURCE_LABEL})",
                                re.I)
_CAPTION_LABEL_END = re.compile(r"(?<!jf\. )(?<!se )(?<!i )\b(?:Figur|Tabel|Figure|Table)\s*\d+(?:\.\d+)*\s*\.?$")


# Danish prose has a third or more of its words on the Snowball stopword list, English prose a few
# per cent ("for", "i"): a page below an eighth is in another language (an English report), and its
# sentences are its statements.
_DANISH_PAGE = 0.12
_WORDS = re.compile(r"[^\W\d_]+")
_FOREIGN_MIN_WORDS = 3  # a reference's tail cut at a page's edge ("– seventh update, 25 march 2020,") is short
_FOREIGN_SHARE = 0.15  # at most this share of Danish function words (one in seven)
# English function words that are no Danish words ("for", "to" are Danish too)
# and English month names that are no Danish ones (a reference's date, "interim guidance, 22 March 2020")
_ENGLISH_CUES = frozenset("the of and in on by with from is are was were this that which an or be has have been "
                          "january february march may june july october".split())


def _danish_share(words: list[str]) -> float:
    """The share of ``words`` on the Danish stopword list."""
    return sum(w in danish_stopwords() for w in words) / len(words) if words else 0.0


@lru_cache(maxsize=256)
def _danish_page(text: str) -> bool:
    """Whether a page is Danish prose (cached: every passage on the page asks again)."""
    return _danish_share(_WORDS.findall(text.lower())) >= _DANISH_PAGE


def _foreign(sentence: str) -> bool:
    """A sentence in another language on a Danish page: a reference or a quoted title ("Laboratory
    testing strategy recommendations for COVID-19: interim guidance, 22 March 2020."), not one of the
    document's statements: few Danish function words, and an English one."""
    words = _WORDS.findall(sentence.lower())
    if len(words) < _FOREIGN_MIN_WORDS:
        return False
    return _danish_share(words) <= _FOREIGN_SHARE and any(w in _ENGLISH_CUES for w in words)


def _flowed_in(pieces: list[str], i: int) -> bool:
    """A piece that opens with a small letter after a full stop is the end of a sentence from another
    cell or column (``_flow_breaks``): without its beginning it says nothing quotable."""
    return i > 0 and pieces[i][:1].islower() and pieces[i - 1].endswith(".")


# Asked which figure or table shows something ("hvilken figur viser …", "figurnummer", "which
# table"), its caption ("Figur 3: Udvikling i antallet af borgere i genoptræning") is the answer,
# not debris.
_FIGURE_ASKED = re.compile(r"\b(?:hvilke[nt]?\s+(?:figur|tabel)|(?:figur|tabel)(?:nummer|nr)|which\s+(?:figure|table)|"
                           r"(?:figure|table)\s+number)", re.I)


_SOURCE_LABEL_END = re.compile(rf"\s*{_SOURCE_LABEL}\s*$", re.I)
_CAPTION_WITH_TITLE = re.compile(rf"{_FIGURE_NUMBER}\s*\w", re.I)


def _captions_joined(pieces: list[str]) -> list[str]:
    """A bare caption label cut off as a piece of its own ("Figur 3:") with the title after it
    ("Udvikling i antallet af borgere i genoptræning Kilde:"), as one caption: "Figur 3: Udvikling i
    antallet af borgere i genoptræning" (the source label that follows on the page left off). The
    title's piece keeps its place (the indices of rows and headings stand) and stays unquotable
    after its label (``_captioned``)."""
    out = list(pieces)
    for i in range(len(pieces) - 1):
        if _BARE_LABEL.match(pieces[i]) and not _BARE_LABEL.match(pieces[i + 1]):
            out[i] = f"{pieces[i]} {_SOURCE_LABEL_END.sub('', pieces[i + 1])}"
    return out


def _caption_title(text: str) -> bool:
    """A caption with its title: "Figur 3: Udvikling i antallet af borgere …" (not a bare label)."""
    return bool(_CAPTION_WITH_TITLE.match(text.strip())) and len(text.split()) >= 4


def _captioned(pieces: list[str], i: int) -> bool:
    """A piece after a bare caption label ("Figur 8." cut off as a sentence of its own; or the caption
    ``_captions_joined`` made of the two) is the caption's text: it names what a figure shows, it
    states nothing."""
    # (the joined caption's test first: it fails at a piece's first letters, where the title's
    # comparison would rewrite every piece of every passage)
    return i > 0 and bool(_BARE_LABEL.match(pieces[i - 1]) or (
        _caption_title(pieces[i - 1]) and pieces[i - 1].endswith(_SOURCE_LABEL_END.sub("", pieces[i]))))


_BARE_LABEL = re.compile(r"^(?:figur|fig\.|tabel|figure|table)\s*\d+(?:\.\d+)*\s*[.:]?$", re.I)


# Capitalised words only, two to eight: a name ("World Health Organization.", "Jens Lund, Borgerlisten").
_NAME_ONLY = re.compile(r"^(?:[A-ZÆØÅ][\w&'’-]*[.,]?\s*){2,8}$")
_WHO_ASKED = re.compile(r"\b(?:hvem|hvis|who|whom|whose)\b", re.I)
# A footnote's number and a source's name, nothing else ("3 World Health Organization.", "12 Danske
# Regioner."): the note names where a number came from; it says nothing itself.
_FOOTNOTE_SOURCE = re.compile(r"^\d{1,3}\s+(?:[A-ZÆØÅ][\w&'’-]*\.?,?\s*){1,8}$")


# Links after a sentence ("… i starten af juli. https://…") or before one: a reference, never part of the quote.
_LINKS_AFTER = re.compile(r"(?<=[.!?:])\s+(?=https?://|www\.)")
_LINK = re.compile(r"(?:https?://|www\.)\S+")
_LINK_RUN = re.compile(r"((?:(?:https?://|www\.)\S+\s*)+)(.*)$", re.S)


def _unlinked(sentence: str) -> list[str]:
    """``sentence`` with the links that stand between sentences as pieces of their own (debris):
    "… i juli. https://a https://b Næste møde …" is the sentence, the links and the next sentence.
    A link inside a sentence ("Planen findes på www.… sammen med …") stays in it."""
    parts = _LINKS_AFTER.split(sentence)
    out = [parts[0]] if parts[0] and not _LINK_RUN.match(parts[0]) else []
    for part in parts[1:] if out else parts:
        if not part.strip():
            continue
        run = _LINK_RUN.match(part)
        if run is None:
            out.append(part)
            continue
        out.append(run.group(1).strip())
        if run.group(2).strip():
            out.append(run.group(2).strip())
    return out


@lru_cache(maxsize=65536)
def _is_debris(text: str) -> bool:
    """Figure axes and tables read column by column are not statements: mostly digits, or mostly
    one- and two-letter fragments ("5000 4000 3000", "31. marts 1. april 2. april …"); a cell whose
    value a spreadsheet printed as "#######" (too wide for its column) states nothing, nor do an
    agenda item's empty parts ("Kommunikation Ingen bemærkninger Bilag") nor a caption."""
    line = text.strip()
    if _LINK.search(line) and len(_LINK.sub(" ", line).split()) <= 2:
        return True  # links (and a label): "https://…", "Læs mere: www.…"
    if _FOOTNOTE_SOURCE.match(line):
        return True  # a footnote's source at a page's foot: "3 World Health Organization."
    if line.count(" | ") >= 2 and ":" not in line and not _BARE_NUMBER.search(line):
        return True  # a table's header row (its column names, no values): "Antal pladser | Aktuelt | …"
    # (a row ingest read with its headers may list a cell's years' amounts: "beløb: 20000 40000 …")
    if _CAPTION.search(line) or _CAPTION_LABEL_END.search(line) or (" | " not in line and _NUMBER_RUN.search(line)):
        return True
    tokens = [t for t in _OVERFLOW.sub(" ", text).split() if t != "|"]
    if not tokens:
        return True
    if _NOTHING_TO_NOTE.search(text):
        rest = _NOTHING_TO_NOTE.sub(" ", text).split()
        if len(rest) <= 4 and all(w[:1].isupper() for w in rest):
            return True
    visible = sum(len(t) for t in tokens)
    letters = sum(map(str.isalpha, text))
    numeric = sum(1 for t in tokens if not any(ch.isalpha() for ch in t))
    return letters < 0.5 * visible or numeric > 0.5 * len(tokens)


def _cut_off(piece: str) -> bool:
    """A piece that is the middle of something cut at a chunk's or a page's edge: it opens with a
    small letter (after a dash or bullet: "af ventetiden til udredning …", the end of a sentence
    begun in another chunk) or ends on a comma. Quoted whole it says nothing."""
    opening = piece.lstrip("".join(_BULLETS) + " \t")
    return opening[:1].islower() or piece.rstrip().endswith((",", ";"))


def _lead_in(page: dict, start: int) -> str:
    """The start of the sentence a chunk begins inside of (chunks overlap and are cut at any
    word), taken from the page, so that no quote begins mid-sentence ("indsatser, som gradvist …")."""
    rel = start - int(page["offset"])
    text = str(page["text"])
    if rel <= 0 or rel > len(text) or not text[rel:rel + 1].islower():
        return ""
    window = text[max(0, rel - _MAX_LEAD_IN):rel]
    ends = [m for m in _SENTENCE_BREAK.finditer(window) if not runs_on(window[:m.start() + 1], window[m.end():])]
    if ends:
        return window[ends[-1].end():]
    # No break before it: the sentence opens the page (when the page opens with a capital).
    return window if rel <= _MAX_LEAD_IN and window[:1].isupper() else ""


def _lead_out(page: dict, end: int) -> str:
    """The rest of the sentence a chunk ends inside of, taken from the page as ``_lead_in`` takes its
    start, so that no quote stops mid-sentence ("En evaluering fra 2021 peger på, at" / "de særlige
    pladser …"). Only a sentence that goes on in small letters is completed: a line that a capital
    opens after the chunk's end is a heading or a new sentence ("… den 8. maj 2013" / "Beslutning i
    udvalget …"), not the rest of this one. Nothing either when no sentence end follows within reach."""
    rel = end - int(page["offset"])
    text = str(page["text"])
    if rel <= 0 or rel >= len(text) or text[rel - 1].isspace() or text[rel - 1] in _TERMINAL \
            or not text[rel:rel + 40].lstrip()[:1].islower():
        return ""
    window = text[rel:rel + _MAX_LEAD_IN]
    for m in _SENTENCE_BREAK.finditer(window):
        if not runs_on(window[:m.start() + 1], window[m.end():]):
            # up to the full stop, or up to the blank line or bullet that ends the block
            return window[:m.start() + 1] if m.group(0)[:1] in ".!?:" else window[:m.start()]
    return ""


def _header_row(piece: str) -> tuple[str, str]:
    """A piece's opening lines up to a case number on a line of its own (an agenda row), and the rest."""
    match = _ROW_END.search(piece[:_MAX_QUOTE_CHARS])
    row = normalise(piece[:match.end()]) if match else ""
    return (row, piece[match.end():]) if match and len(row) >= _MIN_SENTENCE_CHARS else ("", piece)


# A line ending in a conjunction or preposition carries its sentence on ("… Faaborg Midtfyn Kommune og" /
# "Roskilde Kommune."): no heading ends so.
_CARRIES_ON = re.compile(r"\b(?:og|eller|samt|i|på|til|for|af|med|at|en|et|der|som|om|fra|ved|hos|mellem)\s*$")


def ends_block(line: str, next_line: str) -> bool:
    """Whether a short unpunctuated line ends its block (a heading, a name, a table cell) because
    the next line opens with a capital and nothing carries the sentence on."""
    return next_line.lstrip()[:1].isupper() and len(line) < 70 and \
        not line.rstrip().endswith((".", ",", ";", ":", "-", "–")) and not _CARRIES_ON.search(line)


def _blocks(piece: str, headings: frozenset[str] = frozenset()) -> list[str]:
    """Cut after heading lines (short, unpunctuated, followed by a capital) so that a heading
    such as "Videre proces og næste møde" is not glued to the sentence under it. A line that is
    one of the passage's own ``headings`` and labels what stands under it (``_is_heading``) is cut
    after however long it is: a decision's heading
    ("Beslutning i Udvalget for Havn, Kyst og Kultur (HKK) den 12-05-2024") or a figure's
    caption runs past the length a heading is otherwise known by, and glued to the sentence
    under it, it was quoted as that sentence's first words. So is a caption or source line
    that ends in a year, a heading of the passage or not (``_is_dated_caption``)."""
    lines = piece.split("\n")
    blocks: list[str] = []
    current: list[str] = []
    known = {" ".join(h.split()) for h in headings}
    for i, line in enumerate(lines):
        current.append(line)
        following = lines[i + 1] if i + 1 < len(lines) else ""
        opens = following.lstrip()[:1]  # a capital or a number opens what stands under a heading
        flat = " ".join(line.split()) if opens.isalnum() and not opens.islower() else ""
        if ends_block(line, following) or (flat and (_is_heading(flat, known) or _is_dated_caption(flat))):
            blocks.append("\n".join(current))
            current = []
    if current:
        blocks.append("\n".join(current))
    return blocks


def _is_heading(line: str, headings: set[str]) -> bool:
    """Whether ``line`` (its spaces collapsed, as ``headings``') is one of ``headings`` (or the last
    line of one that wrapped: three words or more) that labels what stands under it rather than saying it: one ending in a date or number
    (a decision's "… den 12-05-2024") or a figure's or table's caption. A numbered recommendation's
    or item's title ("7. En styrket indsats for …") stays with its first sentence: it is what the
    sentence is the recommendation of, and the quote that says so. A dated decision or proposal
    heading is one wherever it stands in the passage (search reads it so too): minutes repeat an
    item's earlier decisions, each under its own "Beslutning i … den …", and only the passage's
    first heading is in its section path."""
    if not line or line[-1] in ".,;:!?-–" or not (line[-1].isdigit() or _FIGURE_LABEL.match(line)):
        return False
    if line[-1].isdigit() and (DECIDED_HEADING.match(line) or PROPOSAL_HEADING.match(line)):
        return True
    return any(line == h or (len(line.split()) >= 3 and h.endswith(" " + line)) for h in headings)


_FIGURE_LABEL = re.compile(r"(?:figur|fig\.|tabel|figure|table|diagram|graf)\s*\d", re.I)
_ENDS_WITH_YEAR = re.compile(r"\b(?:19|20)\d\d\)?$")


def _is_dated_caption(line: str) -> bool:
    """A line (its spaces collapsed) that is a figure's or table's caption or source line ("Figur 3:
    …", "Kilde: …", "Figurer fra …, opdateret 3. februar 2026") that ends in a year: it ends there,
    however long (a report's text goes on under it with a capital, and glued to it, the first
    sentence after a figure was quoted as "Figurer fra … 2020 Det samlede antal …"). One that does not end in a year may have wrapped
    ("… udarbejdet af Hedeby Kommunes\nsundhedsafdeling"): it is left whole. The line stays
    quotable where it was: a question may ask for a figure's source."""
    return bool(_CAPTION_OR_SOURCE.match(line) and _ENDS_WITH_YEAR.search(line))


def _split_by_page(text: str, start: int, pages: list[dict]) -> list[tuple[dict, str]]:
    if len(pages) <= 1:
        return [(pages[0], text)] if pages else []
    out = []
    for i, page in enumerate(pages):
        lo = max(int(page["offset"]) - start, 0)
        hi = (int(pages[i + 1]["offset"]) - start) if i + 1 < len(pages) else len(text)
        if hi > lo:
            out.append((page, text[lo:hi]))
    return out


def _rescore_dense(candidates: list[_Sentence], question: str, embedder: Embedder, ranked: list[Ranked],
                   vectors: SentenceVectors | None = None) -> list[_Sentence]:
    """No sentence shares a word with the question (an English question): let the model choose, by
    the sentences' kept vectors when the index has them (else each is embedded now)."""
    pool = [s for s in candidates if s.rank <= 1][:24]
    if not pool:
        return candidates
    sims = _kept_cosines(pool, ranked, vectors) if vectors is not None else None
    if sims is None:
        question_vector = vectors.question if vectors is not None else embedder.query(question)
        sims = embedder.passages([s.text for s in pool]) @ question_vector
    return [replace(s, score=float(sim) - 0.02 * s.rank)
            for s, sim in zip(pool, np.asarray(sims).tolist())]


def _kept_cosines(pool: list[_Sentence], ranked: list[Ranked], vectors: SentenceVectors) -> np.ndarray | None:
    """Each sentence's cosine with the question from its passage's kept vectors; None when a passage has none."""
    sims = np.zeros(len(pool))
    for rank in {s.rank for s in pool}:
        at = [i for i, s in enumerate(pool) if s.rank == rank]
        near = vectors.cosines(ranked[rank].hit, [pool[i].text for i in at])
        if near is None:
            return None
        sims[at] = near
    return sims


# A pointer to where something is said, not a statement: "Se uddybning side 4 til 9 i notatet",
# "Indsatsen for ældre beskrives nærmere i kapitel 7.", "På intranettet kan findes en oversigt fra marts 2021".
POINTER = re.compile(r"^\W*se\s+(?:uddybning|nærmere|side|s\.|kapitel|afsnit|boks|figur|tabel|bilag)\b|"
                     r"\b(?:beskrives|uddybes|omtales|gennemgås)\s+(?:nærmere\s+|yderligere\s+)?i\s+"
                     r"(?:kapitel|afsnit|bilag|boks|appendiks)\b|"
                     r"\bkan\s+findes\s+(?:en\s+)?(?:oversigt|materiale)", re.I)
# A question asking where something is shown or said ("hvilken figur viser …", "i hvilket bilag …"):
# a pointer answers it.
_ASKS_WHERE_SAID = re.compile(r"\b(?:figur|tabel|bilag|kapit(?:el|l)|afsnit|boks|appendiks|figure|table|chapter|"
                              r"section|annex|appendix)\w*", re.I)


def _choose(candidates: list[_Sentence], model: LinearModel | None = None,
            pointers: bool = False, near: Callable[[list[_Sentence]], np.ndarray | None] | None = None,
            ) -> list[_Sentence]:
    """The answer's sentences: the lead passage's best (by ``model`` when one is fitted, ``near``
    giving each of its sentences' cosine with the question), then any nearly as good."""
    if not candidates:
        return []
    ordered = sorted(candidates, key=lambda s: s.score, reverse=True)
    top = ordered[0]
    # The answer leads with the best passage: retrieval ranked it first with the dense model and
    # the question's metadata (a named recommendation, the newest status), which word overlap
    # alone cannot see. Its best sentence opens the answer, even when the words favour another.
    # A pointer ("Se figur 3 for fordelingen …") leads only where the question asks where something is
    # shown (``pointers``): it says where the answer stands, not what it is.
    lead = next((s for s in ordered if s.rank == 0 and (pointers or not POINTER.search(s.text))),
                next((s for s in ordered if s.rank == 0), top))
    if model is not None:
        # Which of the passage's sentences answers: the fitted sentence model (`arkiv train`).
        first = [s for s in candidates if s.rank == lead.rank]
        cosines = near(first) if near is not None else None
        lead = first[int(np.argmax(model.score(sentence_rows(first, cosines))))]
    chosen = [lead]
    for s in ordered:
        if len(chosen) >= _MAX_SENTENCES:
            break
        if s.text in {c.text for c in chosen}:
            continue
        # Another sentence must be nearly as good as the best one anywhere; from another passage
        # it also brings in another document or section (a recommendation and its decision).
        if s.score >= 0.75 * top.score and s.score > 0:
            chosen.append(s)
    return [chosen[0]] + sorted(chosen[1:], key=lambda s: (s.rank, candidates.index(s)))


def _attendance_first(chosen: list[_Sentence], candidates: list[_Sentence]) -> list[_Sentence]:
    """Asked who attended, the answer opens with the best-ranked passage's attendance block: the
    names under "Til stede" and "Afbud" are the answer, a sentence about the meeting's items is not,
    so it is left out (another quoted attendance block, of another meeting, stays)."""
    blocks = sorted((s for s in candidates if "attendance" in s.states), key=lambda s: (s.rank, -s.score))
    if not blocks:
        return chosen
    lead = chosen[0] if chosen and "attendance" in chosen[0].states else blocks[0]
    return [lead, *(s for s in chosen if "attendance" in s.states and s.text != lead.text)][:_MAX_SENTENCES]


def _case_line_first(chosen: list[_Sentence], candidates: list[_Sentence]) -> list[_Sentence]:
    """Asked for a case number, the answer opens with the line that labels one ("Sagsnr.: 2011-29939"
    under the item the question describes: the best-scoring such line) when its first quote gives none."""
    if not chosen or "case" in chosen[0].states:
        return chosen
    lines = [s for s in candidates if _case_line(s.text)]
    if not lines:
        return chosen
    best = max(lines, key=lambda s: s.score)
    return [best] + [s for s in chosen if s.text != best.text][:_MAX_SENTENCES - 1]


def _with_row_fact(chosen: list[_Sentence], candidates: list[_Sentence], asked: tuple[str, ...]) -> list[_Sentence]:
    """A table row is one record: the question's words find the cells that name it (applicant,
    project) and the asked-for fact stands in another run of the same row (the amount granted).
    When the answer's first quote is such a run without the fact, the run of its row that states
    it is quoted next."""
    if not chosen or not asked or not chosen[0].record or chosen[0].states.intersection(asked):
        return chosen
    lead = chosen[0]
    fact = next((s for s in candidates if s.record == lead.record and s.text != lead.text
                 and s.states.intersection(asked)), None)
    if fact is None:
        return chosen
    return [lead, fact] + [s for s in chosen[1:] if s.text != fact.text][:_MAX_SENTENCES - 2]


def _stating_first(chosen: list[_Sentence], states: Callable[[_Sentence], bool]) -> list[_Sentence]:
    """Asked how many, when or what it costs, the answer opens with a quoted sentence that ``states``
    that fact about the question's subject when its first quote states none ("Regionen har opgjort
    sine intensivpladser …" before "… kan mobilisere 120 intensivpladser med respirator"). A
    table row's run that names the record keeps its place before the run of the same row that states
    the fact (``_with_row_fact``): the row is read as one record, its name first."""
    lead = chosen[0].record
    stating = next((s for s in chosen[1:] if s.coverage >= _FACT_COVERAGE and not (lead and s.record == lead)
                    and states(s)), None)
    return chosen if stating is None else [stating] + [s for s in chosen if s is not stating]


def _asked_subject(intent: QueryIntent, q_terms: set[str], ranked: list[Ranked],
                   analyzer: DanishAnalyzer) -> frozenset[str]:
    """What an amount or a number asked for must be about (``_states_of``); none for an English question,
    whose words are not the Danish sentence's, or one asking for another kind of fact."""
    bound = _BOUND_KINDS.intersection(intent.answer_types)
    return _subject_terms(q_terms, ranked, analyzer) if bound and not intent.english else frozenset()


# A decision that only adopts the recommendation before it ("… har vedtaget Magistratens foranstående
# indstilling", "Indstillingen godkendt", "Som indstillet") says what was decided in the points it adopts.
_ADOPTS = re.compile(r"\b(?:foranstående|ovenstående)\s+indstilling|\b(?:indstillingen|indstillingerne)\s+(?:blev\s+|er\s+)?"
                     r"(?:godkendt|tiltrådt|vedtaget|fulgt)|\bsom\s+indstillet\b|\b(?:tiltræder|godkender|følger)\s+"
                     r"indstillingen", re.I)


_POSTPONED = re.compile(r"\budsat\b", re.I)  # "Punktet udsat" adopts nothing
# The recommendation's heading, or that of the points it puts to the vote ("Beslutningspunkter").
_POINTS = re.compile(rf"{PROPOSAL_HEADING.pattern}|^(?:beslutningspunkter|det indstilles:?)$", re.I)


def _adopts(s: _Sentence) -> bool:
    """Only adopts the recommendation ("… har vedtaget Magistratens foranstående indstilling",
    "Indstillingen godkendt", "Godkendt."); "Punktet udsat" adopts nothing."""
    return bool(_ADOPTS.search(s.text) or (_decision_line(s.text) and not _POSTPONED.search(s.text)))


def _points_adopted(chosen: list[_Sentence], candidates: list[_Sentence], ranked: list[Ranked],
                    asked: tuple[str, ...] = ()) -> list[_Sentence]:
    """Asked what was decided, when a quote of the answer only adopts the recommendation and the
    recommendation is not quoted: the recommendation's point of the same item leads ("at forslaget
    indgår i …"), the decision that adopted it follows, then the rest. A decision further down is
    brought up only when no kind of fact is ``asked`` ("hvornår besluttede …" is answered by its date)."""
    at = next((i for i, s in enumerate(chosen) if _adopts(s) and (i == 0 or not asked)), None)
    if at is None:
        return chosen
    adopting = chosen[at]
    item = item_key(ranked[adopting.rank].hit)
    if item[2] is None:
        return chosen
    quoted = " ".join(c.text for c in chosen)
    # (a sentence's heading is the line it stands under, else its passage's section heading: "Indstilling",
    # or the recommendation's own lead-in line, "Centret indstiller, at A):")
    points = [s for s in candidates if s.text not in quoted and item_key(ranked[s.rank].hit) == item
              and (_POINTS.match(s.heading) or _PROPOSES.search(s.heading))]
    if not points:
        return chosen
    best = max(points, key=lambda s: (s.coverage, s.score))
    return [*_completed([best]), adopting, *(s for i, s in enumerate(chosen) if i != at)][:_MAX_SENTENCES]


# A recommendation put to the meeting: "Forvaltningen indstiller, at …", "Det indstilles, at …".
_PROPOSES = re.compile(r"\bindstiller\b|\bdet\s+indstilles\b|\bindstilles\s+det\b", re.I)


def _records_decision(s: _Sentence) -> bool:
    return bool(DECIDED.search(s.text) or _decision_line(s.text) or DECIDED_HEADING.match(s.heading))


def _decision_recorded(chosen: list[_Sentence], candidates: list[_Sentence], ranked: list[Ranked]) -> list[_Sentence]:
    """Asked what was decided, when the answer's first sentence is the item's recommendation and no
    quote records the decision: the decision recorded on it in the same item ("Indstillingen
    godkendt") follows it. A recommendation alone does not say whether it was followed."""
    if not chosen or any(_records_decision(s) for s in chosen):
        return chosen
    lead = chosen[0]
    if not (_POINTS.match(lead.heading) or _PROPOSES.search(lead.text)):
        return chosen
    item = item_key(ranked[lead.rank].hit)
    if item[2] is None:
        return chosen
    quoted = " ".join(c.text for c in chosen)
    decisions = [s for s in candidates if s.text not in quoted and item_key(ranked[s.rank].hit) == item
                 and _records_decision(s) and not _PROPOSES.search(s.text)]
    if not decisions:
        return chosen
    # the item's last decision when it was decided at several meetings (each under its own dated heading)
    best = max(decisions, key=lambda s: (s.days[-1] if s.days else "", s.rank == lead.rank, s.score))
    return [lead, *_completed([best]), *chosen[1:]][:_MAX_SENTENCES]


def _leads_in(text: str) -> bool:
    """Too short to stand alone before the sentence after it, or leading into it with a colon."""
    return len(text) < _MIN_SENTENCE_CHARS or text.endswith(":")


def _completed(chosen: list[_Sentence]) -> list[_Sentence]:
    """Extend each quote with the sentence after it when short enough and not quoted already:
    an answer usually needs the sentence that follows the best-matching one. A chosen sentence
    that follows an earlier chosen one joins it, and so does a short one or a colon's lead-in that
    stands just before an earlier chosen one ("Punktet blev drøftet." before "Sagen genoptages …",
    "Godkendt med denne bemærkning:" before the remark): one quote, as on the page, not two."""
    out: list[_Sentence] = []
    quoted: set[str] = set()
    for c in chosen:
        if c.text in quoted:
            continue  # already quoted with the sentence before it
        text = c.text
        quoted.add(c.text)
        at = next((j for j, o in enumerate(out) if c.following and o.rank == c.rank and o.page == c.page
                   and o.text.startswith(c.following)), None) if _leads_in(text) else None
        if at is not None and len(text) + len(out[at].text) < _MAX_QUOTE_CHARS:
            out[at] = replace(out[at], text=f"{text} {out[at].text}")
            continue
        if c.following and c.following not in quoted and len(text) + len(c.following) < _MAX_QUOTE_CHARS:
            text = f"{text} {c.following}"
            quoted.add(c.following)
        out.append(replace(c, text=text, following=""))
    return out


def _history(citations: list[Citation], ranked: list[Ranked]) -> list[str]:
    """Status questions: the earlier dated passages among the candidates, newest first."""
    newest = max((c.date or "" for c in citations), default="")
    seen: set[tuple[str, str]] = set()
    out: list[str] = []
    for r in ranked[:10]:
        p = r.hit.payload
        date = p.get("date") or ""
        key = (date, p["document"])
        if not date or date >= newest or key in seen:
            continue
        seen.add(key)
        out.append(f"{danish(date)}: {_short_title(p['title'])}, s. {p['page_label']} ({p.get('section') or 'uden afsnit'})")
    return sorted(out, reverse=True)[:4]


def _short_title(title: str) -> str:
    return title if len(title) <= 70 else title[:69].rstrip() + "…"
