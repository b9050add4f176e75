"""The course of a matter through the documents: every passage that says something dated about a
topic, in date order, one entry per statement with all the places it stands.

Which passages belong is decided by search's candidates for the topic (the same ranking as /ask)
and, for each, the evidence /ask's "found" weighs — how close the model puts the passage to the
topic, read in the model's own cosine band, and how much of the topic's rare words it holds —
at least ``relevance``; it must also have a quotable sentence about the topic. A passage that
only mentions the topic in passing is far from it for the model and stays out.
Each entry quotes that sentence verbatim (checked against its page, as /ask's quotes are).

The entry's date is the date the sentence itself states when it speaks of another time ("i 2025",
"fra 1. januar 2025"; ``date_source="stated"``), otherwise the meeting's date of its agenda item or
decision (``"meeting"``), otherwise the document's date (``"document"``); undated passages are
left out. The kind of statement is read from the sentence and its section: decision,
recommendation, money, plan (an expectation or a time ahead), status, or else discussion.
The same statement in two documents (minutes enclosed again in a later agenda, a recommendation
in the summary and in its chapter) is one entry with both sources.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from api.answer import STATES, confidence, normalise, quotable_sentences, verify_quote
from api.query import content_terms, read_intent
from api.search import DECIDED, Ranked
from index.calibrate import DEFAULT_BAND, CosineBand
from ingest.dates import find_dates

KINDS = ("decision", "recommendation", "money", "plan", "status", "discussion")
PER_PASSAGE = 1  # statements taken from one passage (chosen with RELEVANCE, see evals/timeline.py)
RELEVANCE = 0.5  # /ask's evidence for the passage alone (chosen on evals/timeline.jsonl, see evals/timeline.py)
_YEAR_AHEAD = re.compile(r"\b(?:i|fra|inden|senest|frem\s+mod|til|med\s+udgangen\s+af|primo|medio|ultimo|"
                         r"efter|før|by|from|in|until)\s+(?:\w+\s+){0,2}?((?:19|20)\d\d)\b(?!\s*\))", re.I)
_PLAN = re.compile(r"\b(forvent\w*|ventes|planlæg\w*|planen\s+er|skal\s+(?:etableres|implementeres|være|have)|vil\s+blive|"
                   r"påbegyndes|igangsættes|træder\s+i\s+kraft|expected|planned|will\s+be)\b", re.I)
_STATUS = re.compile(r"\b(status|er\s+(?:nu\s+)?(?:i\s+gang|etableret|igangsat|afsluttet|påbegyndt|forsinket)|afventer|"
                     r"har\s+påbegyndt|arbejder\s+(?:på|med|for)|er\s+under\s+udarbejdelse|pt\.|p\.t\.)\b", re.I)
_RECOMMENDS = re.compile(r"\b(anbefal\w*|recommend\w*)\b", re.I)
_MEETING_KINDS = frozenset({"minutes", "agenda"})  # documents whose passages are dated by their meeting
_SAME_STATEMENT = 0.8  # word overlap (Jaccard) at which two quotes are one statement


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


def build_timeline(topic: str, ranked: list[Ranked], pages_of, analyzer, idf=None,
                   band: CosineBand = DEFAULT_BAND, relevance: float = RELEVANCE,
                   per_passage: int = PER_PASSAGE) -> Timeline:
    """The timeline of ``topic`` from ``ranked`` (search's candidates for it, best first)."""
    if not ranked:
        return Timeline(topic, [])
    intent = read_intent(topic)
    q_terms = content_terms(topic, analyzer)
    weight = idf or (lambda term: 1.0)
    kept = [r for r in ranked if relevance_of(r, intent, q_terms, analyzer, idf, band) >= relevance]
    entries: list[Entry] = []
    sentences = quotable_sentences(kept, pages_of, q_terms, analyzer, intent, weight)
    by_rank: dict[int, list] = {}
    for s in sentences:
        by_rank.setdefault(s.rank, []).append(s)
    for rank, r in enumerate(kept):
        heading = normalise(" ".join(r.hit.payload.get("section_path") or []))
        own = [s for s in by_rank.get(rank, []) if s.score > 0 and s.coverage > 0 and _states_something(s.text, heading)]
        if not own:
            continue  # no sentence of the passage is about the topic
        for chosen in sorted(own, key=lambda s: (s.coverage, s.score), reverse=True)[:per_passage]:
            if verify_quote(chosen.text, chosen.page, r.hit.doc_id, pages_of):
                _add(entries, chosen, r, analyzer)
    entries.sort(key=lambda e: (e.date, -e.score))
    return Timeline(topic, entries)


def _add(entries: list[Entry], chosen, r: Ranked, analyzer) -> None:
    """Add the statement ``chosen`` of passage ``r``, or its place to the entry it repeats."""
    payload = r.hit.payload
    meeting = payload.get("date")
    if meeting == payload.get("doc_date") and payload.get("kind") not in _MEETING_KINDS:
        meeting = None  # a report's passages carry its own date, not a meeting's
    date, source = entry_date(chosen.text, meeting, payload.get("doc_date"))
    if not date:
        return
    place = Place(r.hit.doc_id, str(payload.get("document", "")), str(payload.get("title", "")),
                  str(payload.get("body", "")), chosen.page, chosen.page_label, str(payload.get("section") or ""))
    words = frozenset(analyzer.terms(chosen.text))
    twin = next((e for e in entries if _jaccard(e._words, words) >= _SAME_STATEMENT), None)
    if twin is not None:
        if all(p.doc_id != place.doc_id or p.page != place.page for p in twin.places):
            twin.places.append(place)
        if date < twin.date:  # the statement's first appearance dates it
            twin.date, twin.date_source = date, source
        return
    path = payload.get("section_path") or [""]
    kind = statement_kind(chosen.text, str(path[-1]), payload.get("recommendation"))
    if kind == "discussion" and source == "document":
        return  # a report's background prose, dated only by its cover, is no event in the matter's course
    entries.append(Entry(date, source, kind, chosen.text, [place], round(r.score, 4), words))


def relevance_of(r: Ranked, intent, q_terms: set[str], analyzer, idf, band: CosineBand) -> float:
    """/ask's evidence that a passage answers, for this passage alone: how close the model puts it
    to the topic (in the model's own cosine band) and how much of the topic's rare words it holds."""
    return confidence([r], intent, q_terms, analyzer, idf, band)


def entry_date(sentence: str, meeting: str | None, document: str | None) -> tuple[str | None, str]:
    """(date, where it came from) for a statement: a time it states, else its meeting's, else its document's."""
    own = meeting or document
    stated = find_dates(sentence)
    if stated and (not own or stated[0][:7] != own[:7]):
        return stated[0], "stated"
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
    line that repeats the section's own heading says nothing about the matter's course."""
    text = normalise(sentence)
    if text.lower() in heading.lower():
        return False
    return bool(re.search(r"[.!?:;»”\"]$", text)) or " | " in text or len(text) > 150


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def timeline_json(timeline: Timeline) -> dict:
    return {"topic": timeline.topic, "entries": [
        {"date": e.date, "date_source": e.date_source, "kind": e.kind, "quote": normalise(e.quote), "score": e.score,
         "sources": [vars(p) for p in e.places]} for e in timeline.entries]}
