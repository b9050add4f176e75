"""The course of a matter through the documents: every passage that says something dated about a
topic, in date order, one entry per statement with all the places it stands.

Which passages belong is decided by search's candidates for the topic (the same ranking as /ask)
and, for each, the evidence /ask's "found" weighs — how close the model puts the passage to the
topic, read in the model's own cosine band, and how much of the topic's rare words it holds —
at least ``relevance``; it must also have a statement: a sentence that names a time of its own,
or one about the topic that records a decision, recommendation, amount, plan or status, or one of
minutes or an agenda that names the topic (one per item: the matter was discussed that day) (up to
``per_passage`` of them, timed ones first). A passage that only mentions the topic in passing is
far from it for the model and stays out. A report dated only by its year gives one statement per
recommendation or section. Each entry quotes its sentence whole and verbatim: a fragment /ask's
splitter cut at an abbreviation or a chunk's edge ("… møde d." / "13.30, hvor …") is completed
from the page, or left out when its start is on the page before; a row of an attachment list, a
link, a table of contents or letter-spaced heading is no statement (checked against its page, as
/ask's quotes are).

The entry's date is the date the sentence itself states when it speaks of another time ("i 2025",
"fra 1. januar 2025"; ``date_source="stated"``), otherwise the meeting's date of its agenda item or
decision (``"meeting"``), otherwise the document's date (``"document"``); undated passages are
left out, and so is a report's background prose dated only by its cover's year (no event in the
matter's course; a note dated to the day states how things stood that day). The kind of statement is read from the sentence and its section: decision,
recommendation, money, plan (an expectation or a time ahead), status, or else discussion.
The same statement in two documents (minutes enclosed again in a later agenda, a recommendation
in the summary and in its chapter) is one entry with both sources.

``build_timeline(model=…)`` chooses the statements with a fitted model instead of the rule; it is
measured by ``python -m evals.timeline --fit`` and not shipped (not better than the rule yet).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np

from api.answer import (POINTER, STATES, _danish_page, _foreign, confidence, contact_block, ends_block, normalise,
                        quotable_sentences, verify_quote)
from api.query import QueryIntent, content_terms, read_intent
from api.rank import LinearModel
from api.search import DECIDED, Ranked
from index.calibrate import DEFAULT_BAND, CosineBand
from ingest.dates import DATE_LABEL, DAY_DATE, days_without_year, find_dates, first_month, label_date
from ingest.headings import BARE_CASE_NUMBER
from ingest.sentences import ends_with_abbreviation

KINDS = ("decision", "recommendation", "money", "plan", "status", "discussion")
PER_PASSAGE = 3  # statements taken from one passage (chosen with RELEVANCE, see evals/timeline.py)
# Passages of search's candidates read (chosen with RELEVANCE, see evals/timeline.py): further down
# the list a passage that clears the relevance bar speaks of the topic's words, rarely of its course.
DEPTH = 10
DATED_COVERAGE = 0.5  # a dated sentence with no topic word speaks of the topic at this IDF coverage (README: Timeline)
RELEVANCE = 0.5  # /ask's evidence for the passage alone (chosen with DEPTH, see evals/timeline.py)
_YEAR_AHEAD = re.compile(r"\b(?:i|fra|inden|senest|frem\s+mod|til|(?:med|ved)\s+udgangen\s+af|primo|medio|ultimo|"
                         r"efter|før|by|from|in|until)\s+(?:\w+\s+){0,2}?((?:19|20)\d\d)\b(?!\s*\))", re.I)
_PLAN = re.compile(r"\b(forvent\w*|ventes|planlæg\w*|planen\s+er|skal\s+(?:etableres|implementeres|være|have)|vil\s+blive|"
                   r"påbegyndes|igangsættes|træder\s+i\s+kraft|expected|planned|will\s+be)\b", re.I)
_STATUS = re.compile(r"\b(status|er\s+(?:nu\s+)?(?:i\s+gang|etableret|igangsat|afsluttet|påbegyndt|forsinket)|afventer|"
                     r"har\s+påbegyndt|arbejder\s+(?:på|med|for)|er\s+under\s+udarbejdelse|pt\.|p\.t\.)\b", re.I)
_RECOMMENDS = re.compile(r"\b(anbefal\w*|recommend\w*)\b", re.I)
_MEETING_KINDS = frozenset({"minutes", "agenda"})  # documents whose passages are dated by their meeting
_SAME_STATEMENT = 0.8  # word overlap (Jaccard) at which two quotes are one statement
# … and at which two quotes of the same date on different pages tell one event in other words
# ("I 2014 indgik regionerne … partnerskabsaftaler …" in a chapter, "Der blev desuden i 2014
# indgået … partnerskabsaftaler …" in the summary); on one page two sentences are two statements.
_SAME_EVENT = 0.45
_MAX_SENTENCE = 480  # characters looked at either side of a fragment for its sentence's start and end
_WORD_START = re.compile(r"(?<!\S)\S")
_ATTACHMENT = re.compile(r"^\W*bilag\b|\(\s*bilag\s*\d|^\W*se\s+(?:vedlagte|vedhæftede|bilag)\b", re.I)
_FILE_NUMBER = re.compile(r"\b\d{3,}/\d{2,4}\b|" + BARE_CASE_NUMBER.pattern)  # journal and case numbers of a list's rows
_LINK = re.compile(r"https?://|www\.", re.I)
# A meeting's header row read as one line: "Emne Møde i styregruppen Mødedato 3. maj 2021 kl. 10-12 Sted …".
_HEADER_LABEL = re.compile(r"(?<!\w)(?:Emne|Mødedato|Mødested|Sted|Deltagere|Referent|Tidspunkt|Afbud|Fraværende)(?!\w)")
# A letter's or note's contact block (``api.answer.contact_block``), or any line giving an e-mail
# address: whom to write to, no event.
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")
_LEADER = re.compile(r"\.{5,}|…{2,}|(?:\. ){4,}")
_SPACED = re.compile(r"(?:\b\w ){4,}\w\b")


@dataclass(frozen=True)
class Place:
    doc_id: str
    document: str
    title: str
    body: str
    page: int
    page_label: str
    section: str


@dataclass
class Entry:
    date: str
    date_source: str  # "stated" | "meeting" | "document"
    kind: str
    quote: str
    places: list[Place]
    score: float
    _words: frozenset[str] = field(default=frozenset(), repr=False)


@dataclass
class Timeline:
    topic: str
    entries: list[Entry]


TIMELINE_FEATURES = (
    "relevance",        # /ask's evidence for the passage alone (cosine in the model's band, rare topic words)
    "rank",             # the passage's place among search's candidates, 0 (best) to 1
    "coverage",         # topic words in the sentence, its neighbour and its heading (IDF-weighted)
    "names_topic",      # the sentence itself carries a topic word
    "heading_names",    # the section heading carries a topic word
    "decision", "recommendation", "money", "plan", "status",  # the kind of statement (else discussion)
    "states_time",      # it names a time of its own ("i 2025", a date)
    "meeting_doc",      # minutes or an agenda (dated by a meeting) rather than a report
    "length",           # log of the sentence's length
)


_STATES_TIME = TIMELINE_FEATURES.index("states_time")
_MEETING_DOC = TIMELINE_FEATURES.index("meeting_doc")
_NAMES_TOPIC = TIMELINE_FEATURES.index("names_topic")
_HEADING_NAMES = TIMELINE_FEATURES.index("heading_names")
_EVENT_KINDS = tuple(TIMELINE_FEATURES.index(k) for k in ("decision", "recommendation", "money", "plan", "status"))


@dataclass
class Candidate:
    """A quotable statement of one of search's passages for the topic, with what the model weighs."""

    sentence: object  # api.answer._Sentence
    ranked: Ranked
    features: np.ndarray
    date: str | None = None
    date_source: str = ""
    kind: str = "discussion"


