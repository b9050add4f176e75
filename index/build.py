"""Files in → chunks embedded and stored, one document at a time, all or nothing.

For each file: hash it; skip it when that exact content is already indexed
with the same configuration; otherwise read, clean, structure and chunk it,
embed the chunks, write the points (invisible to search until the manifest
lists them), save the page texts, then swap the manifest entry — the one
atomic step — and finally remove the points of the version it replaced.
A file that fails is reported and leaves the index as it was.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

from index.embed import EmbedStats, Embedder, embed_batched
from index.lexical import DanishAnalyzer
from index.manifest import DocumentEntry, Manifest, atomic_write
from index.store import Store
from ingest import Document, chunk_document, find_sections, load_document
from ingest.errors import FileTooLargeError, IngestError
from ingest.models import Chunk
from ingest.pdf import file_sha256


@dataclass
class FileResult:
    path: str
    status: str  # "added" | "replaced" | "unchanged" | "skipped"
    doc_id: str | None = None
    chunks: int = 0
    reason: str = ""


@dataclass
class IngestReport:
    files: list[FileResult] = field(default_factory=list)
    seconds: float = 0.0
    embed: EmbedStats = field(default_factory=EmbedStats)
    pages: int = 0

    @property
    def skipped(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "skipped"]

    def count(self, status: str) -> int:
        return sum(1 for f in self.files if f.status == status)


@dataclass
class Indexer:
    store: Store
    embedder: Embedder
    manifest: Manifest
    data_dir: Path
    config: str
    chunk_chars: int = 900
    chunk_overlap: int = 150
    batch_size: int = 16
    max_file_bytes: int = 50 * 1024 * 1024
    analyzer: DanishAnalyzer = field(default_factory=DanishAnalyzer)

    def __post_init__(self) -> None:
        self.store.ensure_collection(self.embedder.name, self.embedder.dim)
        if self.manifest.model and self.manifest.model != self.embedder.name:
            # The collection check above already refused a different model; an old manifest
            # without a collection (deleted by hand) is simply stale.
            self.manifest.documents.clear()
        self.manifest.model, self.manifest.dim = self.embedder.name, self.embedder.dim

    def ingest(self, paths: list[Path], progress: Callable[[int, int], None] | None = None) -> IngestReport:
        """Ingest ``paths``; ``progress(done, total)`` is called as chunks are embedded."""
        report = IngestReport()
        began = time.perf_counter()
        todo: list[tuple[Path, Document, list[Chunk]]] = []
        for path in paths:
            result = self._prepare(path, todo)
            if result is not None:
                report.files.append(result)
        total = sum(len(chunks) for *_, chunks in todo)
        done = 0

        def tick(n: int) -> None:
            nonlocal done
            done += n
            if progress:
                progress(done, total)

        for path, doc, chunks in todo:
            report.files.append(self._index(path, doc, chunks, report, tick))
            report.pages += len(doc.pages)
        report.seconds = time.perf_counter() - began
        return report

    def _prepare(self, path: Path, todo: list) -> FileResult | None:
        try:
            size = path.stat().st_size
            if size > self.max_file_bytes:
                raise FileTooLargeError(path, f"the file is {size / 1e6:.0f} MB; the limit is {self.max_file_bytes / 1e6:.0f} MB (ARKIV_INGEST__MAX_FILE_MB)")
            sha = file_sha256(path)
            known = self.manifest.by_sha(sha)
            if known and known.config == self.config and self.store.count_by_doc(known.doc_id) == known.chunks:
                return FileResult(str(path), "unchanged", known.doc_id, known.chunks)
            doc = load_document(path)
            chunks = chunk_document(doc, find_sections(doc), self.chunk_chars, self.chunk_overlap)
        except IngestError as exc:
            return FileResult(str(path), "skipped", reason=str(exc.reason))
        except OSError as exc:
            return FileResult(str(path), "skipped", reason=f"cannot read the file ({exc.strerror or exc})")
        todo.append((path, doc, chunks))
        return None

    def _index(self, path: Path, doc: Document, chunks: list[Chunk], report: IngestReport,
               tick: Callable[[int], None]) -> FileResult:
        previous = self.manifest.by_file_name(doc.file_name)
        stale = self.manifest.documents.get(doc.id)  # same content, other config
        texts = [embedding_text(doc, c) for c in chunks]
        dense = embed_batched(self.embedder, texts, self.batch_size, report.embed, tick)
        sparse = [self.analyzer.document(t) for t in texts]
        if stale is not None:
            # Same content re-chunked: hide it while its points are rewritten.
            del self.manifest.documents[doc.id]
            self.manifest.save()
            self.store.delete_document(doc.id)
        self.store.upsert(chunks, dense, sparse, doc_payload(doc))
        save_pages(self.data_dir, doc, chunk_term_counts(self.analyzer, chunks))
        entry = DocumentEntry(
            doc_id=doc.id, file_name=doc.file_name, sha256=doc.sha256, title=doc.meta.title,
            kind=doc.meta.kind, body=doc.meta.body, date=doc.meta.date, pages=len(doc.pages),
            chunks=len(chunks), ingested_at=time.strftime("%Y-%m-%dT%H:%M:%S"), config=self.config,
        )
        self.manifest.documents[doc.id] = entry
        replaced = previous is not None and previous.doc_id != doc.id
        if replaced and previous is not None:
            del self.manifest.documents[previous.doc_id]
        self.manifest.save()  # the atomic switch: from here search sees the new version only
        if replaced and previous is not None:
            self.store.delete_document(previous.doc_id)
            pages_path(self.data_dir, previous.doc_id).unlink(missing_ok=True)
        return FileResult(str(path), "replaced" if replaced else "added", doc.id, len(chunks))


def embedding_text(doc: Document, chunk: Chunk) -> str:
    """What is embedded and BM25-indexed: the chunk with its document and section as context."""
    head = doc.meta.title
    if chunk.section:
        head = f"{head}\n{chunk.section}"
    return f"{head}\n{chunk.text}"


def doc_payload(doc: Document) -> dict[str, object]:
    return {"document": doc.file_name, "title": doc.meta.title, "kind": doc.meta.kind,
            "body": doc.meta.body, "doc_date": doc.meta.date}


def pages_path(data_dir: Path, doc_id: str) -> Path:
    return Path(data_dir) / "documents" / f"{doc_id}.json"


def chunk_term_counts(analyzer: DanishAnalyzer, chunks: list[Chunk]) -> dict[str, int]:
    """In how many of the document's chunks each term occurs: summed over documents this is
    the corpus document frequency that tells a question's unknown words from its common ones."""
    counts: dict[str, int] = {}
    for chunk in chunks:
        for term in set(analyzer.terms(chunk.text)):
            counts[term] = counts.get(term, 0) + 1
    return counts


def save_pages(data_dir: Path, doc: Document, term_counts: dict[str, int] | None = None) -> None:
    """The cleaned page texts (what every returned quote is checked against) and term counts."""
    payload = {"doc_id": doc.id, "file_name": doc.file_name, "meta": asdict(doc.meta),
               "pages": [asdict(p) for p in doc.pages], "term_counts": term_counts or {}}
    atomic_write(pages_path(data_dir, doc.id), json.dumps(payload, ensure_ascii=False))


def load_term_counts(data_dir: Path, doc_ids: list[str]) -> dict[str, int]:
    """Corpus document frequencies (in how many chunks a term occurs) over ``doc_ids``."""
    df: dict[str, int] = {}
    for doc_id in doc_ids:
        path = pages_path(data_dir, doc_id)
        if path.exists():
            for term, n in json.loads(path.read_text(encoding="utf-8")).get("term_counts", {}).items():
                df[term] = df.get(term, 0) + n
    return df


def load_pages(data_dir: Path, doc_id: str) -> list[dict[str, object]]:
    path = pages_path(data_dir, doc_id)
    if not path.exists():
        return []
    return list(json.loads(path.read_text(encoding="utf-8"))["pages"])
