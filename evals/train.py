"""`arkiv train`: fit the ranking model with question-grouped cross-validation and ship it.

For every answerable question of the given sets, the whole question's candidates (both
retrievers' lists and the chunks carrying a named identifier) are described by
``api.rank.FEATURES`` and labelled by the scoring rule (a candidate is relevant when it
supports a gold quote of the question's PDF). Then:

* outer ``GroupKFold`` (5 folds, groups = the page a question asks about, ``Question.group``): on each training part the
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

from api.rank import FEATURES, MODEL_PATH, LinearModel, feature_matrix
from api.query import read_intent
from evals.metrics import Question, load_questions, supported_items

C_GRID = (0.01, 0.1, 1.0, 10.0)
OUTER, INNER = 5, 3
SYSTEMS = ("bm25 only", "dense only", "linear fusion", "hand-set rules", "pointwise (CV)", "learned (CV)", "trees (CV)")


@dataclass
class Example:
    question: Question
    source: str  # the question set's file name
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
            out.append(Example(q, path.name, X, y, {
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


def _standardisation(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each feature's mean and standard deviation (1 where it does not vary), as the LinearModel stores them."""
    mean, scale = X.mean(axis=0), X.std(axis=0)
    scale[scale == 0] = 1.0
    return mean, scale


def logistic(X: np.ndarray, y: np.ndarray, c: float, features: tuple[str, ...]) -> LinearModel:
    """A logistic regression on standardised features, as the LinearModel the server reads."""
    from sklearn.linear_model import LogisticRegression

    mean, scale = _standardisation(X)
    model = LogisticRegression(C=c, max_iter=2000).fit((X - mean) / scale, y)
    return LinearModel(features, mean, scale, model.coef_[0], float(model.intercept_[0]),
                       version=time.strftime("%Y%m%d-%H%M%S"))


def pointwise(examples: list[Example], c: float) -> LinearModel:
    """Each candidate on its own: P(relevant) from its features (the shipped model until the
    thirty-third session; measured beside the pairwise one on the same folds)."""
    return logistic(np.vstack([e.X for e in examples]), np.concatenate([e.y for e in examples]), c, FEATURES)


def fit(examples: list[Example], c: float) -> LinearModel:
    """The ranking: which of two candidates of the same question is the relevant one.

    A logistic regression on the standardised feature differences of every (relevant, irrelevant)
    pair of one question's candidates (RankNet's loss with a linear score), each question weighing
    about the same (its pairs weighted 1/√(relevant × irrelevant)). Fitted on candidates one by one,
    the model spends itself on telling the many plainly irrelevant candidates from the rest; the
    order at the top is what an answer quotes. Then one more logistic regression maps the score to
    P(relevant) on the same candidates, so that the server reads the same kind of number as before
    (the "found" model's ``top_score``, the answer's sentences weighed by their passage's score);
    the order is the pairwise one. Stored as the same LinearModel."""
    from sklearn.linear_model import LogisticRegression

    X = np.vstack([e.X for e in examples])
    mean, scale = _standardisation(X)
    Z = (X - mean) / scale
    starts = np.cumsum([0] + [len(e.X) for e in examples])
    diffs, weights = [], []
    for e, start in zip(examples, starts):
        z = Z[start:start + len(e.X)]
        pos, neg = np.nonzero(e.y)[0], np.nonzero(1 - e.y)[0]
        if not len(pos) or not len(neg):
            continue
        w = 1.0 / np.sqrt(len(pos) * len(neg))
        for p in pos:
            diffs.append(z[p] - z[neg])
            weights.append(np.full(len(neg), w))
    if not diffs:  # no question with both kinds of candidate: nothing to order
        return pointwise(examples, c)
    d, w = np.vstack(diffs), np.concatenate(weights)
    # Both orders of each pair, so that the two classes are the same pairs (no intercept: a pair's
    # order does not depend on which of the two is written first).
    order = LogisticRegression(C=c, fit_intercept=False, max_iter=3000).fit(
        np.vstack([d, -d]), np.r_[np.ones(len(w)), np.zeros(len(w))], sample_weight=np.r_[w, w] / w.mean())
    coef = order.coef_[0]
    s = Z @ coef
    calibration = LogisticRegression(C=1e4, max_iter=2000).fit(s[:, None], np.concatenate([e.y for e in examples]))
    # Across questions a higher score need not mean more often relevant (a crowded question's
    # candidates may all score high): the slope is kept positive, so the order stays the pairwise one.
    a = max(float(calibration.coef_[0][0]), 1e-3)
    return LinearModel(FEATURES, mean, scale, coef * a, float(calibration.intercept_[0]),
                       version=time.strftime("%Y%m%d-%H%M%S"))


