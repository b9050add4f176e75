"""PDF files → cleaned pages → sections → chunks, each carrying its provenance."""

from __future__ import annotations

from pathlib import Path

from ingest.chunk import chunk_document
from ingest.clean import clean_pages, join_pages
from ingest.errors import ArkivError, EmptyDocumentError, IngestError
from ingest.models import Chunk, Document, DocumentMeta, Outline, Page, Section
from ingest.pdf import read_pdf
from ingest.facts import detect_facts
from ingest.structure import find_sections, outline

__all__ = [
    "ArkivError",
    "Chunk",
    "Document",
    "DocumentMeta",
    "IngestError",
    "Outline",
    "Page",
    "Section",
    "chunk_document",
    "find_sections",
    "load_document",
    "outline",
]


def load_document(path: Path | str, name: str | None = None) -> Document:
    """Read and clean one PDF; raise ``IngestError`` naming the file if it cannot be used.

    ``name`` is the file's own name when its bytes sit elsewhere (an upload waiting
    under its hash): it is what citations show and what kind and date are read from."""
    path = Path(path)
    name = name or path.name
    raw = read_pdf(path)
    pages = clean_pages(raw.pages, raw.labels, raw.styles)
    text = join_pages(pages)
    if not text.strip():
        raise EmptyDocumentError(path, "no text left after removing headers and footers")
    meta = detect_facts(name, raw.metadata, pages, raw.pages, raw.styles, raw.landscape)
    return Document(id=raw.sha256[:16], file_name=name, sha256=raw.sha256, meta=meta, pages=pages, text=text,
                    tables=raw.tables, table_rows=raw.table_rows)
