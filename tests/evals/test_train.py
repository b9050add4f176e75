"""The "found" model `arkiv train` fits: it decides only what no refusal rule decided."""

from __future__ import annotations

import numpy as np

from api.answer import FOUND_FEATURES
from evals.metrics import Evidence, Question
from evals.train import FoundExample, _fit_found


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
