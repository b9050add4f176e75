"""Split sections into chunks with langchain-text-splitters; deterministic ids.

A chunk never crosses a unit: an agenda item, a recommendation, a chapter or a
slide (same top heading, item, recommendation, case number and meeting date), so
every chunk carries exactly one of each. Inside a unit, sections too small to
stand alone are joined with their neighbours before splitting: an agenda item's
"Økonomi / Ingen bemærkninger", a heading with no text under it ("12.1.
Udfordringer") or the item's header row ("6 (Offentlig) Temadrøftelse …
EMN-2022-00567") is not a passage a reader can use, yet as its own chunk it
outranks real text (short texts score high on BM25 and on the dense model).
A chunk spanning several sections carries their common path; the sub-headings
stay in its text. The splitter's small left-over at the end of a unit is folded
into the chunk before it for the same reason.

A table row longer than a chunk (a grant list's row: applicant, purpose, amounts applied for and
granted, reason) stays one chunk up to twice the chunk size: cut in two, the applicant's name
stands in one chunk and the granted amount in the other, and neither answers "how much did X
get". Longer rows are split like text.

Ids are derived from the document's content hash, the chunk's position and the
chunking parameters: re-ingesting the same file produces the same ids, a changed
file or setting new ones.
"""

from __future__ import annotations

import hashlib
import uuid

from langchain_text_splitters import RecursiveCharacterTextSplitter

from ingest.models import Chunk, Document, Section
from ingest.tables import row_cells

_SEPARATORS = ["\n\n", "\n", ". ", "; ", ", ", " ", ""]
# Below this a section or a splitter left-over is joined to its neighbour: two or three
# sentences, enough for an answer and for the models to say what the text is about.
MIN_CHUNK_CHARS = 200


def chunk_document(doc: Document, sections: list[Section], size: int = 1300, overlap: int = 200) -> list[Chunk]:
    if overlap >= size:
        raise ValueError(f"chunk overlap ({overlap}) must be smaller than chunk size ({size})")
    splitter = RecursiveCharacterTextSplitter(
        chunk_size=size, chunk_overlap=overlap, separators=_SEPARATORS,
        keep_separator="end", add_start_index=True, strip_whitespace=True,
    )
    chunks: list[Chunk] = []
    for group in _groups(doc, sections):
        spans: list[tuple[int, int]] = []
        segments = _segments(doc.text, group[0].start, group[-1].end, size)
        for begin, finish, whole in segments:
            if whole:
                spans.append((begin, finish))
                continue
            pieces = [(begin + int(p.metadata["start_index"]), len(p.page_content))
                      for p in splitter.create_documents([doc.text[begin:finish]])]
            spans.extend(_fold_tail([(s, s + n) for s, n in pieces], doc.text))
        for start, end in _join_small(spans, doc.text) if len(spans) > 1 and any(w for *_, w in segments) else spans:
            text = doc.text[start:end]
            first, last = doc.page_at(start), doc.page_at(end - 1)
            inside = [s for s in group if s.start < end and s.end > start] or group[:1]
            lead = max(inside, key=lambda s: min(s.end, end) - max(s.start, start))
            index = len(chunks)
            chunks.append(Chunk(
                id=chunk_id(doc.sha256, index, size, overlap),
                doc_id=doc.id, chunk_index=index, text=text, start=start, end=end,
                page_start=first.number, page_end=last.number, page_label=first.label,
                section_path=_common_path([s.path for s in inside]), section_kind=lead.kind,
                case_number=lead.case_number, date=lead.date,
                recommendation=lead.recommendation, item=lead.item,
            ))
    return chunks


def _unit(section: Section) -> tuple:
    """What a chunk must not mix: a top heading (item, chapter, slide) and its metadata."""
    return (section.path[:1], section.case_number, section.date, section.recommendation, section.item)


def _groups(doc: Document, sections: list[Section]) -> list[list[Section]]:
    """Consecutive sections of one unit, joined while either side is too small to stand alone."""
    groups: list[list[Section]] = []
    size = 0
    for section in sections:
        length = len(doc.text[section.start:section.end].strip())
        if not length:
            continue
        if groups and _unit(groups[-1][-1]) == _unit(section) and min(size, length) < MIN_CHUNK_CHARS:
            groups[-1].append(section)
            size += length
        else:
            groups.append([section])
            size = length
    return groups


def _segments(text: str, begin: int, finish: int, size: int) -> list[tuple[int, int, bool]]:
    """The unit's text as (start, end, whole): table rows longer than a chunk but at most twice
    its size are whole segments; the text between them is split as usual."""
    out: list[tuple[int, int, bool]] = []
    start = pos = begin
    for line in text[begin:finish].splitlines(keepends=True):
        stripped = line.strip()
        if size < len(stripped) <= 2 * size and row_cells(stripped):
            first = pos + line.index(stripped[0])
            if text[start:first].strip():
                out.append((start, first, False))
            out.append((first, first + len(stripped), True))
            start = first + len(stripped)
        pos += len(line)
    if text[start:finish].strip():
        out.append((start, finish, False))
    return out


def _join_small(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """A piece too small to stand alone left between two whole rows (a page's running header)
    joins the chunk before it, or the one after when it comes first."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out and (len(text[start:end].strip()) < MIN_CHUNK_CHARS
                    or (len(out) == 1 and len(text[out[0][0]:out[0][1]].strip()) < MIN_CHUNK_CHARS)):
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def _fold_tail(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Join a small last piece to the one before it (the splitter leaves e.g. one sentence over)."""
    if len(spans) >= 2 and len(text[spans[-1][0]:spans[-1][1]].strip()) < MIN_CHUNK_CHARS:
        (start, _), (_, end) = spans[-2], spans[-1]
        spans = spans[:-2] + [(start, end)]
    return spans


def _common_path(paths: list[tuple[str, ...]]) -> tuple[str, ...]:
    common = paths[0]
    for path in paths[1:]:
        n = 0
        while n < min(len(common), len(path)) and common[n] == path[n]:
            n += 1
        common = common[:n]
    return common


def chunk_id(sha256: str, index: int, size: int, overlap: int) -> str:
    digest = hashlib.sha256(f"{sha256}:{index}:{size}:{overlap}".encode()).hexdigest()
    return str(uuid.UUID(digest[:32]))
