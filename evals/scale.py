"""Scale benchmark: Arkiv's own store, search and answers on indexes of many chunks.

    python -m evals.scale --source data --sizes 10000 50000 100000
    python -m evals.scale --source data --sizes 1000 --questions 20      # quick

SYNTHETIC DATA. A municipality's years of minutes are not in the repo, so the indexes are
replicas of a real, already ingested index (``--source``, normally the shipped corpus): the
real chunks and their real vectors first, then copies of every document with another id, a
file name and title marked "syntetisk kopi N", dates moved back 1–12 years, one sentence in
each chunk swapped for a sentence of another chunk (so the BM25 vectors differ) and the dense
vector perturbed by noise (cosine ≈ 0.995 to the original) and re-normalised. Only the
embedding is skipped: the points go through ``Store.upsert_points`` and the manifest and page
files are written as the indexer writes them, so opening, searching and answering run
Arkiv's own code.

Each size is built into ``--work``/N, then measured in a fresh process (``--measure``) so
that open time and memory are those of a server starting on that index:
open time, RSS after opening and at the end (peak), index size on disk, the first /ask after
opening, p50/p95 of search and ask over real questions (plain, naming an identifier —
"anbefaling 34", "punkt 3" —, and with a kind or date-range filter), and the first /ask after
a write (one document deleted). Questions come from the eval sets; the query embedding is
the real model, so the embedding time is part of every figure. It is a benchmark, not a test:
``tests/evals/test_scale.py`` builds and measures 1,000 chunks to keep it working.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
import uuid
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from index.lexical import DanishAnalyzer, SparseWeights
from index.manifest import DocumentEntry, Manifest
from index.store import Store

SYNTHETIC = "syntetisk kopi"
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ0-9])")
NOISE_NORM = 0.1  # length of the noise added to a unit vector: cosine to the original ≈ 0.995


@dataclass
class Source:
    model: str
    dim: int
    entries: dict[str, DocumentEntry]
    pages: dict[str, dict[str, Any]]  # doc_id → its page file (page texts, stats)
    points: dict[str, list[tuple[dict[str, Any], np.ndarray, SparseWeights]]]  # doc_id → its chunks, in order

    @property
    def chunks(self) -> int:
        return sum(len(p) for p in self.points.values())


def load_source(data_dir: Path, store: Store | None = None) -> Source:
    """The documents of an ingested data dir with their points (through ``store`` if it is open)."""
    manifest = Manifest.load(Path(data_dir) / "manifest.json")
    if not manifest.documents:
        raise SystemExit(f"{data_dir} holds no ingested documents: run `arkiv ingest` into it first "
                         "(ARKIV_DATA_DIR) or pass --source")
    opened = store is None
    store = store or Store.open(Path(data_dir), role="scale benchmark (reading the source)")
    try:
        points: dict[str, list[tuple[dict[str, Any], np.ndarray, SparseWeights]]] = {d: [] for d in manifest.documents}
        for _, payload, dense, sparse in store.export():
            if payload.get("doc_id") in points:
                points[payload["doc_id"]].append((payload, dense, sparse))
    finally:
        if opened:
            store.close()
    for chunks in points.values():
        chunks.sort(key=lambda p: int(p[0]["chunk_index"]))
    pages = {d: json.loads((Path(data_dir) / "documents" / f"{d}.json").read_text(encoding="utf-8"))
             for d in manifest.documents}
    return Source(manifest.model, manifest.dim, dict(manifest.documents), pages, points)


def _shift(date: str | None, years: int) -> str | None:
    if not date or not date[:4].isdigit():
        return date
    return f"{int(date[:4]) - years:04d}{date[4:]}"


@dataclass
class BuildReport:
    chunks: int
    documents: int
    seconds: float
    store_seconds: float


def build(source: Source, target: Path, n_chunks: int, seed: int = 0, batch_docs: int = 8) -> BuildReport:
    """Write an index of about ``n_chunks`` chunks (whole documents) into ``target``."""
    rng = random.Random(seed)
    noise = np.random.default_rng(seed)
    analyzer = DanishAnalyzer()
    pool = [s for chunks in source.points.values() for payload, _, _ in chunks
            for s in _SENTENCE.split(str(payload["text"])) if len(s) > 40]
    if target.exists():
        shutil.rmtree(target)
    began = time.perf_counter()
    store_seconds = 0.0
    store = Store.open(target, role="scale benchmark (building)")
    manifest = Manifest(target / "manifest.json", model=source.model, dim=source.dim)
    documents: dict[str, DocumentEntry] = {}
    written = 0
    pending: list[tuple[list[str], np.ndarray, list[SparseWeights], list[dict[str, Any]]]] = []
    try:
        store.ensure_collection(source.model, source.dim)
        copy = 0
        while written < n_chunks:
            for doc_id, chunks in source.points.items():
                if written >= n_chunks:
                    break
                entry = source.entries[doc_id]
                if copy == 0:  # the real documents, as they are
                    new_id, years, title, name = doc_id, 0, entry.title, entry.file_name
                else:
                    new_id = hashlib.sha256(f"{doc_id}:{copy}".encode()).hexdigest()[:len(doc_id)]
                    years = 1 + (copy - 1) % 12
                    title = f"{entry.title} ({SYNTHETIC} {copy})"
                    name = f"syntetisk-{copy:05d}-{entry.file_name}"
                ids, dense, sparse, payloads = [], [], [], []
                for payload, vector, weights in chunks:
                    payload = dict(payload)
                    if copy:
                        payload.update(doc_id=new_id, title=title, document=name, date=_shift(payload.get("date"), years),
                                       doc_date=_shift(payload.get("doc_date"), years))
                        sentences = _SENTENCE.split(str(payload["text"]))
                        if len(sentences) > 1 and pool:
                            sentences[rng.randrange(len(sentences))] = rng.choice(pool)
                            payload["text"] = " ".join(sentences)
                        weights = analyzer.document(f"{title}\n{payload.get('section') or ''}\n{payload['text']}")
                        vector = vector + noise.normal(0, NOISE_NORM / np.sqrt(len(vector)), len(vector)).astype(np.float32)
                        vector = vector / np.linalg.norm(vector)
                    ids.append(str(uuid.uuid5(uuid.NAMESPACE_URL, f"{new_id}:{payload['chunk_index']}")))
                    dense.append(vector)
                    sparse.append(weights)
                    payloads.append(payload)
                pending.append((ids, np.vstack(dense), sparse, payloads))
                documents[new_id] = replace(entry, doc_id=new_id, title=title, file_name=name,
                                            sha256=hashlib.sha256(new_id.encode()).hexdigest(),
                                            date=_shift(entry.date, years))
                page_file = dict(source.pages[doc_id], doc_id=new_id, file_name=name,
                                 dates=[_shift(d, years) for d in source.pages[doc_id].get("dates", [])])
                (target / "documents").mkdir(parents=True, exist_ok=True)
                (target / "documents" / f"{new_id}.json").write_text(json.dumps(page_file, ensure_ascii=False),
                                                                     encoding="utf-8")
                written += len(ids)
                if len(pending) >= batch_docs:
                    store_seconds += _flush(store, pending)
            copy += 1
        store_seconds += _flush(store, pending)
        manifest.documents = documents
        manifest.save()
    finally:
        store.close()
    return BuildReport(written, len(documents), time.perf_counter() - began, store_seconds)


def _flush(store: Store, pending: list) -> float:
    began = time.perf_counter()
    for ids, dense, sparse, payloads in pending:
        store.upsert_points(ids, dense, sparse, payloads)
    pending.clear()
    return time.perf_counter() - began


# ---------------------------------------------------------------------- measuring (child process)
def _rss_mb() -> tuple[float, float]:
    """Current and peak resident memory of this process, in MB."""
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def _disk_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def _pct(values: list[float], p: float) -> float:
    return float(np.percentile(values, p)) if values else float("nan")


def measure(data_dir: Path, questions: list[str]) -> dict[str, Any]:
    from api.engine import Arkiv
    from api.query import read_intent
    from api.search import Filters
    from api.settings import get_settings
    from index.embed import make_embedder

    settings = get_settings(data_dir=data_dir)
    embedder = make_embedder(settings.embedder.backend, settings.embedder.model_dir)
    embedder.query("opvarmning")  # the model's own start-up is not the index's
    rss_model, _ = _rss_mb()
    began = time.perf_counter()
    arkiv = Arkiv(settings, embedder=embedder, role="scale benchmark (measuring)")
    open_s = time.perf_counter() - began
    rss_open, _ = _rss_mb()
    out: dict[str, Any] = {"chunks": arkiv.store.count(), "documents": len(arkiv.manifest.documents),
                           "repaired": {"stray_points": arkiv.repaired.stray_points, "dropped": arkiv.repaired.dropped},
                           "open_s": open_s, "rss_model_mb": rss_model, "rss_open_mb": rss_open,
                           "disk_index_mb": _disk_mb(data_dir / "qdrant") + _disk_mb(data_dir / "edge"), "disk_total_mb": _disk_mb(data_dir)}
    try:
        began = time.perf_counter()
        arkiv.ask(questions[0])
        out["first_ask_s"] = time.perf_counter() - began
        kinds = sorted({e.kind for e in arkiv.manifest.documents.values()})
        timings: dict[str, list[float]] = {}
        for i, question in enumerate(questions):
            group = "identifier" if read_intent(question).has_identifier else "plain"
            filters = Filters(kind=kinds[i % len(kinds)]) if i % 2 else Filters(date_from="2019-01-01",
                                                                                  date_to="2022-12-31")
            for name, call in (("search", lambda: arkiv.search(question, k=10)),
                               ("ask", lambda: arkiv.ask(question)),
                               ("search_filtered", lambda: arkiv.search(question, k=10, filters=filters))):
                began = time.perf_counter()
                call()
                elapsed = (time.perf_counter() - began) * 1000
                timings.setdefault(name, []).append(elapsed)
                if name != "search_filtered":
                    timings.setdefault(f"{name}_{group}", []).append(elapsed)
        out["ms"] = {name: {"n": len(v), "p50": _pct(v, 50), "p95": _pct(v, 95)} for name, v in timings.items()}
        victim = min((e for e in arkiv.manifest.documents.values() if SYNTHETIC in e.title),
                     key=lambda e: e.chunks, default=None)
        if victim is not None:
            arkiv.delete(victim.doc_id)
            began = time.perf_counter()
            arkiv.ask(questions[1 % len(questions)])
            out["ask_after_write_s"] = time.perf_counter() - began
    finally:
        arkiv.close()
    out["rss_end_mb"], out["rss_peak_mb"] = _rss_mb()
    return out


def load_questions(paths: list[Path], limit: int, seed: int = 0) -> list[str]:
    questions = [json.loads(line)["question"] for path in paths
                 for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    random.Random(seed).shuffle(questions)
    return questions[:limit]


def run_size(source: Source, work: Path, size: int, questions: list[str], keep: bool) -> dict[str, Any]:
    target = work / str(size)
    report = build(source, target, size)
    print(f"  built {report.chunks:,} chunks / {report.documents:,} documents in {report.seconds:.1f} s "
          f"(store writes {report.store_seconds:.1f} s)", flush=True)
    child = subprocess.run([sys.executable, "-m", "evals.scale", "--measure", str(target), "--questions-json",
                            json.dumps(questions)], capture_output=True, text=True)
    if child.returncode != 0:
        raise SystemExit(f"measuring {target} failed:\n{child.stderr[-3000:]}")
    result = json.loads(child.stdout.strip().splitlines()[-1])
    result.update(build_s=report.seconds, store_write_s=report.store_seconds)
    if not keep:
        shutil.rmtree(target, ignore_errors=True)
    return result


def table(results: list[dict[str, Any]]) -> str:
    def ms(r: dict, name: str) -> str:
        m = r["ms"].get(name)
        return f"{m['p50']:.0f} / {m['p95']:.0f}" if m else "–"

    rows = ["| chunks | build (no embedding) | open | RSS open / peak | disk (index) | first ask | "
            "search p50 / p95 | search, identifier | search, filtered | ask p50 / p95 | ask after a write |",
            "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        rows.append(f"| {r['chunks']:,} | {r['build_s']:.0f} s | {r['open_s']:.2f} s | "
                    f"{r['rss_open_mb']:.0f} / {r['rss_peak_mb']:.0f} MB | {r['disk_index_mb']:.0f} MB | "
                    f"{r['first_ask_s'] * 1000:.0f} ms | {ms(r, 'search')} ms | {ms(r, 'search_identifier')} ms | "
                    f"{ms(r, 'search_filtered')} ms | {ms(r, 'ask')} ms | {r.get('ask_after_write_s', float('nan')) * 1000:.0f} ms |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m evals.scale", description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=None, help="an ingested data dir (default: ARKIV_DATA_DIR)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000, 100_000])
    parser.add_argument("--work", type=Path, default=Path("/tmp/arkiv-scale"))
    parser.add_argument("--questions", type=int, default=60, help="questions timed per size")
    parser.add_argument("--sets", type=Path, nargs="+",
                        default=[Path("evals/dev.jsonl"), Path("evals/own.jsonl"), Path("evals/holdout.jsonl")])
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    parser.add_argument("--keep", action="store_true", help="keep the built indexes in --work")
    parser.add_argument("--measure", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--questions-json", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure is not None:
        print(json.dumps(measure(args.measure, json.loads(args.questions_json))))
        return
    from api.settings import get_settings

    source = load_source(args.source or get_settings().data_dir)
    questions = load_questions(args.sets, args.questions)
    print(f"source: {len(source.entries)} documents, {source.chunks:,} chunks; {len(questions)} questions; "
          f"python {sys.version.split()[0]}, {os.cpu_count()} cores", flush=True)
    results = []
    for size in args.sizes:
        print(f"{size:,} chunks:", flush=True)
        results.append(run_size(source, args.work, size, questions, args.keep))
        print(table(results[-1:]).splitlines()[-1], flush=True)
    print("\nSYNTHETIC replicas of the source index (see the module docstring).")
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
