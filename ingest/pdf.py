"""Read a PDF with pypdf: text and the typography of each line per page, page labels and
document metadata; pages that draw a grid have their tables read row by row (``ingest.tables``).

Every way pypdf can fail is turned into an ``IngestError`` subclass naming the
file, so one bad file never stops a whole ingest run.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError, PdfReadError, PyPdfError

from ingest.models import LineStyle
from ingest.tables import draws_grid, table_pages, vocabulary
from ingest.errors import (
    EmptyDocumentError,
    EncryptedPDFError,
    IngestError,
    NotAPDFError,
    PDFReadError,
)

# pypdf logs recoverable damage as warnings; the clear per-file error is ours.
logging.getLogger("pypdf").setLevel(logging.ERROR)

_MIN_TEXT_CHARS = 40  # fewer letters than this in the whole file: no text layer
HEAD_BYTES = 1024  # a PDF's "%PDF-" marker must lie within its first kilobyte
# A run of digits set this much smaller than the text it follows is a footnote mark
# ("COVID-19⁵." comes out of pypdf as "COVID-195."); it is left out of the text.
_FOOTNOTE_SCALE = 0.8
_FOOTNOTE = re.compile(r"\d{1,3}")
_BOLD_FONT = re.compile(r"bold|black|heavy|demi|semibold|-bd|,b\b|\bbd\b", re.IGNORECASE)


@dataclass(frozen=True)
class RawPDF:
    path: Path
    sha256: str
    pages: list[str]  # raw extracted text, one entry per PDF page (NFC, footnote marks left out)
    labels: list[str]  # PDF page labels (pypdf), "1", "2", … when absent
    metadata: dict[str, str]
    styles: list[list[LineStyle]] | None = None  # per page, one per line of its text ("\n"-split)
    landscape: float = 0.0  # share of pages wider than tall
    tables: int = 0  # tables found (pages drawing a grid), read as rows
    table_rows: int = 0


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
        read = [read_page(page) for page in reader.pages]
        pages = [text for text, _ in read]
        styles = [style for _, style in read]
        landscape = sum(_is_landscape(page) for page in reader.pages) / max(1, len(reader.pages))
        grids = [i for i, page in enumerate(reader.pages) if draws_grid(page)]
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
    tables = table_pages(path, grids, vocabulary(pages))
    for index, rebuilt in tables.items():
        pages[index], styles[index] = rebuilt.text, rebuilt.styles
    return RawPDF(path=path, sha256=file_sha256(path), pages=pages, labels=labels, metadata=meta,
                  styles=styles, landscape=landscape, tables=sum(t.tables for t in tables.values()),
                  table_rows=sum(t.rows for t in tables.values()))


def read_page(page) -> tuple[str, list[LineStyle]]:
    """One page's text and the typography of each of its lines.

    pypdf's ``visitor_text`` hands over every text run with its font and size, and the runs
    joined are exactly what ``extract_text`` returns; so the text is built from the runs, a
    footnote mark (a small digit run glued to the word before it) is dropped, and each line
    gets the size and weight of its letters. The text is NFC-normalised: some PDFs write "å"
    as "a" plus a combining ring, which neither search nor a reader's quote would match.
    """
    runs: list[tuple[str, float, bool]] = []

    def visit(text: str, cm, tm, font, size) -> None:  # noqa: ANN001 (pypdf's callback signature)
        if not text:
            return
        scale = ((tm[2] ** 2 + tm[3] ** 2) ** 0.5) * ((cm[2] ** 2 + cm[3] ** 2) ** 0.5)
        name = str(font.get("/BaseFont", "")) if font else ""
        runs.append((text, float(size) * (scale or 1.0), bool(_BOLD_FONT.search(name))))

    plain = page.extract_text(visitor_text=visit) or ""
    if "".join(text for text, _, _ in runs) != plain:  # pypdf changed how it reports runs: keep its text
        lines = plain.split("\n")
        return unicodedata.normalize("NFC", plain), [LineStyle(0.0, False)] * len(lines)
    kept: list[tuple[str, float, bool]] = []
    for text, size, bold in runs:
        previous = kept[-1] if kept else None
        glued = previous is not None and (previous[0][-1:].isalnum() or previous[0][-1:] in ".,)")
        if glued and _FOOTNOTE.fullmatch(text) and size <= _FOOTNOTE_SCALE * previous[1]:
            continue
        kept.append((text, size, bold))
    return unicodedata.normalize("NFC", "".join(t for t, _, _ in kept)), _line_styles(kept)


def _line_styles(runs: list[tuple[str, float, bool]]) -> list[LineStyle]:
    styles: list[LineStyle] = []
    sizes: list[float] = []
    letters = bold = 0
    for text, size, is_bold in runs:
        parts = text.split("\n")
        for i, part in enumerate(parts):
            if i:
                styles.append(LineStyle(max(sizes, default=0.0), letters > 0 and bold * 2 > letters))
                sizes, letters, bold = [], 0, 0
            n = sum(ch.isalnum() for ch in part)
            if n:
                sizes.append(round(size, 1))
                letters += n
                bold += n if is_bold else 0
    styles.append(LineStyle(max(sizes, default=0.0), letters > 0 and bold * 2 > letters))
    return styles


def _is_landscape(page) -> bool:  # noqa: ANN001
    try:
        box = page.mediabox
        width, height = float(box.width), float(box.height)
        if int(page.get("/Rotate", 0) or 0) % 180:
            width, height = height, width
        return width > height
    except (KeyError, TypeError, ValueError, AttributeError):
        return False


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
