"""The embedded index: the Qdrant engine in process (``qdrant-edge-py``), in ``data_dir/edge``.

Why not qdrant-client's local mode, which the index used before: local mode is Qdrant's
API re-implemented in Python for tests and small data. It scans every dense vector in
numpy, checks filters point by point in Python (~35 µs a chunk: 1.8 s for a question naming
an agenda item at 50,000 chunks), scores BM25 in a Python loop, unpickles every point when
it opens and commits to SQLite once per point. Qdrant Edge is the server's own engine
(segments on disk, memory-mapped vectors, payload indexes, Qdrant's sparse index with the
IDF modifier) without the server: the same scores as a Qdrant server for the same points,
which ``tests/index/test_embedded.py`` pins.

A shard is opened by one process: the engine locks its write-ahead log, and a second
process gets a ``StoreLockedError`` naming the owner. The embedding model's name and
dimension live in ``arkiv.json`` beside the shard (Edge keeps no collection metadata).
An index left by the local-mode versions (``data_dir/qdrant``) is copied into a new shard
the first time it is opened (``index/migrate.py``), vectors included: nothing is embedded
again.
"""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path
from typing import Any, Iterator

import numpy as np
import qdrant_edge as qe
from qdrant_client import models

from index.lexical import SparseWeights
from index.store import DENSE, PAYLOAD_INDEXES, SENTENCES, SPARSE, Hit, Store, point_vectors, sentence_matrices
from ingest.errors import StoreError

_META = "arkiv.json"
# No HNSW graph: search stays exact, as it was, and at 100,000 chunks a dense scan takes a few ms
# (evals/scale.py). The optimizer then only vacuums segments with many deleted points.
_OPTIMIZERS = qe.EdgeOptimizersConfig(indexing_threshold=0)
_SCHEMA = {"keyword": qe.PayloadSchemaType.Keyword, "integer": qe.PayloadSchemaType.Integer}


