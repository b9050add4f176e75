"""Ranked hits → an extractive answer whose every sentence is a verified quote.

The answer is built from the sentences of the best passages that share the
most with the question (not simply their first sentences); each is followed by
its citation marker [n]. Before a citation is returned its quote is looked up
in the cleaned text of the page it names; a quote that is not there is dropped.
When retrieval is not confident enough the answer is ``found=False``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from api.query import QueryIntent, read_intent
from api.search import Ranked
from index.embed import Embedder
from index.lexical import DanishAnalyzer
from ingest.dates import danish

NOT_FOUND = "Det kan jeg ikke finde i dokumenterne. Prøv at formulere spørgsmålet anderledes, eller søg efter et bestemt dokument, punkt eller en anbefaling."
_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+(?=[\"“”»(]?[A-ZÆØÅ0-9•➢–-])|\s+(?=[•➢▪]\s)|\n(?=[-–]\s)")
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


@dataclass
class Answer:
    answer: str
    found: bool
    citations: list[Citation] = field(default_factory=list)
    confidence: float = 0.0
    related: list[Ranked] = field(default_factory=list)
    history: list[str] = field(default_factory=list)  # status questions: earlier dated mentions


@dataclass(frozen=True)
class _Sentence:
    text: str  # whitespace-normalised: the quote
    page: int
    page_label: str
    score: float
    rank: int
    following: str = ""  # the next sentence on the same page, to complete the quote


_TERMINAL = (".", "!", "?", "”", '"', ")", "»", ";")
_BULLETS = ("•", "-", "–", "➢", "▪")
_MAX_QUOTE_CHARS = 320


def _is_sentence(text: str) -> bool:
    """Headings ("Den psykiatriske akuttelefon") are context, not answers."""
    return text.endswith(_TERMINAL) or text.startswith(_BULLETS) or len(text) > 150


PageLookup = Callable[[str], list[dict]]


def normalise(text: str) -> str:
    return _WS.sub(" ", text).strip()


def confidence(ranked: list[Ranked], intent: QueryIntent, q_terms: set[str], analyzer: DanishAnalyzer,
               idf: Callable[[str], float] | None = None) -> float:
    """How sure retrieval is that the top passage answers: dense cosine + term coverage.

    Both parts are absolute (not normalised per query), so the same threshold
    means the same thing for every question.
    """
    if not ranked:
        return 0.0
    top = ranked[:3]
    cosine = max(r.dense for r in top)
    weight = idf or (lambda term: 1.0)
    total = sum(weight(t) for t in q_terms)
    coverage = 0.0
    if q_terms and total:
        # IDF-weighted: a question whose rare words ("skadestue", "Aarhus") no passage has
        # is not answered by sharing its common words ("psykiatrisk", "ny").
        for r in top:
            doc_terms = set(analyzer.terms(r.hit.payload.get("section", "") + " " + r.hit.text))
            coverage = max(coverage, sum(weight(t) for t in q_terms & doc_terms) / total)
    # e5-small cosines of related texts sit between ~0.78 and ~0.90.
    dense_part = min(max((cosine - 0.78) / 0.10, 0.0), 1.0)
    if intent.english:
        # Danish passages share no words with an English question: only the model can judge.
        return round(dense_part, 4)
    score = 0.5 * dense_part + 0.5 * coverage
    if intent.has_identifier and any(intent.named_in(r.hit.payload) for r in top):
        score = max(score, 0.9)  # the passage *is* the named recommendation/item/case
    return round(score, 4)


def build_answer(question: str, ranked: list[Ranked], pages_of: PageLookup, analyzer: DanishAnalyzer,
                 embedder: Embedder | None = None, threshold: float = 0.5, k: int = 5,
                 idf: Callable[[str], float] | None = None) -> Answer:
    intent = read_intent(question)
    q_terms = set(analyzer.terms(question))
    conf = confidence(ranked, intent, q_terms, analyzer, idf)
    if not ranked or conf < threshold or _missing_identifier(ranked, intent):
        return Answer(NOT_FOUND, False, [], conf, related=ranked[:3])
    candidates = _sentences(ranked[:k], pages_of, q_terms, analyzer)
    if candidates and max(s.score for s in candidates) <= 0 and embedder is not None:
        candidates = _rescore_dense(candidates, question, embedder)
    chosen = _choose(candidates)
    citations: list[Citation] = []
    parts: list[str] = []
    for sentence in _completed(chosen):
        r = ranked[sentence.rank]
        if not verify_quote(sentence.text, sentence.page, r.hit.doc_id, pages_of):
            continue  # never show a quote that is not on the page it names
        p = r.hit.payload
        n = len(citations) + 1
        citations.append(Citation(
            n=n, document=p["document"], title=p["title"], page=sentence.page, page_label=sentence.page_label,
            section=p.get("section", ""), date=p.get("date"), quote=sentence.text, text=r.hit.text,
            score=round(r.score, 4), doc_id=r.hit.doc_id,
        ))
        parts.append(f"{sentence.text} [{n}]")
    if not citations:
        return Answer(NOT_FOUND, False, [], conf, related=ranked[:3])
    history = _history(citations, ranked) if intent.status else []
    return Answer(" ".join(parts), True, citations, conf, history=history)


def verify_quote(quote: str, page: int, doc_id: str, pages_of: PageLookup) -> bool:
    for p in pages_of(doc_id):
        if p["number"] == page:
            return normalise(quote) in normalise(str(p["text"]))
    return False


def _missing_identifier(ranked: list[Ranked], intent: QueryIntent) -> bool:
    """What the question names exactly but no candidate has is not answered by the documents:
    a recommendation no passage carries ("anbefaling 38" of 37), or a meeting date that is
    neither a candidate's meeting date nor written in its text."""
    if intent.recommendations and not any(r.hit.payload.get("recommendation") in intent.recommendations for r in ranked):
        return True
    if intent.dates:
        for date in intent.dates:
            spelled = danish(date)
            if not any(r.hit.payload.get("date") == date or spelled in normalise(r.hit.text) for r in ranked):
                return True
    return False


