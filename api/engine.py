"""Arkiv as one object: the store, the model, the manifest and the functions
the CLI and the HTTP API both call (ingest, search, ask, documents, health).

It owns the embedded index for as long as it is open; ``close()`` releases it.
"""

from __future__ import annotations

import logging
import math
import threading
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator, Sequence

import numpy as np

from api.about import answer_about_document
from api.answer import Answer, SentenceVectors, build_answer, load_found, load_sentence_model
from api.rank import load_ranker
from api.query import QueryIntent, read_intent
from api.refusal import Refusal
from api.search import Filters, Ranked, Searcher
from api.settings import Settings
from api.timeline import DEPTH as TIMELINE_DEPTH, Timeline, build_timeline
from index.build import (DocStats, FileResult, Indexer, IngestReport, SourceFile, load_pages, load_stats,
                         remove_document_texts, remove_texts_except)
from index.calibrate import cosine_band
from index.vocabulary import Vocabulary, list_words, load_words
from index.embed import Embedder, make_embedder
from index.files import FileStore
from index.lexical import DanishAnalyzer
from index.manifest import DocumentEntry, Manifest
from index.store import ClusterLayout, Store
from ingest.errors import NotFoundError, QueryError

log = logging.getLogger("arkiv")
MAX_QUESTION_CHARS = 2000
_ATTEMPTS = 3  # a search retried this often in a row has met three index changes; it keeps the last answer