def _cv_mrr(examples: list[Example], c: float, folds: int) -> float:
    from sklearn.model_selection import GroupKFold

    groups = [e.question.group for e in examples]
    ranks: list[int | None] = []
    for train, test in GroupKFold(n_splits=folds).split(examples, groups=groups):
        model = fit([examples[i] for i in train], c)
        ranks += [first_rank(model.score(examples[i].X), examples[i].y) for i in test]
    return metrics(ranks)["mrr@10"]


def _trees(examples: list[Example]):
    """Gradient-boosted trees over the same features, on the same folds: measured beside the
    logistic model, not shipped (README "Learned ranking": no better once folds keep a page's
    questions together). Settings fixed, not chosen: nothing is tuned on the test folds."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    return HistGradientBoostingClassifier(max_iter=300, learning_rate=0.05, max_leaf_nodes=31, min_samples_leaf=40,
                                          l2_regularization=1.0, random_state=0).fit(
        np.vstack([e.X for e in examples]), np.concatenate([e.y for e in examples]))


def choose_c(examples: list[Example]) -> float:
    return max(C_GRID, key=lambda c: _cv_mrr(examples, c, INNER))


def cross_validate(examples: list[Example]) -> tuple[dict[str, list[dict]], dict[str, dict[str, list]], list[float],
                                                    dict[str, LinearModel]]:
    """Per system: the outer folds' metrics; per system and question type: the test ranks; and for
    each question the model of the fold it was tested in (the ranking it gets as an unseen question)."""
    from sklearn.model_selection import GroupKFold

    groups = [e.question.group for e in examples]
    per_fold: dict[str, list[dict]] = defaultdict(list)
    per_type: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    chosen = []
    unseen: dict[str, LinearModel] = {}
    for train, test in GroupKFold(n_splits=OUTER).split(examples, groups=groups):
        part = [examples[i] for i in train]
        c = choose_c(part)
        chosen.append(c)
        model = fit(part, c)
        unseen.update({examples[i].question.id: model for i in test})
        single = pointwise(part, c)  # the same C: the comparison is of the loss, not of the penalty
        trees = _trees(part)
        fold_ranks: dict[str, list] = defaultdict(list)
        for i in test:
            e = examples[i]
            scores = {**e.baselines, "pointwise (CV)": single.score(e.X), "learned (CV)": model.score(e.X),
                      "trees (CV)": trees.predict_proba(e.X)[:, 1]}
            for name in SYSTEMS:
                rank = first_rank(scores[name], e.y)
                fold_ranks[name].append(rank)
                per_type[name][e.question.type].append(rank)
                per_type[name][f"set: {e.source}"].append(rank)
        for name in SYSTEMS:
            per_fold[name].append(metrics(fold_ranks[name]))
    return per_fold, per_type, chosen, unseen


def report(examples: list[Example], per_fold, per_type, in_sample: dict[str, float], chosen: list[float]) -> str:
    def cell(name: str, key: str) -> str:
        values = [f[key] for f in per_fold[name]]
        return f"{statistics.mean(values):.3f} ± {statistics.stdev(values):.3f}"
    reachable = sum(1 for e in examples if e.y.any()) / len(examples)
    lines = [f"{len(examples)} answerable questions, {sum(len(e.y) for e in examples)} candidates; a relevant "
             f"candidate exists for {reachable:.3f} of the questions (the ceiling of every row).",
             f"Outer folds: {OUTER} (grouped by the page asked about); C chosen per fold by inner {INNER}-fold CV: {chosen}.", "",
             "| system | MRR@10 | hit@1 | hit@5 |", "|---|---|---|---|"]
    for name in SYSTEMS:
        lines.append(f"| {name} | {cell(name, 'mrr@10')} | {cell(name, 'hit@1')} | {cell(name, 'hit@5')} |")
    lines.append(f"| learned, in-sample (final fit) | {in_sample['mrr@10']:.3f} | {in_sample['hit@1']:.3f} "
                 f"| {in_sample['hit@5']:.3f} |")
    types = sorted({t for name in SYSTEMS for t in per_type[name]})
    lines += ["", "Per question type and per question set, MRR@10 over the test folds (each question is tested once):", "",
              "| type | n | " + " | ".join(SYSTEMS) + " |", "|---|---|" + "---|" * len(SYSTEMS)]
    for t in types:
        n = len(per_type[SYSTEMS[0]][t])
        lines.append(f"| {t} | {n} | " + " | ".join(f"{metrics(per_type[s][t])['mrr@10']:.3f}" for s in SYSTEMS) + " |")
    return "\n".join(lines)


def weights(model: LinearModel) -> str:
    order = np.argsort(-np.abs(model.coef))
    return "Standardised weights of the final model (largest first): " + ", ".join(
        f"{model.features[i]} {model.coef[i]:+.2f}" for i in order)


def run_train(arkiv, files: list[Path], out: Path = MODEL_PATH, write: bool = True) -> str:
    examples = collect(arkiv, files)
    if len(examples) < 2 * OUTER:
        raise ValueError(f"only {len(examples)} answerable questions found candidates: is the index empty?")
    per_fold, per_type, chosen, unseen = cross_validate(examples)
    c = choose_c(examples)
    model = fit(examples, c)
    model = LinearModel(model.features, model.mean, model.scale, model.coef, model.intercept, model.version,
                      trained_on=", ".join(p.name for p in files) + f"; C={c}", embedder=arkiv.embedder.name)
    in_sample = metrics([first_rank(model.score(e.X), e.y) for e in examples])
    text = report(examples, per_fold, per_type, in_sample, chosen) + "\n\n" + weights(model)
    if write:
        model.save(out)
        text += f"\n\nwritten: {out} (version {model.version})"
    # The answer's first sentence, then "found", are fitted on what each question gets from a
    # ranking (and a sentence choice) that never saw it.
    sentences, chosen_by, chooser = run_train_sentences(arkiv, files, write, rankers=unseen, default=model)
    found = run_train_found(arkiv, files, write, rankers=unseen, default=model,
                            sentence_models=chosen_by, sentence_default=chooser)
    arkiv.searcher.ranker = model
    return text + "\n\n" + sentences + "\n\n" + found


# ------------------------------------------------------------------------------- sentences

@dataclass
class SentenceGroup:
    """The quotable sentences of the passage a question's answer leads with, and for each whether
    the quote it becomes (completed with its neighbour as /ask shows it) supports a gold quote."""

    question: Question
    X: np.ndarray
    y: np.ndarray
    hand: np.ndarray  # the hand-set sentence score


SENTENCE_SYSTEMS = ("first sentence", "most question words", "nearest (cosine)", "hand-set score", "learned (CV)")


def collect_sentences(arkiv, files: list[Path], rankers: dict[str, LinearModel] | None = None,
                      default: LinearModel | None = None) -> tuple[list[SentenceGroup], int]:
    """Groups for the answerable questions whose first passage holds a right sentence among others
    (only there does the choice matter), and the number of answerable questions asked."""
    from api.answer import _completed, quotable_sentences, sentence_rows
    from api.query import content_terms

    out, asked = [], 0
    for path in files:
        for q in load_questions(path):
            if not q.answerable:
                continue
            asked += 1
            if rankers is not None:
                arkiv.searcher.ranker = rankers.get(q.id, default)
            vector = arkiv.embedder.query(q.question)
            ranked = arkiv.search(q.question, 10, vector=vector)
            if not ranked:
                continue
            cands = quotable_sentences(ranked[:5], arkiv.pages, content_terms(q.question, arkiv.analyzer),
                                       arkiv.analyzer, read_intent(q.question), arkiv.idf)
            first = [c for c in cands if c.rank == 0]
            if len(first) < 2 or max(c.score for c in cands) <= 0:
                continue  # one sentence, or none shares a word with the question: the cosine chooses there
            document = ranked[0].hit.payload["document"]
            y = np.array([bool(supported_items(q, document, _completed([c])[0].text)) for c in first], dtype=int)
            if y.any():
                cosines = arkiv.question_vectors(vector).cosines(ranked[0].hit, [c.text for c in first])
                if cosines is None:
                    continue  # (a passage without kept sentence vectors: the cosine is unknown, not 0)
                out.append(SentenceGroup(q, sentence_rows(first, cosines), y, np.array([c.score for c in first])))
    return out, asked


def _fit_sentences(groups: list[SentenceGroup], c: float) -> LinearModel:
    from api.answer import SENTENCE_FEATURES

    return logistic(np.vstack([g.X for g in groups]), np.concatenate([g.y for g in groups]), c, SENTENCE_FEATURES)


def _right(scores: np.ndarray, g: SentenceGroup) -> bool:
    return bool(g.y[int(np.argmax(scores))])


def _cv_sentences(groups: list[SentenceGroup], c: float, folds: int) -> float:
    from sklearn.model_selection import GroupKFold

    right = []
    for train, test in GroupKFold(n_splits=folds).split(groups, groups=[g.question.group for g in groups]):
        model = _fit_sentences([groups[i] for i in train], c)
        right += [_right(model.score(groups[i].X), groups[i]) for i in test]
    return sum(right) / len(right)


def run_train_sentences(arkiv, files: list[Path], write: bool = True, rankers: dict[str, LinearModel] | None = None,
                        default: LinearModel | None = None,
                        ) -> tuple[str, dict[str, LinearModel], LinearModel | None]:
    """Fit the choice of the answer's first sentence within its passage; print the CV table beside the
    passage's first sentence, the sentence with the most question words and the hand-set score on the
    same folds. Returns the table, per question the sentence model of the fold it was tested in, and
    the final model (None, and nothing written, when too few questions tell sentences apart)."""
    from sklearn.model_selection import GroupKFold

    from api.answer import SENTENCE_PATH

    groups, asked = collect_sentences(arkiv, files, rankers, default)
    if len(groups) < 2 * OUTER:
        return (f"Answer sentence: only {len(groups)} questions have a right sentence among others in their first "
                "passage: too few to fit the choice; the hand-set sentence score stays.", {}, None)
    per_fold: dict[str, list[float]] = defaultdict(list)
    unseen: dict[str, LinearModel] = {}
    chosen = []
    for train, test in GroupKFold(n_splits=OUTER).split(groups, groups=[g.question.group for g in groups]):
        part = [groups[i] for i in train]
        c = max(C_GRID, key=lambda c: _cv_sentences(part, c, INNER))
        chosen.append(c)
        model = _fit_sentences(part, c)
        unseen.update({groups[i].question.id: model for i in test})
        held = [groups[i] for i in test]
        scores = {"first sentence": lambda g: -np.arange(len(g.y), dtype=float),
                  "most question words": lambda g: g.X[:, 0], "nearest (cosine)": lambda g: g.X[:, -1],
                  "hand-set score": lambda g: g.hand,
                  "learned (CV)": lambda g: model.score(g.X)}
        for name in SENTENCE_SYSTEMS:
            per_fold[name].append(sum(_right(scores[name](g), g) for g in held) / len(held))
    c = max(C_GRID, key=lambda c: _cv_sentences(groups, c, INNER))
    model = _fit_sentences(groups, c)
    model = LinearModel(model.features, model.mean, model.scale, model.coef, model.intercept, model.version,
                        trained_on=", ".join(p.name for p in files) + f"; C={c}", embedder=arkiv.embedder.name)
    in_sample = sum(_right(model.score(g.X), g) for g in groups) / len(groups)
    lines = [f"Answer sentence: {len(groups)} of {asked} answerable questions lead with a passage that holds a right "
             f"sentence among {sum(len(g.y) for g in groups) / len(groups):.1f} quotable ones on average; share whose "
             f"first quote is right (outer {OUTER} folds grouped by the page asked about; C per fold by inner CV: {chosen}):", "",
             "| first sentence chosen by | right |", "|---|---|"]
    for name in SENTENCE_SYSTEMS:
        v = per_fold[name]
        lines.append(f"| {name} | {statistics.mean(v):.3f} ± {statistics.stdev(v):.3f} |")
    lines += [f"| learned, in-sample (final fit) | {in_sample:.3f} |", "", weights(model)]
    if statistics.mean(per_fold["learned (CV)"]) < statistics.mean(per_fold["hand-set score"]):
        # Model selection on the same folds: a fitted choice that does worse than the hand-set score
        # on questions it never saw is not shipped.
        lines.append("\nThe learned choice does worse than the hand-set score on the held-out folds: "
                     "the hand-set score stays.")
        if write and SENTENCE_PATH.is_file():
            SENTENCE_PATH.unlink()
            lines.append(f"removed: {SENTENCE_PATH}")
        return "\n".join(lines), {}, None
    if write:
        model.save(SENTENCE_PATH)
        lines.append(f"\nwritten: {SENTENCE_PATH} (version {model.version})")
    return "\n".join(lines), unseen, model


# ------------------------------------------------------------------------------- found

@dataclass
class FoundExample:
    question: Question
    source: str
    x: np.ndarray
    answerable: bool
    refused: bool  # an exact evidence rule refused, whatever the model says
    rules_conf: float  # the hand-set confidence, for the old threshold on the same folds
    top1: bool = False  # the answer's first citation supports a gold quote (answerable questions)


TARGET_ANSWERED = 0.93
T_GRID = tuple(round(t, 2) for t in np.arange(0.05, 0.96, 0.01))


def collect_found(arkiv, files: list[Path], rankers: dict[str, LinearModel] | None = None,
                  default: LinearModel | None = None,
                  sentence_models: dict[str, LinearModel] | None = None,
                  sentence_default: LinearModel | None = None) -> list[FoundExample]:
    """Each question answered as an unseen one: ranked by the model of the fold it was tested in
    (an unanswerable question was never in the ranking's training data: the final model)."""
    from api.answer import assess

    out = []
    for path in files:
        for q in load_questions(path):
            if rankers is not None:
                arkiv.searcher.ranker = rankers.get(q.id, default)
            vector = arkiv.embedder.query(q.question)
            ranked = arkiv.search(q.question, 10, vector=vector)
            chooser = (sentence_models or {}).get(q.id, sentence_default)
            a = assess(q.question, ranked, arkiv.pages, arkiv.analyzer, arkiv.embedder, 5, arkiv.idf,
                       sentence_model=chooser, vectors=arkiv.question_vectors(vector))
            first = ranked[a.chosen[0].rank].hit if a.chosen else None
            top1 = bool(first and supported_items(q, first.payload["document"], first.text))
            out.append(FoundExample(q, path.name, a.features, q.answerable, bool(a.refusal), a.confidence, top1))
    return out


def _rates(p: np.ndarray, examples: list[FoundExample], t: float) -> tuple[float, float, float]:
    """(answered share of answerable, abstained share of unanswerable, share of answerable questions
    answered with a right first citation) at threshold ``t``."""
    found = [(pi >= t) and not e.refused for pi, e in zip(p, examples)]
    ans = [f for f, e in zip(found, examples) if e.answerable]
    una = [not f for f, e in zip(found, examples) if not e.answerable]
    right = [f and e.top1 for f, e in zip(found, examples) if e.answerable]
    n = len(ans) or 1
    return sum(ans) / n, (sum(una) / len(una) if una else 0.0), sum(right) / n


def _fit_found(examples: list[FoundExample], c: float) -> LinearModel:
    """Fitted on the questions no refusal rule refused: those are the ones its probability decides.
    Fitted on all, it learned mostly what the rules already tell (an unstated fact, a missing name)
    and told the rest apart no better than chance (out-of-fold AUC 0.48 on the unrefused, 0.66
    fitted on them alone; 72 sets, 3,576 questions)."""
    from api.answer import FOUND_FEATURES

    passed = [e for e in examples if not e.refused]
    if len({e.answerable for e in passed}) < 2:
        passed = examples  # (a small set whose unanswerable questions the rules all refused)
    y = np.array([e.answerable for e in passed], dtype=int)
    return logistic(np.vstack([e.x for e in passed]), y, c, FOUND_FEATURES)


def _oof(examples: list[FoundExample], c: float, folds: int) -> np.ndarray:
    from sklearn.model_selection import StratifiedGroupKFold

    p = np.zeros(len(examples))
    y = [e.answerable for e in examples]
    groups = [e.question.group for e in examples]
    for train, test in StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=0).split(examples, y, groups):
        model = _fit_found([examples[i] for i in train], c)
        p[test] = model.score(np.vstack([examples[i].x for i in test]))
    return p


