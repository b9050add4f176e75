"""The original PDFs, kept under the data dir by content hash.

``data/files/<sha256>.pdf`` is the only place a stored file lives: the name a
user gave the file is metadata in the manifest and never becomes a path, so an
upload called ``../../etc/passwd.pdf`` cannot write or read outside this folder.
Keeping the bytes makes the index self-contained: the page can serve the PDF a
citation points into even after the uploaded or corpus copy is gone.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from index.manifest import atomic_output

_SHA = re.compile(r"[0-9a-f]{64}")


class FileStore:
    def __init__(self, data_dir: Path) -> None:
        self.root = Path(data_dir) / "files"

    def path(self, sha256: str) -> Path:
        if not _SHA.fullmatch(sha256):
            raise ValueError(f"not a sha256 hex digest: {sha256!r}")
        return self.root / f"{sha256}.pdf"

    def keep(self, source: Path, sha256: str) -> Path:
        """Copy ``source`` in (temp file, fsync, rename) unless that content is already kept."""
        target = self.path(sha256)
        if target.is_file():
            return target
        with atomic_output(target) as out, Path(source).open("rb") as src:
            shutil.copyfileobj(src, out, 1024 * 1024)
        return target

    def remove(self, sha256: str) -> None:
        self.path(sha256).unlink(missing_ok=True)

    def remove_except(self, keep: set[str]) -> int:
        """Delete kept files (and temp files of an interrupted copy) whose hash is not in ``keep``."""
        if not self.root.is_dir():
            return 0
        removed = 0
        for path in self.root.iterdir():
            stray = path.name.startswith(".") or (path.suffix == ".pdf" and path.stem not in keep)  # . : a temp file
            if stray and path.is_file():
                path.unlink(missing_ok=True)
                removed += 1
        return removed