class Arkiv:
    def __init__(self, settings: Settings, embedder: Embedder | None = None, role: str = "arkiv") -> None:
        self.settings = settings
        self.data_dir = Path(settings.data_dir)
        self.embedder = embedder or make_embedder(settings.embedder.backend, settings.embedder.model_dir)
        self.band = cosine_band(self.embedder)  # measured now, so the first question does not wait for it
        cluster = settings.cluster
        self.store = Store.open(self.data_dir, settings.qdrant_url, settings.qdrant_api_key, role=role,
                                layout=ClusterLayout(cluster.shards, cluster.replicas, cluster.write_consistency))
        self.manifest = Manifest.load(self.data_dir / "manifest.json")
        self.files = FileStore(self.data_dir)
        self.analyzer = DanishAnalyzer(avgdl=settings.ingest.chunk_chars / 7)
        ranker = load_ranker(self.embedder.name) if settings.search.ranking == "learned" else None
        self.found_model = load_found(self.embedder.name) if settings.search.found == "learned" else None
        # The answer's first sentence is chosen by a fitted model when one ships (`arkiv train` writes
        # api/sentence.json when it beats the hand-set score on held-out folds), else by the hand-set score.
        self.sentence_model = load_sentence_model(self.embedder.name)
        # Refusal rules /ask leaves out: none in service; `python -m evals.rules` turns each off in
        # turn to measure what it contributes.
        self.skip_refusals: frozenset[Refusal] = frozenset()
        self.searcher = Searcher(self.store, self.embedder, self.analyzer, settings.search.fusion,
                                 settings.search.dense_weight, settings.search.candidates, ranker=ranker, idf=self.idf,
                                 english_dense_weight=settings.search.english_dense_weight)
        # Two locks: ingests run one at a time (minutes of embedding, outside any lock the
        # readers or a delete need); every change to the index itself — one document's
        # commit, a delete, a repair — holds the write lock for milliseconds.
        self._ingest_lock = threading.Lock()
        self._write_lock = threading.RLock()
        self._hidden = 0  # changes under way: while > 0 the store may hold points the manifest does not list
        self._generation = 0  # counts changes begun, so a search can tell one started under it
        self._pages = lru_cache(maxsize=64)(lambda doc_id: load_pages(self.data_dir, doc_id))
        self._stats: dict[tuple[str, str, str], DocStats] = {}  # per listed document version, read once
        # per listed document version: its words (None: none kept), read once; in how many of them
        # each word stands
        self._words: dict[tuple[str, str, str], tuple[str, ...] | None] = {}
        self._word_df: Counter[str] = Counter()
        try:
            self.store.ensure_collection(self.embedder.name, self.embedder.dim)
            if not self.store.sentence_vectors:
                log.warning("the index in %s was built before Arkiv kept each passage's sentence vectors; it is "
                            "searched without them (a little less well) until `arkiv ingest --rebuild`", self.data_dir)
            self.repaired = self.repair()
            self._refresh()
        except BaseException:
            self.store.close()  # a refused open (another model, a damaged index) must not keep the lock
            raise

    def _refresh(self) -> None:
        """Recompute what is derived from the set of documents (term statistics, dates) after a
        change; each document version's stats are read from disk once, not at every commit."""
        listed = self.manifest.documents
        keys = {d: (d, e.config, e.ingested_at) for d, e in listed.items()}  # a re-index makes a new key
        self._stats = {keys[d]: self._stats.get(keys[d]) or load_stats(self.data_dir, d) for d in listed}
        if any(s.dates is None for s in self._stats.values()):  # page files from before dates were kept
            found: dict[str, set[str]] = {}
            for point in self.store.payloads(["doc_id", "date"]):
                if point.get("date"):
                    found.setdefault(str(point["doc_id"]), set()).add(str(point["date"]))
            self._stats = {k: s if s.dates is not None else DocStats(s.term_counts, tuple(sorted(found.get(k[0], ()))))
                           for k, s in self._stats.items()}
        term_df: Counter[str] = Counter()
        for stats in self._stats.values():
            term_df.update(stats.term_counts)
        self.term_df = term_df
        self.n_chunks = sum(d.chunks for d in listed.values())
        self.dates = sorted({date for s in self._stats.values() for date in s.dates or ()})
        self.searcher.identities = {d: frozenset(self.analyzer.terms(f"{e.title} {e.body}")) for d, e in listed.items()}
        self._refresh_vocabulary(keys)
        self._pages.cache_clear()

    def _refresh_vocabulary(self, keys: dict[str, tuple[str, str, str]]) -> None:
        """The listed documents' words with their vectors (``index/vocabulary.py``), the counts kept
        up to date document by document, vectors read only for words new to the vocabulary."""
        model = self.embedder.name
        words = {key: self._words[key] if self._words.get(key) is not None
                 else list_words(self.data_dir, key[0], model) for key in keys.values()}
        for key in set(self._words) - set(words):
            self._word_df.subtract(self._words[key] or ())
        for key in set(words) - {k for k, w in self._words.items() if w is not None}:
            self._word_df.update(words[key] or ())
        self._word_df = +self._word_df  # (drops the words no listed document has)
        self._words = words

        def vectors_of(doc_id: str, wanted: set[str]) -> dict[str, np.ndarray]:
            return {w: v for w, v in (load_words(self.data_dir, doc_id, model) or {}).items() if w in wanted}
        self.searcher.vocabulary = Vocabulary.of_documents(
            {k[0]: w for k, w in words.items() if w}, self._word_df, vectors_of, previous=self.searcher.vocabulary)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> "Arkiv":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ writing
    @contextmanager
    def _change(self) -> Iterator[None]:
        """Hold the write lock around one change of the index; searches meanwhile filter on
        the manifest, and points a failed change left behind are removed before it ends."""
        with self._write_lock:
            self._hidden += 1
            self._generation += 1
            try:
                yield
            except BaseException:
                self.store.delete_except(self.manifest.active_ids())
                raise
            finally:
                self._hidden -= 1
                self._refresh()

    def repair(self) -> Repair:
        """Make the store, the kept files and the page texts agree with the manifest.

        After a crash the store may hold points of a document the manifest never listed
        (killed before the switch) or of a version it no longer lists (killed after it);
        both are removed. A listed document whose points are not all there cannot come
        from an interrupted ingest; it is reported and dropped, so the next ingest of its
        file adds it again instead of skipping it as unchanged.
        """
        with self._write_lock:
            listed = self.manifest.documents
            counts = self.store.doc_counts()
            stray = sum(n for doc_id, n in counts.items() if doc_id not in listed)
            if stray:
                self.store.delete_except(list(listed))
            broken = sorted(d for d, entry in listed.items() if counts.get(d, 0) != entry.chunks)
            if broken:
                self.manifest.switch(remove=broken)
                for doc_id in broken:
                    self.store.delete_document(doc_id)
                    log.error("document %s was listed with missing points; dropped: ingest its file again",
                              listed[doc_id].file_name)
            keep = {e.sha256 for e in self.manifest.documents.values()} | {listed[d].sha256 for d in broken}
            files = self.files.remove_except(keep)
            pages = remove_texts_except(self.data_dir, set(self.manifest.documents))
        if stray:
            log.warning("removed %d points left by an interrupted ingest", stray)
        return Repair(stray_points=stray, dropped=[listed[d].file_name for d in broken], stray_files=files + pages)

    def ingest(self, sources: Sequence[Path | SourceFile],
               progress: Callable[[int, int], None] | None = None,
               on_file: Callable[[FileResult], None] | None = None,
               elsewhere: Store | None = None) -> IngestReport:
        """Index ``sources``; ``elsewhere`` is another index of the same model whose vectors are
        reused (see ``Indexer.elsewhere``)."""
        with self._ingest_lock:
            indexer = Indexer(
                store=self.store, embedder=self.embedder, manifest=self.manifest, data_dir=self.data_dir,
                config=self.settings.config_hash(self.embedder.name), chunk_chars=self.settings.ingest.chunk_chars,
                chunk_overlap=self.settings.ingest.chunk_overlap, batch_size=self.settings.embedder.batch_size,
                max_file_bytes=self.settings.ingest.max_file_mb * 1024 * 1024, analyzer=self.analyzer,
                commit=self._change, elsewhere=elsewhere, known_words=lambda words: self.searcher.vocabulary.lookup()(words),
            )
            report = indexer.ingest(sources, progress, on_file)
            if report.count("added") or report.count("replaced"):
                with self._write_lock:
                    self.store.compact()
            return report

    def delete(self, doc_id: str) -> DocumentEntry:
        """Remove a document: gone from search the moment the manifest drops it."""
        with self._change():
            entry = self._entry(doc_id)
            self.manifest.switch(remove=[doc_id])
            self.store.delete_document(doc_id)
            remove_document_texts(self.data_dir, doc_id)
            self.files.remove(entry.sha256)
        return entry

    # ------------------------------------------------------------------ reading
    def search(self, question: str, k: int = 10, fusion: str | None = None, filters: Filters | None = None,
               smart: bool = True, vector: np.ndarray | None = None) -> list[Ranked]:
        check_question(question, k)
        return self._ranked(question, k, fusion, filters, smart, vector=vector)

    def ask(self, question: str, k: int = 5, filters: Filters | None = None, fusion: str | None = None) -> Answer:
        check_question(question, k)
        intent = read_intent(question)
        scope = self._one_document(filters)
        if scope is not None:
            # "hvornår var mødet?" asked of one document is about the document itself
            about = answer_about_document(intent, scope, self._pages(scope.doc_id), self.analyzer,
                                          lambda: self.store.passages(scope.doc_id))
            if about is not None:
                return about
        vector = self.embedder.query(question)  # for the search and for the answer's sentence choice
        ranked = self._ranked(question, max(k, 10), fusion, filters, intent=intent, vector=vector)
        return build_answer(question, ranked, self._pages, self.analyzer, self.embedder,
                            self.settings.search.found_threshold, k, idf=self.idf, found_model=self.found_model,
                            sentence_model=self.sentence_model, intent=intent, skip=self.skip_refusals,
                            vectors=self.question_vectors(vector))

    def question_vectors(self, vector: np.ndarray) -> SentenceVectors:
        """How near the question (its ``vector``) each quotable sentence of its passages is."""
        return SentenceVectors(vector, self.store.sentence_matrix)

    def _one_document(self, filters: Filters | None) -> DocumentEntry | None:
        """The one document a question is asked of: the one it is filtered to, or the archive's only one."""
        documents = self.manifest.documents
        if filters is not None and filters.doc_id:
            return documents.get(filters.doc_id)
        if len(documents) == 1 and (filters is None or filters == Filters()):
            return next(iter(documents.values()))
        return None

    def _ranked(self, question: str, k: int, fusion: str | None, filters: Filters | None,
                smart: bool = True, intent: QueryIntent | None = None, vector: np.ndarray | None = None) -> list[Ranked]:
        if filters is not None:
            filters = filters.within(self.dates)
            if filters.dates == ():
                return []  # no document is dated in the range
        for _ in range(_ATTEMPTS):
            generation, documents = self._generation, self.manifest.documents
            # With no change under way every point belongs to a listed document (repair() and
            # _change() see to that), so the costly document filter is left out.
            visible = sorted(documents) if self._hidden else None
            if visible == []:
                return []
            ranked = self.searcher.search(question, visible, k, fusion, filters, smart, intent, vector)
            # A change that began, or a manifest switch, while the query ran may have shown it
            # points of an unlisted version or hidden both versions: then ask again.
            if generation == self._generation and documents is self.manifest.documents:
                break
        return ranked

    def timeline(self, topic: str, k: int = TIMELINE_DEPTH, filters: Filters | None = None) -> Timeline:
        """Every passage among the ``k`` best for ``topic`` that says something dated about it, in date order."""
        check_question(topic, k)
        intent = read_intent(topic)
        ranked = self._ranked(topic, k, None, filters, intent=intent)
        return build_timeline(topic, ranked, self._pages, self.analyzer, self.idf, self.band, depth=k, intent=intent)

    def idf(self, term: str) -> float:
        """BM25-style IDF over chunks; a term the corpus never uses gets more than any known term."""
        n = max(self.n_chunks, 1)
        df = self.term_df.get(term, 0)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def pages(self, doc_id: str) -> list[dict]:
        return self._pages(doc_id)

    def _entry(self, doc_id: str) -> DocumentEntry:
        entry = self.manifest.documents.get(doc_id)
        if entry is None:
            raise NotFoundError(f"no document with id {doc_id!r}; GET /documents (or `arkiv documents`) lists them")
        return entry

    def document(self, doc_id: str) -> dict:
        return dict(vars(self._entry(doc_id)))

    def stored_file(self, doc_id: str) -> Path:
        """The kept original PDF of a document (never a path built from its name)."""
        entry = self._entry(doc_id)
        path = self.files.path(entry.sha256)
        if not path.is_file():
            raise NotFoundError(f"the PDF of {entry.file_name} is not kept in {self.files.root}; ingest it again")
        return path

    def documents(self) -> list[dict]:
        return [dict(vars(d)) for d in sorted(self.manifest.documents.values(), key=lambda d: d.file_name)]

    def health(self) -> dict:
        return {"status": "ok", "model": self.embedder.name, "documents": len(self.manifest.documents),
                "chunks": self.store.count(), "index": "server" if self.settings.qdrant_url else "embedded",
                "sentence_vectors": self.store.sentence_vectors,
                # what decides "found" in fact: the fitted model, or the hand-set confidence when that
                # was asked for or the shipped model was fitted with another embedder
                "found": "learned" if self.found_model is not None else "rules",
                # … and what ranks: the fitted ranking, or the hand-set rules (asked for, or none fitted for this embedder)
                "ranking": "learned" if self.searcher.ranker is not None else "rules"}


@dataclass(frozen=True)
class Repair:
    """What ``Arkiv.repair()`` found and removed when the index was opened."""

    stray_points: int = 0
    dropped: list[str] = field(default_factory=list)
    stray_files: int = 0


def check_question(question: str, k: int) -> None:
    if not question or not question.strip():
        raise QueryError("the question is empty: write what you want to know, e.g. 'hvad er status på akuttelefonen?'")
    if len(question) > MAX_QUESTION_CHARS:
        raise QueryError(f"the question is {len(question)} characters long; the limit is {MAX_QUESTION_CHARS}")
    if not 1 <= k <= 50:
        raise QueryError(f"k must be between 1 and 50, not {k}")
