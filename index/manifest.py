"""Which documents are indexed, with which model: the source of idempotence.

The manifest is one JSON file written atomically (temp file + rename). Search
only sees points whose ``doc_id`` is listed here, so swapping a document's
entry is the moment a new version becomes visible and the old one disappears:
a crash before the swap leaves the old version, after it the new one.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

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

    def save(self) -> None:
        payload = {"model": self.model, "dim": self.dim,
                   "documents": {k: asdict(v) for k, v in sorted(self.documents.items())}}
        atomic_write(self.path, json.dumps(payload, ensure_ascii=False, indent=1))

    def by_sha(self, sha256: str) -> DocumentEntry | None:
        return next((d for d in self.documents.values() if d.sha256 == sha256), None)

    def by_file_name(self, file_name: str) -> DocumentEntry | None:
        return next((d for d in self.documents.values() if d.file_name == file_name), None)

    def active_ids(self) -> list[str]:
        return sorted(self.documents)


def atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
