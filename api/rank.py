"""Candidates from both retrievers → features → the shipped fitted model → a ranking.

Each hand-set rule of the old ranking (a named identifier, a named date or document, a
decision section, a numbered recommendation, the newest passage for a status question, …)
is a feature here, beside the retrievers' own evidence (dense cosine and rank, BM25 score
and rank) and how much of the question's rare words a passage and its headings cover. A
logistic regression over these, fitted by ``arkiv train`` (``evals/train.py``) with
question-grouped cross-validation, weighs them; the fitted weights ship in
``api/ranker.json``, read once, never edited by hand.
"""

from __future__ import annotations

import json
import logging
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from api.query import QueryIntent

log = logging.getLogger("arkiv")

MODEL_PATH = Path(__file__).resolve().parent / "ranker.json"

FEATURES = (
    "fused",            # the linear fusion of min-max-normalised dense and BM25 scores
    "dense",            # raw e5 cosine (0 when not in the dense list)
    "dense_gap",        # cosine minus the best candidate's cosine
    "dense_rank",       # 1 / (1 + rank in the dense list)
    "lexical",          # min-max-normalised BM25 score
    "lexical_rank",     # 1 / (1 + rank in the BM25 list)
    "coverage",         # IDF-weighted share of the question's content terms in the passage
    "context_coverage",  # … in its document title, section path and date
    "window",           # … in the passage's best two consecutive sentences (the words together)
    "identifier",       # carries the recommendation, agenda item or case number named, or opens the section asked for
    "item_opening",     # the named item's first passage among the candidates
    "date_match",       # dated on a date the question names
    "named_document",   # its document is the one the question names by title, body, kind or date
    "decision_section",  # a decision question and a Beslutning/Indstilling section
    "decided_text",     # a "what was decided" question and a passage stating a decision
    "recommendation",   # a "what is recommended" question and a numbered recommendation
    "gives_number",     # a "which case / document number" question and a passage giving one
    "status_newest",    # a status question and the newest dated passage about its subject
    "english_dense",    # the cosine again for an English question (Danish passages share no words)
    "log_length",       # log of the passage length
    "letters",          # share of letters among the passage's visible characters (debris is low)
    "phrase",           # share of the question's adjacent word pairs standing side by side in the passage
    "states_asked",     # coverage of a sentence stating the kind of fact asked (a number for "hvor mange")
    "sentence",         # cosine of the passage's sentence nearest the question (its own vector, kept at ingest)
    "sentence_gap",     # … minus the best candidate's
    "sentence_rank",    # 1 / (1 + rank among the candidates by it)
    "topic",            # cosine of the passage with the question less the source it names (api.query.without_source)
    "topic_sentence",   # … of its sentence nearest that
    "aspect",           # coverage of the question's terms that its title, section headings and date do not hold
    "aspect_window",    # … in the passage's best two consecutive sentences
)
# For an English question the same evidence weighs differently: BM25 reads its words through the
# documents' nearest Danish words (``Searcher.danish_words``), so the lexical scores and coverages
# say less and the model's cosines more than for a Danish one. Each of these features is repeated
# for English questions only (0 otherwise), so that the one fitted model has English weights of its
# own; repeated as its distance to the question's best candidate, so that it moves no English
# question's scores as a whole against a Danish one's (the pairwise fit would not see such a shift,
# but the score's calibration to P(relevant) across questions would: raw English cosines made
# it nearly flat). (Measured on the 98 sets, page-grouped 5-fold CV: README "Learned ranking".)
ENGLISH_WEIGHED = ("fused", "dense_gap", "dense_rank", "lexical", "lexical_rank", "coverage", "context_coverage",
                   "window", "sentence", "sentence_gap", "sentence_rank", "topic", "topic_sentence")
FEATURES = FEATURES + tuple(f"english_{name}" for name in ENGLISH_WEIGHED)
_BASE = len(FEATURES) - len(ENGLISH_WEIGHED)
_ENGLISH_COLUMNS = [FEATURES.index(name) for name in ENGLISH_WEIGHED]


@dataclass(frozen=True)
class Candidate:
    """What the features of one candidate are computed from (filled by ``api.search``)."""

    fused: float
    dense: float
    lexical: float
    dense_rank: int | None
    lexical_rank: int | None
    coverage: float
    context_coverage: float
    window: float
    identifier: bool
    item_opening: bool
    date_match: bool
    named_document: bool
    decision_section: bool
    decided_text: bool
    recommendation: bool
    gives_number: bool
    status_newest: bool
    length: int
    letters: float
    phrase: float = 0.0
    states_asked: float = 0.0
    sentence: float | None = None  # None: no sentence vectors (an index made before they were kept)
    topic: float | None = None  # None: not computed (no question vector); the dense cosine stands in
    topic_sentence: float | None = None  # None: no sentence vectors; the topic cosine stands in
    aspect: float | None = None  # None: not computed; the coverage stands in
    aspect_window: float | None = None  # None: not computed; the window stands in


