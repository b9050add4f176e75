"""Load test: 20 concurrent clients asking while documents are ingested and deleted.

    python -m evals.load                       # copies data/ to a temp dir, starts `arkiv serve` on a free port
    python -m evals.load --clients 20 --seconds 60 --data-dir data --keep
    python -m evals.load --url http://127.0.0.1:8765 --no-setup

Two phases in one run, each ``--seconds`` long, the same clients and questions:

1. baseline: ``--clients`` threads, each in a loop, ask (``POST /ask``, 80 %) or search
   (``GET /search``, 20 %) with questions from ``evals/dev.jsonl`` and ``evals/own.jsonl``;
2. under writes: the same, while a writer thread in a loop uploads a document
   (``POST /documents``, then polls ``GET /jobs/{id}`` until it is done: it really embeds, the
   document was deleted before) and deletes another (``DELETE /documents/{id}``), swapping the
   two each cycle: the 2023-06-23 minutes (17 chunks) and the slides (9 chunks).

Reported per phase: requests/s, p50/p95/max latency, errors (any non-200, any exception,
any response without its fields, any passage of a document shown while it was deleted —
must all be 0), and each ingest's and delete's timing. The server's own log is scanned for
tracebacks and ERROR lines. Setup (not timed): the data dir is copied (the embedded index
is locked to one process: the original is never opened) and the minutes are deleted in the
copy, so the first upload really ingests.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
MINUTES = CORPUS / "2023-06-23-nationalt-raad-psykiske-lidelser-referat.pdf"
SLIDES = CORPUS / "2024-psykiatriaftale-og-tiaarsplan-lokalt-arbejde-praesentation.pdf"
TIMEOUT = httpx.Timeout(120.0)


def questions() -> list[str]:
    out = []
    for name in ("dev.jsonl", "own.jsonl"):
        for line in (ROOT / "evals" / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.append(json.loads(line)["question"])
    return out


@dataclass
class Sample:
    phase: str
    kind: str  # "ask" | "search"
    start: float
    end: float
    ok: bool
    error: str = ""
    documents: frozenset[str] = frozenset()  # file names of the passages shown


@dataclass
class Write:
    what: str  # "ingest" | "delete"
    document: str
    start: float
    end: float
    ok: bool
    detail: str = ""


@dataclass
class Absence:
    """A document is not listed from ``start`` (its DELETE answered) until ``end`` (its re-upload was sent)."""
    document: str
    start: float
    end: float = float("inf")


@dataclass
class State:
    phase: str = "warmup"
    stop: bool = False
    samples: list[Sample] = field(default_factory=list)
    writes: list[Write] = field(default_factory=list)
    absences: list[Absence] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def client_loop(base: str, state: State, qs: list[str], seed: int) -> None:
    rnd = random.Random(seed)
    with httpx.Client(base_url=base, timeout=TIMEOUT) as client:
        while not state.stop:
            question = rnd.choice(qs)
            kind = "ask" if rnd.random() < 0.8 else "search"
            phase = state.phase
            start = time.monotonic()
            ok, error, shown = True, "", frozenset()
            try:
                if kind == "ask":
                    r = client.post("/ask", json={"question": question})
                else:
                    r = client.get("/search", params={"q": question, "k": 10})
                if r.status_code != 200:
                    ok, error = False, f"{r.status_code} {r.text[:300]}"
                else:
                    data = r.json()
                    if kind == "ask":
                        if not {"answer", "found", "citations"} <= set(data):
                            ok, error = False, f"answer without its fields: {str(data)[:300]}"
                        passages = data.get("citations", []) + data.get("related", [])
                    else:
                        passages = data.get("results")
                        if not isinstance(passages, list):
                            ok, error = False, f"search without results: {str(data)[:300]}"
                            passages = []
                    shown = frozenset(p.get("document", "") for p in passages)
            except Exception as exc:  # a dropped connection, a timeout
                ok, error = False, f"{type(exc).__name__}: {exc}"
            end = time.monotonic()
            with state.lock:
                state.samples.append(Sample(phase, kind, start, end, ok, error, shown))


def writer_loop(base: str, state: State, upload: Path, other: Path, names: dict[Path, str]) -> None:
    """Upload ``upload`` (ingest until done), delete ``other``; then swap, until stopped."""
    with httpx.Client(base_url=base, timeout=TIMEOUT) as client:
        while not state.stop:
            # ingest
            start = time.monotonic()
            with state.lock:
                for absence in state.absences:
                    if absence.document == names[upload] and absence.end == float("inf"):
                        absence.end = start
            r = client.post("/documents", files=[("files", (names[upload], upload.read_bytes(), "application/pdf"))])
            if r.status_code != 202:
                state.writes.append(Write("ingest", names[upload], start, time.monotonic(), False,
                                          f"{r.status_code} {r.text[:300]}"))
                return
            url = r.headers["location"]
            while True:
                job = client.get(url).json()
                if job["finished"]:
                    break
                time.sleep(0.1)
            result = job["results"][0] if job["results"] else {}
            state.writes.append(Write("ingest", names[upload], start, time.monotonic(),
                                      job["state"] == "done" and result.get("status") == "added",
                                      f"{result.get('status')}, {result.get('chunks')} chunks, job "
                                      f"{job['started']}→{job['finished']}" + (f" error {job['error']}" if job["error"]
                                                                               else "")))
            if state.stop:
                break
            # delete
            docs = client.get("/documents").json()["documents"]
            target = next((d for d in docs if d["file_name"] == names[other]), None)
            start = time.monotonic()
            if target is None:
                state.writes.append(Write("delete", names[other], start, start, False, "not listed"))
                return
            r = client.delete(f"/documents/{target['doc_id']}")
            end = time.monotonic()
            state.writes.append(Write("delete", names[other], start, end, r.status_code == 200,
                                      f"{r.status_code}, {target['chunks']} chunks"))
            with state.lock:
                state.absences.append(Absence(names[other], end))
            upload, other = other, upload


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, max(0, int(round(q * len(values))) - 1))]


def summarize(state: State, seconds: dict[str, float]) -> tuple[str, int]:
    lines, errors = [], 0
    header = f"{'phase':<13}{'kind':<8}{'requests':>9}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'errors':>8}"
    lines.append(header)
    for phase in ("baseline", "under-writes"):
        for kind in ("all", "ask", "search"):
            rows = [s for s in state.samples if s.phase == phase and (kind == "all" or s.kind == kind)]
            lat = [(s.end - s.start) * 1000 for s in rows]
            bad = [s for s in rows if not s.ok]
            if kind == "all":
                errors += len(bad)
            lines.append(f"{phase:<13}{kind:<8}{len(rows):>9}{len(rows) / seconds[phase]:>8.1f}{pct(lat, .5):>9.0f}"
                         f"{pct(lat, .95):>9.0f}{max(lat, default=float('nan')):>9.0f}{len(bad):>8}")
    # A deleted document's passages must not be shown by a request that began after its
    # DELETE was answered and ended before its re-upload was even sent.
    leaks = [s for s in state.samples for a in state.absences
             if a.document in s.documents and s.start > a.start and s.end < a.end]
    errors += len(leaks)
    lines.append(f"deleted documents shown while deleted: {len(leaks)}")
    for s in [s for s in state.samples if not s.ok][:10]:
        lines.append(f"  error ({s.phase} {s.kind}): {s.error}")
    lines.append("writes (under-writes phase):")
    for w in state.writes:
        lines.append(f"  {w.what:<7} {w.document[:60]:<60} {w.end - w.start:6.2f} s  {'ok' if w.ok else 'FAILED'}  "
                     f"{w.detail}")
    errors += sum(1 for w in state.writes if not w.ok)
    return "\n".join(lines), errors


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_up(base: str, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/health", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"the server at {base} did not come up in {timeout:.0f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0, help="length of each phase")
    parser.add_argument("--url", help="use a running server (its index must hold the minutes and the slides)")
    parser.add_argument("--data-dir", type=Path, default=ROOT / "data", help="copied, never opened in place")
    parser.add_argument("--keep", action="store_true", help="keep the temporary data dir and server log")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    qs = questions()
    names = {MINUTES: MINUTES.name, SLIDES: SLIDES.name}
    tmp = Path(tempfile.mkdtemp(prefix="arkiv-load-"))
    server = None
    log_path = tmp / "server.log"
    try:
        if args.url:
            base = args.url.rstrip("/")
        else:
            data = tmp / "data"
            shutil.copytree(args.data_dir, data, ignore=shutil.ignore_patterns("*.lock", ".lock"))
            port = free_port()
            base = f"http://127.0.0.1:{port}"
            env = {**os.environ, "ARKIV_DATA_DIR": str(data)}
            env.pop("ARKIV_API_TOKEN", None)
            arkiv = Path(sys.executable).with_name("arkiv")
            command = [str(arkiv)] if arkiv.exists() else [sys.executable, "-m", "api.cli"]
            server = subprocess.Popen([*command, "serve", "--host", "127.0.0.1", "--port", str(port)], env=env,
                                      cwd=ROOT, stdout=log_path.open("wb"), stderr=subprocess.STDOUT)
            print(f"server pid {server.pid} on {base}, data copy {data}", flush=True)
        t = time.monotonic()
        wait_up(base)
        print(f"up in {time.monotonic() - t:.1f} s: {httpx.get(f'{base}/health').json()}", flush=True)

        # Setup: the minutes leave the index (so their upload really embeds); the slides must be there.
        with httpx.Client(base_url=base, timeout=TIMEOUT) as client:
            docs = {d["file_name"]: d for d in client.get("/documents").json()["documents"]}
            if names[SLIDES] not in docs:
                raise SystemExit(f"{names[SLIDES]} is not in the index; ingest it first")
            if names[MINUTES] in docs:
                r = client.delete(f"/documents/{docs[names[MINUTES]]['doc_id']}")
                r.raise_for_status()
                print(f"setup: deleted {names[MINUTES]} ({docs[names[MINUTES]]['chunks']} chunks)", flush=True)
            for q in qs[:5]:  # warm-up
                client.post("/ask", json={"question": q}).raise_for_status()

        state = State()
        state.absences.append(Absence(names[MINUTES], 0.0))
        threads = [threading.Thread(target=client_loop, args=(base, state, qs, args.seed + i), daemon=True)
                   for i in range(args.clients)]
        for thread in threads:
            thread.start()
        seconds: dict[str, float] = {}
        t = time.monotonic()
        state.phase = "baseline"
        print(f"baseline: {args.clients} clients for {args.seconds:.0f} s", flush=True)
        time.sleep(args.seconds)
        state.phase = "under-writes"
        t2 = time.monotonic()
        seconds["baseline"] = t2 - t
        print(f"under writes: {args.clients} clients for {args.seconds:.0f} s while uploading and deleting",
              flush=True)
        writer = threading.Thread(target=writer_loop, args=(base, state, MINUTES, SLIDES, names), daemon=True)
        writer.start()
        time.sleep(args.seconds)
        state.stop = True
        seconds["under-writes"] = time.monotonic() - t2
        for thread in threads:
            thread.join(150)
        writer.join(300)
        # Requests sent in one phase and answered in the next count for the phase they were sent in;
        # the rate divides by the phase's length.
        text, errors = summarize(state, seconds)
        print(text)
        if server is not None:
            log = log_path.read_text(encoding="utf-8", errors="replace")
            bad = [line for line in log.splitlines() if "Traceback" in line or " ERROR" in line or "ERROR:" in line]
            print(f"server log: {len(log.splitlines())} lines, {len(bad)} with a traceback or ERROR")
            for line in bad[:20]:
                print("  " + line)
            errors += len(bad)
        print(f"errors: {errors}")
        return 1 if errors else 0
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(60)
            except subprocess.TimeoutExpired:
                server.kill()
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