def candidates(topic: str, ranked: list[Ranked], pages_of, analyzer, idf=None,
               band: CosineBand = DEFAULT_BAND, intent: QueryIntent | None = None) -> list[Candidate]:
    intent = intent or read_intent(topic)
    q_terms = content_terms(topic, analyzer)
    weight = idf or (lambda term: 1.0)
    out: list[Candidate] = []
    relevance = [relevance_of(r, intent, q_terms, analyzer, idf, band) for r in ranked]
    for s in _whole_sentences(quotable_sentences(ranked, pages_of, q_terms, analyzer, intent, weight), ranked, pages_of):
        r = ranked[s.rank]
        payload = r.hit.payload
        path = payload.get("section_path") or [""]
        heading = normalise(" ".join(path))
        if not _states_something(s.text, heading):
            continue
        kind = statement_kind(s.text, str(path[-1]), payload.get("recommendation"))
        date, source = _dating(s.text, payload)
        # a time of its own: one the entry is dated by ("Oktober 2022", "1. juli 2024"), or any it names
        stated = source == "stated" or bool(find_dates(s.text) or DAY_DATE.search(s.text) or _YEAR_AHEAD.search(s.text)
                                            or DATE_LABEL.match(s.text))
        out.append(Candidate(s, r, date=date, date_source=source, kind=kind, features=np.array([
            relevance[s.rank], s.rank / max(len(ranked) - 1, 1), s.coverage,
            float(bool(q_terms & set(analyzer.terms(s.text)))), float(bool(q_terms & set(analyzer.terms(heading)))),
            *(float(kind == k) for k in ("decision", "recommendation", "money", "plan", "status")),
            float(stated), float(payload.get("kind") in _MEETING_KINDS), math.log(1 + len(s.text)),
        ])))
    return out


