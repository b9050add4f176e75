"""kill -9 during ingest never leaves a half-written index (quick version of evals/crash.py).

Real child processes, real model, real embedded Qdrant, on three small generated PDFs:
one SIGKILL inside each step of a document's commit and two at random times.
"""

from __future__ import annotations

import random
from pathlib import Path

from evals.crash import STAGES, campaign
from tests.pdfgen import write_text_pdf

WORDS = ("regionen kommunen psykiatrien borgeren patienten sengepladser akuttelefonen tvang ventetid "
         "udvalget indsatsen planen økonomien personalet pårørende behandlingen").split()


def notat(path: Path, title: str, seed: int) -> Path:
    rng = random.Random(seed)
    pages = [[" ".join(rng.choice(WORDS) for _ in range(9)).capitalize() + "." for _ in range(5)] for _ in range(3)]
    return write_text_pdf(path, pages, title=title)


def test_kill_minus_9_leaves_each_document_before_or_after_never_half(tmp_path: Path) -> None:
    old, new, extra = (notat(tmp_path / f"{n}.pdf", f"Notat {n}", i) for i, n in enumerate(("gammel", "ny", "andet")))
    lines: list[str] = []
    runs = campaign(old, new, extra, runs=2, stages=True, seed=7, out=lines.append)
    assert all(not r.problems for r in runs), "\n".join(lines)
    staged = [r for r in runs if r.how.startswith("stage=")]
    assert len(staged) == len(STAGES) and all(r.killed for r in staged), "\n".join(lines)
    # Killed before the manifest switch: the old version; after it: the new one (repair removes the rest).
    versions = {r.how: sorted(e["file_name"] + ":" + e["sha256"][:8] for e in r.repaired["entries"].values())
                for r in staged}
    assert versions["stage=upsert"] == versions["stage=pages"] == versions["stage=manifest-write"] != \
        versions["stage=delete-old"], versions
    assert any(r.repaired["repair"]["stray_points"] > 0 for r in staged)  # the kills did leave debris to repair
