"""`arkiv train`: fit the ranking model with question-grouped cross-validation and ship it.

For every answerable question of the given sets, the whole question's candidates (both
retrievers' lists and the chunks carrying a named identifier) are described by
``api.rank.FEATURES`` and labelled by the scoring rule (a candidate is relevant when it
supports a gold quote of the question's PDF). Then:

* outer ``GroupKFold`` (5 folds, groups = questions): on each training part the
  regularisation is chosen by an inner ``GroupKFold`` (3 folds) and a logistic regression
  is fitted; the test part is ranked by it. The table gives MRR@10, hit@1 and hit@5 as
  mean ± sd over the outer folds, beside BM25 only, dense only, the linear fusion and the
  hand-set rules on the same folds, and the in-sample figure of the final fit;
* the final model (regularisation chosen by CV on all questions) is written to
  ``api/ranker.json``.

Needs an index holding the documents the questions are about:
``arkiv ingest corpus evals/fixtures/extra`` first.
"""

from __future__ import annotations

import statistics
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from api.rank import FEATURES, MODEL_PATH, RankModel, feature_matrix
from api.query import read_intent
from evals.metrics import Question, load_questions, supported_items

C_GRID = (0.01, 0.1, 1.0, 10.0)
OUTER, INNER = 5, 3
SYSTEMS = ("bm25 only", "dense only", "linear fusion", "hand-set rules", "learned (CV)")


@dataclass
class Example:
    question: Question
    X: np.ndarray
    y: np.ndarray
    baselines: dict[str, np.ndarray]  # system → score per candidate


def collect(arkiv, files: list[Path]) -> list[Example]:
    out = []
    for path in files:
        for q in load_questions(path):
            if not q.answerable:
                continue
            ranked, cands, rules = arkiv.searcher.explain(q.question, None)
            if not ranked:
                continue
            X = feature_matrix(cands, read_intent(q.question))
            y = np.array([bool(supported_items(q, r.hit.payload["document"], r.hit.text)) for r in ranked], dtype=int)
            out.append(Example(q, X, y, {
                "bm25 only": np.array([r.lexical for r in ranked]),
                "dense only": np.array([r.dense for r in ranked]),
                "linear fusion": np.array([r.score for r in ranked]),
                "hand-set rules": np.array(rules),
            }))
    return out


def first_rank(scores: np.ndarray, y: np.ndarray) -> int | None:
    order = np.argsort(-scores, kind="stable")
    hits = np.nonzero(y[order])[0]
    return int(hits[0]) + 1 if len(hits) else None


def metrics(ranks: list[int | None]) -> dict[str, float]:
    n = len(ranks) or 1
    return {"mrr@10": sum(1 / r for r in ranks if r and r <= 10) / n,
            "hit@1": sum(1 for r in ranks if r == 1) / n,
            "hit@5": sum(1 for r in ranks if r and r <= 5) / n}


def fit(examples: list[Example], c: float) -> RankModel:
    from sklearn.linear_model import LogisticRegression

    X = np.vstack([e.X for e in examples])
    y = np.concatenate([e.y for e in examples])
    mean, scale = X.mean(axis=0), X.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=c, max_iter=2000).fit((X - mean) / scale, y)
    return RankModel(FEATURES, mean, scale, model.coef_[0], float(model.intercept_[0]),
                     version=time.strftime("%Y%m%d-%H%M%S"))


def _cv_mrr(examples: list[Example], c: float, folds: int) -> float:
    from sklearn.model_selection import GroupKFold

    groups = [e.question.id for e in examples]
    ranks: list[int | None] = []
    for train, test in GroupKFold(n_splits=folds).split(examples, groups=groups):
        model = fit([examples[i] for i in train], c)
        ranks += [first_rank(model.score(examples[i].X), examples[i].y) for i in test]
    return metrics(ranks)["mrr@10"]


def choose_c(examples: list[Example]) -> float:
    return max(C_GRID, key=lambda c: _cv_mrr(examples, c, INNER))


