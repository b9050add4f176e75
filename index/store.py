"""The only code that talks to Qdrant: the ``Store`` interface and its two engines.

Embedded on disk by default — the Qdrant engine in process (``index/embedded.py``,
``EdgeStore``) — or a Qdrant server (or cluster) when a URL is given (``ServerStore``
below, qdrant-client's Query API). Both keep the same points: a named dense vector, a
named sparse BM25 vector with Qdrant's IDF modifier, the vectors of the chunk's sentences
(a multivector compared by MaxSim: its best sentence's cosine) and the chunk's provenance as
payload, with a payload index for every field search filters on, so both score a query alike. The
embedding model's name and dimension are kept with the collection; opening an index built
with another model is a ``ModelMismatchError``.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

import numpy as np
from qdrant_client import QdrantClient, models
from qdrant_client.http.exceptions import ResponseHandlingException, UnexpectedResponse

from index.lexical import SparseWeights
from ingest.errors import ModelMismatchError, StoreError, StoreLockedError
from ingest.models import Chunk

DENSE = "dense"
SPARSE = "bm25"
# One vector per sentence of the chunk. An index made before they were kept has none (its
# ``sentence_vectors`` is False) and goes on working, ranked a little worse until it is rebuilt.
SENTENCES = "sentences"
COLLECTION = "arkiv_chunks"
_OWNER_FILE = "owner.json"
# Every payload field a search filters on, with its index type (both engines index them).
PAYLOAD_INDEXES = {"doc_id": "keyword", "embed_key": "keyword", "kind": "keyword", "recommendation": "integer", "item": "integer",
                   "case_number": "keyword", "body": "keyword", "date": "keyword"}


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


@dataclass(frozen=True)
class ClusterLayout:
    """How a new collection is laid out on a Qdrant server or cluster (ignored when embedded)."""

    shards: int = 1
    replicas: int = 1
    write_consistency: int = 1


class Store:
    """What the indexer and search need of an index; ``Store.open`` picks the engine."""

    server: bool = False
    _owner_file: Path | None = None
    sentence_vectors: bool = False  # whether the collection keeps each chunk's sentence vectors

    @staticmethod
    def open(data_dir: Path, url: str | None = None, api_key: str | None = None, collection: str = COLLECTION,
             role: str = "arkiv", layout: ClusterLayout = ClusterLayout()) -> "Store":
        if url:
            return ServerStore.connect(url, api_key, collection, layout)
        from index.embedded import EdgeStore, _Locked
        from index.migrate import migrate_local_mode

        data_dir = Path(data_dir)
        data_dir.mkdir(parents=True, exist_ok=True)
        owner = data_dir / _OWNER_FILE
        path = data_dir / "edge"
        try:
            store = EdgeStore.open_path(path, owner_file=owner)
        except _Locked as exc:
            raise StoreLockedError(_locked_message(data_dir, owner)) from exc
        owner.write_text(json.dumps({"pid": os.getpid(), "role": role, "since": time.strftime("%Y-%m-%d %H:%M:%S")}))
        try:
            migrate_local_mode(data_dir / "qdrant", store, collection)
        except BaseException:
            store.close()
            raise
        return store

    def _release_owner(self) -> None:
        if self._owner_file is not None:
            self._owner_file.unlink(missing_ok=True)

    def upsert(self, chunks: list[Chunk], dense: np.ndarray, sparse: list[SparseWeights],
               doc_payload: dict[str, Any], batch: int = 128, embed_keys: list[str] | None = None,
               sentences: list[np.ndarray] | None = None) -> None:
        payloads = [chunk_payload(c, doc_payload) for c in chunks]
        for payload, key in zip(payloads, embed_keys or []):
            payload["embed_key"] = key
        self.upsert_points([c.id for c in chunks], dense, sparse, payloads, batch, sentences)

    def vectors_by_embed_key(self, keys: list[str]) -> dict[str, tuple[np.ndarray, np.ndarray | None]]:
        """Vectors already stored for these embedding-text keys (``embed_key`` payload), read in one
        pass: the passage's, and its sentences' (one row each; None when the index keeps none). The
        same embedding text holds the same chunk text, so the same sentences."""
        names = [DENSE, SENTENCES] if self.sentence_vectors else [DENSE]
        found: dict[str, tuple[np.ndarray, np.ndarray | None]] = {}
        for start in range(0, len(keys), 256):
            flt = models.Filter(must=[models.FieldCondition(key="embed_key",
                                                            match=models.MatchAny(any=keys[start:start + 256]))])
            for _, payload, vectors in self._scroll(["embed_key"], names, 1024, flt):
                sentences = vectors.get(SENTENCES)
                found.setdefault(str(payload["embed_key"]), (np.asarray(vectors[DENSE], dtype=np.float32),
                                                             np.asarray(sentences, dtype=np.float32) if sentences else None))
        return found

    def payloads(self, fields: list[str]) -> Iterator[dict[str, Any]]:
        """The given payload fields of every point, scrolled in pages (no vectors)."""
        for _, payload, _ in self._scroll(fields, False, 4096):
            yield payload

    def export(self, batch: int = 1024) -> Iterator[tuple[str, dict[str, Any], np.ndarray, SparseWeights]]:
        """Every point with its vectors: (id, payload, dense, sparse)."""
        for point_id, payload, vectors in self._scroll(True, True, batch):
            sparse = vectors.get(SPARSE)
            yield (point_id, payload, np.asarray(vectors[DENSE], dtype=np.float32),
                   SparseWeights(list(sparse.indices), list(sparse.values)) if sparse is not None else SparseWeights([], []))

    def passages(self, doc_id: str) -> list[dict[str, Any]]:
        """One document's passages (payloads, no vectors) in reading order."""
        found = [payload for _, payload, _ in self._scroll(True, False, 1024, self.doc_filter([doc_id]))]
        return sorted(found, key=lambda p: int(p.get("chunk_index", 0)))

    def count_by_doc(self, doc_id: str) -> int:
        return self.count(self.doc_filter([doc_id]))

    def compact(self) -> None:
        """After a batch of writes: let the engine reclaim deleted points (a server does it itself)."""

    def flush(self) -> None:
        """Make every write durable now (a server does it itself)."""

    def _check_model(self, model: str, dim: int) -> None:
        meta = self.model_info()
        if meta and (meta.get("model") != model or int(meta.get("dim", 0)) != dim):
            raise ModelMismatchError(
                f"the index was built with the model {meta.get('model')} ({meta.get('dim')} dimensions) "
                f"but Arkiv is configured for {model} ({dim}); re-ingest everything with "
                "`arkiv ingest --rebuild` or set ARKIV_EMBEDDER__BACKEND back to the model the index was built with"
            )

    @staticmethod
    def doc_filter(doc_ids: list[str] | None, extra: models.Filter | None = None) -> models.Filter | None:
        """Restrict to ``doc_ids``; ``None`` means every point is visible (no ingest is under way)."""
        must: list[Any] = []
        if doc_ids is not None:
            must.append(models.FieldCondition(key="doc_id", match=models.MatchAny(any=list(doc_ids))))
        if extra is not None:
            must.append(extra)
        return models.Filter(must=must) if must else None

    @staticmethod
    def others_filter(doc_ids: list[str]) -> models.Filter:
        """Every point not of ``doc_ids`` (non-empty)."""
        return models.Filter(must_not=[models.FieldCondition(key="doc_id", match=models.MatchAny(any=list(doc_ids)))])

    # The engine's part (each engine implements all of these).
    def close(self) -> None: raise NotImplementedError
    def ensure_collection(self, model: str, dim: int) -> None: raise NotImplementedError
    def model_info(self) -> dict[str, Any]: raise NotImplementedError
    def upsert_points(self, ids: list[str], dense: np.ndarray, sparse: list[SparseWeights],
                      payloads: list[dict[str, Any]], batch: int = 128,
                      sentences: list[np.ndarray] | None = None) -> None: raise NotImplementedError
    def delete_document(self, doc_id: str) -> None: raise NotImplementedError
    def delete_except(self, active: list[str]) -> int: raise NotImplementedError
    def count(self, flt: models.Filter | None = None) -> int: raise NotImplementedError
    def doc_counts(self) -> dict[str, int]: raise NotImplementedError
    def _scroll(self, payload: bool | list[str], vectors: bool | list[str], batch: int,
                flt: models.Filter | None = None) -> Iterator[tuple[str, dict[str, Any], dict[str, Any]]]:
        """(id, payload, vectors by name) of every point (matching ``flt``), in pages of ``batch``."""
        raise NotImplementedError
    def query(self, dense: np.ndarray | None, sparse: SparseWeights | None, active: list[str] | None,
              limit: int = 50, fusion: str = "dbsf", extra: models.Filter | None = None) -> list[Hit]:
        raise NotImplementedError
    def query_both(self, dense: np.ndarray, sparse: SparseWeights, active: list[str] | None, limit: int = 50,
                   extra: models.Filter | None = None) -> tuple[list[Hit], list[Hit]]: raise NotImplementedError
    def sentence_scores(self, dense: np.ndarray, ids: list[str]) -> dict[str, float]:
        """For each of the points ``ids``: the cosine of its sentence nearest the query vector.
        Points without sentence vectors (and every point of an index without them) are left out."""
        raise NotImplementedError
    def dense_scores(self, dense: np.ndarray, ids: list[str]) -> dict[str, float]:
        """For each of the points ``ids``: the cosine of its passage vector with the query vector."""
        raise NotImplementedError

    def sentence_matrix(self, ids: list[str]) -> dict[str, np.ndarray]:
        """For each of the points ``ids``: its sentences' vectors, one row each in the order of
        ``ingest.sentences.passage_sentences`` of its text. Points without them are left out."""
        raise NotImplementedError