class EdgeStore(Store):
    server = False

    def __init__(self, path: Path, owner_file: Path | None = None) -> None:
        self.path = Path(path)
        self._owner_file = owner_file
        # Writes and reads are serialised: an ingest commits a document between two searches,
        # never while one runs (the engine would cope; the manifest switch relies on it).
        self._lock = threading.RLock()
        self._shard: qe.EdgeShard | None = None
        if self._exists():
            meta = json.loads((self.path / _META).read_text())
            # A shard's vectors are fixed when it is made: one made before sentence vectors were
            # kept is opened as it is (``arkiv ingest --rebuild`` makes a new one with them).
            self.sentence_vectors = bool(meta.get("sentences", False))
            self._shard = qe.EdgeShard.load(str(self.path), _config(int(meta["dim"]), self.sentence_vectors))
            self._index_payload()

    def _index_payload(self) -> None:
        """A payload index on every field search filters on (also those added since the index was made)."""
        assert self._shard is not None
        have = set(self._shard.info().payload_schema)
        for field, kind in PAYLOAD_INDEXES.items():
            if field not in have:
                self._shard.update(qe.UpdateOperation.create_field_index(field, _SCHEMA[kind]))

    @classmethod
    def open_path(cls, path: Path, owner_file: Path | None = None) -> "EdgeStore":
        try:
            return cls(path, owner_file)
        except Exception as exc:  # the engine raises plain Exceptions with the OS error in the text
            if "WouldBlock" in str(exc) or "lock" in str(exc).lower():
                raise _Locked(str(exc)) from exc
            raise StoreError(f"cannot open the index in {path}: {exc}") from exc

    def _exists(self) -> bool:
        return (self.path / "edge_config.json").exists() and (self.path / _META).exists()

    def close(self) -> None:
        try:
            with self._lock:
                if self._shard is not None:
                    self._shard.flush()
                    self._shard.close()
                    self._shard = None
        finally:
            self._release_owner()

    # ------------------------------------------------------------------ schema
    def ensure_collection(self, model: str, dim: int) -> None:
        with self._lock:
            if self._shard is not None:
                self._check_model(model, dim)
                return
            config = _config(dim, sentences=True)
            # A folder with segments but no arkiv.json is a create that died half-way: start over.
            if self.path.exists():
                shutil.rmtree(self.path)
            try:
                self._shard = qe.EdgeShard.create(str(self.path), config)
            except Exception as exc:  # another process created it at the same moment, or the disk refused
                raise StoreError(f"cannot create the index in {self.path}: {exc}; if another Arkiv process "
                                 "is starting on the same data directory, let it finish and use it") from exc
            self._index_payload()
            self._shard.flush()
            (self.path / _META).write_text(json.dumps({"model": model, "dim": dim, "sentences": True}))
            self.sentence_vectors = True

    def model_info(self) -> dict[str, Any]:
        meta = self.path / _META
        if self._shard is None or not meta.exists():
            return {}
        saved = json.loads(meta.read_text())
        return {"model": saved.get("model"), "dim": saved.get("dim")}

    # ------------------------------------------------------------------ writing
    def upsert_points(self, ids: list[str], dense: np.ndarray, sparse: list[SparseWeights],
                      payloads: list[dict[str, Any]], batch: int = 256,
                      sentences: list[np.ndarray] | None = None) -> None:
        shard = self._require()
        points = [qe.Point(ids[i], point_vectors(dense[i], qe.SparseVector(list(sparse[i].indices), list(sparse[i].values)),
                                                 sentences, i, self.sentence_vectors),
                           payloads[i]) for i in range(len(ids))]
        for start in range(0, len(points), batch):
            with self._lock:  # per batch, so a search waits at most for one batch
                shard.update(qe.UpdateOperation.upsert_points(points[start:start + batch]))

    def delete_document(self, doc_id: str) -> None:
        with self._lock:
            if self._shard is not None:
                self._shard.update(qe.UpdateOperation.delete_points_by_filter(edge_filter(self.doc_filter([doc_id]))))

    def delete_except(self, active: list[str]) -> int:
        """Remove points of documents not in ``active`` (left by an interrupted ingest)."""
        with self._lock:
            if self._shard is None:
                return 0
            if not active:
                ids = [r.id for r in self._shard.scroll(qe.ScrollRequest(limit=1 << 31))[0]]
                if ids:
                    self._shard.update(qe.UpdateOperation.delete_points(ids))
                return len(ids)
            stray = self.others_filter(active)
            n = self.count(stray)
            if n:
                self._shard.update(qe.UpdateOperation.delete_points_by_filter(edge_filter(stray)))
            return n

    def compact(self) -> None:
        """Vacuum segments whose points are mostly deleted (a re-ingest, deletes): the disk space
        comes back and BM25's IDF stops counting them. A no-op when there is nothing to do."""
        with self._lock:
            if self._shard is not None:
                self._shard.optimize()

    def flush(self) -> None:
        with self._lock:
            if self._shard is not None:
                self._shard.flush()

    # ------------------------------------------------------------------ reading
    def count(self, flt: models.Filter | None = None) -> int:
        with self._lock:
            if self._shard is None:
                return 0
            return int(self._shard.count(qe.CountRequest(exact=True, filter=edge_filter(flt))))

    def doc_counts(self) -> dict[str, int]:
        """Points per document from the doc_id payload index: opening 100,000 chunks reads no payload."""
        with self._lock:
            if self._shard is None:
                return {}
            response = self._shard.facet(qe.FacetRequest(key="doc_id", limit=1 << 30, exact=True))
        return {str(h.value): int(h.count) for h in response.hits if h.count}  # a deleted document stays at 0

    def _scroll(self, payload: bool | list[str], vectors: bool | list[str], batch: int,
                flt: models.Filter | None = None) -> Iterator[tuple[str, dict[str, Any], dict[str, Any]]]:
        offset: Any = None
        while True:
            with self._lock:
                if self._shard is None:
                    return
                records, offset = self._shard.scroll(qe.ScrollRequest(offset=offset, limit=batch, filter=edge_filter(flt),
                                                                      with_payload=payload, with_vector=vectors))
            for record in records:
                yield str(record.id), dict(record.payload or {}), dict(record.vector or {}) if vectors else {}
            if offset is None:
                return

    def query(self, dense: np.ndarray | None, sparse: SparseWeights | None, active: list[str] | None,
              limit: int = 50, fusion: str = "dbsf", extra: models.Filter | None = None) -> list[Hit]:
        flt = edge_filter(self.doc_filter(active, extra))
        if dense is not None and sparse is not None:
            request = qe.QueryRequest(
                limit=limit, with_payload=True,
                prefetches=[qe.Prefetch(limit=limit, query=_dense_query(dense), filter=flt),
                            qe.Prefetch(limit=limit, query=_sparse_query(sparse), filter=flt)],
                query=qe.Fusion.Rrf(k=2) if fusion == "rrf" else qe.Fusion.Dbsf())
        elif dense is not None:
            request = qe.QueryRequest(limit=limit, query=_dense_query(dense), filter=flt, with_payload=True)
        elif sparse is not None:
            request = qe.QueryRequest(limit=limit, query=_sparse_query(sparse), filter=flt, with_payload=True)
        else:
            raise ValueError("query needs a dense or a sparse vector")
        with self._lock:
            if self._shard is None:
                return []
            return _hits(self._shard.query(request))

    def query_both(self, dense: np.ndarray, sparse: SparseWeights, active: list[str] | None, limit: int = 50,
                   extra: models.Filter | None = None) -> tuple[list[Hit], list[Hit]]:
        flt = edge_filter(self.doc_filter(active, extra))
        batch = qe.QueryBatchRequest([
            qe.QueryRequest(limit=limit, query=_dense_query(dense), filter=flt, with_payload=True),
            qe.QueryRequest(limit=limit, query=_sparse_query(sparse), filter=flt, with_payload=True),
        ])
        with self._lock:
            if self._shard is None:
                return [], []
            dense_hits, sparse_hits = self._shard.query_batch(batch)
        return _hits(dense_hits), _hits(sparse_hits)

    def sentence_scores(self, dense: np.ndarray, ids: list[str]) -> dict[str, float]:
        if not self.sentence_vectors or not ids:
            return {}
        request = qe.QueryRequest(limit=len(ids), query=qe.Query.Nearest([np.asarray(dense, dtype=np.float32).tolist()],
                                                                         using=SENTENCES),
                                  filter=qe.Filter(must=[qe.HasIdCondition(set(ids))]))
        with self._lock:
            if self._shard is None:
                return {}
            return {h.chunk_id: h.score for h in _hits(self._shard.query(request))}

    def dense_scores(self, dense: np.ndarray, ids: list[str]) -> dict[str, float]:
        if not ids:
            return {}
        request = qe.QueryRequest(limit=len(ids), query=_dense_query(dense),
                                  filter=qe.Filter(must=[qe.HasIdCondition(set(ids))]))
        with self._lock:
            if self._shard is None:
                return {}
            return {h.chunk_id: h.score for h in _hits(self._shard.query(request))}

    def sentence_matrix(self, ids: list[str]) -> dict[str, np.ndarray]:
        if not self.sentence_vectors or not ids:
            return {}
        with self._lock:
            if self._shard is None:
                return {}
            points = self._shard.retrieve(list(ids), False, [SENTENCES])
        return sentence_matrices((str(p.id), dict(p.vector or {})) for p in points)

    def _require(self) -> qe.EdgeShard:
        if self._shard is None:
            raise StoreError(f"the index in {self.path} has no collection yet; ingest a document first")
        return self._shard


