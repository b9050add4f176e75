"""The "found" model `arkiv train` fits: it decides only what no refusal rule decided."""

from __future__ import annotations

import numpy as np

from api.answer import FOUND_FEATURES
from api.rank import FEATURES
from evals.metrics import Evidence, Question
from evals.train import Example, FoundExample, _fit_found, first_rank, fit


def _example(n: int, answerable: bool, refused: bool, signal: float) -> FoundExample:
    evidence = (Evidence(pdf="hedeby.pdf", quote="Havnebadet åbner 1. juni.", pages=(n,)),) if answerable else ()
    question = Question(id=f"q{n}", question=f"Spørgsmål {n} om havnebadet?", type="fact", evidence=evidence, mode="any")
    x = np.zeros(len(FOUND_FEATURES))
    x[0] = signal
    return FoundExample(question, "set.jsonl", x, answerable, refused, 0.5)


def test_found_model_is_fitted_on_the_questions_no_rule_refused() -> None:
    # Among the questions the rules let through, a high first feature means answerable. The refused
    # ones say the opposite (a rule caught the unanswerable questions that look answerable): fitted
    # on everything, the model would learn the rules' cases and turn the signal round.
    passed = [_example(i, i % 2 == 0, False, 1.0 if i % 2 == 0 else 0.0) for i in range(20)]
    refused = [_example(100 + i, i % 2 == 1, True, 1.0 if i % 2 == 0 else 0.0) for i in range(160)]
    model = _fit_found(passed + refused, c=1.0)
    high, low = np.zeros((1, len(FOUND_FEATURES))), np.zeros((1, len(FOUND_FEATURES)))
    high[0, 0] = 1.0
    assert model.score(high)[0] > model.score(low)[0]


def _ranking_example(n: int, crowded: bool) -> Example:
    """One question's candidates (a hand-made fixture). A crowded question (30 candidates, one relevant)
    has a low feature 0 and a high feature 1 for all of them; a sparse one (2 candidates) the reverse.
    Within each question the relevant candidate is the one with the higher feature 1 and the lower
    feature 0. Candidate by candidate, feature 0 goes with relevance and feature 1 against it;
    inside a question, the other way round: a score that orders each question rightly is, across
    questions, higher for the crowded questions' candidates, which are seldom relevant."""
    size = 30 if crowded else 2
    X = np.zeros((size, len(FEATURES)))
    X[:, 0] = 0.1 if crowded else 0.9
    X[:, 1] = 0.8 if crowded else 0.2
    X[0, 0] -= 0.1
    X[0, 1] += 0.1
    X[:, 2] = 0.01 * (n % 5)  # noise
    y = np.zeros(size, dtype=int)
    y[0] = 1
    evidence = (Evidence(pdf="hedeby.pdf", quote="Havnebadet åbner 1. juni.", pages=(n,)),)
    question = Question(id=f"r{n}", question=f"Hvornår åbner havnebad {n}?", type="fact", evidence=evidence, mode="any")
    return Example(question, "set.jsonl", X, y, {})


def test_the_pairwise_ranking_keeps_its_order_when_read_as_a_probability() -> None:
    examples = [_ranking_example(n, crowded=n % 2 == 0) for n in range(40)]
    model = fit(examples, c=1.0)
    assert all(first_rank(model.score(e.X), e.y) == 1 for e in examples)
    # … and read as a probability of relevance: about the share of relevant candidates
    p = np.concatenate([model.score(e.X) for e in examples])
    share = np.mean(np.concatenate([e.y for e in examples]))
    assert 0.0 < p.min() and p.max() < 1.0 and abs(p.mean() - share) < 0.05
