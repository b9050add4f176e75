"""Timeline quality on labelled topics: entry precision, recall and order errors.

    python -m evals.timeline evals/timeline.jsonl evals/timeline2.jsonl evals/timeline3.jsonl  # index in ARKIV_DATA_DIR

`evals/timeline.jsonl` holds topics with the entries a careful reader would list (written by a
helper who had not read the code; see evals/timeline-NOTES.md), `evals/timeline2.jsonl` and
`evals/timeline3.jsonl` more (their NOTES files). A predicted entry matches a gold
one when one of its places is on the gold entry's document and page (or one of the gold entry's
other places) and the two quotes share at least a third of the shorter one's words; each gold
entry is matched once. Order errors: pairs of matched entries the timeline puts in the opposite
order of the gold dates.

The three tunable numbers, the relevance threshold, the statements taken per passage and the
passages read (`api.timeline.RELEVANCE`, `PER_PASSAGE`, `DEPTH`), are chosen by leave-one-topic-out
cross-validation: for each topic, the choice with the best pooled F1 on the other topics is applied to it. The CV figures (mean ± sd over topics) are the honest ones; the
in-sample figures at the shipped threshold are printed beside them.
"""

from __future__ import annotations

import argparse
import json
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

# (relevance, statements per passage, passages read)
GRID = [(round(x, 2), m, d) for x in np.arange(0.30, 0.901, 0.05) for m in (1, 2, 3) for d in (10, 15, 20, 30, 40)]
_WORD = re.compile(r"\w+")


@dataclass
class Score:
    predicted: int
    gold: int
    matched: int
    order_errors: int

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text) if len(w) > 2}


def _places(gold: dict) -> set[tuple[str, int]]:
    return {(gold["document"], int(gold["page"]))} | {(a["document"], int(a["page"])) for a in gold.get("also", [])}


def _same_statement(places: set[tuple[str, int]], words: set[str], gold: dict) -> bool:
    """On one of the gold entry's pages, sharing a third of the shorter quote's words."""
    theirs = _words(gold["quote"])
    return bool(places & _places(gold)) and bool(words) and bool(theirs) and \
        len(words & theirs) >= len(min(words, theirs, key=len)) / 3


def score_topic(entries: list[dict], gold: list[dict]) -> Score:
    """Match predicted ``entries`` (timeline_json's) to ``gold`` entries."""
    used: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for i, e in enumerate(entries):
        here = {(s["document"], int(s["page"])) for s in e["sources"]}
        words = _words(e["quote"])
        j = next((j for j, g in enumerate(gold) if j not in used and _same_statement(here, words, g)), None)
        if j is not None:
            used.add(j)
            pairs.append((i, j))
    dates = [gold[j]["date"] for _, j in sorted(pairs)]
    errors = sum(1 for a in range(len(dates)) for b in range(a + 1, len(dates)) if dates[a][:len(dates[b])] > dates[b][:len(dates[a])])
    return Score(len(entries), len(gold), len(pairs), errors)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("labels", type=Path, nargs="*", default=[Path("evals/timeline.jsonl")])
    parser.add_argument("--fit", action="store_true", help="also cross-validate the learned statement selection")
    args = parser.parse_args()
    from api.engine import Arkiv
    from api.settings import get_settings
    from api.timeline import DEPTH, PER_PASSAGE, RELEVANCE, assemble, candidates, choose, timeline_json

    shipped = (RELEVANCE, PER_PASSAGE, DEPTH)

    topics = [json.loads(line) for labels in args.labels for line in labels.read_text(encoding="utf-8").splitlines()
              if line.strip()]
    with Arkiv(get_settings(), role="evals.timeline") as arkiv:
        deepest = max(depth for *_, depth in GRID)
        ranked = {t["topic"]: arkiv._ranked(t.get("query") or t["topic"], deepest, None, None) for t in topics}
        scores = {}
        for t in topics:
            query = t.get("query") or t["topic"]
            for depth in sorted({cell[2] for cell in GRID}):
                # a passage's statements do not depend on the choice: read them once per depth
                found = candidates(query, ranked[t["topic"]][:depth], arkiv.pages, arkiv.analyzer, arkiv.idf, arkiv.band)
                for cell in (c for c in GRID if c[2] == depth):
                    timeline = assemble(query, choose(found, cell[0], cell[1]), arkiv.pages, arkiv.analyzer)
                    scores[(t["topic"], cell)] = score_topic(timeline_json(timeline)["entries"], t["entries"])
        # the rule's figures (below) and, with --fit, the learned selection's
        if args.fit:
            fit_model(topics, ranked, arkiv)
    names = [t["topic"] for t in topics]

    def preference(cell: tuple[float, int, int], among: list[str]) -> tuple[float, ...]:
        """Best pooled F1 on ``among``; ties go to the stricter choice (higher relevance, fewer
        statements per passage, fewer passages read)."""
        return pooled([scores[(n, cell)] for n in among]), cell[0], -cell[1], -cell[2]

    folds = []
    for held in names:
        rest = [n for n in names if n != held]
        cell = max(GRID, key=lambda t: preference(t, rest))
        folds.append((held, f"{cell[0]:.2f}, {cell[1]}, {cell[2]}", scores[(held, cell)]))
    print(f"# timeline on {len(topics)} labelled topics ({sum(len(t['entries']) for t in topics)} gold entries)\n")
    report(folds, "CV choice (relevance, per passage, depth)")
    inside = [scores[(n, shipped)] for n in names] if shipped in GRID else []
    if inside:
        print(f"in-sample at the shipped choice {shipped}: precision "
              f"{np.mean([s.precision for s in inside]):.3f}, recall {np.mean([s.recall for s in inside]):.3f}")
    best = max(GRID, key=lambda t: preference(t, names))
    print(f"choice with the best pooled F1 on all topics (what to ship): relevance {best[0]}, per passage {best[1]}, "
          f"depth {best[2]}")


