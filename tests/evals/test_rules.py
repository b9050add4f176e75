"""evals/rules.py: a rule's record is what it adds, counted per kind of question."""

from __future__ import annotations

from evals.rules import Record, tally


def test_a_rules_record_counts_right_citations_answers_and_abstentions() -> None:
    rows = [{"found": True, "top1": True}, {"found": True, "top1": False}, {"found": False, "top1": False},
            {"found": False}, {"found": True}]
    assert tally(rows) == Record(top1=1, found=2, abstained=1)
    assert Record(5, 9, 20).minus(Record(6, 10, 12)) == "-1 / -1 / +8"
