"""The FastAPI app: thin HTTP layer over ``api.engine.Arkiv``.

Reading:  GET /health, GET /search, POST /ask, GET /documents, GET /documents/{id},
          GET /jobs, GET /jobs/{id} (and the page, see ``api.web``)
Writing:  POST /documents (multipart upload), DELETE /documents/{id}, POST /reindex
          — guarded by ``api.auth``; uploads and re-indexing run as background jobs.
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from typing import Annotated, Any, AsyncIterator

from fastapi import Depends, FastAPI, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from api.answer import Answer
from api.auth import check_writer, write_access
from api.engine import MAX_QUESTION_CHARS, Arkiv
from api.errors import errors, validation_detail
from api.jobs import Jobs
from api.search import Filters, Ranked
from api.settings import Settings
from api.timeline import DEPTH as TIMELINE_DEPTH, timeline_json
from api.uploads import FIELD, Inbox
from api.web import add_web_routes
from index.build import SourceFile
from ingest.errors import (ArkivError, ModelMismatchError, NotFoundError, QueryError, StoreError, StoreLockedError,
                           UploadError, UploadTooLargeError)

_STATUS = {QueryError: 422, NotFoundError: 404, UploadTooLargeError: 413, UploadError: 422,
           StoreLockedError: 503, ModelMismatchError: 409, StoreError: 503}
_DATE = r"^\d{4}-\d{2}-\d{2}$"


class FilterModel(BaseModel):
    """Narrow a search: every field is optional, all given ones must hold."""

    kind: str | None = Field(None, max_length=40, description="Document kind: minutes, agenda, notat, report, status, slides, policy, standard, table, document.")
    body: str | None = Field(None, max_length=200, description="Issuing body, as listed by GET /documents.")
    date_from: str | None = Field(None, pattern=_DATE, description="Meeting/document date from (YYYY-MM-DD, inclusive).")
    date_to: str | None = Field(None, pattern=_DATE, description="Meeting/document date to (YYYY-MM-DD, inclusive).")
    doc_id: str | None = Field(None, max_length=64, description="One document, by the id GET /documents lists.")

    def filters(self) -> Filters | None:
        values = self.model_dump()
        return Filters(**values) if any(values.values()) else None


class BodyFilters(FilterModel):
    # In a JSON body a misspelt filter is refused, not silently ignored (query strings
    # cannot be that strict: they carry q and k beside the filters).
    model_config = ConfigDict(extra="forbid")


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    question: str = Field(..., min_length=1, max_length=MAX_QUESTION_CHARS, description="The question, in Danish or English.")
    k: int = Field(5, ge=1, le=50, description="How many passages to answer from.")
    filters: BodyFilters | None = Field(None, description="Only answer from matching documents.")


def search_results(ranked: list[Ranked]) -> list[dict[str, Any]]:
    return [
        {"text": r.hit.text, "document": r.hit.payload["document"], "title": r.hit.payload["title"],
         "page": r.hit.payload["page_start"], "page_label": r.hit.payload["page_label"],
         "section": r.hit.payload.get("section", ""), "date": r.hit.payload.get("date"),
         "kind": r.hit.payload.get("kind"), "body": r.hit.payload.get("body"),
         "score": round(r.score, 4), "doc_id": r.hit.doc_id}
        for r in ranked
    ]


def answer_json(answer: Answer) -> dict[str, Any]:
    out: dict[str, Any] = {
        "answer": answer.answer, "found": answer.found, "confidence": answer.confidence,
        "citations": [{k: v for k, v in vars(c).items()} for c in answer.citations],
        "history": answer.history,
    }
    if not answer.found:
        # why: which rule refused ("refusal_rule", e.g. FACT_UNSTATED) in a sentence, or "low confidence"
        out["refusal"] = answer.refusal.value if answer.refusal else ""
        out["refusal_rule"] = answer.refusal.name if answer.refusal else ""
        out["related"] = search_results(answer.related)
    return out


def create_app(settings: Settings, arkiv: Arkiv | None = None, ingest_on_start: list[SourceFile] | None = None) -> FastAPI:
    """The app; it opens (and owns) the index unless ``arkiv`` is given.

    ``ingest_on_start``: files to ingest as a job once the server is up (``arkiv serve
    --ingest``), so the page can show the first index being built."""
    inbox = Inbox(settings.data_dir, settings.ingest.max_file_mb * 1024 * 1024, settings.ingest.max_upload_files)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = arkiv is None
        engine_ = arkiv or Arkiv(settings, role=f"arkiv serve on {settings.host}:{settings.port}")
        app.state.arkiv = engine_
        app.state.jobs = Jobs(engine_, after=inbox.discard)
        # Uploads acknowledged before a restart but never ingested come first.
        pending = inbox.pending()
        if pending:
            app.state.jobs.ingest(pending)
        if ingest_on_start:
            app.state.jobs.ingest(ingest_on_start)
        try:
            yield
        finally:
            app.state.jobs.close()
            if owned:
                engine_.close()

    app = FastAPI(title="Arkiv", description="Søgning og svar med kildehenvisninger i danske offentlige dokumenter.",
                  version="0.2.0", lifespan=lifespan)
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST", "DELETE"],
                           allow_headers=["Authorization", "Content-Type"])

    @app.exception_handler(ArkivError)
    async def arkiv_error(request: Request, exc: ArkivError) -> JSONResponse:
        status = next((code for cls, code in _STATUS.items() if isinstance(exc, cls)), 400)
        return JSONResponse({"detail": str(exc)}, status_code=status)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        # One readable sentence naming each bad field, like Arkiv's own errors, plus FastAPI's list.
        return JSONResponse({"detail": validation_detail(exc.errors()), "errors": jsonable_encoder(exc.errors())},
                            status_code=422)

    def engine(request: Request) -> Arkiv:
        return request.app.state.arkiv

    def jobs(request: Request) -> Jobs:
        return request.app.state.jobs

    def writer(request: Request) -> None:
        check_writer(settings, request)

    @app.get("/health")
    def health(request: Request) -> dict[str, Any]:
        active = jobs(request).active()
        return {**engine(request).health(), "ingest": active.to_json() if active else None,
                "writes": write_access(settings)}

    @app.get("/auth", dependencies=[Depends(writer)], responses=errors(401, 403))
    def auth(request: Request) -> dict[str, Any]:
        """Whether this request may write (upload, delete, re-index): 200, else 401/403 with the reason.
        The page checks a token here once before keeping it for the browser session."""
        return {"writes": True}

    @app.get("/search", responses=errors(422, 503))
    def search(request: Request, q: str = Query(..., min_length=1, max_length=MAX_QUESTION_CHARS),
               k: int = Query(10, ge=1, le=50), filters: Annotated[FilterModel, Query()] = FilterModel()
               ) -> dict[str, Any]:
        return {"results": search_results(engine(request).search(q, k, filters=filters.filters()))}

    @app.get("/timeline", responses=errors(422, 503))
    def timeline(request: Request, topic: str = Query(..., min_length=1, max_length=MAX_QUESTION_CHARS),
                 k: int = Query(TIMELINE_DEPTH, ge=1, le=50), filters: Annotated[FilterModel, Query()] = FilterModel()
                 ) -> dict[str, Any]:
        """The course of a matter: every passage that says something dated about ``topic``, in date
        order, one entry per statement with its date, kind, quote and the places it stands."""
        return timeline_json(engine(request).timeline(topic, k, filters=filters.filters()))

    @app.post("/ask", responses=errors(400, 422, 503))
    def ask(request: Request, body: AskRequest) -> dict[str, Any]:
        flt = body.filters.filters() if body.filters else None
        return answer_json(engine(request).ask(body.question, body.k, filters=flt))

    @app.get("/documents")
    def documents(request: Request) -> dict[str, Any]:
        return {"documents": engine(request).documents()}

    @app.get("/documents/{doc_id}", responses=errors(404))
    def document(request: Request, doc_id: str) -> dict[str, Any]:
        return engine(request).document(doc_id)

    @app.post("/documents", status_code=202, dependencies=[Depends(writer)], responses=errors(401, 403, 413, 422),
              openapi_extra={"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
                  "type": "object", "required": [FIELD],
                  "properties": {FIELD: {"type": "array", "items": {"type": "string", "format": "binary"}}}}}}}})
    async def upload(request: Request) -> JSONResponse:
        """Upload one or more PDFs (multipart field ``files``); they are ingested by a background
        job whose progress ``GET /jobs/{id}`` shows. The same file again is a no-op; a changed
        file with the same name replaces the old version."""
        received = await inbox.receive(request.headers.get("content-type"), request.headers.get("content-length"),
                                       request.stream())
        job = jobs(request).ingest([inbox.source(r) for r in received])
        return JSONResponse({"job": job.to_json(), "files": [r.to_json() for r in received]}, status_code=202,
                            headers={"Location": f"/jobs/{job.id}"})

    @app.delete("/documents/{doc_id}", dependencies=[Depends(writer)], responses=errors(401, 403, 404))
    def delete(request: Request, doc_id: str) -> dict[str, Any]:
        """Delete a document: its passages leave search and answers at once."""
        return {"deleted": vars(engine(request).delete(doc_id))}

    @app.post("/reindex", status_code=202, dependencies=[Depends(writer)], responses=errors(401, 403))
    def reindex(request: Request) -> JSONResponse:
        """Re-ingest every kept document (after a change of chunking or cleaning settings)."""
        arkiv_ = engine(request)
        sources = [SourceFile(arkiv_.files.path(d["sha256"]), d["file_name"]) for d in arkiv_.documents()]
        job = jobs(request).ingest(sources, kind="reindex")
        return JSONResponse({"job": job.to_json()}, status_code=202, headers={"Location": f"/jobs/{job.id}"})

    @app.get("/jobs")
    def job_list(request: Request) -> dict[str, Any]:
        return {"jobs": [j.to_json() for j in jobs(request).all()]}

    @app.get("/jobs/{job_id}", responses=errors(404))
    def job(request: Request, job_id: str) -> dict[str, Any]:
        return jobs(request).get(job_id).to_json()

    add_web_routes(app)
    return app
