"""The refusal vocabulary: one enum for every reason an answer is withheld, each rule in one table."""

from __future__ import annotations

import json

from api.answer import _RULES
from api.refusal import Refusal


def test_every_rule_gives_its_own_reason() -> None:
    reasons = [reason for reason, _ in _RULES]
    assert len(reasons) == len(set(reasons))
    assert Refusal.LOW_CONFIDENCE not in reasons  # a threshold, not evidence that the documents do not answer


def test_a_refusal_reads_as_its_sentence_in_json_and_text() -> None:
    assert json.dumps({"refusal": Refusal.FACT_UNSTATED}) == '{"refusal": "no passage states the asked-for fact"}'
    assert f"{Refusal.LOW_CONFIDENCE}" == "low confidence"
    assert Refusal.FACT_UNSTATED == "no passage states the asked-for fact"