class ServerStore(Store):
    """A Qdrant server or cluster through qdrant-client (``QDRANT_URL``). The server serialises
    writes and reads on its side: no lock here."""

    server = True

    def __init__(self, client: QdrantClient, collection: str = COLLECTION,
                 layout: ClusterLayout = ClusterLayout()) -> None:
        self.client = client
        self.collection = collection
        self.layout = layout
        self.sentence_vectors = self._has_sentences()

    def _has_sentences(self) -> bool:
        if not self.client.collection_exists(self.collection):
            return False
        vectors = self.client.get_collection(self.collection).config.params.vectors
        return isinstance(vectors, dict) and SENTENCES in vectors

    @classmethod
    def connect(cls, url: str, api_key: str | None = None, collection: str = COLLECTION,
                layout: ClusterLayout = ClusterLayout()) -> "ServerStore":
        try:
            client = QdrantClient(url=url, api_key=api_key, timeout=30)
            client.get_collections()
        except (ResponseHandlingException, UnexpectedResponse, OSError) as exc:
            raise StoreError(f"cannot reach the Qdrant server at {url} ({exc}); check QDRANT_URL and QDRANT_API_KEY") from exc
        return cls(client, collection, layout)

    def close(self) -> None:
        self.client.close()

    # ------------------------------------------------------------------ schema
    def ensure_collection(self, model: str, dim: int) -> None:
        if self.client.collection_exists(self.collection):
            self._check_model(model, dim)
            return
        self.client.create_collection(
            self.collection,
            vectors_config={DENSE: models.VectorParams(size=dim, distance=models.Distance.COSINE),
                            SENTENCES: models.VectorParams(size=dim, distance=models.Distance.COSINE,
                                                           multivector_config=models.MultiVectorConfig(
                                                               comparator=models.MultiVectorComparator.MAX_SIM))},
            sparse_vectors_config={SPARSE: models.SparseVectorParams(modifier=models.Modifier.IDF)},
            shard_number=self.layout.shards,
            replication_factor=self.layout.replicas,
            write_consistency_factor=self.layout.write_consistency,
            metadata={"model": model, "dim": dim},
        )
        kinds = {"keyword": models.PayloadSchemaType.KEYWORD, "integer": models.PayloadSchemaType.INTEGER}
        for field, kind in PAYLOAD_INDEXES.items():
            self.client.create_payload_index(self.collection, field, kinds[kind], wait=True)
        self.sentence_vectors = True

    def model_info(self) -> dict[str, Any]:
        if not self.client.collection_exists(self.collection):
            return {}
        return dict(self.client.get_collection(self.collection).config.metadata or {})

    # ------------------------------------------------------------------ writing
    def upsert_points(self, ids: list[str], dense: np.ndarray, sparse: list[SparseWeights],
                      payloads: list[dict[str, Any]], batch: int = 128,
                      sentences: list[np.ndarray] | None = None) -> None:
        points = [
            models.PointStruct(id=ids[i], vector=point_vectors(dense[i], _sparse(sparse[i]), sentences, i,
                                                               self.sentence_vectors),
                               payload=payloads[i])
            for i in range(len(ids))
        ]
        for start in range(0, len(points), batch):
            self.client.upsert(self.collection, points[start : start + batch], wait=True)

    def delete_document(self, doc_id: str) -> None:
        self.client.delete(self.collection, points_selector=models.FilterSelector(filter=self.doc_filter([doc_id])),
                           wait=True)

    def delete_except(self, active: list[str]) -> int:
        """Remove points of documents not in ``active`` (left by an interrupted ingest)."""
        stray = self.others_filter(active) if active else None
        n = self.count(stray)
        if n:
            self.client.delete(self.collection, points_selector=models.FilterSelector(filter=stray or models.Filter()),
                               wait=True)
        return n

    # ------------------------------------------------------------------ reading
    def count(self, flt: models.Filter | None = None) -> int:
        if not self.client.collection_exists(self.collection):
            return 0
        return int(self.client.count(self.collection, count_filter=flt, exact=True).count)

    def doc_counts(self) -> dict[str, int]:
        """Points per document, counted by the server's doc_id index (no payload is read)."""
        if not self.client.collection_exists(self.collection):
            return {}
        hits = self.client.facet(self.collection, key="doc_id", limit=1 << 30, exact=True).hits
        return {str(h.value): int(h.count) for h in hits if h.count}

    def _scroll(self, payload: bool | list[str], vectors: bool | list[str], batch: int,
                flt: models.Filter | None = None) -> Iterator[tuple[str, dict[str, Any], dict[str, Any]]]:
        if not self.client.collection_exists(self.collection):
            return
        offset: Any = None
        while True:
            points, offset = self.client.scroll(self.collection, scroll_filter=flt, limit=batch, offset=offset,
                                                with_payload=payload, with_vectors=vectors)
            for point in points:
                yield str(point.id), dict(point.payload or {}), point.vector if isinstance(point.vector, dict) else {}
            if offset is None:
                return

    def query(self, dense: np.ndarray | None, sparse: SparseWeights | None, active: list[str] | None,
              limit: int = 50, fusion: str = "dbsf", extra: models.Filter | None = None) -> list[Hit]:
        """Dense, sparse or fused (``rrf``/``dbsf``) query restricted to ``active`` documents
        (``None``: every point is visible, the caller knows no change is under way)."""
        flt = self.doc_filter(active, extra)
        if dense is not None and sparse is not None:
            prefetch = [
                models.Prefetch(query=dense.tolist(), using=DENSE, limit=limit, filter=flt),
                models.Prefetch(query=_sparse(sparse), using=SPARSE, limit=limit, filter=flt),
            ]
            fusion_kind = models.Fusion.RRF if fusion == "rrf" else models.Fusion.DBSF
            result = self.client.query_points(self.collection, prefetch=prefetch,
                                              query=models.FusionQuery(fusion=fusion_kind), limit=limit)
        elif dense is not None:
            result = self.client.query_points(self.collection, query=dense.tolist(), using=DENSE,
                                              query_filter=flt, limit=limit)
        elif sparse is not None:
            result = self.client.query_points(self.collection, query=_sparse(sparse), using=SPARSE,
                                              query_filter=flt, limit=limit)
        else:
            raise ValueError("query needs a dense or a sparse vector")
        return _hits(result)

    def query_both(self, dense: np.ndarray, sparse: SparseWeights, active: list[str] | None, limit: int = 50,
                   extra: models.Filter | None = None) -> tuple[list[Hit], list[Hit]]:
        """The dense and the sparse candidate lists with their raw scores, in one batch call."""
        flt = self.doc_filter(active, extra)
        requests = [
            models.QueryRequest(query=dense.tolist(), using=DENSE, filter=flt, limit=limit, with_payload=True),
            models.QueryRequest(query=_sparse(sparse), using=SPARSE, filter=flt, limit=limit, with_payload=True),
        ]
        dense_res, sparse_res = self.client.query_batch_points(self.collection, requests)
        return _hits(dense_res), _hits(sparse_res)

    def sentence_scores(self, dense: np.ndarray, ids: list[str]) -> dict[str, float]:
        if not self.sentence_vectors or not ids:
            return {}
        result = self.client.query_points(self.collection, query=[np.asarray(dense).tolist()], using=SENTENCES,
                                          query_filter=models.Filter(must=[models.HasIdCondition(has_id=list(ids))]),
                                          limit=len(ids))
        return {h.chunk_id: h.score for h in _hits(result)}

    def dense_scores(self, dense: np.ndarray, ids: list[str]) -> dict[str, float]:
        if not ids:
            return {}
        result = self.client.query_points(self.collection, query=np.asarray(dense).tolist(), using=DENSE,
                                          query_filter=models.Filter(must=[models.HasIdCondition(has_id=list(ids))]),
                                          limit=len(ids))
        return {h.chunk_id: h.score for h in _hits(result)}

    def sentence_matrix(self, ids: list[str]) -> dict[str, np.ndarray]:
        if not self.sentence_vectors or not ids:
            return {}
        points = self.client.retrieve(self.collection, ids=list(ids), with_payload=False, with_vectors=[SENTENCES])
        return sentence_matrices((str(p.id), p.vector) for p in points)


def sentence_matrices(points: Iterable[tuple[str, Any]]) -> dict[str, np.ndarray]:
    """(id, named vectors) of retrieved points → each point's sentence vectors as a matrix."""
    out = {}
    for pid, vectors in points:
        rows = vectors.get(SENTENCES) if isinstance(vectors, dict) else None
        if rows:
            out[pid] = np.asarray(rows, dtype=np.float32)
    return out


def point_vectors(dense: np.ndarray, sparse: Any, sentences: list[np.ndarray] | None, i: int,
                  keep_sentences: bool) -> dict[str, Any]:
    """A point's named vectors; its sentences' only when the collection keeps them and it has any."""
    vectors: dict[str, Any] = {DENSE: np.asarray(dense, dtype=np.float32).tolist(), SPARSE: sparse}
    if keep_sentences and sentences is not None and len(sentences[i]):
        vectors[SENTENCES] = np.asarray(sentences[i], dtype=np.float32).tolist()
    return vectors


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
