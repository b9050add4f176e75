"""Document management over HTTP: upload, list, get, delete, re-upload, replace, filters."""

from __future__ import annotations

import threading
import time

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.engine import Arkiv
from tests.conftest import MINUTES, SLIDES


def upload(client: TestClient, *files: tuple[str, bytes]) -> dict:
    response = client.post("/documents", files=[("files", (name, data, "application/pdf")) for name, data in files])
    assert response.status_code == 202, response.text
    assert response.headers["location"] == response.json()["job"]["url"]
    return wait_for(client, response.headers["location"])


def wait_for(client: TestClient, url: str, timeout: float = 120) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(url).json()
        if job["finished"]:
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {url} did not finish in {timeout} s")


def test_upload_is_ingested_in_the_background_under_its_own_name_and_kept_by_hash(client: TestClient, empty: Arkiv) -> None:
    job = upload(client, ("Præsentation – lokalt arbejde.pdf", SLIDES.read_bytes()))
    assert job["state"] == "done" and job["results"][0]["status"] == "added"
    assert job["done"] == job["total"] == job["results"][0]["chunks"] > 0
    doc = client.get("/documents").json()["documents"][0]
    assert doc["file_name"] == "Præsentation – lokalt arbejde.pdf"
    assert client.get(f"/documents/{doc['doc_id']}").json()["sha256"] == doc["sha256"]
    assert [p.name for p in (empty.data_dir / "files").iterdir()] == [f"{doc['sha256']}.pdf"]
    assert not any((empty.data_dir / "uploads").iterdir())  # nothing left waiting
    hits = client.get("/search", params={"q": "psykiatriaftale", "k": 3}).json()["results"]
    assert hits and hits[0]["document"] == doc["file_name"]


def test_uploading_the_same_file_again_changes_nothing(client: TestClient, empty: Arkiv) -> None:
    upload(client, ("slides.pdf", SLIDES.read_bytes()))
    before = empty.store.count()
    again = upload(client, ("slides.pdf", SLIDES.read_bytes()))
    assert again["results"][0]["status"] == "unchanged"
    assert empty.store.count() == before and len(client.get("/documents").json()["documents"]) == 1


def test_deleted_document_is_gone_from_search_and_answers_at_once(client: TestClient, empty: Arkiv) -> None:
    upload(client, ("slides.pdf", SLIDES.read_bytes()), ("referat.pdf", MINUTES.read_bytes()))
    slides = next(d for d in client.get("/documents").json()["documents"] if d["file_name"] == "slides.pdf")
    response = client.delete(f"/documents/{slides['doc_id']}")
    assert response.status_code == 200 and response.json()["deleted"]["file_name"] == "slides.pdf"
    for q in ("psykiatriaftale og tiårsplan lokalt", "hvordan løfter vi det lokalt?"):
        hits = client.get("/search", params={"q": q, "k": 50}).json()["results"]
        assert hits and all(h["doc_id"] != slides["doc_id"] for h in hits)
        answer = client.post("/ask", json={"question": q}).json()
        assert all(c["document"] != "slides.pdf" for c in answer["citations"] + answer.get("related", []))
    assert empty.store.count_by_doc(slides["doc_id"]) == 0
    assert not (empty.data_dir / "files" / f"{slides['sha256']}.pdf").exists()
    assert client.delete(f"/documents/{slides['doc_id']}").status_code == 404
    assert client.get(f"/documents/{slides['doc_id']}").status_code == 404


def test_replacing_a_file_never_shows_both_versions_or_neither(client: TestClient, empty: Arkiv,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    upload(client, ("referat.pdf", SLIDES.read_bytes()))
    # Widen the two windows where a careless search would go wrong: new points written but
    # not yet listed (both versions) and old version unlisted but not yet deleted.
    import index.build

    slow_save, slow_delete = index.build.save_pages, empty.store.delete_document
    monkeypatch.setattr(index.build, "save_pages", lambda *a: (time.sleep(0.5), slow_save(*a)))
    monkeypatch.setattr(empty.store, "delete_document", lambda *a: (time.sleep(0.5), slow_delete(*a)))
    seen: list[set[str]] = []
    stop = threading.Event()

    def keep_searching() -> None:
        while not stop.is_set():
            hits = empty.search("psykiatri", k=50)
            seen.append({h.hit.doc_id for h in hits})

    searcher = threading.Thread(target=keep_searching)
    searcher.start()
    try:
        job = upload(client, ("referat.pdf", MINUTES.read_bytes()))
    finally:
        stop.set()
        searcher.join()
    assert job["results"][0]["status"] == "replaced"
    assert len(seen) > 10 and all(len(ids) == 1 for ids in seen), [s for s in seen if len(s) != 1][:3]
    assert len(client.get("/documents").json()["documents"]) == 1


def test_uploads_waiting_when_the_server_stopped_are_ingested_at_the_next_start(empty: Arkiv) -> None:
    inbox = empty.data_dir / "uploads"
    inbox.mkdir(parents=True)
    sha = "14a615581ae17d568609ebdd53cffc76a52c21d236f9f36ed62f85940306b1aa"
    (inbox / f"{sha}.json").write_text('{"name": "slides.pdf"}')
    (inbox / f"{sha}.pdf").write_bytes(SLIDES.read_bytes())
    with TestClient(create_app(empty.settings, empty)) as client:
        job = wait_for(client, client.get("/jobs").json()["jobs"][0]["url"])
    assert job["results"][0]["status"] == "added" and job["files"] == ["slides.pdf"]
    assert not any(inbox.iterdir())


def test_a_document_says_what_was_understood_of_it(client: TestClient, empty: Arkiv, tmp_path) -> None:
    from tests.ingest.test_facts import _minutes
    from tests.pdfgen import write_text_pdf

    minutes = _minutes(tmp_path).read_bytes()
    plain = write_text_pdf(tmp_path / "plain.pdf", [["Et notat uden overskrifter om ventetider i kommunen.",
                                                     "Ventetiden er faldet til fire uger i gennemsnit."]]).read_bytes()
    job = upload(client, ("16.pdf", minutes), ("plain.pdf", plain))
    assert [r["status"] for r in job["results"]] == ["added", "added"]
    docs = {d["file_name"]: d for d in client.get("/documents").json()["documents"]}
    detail = client.get(f"/documents/{docs['16.pdf']['doc_id']}").json()
    assert detail["kind"] == "minutes" and detail["date"] == "2025-08-27"
    assert detail["title"] == "Beslutningsprotokol – Sundheds- og Forebyggelsesudvalget"
    assert detail["sources"] == {"title": "text", "body": "text", "kind": "text", "date": "text"}
    assert detail["sections"] >= 2 and detail["headings"][:2] == ["1. Godkendelse af dagsorden", "2. Akuttelefon for psykisk sårbare"]
    bare = client.get(f"/documents/{docs['plain.pdf']['doc_id']}").json()
    assert bare["sections"] == 0 and bare["headings"] == [] and bare["tables"] == 0