def _whole_sentences(sentences: list, ranked: list[Ranked], pages_of) -> list:
    """/ask's quotable sentences made whole statements: each completed to its sentence on the page
    (a fragment cut at an abbreviation or a chunk's edge is no quote), without the ones that are
    no statement (a row of an attachment list, a link, letter-spaced or dotted lines), each once per passage."""
    texts: dict[tuple[str, int], str] = {}
    out, seen = [], set()
    for s in sentences:
        doc = ranked[s.rank].hit.doc_id
        if (doc, s.page) not in texts:
            texts.update({(doc, int(p["number"])): str(p["text"]) for p in pages_of(doc)})
        headings = frozenset(normalise(h) for h in ranked[s.rank].hit.payload.get("section_path") or [] if h)
        page = texts.get((doc, s.page), "")
        text = whole_sentence(s.text, page, headings)
        if text is None or len(text) > 2 * _MAX_SENTENCE or not _is_statement(text) or (s.rank, s.page, text) in seen:
            continue
        if _foreign(text) and _danish_page(page):
            continue  # (completed) an English reference on a Danish page: /ask leaves them out too
        seen.add((s.rank, s.page, text))
        out.append(s if text == s.text else replace(s, text=text))
    return out


def _is_statement(text: str) -> bool:
    """Not a row of a list of attachments or documents ("Bilag 1 Åben Opsamlingsnotat.", "Se vedlagte
    slides (bilag 2)", "Temamøde 20.09.2012 222359/12 2 Åben …"), a link, a table of contents or
    letter-spaced heading text ("R E F E R A T"), a meeting's header row or a contact block."""
    return not (_ATTACHMENT.search(text) or len(_FILE_NUMBER.findall(text)) >= 2 or _LINK.search(text)
                or _LEADER.search(text) or _SPACED.search(text) or POINTER.search(text)
                or len(set(_HEADER_LABEL.findall(text))) >= 2 or contact_block(text)
                or _EMAIL.search(text))


def build_timeline(topic: str, ranked: list[Ranked], pages_of, analyzer, idf=None,
                   band: CosineBand = DEFAULT_BAND, relevance: float = RELEVANCE,
                   per_passage: int = PER_PASSAGE, model: LinearModel | None = None, depth: int = DEPTH,
                   intent: QueryIntent | None = None) -> Timeline:
    """The timeline of ``topic`` from ``ranked`` (search's candidates for it, best first): with a
    fitted ``model`` its statements are those the model gives at least its threshold, else the
    rule (passage relevance ≥ ``relevance``, up to ``per_passage`` statements naming the topic)."""
    ranked = ranked[:depth]
    found = candidates(topic, ranked, pages_of, analyzer, idf, band, intent) if ranked else []
    return assemble(topic, choose(found, relevance, per_passage, model), pages_of, analyzer)


def choose(found: list[Candidate], relevance: float = RELEVANCE, per_passage: int = PER_PASSAGE,
           model: LinearModel | None = None) -> list[Candidate]:
    """The statements of ``found`` that go into the timeline: those ``model`` gives at least its
    threshold, or without a model those the rule selects."""
    if model is not None:
        if not found:
            return []
        p = model.score(np.vstack([c.features for c in found]))
        return [c for c, pi in zip(found, p) if pi >= (model.threshold or 0.5)]
    return select(found, relevance, per_passage)