def _choose_found(examples: list[FoundExample]) -> tuple[float, float]:
    """(C, threshold) by inner CV: the C with the best log-loss, then the highest threshold that
    still answers TARGET_ANSWERED of the answerable questions on the out-of-fold probabilities."""
    from sklearn.metrics import log_loss

    y = [e.answerable for e in examples]
    passed = [i for i, e in enumerate(examples) if not e.refused] or list(range(len(examples)))

    def loss(c: float) -> float:  # on the questions the probability decides (``_fit_found``)
        p = _oof(examples, c, INNER)
        return log_loss([y[i] for i in passed], np.clip(p[passed], 1e-6, 1 - 1e-6), labels=[0, 1])
    best = min(C_GRID, key=loss)
    p = _oof(examples, best, INNER)
    ok = [t for t in T_GRID if _rates(p, examples, t)[0] >= TARGET_ANSWERED]
    return best, max(ok) if ok else T_GRID[0]


def cross_validate_found(examples: list[FoundExample]) -> tuple[str, np.ndarray]:
    from sklearn.model_selection import StratifiedGroupKFold

    y = [e.answerable for e in examples]
    groups = [e.question.group for e in examples]
    rows: dict[str, list[tuple[float, float, float]]] = defaultdict(list)
    oof = np.zeros(len(examples))
    thresholds = np.zeros(len(examples))
    for train, test in StratifiedGroupKFold(n_splits=OUTER, shuffle=True, random_state=1).split(examples, y, groups):
        part = [examples[i] for i in train]
        held = [examples[i] for i in test]
        c, t = _choose_found(part)
        model = _fit_found(part, c)
        p = model.score(np.vstack([e.x for e in held]))
        oof[test] = p
        thresholds[test] = t
        rows["learned (C, threshold by inner CV)"].append(_rates(p, held, t))
        rules = np.array([e.rules_conf for e in held])
        rows["hand-set confidence ≥ 0.45 + rules"].append(_rates(rules, held, 0.45))
    lines = ["| found | answered (answerable) | abstained (unanswerable) | top-1 citation right (answerable) |",
             "|---|---|---|---|"]
    for name, values in rows.items():
        cells = []
        for k in range(3):
            v = [row[k] for row in values]
            cells.append(f"{statistics.mean(v):.3f} ± {statistics.stdev(v):.3f}")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    from sklearn.metrics import roc_auc_score

    passed = [i for i, e in enumerate(examples) if not e.refused]
    if len({y[i] for i in passed}) == 2:
        lines += ["", f"Out-of-fold AUC of P(found) on the {len(passed)} questions no rule refused (the ones it "
                      f"decides): {roc_auc_score([y[i] for i in passed], oof[passed]):.3f}"]
    lines += ["", "Per question set (out-of-fold probabilities, each fold's own threshold):", "",
              "| set | questions | answered | abstained | top-1 citation right |", "|---|---|---|---|---|"]
    for source in sorted({e.source for e in examples}):
        idx = [i for i, e in enumerate(examples) if e.source == source]
        found = [(oof[i] >= thresholds[i]) and not examples[i].refused for i in idx]
        ans = [f for f, i in zip(found, idx) if examples[i].answerable]
        una = [not f for f, i in zip(found, idx) if not examples[i].answerable]
        right = [f and examples[i].top1 for f, i in zip(found, idx) if examples[i].answerable]
        lines.append(f"| {source} | {len(idx)} | {sum(ans) / max(1, len(ans)):.3f} | "
                     f"{(sum(una) / len(una)) if una else float('nan'):.3f} | {sum(right) / max(1, len(right)):.3f} |")
    return "\n".join(lines), oof


