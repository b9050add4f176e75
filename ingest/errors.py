"""Every error Arkiv raises on purpose, as one tree.

    ArkivError
    ├─ IngestError            a file could not be turned into a Document
    │  ├─ NotAPDFError        the bytes are not a PDF (renamed .txt, HTML, ZIP, empty file)
    │  ├─ PDFReadError        pypdf could not parse it (truncated, damaged)
    │  ├─ EncryptedPDFError   the PDF needs a password
    │  ├─ EmptyDocumentError  no text layer (scanned) or no text at all
    │  └─ FileTooLargeError   over the configured upload limit
    ├─ StoreError             the index cannot be opened or written
    │  ├─ StoreLockedError    another process holds the embedded index
    │  └─ ModelMismatchError  the index was built with another embedding model
    ├─ EmbeddingError         the embedding model could not be loaded or run
    ├─ QueryError             a question or its parameters are not acceptable
    ├─ NotFoundError          no such document or job
    ├─ SettingsError          an ARKIV_* variable holds a value outside its choices or range
    └─ UploadError            an upload is refused before anything is stored
       └─ UploadTooLargeError over the configured size limit (stopped while streaming)

Library errors (pypdf, qdrant-client) are mapped onto this tree where they are
raised, so callers, the CLI and the API only ever catch ``ArkivError``.
"""

from __future__ import annotations

from pathlib import Path


class ArkivError(Exception):
    """Base class: the message is written for the person who has to act on it."""


class IngestError(ArkivError):
    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{Path(self.path).name}: {reason}")


class NotAPDFError(IngestError):
    pass


class PDFReadError(IngestError):
    pass


class EncryptedPDFError(IngestError):
    pass


class EmptyDocumentError(IngestError):
    pass


class FileTooLargeError(IngestError):
    pass


class StoreError(ArkivError):
    pass


class StoreLockedError(StoreError):
    pass


class ModelMismatchError(StoreError):
    pass


class EmbeddingError(ArkivError):
    pass


class QueryError(ArkivError):
    pass


class NotFoundError(ArkivError):
    pass


class UploadError(ArkivError):
    pass


class UploadTooLargeError(UploadError):
    pass


class SettingsError(ArkivError):
    pass
