"""The shape of every error the HTTP API answers, and its OpenAPI description."""

from __future__ import annotations

from typing import Any, Sequence

from pydantic import BaseModel


class ErrorResponse(BaseModel):
    """Every error has this shape: ``detail`` says in one sentence what is wrong and what to
    do; a request that fails validation also lists its ``errors`` field by field."""

    detail: str
    errors: list[dict[str, Any]] | None = None


_MEANING = {400: "The request body could not be read (not UTF-8 / not JSON).",
            401: "The write endpoints need 'Authorization: Bearer <ARKIV_API_TOKEN>'.",
            403: "Writing is switched off: no ARKIV_API_TOKEN and the server is not on loopback.",
            404: "No such document, page or job.", 409: "The index was built with another embedding model.",
            413: "The upload is over the size limit.", 422: "A parameter, field or uploaded file is not acceptable.",
            503: "The index is not available (locked by another process or the Qdrant server is unreachable)."}


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` for the error statuses a route can answer."""
    return {code: {"model": ErrorResponse, "description": _MEANING[code]} for code in codes}


def validation_detail(found: Sequence[Any]) -> str:
    """FastAPI's validation errors as one sentence naming each bad field."""
    parts = [f"{_field(e.get('loc', ()))}: {e.get('msg', 'invalid')}" for e in found[:5]]
    return "; ".join(parts) or "the request is not valid"


def _field(loc: Sequence[Any]) -> str:
    where = {"query": "query parameter", "body": "field", "path": "path parameter", "header": "header"}
    parts = [str(x) for x in loc]
    if parts and parts[0] in where:
        return f"{where[parts[0]]} '{'.'.join(parts[1:]) or 'body'}'"
    return f"'{'.'.join(parts)}'"
