"""Danish analyzer → sparse BM25 term weights for Qdrant.

Tokens: Unicode words (æøå kept), lowercased, Snowball Danish stopwords removed
(``stop-words`` package), Snowball Danish stemmer (PyStemmer). Identifiers and numbers are kept whole *and* split:
"MDR-2024-00036" gives "mdr-2024-00036", "mdr", "2024", "00036"; "10-årsplan"
gives "10-årsplan", "10", "årsplan" (stemmed). Term ids are a stable 32-bit hash
of the term, so no vocabulary has to be stored.

Documents get the BM25 term-frequency part, tf·(k1+1)/(tf+k1·(1−b+b·dl/avgdl));
Qdrant's IDF modifier on the sparse vector supplies the IDF part at query time.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import Stemmer
from stop_words import get_stop_words

_COMPOUND = re.compile(r"\w+(?:[-/.]\w+)+|\d+(?:,\d+)+", re.UNICODE)
_WORD = re.compile(r"\w+", re.UNICODE)
_MEMO = 8192  # texts whose terms are remembered (a passage or a sentence each)


@lru_cache(maxsize=1)
def danish_stopwords() -> frozenset[str]:
    """The Snowball Danish stopword list, from the ``stop-words`` package."""
    return frozenset(get_stop_words("danish"))


@dataclass(frozen=True)
class SparseWeights:
    indices: list[int]
    values: list[float]


class DanishAnalyzer:
    def __init__(self, k1: float = 1.2, b: float = 0.75, avgdl: float = 120.0) -> None:
        if k1 <= 0 or not 0 <= b <= 1 or avgdl <= 0:
            raise ValueError("BM25 needs k1 > 0, 0 <= b <= 1 and avgdl > 0")
        self.k1, self.b, self.avgdl = k1, b, avgdl
        self._stemmer = Stemmer.Stemmer("danish")
        self._stop = danish_stopwords()
        # One question reads the same passages' sentences several times (ranking, the answer's
        # sentences, the timeline), and the next question often the same passages again.
        self._memo = lru_cache(maxsize=_MEMO)(self._terms)

    def terms(self, text: str) -> list[str]:
        return list(self._memo(text))

    def _terms(self, text: str) -> tuple[str, ...]:
        text = text.lower()
        out: list[str] = []
        for m in _COMPOUND.finditer(text):
            whole = m.group(0).strip(".-/")
            if any(ch.isdigit() for ch in whole) and len(whole) > 2:
                out.append(whole)  # identifiers and dates stay whole as well as split
        words = [w for w in _WORD.findall(text) if w not in self._stop and w != "_"]
        out.extend(self._stemmer.stemWords(words))
        return tuple(out)

    def is_stopword(self, word: str) -> bool:
        return word.lower() in self._stop

    def document(self, text: str) -> SparseWeights:
        counts = Counter(self.terms(text))
        dl = sum(counts.values()) or 1
        norm = self.k1 * (1 - self.b + self.b * dl / self.avgdl)
        return _to_sparse({t: tf * (self.k1 + 1) / (tf + norm) for t, tf in counts.items()})

    def query(self, text: str, weights: dict[str, float] | None = None) -> SparseWeights:
        """The question's terms, each weighing 1 unless ``weights`` says otherwise (the index
        applies IDF; a term weighing 0 is left out)."""
        weights = weights or {}
        return _to_sparse({t: w for t in set(self.terms(text)) if (w := weights.get(t, 1.0)) > 0})


def term_id(term: str) -> int:
    return zlib.crc32(term.encode("utf-8"))


def _to_sparse(weights: dict[str, float]) -> SparseWeights:
    merged: dict[int, float] = {}
    for term, value in weights.items():
        tid = term_id(term)
        merged[tid] = merged.get(tid, 0.0) + value
    ordered = sorted(merged.items())
    return SparseWeights(indices=[i for i, _ in ordered], values=[v for _, v in ordered])
