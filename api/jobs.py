"""Ingest jobs: run in a background thread of the server that owns the index.

The API never ingests inside a request: an upload (or a re-index) becomes a job,
the request returns 202 with the job's address, and ``GET /jobs/{id}`` shows how
far it is. Jobs run one after another on a single worker thread — a thread, not
a process, because the embedding engine hangs in a forked child, and one at a
time because every ingest needs both cores. Queries keep being answered
meanwhile: the engine takes its write lock only for each document's commit.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from api.engine import Arkiv
from index.build import FileResult, SourceFile
from ingest.errors import ArkivError, NotFoundError

log = logging.getLogger("arkiv")
_KEEP_FINISHED = 200  # finished jobs remembered for GET /jobs/{id}


class JobCancelled(Exception):
    """Raised inside a job's progress callback when the server shuts down."""


@dataclass
class Job:
    id: str
    kind: str  # "ingest" | "reindex"
    files: list[str]
    state: str = "queued"  # queued → running → done | failed | cancelled
    done: int = 0  # passages embedded so far
    total: int = 0  # passages to embed (known once the files are read and chunked)
    created: str = field(default_factory=lambda: time.strftime("%Y-%m-%dT%H:%M:%S"))
    started: str | None = None
    finished: str | None = None
    results: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "state": self.state, "files": self.files,
                "done": self.done, "total": self.total, "created": self.created, "started": self.started,
                "finished": self.finished, "results": self.results, "error": self.error,
                "url": f"/jobs/{self.id}"}


class Jobs:
    def __init__(self, arkiv: Arkiv, after: Callable[[SourceFile], None] | None = None) -> None:
        """``after(source)`` is called for every file of a job once the job has dealt with it."""
        self.arkiv = arkiv
        self.after = after
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="arkiv-ingest")
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        self._stopping = threading.Event()

    def ingest(self, sources: Sequence[SourceFile], kind: str = "ingest") -> Job:
        job = Job(id=uuid.uuid4().hex[:12], kind=kind, files=[s.name for s in sources])
        with self._lock:
            self._jobs[job.id] = job
            finished = [j for j in self._jobs.values() if j.finished]
            for old in finished[: max(0, len(finished) - _KEEP_FINISHED)]:
                del self._jobs[old.id]
        self._pool.submit(self._run, job, list(sources))
        return job

    def get(self, job_id: str) -> Job:
        job = self._jobs.get(job_id)
        if job is None:
            raise NotFoundError(f"no job with id {job_id!r} (jobs are remembered until the server restarts)")
        return job

    def all(self) -> list[Job]:
        return list(reversed(self._jobs.values()))

    def active(self) -> Job | None:
        """The running job, else the oldest queued one."""
        jobs = list(self._jobs.values())
        return next((j for j in jobs if j.state == "running"), None) or \
            next((j for j in jobs if j.state == "queued"), None)

    def close(self) -> None:
        """Stop: the running job stops at its next embedding batch (before its next commit,
        so the index stays whole); queued jobs do not start. Their uploads stay pending."""
        self._stopping.set()
        self._pool.shutdown(wait=True, cancel_futures=True)

    def _run(self, job: Job, sources: list[SourceFile]) -> None:
        if self._stopping.is_set():
            job.state = "cancelled"
            return
        job.state, job.started = "running", time.strftime("%Y-%m-%dT%H:%M:%S")

        def progress(done: int, total: int) -> None:
            job.done, job.total = done, total
            if self._stopping.is_set():
                raise JobCancelled()

        def finished_file(result: FileResult) -> None:
            # Every file's result passes here, in the report's order: the job's list is built as it goes.
            job.results = [*job.results, result_json(result)]  # a new list: a reader never sees it half-built

        try:
            report = self.arkiv.ingest(sources, progress, finished_file)
            job.state = "done"
            log.info("ingest job %s done in %.0f s: %d added, %d replaced, %d unchanged, %d skipped",
                     job.id, report.seconds, report.count("added"), report.count("replaced"),
                     report.count("unchanged"), len(report.skipped))
            for skipped in report.skipped:
                log.warning("skipped %s: %s", skipped.path, skipped.reason)
            for source in sources:
                if self.after:
                    self.after(source)
        except JobCancelled:
            job.state = "cancelled"
            job.error = "the server stopped; the files not yet indexed are ingested when it starts again"
        except ArkivError as exc:
            job.state, job.error = "failed", str(exc)
            log.error("ingest job %s failed: %s", job.id, exc)
        except Exception as exc:  # a bug must not kill the worker thread silently
            log.exception("ingest job %s failed", job.id)
            job.state, job.error = "failed", f"internal error: {exc!r}"
        finally:
            job.finished = time.strftime("%Y-%m-%dT%H:%M:%S")


def result_json(f: FileResult) -> dict[str, Any]:
    return {"file": f.path, "status": f.status, "doc_id": f.doc_id, "chunks": f.chunks,
            **({"reason": f.reason} if f.reason else {}), **({"problem": f.problem} if f.problem else {})}
