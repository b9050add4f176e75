"""The hand-off types of the ingest pipeline: Document → Page → Section → Chunk."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class LineStyle:
    """The typography of one extracted line: its largest font size (in points, after the
    text and page matrices) and whether most of its letters are set in a bold face."""

    size: float
    bold: bool


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
    # The typography of each line of ``text`` (split on "\n"); not stored with the page texts.
    styles: tuple[LineStyle, ...] = field(default=(), repr=False, compare=False)


@dataclass(frozen=True)
class DocumentMeta:
    title: str
    kind: str  # a key of ingest.facts.KIND_NAMES: "minutes", "agenda", "notat", "report", "letter", …
    body: str  # issuing body, e.g. "Sundhedsstyrelsen"
    date: str | None  # ISO date (or YYYY-MM, YYYY) of the meeting or publication, when known
    subject: str = ""
    # where each of title, body, kind, date came from: "text", "layout", "metadata", "file name", "none"
    sources: dict[str, str] = field(default_factory=dict)
    # Other names the document goes by (a clean metadata title or subject, an organisation as
    # Author): never shown as its facts, they help search find the document by those names.
    aliases: tuple[str, ...] = ()
    # What is embedded with every chunk as its document: a clean metadata title (often written to
    # describe the document) before the one read from the first page; "" means the title.
    search_title: str = ""


@dataclass
class Document:
    """A whole PDF: cleaned pages joined into one text with a page map."""

    id: str  # first 16 hex chars of the file's sha256
    file_name: str
    sha256: str
    meta: DocumentMeta
    pages: list[Page]
    text: str = ""
    tables: int = 0  # tables found and read as rows
    table_rows: int = 0

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


@dataclass(frozen=True)
class Outline:
    """What structure was understood in a document, as shown to users and logged at ingest."""

    sections: int  # sections under a heading (the text before the first heading not counted)
    headings: tuple[str, ...]  # the first top-level headings, in order
    tables: int
    table_rows: int

    @property
    def found(self) -> bool:
        return self.sections > 0


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