def assemble(topic: str, chosen: list[Candidate], pages_of, analyzer) -> Timeline:
    """The timeline of the ``chosen`` statements: each verified on its page, repeats merged, in date order."""
    entries: list[Entry] = []
    for c in chosen:
        if verify_quote(c.sentence.text, c.sentence.page, c.ranked.hit.doc_id, pages_of):
            _add(entries, c, analyzer)
    entries.sort(key=lambda e: (e.date, -e.score))
    return Timeline(topic, entries)


def select(found: list[Candidate], relevance: float, per_passage: int) -> list[Candidate]:
    """The rule: from each passage whose relevance is at least ``relevance``, up to ``per_passage``
    statements, those that name a time of their own first. A statement is one that names a time of
    its own, or one about the topic (its words or heading's) that records a decision, plan, status,
    amount or recommendation. A report dated only by its year gives one statement per
    recommendation or section (its summary and its chapter say the same thing)."""
    chosen, taken = [], Counter()
    for c in sorted(found, key=lambda c: (c.features[_STATES_TIME], c.sentence.coverage, c.sentence.score), reverse=True):
        rank = c.sentence.rank
        if c.features[0] < relevance or taken[rank] >= per_passage or not _is_event(c):
            continue
        group = _cover_group(c)
        if group is not None:
            if taken[group]:
                continue
            taken[group] += 1
        taken[rank] += 1
        chosen.append(c)
    return chosen


def _is_event(c: Candidate) -> bool:
    about = c.sentence.score > 0 and c.sentence.coverage > 0
    # a time of its own is an event of the topic only where it speaks of the topic: another row of a
    # long status passage is dated too
    named = bool(c.features[_NAMES_TOPIC] or c.features[_HEADING_NAMES]) or c.sentence.coverage >= DATED_COVERAGE
    # A meeting's sentence that names the topic is an event of its course too: the matter was on
    # that day's agenda (one per item: ``_cover_group``).
    return (bool(c.features[_STATES_TIME]) and named) or (about and any(c.features[i] for i in _EVENT_KINDS)) or \
        (about and _meeting_discussion(c) and bool(c.features[_NAMES_TOPIC]))


def _meeting_discussion(c: Candidate) -> bool:
    """A statement of minutes or an agenda, of no kind of its own and dated only by its meeting."""
    return c.kind == "discussion" and bool(c.features[_MEETING_DOC]) and not c.features[_STATES_TIME]


def _cover_group(c: Candidate) -> tuple | None:
    """(document, recommendation or section) for a statement dated only by its report's year, and
    (document, item, "meeting") for a meeting's discussion of the topic (its sentences tell one
    event: the item was discussed that day), else None."""
    p = c.ranked.hit.payload
    if _meeting_discussion(c):
        return c.ranked.hit.doc_id, p.get("section"), "meeting"
    if c.date_source != "document" or len(c.date or "") > 4:
        return None
    return c.ranked.hit.doc_id, p.get("recommendation") if p.get("recommendation") is not None else p.get("section")


def _add(entries: list[Entry], c: Candidate, analyzer) -> None:
    """Add the statement ``c``, or its place to the entry it repeats."""
    chosen, r, date, source = c.sentence, c.ranked, c.date, c.date_source
    payload = r.hit.payload
    if not date:
        return
    place = Place(r.hit.doc_id, str(payload.get("document", "")), str(payload.get("title", "")),
                  str(payload.get("body", "")), chosen.page, chosen.page_label, str(payload.get("section") or ""))
    words = frozenset(analyzer.terms(chosen.text))
    twin = next((e for e in entries if _jaccard(e._words, words) >= _SAME_STATEMENT or (
        e.date == date and _jaccard(e._words, words) >= _SAME_EVENT and not _stands_at(e, place))), None)
    if twin is not None:
        if not _stands_at(twin, place):
            twin.places.append(place)
        if date < twin.date:  # the statement's first appearance dates it
            twin.date, twin.date_source = date, source
        return
    if c.kind == "discussion" and source == "document" and len(date) <= 4:
        return  # a report's background prose, dated only by its cover's year, is no event in the matter's course
    entries.append(Entry(date, source, c.kind, chosen.text, [place], round(r.score, 4), words))


