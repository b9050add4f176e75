"""Kill ingest with SIGKILL at random moments and check the index is never half-written.

    python -m evals.crash --runs 25            # real corpus PDFs, random kill times
    python -m evals.crash --stages             # one kill inside each step of a commit

Each run starts from the same index holding one document, ``referat.pdf``. A
child process (``arkiv`` code, real model, embedded Qdrant) then ingests a
changed ``referat.pdf`` (which must *replace* the old version) and a new
document, and is killed with SIGKILL — at a random time, or from inside one step
of the commit (half-way through writing the points, before the page texts, in
the middle of the manifest's atomic write, before the old version's points are
deleted). A second child then reads the index as it was left, and again after
``Arkiv`` has opened it (which repairs). Checked every run:

* as left: every document the manifest lists has all its points, and
  ``referat.pdf`` is there exactly once — the old or the new version;
* after opening: points per document equal the manifest's counts, no other
  points remain, and each listed document has its page texts and kept PDF.

The same checks run in the test suite on tiny generated PDFs (tests/index/test_crash.py).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
STAGES = ("upsert", "pages", "manifest-write", "delete-old")


# ---------------------------------------------------------------------- child side
def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _arm(stage: str) -> None:
    """Patch the code so the process kills itself inside ``stage`` of the first commit."""
    import index.build
    import index.manifest
    from index.store import Store

    if stage == "upsert":
        original = Store.upsert

        def half_then_die(self, chunks, dense, sparse, payload, batch=128, embed_keys=None,  # type: ignore[no-untyped-def]
                          sentences=None):
            half = max(1, len(chunks) // 2)
            original(self, chunks[:half], dense[:half], sparse[:half], payload, batch, (embed_keys or [])[:half],
                     sentences[:half] if sentences is not None else None)
            _die()

        Store.upsert = half_then_die  # type: ignore[method-assign]
    elif stage == "pages":
        index.build.save_pages = lambda *a, **k: _die()  # type: ignore[assignment]
    elif stage == "manifest-write":
        real_replace = os.replace

        def replace_or_die(src, dst):  # type: ignore[no-untyped-def]
            if str(dst).endswith("manifest.json"):
                _die()  # the new manifest is written to its temp file, not yet renamed
            real_replace(src, dst)

        index.manifest.os.replace = replace_or_die  # type: ignore[attr-defined]
    elif stage == "delete-old":
        from index.embedded import EdgeStore

        EdgeStore.delete_document = lambda self, doc_id: _die()  # type: ignore[method-assign]
    else:
        raise SystemExit(f"unknown stage {stage!r}; one of {', '.join(STAGES)}")


def child_ingest(data: Path, files: list[tuple[Path, str]], stage: str | None) -> None:
    from api.engine import Arkiv
    from api.settings import Settings
    from index.build import SourceFile

    if stage:
        _arm(stage)
    with Arkiv(Settings(data_dir=data), role="evals.crash child") as arkiv:
        change = arkiv._change

        @contextmanager
        def announced() -> Iterator[None]:
            # Tell the parent when a commit begins and ends, so it can aim kills into commits.
            print("commit", flush=True)
            with change():
                yield
            print("committed", flush=True)

        arkiv._change = announced  # type: ignore[method-assign]
        arkiv.ingest([SourceFile(path, name) for path, name in files])


def child_inspect(data: Path) -> None:
    """Print the index as left (raw) and after Arkiv has opened (and repaired) it."""
    from index.manifest import Manifest
    from index.store import Store

    store = Store.open(data)
    manifest = Manifest.load(data / "manifest.json")
    raw = _state(store, manifest, data)
    store.close()

    from api.engine import Arkiv
    from api.settings import Settings

    with Arkiv(Settings(data_dir=data), role="evals.crash inspect") as arkiv:
        repaired = _state(arkiv.store, arkiv.manifest, data)
        repaired["repair"] = {"stray_points": arkiv.repaired.stray_points, "dropped": arkiv.repaired.dropped,
                              "stray_files": arkiv.repaired.stray_files}
    print(json.dumps({"raw": raw, "repaired": repaired}))


def _state(store, manifest, data: Path) -> dict:  # type: ignore[no-untyped-def]
    points = Counter(str(p.get("doc_id")) for p in store.payloads(["doc_id"]))
    entries = {d: {"file_name": e.file_name, "chunks": e.chunks, "sha256": e.sha256}
               for d, e in manifest.documents.items()}
    kept = sorted(p.stem for p in (data / "files").glob("*.pdf")) if (data / "files").is_dir() else []
    pages = sorted(p.stem for p in (data / "documents").glob("*.json")) if (data / "documents").is_dir() else []
    return {"points": dict(points), "entries": entries, "kept": kept, "pages": pages}


# ---------------------------------------------------------------------- parent side
@dataclass
class Run:
    how: str  # "t=3.2s" or "stage=pages"
    killed: bool
    raw: dict = field(default_factory=dict)
    repaired: dict = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    child_seconds: float = 0.0
    commits: list[float] = field(default_factory=list)  # when each commit began and ended (s)


def check(raw: dict, repaired: dict, old_sha: str, new_sha: str) -> list[str]:
    problems = []
    for state, label in ((raw, "as left"), (repaired, "after open")):
        names = Counter(e["file_name"] for e in state["entries"].values())
        if names.get("referat.pdf") != 1:
            problems.append(f"{label}: referat.pdf listed {names.get('referat.pdf', 0)} times")
        versions = {e["sha256"] for e in state["entries"].values() if e["file_name"] == "referat.pdf"}
        if not versions <= {old_sha, new_sha}:
            problems.append(f"{label}: unknown version of referat.pdf")
        for doc_id, entry in state["entries"].items():
            if state["points"].get(doc_id, 0) != entry["chunks"]:
                problems.append(f"{label}: {entry['file_name']} lists {entry['chunks']} chunks, "
                                f"store holds {state['points'].get(doc_id, 0)}")
    stray = {d: n for d, n in repaired["points"].items() if d not in repaired["entries"]}
    if stray:
        problems.append(f"after open: points of unlisted documents remain: {stray}")
    shas = sorted(e["sha256"] for e in repaired["entries"].values())
    if repaired["kept"] != shas:
        problems.append(f"after open: kept PDFs {repaired['kept']} != listed {shas}")
    if repaired["pages"] != sorted(repaired["entries"]):
        problems.append(f"after open: page texts {repaired['pages']} != listed {sorted(repaired['entries'])}")
    return problems


def _python(*args: str) -> list[str]:
    return [sys.executable, "-m", "evals.crash", *args]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "2")}


def _file_args(files: list[tuple[Path, str]]) -> list[str]:
    return [f"{path}::{name}" for path, name in files]


def prepare(work: Path, old: Path, new_files: list[tuple[Path, str]]) -> Path:
    """The starting index (``old`` ingested as referat.pdf), built once and copied per run."""
    base = work / "base"
    subprocess.run(_python("child", "--data", str(base), *_file_args([(old, "referat.pdf")])),
                   check=True, env=_env(), cwd=ROOT, stdout=subprocess.DEVNULL)
    return base


def one_run(work: Path, base: Path, files: list[tuple[Path, str]], how: str, kill_after: float | None,
            stage: str | None, old_sha: str, new_sha: str, in_commit: tuple[int, float] | None = None) -> Run:
    """One child ingest, killed ``kill_after`` s after its start, or ``in_commit=(n, delay)``:
    ``delay`` s after its n-th commit began, or by itself inside ``stage``; then inspected."""
    data = work / "run"
    shutil.rmtree(data, ignore_errors=True)
    shutil.copytree(base, data)
    args = _python("child", "--data", str(data), *(["--die-at", stage] if stage else []), *_file_args(files))
    began = time.perf_counter()
    log = work / "child.log"
    commits: list[float] = []  # seconds since start at which each commit began / ended
    with log.open("wb") as stderr:
        proc = subprocess.Popen(args, env=_env(), cwd=ROOT, stdout=subprocess.PIPE, stderr=stderr, text=True)
        killer = threading.Timer(kill_after, proc.kill) if kill_after is not None else None
        if killer:
            killer.start()
        assert proc.stdout is not None
        for line in proc.stdout:
            commits.append(time.perf_counter() - began)
            if in_commit and line.strip() == "commit" and len(commits) == 2 * in_commit[0] - 1:
                time.sleep(in_commit[1])
                proc.kill()
        proc.wait()
        proc.stdout.close()
        if killer:
            killer.cancel()
    killed = proc.returncode == -signal.SIGKILL
    run = Run(how=how, killed=killed, child_seconds=time.perf_counter() - began, commits=commits)
    if not killed and proc.returncode != 0:
        run.problems.append(f"child failed ({proc.returncode}): {log.read_text(errors='replace')[-800:]}")
        return run
    out = subprocess.run(_python("inspect", "--data", str(data)), env=_env(), cwd=ROOT, capture_output=True, text=True)
    if out.returncode != 0:
        run.problems.append(f"inspect failed: {out.stderr[-800:]}")
        return run
    state = json.loads(out.stdout.strip().splitlines()[-1])
    run.raw, run.repaired = state["raw"], state["repaired"]
    run.problems = check(run.raw, run.repaired, old_sha, new_sha)
    return run


def campaign(old: Path, new: Path, extra: Path, runs: int, stages: bool, seed: int, out=print) -> list[Run]:
    from ingest.pdf import file_sha256

    files = [(new, "referat.pdf"), (extra, extra.name)]
    old_sha, new_sha = file_sha256(old), file_sha256(new)
    results: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="arkiv-crash-") as tmp:
        work = Path(tmp)
        base = prepare(work, old, files)
        full = one_run(work, base, files, "no kill", None, None, old_sha, new_sha)
        spans = [b - a for a, b in zip(full.commits[::2], full.commits[1::2])]
        longest = max(spans, default=0.05)
        out(f"uninterrupted ingest: {full.child_seconds:.1f} s (process start to exit), commits took "
            f"{', '.join(f'{x * 1000:.0f} ms' for x in spans)}; problems: {full.problems or 'none'}")
        results.append(full)
        plan: list[tuple[str, float | None, str | None, tuple[int, float] | None]] = []
        if stages:
            plan += [(f"stage={s}", None, s, None) for s in STAGES]
        rng = random.Random(seed)
        # Half the kills at a random moment of the whole run (mostly while embedding, where a
        # kill is harmless), half at a random moment inside a random commit (where it is not).
        for i in range(runs):
            if i % 2:
                commit, delay = rng.randint(1, max(1, len(spans))), rng.uniform(0, longest * 1.2)
                plan.append((f"commit {commit}+{delay * 1000:.0f}ms", None, None, (commit, delay)))
            else:
                after = rng.uniform(0.2, full.child_seconds)
                plan.append((f"t={after:.2f}s", after, None, None))
        for how, after, stage, in_commit in plan:
            run = one_run(work, base, files, how, after, stage, old_sha, new_sha, in_commit)
            results.append(run)
            listed = {e["file_name"]: ("new" if e["sha256"] == new_sha else "old") if e["file_name"] == "referat.pdf"
                      else "added" for e in run.repaired.get("entries", {}).values()}
            pts = sum(run.repaired.get("points", {}).values())
            raw_pts = sum(run.raw.get("points", {}).values())
            out(f"{how:22} killed={str(run.killed):5} points as left {raw_pts:4} → after open {pts:4}  "
                f"documents {listed}  repair {run.repaired.get('repair', {})}  "
                f"{'OK' if not run.problems else 'PROBLEMS: ' + '; '.join(run.problems)}")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="cmd")
    child = sub.add_parser("child")
    child.add_argument("--data", type=Path, required=True)
    child.add_argument("--die-at", choices=STAGES)
    child.add_argument("files", nargs="+")
    inspect = sub.add_parser("inspect")
    inspect.add_argument("--data", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=25, help="random-time kills")
    parser.add_argument("--stages", action="store_true", help="also kill once inside each commit step")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.cmd == "child":
        files = [(Path(f.split("::")[0]), f.split("::")[1]) for f in args.files]
        child_ingest(args.data, files, args.die_at)
        return
    if args.cmd == "inspect":
        child_inspect(args.data)
        return
    old = CORPUS / "2024-psykiatriaftale-og-tiaarsplan-lokalt-arbejde-praesentation.pdf"  # 9 chunks
    new = CORPUS / "2023-06-23-nationalt-raad-psykiske-lidelser-referat.pdf"  # 17 chunks
    extra = CORPUS / "2023-task-force-for-psykiatriomraadet-referat.pdf"  # 25 chunks
    results = campaign(old, new, extra, args.runs, args.stages, args.seed)
    killed = [r for r in results if r.killed]
    bad = [r for r in results if r.problems]
    outcomes = Counter(tuple(sorted(e["file_name"] + ":" + e["sha256"][:6] for e in r.repaired.get("entries", {}).values()))
                       for r in results)
    print(f"\n{len(results)} runs, {len(killed)} killed, {len(bad)} with problems")
    for outcome, n in outcomes.most_common():
        print(f"  {n:3} × {', '.join(outcome)}")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
