"""Bring an index of the earlier embedded engine (qdrant-client's local mode, ``data_dir/qdrant``)
into the current one, vectors and payloads as they are: a user's years of minutes are not
embedded again because the engine changed.

The old folder is removed only after every point has been copied and flushed, so a migration
that dies half-way is simply done again, from the start, the next time the index opens.
"""

from __future__ import annotations

import logging
import shutil
from itertools import islice
from pathlib import Path

import numpy as np
from qdrant_client import QdrantClient

from index.store import ServerStore, Store
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
        legacy = ServerStore(old, collection)  # qdrant-client's API over the old folder
        n = 0
        if old.collection_exists(collection):
            meta = legacy.model_info()
            store.delete_except([])  # a copy that died half-way starts again
            store.ensure_collection(str(meta.get("model", "")), int(meta.get("dim", 0)))
            points = legacy.export(batch)
            while page := list(islice(points, batch)):
                ids, payloads, dense, sparse = zip(*page)
                store.upsert_points(list(ids), np.vstack(dense), list(sparse), list(payloads))
                n += len(page)
            store.flush()
    finally:
        old.close()
    shutil.rmtree(path)
    log.warning("moved %d points from the earlier embedded index (%s) to the current engine", n, path)
    return n
