"""Arkiv as one object: the store, the model, the manifest and the functions
the CLI and the HTTP API both call (ingest, search, ask, documents, health).

It owns the embedded index for as long as it is open; ``close()`` releases it.
"""

from __future__ import annotations

import logging
import math
import threading
from functools import lru_cache
from pathlib import Path
from typing import Callable

from api.answer import Answer, build_answer
from api.search import Filters, Ranked, Searcher
from api.settings import Settings
from index.build import Indexer, IngestReport, load_pages, load_term_counts
from index.embed import Embedder, make_embedder
from index.lexical import DanishAnalyzer
from index.manifest import Manifest
from index.store import Store
from ingest.errors import QueryError

log = logging.getLogger("arkiv")
MAX_QUESTION_CHARS = 2000


class Arkiv:
    def __init__(self, settings: Settings, embedder: Embedder | None = None, role: str = "arkiv") -> None:
        self.settings = settings
        self.data_dir = Path(settings.data_dir)
        self.embedder = embedder or make_embedder(settings.embedder.backend, settings.embedder.model_dir)
        self.store = Store.open(self.data_dir, settings.qdrant_url, settings.qdrant_api_key, role=role)
        self.manifest = Manifest.load(self.data_dir / "manifest.json")
        self.analyzer = DanishAnalyzer(avgdl=settings.ingest.chunk_chars / 7)
        self.searcher = Searcher(self.store, self.embedder, self.analyzer, settings.search.fusion,
                                 settings.search.dense_weight, settings.search.candidates)
        self._write_lock = threading.Lock()
        self._pages = lru_cache(maxsize=64)(lambda doc_id: load_pages(self.data_dir, doc_id))
        self.store.ensure_collection(self.embedder.name, self.embedder.dim)
        self._writing = 0  # ingests under way: while > 0 searches filter on the manifest
        self.repair()
        self._load_vocabulary()

    def _load_vocabulary(self) -> None:
        self.term_df = load_term_counts(self.data_dir, self.manifest.active_ids())
        self.n_chunks = sum(d.chunks for d in self.manifest.documents.values())

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> "Arkiv":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ writing
    def repair(self) -> int:
        """Make the store agree with the manifest after an interrupted ingest."""
        removed = self.store.delete_except(self.manifest.active_ids())
        if removed:
            log.warning("removed %d points left by an interrupted ingest", removed)
        return removed

    def ingest(self, paths: list[Path], progress: Callable[[int, int], None] | None = None) -> IngestReport:
        with self._write_lock:
            self._writing += 1
            try:
                return self._ingest(paths, progress)
            finally:
                self.repair()
                self._writing -= 1

    def _ingest(self, paths: list[Path], progress: Callable[[int, int], None] | None) -> IngestReport:
        indexer = Indexer(
            store=self.store, embedder=self.embedder, manifest=self.manifest, data_dir=self.data_dir,
            config=self.settings.config_hash(self.embedder.name), chunk_chars=self.settings.ingest.chunk_chars,
            chunk_overlap=self.settings.ingest.chunk_overlap, batch_size=self.settings.embedder.batch_size,
            max_file_bytes=self.settings.ingest.max_file_mb * 1024 * 1024, analyzer=self.analyzer,
        )
        report = indexer.ingest(paths, progress)
        self._pages.cache_clear()
        self._load_vocabulary()
        return report

    def _visible(self) -> list[str] | None:
        """The documents search may see; ``None`` (no filter) when no write is under way,
        because ``repair()`` has removed every point the manifest does not list."""
        return self.manifest.active_ids() if self._writing else None

    # ------------------------------------------------------------------ reading
    def search(self, question: str, k: int = 10, fusion: str | None = None, filters: Filters | None = None,
               smart: bool = True) -> list[Ranked]:
        check_question(question, k)
        if not self.manifest.documents:
            return []
        return self.searcher.search(question, self._visible(), k, fusion, filters, smart)

    def ask(self, question: str, k: int = 5, filters: Filters | None = None, fusion: str | None = None) -> Answer:
        check_question(question, k)
        visible = self._visible() if self.manifest.documents else []
        ranked = self.searcher.search(question, visible, max(k, 10), fusion, filters)
        return build_answer(question, ranked, self._pages, self.analyzer, self.embedder,
                            self.settings.search.found_threshold, k, idf=self.idf)

    def idf(self, term: str) -> float:
        """BM25-style IDF over chunks; a term the corpus never uses gets more than any known term."""
        n = max(self.n_chunks, 1)
        df = self.term_df.get(term, 0)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def pages(self, doc_id: str) -> list[dict]:
        return self._pages(doc_id)

    def documents(self) -> list[dict]:
        return [dict(vars(d)) for d in sorted(self.manifest.documents.values(), key=lambda d: d.file_name)]

    def health(self) -> dict:
        return {"status": "ok", "model": self.embedder.name, "documents": len(self.manifest.documents),
                "chunks": self.store.count(), "index": "server" if self.settings.qdrant_url else "embedded"}


def check_question(question: str, k: int) -> None:
    if not question or not question.strip():
        raise QueryError("the question is empty: write what you want to know, e.g. 'hvad er status på akuttelefonen?'")
    if len(question) > MAX_QUESTION_CHARS:
        raise QueryError(f"the question is {len(question)} characters long; the limit is {MAX_QUESTION_CHARS}")
    if not 1 <= k <= 50:
        raise QueryError(f"k must be between 1 and 50, not {k}")
