"""Benchmarks that print numbers: ingest throughput, /search and /ask latency, server RSS.

    python -m evals.bench                 # warm latency against a running copy of the index
    python -m evals.bench --cold-ingest   # also a cold ingest of corpus/ into a temporary data dir

Latency is measured through the real HTTP stack (uvicorn on 127.0.0.1 in this
process, httpx client) after a warm-up, over the dev and own question sets.
The baseline printed beside /search is the query embedding alone, measured in
the same process, so the ratio says how much retrieval adds to the model.
Index size is benchmarked by ``python -m evals.scale``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import tempfile
import threading
import time
from pathlib import Path

import httpx
import uvicorn

from api.app import create_app
from api.engine import Arkiv
from api.settings import get_settings


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def cold_ingest(corpus: Path) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="arkiv-bench-"))
    try:
        settings = get_settings(data_dir=tmp)
        with Arkiv(settings) as arkiv:
            report = arkiv.ingest(sorted(corpus.glob("*.pdf")))
            chunks = sum(f.chunks for f in report.files)
            began = time.perf_counter()
            again = arkiv.ingest(sorted(corpus.glob("*.pdf")))
            reingest = time.perf_counter() - began
        return {"documents": len(report.files), "pages": report.pages, "chunks": chunks,
                "seconds": report.seconds, "pages_per_s": report.pages / report.seconds,
                "chunks_per_s": chunks / report.seconds, "model_share": report.embed.seconds / report.seconds,
                "sentences": report.sentences.passages, "sentence_share": report.sentences.seconds / report.seconds,
                "store_write_share": report.write_seconds / report.seconds,
                "passages_per_s": report.embed.per_second, "reingest_seconds": reingest,
                "reingest_embedded": again.embed.passages}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def latency(questions: list[str], rounds: int) -> dict:
    settings = get_settings()
    arkiv = Arkiv(settings, role="evals.bench")
    app = create_app(settings, arkiv)
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    out: dict = {}
    try:
        with httpx.Client(base_url=base, timeout=30) as client:
            for q in questions[:5]:  # warm-up
                client.post("/ask", json={"question": q})
            embed, search, ask = [], [], []
            for _ in range(rounds):
                for q in questions:
                    t = time.perf_counter(); arkiv.embedder.query(q); embed.append(time.perf_counter() - t)
                    t = time.perf_counter(); client.get("/search", params={"q": q, "k": 10}).raise_for_status(); search.append(time.perf_counter() - t)
                    t = time.perf_counter(); client.post("/ask", json={"question": q}).raise_for_status(); ask.append(time.perf_counter() - t)
            # The timeline over the labelled topics (evals/timeline.jsonl) and the eval questions.
            topics = [json.loads(line)["query"] for line in Path("evals/timeline.jsonl").read_text(encoding="utf-8")
                      .splitlines() if line.strip()] if Path("evals/timeline.jsonl").exists() else []
            timeline = []
            for topic in topics + questions[:40]:
                t = time.perf_counter(); client.get("/timeline", params={"topic": topic}).raise_for_status()
                timeline.append(time.perf_counter() - t)
        ms = lambda xs, p: 1000 * _pct(xs, p)  # noqa: E731
        out |= {"timeline_p50_ms": ms(timeline, 50), "timeline_p95_ms": ms(timeline, 95)}
        out |= {"queries": len(ask), "embed_p50_ms": ms(embed, 50),
               "search_p50_ms": ms(search, 50), "search_p95_ms": ms(search, 95),
               "ask_p50_ms": ms(ask, 50), "ask_p95_ms": ms(ask, 95),
               "search_over_embed_p50": _pct(search, 50) / _pct(embed, 50),
               "server_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        arkiv.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cold-ingest", action="store_true", help="also time a cold ingest of the corpus")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    settings = get_settings()
    print(f"# Arkiv benchmark — {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    if args.cold_ingest:
        r = cold_ingest(settings.corpus_dir)
        print("\n| ingest | value |\n|---|---|")
        for k, v in r.items():
            print(f"| {k} | {v:.3f} |" if isinstance(v, float) else f"| {k} | {v} |")
    questions = [json.loads(line)["question"] for f in ("evals/dev.jsonl", "evals/own.jsonl")
                 for line in Path(f).read_text(encoding="utf-8").splitlines() if line.strip()]
    r = latency(questions, args.rounds)
    print("\n| query latency (HTTP, warm) | value |\n|---|---|")
    for k, v in r.items():
        print(f"| {k} | {v:.1f} |" if isinstance(v, float) else f"| {k} | {v} |")


if __name__ == "__main__":
    main()
