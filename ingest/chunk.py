"""Split sections into chunks with langchain-text-splitters; deterministic ids.

A chunk never crosses a section boundary, so every chunk carries exactly one
section path, case number and meeting date. Ids are derived from the document's
content hash, the chunk's position and the chunking parameters: re-ingesting
the same file produces the same ids, a changed file or setting new ones.
"""

from __future__ import annotations

import hashlib
import uuid

from langchain_text_splitters import RecursiveCharacterTextSplitter

from ingest.models import Chunk, Document, Section

_SEPARATORS = ["\n\n", "\n", ". ", "; ", ", ", " ", ""]


def chunk_document(doc: Document, sections: list[Section], size: int = 900, overlap: int = 150) -> list[Chunk]:
    if overlap >= size:
        raise ValueError(f"chunk overlap ({overlap}) must be smaller than chunk size ({size})")
    splitter = RecursiveCharacterTextSplitter(
        chunk_size=size, chunk_overlap=overlap, separators=_SEPARATORS,
        keep_separator="end", add_start_index=True, strip_whitespace=True,
    )
    chunks: list[Chunk] = []
    for section in sections:
        body = doc.text[section.start : section.end]
        if not body.strip():
            continue
        for part in splitter.create_documents([body]):
            text = part.page_content
            start = section.start + int(part.metadata["start_index"])
            end = start + len(text)
            first, last = doc.page_at(start), doc.page_at(end - 1)
            index = len(chunks)
            chunks.append(Chunk(
                id=chunk_id(doc.sha256, index, size, overlap),
                doc_id=doc.id, chunk_index=index, text=text, start=start, end=end,
                page_start=first.number, page_end=last.number, page_label=first.label,
                section_path=section.path, section_kind=section.kind,
                case_number=section.case_number, date=section.date,
                recommendation=section.recommendation, item=section.item,
            ))
    return chunks


def chunk_id(sha256: str, index: int, size: int, overlap: int) -> str:
    digest = hashlib.sha256(f"{sha256}:{index}:{size}:{overlap}".encode()).hexdigest()
    return str(uuid.UUID(digest[:32]))
