"""Which documents are indexed, with which model: the source of idempotence.

The manifest is one JSON file written atomically (temp file + rename). Search
only sees points whose ``doc_id`` is listed here, so swapping a document's
entry is the moment a new version becomes visible and the old one disappears:
a crash before the swap leaves the old version, after it the new one.

``switch()`` is the only way entries change. It writes the new state to disk
first and then replaces the in-memory ``documents`` dict as a whole (never
mutating it), so a request thread reading the manifest while an ingest or a
delete runs sees either the old dict or the new one, never one half-changed.
"""

from __future__ import annotations

import json
import os
import tempfile
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Iterator

from ingest.errors import StoreError


@dataclass
class DocumentEntry:
    doc_id: str
    file_name: str
    sha256: str
    title: str
    kind: str
    body: str
    date: str | None
    pages: int
    chunks: int
    ingested_at: str
    config: str  # the chunking/model config hash the chunks were made with
    # where title, body, kind and date came from ("text", "layout", "metadata", "file name", "none")
    sources: dict[str, str] = field(default_factory=dict)
    sections: int = 0  # sections found under headings (0: no structure found)
    headings: list[str] = field(default_factory=list)  # the first top-level headings
    tables: int = 0  # tables read as rows


@dataclass
class Manifest:
    path: Path
    model: str = ""
    dim: int = 0
    documents: dict[str, DocumentEntry] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> "Manifest":
        if not path.exists():
            return cls(path=path)
        try:
            data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
            docs = {k: DocumentEntry(**v) for k, v in data.get("documents", {}).items()}
        except (json.JSONDecodeError, TypeError, UnicodeDecodeError) as exc:
            raise StoreError(f"the manifest {path} is damaged ({exc}); delete the data directory and run `arkiv ingest` again") from exc
        return cls(path=path, model=data.get("model", ""), dim=int(data.get("dim", 0)), documents=docs)

    def switch(self, add: DocumentEntry | None = None, remove: tuple[str, ...] | list[str] = ()) -> None:
        """Add ``add`` and drop the ``remove`` ids in one atomic step (disk, then memory)."""
        documents = {k: v for k, v in self.documents.items() if k not in remove}
        if add is not None:
            documents[add.doc_id] = add
        self._write(documents)
        self.documents = documents

    def save(self) -> None:
        self._write(self.documents)

    def _write(self, documents: dict[str, DocumentEntry]) -> None:
        payload = {"model": self.model, "dim": self.dim,
                   "documents": {k: asdict(v) for k, v in sorted(documents.items())}}
        atomic_write(self.path, json.dumps(payload, ensure_ascii=False, indent=1))

    def by_sha(self, sha256: str) -> DocumentEntry | None:
        return next((d for d in self.documents.values() if d.sha256 == sha256), None)

    def by_file_name(self, file_name: str) -> DocumentEntry | None:
        return next((d for d in self.documents.values() if d.file_name == file_name), None)

    def active_ids(self) -> list[str]:
        return sorted(self.documents)


@contextmanager
def atomic_output(path: Path) -> Iterator[BinaryIO]:
    """Write ``path`` all or nothing: into a temp file beside it, fsync, then rename over it.
    A crash leaves the old file (or none) and at worst a hidden ``.*.tmp`` file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write(path: Path, text: str) -> None:
    with atomic_output(path) as handle:
        handle.write(text.encode("utf-8"))


def remove_unlisted(folder: Path, keep: set[str]) -> int:
    """Delete the files of ``folder`` named for a document not in ``keep`` (their stem is its id),
    and the hidden temp files of an interrupted ``atomic_output``."""
    if not folder.is_dir():
        return 0
    stray = [p for p in folder.iterdir() if p.is_file() and (p.name.startswith(".") or p.stem not in keep)]
    for path in stray:
        path.unlink(missing_ok=True)
    return len(stray)
