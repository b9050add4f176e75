"""What each refusal rule contributes, and whether it holds on questions written after it.

Every question of the given sets is answered with all the rules of ``api.answer._RULES``, then once
with each rule left out (retrieval does not depend on them and is read once per question). A rule's
record on a set of questions: the right first citations it costs (answerable questions it refuses
whose answer would have cited right), the answers it withholds, the abstentions it adds. A rule is
dated by the first commit that carries its reason (``git log -S``), a question set by the commit that
added it: the sets added after a rule were written without it in view, so they are its out-of-sample
record; the sets before are the questions it was made on.

    python -m evals.rules $(ls evals/*.jsonl | grep -v timeline)

Needs the git history and an index holding the questions' documents.
"""

from __future__ import annotations

import argparse
import functools
import subprocess
from dataclasses import dataclass
from pathlib import Path

from api.answer import _RULES
from api.refusal import Refusal
from evals.metrics import load_questions
from evals.run import answer_rows


@dataclass
class Record:
    top1: int = 0  # right first citations
    found: int = 0  # answerable questions answered
    abstained: int = 0  # unanswerable questions refused

    def minus(self, other: "Record") -> str:
        return f"{self.top1 - other.top1:+d} / {self.found - other.found:+d} / {self.abstained - other.abstained:+d}"


def _git_date(*args: str) -> str:
    out = subprocess.run(["git", "log", "--format=%aI", *args], capture_output=True, text=True, check=False).stdout
    dates = out.split()
    return min(dates) if dates else ""


def rule_date(reason: Refusal) -> str:
    return _git_date("-S", reason.value)


def set_date(path: Path) -> str:
    return _git_date("--diff-filter=A", "--", str(path))


def tally(rows: list[dict]) -> Record:
    r = Record()
    for row in rows:
        if "top1" in row:
            r.top1 += bool(row["top1"])
            r.found += bool(row["found"])
        else:
            r.abstained += not row["found"]
    return r


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", type=Path, nargs="+")
    args = parser.parse_args()
    from api.engine import Arkiv
    from api.settings import get_settings

    sets = {path: load_questions(path) for path in args.files}
    dated = {path: set_date(path) for path in sets}
    with Arkiv(get_settings(), role="evals.rules") as arkiv:
        arkiv._ranked = functools.lru_cache(maxsize=None)(arkiv._ranked)  # type: ignore[method-assign]
        runs: dict[Refusal | None, dict[Path, list[dict]]] = {}
        for reason in [None, *(reason for reason, _ in _RULES)]:
            arkiv.skip_refusals = frozenset({reason}) if reason else frozenset()
            runs[reason] = {path: answer_rows(arkiv, questions)[1] for path, questions in sets.items()}
    everything = runs[None]
    n_ans = sum(1 for rows in everything.values() for row in rows if "top1" in row)
    print(f"# refusal rules on {len(sets)} question sets ({n_ans} answerable, "
          f"{sum(len(rows) for rows in everything.values()) - n_ans} unanswerable)\n")
    print("What each rule contributes (with it minus without it): right first citations / answerable questions "
          "answered / unanswerable questions refused; on the sets added before the rule and on those added "
          "after it (its out-of-sample record).\n")
    print("| rule | first in | refuses | sets before: Δ | sets after (answerable / unanswerable): Δ |")
    print("|---|---|---|---|---|")
    for reason, _ in _RULES:
        since = rule_date(reason)
        without = runs[reason]
        fired = sum(1 for path in sets for a, b in zip(everything[path], without[path]) if a["found"] != b["found"])
        cells = []
        for after in (False, True):
            paths = [p for p in sets if (dated[p] > since) == after]
            mine = tally([row for p in paths for row in everything[p]])
            theirs = tally([row for p in paths for row in without[p]])
            size = ""
            if after:
                rows = [row for p in paths for row in everything[p]]
                answerable = sum(1 for row in rows if "top1" in row)
                size = f"{len(paths)} sets ({answerable} / {len(rows) - answerable}): "
            cells.append(size + mine.minus(theirs))
        print(f"| {reason.name} | {since[:10]} | {fired} | {cells[0]} | {cells[1]} |")


if __name__ == "__main__":
    main()
