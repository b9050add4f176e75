"""A question → hybrid query → ranked hits.

Dense (multilingual-e5) and BM25 (Danish analyzer) candidate lists are fused;
then what the question names is honoured: a recommendation, agenda item or
case number pulls the chunks carrying that metadata up (a named item's opening
passage first), a meeting date the chunks of that meeting, a document named by
its title, issuer, kind or date its chunks, a decision question the
Beslutninger/Indstilling passages, and a status question the most recent dated
passages. A two-part question is also searched part by part.

Fusion modes: ``linear`` (min-max-normalised scores blended per query),
``dbsf`` and ``rrf`` (Qdrant's own fusions), ``dense`` and ``bm25`` alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Callable

import numpy as np
from qdrant_client import models

from api.query import (QueryIntent, content_terms, coverage, english_stop_terms, english_words, is_english,
                       passage_profile, phrase_share, question_parts, read_intent, stating_coverage, window_coverage)
from api.rank import Candidate, LinearModel, feature_matrix
from index.embed import Embedder
from index.lexical import DanishAnalyzer, SparseWeights
from index.store import Hit, Store
from index.vocabulary import Vocabulary, word_vectors
from ingest.dates import danish
from ingest.headings import IDENTIFYING_NUMBER

# The kinds of fact a sentence can be seen to state by its own words (``api.answer.STATES``).
_STATED_KINDS = frozenset({"money", "quantity", "time", "frequency", "phone", "hours", "version", "case", "date"})


def _stated_kinds(sentence: str) -> frozenset[str]:
    from api.answer import stated_kinds  # (api.answer reads search's results: imported when first needed; cached there)

    return stated_kinds(sentence)


FUSIONS = ("linear", "dbsf", "rrf", "dense", "bm25")
_IDENTIFIER_BOOST = 0.35
_DATE_BOOST = 0.15
_DECISION_BOOST = 0.12
_WHOLE_FIRST = 2  # places a two-part question's whole keeps before its parts' passages join
_DOCUMENT_BOOST = 0.05
# An English question's words looked up among the documents' words (``Searcher.danish_words``):
# neighbours per word, the cosine they need, and their weight in the BM25 query. Chosen together
# among 2–3 / 0.87–0.89 / 0.4–1.0 by page-grouped 5-fold CV on the 204 English questions of the
# development sets (every fold chose 3 / 0.87 / 0.7; MRR@10 of the search 0.522 ± 0.047 → 0.577 ±
# 0.038, README "English questions").
_DANISH_NEIGHBOURS = 3
_DANISH_SIMILARITY = 0.87
_DANISH_WORD_WEIGHT = 0.7
_SCOPE_WORDS = 2  # words of a document's title and issuer a question uses to name it
# BM25 weight of the words naming a document (lexical_query). Chosen by 5-fold CV grouped by the page
# asked about, over the 30 question sets, among 1, 0.5, 0.25, 0.1, 0.05 and 0: folds chose 0.05 or 0,
# CV MRR@10 0.784 ± 0.045 (weight 1) -> 0.788 ± 0.035, top-1 citation 0.695 -> 0.701. Not 0: a question
# that is nothing but a document's name would leave BM25 no word at all.
_SCOPE_WEIGHT = 0.05
# Weight of the best two-sentence window's share of the question's words (window_coverage):
# 0.3 was chosen by question-grouped 5-fold CV over the six question sets (every fold chose it;
# CV MRR@10 0.758 -> 0.764).
_WINDOW_WEIGHT = 0.3
# The words a question asks for a section with ("i hvilket afsnit …"): not what it is about.
_SECTION_WORDS = "kapitel kapitlet afsnit afsnittet chapter section"
# A question that names where its answer is to be read: "… ifølge styrelsens oplæg fra 2022?",
# "jf. regionens notat", "according to the minutes".
_SOURCE = re.compile(r"\b(?:ifølge|jf\.?|according\s+to|i\s+henhold\s+til|som\s+beskrevet\s+i)\s", re.I)
_STATUS_WINDOW = 10  # status questions look this far down the list for the newest relevant passage
_STATUS_RELEVANT = 1.0  # share of the best candidate's question words a passage needs to count as relevant
# The headings of a decision and of the proposal for one, as the common meeting systems write them:
# "Beslutning", "Beslutninger", "Beslutning i Udvalget for … den 20-06-2013", "Udvalgets beslutning";
# "Indstilling", "Direktionens indstilling", "Indstilling fra …".
# "Beslutninger", "Udvalgets beslutning den 4. december", "Sundheds- og Forebyggelsesudvalgets beslutning den …"
DECIDED_HEADING = re.compile(r"^(?:(?-i:[A-ZÆØÅ])[\wæøå-]*\s+og\s+)?(?:[\wæøå-]+s\s+)?beslutning(?:er)?"
                             r"(?:\s+(?:i|på|fra|den)\s+.*)?(?<!\.)$", re.I)
PROPOSAL_HEADING = re.compile(r"^(?:[\wæøå-]+s\s+)?indstilling(?:er)?(?:\s+(?:i|på|fra|til)\s+.*)?(?<!\.)$", re.I)
# Minutes state a decision in the past tense ("Udvalget tog orienteringen til efterretning",
# "Rådet besluttede", "Der var enighed om"); a proposal ("Det indstilles, at …") is not one.
# … or records it in a participle: "Indstillingen godkendt", "Punktet blev tiltrådt".
DECIDED = re.compile(r"\b(besluttede|blev\s+besluttet|godkendte|tiltrådte|vedtog|tog\s+[\w\s]{0,40}?til\s+efterretning|"
                     r"var\s+enige|enighed\s+om|(?:indstillingen|indstillingerne|forslaget|punktet|sagen)\s+(?:blev\s+|er\s+)?"
                     r"(?:godkendt|tiltrådt|vedtaget))\b", re.I)


@dataclass(frozen=True)
class Ranked:
    hit: Hit
    score: float  # fused and adjusted, higher is better
    dense: float = 0.0  # raw cosine of the dense model (0 when not in the dense list)
    lexical: float = 0.0  # min-max normalised BM25 score within this query


@dataclass
class Filters:
    """What a user may narrow a search to. Dates are ISO (YYYY-MM-DD) and inclusive.

    Chunk dates may be partial ("2023": a report dated by year only). A date range
    matches a chunk whose date overlaps it, so ``within(dates)`` resolves the range to
    the matching values among the dates the index holds, and the Qdrant filter is a
    plain keyword match on them, the same in embedded mode and on a server.
    """

    kind: str | None = None
    body: str | None = None
    doc_id: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    dates: tuple[str, ...] | None = None  # the index's dates within the range, set by within()

    def within(self, known_dates: list[str]) -> "Filters":
        if not (self.date_from or self.date_to):
            return self
        low, high = self.date_from or "0000-00-00", self.date_to or "9999-99-99"
        return replace(self, dates=tuple(d for d in known_dates if _date_start(d) <= high and _date_end(d) >= low))

    def to_qdrant(self) -> models.Filter | None:
        must: list[models.Condition] = []
        for key in ("kind", "body", "doc_id"):
            value = getattr(self, key)
            if value:
                must.append(models.FieldCondition(key=key, match=models.MatchValue(value=value)))
        if self.dates is not None:
            # An empty list matches nothing, which is right: no chunk is dated in the range.
            must.append(models.FieldCondition(key="date", match=models.MatchAny(any=list(self.dates))))
        return models.Filter(must=must) if must else None


def _date_start(date: str) -> str:
    return (date + "-01-01")[:10]


def _date_end(date: str) -> str:
    return date + ("-12-31" if len(date) == 4 else "-31" if len(date) == 7 else "")


class Searcher:
    def __init__(self, store: Store, embedder: Embedder, analyzer: DanishAnalyzer,
                 fusion: str = "linear", dense_weight: float = 0.5, candidates: int = 40,
                 ranker: LinearModel | None = None, idf: Callable[[str], float] | None = None,
                 english_dense_weight: float = 0.7) -> None:
        if fusion not in FUSIONS:
            raise ValueError(f"fusion must be one of {FUSIONS}, not {fusion!r}")
        self.store, self.embedder, self.analyzer = store, embedder, analyzer
        self.fusion, self.dense_weight, self.candidates = fusion, dense_weight, candidates
        self.english_dense_weight = english_dense_weight
        self.ranker = ranker  # the fitted ranking (api/ranker.json); None: the hand-set rules
        self.idf = idf  # IDF of a term over the index's chunks (set by the engine)
        # Each listed document's identity (the words of its title and issuer), set by the engine.
        self.identities: dict[str, frozenset[str]] = {}
        # The listed documents' words and their vectors (index/vocabulary.py), set by the engine.
        self.vocabulary = Vocabulary()
        self.scope_weight = _SCOPE_WEIGHT

    def search(self, question: str, active: list[str] | None, k: int = 10, fusion: str | None = None,
               filters: Filters | None = None, smart: bool = True, intent: QueryIntent | None = None,
               vector: np.ndarray | None = None) -> list[Ranked]:
        """Rank chunks of the ``active`` documents for ``question``.

        ``intent`` is the question as the caller read it (read here when not given), ``vector`` its
        embedding when the caller has one (the answer reads it again: embedded once).
        ``smart=False`` turns off the identifier, date, decision and status
        adjustments (used by the evaluation's plain baselines).
        """
        if active is not None and not active:
            return []
        mode = fusion or self.fusion
        ranked = self._search_one(question, intent or read_intent(question), active, k, mode, filters, smart, vector)
        parts = question_parts(question) if smart and mode not in ("dense", "bm25") else []
        if not parts:
            return ranked
        # Each part's best passages take turns with the whole question's, after its first places.
        # each part is a question of its own, read as one
        lists = [ranked] + [self._search_one(part, read_intent(part), active, k, mode, filters, smart) for part in parts]
        merged: list[Ranked] = ranked[:_WHOLE_FIRST]
        seen: set[str] = {r.hit.chunk_id for r in merged}
        for position in range(k):
            for hits in lists:
                if position < len(hits) and hits[position].hit.chunk_id not in seen:
                    seen.add(hits[position].hit.chunk_id)
                    merged.append(hits[position])
        return merged[:k]

    def _search_one(self, question: str, intent: QueryIntent, active: list[str] | None, k: int, mode: str,
                    filters: Filters | None, smart: bool, vector: np.ndarray | None = None) -> list[Ranked]:
        extra = filters.to_qdrant() if filters else None
        dense_vec = None if mode == "bm25" else vector if vector is not None else self.embedder.query(question)
        # The plain baselines (smart=False) get plain BM25.
        sparse_vec = None if mode == "dense" else self.lexical_query(question, intent) if smart \
            else self.analyzer.query(question)
        n = max(self.candidates, k)
        if mode == "dense":
            ranked = [Ranked(h, h.score, dense=h.score) for h in self.store.query(dense_vec, None, active, n, extra=extra)]
        elif mode == "bm25":
            ranked = _normalised(self.store.query(None, sparse_vec, active, n, extra=extra), lexical=True)
        elif mode in ("dbsf", "rrf"):
            fused = self.store.query(dense_vec, sparse_vec, active, n, fusion=mode, extra=extra)
            ranked = [Ranked(h, h.score) for h in fused]
        else:
            dense_hits, sparse_hits = self.store.query_both(dense_vec, sparse_vec, active, n, extra=extra)
            ranked = _linear(dense_hits, sparse_hits, self._weight(intent))
        if smart and mode == "linear" and self.ranker is not None:
            ranked = self.candidates_of(ranked, intent, dense_vec, active, extra)
            scores = self.ranker.score(feature_matrix(self.describe(ranked, intent, dense_vec, self.topic_vector(intent)),
                                                      intent))
            ranked = [replace(r, score=float(p)) for r, p in zip(ranked, scores)]
        elif smart and mode not in ("dense", "bm25"):
            ranked = self._adjust(ranked, intent, dense_vec, active, extra)
        ranked.sort(key=lambda r: r.score, reverse=True)
        return ranked[:k]

    def lexical_query(self, question: str, intent: QueryIntent | None = None) -> SparseWeights:
        """BM25's query, with the words that name a document weighing less.

        "… ifølge regionens retningslinjer for akut modtagelse?" names the document it asks about;
        those words are in nearly all of its passages and, densest of all, on its cover, which BM25
        then ranks first. The words of a document's identity (title, issuer) that the question uses
        twice or more weigh ``scope_weight``: they still favour that document's passages over other
        documents', but the rest of the question decides which passage."""
        terms = set(self.analyzer.terms(question))
        weights = {t: self.scope_weight for t in self.scope_terms(terms)}
        intent = intent or read_intent(question)
        if intent.asks_section:
            # "i hvilket afsnit står der om dialyse?": the word asks for a section, it is not the topic
            # ("patienter på intensive afsnit")
            weights.update({t: 0.0 for t in terms & set(self.analyzer.terms(_SECTION_WORDS))})
        if intent.english:
            # An English question's "the", "of", "which" are not Danish stopwords; in Danish papers
            # they stand only in English titles, references and links, which BM25 then favours.
            weights.update({t: 0.0 for t in terms & english_stop_terms(self.analyzer)})
            danish = self.danish_words(question)
            if danish:
                weights.update({t: _DANISH_WORD_WEIGHT for t in set(self.analyzer.terms(" ".join(danish))) - terms})
                return self.analyzer.query(f"{question} {' '.join(danish)}", weights)
        return self.analyzer.query(question, weights)

    def danish_words(self, question: str) -> list[str]:
        """The documents' words the model places nearest an English question's words ("responsible"
        → "ansvarlig", "ansvars"): up to ``_DANISH_NEIGHBOURS`` per word at a cosine of at least
        ``_DANISH_SIMILARITY``. Names ("MedCom", "Aarhus") and Danish words the question already
        uses need none: BM25 finds them as written."""
        asked = english_words(question) if is_english(question) else []
        if not asked or not len(self.vocabulary):
            return []
        near = self.vocabulary.nearest(word_vectors(self.embedder, asked), _DANISH_NEIGHBOURS, _DANISH_SIMILARITY)
        return [w for word, found in zip(asked, near) for w in found if w != word]

    def scope_terms(self, terms: set[str]) -> set[str]:
        """The question's words that name a listed document: of each document's identity (title,
        issuer), those the question uses when it uses ``_SCOPE_WORDS`` of them or more."""
        scope: set[str] = set()
        for identity in self.identities.values():
            shared = terms & identity
            if len(shared) >= _SCOPE_WORDS:
                scope |= shared
        return scope

    def _topic_terms(self, q_terms: set[str]) -> set[str]:
        """The question's words less those naming a document, whole or in a compound's parts
        ("2030-planen" when "plan" names one): what the question asks about in it."""
        scope = self.scope_terms(q_terms)

        def names_document(term: str) -> bool:
            parts = set(self.analyzer.terms(term)) - {term}  # a compound's parts: "2030", "plan"
            return term in scope or (bool(parts & scope) and parts <= scope | _numbers(parts))
        return {t for t in q_terms if not names_document(t)}

    def _weight(self, intent: QueryIntent) -> float:
        """The dense list's weight in the linear fusion: higher for an English question, whose words
        the Danish BM25 finds only in names and numbers (chosen by 5-fold CV on the English questions
        of the development sets, README "Search")."""
        return self.english_dense_weight if intent.english else self.dense_weight

    def explain(self, question: str, active: list[str] | None) -> tuple[list[Ranked], list[Candidate], list[float]]:
        """For training and its cross-validation: the whole question's candidates (linear fusion
        plus the identified chunks), what the model would see of each, and the hand-set rules'
        score of each (the old ranking, compared on the same folds)."""
        intent = read_intent(question)
        dense_vec = self.embedder.query(question)
        sparse_vec = self.lexical_query(question, intent)
        dense_hits, sparse_hits = self.store.query_both(dense_vec, sparse_vec, active, self.candidates)
        ranked = self.candidates_of(_linear(dense_hits, sparse_hits, self._weight(intent)), intent, dense_vec, active, None)
        rules = {r.hit.chunk_id: r.score for r in self._adjust(list(ranked), intent, dense_vec, active, None)}
        return (ranked, self.describe(ranked, intent, dense_vec, self.topic_vector(intent)),
                [rules.get(r.hit.chunk_id, r.score) for r in ranked])

    def topic_vector(self, intent: QueryIntent) -> np.ndarray | None:
        """The vector of the question less the source it names (``api.query.without_source``); None when it names none."""
        return self.embedder.query(intent.topic) if intent.topic else None

    # --------------------------------------------------------------- learned ranking
    def candidates_of(self, ranked: list[Ranked], intent: QueryIntent, dense_vec, active: list[str] | None,
                      extra: models.Filter | None) -> list[Ranked]:
        """Both retrievers' lists, and every chunk carrying what the question names."""
        if intent.has_identifier and dense_vec is not None:
            ranked = self._add_identified(ranked, intent, dense_vec, active, extra)
        return ranked

    def describe(self, ranked: list[Ranked], intent: QueryIntent, dense_vec: np.ndarray | None = None,
                 topic_vec: np.ndarray | None = None) -> list[Candidate]:
        """The evidence about each candidate that the fitted model weighs (``dense_vec``: the question's
        vector, for each candidate's sentence nearest it; ``topic_vec``: that of the question less the
        source it names, None when it names none)."""
        ids = [r.hit.chunk_id for r in ranked]
        nearest = self.store.sentence_scores(dense_vec, ids) if dense_vec is not None else {}
        # Every candidate's cosine with the question less its source (the whole question when it names
        # none), BM25's candidates included: they are not in the dense list and have no cosine there.
        about = topic_vec if topic_vec is not None else dense_vec
        topic = self.store.dense_scores(about, ids) if about is not None else {}
        topic_nearest = self.store.sentence_scores(topic_vec, ids) if topic_vec is not None else nearest
        q_terms = content_terms(intent.text, self.analyzer)
        weight = _weights(q_terms, self.idf)
        dense_rank = _ranks(ranked, lambda r: r.dense)
        lexical_rank = _ranks(ranked, lambda r: r.lexical)
        named_docs = _named_documents(ranked, q_terms, self.analyzer)
        openings = _item_openings(ranked, intent)
        sections = _section_openings(ranked, self._topic_terms(q_terms), self.analyzer, weight) \
            if intent.asks_section else set()
        newest = _newest_about(ranked, q_terms, self.analyzer, only=_attributed(intent, named_docs)) \
            if intent.status and not (intent.dates or intent.has_identifier) else None
        out = []
        for r in ranked:
            p = r.hit.payload
            text = r.hit.text
            context = f"{p.get('title', '')} {p.get('section', '')} {danish(p.get('date'))}"
            terms, letters = passage_profile(self.analyzer, text)
            aspect, aspect_window = _aspect(q_terms, terms, text, p, self.analyzer, weight)
            out.append(Candidate(
                fused=r.score, dense=r.dense, lexical=r.lexical,
                dense_rank=dense_rank.get(r.hit.chunk_id), lexical_rank=lexical_rank.get(r.hit.chunk_id),
                coverage=coverage(q_terms, terms, weight),
                context_coverage=coverage(q_terms, set(self.analyzer.terms(context)), weight),
                window=window_coverage(q_terms, text, self.analyzer, weight),
                identifier=intent.named_in(p) or intent.defined_in(text) or r.hit.chunk_id in sections,
                item_opening=r.hit.chunk_id in openings,
                date_match=bool(intent.dates) and p.get("date") in intent.dates,
                named_document=r.hit.doc_id in named_docs,
                decision_section=intent.decision and _in_decision_section(r.hit),
                decided_text=intent.decided and records_decision(r.hit),
                recommendation=_asked_recommendation(intent, p),
                gives_number=_gives_number(intent, r.hit),
                status_newest=newest is not None and r.hit.chunk_id == newest,
                length=len(text), letters=letters,
                phrase=phrase_share(intent.text, text, self.analyzer),
                states_asked=stating_coverage(q_terms, text, self.analyzer,
                                              _STATED_KINDS.intersection(intent.answer_types), _stated_kinds, weight),
                sentence=nearest.get(r.hit.chunk_id),
                topic=topic.get(r.hit.chunk_id), topic_sentence=topic_nearest.get(r.hit.chunk_id),
                aspect=aspect, aspect_window=aspect_window,
            ))
        return out

    # --------------------------------------------------------------- adjustments
    def _adjust(self, ranked: list[Ranked], intent: QueryIntent, dense_vec, active: list[str] | None,
                extra: models.Filter | None) -> list[Ranked]:
        if intent.has_identifier and dense_vec is not None:
            ranked = self._add_identified(ranked, intent, dense_vec, active, extra)
        q_terms = content_terms(intent.text, self.analyzer)
        weight = _weights(q_terms, self.idf)
        named_docs = _named_documents(ranked, q_terms, self.analyzer)
        openings = _section_openings(ranked, self._topic_terms(q_terms), self.analyzer, weight) \
            if intent.asks_section else set()
        out = []
        for r in ranked:
            bonus = _WINDOW_WEIGHT * window_coverage(q_terms, r.hit.text, self.analyzer, weight)
            p = r.hit.payload
            if r.hit.doc_id in named_docs:
                bonus += _DOCUMENT_BOOST
            if intent.named_in(p) or intent.defined_in(r.hit.text) or r.hit.chunk_id in openings:
                # (a glossary's line for the term asked about carries it as an item carries its number)
                bonus += _IDENTIFIER_BOOST
            if intent.dates and p.get("date") in intent.dates:
                bonus += _DATE_BOOST
            if (intent.decision and _in_decision_section(r.hit)) or (intent.decided and records_decision(r.hit)):
                bonus += _DECISION_BOOST
            if _gives_number(intent, r.hit):
                bonus += _DECISION_BOOST  # "hvilket sagsnummer …": the passage that gives one
            if _asked_recommendation(intent, p):
                bonus += _DECISION_BOOST  # a numbered recommendation is what "hvad anbefaler …" asks for
            out.append(replace(r, score=r.score + bonus))
        if intent.items:
            out = _item_openings_first(out, intent, self.analyzer)
        if intent.recommendations:
            out = _named_recommendation_first(out, intent, self._topic_terms(q_terms), self.analyzer)
        if intent.decided:
            out = _decision_first(out)
        if intent.status and not (intent.dates or intent.has_identifier):
            # A named date or identifier, not recency, says which passage is meant.
            out = _prefer_recent(out, content_terms(intent.text, self.analyzer), self.analyzer,
                                 only=_attributed(intent, named_docs))
        return out

    def _add_identified(self, ranked: list[Ranked], intent: QueryIntent, dense_vec, active: list[str] | None,
                        extra: models.Filter | None) -> list[Ranked]:
        """Make sure chunks carrying the named identifier are candidates at all."""
        should: list[models.Condition] = []
        for n in intent.recommendations:
            should.append(models.FieldCondition(key="recommendation", match=models.MatchValue(value=n)))
        for n in intent.items:
            should.append(models.FieldCondition(key="item", match=models.MatchValue(value=n)))
        for case in intent.case_numbers:
            should.append(models.FieldCondition(key="case_number", match=models.MatchValue(value=case)))
        flt = models.Filter(should=should, must=[extra] if extra else None)
        seen = {r.hit.chunk_id for r in ranked}
        floor = min((r.score for r in ranked), default=0.0)
        # An agenda item can have dozens of chunks (its enclosures); fetch enough to include its opening.
        extra_hits = self.store.query(dense_vec, None, active, 50 if intent.items else 10, extra=flt)
        added = [Ranked(h, floor, dense=h.score) for h in extra_hits if h.chunk_id not in seen]
        return ranked + added


# What a document is called besides its title: "referatet", "dagsordenen", "oplægget", "the report".
_KIND_WORDS = {
    "minutes": "referat møde minutes meeting",
    "agenda": "dagsorden møde udvalg agenda meeting committee",
    "report": "rapport oplæg report",
    "slides": "præsentation oplæg slides presentation",
    "notat": "notat note memo",
    "status": "status statusrapport",
    "policy": "politik strategi policy",
    "standard": "standard kvalitetsstandard vejledning",
    "table": "liste oversigt list",
    "letter": "brev henvendelse høringssvar mail letter",
}


def _named_documents(ranked: list[Ranked], q_terms: set[str], analyzer: DanishAnalyzer) -> set[str]:
    """The documents a question names by their title, issuer, kind or date ("ifølge rådet i juni 2023",
    "det faglige oplæg fra 2022", "dagsordenen til mødet 5. december 2024"): those whose identity
    shares the most of the question's words that tell the candidate documents apart."""
    identity: dict[str, set[str]] = {}
    for r in ranked:
        p = r.hit.payload
        if r.hit.doc_id not in identity:
            text = (f"{p.get('title', '')} {p.get('body', '')} {' '.join(p.get('aliases') or [])} "
                    f"{_KIND_WORDS.get(p.get('kind', ''), '')} {danish(p.get('date'))}")
            identity[r.hit.doc_id] = set(analyzer.terms(text))
    if len(identity) < 2:
        return set()
    # A word every candidate document's identity has ("psykisk") tells none of them apart.
    telling = {t for t in q_terms if 0 < sum(t in terms for terms in identity.values()) < len(identity)}
    score = {doc: len(telling & terms) for doc, terms in identity.items()}
    best = max(score.values())
    return {doc for doc, n in score.items() if n == best} if best else set()


def _decision_first(ranked: list[Ranked], window: int = _STATUS_WINDOW) -> list[Ranked]:
    """Decision questions: an agenda item's decision ("Beslutninger: Udvalget tog … til efterretning")
    is its answer, so it moves up to just above the best passage of the same item (same document,
    meeting and item). A short decision chunk shares few words with the question and would
    otherwise rank below the item's longer case presentation."""
    top = sorted(ranked, key=lambda r: r.score, reverse=True)[:window]
    best: dict[tuple, float] = {}
    for r in top:
        best.setdefault(item_key(r.hit), r.score)
    # (a chunk that opens with the decision heading goes above one that reaches it further down or
    # only words a decision: both were lifted to one score and kept their order before)
    lifted = {r.hit.chunk_id: best[item_key(r.hit)] + 0.01 + 0.001 * _opens_with_decision(r.hit) for r in top
              if item_key(r.hit)[2] is not None and records_decision(r.hit)}
    return [replace(r, score=max(r.score, lifted[r.hit.chunk_id])) if r.hit.chunk_id in lifted else r for r in ranked]


def _item_openings_first(ranked: list[Ranked], intent: QueryIntent, analyzer: DanishAnalyzer) -> list[Ranked]:
    """A named agenda item's opening passage (its title row, case number and summary) answers
    "hvad er punkt 6?": it moves to just above the item's best chunk unless that chunk shares more
    of the question's words ("hvad sagde Anna Holm under punkt 6" wants the passage naming her)."""
    q_terms = content_terms(intent.text, analyzer)
    items: dict[tuple, list[Ranked]] = {}
    for r in ranked:
        if intent.named_in(r.hit.payload) and r.hit.payload.get("item") is not None:
            items.setdefault(item_key(r.hit), []).append(r)
    lifted: dict[str, float] = {}
    for chunks in items.values():
        best = max(chunks, key=lambda r: r.score)
        opening = min(chunks, key=lambda r: r.hit.payload.get("chunk_index", 0))
        if opening is not best and _covered(opening, q_terms, analyzer) >= _covered(best, q_terms, analyzer):
            lifted[opening.hit.chunk_id] = best.score + 0.01
    return [replace(r, score=lifted[r.hit.chunk_id]) if r.hit.chunk_id in lifted else r for r in ranked]


def _named_recommendation_first(ranked: list[Ranked], intent: QueryIntent, topic: set[str],
                                analyzer: DanishAnalyzer) -> list[Ranked]:
    """A question that names a recommendation by its number ("hvad handler anbefaling 4 i
    strategien om?") asks for that recommendation: its best passage moves above every passage that
    does not carry it — a passage dense in the words that name the document, and in the number as
    a figure's, is no answer —, unless such a passage holds more of the question's own topic words
    than the recommendation does (the question's number may be wrong for its topic)."""
    numbered = set(analyzer.terms(" ".join(f"anbefaling {n}" for n in intent.recommendations)))
    topic = topic - numbered
    carriers = [r for r in ranked if intent.named_in(r.hit.payload)]
    others = [r for r in ranked if not intent.named_in(r.hit.payload)]
    if not carriers or not others:
        return ranked
    best, top = max(carriers, key=lambda r: r.score), max(others, key=lambda r: r.score)
    if best.score > top.score or _covered(best, topic, analyzer) < _covered(top, topic, analyzer):
        return ranked
    return [replace(r, score=top.score + 0.01) if r is best else r for r in ranked]


def _ranks(ranked: list[Ranked], key: Callable[[Ranked], float]) -> dict[str, int]:
    """0-based rank of each candidate in one retriever's list (absent: not in that list)."""
    listed = sorted((r for r in ranked if key(r) > 0), key=key, reverse=True)
    return {r.hit.chunk_id: i for i, r in enumerate(listed)}


def _numbers(terms: set[str]) -> set[str]:
    return {t for t in terms if t.isdigit()}


def _section_openings(ranked: list[Ranked], q_terms: set[str], analyzer: DanishAnalyzer,
                      weight: Callable[[str], float]) -> set[str]:
    """For "i hvilket kapitel / afsnit …": the candidates that open a section whose own heading (the
    line the chunk starts with, "15. Socialpsykiatrien", "3.7.3 R7: Modtag advisering om borgerens
    død") has the most of the question's words — a section is found by its title, as an agenda item
    by its number."""
    scores: dict[str, float] = {}
    for r in ranked:
        path = r.hit.payload.get("section_path") or []
        first = r.hit.text.lstrip().split("\n", 1)[0].strip()
        if not path or not first or not _heads(first, str(path[-1])):
            continue
        scores[r.hit.chunk_id] = coverage(q_terms, set(analyzer.terms(first)), weight)
    best = max(scores.values(), default=0.0)
    return {cid for cid, score in scores.items() if score == best} if best > 0 else set()


def _heads(line: str, heading: str) -> bool:
    """Whether ``line`` is the heading of the section ``heading`` names ("Kapitel 15. Socialpsykiatrien"
    is headed "15. Socialpsykiatrien"): the chunk opens the section."""
    line, heading = _flat(line), _flat(heading)
    return bool(line) and (heading.endswith(line) or line.endswith(heading))


def _flat(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()


def _item_openings(ranked: list[Ranked], intent: QueryIntent) -> set[str]:
    """The first passage (lowest chunk index) of each named agenda item among the candidates."""
    first: dict[tuple, Ranked] = {}
    for r in ranked:
        if intent.items and intent.named_in(r.hit.payload) and r.hit.payload.get("item") is not None:
            key = item_key(r.hit)
            if key not in first or r.hit.payload.get("chunk_index", 0) < first[key].hit.payload.get("chunk_index", 0):
                first[key] = r
    return {r.hit.chunk_id for r in first.values()}


def _attributed(intent: QueryIntent, named_docs: set[str]) -> set[str] | None:
    """The documents a status question says its answer is from ("… ifølge styrelsens oplæg fra
    2022?"), or None when it names no source."""
    return named_docs if named_docs and _SOURCE.search(intent.text) else None


def _newest_about(ranked: list[Ranked], q_terms: set[str], analyzer: DanishAnalyzer,
                  window: int = _STATUS_WINDOW, only: set[str] | None = None) -> str | None:
    """The newest dated passage among the best candidates that covers the question's subject as
    well as the best of them does (the one ``_prefer_recent`` puts first); of the documents
    ``only`` when the question names its source: another document that cites that source is
    newer but not what was asked."""
    top = sorted(ranked, key=lambda r: r.score, reverse=True)[:window]
    if only is not None:
        top = [r for r in top if r.hit.doc_id in only]
    covered = {r.hit.chunk_id: len(q_terms & set(analyzer.terms(f"{r.hit.payload.get('section', '')} {r.hit.text}")))
               for r in top}
    best = max(covered.values(), default=0)
    relevant = [r for r in top if best and covered[r.hit.chunk_id] >= _STATUS_RELEVANT * best
                and _date_value(r.hit.payload.get("date")) is not None]
    if not relevant:
        return None
    return max(relevant, key=lambda r: (_date_value(r.hit.payload.get("date")), r.score)).hit.chunk_id


def _covered(r: Ranked, q_terms: set[str], analyzer: DanishAnalyzer) -> int:
    p = r.hit.payload
    return len(q_terms & set(analyzer.terms(f"{p.get('title', '')} {p.get('section', '')} {r.hit.text}")))


def _gives_number(intent: QueryIntent, hit: Hit) -> bool:
    """A question asking for a case or document number, and a passage that gives one."""
    return "case" in intent.answer_types and bool(IDENTIFYING_NUMBER.search(hit.text))


def _asked_recommendation(intent: QueryIntent, payload: dict) -> bool:
    """A numbered recommendation answers "hvad anbefales …"; where the question names its number,
    only that one does (recommendation 17 is not what "ifølge anbefaling 18" asks for)."""
    number = payload.get("recommendation")
    return intent.recommends and number is not None and (not intent.recommendations or number in intent.recommendations)


def item_key(hit: Hit) -> tuple:
    """(document, meeting date, agenda item number): the item a passage belongs to (None when it is in no item)."""
    p = hit.payload
    return hit.doc_id, p.get("date"), p.get("item")


def _in_decision_section(hit: Hit) -> bool:
    """A decision or the proposal for one (Beslutninger / Indstilling): the chunk's section, or a
    sub-heading inside it (small sections of an agenda item are chunked together)."""
    return any(DECIDED_HEADING.match(h) or PROPOSAL_HEADING.match(h) for h in _headings(hit))


def _opens_with_decision(hit: Hit) -> bool:
    """The chunk is the decision: its section is a decision heading, or its first line is one."""
    path = hit.payload.get("section_path") or [""]
    first = next((line.strip() for line in hit.text.splitlines() if line.strip()), "")
    return bool(DECIDED_HEADING.match(path[-1]) or DECIDED_HEADING.match(first))


def records_decision(hit: Hit) -> bool:
    """The chunk records a decision: under a decision heading, or in the past tense of minutes."""
    return any(DECIDED_HEADING.match(h) for h in _headings(hit)) or bool(DECIDED.search(hit.text))


def _headings(hit: Hit) -> set[str]:
    path = hit.payload.get("section_path") or [""]
    return {path[-1], *(line.strip() for line in hit.text.splitlines())}


def _date_value(date: str | None) -> float | None:
    if not date:
        return None
    parts = [int(x) for x in date.split("-")]
    year, month, day = (parts + [6, 15])[:3] if len(parts) == 1 else (parts + [15])[:3]
    return year + (month - 1) / 12 + (day - 1) / 365


def _prefer_recent(ranked: list[Ranked], q_terms: set[str], analyzer: DanishAnalyzer,
                   window: int = _STATUS_WINDOW, only: set[str] | None = None) -> list[Ranked]:
    """Status questions: the newest dated passage about the question's subject comes first.

    "About the subject" means it has (nearly) as many of the question's content words as the best
    candidate: a later status note on an initiative beats earlier minutes on the same initiative,
    but not a newer passage on something else. The others keep their order; the answer lists the earlier
    dated ones as history.
    """
    top = sorted(ranked, key=lambda r: r.score, reverse=True)[:window]
    newest = _newest_about(ranked, q_terms, analyzer, window, only) if top and q_terms else None
    if newest is None or newest == top[0].hit.chunk_id:
        return ranked
    dated = {r.hit.chunk_id: _date_value(r.hit.payload.get("date")) for r in top}
    first_named = only is None or top[0].hit.doc_id in only
    if first_named and dated[top[0].hit.chunk_id] is not None and dated[newest] <= dated[top[0].hit.chunk_id]:
        return ranked  # no newer than the first: recency does not say which of the two is meant
    lead = top[0].score + 0.01
    return [replace(r, score=lead) if r.hit.chunk_id == newest else r for r in ranked]


def _normalised(hits: list[Hit], lexical: bool = False) -> list[Ranked]:
    if not hits:
        return []
    scores = [h.score for h in hits]
    lo, hi = min(scores), max(scores)
    span = (hi - lo) or 1.0
    return [Ranked(h, (h.score - lo) / span, lexical=(h.score - lo) / span if lexical else 0.0) for h in hits]


def _linear(dense_hits: list[Hit], sparse_hits: list[Hit], weight: float) -> list[Ranked]:
    """Blend per-query min-max-normalised dense and BM25 scores.

    Unlike rank fusion this keeps how *confident* each list is: e5 cosines sit in
    a narrow band, so a weak dense first place gains little over its runner-up.
    """
    def norm(hits: list[Hit]) -> dict[str, float]:
        if not hits:
            return {}
        lo, hi = min(h.score for h in hits), max(h.score for h in hits)
        span = (hi - lo) or 1.0
        return {h.chunk_id: (h.score - lo) / span for h in hits}

    dn, sn = norm(dense_hits), norm(sparse_hits)
    raw_dense = {h.chunk_id: h.score for h in dense_hits}
    hits = {h.chunk_id: h for h in sparse_hits} | {h.chunk_id: h for h in dense_hits}
    return [
        Ranked(hit, weight * dn.get(cid, 0.0) + (1 - weight) * sn.get(cid, 0.0),
               dense=raw_dense.get(cid, 0.0), lexical=sn.get(cid, 0.0))
        for cid, hit in hits.items()
    ]


def _aspect(q_terms: set[str], terms: set[str], text: str, payload: dict, analyzer: DanishAnalyzer,
            weight: Callable[[str], float]) -> tuple[float, float]:
    """Coverage of the question's terms that the passage's frame (document title, section headings,
    date) does not hold, in the passage and in its best two consecutive sentences; the plain
    coverages when the frame holds them all.

    A question often names a matter and asks about one side of it ("hvad koster udvidelsen af
    plejecenter Solbakken?"). The section's opening passage repeats its heading, so it holds the
    matter's words and wins on coverage; the sentence on that one side stands further down the
    section, and only the words beyond the frame tell the two apart."""
    path = " ".join(str(h) for h in payload.get("section_path") or [] if h)
    frame = set(analyzer.terms(f"{payload.get('title', '')} {path} {danish(payload.get('date'))}"))
    aspect = q_terms - frame or q_terms
    return coverage(aspect, terms, weight), window_coverage(aspect, text, analyzer, weight)


def _weights(q_terms: set[str], idf: Callable[[str], float] | None) -> Callable[[str], float]:
    """The question's term weights, looked up once per question instead of once per passage
    (coverage only ever weighs the question's own terms)."""
    if idf is None:
        return lambda term: 1.0
    return {t: idf(t) for t in q_terms}.__getitem__
