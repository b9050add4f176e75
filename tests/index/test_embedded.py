"""The embedded engine (Qdrant Edge in process) answers as a Qdrant server does.

The server side is qdrant-client's API over its local mode (``QdrantClient(":memory:")``),
which implements Qdrant's scoring; both stores get the same points and must return the same
ids with the same scores for dense, BM25 (IDF modifier) and filtered queries.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from qdrant_client import QdrantClient, models

from index.lexical import DanishAnalyzer
from index.migrate import migrate_local_mode
from index.store import DENSE, SPARSE, ServerStore, Store
from ingest.chunk import chunk_id
from ingest.errors import ModelMismatchError, StoreLockedError
from ingest.models import Chunk

# The stand-in for a server is qdrant-client's local mode, which warns that payload indexes are
# a server's business.
pytestmark = pytest.mark.filterwarnings("ignore:Payload indexes have no effect:UserWarning")
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


def _chunks() -> list[Chunk]:
    return [Chunk(id=chunk_id("0" * 64, i, 900, 150), doc_id=f"doc{i % 3}", chunk_index=i, text=text, start=0,
                  end=len(text), page_start=1, page_end=1, page_label="1", section_path=("S",), section_kind="text",
                  case_number=None, date=f"2024-0{1 + i % 3}-01", recommendation=None, item=i % 4)
            for i, text in enumerate(SENTENCES)]


# A named unit-test fixture: small deterministic dense vectors, so that dense ranking and
# scores can be compared without loading a model.
FIXTURE_DENSE = np.random.default_rng(7).normal(size=(len(SENTENCES), 8)).astype(np.float32)


def _fill(store: Store) -> Store:
    store.ensure_collection("fixture-model", 8)
    chunks = _chunks()
    store.upsert(chunks, FIXTURE_DENSE, [ANALYZER.document(c.text) for c in chunks], {"kind": "agenda"})
    return store


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    store = _fill(Store.open(tmp_path))
    yield store
    store.close()


@pytest.fixture()
def server() -> ServerStore:
    store = _fill(ServerStore(QdrantClient(":memory:")))
    yield store
    store.close()


def _sparse_hits(store: Store, query: str, flt: models.Filter | None, limit: int = 20) -> list[tuple[str, float]]:
    return [(h.chunk_id, h.score) for h in store.query(None, ANALYZER.query(query), None, limit, extra=flt)]


def _dense_hits(store: Store, row: int, flt: models.Filter | None, limit: int = 5) -> list[tuple[str, float]]:
    vector = FIXTURE_DENSE[row] + 0.1
    return [(h.chunk_id, h.score) for h in store.query(vector, None, None, limit, extra=flt)]


def _same(got: list[tuple[str, float]], expected: list[tuple[str, float]]) -> bool:
    return [i for i, _ in got] == [i for i, _ in expected] and \
        [s for _, s in got] == pytest.approx([s for _, s in expected], rel=1e-5)


FILTERS = [None, Store.doc_filter(["doc0", "doc2"]),
           models.Filter(must=[models.FieldCondition(key="doc_id", match=models.MatchValue(value="doc1"))]),
           models.Filter(should=[models.FieldCondition(key="item", match=models.MatchValue(value=2)),
                                 models.FieldCondition(key="date", match=models.MatchAny(any=["2024-01-01"]))])]
FILTER_IDS = ["no filter", "documents", "user filter", "identifier or date"]


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("flt", FILTERS, ids=FILTER_IDS)
def test_bm25_scores_equal_a_qdrant_servers(store: Store, server: ServerStore, query: str, flt) -> None:
    assert _same(_sparse_hits(store, query, flt), _sparse_hits(server, query, flt))


@pytest.mark.parametrize("row", [0, 5, 11])
@pytest.mark.parametrize("flt", FILTERS, ids=FILTER_IDS)
def test_dense_scores_equal_a_qdrant_servers(store: Store, server: ServerStore, row: int, flt) -> None:
    assert _same(_dense_hits(store, row, flt), _dense_hits(server, row, flt))


def test_both_lists_in_one_call_equal_the_single_queries(store: Store) -> None:
    dense, sparse = store.query_both(FIXTURE_DENSE[3], ANALYZER.query("akuttelefon"), ["doc0", "doc1"], 5)
    assert [h.chunk_id for h in dense] == [h.chunk_id for h in store.query(FIXTURE_DENSE[3], None, ["doc0", "doc1"], 5)]
    assert [h.chunk_id for h in sparse] == [h.chunk_id for h in
                                            store.query(None, ANALYZER.query("akuttelefon"), ["doc0", "doc1"], 5)]
    assert {h.doc_id for h in dense + sparse} <= {"doc0", "doc1"}


def test_a_write_is_seen_by_the_next_query(store: Store, server: ServerStore) -> None:
    before = _sparse_hits(store, "akuttelefon", None)
    for s in (store, server):
        s.delete_document("doc0")
    after = _sparse_hits(store, "akuttelefon", None)
    assert {i for i, _ in after} == {i for i, _ in _sparse_hits(server, "akuttelefon", None)}
    assert len(after) < len(before) and not any(h.doc_id == "doc0" for h in store.query(None, ANALYZER.query(
        "akuttelefon"), None, 20))
    # Unlike qdrant-client's local mode, the engine (in process as on a server) counts deleted
    # points in the IDF until its optimizer vacuums their segment: scores may differ, not hits.


def test_counts_payloads_and_stray_points(store: Store) -> None:
    assert store.count() == len(SENTENCES) and store.count_by_doc("doc1") == 4
    assert sorted(p["doc_id"] for p in store.payloads(["doc_id"])) == sorted(c.doc_id for c in _chunks())
    assert store.delete_except(["doc0", "doc1"]) == 4 and store.count() == 8
    assert store.delete_except([]) == 8 and store.count() == 0


def test_the_index_survives_closing_and_knows_its_model(tmp_path: Path) -> None:
    _fill(Store.open(tmp_path)).close()
    store = Store.open(tmp_path)
    try:
        assert store.count() == len(SENTENCES) and store.model_info() == {"model": "fixture-model", "dim": 8}
        with pytest.raises(ModelMismatchError, match="arkiv ingest --rebuild"):
            store.ensure_collection("another-model", 8)
    finally:
        store.close()


def test_a_second_process_is_told_who_holds_the_index(store: Store, tmp_path: Path) -> None:
    code = ("import sys; from index.store import Store\n"
            "from ingest.errors import StoreLockedError\n"
            f"try: Store.open({str(tmp_path)!r})\n"
            "except StoreLockedError as e: print('LOCKED', e); sys.exit(3)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=Path(__file__).parents[2])
    assert done.returncode == 3, done.stderr
    assert "in use by process" in done.stdout


def test_an_index_of_the_earlier_engine_is_moved_with_its_vectors(tmp_path: Path) -> None:
    old = tmp_path / "qdrant"
    legacy = QdrantClient(path=str(old))
    legacy.create_collection("arkiv_chunks", vectors_config={DENSE: models.VectorParams(size=8, distance=models.Distance.COSINE)},
                             sparse_vectors_config={SPARSE: models.SparseVectorParams(modifier=models.Modifier.IDF)},
                             metadata={"model": "fixture-model", "dim": 8})
    old_store = ServerStore(legacy)
    chunks = _chunks()
    old_store.upsert(chunks, FIXTURE_DENSE, [ANALYZER.document(c.text) for c in chunks], {"kind": "agenda"})
    expected = _sparse_hits(old_store, "akuttelefon", None)
    legacy.close()
    store = Store.open(tmp_path)
    try:
        assert not old.exists() and store.count() == len(SENTENCES)
        assert store.model_info() == {"model": "fixture-model", "dim": 8}
        assert _same(_sparse_hits(store, "akuttelefon", None), expected)
        moved = {i: v for i, _, v, _ in store.export()}
        assert np.allclose(moved[chunks[4].id], FIXTURE_DENSE[4] / np.linalg.norm(FIXTURE_DENSE[4]), atol=1e-6)
    finally:
        store.close()


def test_points_per_document_come_from_the_index(store: Store, server: ServerStore) -> None:
    expected = {"doc0": 4, "doc1": 4, "doc2": 4}
    assert store.doc_counts() == server.doc_counts() == expected
    store.delete_document("doc1")
    assert store.doc_counts() == {"doc0": 4, "doc2": 4}


def test_every_filtered_field_has_a_payload_index(store: Store) -> None:
    from index.store import PAYLOAD_INDEXES

    assert set(PAYLOAD_INDEXES) <= set(store._shard.info().payload_schema)


# A named unit-test fixture: one to three small deterministic vectors per passage, as ingest
# keeps one per sentence.
FIXTURE_SENTENCES = [np.random.default_rng(11 + i).normal(size=(1 + i % 3, 8)).astype(np.float32)
                     for i in range(len(SENTENCES))]


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v, axis=-1, keepdims=True)


def test_a_passage_scores_as_its_sentence_nearest_the_question_on_both_engines(tmp_path: Path) -> None:
    chunks = _chunks()
    query = np.random.default_rng(3).normal(size=8).astype(np.float32)
    expected = {c.id: float(np.max(_unit(s) @ _unit(query))) for c, s in zip(chunks, FIXTURE_SENTENCES)}
    for store in (Store.open(tmp_path), ServerStore(QdrantClient(":memory:"))):
        store.ensure_collection("fixture-model", 8)
        store.upsert(chunks, FIXTURE_DENSE, [ANALYZER.document(c.text) for c in chunks], {"kind": "agenda"},
                     sentences=FIXTURE_SENTENCES)
        asked = [c.id for c in chunks[::2]]
        got = store.sentence_scores(query, asked)
        store.close()
        assert store.sentence_vectors and set(got) == set(asked)
        assert all(got[i] == pytest.approx(expected[i], abs=1e-5) for i in asked)


def test_the_asked_passages_give_back_their_sentence_vectors_in_order_on_both_engines(tmp_path: Path) -> None:
    chunks = _chunks()
    for store in (Store.open(tmp_path), ServerStore(QdrantClient(":memory:"))):
        store.ensure_collection("fixture-model", 8)
        store.upsert(chunks, FIXTURE_DENSE, [ANALYZER.document(c.text) for c in chunks], {"kind": "agenda"},
                     sentences=FIXTURE_SENTENCES)
        asked = [c.id for c in chunks[1::2]]
        got = store.sentence_matrix(asked)
        store.close()
        assert set(got) == set(asked)
        for i, c in enumerate(chunks):
            if c.id in got:  # one row per sentence, as kept (the engine may normalise them)
                assert got[c.id].shape == FIXTURE_SENTENCES[i].shape
                assert np.allclose(_unit(got[c.id]), _unit(FIXTURE_SENTENCES[i]), atol=1e-5)


def test_the_asked_passages_score_their_cosine_with_a_vector_on_both_engines(tmp_path: Path) -> None:
    chunks = _chunks()
    query = np.random.default_rng(4).normal(size=8).astype(np.float32)
    expected = {c.id: float(_unit(v) @ _unit(query)) for c, v in zip(chunks, FIXTURE_DENSE)}
    for store in (Store.open(tmp_path), ServerStore(QdrantClient(":memory:"))):
        store.ensure_collection("fixture-model", 8)
        store.upsert(chunks, FIXTURE_DENSE, [ANALYZER.document(c.text) for c in chunks], {"kind": "agenda"})
        asked = [c.id for c in chunks[1::2]]
        got = store.dense_scores(query, asked)
        store.close()
        assert set(got) == set(asked)  # every asked passage, however far from the vector, and no other
        assert all(got[i] == pytest.approx(expected[i], abs=1e-5) for i in asked)


def test_an_index_made_before_sentence_vectors_opens_takes_new_passages_and_scores_none(tmp_path: Path) -> None:
    import qdrant_edge as qe

    from index.embedded import _META, _config

    edge = tmp_path / "edge"
    shard = qe.EdgeShard.create(str(edge), _config(8, sentences=False))
    shard.flush()
    shard.close()
    (edge / _META).write_text(json.dumps({"model": "fixture-model", "dim": 8}))
    store = Store.open(tmp_path)
    try:
        assert not store.sentence_vectors
        store.ensure_collection("fixture-model", 8)
        chunks = _chunks()
        keys = [f"key{i}" for i in range(len(chunks))]
        store.upsert(chunks, FIXTURE_DENSE, [ANALYZER.document(c.text) for c in chunks], {"kind": "agenda"},
                     embed_keys=keys, sentences=FIXTURE_SENTENCES)
        assert store.count() == len(chunks)
        assert store.sentence_scores(FIXTURE_DENSE[0], [chunks[0].id]) == {}
        assert store.sentence_matrix([chunks[0].id]) == {}
        stored = store.vectors_by_embed_key(keys)
        assert set(stored) == set(keys) and all(sentences is None for _, sentences in stored.values())
    finally:
        store.close()
