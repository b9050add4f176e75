from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from evals.metrics import load_questions, supports

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"the seed texts are not at {SEEDS}")
def test_every_gold_quote_is_verbatim_in_its_seed_and_on_its_page() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "evals" / "check_questions.py"), "evals/dev.jsonl", "evals/own.jsonl",
         "evals/holdout.jsonl", "--seeds", str(SEEDS), "--corpus", str(ROOT / "corpus"), "--require-pages"],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("name, folder", [("extra.jsonl", "extra"), ("extra2.jsonl", "extra2")])
def test_every_gold_quote_about_other_bodies_documents_is_verbatim_on_its_page(name: str, folder: str) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "evals" / "check_questions.py"), f"evals/{name}",
         "--corpus", str(ROOT / "evals" / "fixtures" / folder), "--require-pages"],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# (fresh25 and fresh26 are left out: their writers read Arkiv's cleaned page text, and six grant-list
# quotes are rows as ingest writes them, "Indstillet beløb: 0 | Begrundelse: …", not pypdf's text; README)
def test_every_gold_quote_of_the_fresh_sets_is_verbatim_on_its_page(tmp_path: Path) -> None:
    # The fresh sets ask about the shipped and the other bodies' documents: the check reads them from
    # one folder, all sets in one run so that each PDF is read once.
    fixtures = ROOT / "evals" / "fixtures"
    for pdf in [*(ROOT / "corpus").glob("*.pdf"), *(fixtures / "extra").glob("*.pdf"), *(fixtures / "extra2").glob("*.pdf")]:
        (tmp_path / pdf.name).symlink_to(pdf)
    names = ["fresh.jsonl", *(f"fresh{n}.jsonl" for n in (*range(2, 12), *range(13, 25), *range(27, 99)))]
    result = subprocess.run(
        [sys.executable, str(ROOT / "evals" / "check_questions.py"), *(f"evals/{name}" for name in names),
         "--corpus", str(tmp_path), "--require-pages", "--each-alone", "--quiet-warnings"],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("-> OK") == len(names), result.stdout


def test_other_bodies_question_set_covers_every_document_and_has_unanswerables() -> None:
    questions = load_questions(ROOT / "evals" / "extra.jsonl")
    cited = {e.pdf for q in questions for e in q.evidence}
    assert cited == {p.name for p in (ROOT / "evals" / "fixtures" / "extra").glob("*.pdf")}
    assert len(questions) >= 60 and sum(not q.answerable for q in questions) >= 10


def test_own_question_set_is_large_and_varied_enough() -> None:
    questions = load_questions(ROOT / "evals" / "own.jsonl")
    types = {q.type for q in questions}
    assert len(questions) >= 60 and sum(not q.answerable for q in questions) >= 10
    assert sum(q.type == "english" for q in questions) >= 5
    assert {"status", "decision", "recommendation", "fact", "paraphrase", "identifier", "multi"} <= types


def test_matching_rule_ignores_case_punctuation_and_hyphenation() -> None:
    assert supports("Det er forventningen, at akuttelefonen og styrkelsen skal implementeres i 2025.",
                    "akuttelefonen og styr- kelsen skal implementeres i 2025")
    assert not supports("Rådet holder fire møder.", "akuttelefonen og styrkelsen skal implementeres i 2025")


def test_matching_rule_reads_a_table_row_as_the_page_prints_its_cells() -> None:
    row = "Sag: Serviceniveau for 2026 | Afd.: Borgervelfærd | Forventet fremsendt: November"
    assert supports(row, "Serviceniveau for 2026 Borgervelfærd November")  # the gold quote copies the page
    assert supports(row, "Serviceniveau for 2026 | Afd.: Borgervelfærd")  # and the row as written counts too
    assert not supports(row, "Serviceniveau for 2027 Borgervelfærd November")


def test_cross_validation_keeps_the_questions_about_one_page_in_one_group() -> None:
    """Paraphrases of one question (the sets hold several about the same passage) must not sit
    in both a training and a test fold: they are grouped by the page they ask about."""
    from collections import Counter

    questions = [q for f in sorted((ROOT / "evals").glob("*.jsonl")) if "timeline" not in f.name
                 for q in load_questions(f)]
    groups = Counter(q.group for q in questions if q.answerable)
    assert max(groups.values()) > 1  # the sets do ask about the same pages more than once
    for q in questions:
        if q.answerable:
            e = q.evidence[0]
            assert q.group == f"{e.pdf}:{e.pages[0]}"
    unanswerable = [q for q in questions if not q.answerable]
    assert unanswerable and all(q.group and ":" not in q.group for q in unanswerable)