def _config(dim: int, sentences: bool) -> qe.EdgeConfig:
    vectors = {DENSE: qe.EdgeVectorParams(size=dim, distance=qe.Distance.Cosine)}
    if sentences:
        vectors[SENTENCES] = qe.EdgeVectorParams(size=dim, distance=qe.Distance.Cosine,
                                                 multivector_config=qe.MultiVectorConfig(qe.MultiVectorComparator.MaxSim))
    return qe.EdgeConfig(vectors=vectors,
                         sparse_vectors={SPARSE: qe.EdgeSparseVectorParams(modifier=qe.Modifier.Idf)},
                         optimizers=_OPTIMIZERS)


class _Locked(Exception):
    """The shard's write-ahead log is locked by another process (Store.open turns it into StoreLockedError)."""


def _dense_query(vector: np.ndarray) -> qe.Query:
    return qe.Query.Nearest(np.asarray(vector, dtype=np.float32).tolist(), using=DENSE)


def _sparse_query(weights: SparseWeights) -> qe.Query:
    return qe.Query.Nearest(qe.SparseVector(list(weights.indices), list(weights.values)), using=SPARSE)


def _hits(points: list[qe.ScoredPoint]) -> list[Hit]:
    return [Hit(str(p.id), float(p.score), dict(p.payload or {})) for p in points]


def edge_filter(flt: Any) -> Any:
    """The same filter for the engine in process. Search and answer build their filters with
    qdrant-client's models (what a Qdrant server takes); only what they use is translated."""
    if flt is None:
        return None
    if isinstance(flt, models.Filter):
        def many(conditions: Any) -> list[Any] | None:
            if conditions is None:
                return None
            items = conditions if isinstance(conditions, list) else [conditions]
            return [edge_filter(c) for c in items]

        return qe.Filter(must=many(flt.must), should=many(flt.should), must_not=many(flt.must_not))
    if isinstance(flt, models.FieldCondition):
        match = flt.match
        if isinstance(match, models.MatchValue):
            return qe.FieldCondition(key=flt.key, match=qe.MatchValue(match.value))
        if isinstance(match, models.MatchAny):
            return qe.FieldCondition(key=flt.key, match=qe.MatchAny(list(match.any)))
        if isinstance(match, models.MatchExcept):
            return qe.FieldCondition(key=flt.key, match=qe.MatchExcept(list(match.except_)))
    raise TypeError(f"no embedded equivalent for the filter condition {flt!r}")