def _sentences(ranked: list[Ranked], pages_of: PageLookup, q_terms: set[str], analyzer: DanishAnalyzer) -> list[_Sentence]:
    out: list[_Sentence] = []
    best_score = ranked[0].score if ranked else 0.0
    norm = sum(_term_weight(t) for t in q_terms) or 1.0
    for rank, r in enumerate(ranked):
        p = r.hit.payload
        pages = [pg for pg in pages_of(r.hit.doc_id) if p["page_start"] <= pg["number"] <= p["page_end"]]
        for page, piece in _split_by_page(r.hit.text, int(p["start"]), pages):
            pieces = [normalise(x) for block in _blocks(piece) for x in _SENTENCE_END.split(block)]
            for i, sentence in enumerate(pieces):
                if len(sentence) < _MIN_SENTENCE_CHARS or not _is_sentence(sentence):
                    continue
                following = pieces[i + 1] if i + 1 < len(pieces) and _is_sentence(pieces[i + 1]) else ""
                terms = set(analyzer.terms(sentence))
                overlap = sum(_term_weight(t) for t in q_terms & terms)
                # Passage rank matters as much as word overlap: the best passage was
                # chosen with the dense model, which sees paraphrases the words miss.
                score = overlap / norm + 0.5 * (r.score / best_score if best_score else 0) - 0.05 * rank
                out.append(_Sentence(sentence, int(page["number"]), str(page["label"]),
                                     score if overlap else -1 + score, rank, following))
    return out


def _term_weight(term: str) -> float:
    """Numbers and identifiers ("2025", "mdr-2024-00036") count double in a sentence match."""
    return 2.0 if any(ch.isdigit() for ch in term) else 1.0


def _blocks(piece: str) -> list[str]:
    """Cut after heading lines (short, unpunctuated, followed by a capital) so that a heading
    such as "Videre proces og næste møde" is not glued to the sentence under it."""
    lines = piece.split("\n")
    blocks: list[str] = []
    current: list[str] = []
    for i, line in enumerate(lines):
        current.append(line)
        nxt = lines[i + 1].lstrip() if i + 1 < len(lines) else ""
        if nxt[:1].isupper() and len(line) < 70 and not line.rstrip().endswith((".", ",", ";", ":", "-", "–")):
            blocks.append("\n".join(current))
            current = []
    if current:
        blocks.append("\n".join(current))
    return blocks


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


def _rescore_dense(candidates: list[_Sentence], question: str, embedder: Embedder) -> list[_Sentence]:
    """No sentence shares a word with the question (an English question): let the model choose."""
    pool = [s for s in candidates if s.rank <= 1][:24]
    if not pool:
        return candidates
    vectors = embedder.passages([s.text for s in pool])
    sims = vectors @ embedder.query(question)
    return [_Sentence(s.text, s.page, s.page_label, float(sim) - 0.02 * s.rank, s.rank, s.following)
            for s, sim in zip(pool, np.asarray(sims).tolist())]


def _choose(candidates: list[_Sentence]) -> list[_Sentence]:
    if not candidates:
        return []
    ordered = sorted(candidates, key=lambda s: s.score, reverse=True)
    best = ordered[0]
    chosen = [best]
    for s in ordered[1:]:
        if len(chosen) >= _MAX_SENTENCES:
            break
        if s.text in {c.text for c in chosen}:
            continue
        # A second sentence must be nearly as good; from another passage it also
        # brings in another document or section (a recommendation and its decision).
        if s.score >= 0.75 * best.score and s.score > 0:
            chosen.append(s)
    return sorted(chosen, key=lambda s: (s.rank, candidates.index(s)))


def _completed(chosen: list[_Sentence]) -> list[_Sentence]:
    """Extend each quote with the sentence after it when short enough and not quoted already:
    an answer usually needs the sentence that follows the best-matching one."""
    texts = {c.text for c in chosen}
    out = []
    for c in chosen:
        text = c.text
        if c.following and c.following not in texts and len(text) + len(c.following) < _MAX_QUOTE_CHARS:
            text = f"{text} {c.following}"
        out.append(_Sentence(text, c.page, c.page_label, c.score, c.rank))
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