def cross_validate(examples: list[Example]) -> tuple[dict[str, list[dict]], dict[str, dict[str, list]], list[float]]:
    """Per system: the outer folds' metrics; per system and question type: the test ranks."""
    from sklearn.model_selection import GroupKFold

    groups = [e.question.id for e in examples]
    per_fold: dict[str, list[dict]] = defaultdict(list)
    per_type: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    chosen = []
    for train, test in GroupKFold(n_splits=OUTER).split(examples, groups=groups):
        part = [examples[i] for i in train]
        c = choose_c(part)
        chosen.append(c)
        model = fit(part, c)
        fold_ranks: dict[str, list] = defaultdict(list)
        for i in test:
            e = examples[i]
            scores = {**e.baselines, "learned (CV)": model.score(e.X)}
            for name in SYSTEMS:
                rank = first_rank(scores[name], e.y)
                fold_ranks[name].append(rank)
                per_type[name][e.question.type].append(rank)
        for name in SYSTEMS:
            per_fold[name].append(metrics(fold_ranks[name]))
    return per_fold, per_type, chosen


def report(examples: list[Example], per_fold, per_type, in_sample: dict[str, float], chosen: list[float]) -> str:
    def cell(name: str, key: str) -> str:
        values = [f[key] for f in per_fold[name]]
        return f"{statistics.mean(values):.3f} ± {statistics.stdev(values):.3f}"
    reachable = sum(1 for e in examples if e.y.any()) / len(examples)
    lines = [f"{len(examples)} answerable questions, {sum(len(e.y) for e in examples)} candidates; a relevant "
             f"candidate exists for {reachable:.3f} of the questions (the ceiling of every row).",
             f"Outer folds: {OUTER} (grouped by question); C chosen per fold by inner {INNER}-fold CV: {chosen}.", "",
             "| system | MRR@10 | hit@1 | hit@5 |", "|---|---|---|---|"]
    for name in SYSTEMS:
        lines.append(f"| {name} | {cell(name, 'mrr@10')} | {cell(name, 'hit@1')} | {cell(name, 'hit@5')} |")
    lines.append(f"| learned, in-sample (final fit) | {in_sample['mrr@10']:.3f} | {in_sample['hit@1']:.3f} "
                 f"| {in_sample['hit@5']:.3f} |")
    types = sorted({t for name in SYSTEMS for t in per_type[name]})
    lines += ["", "Per question type, MRR@10 over the test folds:", "",
              "| type | n | " + " | ".join(SYSTEMS) + " |", "|---|---|" + "---|" * len(SYSTEMS)]
    for t in types:
        n = len(per_type[SYSTEMS[0]][t])
        lines.append(f"| {t} | {n} | " + " | ".join(f"{metrics(per_type[s][t])['mrr@10']:.3f}" for s in SYSTEMS) + " |")
    return "\n".join(lines)


def weights(model: RankModel) -> str:
    order = np.argsort(-np.abs(model.coef))
    return "Standardised weights of the final model (largest first): " + ", ".join(
        f"{model.features[i]} {model.coef[i]:+.2f}" for i in order)


def run_train(arkiv, files: list[Path], out: Path = MODEL_PATH, write: bool = True) -> str:
    examples = collect(arkiv, files)
    if len(examples) < 2 * OUTER:
        raise ValueError(f"only {len(examples)} answerable questions found candidates: is the index empty?")
    per_fold, per_type, chosen = cross_validate(examples)
    c = choose_c(examples)
    model = fit(examples, c)
    model = RankModel(model.features, model.mean, model.scale, model.coef, model.intercept, model.version,
                      trained_on=", ".join(p.name for p in files) + f"; C={c}")
    in_sample = metrics([first_rank(model.score(e.X), e.y) for e in examples])
    text = report(examples, per_fold, per_type, in_sample, chosen) + "\n\n" + weights(model)
    if write:
        model.save(out)
        text += f"\n\nwritten: {out} (version {model.version})"
    return text
