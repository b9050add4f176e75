"""The FastAPI app: thin HTTP layer over ``api.engine.Arkiv``."""

from __future__ import annotations

from contextlib import asynccontextmanager
from typing import Any, AsyncIterator

from fastapi import FastAPI, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from api.answer import Answer
from api.engine import MAX_QUESTION_CHARS, Arkiv
from api.search import Ranked
from api.settings import Settings
from api.web import add_web_routes
from ingest.errors import ArkivError, ModelMismatchError, QueryError, StoreError, StoreLockedError

_STATUS = {QueryError: 422, StoreLockedError: 503, ModelMismatchError: 409, StoreError: 503}


class AskRequest(BaseModel):
    question: str = Field(..., min_length=1, max_length=MAX_QUESTION_CHARS, description="The question, in Danish or English.")
    k: int = Field(5, ge=1, le=50, description="How many passages to answer from.")


def search_results(ranked: list[Ranked]) -> list[dict[str, Any]]:
    return [
        {"text": r.hit.text, "document": r.hit.payload["document"], "title": r.hit.payload["title"],
         "page": r.hit.payload["page_start"], "page_label": r.hit.payload["page_label"],
         "section": r.hit.payload.get("section", ""), "date": r.hit.payload.get("date"),
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
        out["related"] = search_results(answer.related)
    return out


def create_app(settings: Settings, arkiv: Arkiv | None = None) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = arkiv is None
        app.state.arkiv = arkiv or Arkiv(settings, role=f"arkiv serve on {settings.host}:{settings.port}")
        try:
            yield
        finally:
            if owned:
                app.state.arkiv.close()

    app = FastAPI(title="Arkiv", description="Søgning og svar med kildehenvisninger i danske psykiatridokumenter.",
                  version="0.1.0", lifespan=lifespan)

    @app.exception_handler(ArkivError)
    async def arkiv_error(request: Request, exc: ArkivError) -> JSONResponse:
        status = next((code for cls, code in _STATUS.items() if isinstance(exc, cls)), 400)
        return JSONResponse({"detail": str(exc)}, status_code=status)

    def engine(request: Request) -> Arkiv:
        return request.app.state.arkiv

    @app.get("/health")
    def health(request: Request) -> dict[str, Any]:
        return engine(request).health()

    @app.get("/search")
    def search(request: Request, q: str = Query(..., min_length=1, max_length=MAX_QUESTION_CHARS),
               k: int = Query(10, ge=1, le=50)) -> dict[str, Any]:
        return {"results": search_results(engine(request).search(q, k))}

    @app.post("/ask")
    def ask(request: Request, body: AskRequest) -> dict[str, Any]:
        return answer_json(engine(request).ask(body.question, body.k))

    @app.get("/documents")
    def documents(request: Request) -> dict[str, Any]:
        return {"documents": engine(request).documents()}

    add_web_routes(app)
    return app
