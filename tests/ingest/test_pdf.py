from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfWriter

from ingest import load_document
from ingest.errors import EmptyDocumentError, EncryptedPDFError, NotAPDFError, PDFReadError
from tests.conftest import MINUTES


def test_renamed_text_file_is_not_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "notes.pdf"
    path.write_text("Referat fra mødet\n")
    with pytest.raises(NotAPDFError, match="notes.pdf: not a PDF"):
        load_document(path)


@pytest.mark.parametrize("content, words", [
    (b"<!DOCTYPE html><html><body>x</body></html>", "HTML"),
    (b"", "empty"),
])
def test_html_and_empty_files_are_named_clearly(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "x.pdf"
    path.write_bytes(content)
    with pytest.raises(NotAPDFError, match=words):
        load_document(path)


def test_zip_archive_is_refused(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "x")
    path = tmp_path / "bundle.pdf"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(NotAPDFError, match="ZIP"):
        load_document(path)


def test_truncated_pdf_is_a_read_error(tmp_path: Path) -> None:
    path = tmp_path / "cut.pdf"
    path.write_bytes(MINUTES.read_bytes()[:3000])
    with pytest.raises((PDFReadError, EmptyDocumentError)):
        load_document(path)


def test_password_protected_pdf_is_refused(tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=str(MINUTES))
    writer.encrypt(user_password="hemmelig", owner_password="ejer")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    with pytest.raises(EncryptedPDFError, match="password"):
        load_document(path)


def test_pdf_without_text_layer_is_refused(tmp_path: Path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    path = tmp_path / "scan.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    with pytest.raises(EmptyDocumentError, match="no text layer"):
        load_document(path)
