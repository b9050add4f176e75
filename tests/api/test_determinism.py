"""Answers must not depend on the process: a set of strings iterates in an order that changes with
PYTHONHASHSEED, and a float sum over it in that order changes in its last bits, enough to flip a tie
between two sentences (the same question answered differently after a restart)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_PROGRAM = """
from api.query import coverage
words = [f"ord{i}" for i in range(40)]
weight = {w: 0.1 * (i % 7) + 0.01 * i for i, w in enumerate(words)}.get
print(repr(coverage(set(words), set(words[::3]), weight)))
"""


def test_coverage_is_the_same_in_every_process() -> None:
    results = set()
    for seed in ("1", "2", "3", "4", "5", "6"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-c", _PROGRAM], cwd=ROOT, env=env, capture_output=True, text=True,
                             check=True)
        results.add(out.stdout.strip())
    assert len(results) == 1, results
