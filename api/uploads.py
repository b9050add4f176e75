"""Uploaded PDFs: streamed from the request to disk, then waiting for ingest.

A multipart body is parsed as it arrives (python-multipart's push parser), each
file part written to a temp file under ``data/uploads`` while its size and
SHA-256 are counted, so a 200 MB upload is refused after the first bytes over
the limit, not after it has been read into memory or spooled whole to /tmp.

An accepted file waits as ``data/uploads/<sha256 prefix>-<random>.pdf`` with a
small JSON file beside it holding the name the user gave it. It stays there until an ingest has
dealt with it, so an upload acknowledged with 202 survives a server restart:
``Inbox.pending()`` lists what the next start-up must still ingest. The given
name is checked and kept as metadata only; it never becomes a path.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
import unicodedata
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, AsyncIterator

from python_multipart.multipart import MultipartParser, parse_options_header

from index.build import SourceFile
from index.manifest import atomic_write
from ingest.errors import NotAPDFError, UploadError, UploadTooLargeError
from ingest.pdf import HEAD_BYTES, check_pdf_head

FIELD = "files"  # the multipart field name that carries the PDFs
_MAX_NAME_BYTES = 255
_MAX_TEXT_FIELD = 64 * 1024  # other form fields are ignored, but not read without bound


def check_file_name(name: str) -> str:
    """The file name as given, if it is a plain name; otherwise an ``UploadError`` saying why."""
    shown = repr(name)[:120]
    if not name or not name.strip():
        raise UploadError(f"upload field '{FIELD}': a file has no name; send each PDF with its file name")
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in name):
        raise UploadError(f"upload field '{FIELD}': the file name {shown} contains control characters; rename the file")
    if "/" in name or "\\" in name or name in (".", "..") or name.startswith("."):
        raise UploadError(f"upload field '{FIELD}': the file name {shown} is a path or a hidden name; "
                          "send the bare file name, e.g. 'referat-2024-11-08.pdf'")
    if len(name.encode("utf-8")) > _MAX_NAME_BYTES:
        raise UploadError(f"upload field '{FIELD}': the file name is longer than {_MAX_NAME_BYTES} bytes; shorten it")
    return unicodedata.normalize("NFC", name)


@dataclass(frozen=True)
class Received:
    name: str
    sha256: str
    size: int
    waiting_as: str  # its file name in data/uploads: one per upload, so two uploads of the same
    # bytes (e.g. under two names) each keep their copy until their own job is done with it

    def to_json(self) -> dict[str, object]:
        return {"name": self.name, "sha256": self.sha256, "size": self.size}


@dataclass
class _Part:
    headers: dict[str, str] = field(default_factory=dict)
    name: str | None = None  # the file name; None for a plain form field
    handle: IO[bytes] | None = None
    temp: Path | None = None
    size: int = 0
    head: bytes = b""  # the first bytes, to refuse what is not a PDF before keeping it
    digest: "hashlib._Hash" = field(default_factory=hashlib.sha256)


class Inbox:
    def __init__(self, data_dir: Path, max_file_bytes: int, max_files: int = 20) -> None:
        self.root = Path(data_dir) / "uploads"
        self.max_file_bytes = max_file_bytes
        self.max_files = max_files

    # ------------------------------------------------------------------ receiving
    async def receive(self, content_type: str | None, content_length: str | None,
                      body: AsyncIterator[bytes]) -> list[Received]:
        """Stream a multipart body to disk; every accepted file ends up pending.

        Nothing is kept unless the whole body is accepted: one bad part refuses all.
        """
        kind, params = parse_options_header(content_type or "")
        boundary = params.get(b"boundary")
        if kind != b"multipart/form-data" or not boundary:
            raise UploadError(f"send the PDFs as multipart/form-data in the field '{FIELD}', "
                              "e.g. curl -F files=@referat.pdf http://127.0.0.1:8000/documents")
        limit = self.max_file_bytes * self.max_files + 1024 * 1024
        if content_length and content_length.isdigit() and int(content_length) > limit:
            raise self._too_large(None, int(content_length))
        self.root.mkdir(parents=True, exist_ok=True)
        parts: list[_Part] = []
        state = {"field": b"", "value": b""}

        def on_part_begin() -> None:
            parts.append(_Part())

        def on_header_field(data: bytes, start: int, end: int) -> None:
            state["field"] += data[start:end]

        def on_header_value(data: bytes, start: int, end: int) -> None:
            state["value"] += data[start:end]

        def on_header_end() -> None:
            # Latin-1 keeps the raw bytes: the file name's UTF-8 is decoded once it is parsed out.
            parts[-1].headers[state["field"].decode("latin-1").lower()] = state["value"].decode("latin-1")
            state["field"], state["value"] = b"", b""

        def on_headers_finished() -> None:
            part = parts[-1]
            _, disposition = parse_options_header(part.headers.get("content-disposition", ""))
            if disposition.get(b"name", b"").decode("utf-8", "replace") != FIELD or b"filename" not in disposition:
                return  # another form field: read and dropped below
            if sum(1 for p in parts if p.name is not None) >= self.max_files:
                raise UploadError(f"upload field '{FIELD}': more than {self.max_files} files in one request; "
                                  "send them in several requests")
            part.name = check_file_name(disposition[b"filename"].decode("utf-8", "replace"))
            fd, temp = tempfile.mkstemp(dir=self.root, prefix=".receiving.", suffix=".tmp")
            part.handle, part.temp = os.fdopen(fd, "wb"), Path(temp)

        def on_part_data(data: bytes, start: int, end: int) -> None:
            part = parts[-1]
            part.size += end - start
            if part.handle is None:
                if part.size > _MAX_TEXT_FIELD:
                    raise UploadError("a form field other than 'files' is larger than 64 KB; send only the PDFs")
                return
            if part.size > self.max_file_bytes:
                raise self._too_large(part.name, part.size)
            chunk = data[start:end]
            if len(part.head) < HEAD_BYTES:
                part.head += chunk[: HEAD_BYTES - len(part.head)]
            part.digest.update(chunk)
            part.handle.write(chunk)

        def on_part_end() -> None:
            if parts[-1].handle is not None:
                parts[-1].handle.close()

        parser = MultipartParser(boundary, {
            "on_part_begin": on_part_begin, "on_header_field": on_header_field,
            "on_header_value": on_header_value, "on_header_end": on_header_end,
            "on_headers_finished": on_headers_finished, "on_part_data": on_part_data,
            "on_part_end": on_part_end,
        })
        try:
            async for chunk in body:
                parser.write(chunk)
            parser.finalize()
            files = [p for p in parts if p.name is not None]
            if not files:
                raise UploadError(f"no file in the upload: send one or more PDFs in the field '{FIELD}'")
            for part in files:  # all checked before any is kept: one bad file refuses the request
                try:
                    check_pdf_head(part.name or "", part.head)
                except NotAPDFError as exc:
                    raise UploadError(f"upload field '{FIELD}': {exc}") from exc
            return [self._keep(p) for p in files]
        except UploadError:
            raise
        except Exception as exc:  # python-multipart's parse errors: a malformed body
            raise UploadError(f"the upload is not a well-formed multipart body ({exc}); "
                              f"send the PDFs with curl -F {FIELD}=@file.pdf or an HTML form") from exc
        finally:
            for part in parts:
                if part.handle is not None and not part.handle.closed:
                    part.handle.close()
                if part.temp is not None:
                    part.temp.unlink(missing_ok=True)

    def _too_large(self, name: str | None, size: int) -> UploadTooLargeError:
        limit = self.max_file_bytes / 1e6
        what = f"the file {name!r}" if name else "the upload"
        return UploadTooLargeError(f"{what} is larger than the limit of {limit:.0f} MB per file (at least "
                                   f"{size / 1e6:.0f} MB); split it or raise ARKIV_INGEST__MAX_FILE_MB")

    def _keep(self, part: _Part) -> Received:
        assert part.temp is not None and part.name is not None
        sha = part.digest.hexdigest()
        stem = f"{sha[:16]}-{uuid.uuid4().hex[:8]}"
        note = {"name": part.name, "sha256": sha, "size": part.size, "received": time.strftime("%Y-%m-%dT%H:%M:%S")}
        # The note first, the PDF last: pending() takes a pair only once the PDF is in place.
        atomic_write(self.root / f"{stem}.json", json.dumps(note, ensure_ascii=False))
        os.replace(part.temp, self.root / f"{stem}.pdf")
        part.temp = None
        return Received(part.name, sha, part.size, f"{stem}.pdf")

    # ------------------------------------------------------------------ waiting
    def source(self, received: Received) -> SourceFile:
        return SourceFile(self.root / received.waiting_as, received.name)

    def pending(self) -> list[SourceFile]:
        """Accepted uploads no ingest has finished with (e.g. the server stopped first)."""
        if not self.root.is_dir():
            return []
        out = []
        for note in sorted(self.root.glob("*.json")):
            pdf = note.with_suffix(".pdf")
            try:
                name = json.loads(note.read_text(encoding="utf-8"))["name"]
            except (OSError, ValueError, KeyError):
                name = None
            if pdf.is_file() and name:
                out.append(SourceFile(pdf, name))
            else:  # half of a pair: an upload interrupted before it was acknowledged
                note.unlink(missing_ok=True)
        for stray in [*self.root.glob(".*.tmp"), *self.root.glob("*.pdf")]:
            if stray.suffix == ".tmp" or not stray.with_suffix(".json").exists():
                stray.unlink(missing_ok=True)
        return out

    def discard(self, source: SourceFile) -> None:
        if source.path.parent == self.root:
            source.path.unlink(missing_ok=True)
            source.path.with_suffix(".json").unlink(missing_ok=True)