def _stands_at(entry: Entry, place: Place) -> bool:
    """The entry already has a place on that document's page."""
    return any(p.doc_id == place.doc_id and p.page == place.page for p in entry.places)


def _dating(text: str, payload: dict) -> tuple[str | None, str]:
    meeting = payload.get("date")
    if meeting == payload.get("doc_date") and payload.get("kind") not in _MEETING_KINDS:
        meeting = None  # a report's passages carry its own date, not a meeting's
    return entry_date(text, meeting, payload.get("doc_date"))


def relevance_of(r: Ranked, intent, q_terms: set[str], analyzer, idf, band: CosineBand) -> float:
    """/ask's evidence that a passage answers, for this passage alone: how close the model puts it
    to the topic (in the model's own cosine band) and how much of the topic's rare words it holds."""
    return confidence([r], intent, q_terms, analyzer, idf, band)


def entry_date(sentence: str, meeting: str | None, document: str | None) -> tuple[str | None, str]:
    """(date, where it came from) for a statement: a time it states, else its meeting's, else its document's."""
    own = meeting or document
    led = label_date(sentence)  # a timetable's entry: "Okt. 2013: Kulturkommune aktiviteter 2014 defineres"
    if led:
        return led, "stated"
    stated = find_dates(sentence)
    if stated and (not own or stated[0][:7] != own[:7]):
        return stated[0], "stated"
    # "d. 12. marts", "senest d. 25. marts": a day without its year, in the year of the passage's date
    unyeared = [d for d in days_without_year(sentence, own) if d not in stated and d != own] if own else []
    if unyeared:
        return unyeared[0], "stated"
    month = first_month(sentence)  # "offentliggjort i august 2024" in minutes of November
    if month and (not own or month != own[:7]):
        return month, "stated"
    year = _YEAR_AHEAD.search(sentence)
    if year and (not own or year.group(1) != own[:4]):
        return year.group(1), "stated"
    if meeting:
        return meeting, "meeting"
    if document:
        return document, "document"
    return None, ""


def statement_kind(sentence: str, section: str, recommendation: object) -> str:
    """What kind of statement a sentence is: its own words first, then its section's heading (an
    expectation recorded under "Beslutninger" is a plan; a sentence there with no other sign is
    part of the decision)."""
    if DECIDED.search(sentence):
        return "decision"
    if recommendation is not None or _RECOMMENDS.search(sentence):
        return "recommendation"
    if STATES["money"].search(sentence):
        return "money"
    if _PLAN.search(sentence):
        return "plan"
    if _STATUS.search(sentence):
        return "status"
    if section.startswith("Beslutning"):
        return "decision"
    return "discussion"


def _states_something(sentence: str, heading: str) -> bool:
    """A statement, not a heading: an agenda item's header row (title, officer, case number) or a
    line that repeats the section's own heading says nothing about the matter's course. A
    timetable's entry states its date's event without a full stop."""
    text = normalise(sentence)
    if text.lower() in heading.lower():
        return False
    return bool(re.search(r"[.!?:;»”\"]$", text)) or " | " in text or len(text) > 150 or bool(DATE_LABEL.match(text))


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def timeline_json(timeline: Timeline) -> dict:
    return {"topic": timeline.topic, "entries": [
        {"date": e.date, "date_source": e.date_source, "kind": e.kind, "quote": normalise(e.quote), "score": e.score,
         "sources": [vars(p) for p in e.places]} for e in timeline.entries]}


