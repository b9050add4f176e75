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
left out, and so is a report's background prose dated only by its cover (no event in the
matter's course). The kind of statement is read from the sentence and its section: decision,
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
from dataclasses import dataclass, field

import numpy as np

from api.answer import STATES, confidence, normalise, quotable_sentences, verify_quote
from api.query import content_terms, read_intent
from api.rank import LinearModel
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


@dataclass
class Candidate:
    """A quotable statement of one of search's passages for the topic, with what the model weighs."""

    sentence: object  # api.answer._Sentence
    ranked: Ranked
    features: np.ndarray


def candidates(topic: str, ranked: list[Ranked], pages_of, analyzer, idf=None,
               band: CosineBand = DEFAULT_BAND) -> list[Candidate]:
    intent = read_intent(topic)
    q_terms = content_terms(topic, analyzer)
    weight = idf or (lambda term: 1.0)
    out: list[Candidate] = []
    relevance = [relevance_of(r, intent, q_terms, analyzer, idf, band) for r in ranked]
    for s in quotable_sentences(ranked, pages_of, q_terms, analyzer, intent, weight):
        r = ranked[s.rank]
        payload = r.hit.payload
        path = payload.get("section_path") or [""]
        heading = normalise(" ".join(path))
        if not _states_something(s.text, heading):
            continue
        kind = statement_kind(s.text, str(path[-1]), payload.get("recommendation"))
        stated = bool(find_dates(s.text) or _YEAR_AHEAD.search(s.text))  # names a time of its own
        out.append(Candidate(s, r, np.array([
            relevance[s.rank], s.rank / max(len(ranked) - 1, 1), s.coverage,
            float(bool(q_terms & set(analyzer.terms(s.text)))), float(bool(q_terms & set(analyzer.terms(heading)))),
            *(float(kind == k) for k in ("decision", "recommendation", "money", "plan", "status")),
            float(stated), float(payload.get("kind") in _MEETING_KINDS), math.log(1 + len(s.text)),
        ])))
    return out


def build_timeline(topic: str, ranked: list[Ranked], pages_of, analyzer, idf=None,
                   band: CosineBand = DEFAULT_BAND, relevance: float = RELEVANCE,
                   per_passage: int = PER_PASSAGE, model: LinearModel | None = None) -> Timeline:
    """The timeline of ``topic`` from ``ranked`` (search's candidates for it, best first): with a
    fitted ``model`` its statements are those the model gives at least its threshold, else the
    rule (passage relevance ≥ ``relevance``, up to ``per_passage`` statements naming the topic)."""
    if not ranked:
        return Timeline(topic, [])
    found = candidates(topic, ranked, pages_of, analyzer, idf, band)
    if model is not None and found:
        p = model.score(np.vstack([c.features for c in found]))
        chosen = [c for c, pi in zip(found, p) if pi >= (model.threshold or 0.5)]
    else:
        chosen, taken = [], Counter()
        for c in sorted(found, key=lambda c: (c.sentence.coverage, c.sentence.score), reverse=True):
            rank = c.sentence.rank
            if c.features[0] >= relevance and c.sentence.score > 0 and c.sentence.coverage > 0 and taken[rank] < per_passage:
                taken[rank] += 1
                chosen.append(c)
    entries: list[Entry] = []
    for c in chosen:
        if verify_quote(c.sentence.text, c.sentence.page, c.ranked.hit.doc_id, pages_of):
            _add(entries, c.sentence, c.ranked, analyzer)
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
