"""Who may change the index: the write endpoints' guard.

Reading (search, ask, documents, the page) is open. Writing (upload, delete,
re-index) needs ``Authorization: Bearer <ARKIV_API_TOKEN>``. With no token set,
writing is allowed only when the server listens on a loopback address, where
only this machine can reach it; on any other address it is switched off rather
than left open.
"""

from __future__ import annotations

import hmac
import ipaddress

from fastapi import HTTPException, Request

from api.settings import Settings


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def write_access(settings: Settings) -> str:
    """How this server lets a page write: "token" (ask the user for ARKIV_API_TOKEN), "open"
    (no token, loopback only) or "off" (no token on a reachable address: the page hides writes)."""
    if settings.api_token and settings.api_token.get_secret_value():
        return "token"
    return "open" if is_loopback(settings.host) else "off"


def check_writer(settings: Settings, request: Request) -> None:
    """Raise 401/403 unless this request may write."""
    access = write_access(settings)
    if access == "open":
        return
    if access == "off":
        raise HTTPException(403, f"write endpoints are switched off: the server listens on {settings.host} and no "
                                 "ARKIV_API_TOKEN is set. Set ARKIV_API_TOKEN and send 'Authorization: Bearer "
                                 "<token>', or serve on 127.0.0.1")
    token = settings.api_token.get_secret_value() if settings.api_token else ""
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    # compare_digest takes the same time wherever the strings differ: the token cannot be guessed byte by byte.
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise HTTPException(401, "this endpoint changes the index: send 'Authorization: Bearer <ARKIV_API_TOKEN>'",
                            headers={"WWW-Authenticate": "Bearer"})
