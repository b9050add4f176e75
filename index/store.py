"""The only code that talks to Qdrant.

Embedded on disk (``QdrantClient(path=…)``) by default, a Qdrant server when a
URL is given — one code path, Query API only. Each point holds a named dense
vector, a named sparse BM25 vector (IDF modifier) and the chunk's provenance as
payload. The embedding model's name and dimension are stored as collection
metadata; opening an index built with another model is a ``ModelMismatchError``.
"""

from __future__ import annotations

import json
import os
import threading
import time
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import numpy as np
from qdrant_client import QdrantClient, models
from qdrant_client.http.exceptions import ResponseHandlingException, UnexpectedResponse

from index.lexical import SparseWeights
from index.sparse_scores import SparseScores
from ingest.errors import ModelMismatchError, StoreError, StoreLockedError
from ingest.models import Chunk

DENSE = "dense"
SPARSE = "bm25"
COLLECTION = "arkiv_chunks"
_OWNER_FILE = "owner.json"


@dataclass(frozen=True)
class Hit:
    chunk_id: str
    score: float
    payload: dict[str, Any]

    @property
    def doc_id(self) -> str:
        return str(self.payload["doc_id"])

    @property
    def text(self) -> str:
        return str(self.payload["text"])


class Store:
    def __init__(self, client: QdrantClient, collection: str = COLLECTION, owner_file: Path | None = None,
                 server: bool = False) -> None:
        self.client = client
        self.server = server
        self.collection = collection
        self._owner_file = owner_file
        # Embedded Qdrant is plain Python without locks of its own: an upsert from the ingest
        # thread while a request thread queries can corrupt its in-memory arrays. A server
        # serialises on its side, so only embedded mode takes this lock.
        self._lock: AbstractContextManager[object] = nullcontext() if server else threading.RLock()
        # Embedded mode scores BM25 with a vectorised mirror (index/sparse_scores.py explains why).
        self._sparse_scores = None if server else SparseScores(client, collection, SPARSE)

    # ------------------------------------------------------------------ opening
    @classmethod
    def open(cls, data_dir: Path, url: str | None = None, api_key: str | None = None,
             collection: str = COLLECTION, role: str = "arkiv") -> "Store":
        if url:
            try:
                client = QdrantClient(url=url, api_key=api_key, timeout=30)
                client.get_collections()
            except (ResponseHandlingException, UnexpectedResponse, OSError) as exc:
                raise StoreError(f"cannot reach the Qdrant server at {url} ({exc}); check QDRANT_URL and QDRANT_API_KEY") from exc
            return cls(client, collection, server=True)
        path = Path(data_dir) / "qdrant"
        path.mkdir(parents=True, exist_ok=True)
        owner = Path(data_dir) / _OWNER_FILE
        try:
            client = QdrantClient(path=str(path))
        except RuntimeError as exc:
            if "already accessed" in str(exc) or "locked" in str(exc).lower():
                raise StoreLockedError(_locked_message(Path(data_dir), owner)) from exc
            raise StoreError(f"cannot open the index in {path}: {exc}") from exc
        owner.write_text(json.dumps({"pid": os.getpid(), "role": role, "since": time.strftime("%Y-%m-%d %H:%M:%S")}))
        return cls(client, collection, owner_file=owner)

    def close(self) -> None:
        try:
            with self._lock:
                self.client.close()
        finally:
            if self._owner_file is not None:
                self._owner_file.unlink(missing_ok=True)

    # ------------------------------------------------------------------ schema
    def ensure_collection(self, model: str, dim: int) -> None:
        with self._lock:
            self._ensure_collection(model, dim)

    def _ensure_collection(self, model: str, dim: int) -> None:
        if self.client.collection_exists(self.collection):
            meta = self.model_info()
            if meta and (meta.get("model") != model or int(meta.get("dim", 0)) != dim):
                raise ModelMismatchError(
                    f"the index was built with the model {meta.get('model')} ({meta.get('dim')} dimensions) "
                    f"but Arkiv is configured for {model} ({dim}); re-ingest with `arkiv ingest --rebuild` "
                    "or set ARKIV_EMBEDDER__BACKEND back to the model the index was built with"
                )
            return
        self._changed()
        self.client.create_collection(
            self.collection,
            vectors_config={DENSE: models.VectorParams(size=dim, distance=models.Distance.COSINE)},
            sparse_vectors_config={SPARSE: models.SparseVectorParams(modifier=models.Modifier.IDF)},
            metadata={"model": model, "dim": dim},
        )
        if not self.server:
            return  # payload indexes have no effect (and warn) in embedded mode
        for field, schema in (("doc_id", models.PayloadSchemaType.KEYWORD),
                              ("kind", models.PayloadSchemaType.KEYWORD),
                              ("recommendation", models.PayloadSchemaType.INTEGER),
                              ("item", models.PayloadSchemaType.INTEGER),
                              ("case_number", models.PayloadSchemaType.KEYWORD),
                              ("body", models.PayloadSchemaType.KEYWORD),
                              ("date", models.PayloadSchemaType.KEYWORD)):
            self.client.create_payload_index(self.collection, field, schema)

    def model_info(self) -> dict[str, Any]:
        with self._lock:
            if not self.client.collection_exists(self.collection):
                return {}
            return dict(self.client.get_collection(self.collection).config.metadata or {})

    # ------------------------------------------------------------------ writing
    def upsert(self, chunks: list[Chunk], dense: np.ndarray, sparse: list[SparseWeights],
               doc_payload: dict[str, Any], batch: int = 128) -> None:
        points = [
            models.PointStruct(
                id=chunk.id,
                vector={DENSE: dense[i].tolist(), SPARSE: _sparse(sparse[i])},
                payload=chunk_payload(chunk, doc_payload),
            )
            for i, chunk in enumerate(chunks)
        ]
        for start in range(0, len(points), batch):
            with self._lock:  # per batch, so queries wait at most for one batch
                self._changed()
                self.client.upsert(self.collection, points[start : start + batch], wait=True)

    def delete_document(self, doc_id: str) -> None:
        with self._lock:
            self._changed()
            self.client.delete(self.collection, points_selector=models.FilterSelector(filter=_doc_filter([doc_id])),
                               wait=True)

    def delete_except(self, active: list[str]) -> int:
        """Remove points of documents not in ``active`` (left by an interrupted ingest)."""
        stray = models.Filter(must_not=[models.FieldCondition(key="doc_id", match=models.MatchAny(any=active))]) \
            if active else None
        with self._lock:
            n = self.count(stray)
            if n:
                selector = models.FilterSelector(filter=stray or models.Filter())
                self._changed()
                self.client.delete(self.collection, points_selector=selector, wait=True)
        return n

    def _changed(self) -> None:
        """Before every write (inside the lock): the sparse mirror no longer matches the points."""
        if self._sparse_scores is not None:
            self._sparse_scores.invalidate()

    # ------------------------------------------------------------------ reading
    def count(self, flt: models.Filter | None = None) -> int:
        with self._lock:
            if not self.client.collection_exists(self.collection):
                return 0
            return int(self.client.count(self.collection, count_filter=flt, exact=True).count)

    def payloads(self, fields: list[str]) -> Iterator[dict[str, Any]]:
        """The given payload fields of every point, scrolled in pages (no vectors)."""
        offset: Any = None
        while True:
            with self._lock:
                if not self.client.collection_exists(self.collection):
                    return
                points, offset = self.client.scroll(self.collection, limit=1024, offset=offset,
                                                    with_payload=fields, with_vectors=False)
            for point in points:
                yield dict(point.payload or {})
            if offset is None:
                return

    def count_by_doc(self, doc_id: str) -> int:
        return self.count(_doc_filter([doc_id]))

    def query(self, dense: np.ndarray | None, sparse: SparseWeights | None, active: list[str] | None,
              limit: int = 50, fusion: str = "dbsf", extra: models.Filter | None = None) -> list[Hit]:
        """Dense, sparse or fused (``rrf``/``dbsf``) query restricted to ``active`` documents.

        ``active=None`` skips the document filter: the caller knows the store holds only
        points of listed documents (filtering costs ~35 ms a query in embedded mode).
        """
        flt = _doc_filter(active, extra)
        if dense is not None and sparse is not None:
            prefetch = [
                models.Prefetch(query=dense.tolist(), using=DENSE, limit=limit, filter=flt),
                models.Prefetch(query=_sparse(sparse), using=SPARSE, limit=limit, filter=flt),
            ]
            fusion_kind = models.Fusion.RRF if fusion == "rrf" else models.Fusion.DBSF
            with self._lock:
                result = self.client.query_points(self.collection, prefetch=prefetch,
                                                  query=models.FusionQuery(fusion=fusion_kind), limit=limit)
        elif dense is not None:
            with self._lock:
                result = self.client.query_points(self.collection, query=dense.tolist(), using=DENSE,
                                                  query_filter=flt, limit=limit)
        elif sparse is not None:
            if self._sparse_scores is not None:
                return self._sparse_hits(sparse, flt, limit)
            with self._lock:
                result = self.client.query_points(self.collection, query=_sparse(sparse), using=SPARSE,
                                                  query_filter=flt, limit=limit)
        else:
            raise ValueError("query needs a dense or a sparse vector")
        return _hits(result)

    def query_both(self, dense: np.ndarray, sparse: SparseWeights, active: list[str] | None, limit: int = 50,
                   extra: models.Filter | None = None) -> tuple[list[Hit], list[Hit]]:
        """The dense and the sparse candidate lists with their raw scores, in one batch call."""
        flt = _doc_filter(active, extra)
        if self._sparse_scores is not None:
            return self.query(dense, None, active, limit, extra=extra), self._sparse_hits(sparse, flt, limit)
        requests = [
            models.QueryRequest(query=dense.tolist(), using=DENSE, filter=flt, limit=limit, with_payload=True),
            models.QueryRequest(query=_sparse(sparse), using=SPARSE, filter=flt, limit=limit, with_payload=True),
        ]
        with self._lock:
            dense_res, sparse_res = self.client.query_batch_points(self.collection, requests)
        return _hits(dense_res), _hits(sparse_res)

    def _sparse_hits(self, sparse: SparseWeights, flt: models.Filter | None, limit: int) -> list[Hit]:
        """Embedded mode: BM25 from the mirror, restricted by Qdrant's own evaluation of ``flt``,
        with the payloads read from Qdrant."""
        assert self._sparse_scores is not None
        with self._lock:
            if not self.client.collection_exists(self.collection):
                return []
            allowed = None if flt is None else {p.id for p in self._scroll_ids(flt)}
            best = self._sparse_scores.top(sparse, limit, allowed)
            records = {r.id: r for r in self.client.retrieve(self.collection, [i for i, _ in best],
                                                              with_payload=True, with_vectors=False)}
        return [Hit(str(i), score, dict(records[i].payload or {})) for i, score in best if i in records]

    def _scroll_ids(self, flt: models.Filter) -> list[models.Record]:
        out: list[models.Record] = []
        offset: Any = None
        while True:
            points, offset = self.client.scroll(self.collection, scroll_filter=flt, limit=4096, offset=offset,
                                                with_payload=False, with_vectors=False)
            out.extend(points)
            if offset is None:
                return out


