"""PDF files → cleaned pages → sections → chunks, each carrying its provenance."""

from __future__ import annotations

from pathlib import Path

from ingest.chunk import chunk_document
from ingest.clean import clean_pages, join_pages
from ingest.errors import ArkivError, EmptyDocumentError, IngestError
from ingest.models import Chunk, Document, DocumentMeta, Page, Section
from ingest.pdf import read_pdf
from ingest.structure import detect_meta, find_sections

__all__ = [
    "ArkivError",
    "Chunk",
    "Document",
    "DocumentMeta",
    "IngestError",
    "Page",
    "Section",
    "chunk_document",
    "find_sections",
    "load_document",
]


def load_document(path: Path | str, name: str | None = None) -> Document:
    """Read and clean one PDF; raise ``IngestError`` naming the file if it cannot be used.

    ``name`` is the file's own name when its bytes sit elsewhere (an upload waiting
    under its hash): it is what citations show and what kind and date are read from."""
    path = Path(path)
    name = name or path.name
    raw = read_pdf(path)
    pages = clean_pages(raw.pages, raw.labels)
    text = join_pages(pages)
    if not text.strip():
        raise EmptyDocumentError(path, "no text left after removing headers and footers")
    meta = detect_meta(name, raw.metadata, pages)
    return Document(id=raw.sha256[:16], file_name=name, sha256=raw.sha256, meta=meta, pages=pages, text=text)
