"""The embedded-mode BM25 mirror gives exactly Qdrant's own sparse results."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from qdrant_client import models

from index.lexical import DanishAnalyzer
from index.store import SPARSE, Store, _doc_filter, _sparse
from ingest.chunk import chunk_id
from ingest.models import Chunk

ANALYZER = DanishAnalyzer()
SENTENCES = [
    "Den nationale psykiatriske akuttelefon skal bygge på de nuværende systemer 1818 og 1813.",
    "Regionerne arbejder for en løsning, der baserer sig på de nuværende akuttelefoner.",
    "Udvalget tog orienteringen om akuttelefonen til efterretning.",
    "Sundhedsstyrelsen har påbegyndt arbejdet med en ny monitoreringsmodel for tvang.",
    "Monitoreringsmodellen forventes implementeret i forbindelse med monitoreringsrapporten for 2025.",
    "Pårørende til mennesker med psykiske lidelser skal tilbydes støtte og inddrages mere aktivt.",
    "Der afsættes 150,6 mio. kr. i 2027 til den psykiatriske akuttelefon.",
    "Psykiatri- og Socialudvalget godkendte referatet fra mødet den 8. november 2024.",
    "Sagsnummer EMN-2023-00875 handler om Sammen om Handicap.",
    "Task Force for Psykiatriområdet drøftede monitorering af tvang i psykiatrien.",
    "Første møde i Task Force er afholdt, og næste møde afholdes den 13. december.",
    "Kommunerne skal etablere et lettilgængeligt tilbud til unge i psykisk mistrivsel.",
]
QUERIES = ["akuttelefon", "hvad er status på akuttelefonen?", "monitorering af tvang", "EMN-2023-00875",
           "pårørende støtte", "mio. kr. 2027 akuttelefon", "ord som ingen tekst har"]


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    store = Store.open(tmp_path)
    store.ensure_collection("fixture-model", 4)
    chunks = [Chunk(id=chunk_id("0" * 64, i, 900, 150), doc_id=f"doc{i % 3}", chunk_index=i, text=text, start=0,
                    end=len(text), page_start=1, page_end=1, page_label="1", section_path=("S",), section_kind="text",
                    case_number=None, date=None, recommendation=None, item=None)
              for i, text in enumerate(SENTENCES)]
    # A fixture dense vector: these tests are about the sparse half only.
    fixture_dense = np.tile(np.array([1.0, 0.0, 0.0, 0.0], dtype=np.float32), (len(chunks), 1))
    store.upsert(chunks, fixture_dense, [ANALYZER.document(c.text) for c in chunks], {"kind": "agenda"})
    yield store
    store.close()


def _qdrant_sparse(store: Store, query: str, flt: models.Filter | None, limit: int = 20) -> list[tuple[str, float]]:
    """Qdrant local mode's own sparse query (its pure-Python scorer), for comparison."""
    result = store.client.query_points(store.collection, query=_sparse(ANALYZER.query(query)), using=SPARSE,
                                       query_filter=flt, limit=limit)
    return [(str(p.id), p.score) for p in result.points]


def _ours(store: Store, query: str, flt: models.Filter | None, limit: int = 20) -> list[tuple[str, float]]:
    return [(h.chunk_id, h.score) for h in store._sparse_hits(ANALYZER.query(query), flt, limit)]


def _same(got: list[tuple[str, float]], expected: list[tuple[str, float]]) -> bool:
    return [i for i, _ in got] == [i for i, _ in expected] and \
        [s for _, s in got] == pytest.approx([s for _, s in expected], rel=1e-5)


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("flt", [None, _doc_filter(["doc0", "doc2"]),
                                 _doc_filter(None, models.Filter(must=[models.FieldCondition(
                                     key="doc_id", match=models.MatchValue(value="doc1"))]))],
                         ids=["no filter", "documents", "user filter"])
def test_mirror_scores_equal_qdrants_own_sparse_query(store: Store, query: str, flt) -> None:
    assert _same(_ours(store, query, flt), _qdrant_sparse(store, query, flt))


def test_limit_keeps_the_best(store: Store) -> None:
    assert _same(_ours(store, "akuttelefon", None, limit=2), _qdrant_sparse(store, "akuttelefon", None, 2))


def test_a_write_is_seen_by_the_next_query(store: Store) -> None:
    before = _ours(store, "akuttelefon", None)
    store.delete_document("doc0")
    after = _ours(store, "akuttelefon", None)
    assert _same(after, _qdrant_sparse(store, "akuttelefon", None)) and len(after) < len(before)
    # IDF follows the live corpus: the remaining points' scores changed with it.
    assert dict(after) != {i: s for i, s in before if i in dict(after)}
