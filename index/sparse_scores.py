"""BM25 scores of a query against every stored point, vectorised — embedded mode only.

qdrant-client's embedded (local) mode scores a sparse query in a pure-Python loop over
every point (``local/sparse_distances.py``): ~95 ms of a ~110 ms ``/ask`` on the
1,000-chunk corpus, where the dense search of the same points takes a few ms with numpy.
So in embedded mode the store keeps this mirror of the collection's sparse vectors as an
inverted index of numpy arrays and scores a query in well under a millisecond. Qdrant
stays the store of record: the mirror is read from its points, dropped by every write the
store makes (under the store's lock) and rebuilt at the next query, and the payloads of
the hits are fetched from Qdrant. A Qdrant server keeps using its own sparse index.

The scores are Qdrant's: the query's term weights times IDF with Qdrant's formula
``ln((n − df + 0.5) / (df + 0.5) + 1)`` over the live points that have the vector, times the
stored document weights, summed over shared terms; points sharing no term are not hits.
``tests/index/test_sparse_scores.py`` pins equality with Qdrant's own sparse query.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

import numpy as np
from qdrant_client import QdrantClient

from index.lexical import SparseWeights


class SparseScores:
    def __init__(self, client: QdrantClient, collection: str, vector: str) -> None:
        self.client, self.collection, self.vector = client, collection, vector
        self._ids: list[Any] | None = None  # point ids in row order; None: not built (or stale)
        self._postings: dict[int, tuple[np.ndarray, np.ndarray]] = {}  # term id → (rows, weights)

    def invalidate(self) -> None:
        """Called by every write the store makes: the next query rebuilds from Qdrant."""
        self._ids = None
        self._postings = {}

    def top(self, query: SparseWeights, limit: int, allowed: set[Any] | None = None) -> list[tuple[Any, float]]:
        """The ``limit`` best (point id, score) pairs, best first, among ``allowed`` ids (all if None)."""
        if self._ids is None:
            self._build()
        ids = self._ids or []
        n = len(ids)
        if not n:
            return []
        scores = np.zeros(n, dtype=np.float64)
        touched = np.zeros(n, dtype=bool)
        for term, value in zip(query.indices, query.values):
            posting = self._postings.get(term)
            if posting is None:
                continue
            rows, weights = posting
            idf = math.log((n - len(rows) + 0.5) / (len(rows) + 0.5) + 1)
            scores[rows] += value * idf * weights
            touched[rows] = True
        if allowed is not None:
            touched &= np.fromiter((i in allowed for i in ids), dtype=bool, count=n)
        candidates = np.flatnonzero(touched)
        if not len(candidates):
            return []
        # Qdrant's float32 scores, ordered the way it orders them (ties: later point first).
        values = scores[candidates].astype(np.float32)
        order = candidates[np.argsort(values, kind="stable")[::-1][:limit]]
        return [(ids[i], float(np.float32(scores[i]))) for i in order]

    def _build(self) -> None:
        ids: list[Any] = []
        postings: dict[int, tuple[list[int], list[float]]] = defaultdict(lambda: ([], []))
        offset: Any = None
        while True:
            points, offset = self.client.scroll(self.collection, limit=1024, offset=offset,
                                                with_payload=False, with_vectors=[self.vector])
            for point in points:
                vector = (point.vector or {}).get(self.vector) if isinstance(point.vector, dict) else None
                if vector is None:
                    continue  # not part of the sparse corpus, as in Qdrant's IDF
                row = len(ids)
                ids.append(point.id)
                for term, weight in zip(vector.indices, vector.values):
                    rows, weights = postings[term]
                    rows.append(row)
                    weights.append(weight)
            if offset is None:
                break
        self._postings = {t: (np.asarray(r, dtype=np.int64), np.asarray(w, dtype=np.float64))
                          for t, (r, w) in postings.items()}
        self._ids = ids
