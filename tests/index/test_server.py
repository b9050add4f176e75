"""Against a real Qdrant server or cluster: runs only when QDRANT_URL is set (no server can be
installed on the development machine; see deploy/qdrant-cluster.yml and the README).

It writes a collection of its own (removed afterwards), checks the layout Arkiv asks for and the
payload indexes, and that the server returns what the embedded engine returns for the same points.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

from index.store import PAYLOAD_INDEXES, ClusterLayout, ServerStore, Store
from tests.index.test_embedded import ANALYZER, FIXTURE_DENSE, QUERIES, _dense_hits, _fill, _same, _sparse_hits

URL = os.environ.get("QDRANT_URL")
pytestmark = pytest.mark.skipif(not URL, reason="QDRANT_URL is not set: no Qdrant server to test against")


@pytest.fixture()
def server() -> ServerStore:
    assert URL
    store = ServerStore.connect(URL, os.environ.get("QDRANT_API_KEY"), collection=f"arkiv_test_{uuid.uuid4().hex[:8]}",
                                layout=ClusterLayout(shards=2, replicas=1, write_consistency=1))
    _fill(store)
    yield store
    store.client.delete_collection(store.collection)
    store.close()


def test_the_collection_has_the_layout_and_payload_indexes_asked_for(server: ServerStore) -> None:
    info = server.client.get_collection(server.collection)
    assert info.config.params.shard_number == 2
    assert set(PAYLOAD_INDEXES) <= set(info.payload_schema)
    assert server.model_info() == {"model": "fixture-model", "dim": 8}


def test_the_server_answers_as_the_embedded_engine(server: ServerStore, tmp_path: Path) -> None:
    embedded = _fill(Store.open(tmp_path))
    try:
        for query in QUERIES:
            assert _same(_sparse_hits(server, query, None), _sparse_hits(embedded, query, None)), query
        for row in range(len(FIXTURE_DENSE)):
            assert _same(_dense_hits(server, row, None), _dense_hits(embedded, row, None)), row
        assert server.doc_counts() == embedded.doc_counts()
        server.delete_document("doc1")
        assert "doc1" not in server.doc_counts() and server.count() == 8
        assert not [h for h in server.query(None, ANALYZER.query("akuttelefon"), None, 20) if h.doc_id == "doc1"]
    finally:
        embedded.close()
