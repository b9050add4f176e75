"""Re-index the whole archive from its kept PDFs: after switching the embedding model, or to
apply a new version's reading of the documents to all of them at once.

The new index is built in a folder beside the data dir and swapped in only when every kept PDF
went through; until then the old index is untouched and a failure leaves it as it was.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Callable

from api.settings import Settings
from index.build import IngestReport, SourceFile
from index.files import FileStore
from index.manifest import Manifest
from index.store import Store
from ingest.errors import StoreError


def rebuild(settings: Settings, progress: Callable[[int, int], None] | None = None, embedder=None) -> IngestReport:
    from api.engine import Arkiv

    if settings.qdrant_url:
        raise StoreError("`arkiv ingest --rebuild` rebuilds the embedded index; on a Qdrant server delete the "
                         "collection arkiv_chunks and run `arkiv ingest` with the PDFs again")
    data = Path(settings.data_dir)
    manifest = Manifest.load(data / "manifest.json")
    if not manifest.documents:
        raise StoreError(f"there is nothing to rebuild in {data}: no document has been ingested there")
    files = FileStore(data)
    sources = [SourceFile(files.path(e.sha256), e.file_name) for e in manifest.documents.values()]
    missing = [s.name for s in sources if not s.path.is_file()]
    if missing:
        raise StoreError(f"the kept PDFs of {', '.join(sorted(missing))} are missing from {files.root}; "
                         "ingest those files again from where you have them, then rebuild")
    previous = Store.open(data, role="arkiv ingest --rebuild (reading)")  # refuses while a server holds it
    fresh, old = data.with_name(data.name + ".rebuild"), data.with_name(data.name + ".old")
    shutil.rmtree(fresh, ignore_errors=True)
    try:
        try:
            with Arkiv(settings.model_copy(update={"data_dir": fresh}), embedder=embedder,
                       role="arkiv ingest --rebuild") as arkiv:
                # With the same model a passage whose text did not change keeps its vector: a new
                # version's reading of the documents costs minutes, not the hours of embedding them all.
                same_model = manifest.model == arkiv.embedder.name
                report = arkiv.ingest(sources, progress, elsewhere=previous if same_model else None)
        finally:
            previous.close()  # released before the swap below renames its folder
        if report.skipped:
            raise StoreError("not rebuilt, the index is unchanged: " + "; ".join(f"{f.path}: {f.reason}" for f in report.skipped))
        if (data / "uploads").is_dir():  # uploads waiting for the server's next start
            shutil.move(str(data / "uploads"), str(fresh / "uploads"))
        shutil.rmtree(old, ignore_errors=True)
        data.rename(old)
        try:
            fresh.rename(data)
        except OSError:
            old.rename(data)  # the swap failed half-way: put the old index back before the new one goes
            raise
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
    return report
