"""The documents' words and where the embedding model places each of them.

An English question shares no words with Danish papers, so BM25 finds them only by names and
numbers. The multilingual model places a word near its translations ("responsible" beside
"ansvarlig", "cancelled" beside "annullering"), so the index keeps every word of its documents
with the model's vector for it, and an English question's words are looked up among them
(``nearest``): their Danish neighbours join the BM25 query (``api/search.py``).

Each document's words are kept beside its page texts (``words/<doc_id>.npz``), so a delete or a
new version drops them with the document; the engine joins the listed documents' files into one
``Vocabulary`` (the ``MAX_WORDS`` most documents use). A word it holds is not embedded again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Mapping, TypeVar

import numpy as np

from index.embed import Embedder
from index.lexical import DanishAnalyzer
from index.manifest import atomic_output, remove_unlisted

T = TypeVar("T")

# A word worth a vector: four letters or more, no digits ("2030-planen" and "ICD-10" are matched
# by BM25 as they are written).
_WORD = re.compile(r"[^\W\d_]{4,}")
# Words per call to the model: short texts are embedded faster several at a time (a word is a few
# tokens; 500 words in 2.0 s against 3.2 s one by one on two cores, the same vectors).
_BATCH = 256
# Words held in memory at most (77 MB of vectors): an archive of years holds hundreds of thousands of
# distinct words, most of them names and one-off compounds; those the most documents use are kept.
MAX_WORDS = 50_000


def document_words(texts: Iterable[str], analyzer: DanishAnalyzer) -> list[str]:
    """The distinct words of a document's texts, lower-cased, without Danish stopwords."""
    words = {w.lower() for text in texts for w in _WORD.findall(text)}
    return sorted(w for w in words if not analyzer.is_stopword(w))


def word_vectors(embedder: Embedder, words: list[str], known: Mapping[str, np.ndarray] | None = None) -> np.ndarray:
    """Each word's vector (unit length), reusing those ``known`` (the same word in another document)."""
    known = known or {}
    out = np.zeros((len(words), embedder.dim), dtype=np.float32)
    todo = [i for i, w in enumerate(words) if w not in known]
    for i, w in enumerate(words):
        if w in known:
            out[i] = known[w]
    for start in range(0, len(todo), _BATCH):
        rows = todo[start:start + _BATCH]
        out[rows] = embedder.queries([words[i] for i in rows])
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.where(norms > 0, norms, 1.0)


def words_path(data_dir: Path, doc_id: str) -> Path:
    return Path(data_dir) / "words" / f"{doc_id}.npz"


def save_words(data_dir: Path, doc_id: str, words: list[str], vectors: np.ndarray, model: str) -> None:
    """Write a document's words and vectors all or nothing."""
    with atomic_output(words_path(data_dir, doc_id)) as handle:
        np.savez(handle, words=np.array(words, dtype=str), vectors=vectors.astype(np.float16), model=np.array(model))


def load_words(data_dir: Path, doc_id: str, model: str) -> dict[str, np.ndarray] | None:
    """A document's words and vectors; None when it has none kept or they are another model's."""
    return _read_words(data_dir, doc_id, model, lambda saved: dict(
        zip((str(w) for w in saved["words"]), saved["vectors"].astype(np.float32))))


def list_words(data_dir: Path, doc_id: str, model: str) -> tuple[str, ...] | None:
    """A document's words alone (its vectors are read only when the vocabulary needs them)."""
    return _read_words(data_dir, doc_id, model, lambda saved: tuple(str(w) for w in saved["words"]))


def _read_words(data_dir: Path, doc_id: str, model: str, read: Callable[[Mapping[str, np.ndarray]], T]) -> T | None:
    """What ``read`` takes from a document's word file (an .npz reads each array only when asked);
    None when there is none or it holds another model's vectors."""
    try:
        with np.load(words_path(data_dir, doc_id)) as saved:
            return read(saved) if str(saved["model"]) == model else None
    except (OSError, KeyError, ValueError):
        return None


def remove_words_except(data_dir: Path, keep: set[str]) -> int:
    """Delete the word files of documents not in ``keep`` (and temp files of an interrupted write)."""
    return remove_unlisted(Path(data_dir) / "words", keep)


@dataclass(frozen=True)
class Vocabulary:
    """The listed documents' words and their vectors (unit length, one row per word)."""

    words: tuple[str, ...] = ()
    vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.float32))

    @classmethod
    def of_documents(cls, listed: Mapping[str, tuple[str, ...]], df: Mapping[str, int],
                     vectors_of: Callable[[str, set[str]], dict[str, np.ndarray]],
                     previous: "Vocabulary | None" = None, limit: int = MAX_WORDS) -> "Vocabulary":
        """The listed documents' words (``listed``: each document's words; ``df``: in how many of
        them each word stands) with their vectors: the ``limit`` words most documents use when there
        are more (0: all), so memory stays bounded however large the archive grows. Vectors already
        in ``previous`` are kept; the others are read with ``vectors_of(doc_id, words)`` from a
        document that has them."""
        chosen = sorted(df, key=lambda w: (-df[w], w))[:limit] if limit and len(df) > limit else list(df)
        if not chosen:
            return cls()
        have = dict(zip(previous.words, previous.vectors)) if previous is not None and len(previous) else {}
        wanted = {w for w in chosen if w not in have}
        for doc_id, words in listed.items():
            if not wanted:
                break
            found = wanted.intersection(words)
            if found:
                got = vectors_of(doc_id, found)
                have.update(got)
                wanted -= set(got)
        words = tuple(sorted(w for w in chosen if w in have))
        if not words:
            return cls()
        return cls(words, np.vstack([have[w] for w in words]).astype(np.float32))

    def __len__(self) -> int:
        return len(self.words)

    def lookup(self) -> Callable[[list[str]], dict[str, np.ndarray]]:
        """The known vectors of some words (for an ingest: a word is embedded once)."""
        index = {w: i for i, w in enumerate(self.words)}

        def known(words: list[str]) -> dict[str, np.ndarray]:
            return {w: self.vectors[index[w]] for w in words if w in index}
        return known

    def nearest(self, vectors: np.ndarray, n: int, threshold: float) -> list[list[str]]:
        """For each row of ``vectors`` (unit length), the ``n`` words nearest to it with a cosine of
        at least ``threshold``, nearest first."""
        if not len(self) or not len(vectors):
            return [[] for _ in range(len(vectors))]
        sims = vectors @ self.vectors.T
        out = []
        for row in sims:
            best = np.argpartition(-row, n)[:n] if n < len(row) else np.arange(len(row))
            best = best[np.argsort(-row[best])]  # (only the few nearest are sorted)
            out.append([self.words[i] for i in best if row[i] >= threshold])
        return out