def reliability(p: np.ndarray, examples: list[FoundExample], bins: int = 5) -> str:
    """Out-of-fold probability of "found" against how often the question was answerable, over the
    questions no rule refused (the others are refused whatever the probability)."""
    edges = np.linspace(0, 1, bins + 1)
    lines = ["| P(found) | questions | answerable share |", "|---|---|---|"]
    for lo, hi in zip(edges, edges[1:]):
        idx = [i for i, v in enumerate(p) if (lo <= v < hi or (hi == 1 and v == 1)) and not examples[i].refused]
        if idx:
            share = sum(examples[i].answerable for i in idx) / len(idx)
            lines.append(f"| {lo:.1f}–{hi:.1f} | {len(idx)} | {share:.3f} |")
    return "\n".join(lines)


def run_train_found(arkiv, files: list[Path], write: bool = True, rankers: dict[str, LinearModel] | None = None,
                    default: LinearModel | None = None, sentence_models: dict[str, LinearModel] | None = None,
                    sentence_default: LinearModel | None = None) -> str:
    from api.answer import FOUND_PATH

    examples = collect_found(arkiv, files, rankers, default, sentence_models, sentence_default)
    table, oof = cross_validate_found(examples)
    c, t = _choose_found(examples)
    model = _fit_found(examples, c)
    model = LinearModel(model.features, model.mean, model.scale, model.coef, model.intercept, model.version,
                        trained_on=", ".join(p.name for p in files) + f"; C={c}", threshold=t,
                        embedder=arkiv.embedder.name)
    n_una = sum(not e.answerable for e in examples)
    text = (f"Found: {len(examples)} questions ({n_una} unanswerable); threshold for ≥ {TARGET_ANSWERED} answered "
            f"chosen by CV: {t}\n\n{table}\n\nReliability of the out-of-fold probabilities:\n\n"
            f"{reliability(oof, examples)}\n\n{weights(model)}")
    if write:
        model.save(FOUND_PATH)
        text += f"\n\nwritten: {FOUND_PATH} (version {model.version})"
    return text