def _label(c, gold: list[dict]) -> int:
    """1 when the candidate statement is one the labels list (same page, shared words as in score_topic)."""
    place = {(str(c.ranked.hit.payload.get("document", "")), int(c.sentence.page))}
    words = _words(c.sentence.text)
    return int(any(_same_statement(place, words, g) for g in gold))


def fit_model(topics: list[dict], ranked: dict, arkiv) -> None:
    """Leave-one-topic-out CV of a logistic model over the statements' features, beside the rule.
    (Measured, not shipped: it trades much precision for a little recall — see the README.)"""
    from api.timeline import TIMELINE_FEATURES, build_timeline, candidates, timeline_json
    from evals.train import logistic

    data = {}
    for t in topics:
        cands = candidates(t["query"], ranked[t["topic"]], arkiv.pages, arkiv.analyzer, arkiv.idf, arkiv.band)
        data[t["topic"]] = (np.vstack([c.features for c in cands]), np.array([_label(c, t["entries"]) for c in cands]))
    thresholds = [round(x, 2) for x in np.arange(0.1, 0.91, 0.05)]

    by_name = {t["topic"]: t for t in topics}

    def timelines(model, among):
        return {n: {th: score_topic(timeline_json(build_timeline(
            by_name[n]["query"], ranked[n], arkiv.pages, arkiv.analyzer, arkiv.idf, arkiv.band,
            model=_with(model, th)))["entries"], by_name[n]["entries"]) for th in thresholds} for n in among}

    def choose(model, among):
        scored = timelines(model, among)
        return max(thresholds, key=lambda th: (pooled([scored[n][th] for n in among]), th))

    names = [t["topic"] for t in topics]
    rows = []
    for held in names:
        rest = [n for n in names if n != held]
        model = logistic(np.vstack([data[n][0] for n in rest]), np.concatenate([data[n][1] for n in rest]), 1.0,
                         TIMELINE_FEATURES)
        th = choose(model, rest)
        rows.append((held, f"{th:.2f}", timelines(model, [held])[held][th]))
    print("\n## learned statement selection (logistic regression, leave-one-topic-out CV)\n")
    report(rows, "CV threshold")
    model = logistic(np.vstack([data[n][0] for n in names]), np.concatenate([data[n][1] for n in names]), 1.0,
                     TIMELINE_FEATURES)
    model = _with(model, choose(model, names))
    inside = timelines(model, names)
    print(f"fitted on all topics: threshold {model.threshold}; in-sample precision "
          f"{np.mean([inside[n][model.threshold].precision for n in names]):.3f}, recall "
          f"{np.mean([inside[n][model.threshold].recall for n in names]):.3f}")
    print("weights (standardised):", ", ".join(f"{f} {w:+.2f}" for f, w in zip(TIMELINE_FEATURES, model.coef)))


def _with(model, threshold: float):
    from dataclasses import replace

    return replace(model, threshold=threshold)


def pooled(scores: list[Score]) -> float:
    """F1 of the topics' entries taken together."""
    return Score(sum(s.predicted for s in scores), sum(s.gold for s in scores), sum(s.matched for s in scores), 0).f1


def report(rows: list[tuple[str, str, Score]], choice: str) -> None:
    """Per held-out topic (name, what was chosen without it, its score), then the CV mean ± sd."""
    print(f"| topic | gold | predicted | matched | precision | recall | order errors | {choice} |")
    print("|---|---|---|---|---|---|---|---|")
    for held, chosen, s in rows:
        print(f"| {held} | {s.gold} | {s.predicted} | {s.matched} | {s.precision:.2f} | {s.recall:.2f} | "
              f"{s.order_errors} | {chosen} |")
    p = np.array([s.precision for _, _, s in rows])
    r = np.array([s.recall for _, _, s in rows])
    print(f"\nleave-one-topic-out CV: precision {p.mean():.3f} ± {p.std():.3f}, recall {r.mean():.3f} ± {r.std():.3f}, "
          f"order errors {sum(s.order_errors for _, _, s in rows)}")


if __name__ == "__main__":
    main()
