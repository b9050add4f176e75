"""Chunks → dense and BM25 vectors → Qdrant."""

from index.build import Indexer, IngestReport
from index.embed import Embedder, make_embedder
from index.lexical import DanishAnalyzer
from index.store import Hit, Store

__all__ = ["DanishAnalyzer", "Embedder", "Hit", "Indexer", "IngestReport", "Store", "make_embedder"]
