"""Bad input over HTTP: each case gets a clear error naming the file or field, and
changes nothing (no kept file, no pending upload, no manifest entry, no point)."""

from __future__ import annotations

import io
import random
import time
import zipfile
from pathlib import Path
from typing import Iterator

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfWriter

from api.app import create_app
from api.engine import Arkiv
from api.settings import Settings
from evals.serve import serve
from tests.api.test_documents import wait_for
from tests.conftest import MINUTES
from tests.pdfgen import write_text_pdf

BOUNDARY = "arkivtestboundary"


@pytest.fixture()
def empty_settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", ingest={"max_file_mb": 1})


def untouched(arkiv: Arkiv) -> bool:
    data = arkiv.data_dir
    leftovers = [p for folder in ("uploads", "files") if (data / folder).is_dir() for p in (data / folder).iterdir()]
    return not leftovers and not arkiv.manifest.documents and arkiv.store.count() == 0


def multipart(name: bytes, data: bytes) -> bytes:
    """A multipart body with the file name's bytes exactly as given (httpx would escape them)."""
    return (f"--{BOUNDARY}\r\n".encode() + b'Content-Disposition: form-data; name="files"; filename="' + name
            + b'"\r\nContent-Type: application/pdf\r\n\r\n' + data + f"\r\n--{BOUNDARY}--\r\n".encode())


def post_raw(client: TestClient, body: bytes | Iterator[bytes], headers: dict | None = None):
    return client.post("/documents", content=body,
                       headers={"content-type": f"multipart/form-data; boundary={BOUNDARY}", **(headers or {})})


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("referat.txt", "Referat")
    return buffer.getvalue()


@pytest.mark.parametrize("name, data, reason", [
    ("referat.pdf", "Referat fra mødet\n".encode(), "plain text"),
    ("side.pdf", b"<!DOCTYPE html><html><body>Log ind</body></html>", "HTML"),
    ("bilag.pdf", zip_bytes(), "ZIP"),
    ("tom.pdf", b"", "empty"),
    ("latin1.pdf", "Referat fra mødet i udvalget, Århus\n".encode("latin-1") * 5, "non-UTF-8"),
])
def test_upload_that_is_not_a_pdf_is_refused_naming_the_file(client: TestClient, empty: Arkiv,
                                                             name: str, data: bytes, reason: str) -> None:
    response = client.post("/documents", files=[("files", (name, data, "application/pdf"))])
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert name in detail and reason in detail and "files" in detail
    assert untouched(empty)


def test_one_bad_file_refuses_the_whole_upload(client: TestClient, empty: Arkiv) -> None:
    response = client.post("/documents", files=[("files", ("ok.pdf", MINUTES.read_bytes(), "application/pdf")),
                                                ("files", ("bad.pdf", b"hello", "application/pdf"))])
    assert response.status_code == 422 and "bad.pdf" in response.json()["detail"]
    assert untouched(empty)


@pytest.mark.parametrize("name, words", [
    (b"../../etc/passwd.pdf", "path"),
    (b"..\\\\windows\\\\x.pdf", "path"),
    (b"/etc/passwd", "path"),
    (b".hidden.pdf", "hidden"),
    (b"referat\x07.pdf", "control characters"),
    (b"referat\x1b[31m.pdf", "control characters"),
    (b"", "no name"),
])
def test_file_names_with_paths_or_control_characters_are_refused(client: TestClient, empty: Arkiv,
                                                                 name: bytes, words: str) -> None:
    response = post_raw(client, multipart(name, MINUTES.read_bytes()))
    assert response.status_code == 422, response.text
    assert words in response.json()["detail"] and "'files'" in response.json()["detail"]
    assert untouched(empty)


@pytest.fixture()
def live_url(empty: Arkiv) -> Iterator[str]:
    """The app behind a real uvicorn (TestClient reads a whole request body before the app sees it)."""
    with serve(create_app(empty.settings, empty)) as url:
        yield url


def test_file_over_the_limit_is_refused_while_streaming(live_url: str, empty: Arkiv) -> None:
    """A 200 MB upload without Content-Length: the server answers 413 once the limit (1 MB) is
    passed, while the client has sent only 3 MB of it and still waits to send the rest."""
    import socket

    host, port = live_url.removeprefix("http://").split(":")
    head = multipart(b"stor.pdf", b"")
    first = head[: head.index(b"\r\n\r\n") + 4] + b"%PDF-1.4\n"
    with socket.create_connection((host, int(port)), timeout=20) as sock:
        sock.sendall(b"POST /documents HTTP/1.1\r\nHost: arkiv\r\nTransfer-Encoding: chunked\r\n"
                     b"Content-Type: multipart/form-data; boundary=" + BOUNDARY.encode() + b"\r\n\r\n")
        block = b"0" * (256 * 1024)
        for data in [first] + [block] * 12:  # 3 MB of the 200 MB
            sock.sendall(b"%x\r\n" % len(data) + data + b"\r\n")
        answer = b""
        while b"\r\n\r\n" not in answer or not answer.rstrip().endswith(b"}"):
            chunk = sock.recv(65536)
            if not chunk:
                break
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert b"stor.pdf" in answer and b"1 MB" in answer
    assert untouched(empty)


