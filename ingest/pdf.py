"""Read a PDF with pypdf: raw text per page, page labels and document metadata.

Every way pypdf can fail is turned into an ``IngestError`` subclass naming the
file, so one bad file never stops a whole ingest run.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError, PdfReadError, PyPdfError

from ingest.errors import (
    EmptyDocumentError,
    EncryptedPDFError,
    IngestError,
    NotAPDFError,
    PDFReadError,
)

# pypdf logs recoverable damage as warnings; the clear per-file error is ours.
logging.getLogger("pypdf").setLevel(logging.ERROR)

_MIN_TEXT_CHARS = 40
HEAD_BYTES = 1024  # a PDF's "%PDF-" marker must lie within its first kilobyte  # fewer letters than this in the whole file: no text layer


@dataclass(frozen=True)
class RawPDF:
    path: Path
    sha256: str
    pages: list[str]  # raw extracted text, one entry per PDF page
    labels: list[str]  # PDF page labels (pypdf), "1", "2", … when absent
    metadata: dict[str, str]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_pdf(path: Path) -> RawPDF:
    """Read ``path``; raise an ``IngestError`` subclass saying why it cannot be used."""
    path = Path(path)
    if not path.is_file():
        raise IngestError(path, "file not found")
    with path.open("rb") as handle:
        check_pdf_head(path, handle.read(HEAD_BYTES))
    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted:
            try:
                # Many "encrypted" PDFs only restrict printing and open with the empty password.
                if not reader.decrypt(""):
                    raise EncryptedPDFError(path, "the PDF is password-protected; save an unprotected copy and ingest that")
            except (FileNotDecryptedError, NotImplementedError) as exc:
                raise EncryptedPDFError(path, f"the PDF is encrypted and cannot be opened ({exc})") from exc
        pages = [(page.extract_text() or "") for page in reader.pages]
        labels = list(reader.page_labels) if len(reader.page_labels) == len(pages) else []
        meta = {str(k).lstrip("/"): str(v) for k, v in (reader.metadata or {}).items()}
    except IngestError:
        raise
    except FileNotDecryptedError as exc:
        raise EncryptedPDFError(path, "the PDF is password-protected; save an unprotected copy and ingest that") from exc
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError, RecursionError) as exc:
        raise PDFReadError(path, f"the PDF is damaged or truncated and cannot be read ({type(exc).__name__}: {exc})") from exc
    if not pages:
        raise EmptyDocumentError(path, "the PDF has no pages")
    letters = sum(ch.isalpha() for text in pages for ch in text)
    if letters < _MIN_TEXT_CHARS:
        raise EmptyDocumentError(
            path,
            "the PDF has no text layer (a scan?); run OCR on it (e.g. ocrmypdf) and ingest the result",
        )
    if not labels:
        labels = [str(i + 1) for i in range(len(pages))]
    return RawPDF(path=path, sha256=file_sha256(path), pages=pages, labels=labels, metadata=meta)


def check_pdf_head(path: Path | str, head: bytes) -> None:
    """Refuse, from its first ``HEAD_BYTES``, a file that is not a PDF at all (cheap: uploads
    are checked this way before they are accepted, the full read comes at ingest)."""
    if not head:
        raise NotAPDFError(path, "the file is empty (0 bytes)")
    if b"%PDF-" not in head:
        raise NotAPDFError(path, f"not a PDF ({_sniff(head)}); only PDF files can be ingested")


def _sniff(head: bytes) -> str:
    lowered = head.lstrip().lower()
    if head.startswith(b"PK\x03\x04"):
        return "it is a ZIP archive"
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered[:200]:
        return "it is an HTML page"
    if head.startswith(b"\x89PNG") or head.startswith(b"\xff\xd8\xff"):
        return "it is an image"
    try:
        head.decode("utf-8")
        return "it looks like plain text"
    except UnicodeDecodeError:
        pass
    printable = sum(32 <= b < 127 or b in (9, 10, 13) or b >= 160 for b in head)
    if printable >= 0.95 * len(head):
        return "it looks like plain text in a non-UTF-8 encoding such as Latin-1"
    return "unknown binary content"
