"""The web page: one static HTML page over the JSON API, plus two routes it needs.

``add_web_routes(app)`` adds
  GET /                                   the page (api/static/index.html)
  GET /static/...                         its script and style sheet, and pdf.js (static/pdfjs,
                                          vendored from the npm registry by scripts/vendor-pdfjs.sh)
  GET /documents/{doc_id}/pages/{number}  one cleaned page text, for showing a citation in context
  GET /documents/{doc_id}/file            the original PDF, found through the manifest

Everything is served locally: the page loads nothing from other hosts.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from api.errors import errors
from ingest.errors import NotFoundError

STATIC_DIR = Path(__file__).parent / "static"

# The page may only talk to its own origin; no inline scripts, no other hosts. pdf.js (vendored
# under static/pdfjs) runs its parser in a worker from this origin and compiles its image
# decoders from WebAssembly ('wasm-unsafe-eval' allows wasm only, not eval of scripts).
_CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; style-src 'self'; "
        "img-src 'self' data:; connect-src 'self'; object-src 'none'; "
        "base-uri 'none'; frame-ancestors 'self'; form-action 'self'")

# pdf.js ships as ES modules; a browser runs a module only when it is served as JavaScript,
# and not every system's MIME table knows ".mjs".
mimetypes.add_type("text/javascript", ".mjs")


def _document(request: Request, doc_id: str) -> Any:
    entry = request.app.state.arkiv.manifest.documents.get(doc_id)
    if entry is None:
        raise HTTPException(404, f"Ukendt dokument / unknown document: {doc_id!r}")
    return entry


def add_web_routes(app: FastAPI) -> None:
    if getattr(app.state, "web_routes", False):
        return  # already added (create_app may call this; so may a test)
    app.state.web_routes = True
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html", media_type="text/html; charset=utf-8",
                            headers={"Content-Security-Policy": _CSP, "X-Content-Type-Options": "nosniff",
                                     "Cache-Control": "no-cache"})

    @app.get("/documents/{doc_id}/pages/{number}", responses=errors(404, 422))
    def document_page(request: Request, doc_id: str, number: int) -> dict[str, Any]:
        """One page of a document's cleaned text (the text quotes are verified against)."""
        entry = _document(request, doc_id)
        pages = request.app.state.arkiv.pages(doc_id)
        page = next((p for p in pages if int(p["number"]) == number), None)
        if page is None:
            raise HTTPException(404, f"Siden findes ikke / no such page: {doc_id!r} has pages 1–{len(pages)}, not {number}")
        return {"doc_id": doc_id, "title": entry.title, "file_name": entry.file_name, "page": int(page["number"]),
                "label": str(page["label"]), "text": page["text"], "pages": len(pages)}

    @app.get("/documents/{doc_id}/file", response_class=FileResponse, responses={
        200: {"content": {"application/pdf": {}}, "description": "The PDF."}, **errors(404, 422)})
    def document_file(request: Request, doc_id: str) -> FileResponse:
        """The original PDF, kept under the data dir by content hash (older indexes: the corpus copy).
        The path comes from the manifest's hash, never from the request."""
        entry = _document(request, doc_id)
        arkiv = request.app.state.arkiv
        try:
            path = arkiv.stored_file(doc_id)
        except NotFoundError:
            corpus = Path(arkiv.settings.corpus_dir).resolve()
            path = (corpus / Path(entry.file_name).name).resolve()
            if path.parent != corpus or not path.is_file():
                raise HTTPException(404, f"PDF-filen findes ikke længere / the PDF is missing: {entry.file_name}")
        return FileResponse(path, media_type="application/pdf", filename=entry.file_name,
                            content_disposition_type="inline")