def feature_matrix(cands: list[Candidate], intent: QueryIntent) -> np.ndarray:
    best_dense = max((c.dense for c in cands), default=0.0)
    # Without sentence vectors (an index made before they were kept) the passage's own cosine stands in.
    sentence = np.array([c.sentence if c.sentence is not None else c.dense for c in cands], dtype=float)
    best_sentence = float(sentence.max()) if len(cands) else 0.0
    topic = np.array([c.topic if c.topic is not None else c.dense for c in cands], dtype=float)
    topic_sentence = np.array([c.topic_sentence if c.topic_sentence is not None else topic[i]
                               for i, c in enumerate(cands)], dtype=float)
    place = np.empty(len(cands))
    place[np.argsort(-sentence, kind="stable")] = np.arange(len(cands))
    rows = []
    for i, c in enumerate(cands):
        rows.append([
            c.fused, c.dense, c.dense - best_dense if c.dense else -0.2,
            1 / (1 + c.dense_rank) if c.dense_rank is not None else 0.0,
            c.lexical, 1 / (1 + c.lexical_rank) if c.lexical_rank is not None else 0.0,
            c.coverage, c.context_coverage, c.window, float(c.identifier), float(c.item_opening), float(c.date_match),
            float(c.named_document), float(c.decision_section), float(c.decided_text), float(c.recommendation),
            float(c.gives_number), float(c.status_newest), c.dense if intent.english else 0.0, math.log(1 + c.length), c.letters,
            c.phrase, c.states_asked, sentence[i], sentence[i] - best_sentence, 1 / (1 + place[i]),
            topic[i], topic_sentence[i],
            c.coverage if c.aspect is None else c.aspect, c.window if c.aspect_window is None else c.aspect_window,
        ])
    base = np.asarray(rows, dtype=float).reshape(len(cands), _BASE)
    english = np.zeros((len(cands), len(ENGLISH_WEIGHED)))
    if intent.english and len(cands):
        picked = base[:, _ENGLISH_COLUMNS]
        english = picked - picked.max(axis=0)
    return np.hstack([base, english])


@dataclass(frozen=True)
class LinearModel:
    """A standardised logistic regression: P = σ(w · (x − μ) / σ + b), stored as JSON.

    Used for the ranking (P(passage relevant)) and for "found" (P(the answer's top citation
    is right), ``api.answer``), each with its own feature list, file and — for "found" — the
    threshold chosen by cross-validation."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    version: str
    trained_on: str = ""
    threshold: float | None = None
    embedder: str = ""  # the model whose cosines it was fitted on (``Embedder.name``); "" when not recorded

    def fitted_for(self, embedder: str) -> bool:
        """Whether it was fitted on this embedder's cosines (a version change of the same model
        counts as the same; a model file that does not say is taken as fitted for it)."""
        return not self.embedder or self.embedder.split("@")[0] == embedder.split("@")[0]

    @classmethod
    def load_for(cls, path: Path, features: tuple[str, ...], embedder: str, what: str,
                 instead: str) -> "LinearModel | None":
        """The model at ``path`` for questions read by ``embedder``, or None with a warning naming
        ``what`` it is and what decides ``instead``: when none ships, it was fitted for other features,
        or on another model's cosines (raw cosines are features, and each model's lie elsewhere)."""
        model = cls.load(path, features)
        if model is None:
            log.warning("no fitted %s in %s (run `arkiv train`); %s", what, path, instead)
        elif not model.fitted_for(embedder):
            log.warning("the %s in %s was fitted on %s, not %s (run `arkiv train` with it); %s",
                        what, path, model.embedder, embedder, instead)
            return None
        return model

    def score(self, X: np.ndarray) -> np.ndarray:
        z = ((X - self.mean) / self.scale) @ self.coef + self.intercept
        return 1 / (1 + np.exp(-z))

    def save(self, path: Path) -> None:
        path.write_text(json.dumps({
            "features": list(self.features), "mean": self.mean.tolist(), "scale": self.scale.tolist(),
            "coef": self.coef.tolist(), "intercept": self.intercept, "version": self.version,
            "trained_on": self.trained_on, "threshold": self.threshold, "embedder": self.embedder,
        }, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path, features: tuple[str, ...]) -> "LinearModel | None":
        """The model at ``path``, or None when there is none or it was fitted for other features."""
        if not path.is_file():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        if tuple(data["features"]) != features:
            return None  # fitted for another feature set: retrain with `arkiv train`
        return cls(tuple(data["features"]), np.asarray(data["mean"]), np.asarray(data["scale"]),
                   np.asarray(data["coef"]), float(data["intercept"]), str(data["version"]),
                   str(data.get("trained_on", "")), data.get("threshold"), str(data.get("embedder", "")))


RankModel = LinearModel


def load_ranker(embedder: str, path: Path = MODEL_PATH) -> LinearModel | None:
    """The fitted ranking for questions read by ``embedder``, or None: the hand-set rules rank
    (``dense``, ``sentence``, ``topic`` are another model's cosines otherwise)."""
    return LinearModel.load_for(path, FEATURES, embedder, "ranking", "the hand-set rules rank")