def chunk_payload(chunk: Chunk, doc: dict[str, Any]) -> dict[str, Any]:
    return {
        **doc,
        "doc_id": chunk.doc_id,
        "chunk_index": chunk.chunk_index,
        "text": chunk.text,
        "start": chunk.start,
        "end": chunk.end,
        "page_start": chunk.page_start,
        "page_end": chunk.page_end,
        "page_label": chunk.page_label,
        "section": chunk.section,
        "section_path": list(chunk.section_path),
        "section_kind": chunk.section_kind,
        "case_number": chunk.case_number,
        "date": chunk.date,
        "recommendation": chunk.recommendation,
        "item": chunk.item,
    }


def _hits(response: models.QueryResponse) -> list[Hit]:
    return [Hit(str(p.id), float(p.score), dict(p.payload or {})) for p in response.points]


def _sparse(weights: SparseWeights) -> models.SparseVector:
    return models.SparseVector(indices=weights.indices, values=weights.values)


def _doc_filter(doc_ids: list[str] | None, extra: models.Filter | None = None) -> models.Filter | None:
    """Restrict to ``doc_ids``; ``None`` means every point is visible (no ingest is under way)."""
    must: list[Any] = []
    if doc_ids is not None:
        must.append(models.FieldCondition(key="doc_id", match=models.MatchAny(any=list(doc_ids))))
    if extra is not None:
        must.append(extra)
    return models.Filter(must=must) if must else None


def _locked_message(data_dir: Path, owner: Path) -> str:
    who, address = "another process", "127.0.0.1:8000"
    try:
        info = json.loads(owner.read_text())
        who = f"process {info['pid']} ({info['role']}, since {info['since']})"
        # A server records where it listens ("arkiv serve on 127.0.0.1:8017"): point at that address.
        address = info["role"].rsplit(" on ", 1)[1] if " on " in info["role"] else address
    except (OSError, ValueError, KeyError):
        pass
    base = f"http://{address}"
    return (
        f"the index in {data_dir} is in use by {who}: an embedded index can be opened by one process only. "
        "Stop that process (e.g. the running `arkiv serve`) and try again, use the running server instead "
        f"(ask: POST {base}/ask; add PDFs: curl -F files=@file.pdf {base}/documents; "
        "delete: DELETE /documents/{id}), or run a Qdrant server and set QDRANT_URL so several processes can share it."
    )
