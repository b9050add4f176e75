"""The hand-off types of the ingest pipeline: Document → Page → Section → Chunk."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Page:
    """One PDF page after cleaning.

    ``number`` is the 1-based PDF page; ``label`` is the number the page prints
    itself ("Side 3 af 64" → "3") or, failing that, the PDF page label.
    ``offset`` is where this page's text starts in ``Document.text``.
    """

    number: int
    label: str
    text: str
    offset: int = 0


@dataclass(frozen=True)
class DocumentMeta:
    title: str
    kind: str  # "minutes" | "agenda" | "report" | "slides" | "document"
    body: str  # issuing body, e.g. "Sundhedsstyrelsen"
    date: str | None  # ISO date of the meeting or publication, when known
    subject: str = ""


@dataclass
class Document:
    """A whole PDF: cleaned pages joined into one text with a page map."""

    id: str  # first 16 hex chars of the file's sha256
    file_name: str
    sha256: str
    meta: DocumentMeta
    pages: list[Page]
    text: str = ""

    def page_at(self, offset: int) -> Page:
        """The page that holds character ``offset`` of ``text``."""
        found = self.pages[0]
        for page in self.pages:
            if page.offset <= offset:
                found = page
            else:
                break
        return found


@dataclass(frozen=True)
class Section:
    """A span of the document text under one heading path.

    ``path`` goes from the outermost heading inwards, e.g.
    ``("Punkt 4. Status for 10-årsplanen", "Beslutninger")``.
    ``start``/``end`` are offsets into ``Document.text``.
    """

    path: tuple[str, ...]
    start: int
    end: int
    kind: str = "text"  # "agenda_item" | "recommendation" | "chapter" | "slide" | ...
    case_number: str | None = None
    date: str | None = None  # meeting date this section belongs to, when it differs
    recommendation: int | None = None
    item: int | None = None


@dataclass
class Chunk:
    """The unit that is embedded, stored and cited."""

    id: str
    doc_id: str
    chunk_index: int
    text: str
    start: int  # offsets into Document.text
    end: int
    page_start: int
    page_end: int
    page_label: str
    section_path: tuple[str, ...]
    section_kind: str
    case_number: str | None
    date: str | None
    recommendation: int | None
    item: int | None
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def section(self) -> str:
        return " › ".join(self.section_path)