def test_declared_length_over_the_limit_is_refused_before_reading(client: TestClient, empty: Arkiv) -> None:
    response = post_raw(client, multipart(b"x.pdf", b"%PDF-1.4"), headers={"content-length": str(200 * 1024 * 1024)})
    assert response.status_code == 413 and untouched(empty)


@pytest.mark.parametrize("headers, body", [
    ({"content-type": "application/pdf"}, b"%PDF-1.4"),
    ({"content-type": f"multipart/form-data; boundary={BOUNDARY}"}, b"--garbage"),
    ({"content-type": f"multipart/form-data; boundary={BOUNDARY}"}, f"--{BOUNDARY}--\r\n".encode()),
])
def test_upload_that_is_not_a_well_formed_multipart_body_is_422(client: TestClient, empty: Arkiv,
                                                                headers: dict, body: bytes) -> None:
    response = client.post("/documents", content=body, headers=headers)
    assert response.status_code == 422 and "files" in response.json()["detail"]
    assert untouched(empty)


def _truncated(tmp: Path) -> bytes:
    return MINUTES.read_bytes()[:3000]


def _encrypted(tmp: Path) -> bytes:
    writer = PdfWriter(clone_from=str(MINUTES))
    writer.encrypt(user_password="hemmelig", owner_password="ejer")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _scanned(tmp: Path) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("make, reason, problem", [
    (_truncated, "damaged or truncated", "damaged"),
    (_encrypted, "password", "encrypted"),
    (_scanned, "no text layer", "no_text"),
])
def test_pdf_that_cannot_be_read_is_skipped_by_its_job_with_the_reason(client: TestClient, empty: Arkiv,
                                                                       tmp_path: Path, make, reason: str,
                                                                       problem: str) -> None:
    response = client.post("/documents", files=[("files", ("dokument.pdf", make(tmp_path), "application/pdf"))])
    assert response.status_code == 202
    job = wait_for(client, response.headers["location"])
    result = job["results"][0]
    assert job["state"] == "done" and result["status"] == "skipped"
    assert result["file"] == "dokument.pdf" and reason in result["reason"]
    assert result["problem"] == problem  # what the page says in Danish
    assert untouched(empty)


def test_a_thousand_pages_of_text_are_ingested_whole(client: TestClient, empty: Arkiv, tmp_path: Path) -> None:
    words = ("regionen kommunen psykiatrien borgeren patienten sengepladser akuttelefonen tvang ventetid udvalget "
             "indsatsen planen økonomien personalet pårørende behandlingen botilbud misbrug recovery samarbejdet").split()
    rng = random.Random(1000)  # varied lines: a line repeated on many pages is removed as a running header
    pages = [[" ".join(rng.choice(words) for _ in range(6)).capitalize() + "."] for _ in range(1000)]
    pdf = write_text_pdf(tmp_path / "tusind.pdf", pages, title="Tusind sider")
    began = time.perf_counter()
    response = client.post("/documents", files=[("files", ("tusind-sider.pdf", pdf.read_bytes(), "application/pdf"))])
    job = wait_for(client, response.headers["location"], timeout=300)
    assert job["results"][0]["status"] == "added", job
    doc = client.get("/documents").json()["documents"][0]
    assert doc["pages"] == 1000 and doc["chunks"] == empty.store.count() > 0
    assert client.get(f"/documents/{doc['doc_id']}/pages/1000").status_code == 200
    assert time.perf_counter() - began < 240


@pytest.mark.parametrize("params", [{"k": 0}, {"k": -1}, {"k": 10**6}, {"k": "ti"}, {"date_from": "8. november 2024"},
                                    {"date_to": "2024-13"}])
def test_bad_search_parameters_are_422_naming_the_field(client: TestClient, params: dict) -> None:
    response = client.get("/search", params={"q": "akuttelefon", **params})
    assert response.status_code == 422
    assert list(params)[0] in response.text


@pytest.mark.parametrize("payload", [
    {"question": "akuttelefon", "k": -1}, {"question": "akuttelefon", "k": 10**6},
    {"question": "x" * 100_000}, {"question": "akuttelefon", "filters": {"date_from": "i går"}},
    {"question": "akuttelefon", "filters": {"colour": "red"}}, {"question": "akuttelefon", "extra": 1},
    {"question": ["a", "list"]},
])
def test_bad_ask_bodies_are_422(client: TestClient, payload: dict) -> None:
    response = client.post("/ask", json=payload)
    assert response.status_code == 422 and response.json()["detail"]


def test_question_over_the_limit_in_a_search_url_is_422(client: TestClient) -> None:
    # (A 100 KB URL is refused by HTTP clients themselves; the 100 KB question is tested on /ask.)
    response = client.get("/search", params={"q": "å" * 2001})
    assert response.status_code == 422 and "q" in response.text


@pytest.mark.parametrize("body", [b"{not json", "{\"question\": \"m\xf8de\"}".encode("latin-1"), b"\xff\xfe\x00",
                                  b"", b"null", b"[]"])
def test_malformed_or_non_utf8_json_is_a_client_error(client: TestClient, body: bytes) -> None:
    response = client.post("/ask", content=body, headers={"content-type": "application/json"})
    assert response.status_code in (400, 422) and response.json()["detail"]
