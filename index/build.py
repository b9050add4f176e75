"""Files in → chunks embedded and stored, one document at a time, all or nothing.

For each file: hash it; skip it when that exact content is already indexed
with the same configuration; otherwise read, clean, structure and chunk it and
embed the chunks — all without touching the index. Then, inside the caller's
``commit`` guard (the engine's write lock): write the points (invisible to
search until the manifest lists them), keep the PDF and the page texts, swap
the manifest entry — the one atomic step — and finally remove the points of
the version it replaced. A file that fails is reported and leaves the index as
it was; a crash anywhere leaves points the manifest does not list, which the
engine removes when it opens the index again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from contextlib import AbstractContextManager, nullcontext
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from index.embed import EmbedStats, Embedder, embed_batched
from index.files import FileStore
from index.lexical import DanishAnalyzer
from index.manifest import DocumentEntry, Manifest, atomic_write, remove_unlisted
from index.store import Store
from index.vocabulary import document_words, remove_words_except, save_words, word_vectors, words_path
from ingest import Document, Outline, chunk_document, find_sections, load_document, outline
from ingest.errors import (EmptyDocumentError, EncryptedPDFError, FileTooLargeError, IngestError, NotAPDFError,
                           PDFReadError)
from ingest.models import Chunk
from ingest.pdf import file_sha256
from ingest.sentences import passage_sentences

log = logging.getLogger("arkiv.ingest")


@dataclass(frozen=True)
class SourceFile:
    """A file to ingest: where its bytes are now, and the name the user knows it by.

    The name is shown in citations and read for the document's kind and date;
    it is never used as a path (an upload's bytes wait under a hashed name)."""

    path: Path
    name: str

    @classmethod
    def of(cls, item: "Path | SourceFile") -> "SourceFile":
        return item if isinstance(item, SourceFile) else cls(Path(item), Path(item).name)

    @property
    def shown(self) -> str:
        """How reports name it: the path a CLI user typed, or an upload's own name."""
        return str(self.path) if self.path.name == self.name else self.name


_PROBLEMS: dict[type, str] = {NotAPDFError: "not_pdf", PDFReadError: "damaged", EncryptedPDFError: "encrypted",
                              EmptyDocumentError: "no_text", FileTooLargeError: "too_large"}


@dataclass
class FileResult:
    path: str
    status: str  # "added" | "replaced" | "unchanged" | "skipped"
    doc_id: str | None = None
    chunks: int = 0
    reason: str = ""
    # Why a file was skipped, as a word a program can act on (the page says it in Danish):
    # "not_pdf", "damaged", "encrypted", "no_text", "too_large", "unreadable" or "" when not skipped.
    problem: str = ""


@dataclass
class IngestReport:
    files: list[FileResult] = field(default_factory=list)
    seconds: float = 0.0
    embed: EmbedStats = field(default_factory=EmbedStats)
    pages: int = 0
    write_seconds: float = 0.0  # time spent writing points to the store
    sentences: EmbedStats = field(default_factory=EmbedStats)  # the passages' sentences (``passage_sentences``)
    words: int = 0  # words embedded for the vocabulary (``index/vocabulary.py``)
    word_seconds: float = 0.0

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
    # Held around each document's writes; the engine passes its write lock so that
    # deletes and searches' visibility rule see each document's switch as one step.
    commit: Callable[[], AbstractContextManager[object]] = nullcontext
    # Another index made with the same model (``arkiv ingest --rebuild`` reads the old index this
    # way): a passage whose embedding text is unchanged is not embedded again, nor its sentences.
    elsewhere: Store | None = None
    # Vectors of words the index already has (another document's), so a word is embedded once.
    known_words: Callable[[list[str]], dict[str, np.ndarray]] | None = None

    def __post_init__(self) -> None:
        self.files = FileStore(self.data_dir)
        if self.manifest.model and self.manifest.model != self.embedder.name:
            # Arkiv's collection check already refused a different model; an old manifest
            # without a collection (deleted by hand) is simply stale.
            self.manifest.switch(remove=list(self.manifest.documents))
        self.manifest.model, self.manifest.dim = self.embedder.name, self.embedder.dim

    def ingest(self, sources: Sequence[Path | SourceFile],
               progress: Callable[[int, int], None] | None = None,
               on_file: Callable[[FileResult], None] | None = None) -> IngestReport:
        """Ingest ``sources``; ``progress(done, total)`` is called as chunks are embedded, and
        ``on_file(result)`` as soon as each file's outcome is known (so a page can show it)."""
        report = IngestReport()
        began = time.perf_counter()

        def record(result: FileResult) -> None:
            report.files.append(result)
            if on_file:
                on_file(result)

        todo: list[tuple[SourceFile, Document, list[Chunk], Outline]] = []
        for source in sources:
            result = self._prepare(SourceFile.of(source), todo, report)
            if result is not None:
                record(result)
        total = sum(len(item[2]) for item in todo)
        done = 0
        if progress and total:
            progress(0, total)  # the files are read: say how much embedding lies ahead before it starts

        def tick(n: int) -> None:
            nonlocal done
            done += n
            if progress:
                progress(done, total)

        # Smallest first: during a first ingest most documents become searchable within
        # seconds instead of waiting behind the one long report.
        for source, doc, chunks, shape in sorted(todo, key=lambda item: len(item[2])):
            record(self._index(source, doc, chunks, shape, report, tick))
            report.pages += len(doc.pages)
        report.seconds = time.perf_counter() - began
        return report

    def _prepare(self, source: SourceFile, todo: list, report: IngestReport) -> FileResult | None:
        shown = source.shown
        try:
            size = source.path.stat().st_size
            if size > self.max_file_bytes:
                raise FileTooLargeError(source.path, f"the file is {size / 1e6:.0f} MB; the limit is {self.max_file_bytes / 1e6:.0f} MB (ARKIV_INGEST__MAX_FILE_MB)")
            sha = file_sha256(source.path)
            known = self.manifest.by_sha(sha)
            if known and known.config == self.config and self.store.count_by_doc(known.doc_id) == known.chunks:
                self.files.keep(source.path, sha)  # indexes from before files were kept get their copy
                if not words_path(self.data_dir, known.doc_id).exists():
                    # indexed before documents kept their words: read them from the kept page texts
                    texts = [str(p["text"]) for p in load_pages(self.data_dir, known.doc_id)]
                    words, vectors = self._words(texts, report)
                    with self.commit():
                        if known.doc_id in self.manifest.documents:
                            save_words(self.data_dir, known.doc_id, words, vectors, self.embedder.name)
                return FileResult(shown, "unchanged", known.doc_id, known.chunks)
            doc = load_document(source.path, name=source.name)
            sections = find_sections(doc)
            chunks = chunk_document(doc, sections, self.chunk_chars, self.chunk_overlap)
            shape = outline(doc, sections)
            if not shape.found:
                log.warning("%s: no structure found (no headings, items or numbered sections); "
                            "it is searched as plain pages", shown)
        except IngestError as exc:
            return FileResult(shown, "skipped", reason=str(exc.reason), problem=_PROBLEMS.get(type(exc), "unreadable"))
        except OSError as exc:
            return FileResult(shown, "skipped", reason=f"cannot read the file ({exc.strerror or exc})",
                              problem="unreadable")
        todo.append((source, doc, chunks, shape))
        return None

    def _index(self, source: SourceFile, doc: Document, chunks: list[Chunk], shape: Outline,
               report: IngestReport, tick: Callable[[int], None]) -> FileResult:
        texts = [embedding_text(doc, c) for c in chunks]
        keys = [embed_key(t) for t in texts]
        dense, sentences = self._vectors(texts, keys, [passage_sentences(c.text) for c in chunks], report, tick)
        sparse = [self.analyzer.document(t) for t in texts]
        words, word_vecs = self._words([p.text for p in doc.pages], report)
        stats = doc_stats(self.analyzer, chunks)
        entry = DocumentEntry(
            doc_id=doc.id, file_name=doc.file_name, sha256=doc.sha256, title=doc.meta.title,
            kind=doc.meta.kind, body=doc.meta.body, date=doc.meta.date, pages=len(doc.pages),
            chunks=len(chunks), ingested_at=time.strftime("%Y-%m-%dT%H:%M:%S"), config=self.config,
            sources=dict(doc.meta.sources), sections=shape.sections, headings=list(shape.headings),
            tables=shape.tables,
        )
        with self.commit():
            # Read under the lock: a delete may have run while this document was embedded.
            previous = self.manifest.by_file_name(doc.file_name)
            if doc.id in self.manifest.documents:
                # Same content under another configuration: its points share this doc_id, so it
                # is hidden while they are rewritten (a rare, explicit re-index).
                self.manifest.switch(remove=[doc.id])
                self.store.delete_document(doc.id)
            began = time.perf_counter()
            self.store.upsert(chunks, dense, sparse, doc_payload(doc), embed_keys=keys, sentences=sentences)
            report.write_seconds += time.perf_counter() - began
            self.files.keep(source.path, doc.sha256)
            save_pages(self.data_dir, doc, stats)
            save_words(self.data_dir, doc.id, words, word_vecs, self.embedder.name)
            replaced = previous is not None and previous.doc_id != doc.id
            old = [previous.doc_id] if replaced and previous is not None else []
            self.manifest.switch(add=entry, remove=old)  # from here search sees the new version only
            if replaced and previous is not None:
                self.store.delete_document(previous.doc_id)
                remove_document_texts(self.data_dir, previous.doc_id)
                self.files.remove(previous.sha256)
        return FileResult(source.shown, "replaced" if replaced else "added", doc.id, len(chunks))

    def _vectors(self, texts: list[str], keys: list[str], sentence_texts: list[list[str]], report: IngestReport,
                 tick: Callable[[int], None]) -> tuple[np.ndarray, list[np.ndarray] | None]:
        """Each passage's vector and its sentences' vectors (None: the index keeps no sentence
        vectors), reusing what this index or ``elsewhere`` already holds for the same text. Progress
        counts a passage once both are done, so the bar's unit stays the passage."""
        wanted = sorted(set(keys))
        stored = self.store.vectors_by_embed_key(wanted)
        if self.elsewhere is not None and len(stored) < len(wanted):
            stored.update(self.elsewhere.vectors_by_embed_key(sorted(set(wanted) - set(stored))))
        known = {t: stored[k][0] for t, k in zip(texts, keys) if k in stored}
        keep = self.store.sentence_vectors
        known_sentences: dict[str, np.ndarray] = {}
        if keep:
            for pieces, key in zip(sentence_texts, keys):
                held = stored[key][1] if key in stored else None
                if held is not None and len(held) == len(pieces):
                    known_sentences.update(zip(pieces, held))
        dense = np.zeros((len(texts), self.embedder.dim), dtype=np.float32)
        sentences: list[np.ndarray] = []
        step = max(self.batch_size, 1)
        for start in range(0, len(texts), step):
            part = slice(start, start + step)
            dense[part] = embed_batched(self.embedder, texts[part], self.batch_size, report.embed, known=known)
            known.update(zip(texts[part], dense[part]))
            if keep:
                flat = [s for pieces in sentence_texts[part] for s in pieces]
                vectors = embed_batched(self.embedder, flat, self.batch_size, report.sentences, known=known_sentences)
                known_sentences.update(zip(flat, vectors))
                at = 0
                for pieces in sentence_texts[part]:
                    sentences.append(vectors[at:at + len(pieces)])
                    at += len(pieces)
            tick(len(texts[part]))
        return dense, sentences if keep else None

    def _words(self, texts: list[str], report: IngestReport) -> tuple[list[str], np.ndarray]:
        """A document's words and their vectors, embedding only those no indexed document has."""
        began = time.perf_counter()
        words = document_words(texts, self.analyzer)
        known = self.known_words(words) if self.known_words else {}
        vectors = word_vectors(self.embedder, words, known)
        report.words += len(words) - len(known)
        report.word_seconds += time.perf_counter() - began
        return words, vectors


def embedding_text(doc: Document, chunk: Chunk) -> str:
    """What is embedded and BM25-indexed: the chunk with its document and section as context."""
    head = doc.meta.search_title or doc.meta.title
    if chunk.section:
        head = f"{head}\n{chunk.section}"
    return f"{head}\n{chunk.text}"


def embed_key(text: str) -> str:
    """Names an embedding text, so a passage already in the index (with this index's model) is
    not embedded again."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def doc_payload(doc: Document) -> dict[str, object]:
    return {"document": doc.file_name, "title": doc.meta.title, "kind": doc.meta.kind,
            "body": doc.meta.body, "doc_date": doc.meta.date, "aliases": list(doc.meta.aliases)}


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


@dataclass(frozen=True)
class DocStats:
    """What search needs to know of a document beside its points, kept with its page texts."""

    term_counts: dict[str, int]  # in how many of its chunks each term occurs
    dates: tuple[str, ...] | None  # its chunks' dates (None: saved before dates were kept)


def doc_stats(analyzer: DanishAnalyzer, chunks: list[Chunk]) -> DocStats:
    return DocStats(chunk_term_counts(analyzer, chunks), tuple(sorted({c.date for c in chunks if c.date})))


def save_pages(data_dir: Path, doc: Document, stats: DocStats) -> None:
    """The cleaned page texts (what every returned quote is checked against) and the stats."""
    payload = {"doc_id": doc.id, "file_name": doc.file_name, "meta": asdict(doc.meta),
               "pages": [{k: v for k, v in asdict(p).items() if k != "styles"} for p in doc.pages], "term_counts": stats.term_counts,
               "dates": list(stats.dates or ())}
    atomic_write(pages_path(data_dir, doc.id), json.dumps(payload, ensure_ascii=False))


def remove_pages_except(data_dir: Path, keep: set[str]) -> int:
    """Delete page-text files of documents not in ``keep`` (and temp files of an interrupted write)."""
    return remove_unlisted(Path(data_dir) / "documents", keep)


def remove_document_texts(data_dir: Path, doc_id: str) -> None:
    """Delete what is kept of a document beside its points: its page texts and its words."""
    pages_path(data_dir, doc_id).unlink(missing_ok=True)
    words_path(data_dir, doc_id).unlink(missing_ok=True)


def remove_texts_except(data_dir: Path, keep: set[str]) -> int:
    """Delete the page texts and words of documents not in ``keep`` (``remove_document_texts`` for
    every other document, and the temp files of an interrupted write)."""
    return remove_pages_except(data_dir, keep) + remove_words_except(data_dir, keep)


def load_stats(data_dir: Path, doc_id: str) -> DocStats:
    path = pages_path(data_dir, doc_id)
    if not path.exists():
        return DocStats({}, None)
    saved = json.loads(path.read_text(encoding="utf-8"))
    dates = saved.get("dates")
    return DocStats(saved.get("term_counts", {}), tuple(dates) if dates is not None else None)


def load_pages(data_dir: Path, doc_id: str) -> list[dict[str, object]]:
    path = pages_path(data_dir, doc_id)
    if not path.exists():
        return []
    return list(json.loads(path.read_text(encoding="utf-8"))["pages"])
