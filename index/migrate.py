"""Bring an index of the earlier embedded engine (qdrant-client's local mode, ``data_dir/qdrant``)
into the current one, vectors and payloads as they are: a user's years of minutes are not
embedded again because the engine changed.

The old folder is removed only after every point has been copied and flushed, so a migration
that dies half-way is simply done again, from the start, the next time the index opens.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import numpy as np
from qdrant_client import QdrantClient

from index.lexical import SparseWeights
from index.store import DENSE, SPARSE, Store
from ingest.errors import StoreError

log = logging.getLogger("arkiv")


def has_local_mode_index(path: Path, collection: str) -> bool:
    return (Path(path) / "collection" / collection).is_dir()


def migrate_local_mode(path: Path, store: Store, collection: str, batch: int = 512) -> int:
    """Copy every point of the local-mode collection in ``path`` into ``store``; the number copied."""
    path = Path(path)
    if not has_local_mode_index(path, collection):
        return 0
    try:
        old = QdrantClient(path=str(path))
    except RuntimeError as exc:
        raise StoreError(f"cannot read the index of the earlier version in {path} to move it: {exc}") from exc
    try:
        if not old.collection_exists(collection):
            n = 0
        else:
            meta = dict(old.get_collection(collection).config.metadata or {})
            store.delete_except([])  # a copy that died half-way starts again
            store.ensure_collection(str(meta.get("model", "")), int(meta.get("dim", 0)))
            n = 0
            offset = None
            while True:
                points, offset = old.scroll(collection, limit=batch, offset=offset, with_payload=True,
                                            with_vectors=True)
                if points:
                    vectors = [p.vector if isinstance(p.vector, dict) else {} for p in points]
                    store.upsert_points(
                        [str(p.id) for p in points],
                        np.asarray([v[DENSE] for v in vectors], dtype=np.float32),
                        [SparseWeights(list(v[SPARSE].indices), list(v[SPARSE].values)) if SPARSE in v
                         else SparseWeights([], []) for v in vectors],
                        [dict(p.payload or {}) for p in points])
                    n += len(points)
                if offset is None:
                    break
            flush = getattr(store, "flush", None)
            if flush is not None:
                flush()
    finally:
        old.close()
    shutil.rmtree(path)
    log.warning("moved %d points from the earlier embedded index (%s) to the current engine", n, path)
    return n