def whole_sentence(quote: str, page_text: str, headings: frozenset[str] = frozenset()) -> str | None:
    """The whole sentence of the page that ``quote`` is part of, whitespace-normalised: a fragment
    cut at an abbreviation ("… møde d." / "13.30, hvor …") or at a chunk's edge is completed from
    the page; None when its start is not on the page (the sentence began on the page before) or
    the quote is not found. A table row ("cell | cell") or a timetable's entry led by its date
    ("Okt. 2013: Kulturkommune aktiviteter 2014 defineres") is its own statement and is kept as it is.
    ``headings`` are the passage's section headings: a line that is one of them ends no sentence
    but stands before it ("Vurdering og videre tiltag" over "Vi forventer …")."""
    if " | " in quote or DATE_LABEL.match(quote):
        return quote
    words = quote.split()
    if not words:
        return None
    collapsed, where = _collapsed(page_text)
    at = collapsed.find(" ".join(words))
    if at < 0:
        return None
    start, end = where[at], where[at + len(" ".join(words)) - 1] + 1
    if not _starts_sentence(page_text, start, headings):
        floor = max(0, start - _MAX_SENTENCE)
        starts = [m.start() for m in _WORD_START.finditer(page_text, floor, start)]
        start = next((i for i in reversed(starts) if _starts_sentence(page_text, i, headings)), None)
        if start is None:
            return None  # its start is on the page before, or too far back to quote
    while True:  # a heading line the fragment was glued to ("Resumé", "Beslutning i … den 10-04-2013")
        brk = page_text.find("\n", start, end)
        nxt = _next_word(page_text, brk) if brk >= 0 else end
        if brk < 0 or nxt >= end or not _heading_line(page_text[start:brk], headings) or not page_text[nxt].isupper():
            break
        start = nxt
    if end < len(page_text.rstrip()) and not _starts_sentence(page_text, _next_word(page_text, end), headings):
        ceiling = min(len(page_text), end + _MAX_SENTENCE)
        ends = [m.start() for m in _WORD_START.finditer(page_text, end, ceiling)]
        stop = next((i for i in ends if _starts_sentence(page_text, i, headings)), None)
        end = stop if stop is not None else (ceiling if ceiling == len(page_text) else end)
    return normalise(page_text[start:end])


@lru_cache(maxsize=256)
def _collapsed(text: str) -> tuple[str, list[int]]:
    """``text`` with each run of white space as one space, and where each of its characters stands
    in ``text`` (a quote is looked up in a page this way: one regex per quote cost half the time)."""
    out: list[str] = []
    where: list[int] = []
    space = False
    for i, ch in enumerate(text):
        if ch.isspace():
            if not space and out:
                out.append(" ")
                where.append(i)
            space = True
        else:
            out.append(ch)
            where.append(i)
            space = False
    return "".join(out), where


def _next_word(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def _starts_sentence(text: str, i: int, headings: frozenset[str] = frozenset()) -> bool:
    """Whether a sentence (or a heading, a bullet, a paragraph) begins at ``text[i]``: after a full
    stop that ends no abbreviation, a blank line, a line that ends as a heading does, or the page's start."""
    if i >= len(text):
        return True
    first = text[i]
    lo = max(0, i - 200)  # enough of what comes before to read the line and word before
    before = text[lo:i].rstrip()
    gap = text[lo + len(before):i]
    if not before:
        if lo:
            return True  # a long run of blank space breaks any sentence
        return not first.islower()  # the page's first line: mid-sentence if it opens in lower case
    if first in "•➢▪":
        return True
    if first.islower() or first in ",;)":
        return False
    if "\n\n" in gap or (first in "-–" and "\n" in gap):
        return True
    last = before[-1]
    if last in ".!?":
        token = before.rsplit(None, 1)[-1].rstrip(".!?").lower()
        if last == "." and ends_with_abbreviation(before):
            return False  # "d. 24. april", "kl. 13.30", an initial
        return not (first.isdigit() and token.isdigit())  # "den 23. 8." is no end
    if last in ":":
        return True
    if "\n" in gap:
        # a line break: a new sentence when the line before ends as a heading or a row does (no
        # lower-case word or comma carrying the sentence on), unless a number follows a wrapped line
        line = before.rsplit("\n", 1)[-1]
        # /ask's pieces end there too (a cell or name line above a capital): a quote never spans it
        return _heading_line(line, headings) or ends_block(line, text[i:i + 1]) or \
            not (last.islower() or last in ",-–(" or (first.isdigit() and last.isalpha()))
    return False


def _heading_line(line: str, headings: frozenset[str] = frozenset()) -> bool:
    """A line that is a heading, not part of a sentence: unpunctuated and either one of the
    passage's section headings (or the start or end of one: a heading wraps, and a numbered
    item's label adds "Punkt"), ending in a date or number ("Beslutning i Udvalget … den
    10-04-2013") or one or two words ("Resumé", "Indstilling")."""
    line = " ".join(line.split())
    if not line or line[-1] in ".,;:!?-–" or not line[0].isupper():
        return False
    if any(line == h or (len(line) >= 8 and (h.startswith(line) or h.endswith(line))) for h in headings):
        return True
    return line[-1].isdigit() or len(line.split()) <= 2
