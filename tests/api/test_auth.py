"""Who may write: bearer token on upload/delete/re-index, loopback-only without one, reads open, no CORS."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.auth import is_loopback
from api.engine import Arkiv

TOKEN = "s3kret-token-0123456789"


def client_for(arkiv: Arkiv, **settings: object) -> TestClient:
    return TestClient(create_app(arkiv.settings.model_copy(update=settings), arkiv))


# Each write request is built so that, once allowed, it fails harmlessly (no upload body,
# an unknown id): the session index is shared with other tests.
WRITES = [("post", "/documents"), ("delete", "/documents/0000000000000000"), ("post", "/reindex"), ("get", "/auth")]


@pytest.mark.parametrize("method, path", WRITES)
def test_write_without_the_token_is_401(arkiv: Arkiv, method: str, path: str) -> None:
    from pydantic import SecretStr

    with client_for(arkiv, api_token=SecretStr(TOKEN)) as client:
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}, {"Authorization": f"Basic {TOKEN}"}):
            response = client.request(method, path, headers=headers)
            assert response.status_code == 401, (headers, response.text)
            assert response.headers["www-authenticate"] == "Bearer" and "ARKIV_API_TOKEN" in response.json()["detail"]


def test_write_with_the_token_passes(arkiv: Arkiv) -> None:
    from pydantic import SecretStr

    with client_for(arkiv, api_token=SecretStr(TOKEN)) as client:
        auth = {"Authorization": f"Bearer {TOKEN}"}
        assert client.post("/documents", headers=auth).status_code == 422  # past the guard: no files sent
        assert client.delete("/documents/0000000000000000", headers=auth).status_code == 404


@pytest.mark.parametrize("method, path", WRITES)
def test_without_a_token_writes_are_off_unless_the_server_is_on_loopback(arkiv: Arkiv, method: str, path: str) -> None:
    with client_for(arkiv, host="0.0.0.0", api_token=None) as client:
        response = client.request(method, path)
        assert response.status_code == 403 and "ARKIV_API_TOKEN" in response.json()["detail"]
    if path != "/reindex":  # (a re-index would run on the shared session index)
        with client_for(arkiv, host="127.0.0.1", api_token=None) as client:
            assert client.request(method, path).status_code in (200, 404, 422)  # past the guard


def test_reads_stay_open_when_a_token_is_set(arkiv: Arkiv) -> None:
    from pydantic import SecretStr

    with client_for(arkiv, host="0.0.0.0", api_token=SecretStr(TOKEN)) as client:
        assert client.get("/search", params={"q": "akuttelefon"}).status_code == 200
        assert client.post("/ask", json={"question": "akuttelefon"}).status_code == 200
        assert client.get("/documents").status_code == 200 and client.get("/health").status_code == 200


def test_cors_is_off_by_default_and_on_for_configured_origins(arkiv: Arkiv) -> None:
    origin = {"Origin": "https://intranet.example"}
    with client_for(arkiv) as client:
        assert "access-control-allow-origin" not in client.get("/health", headers=origin).headers
    with client_for(arkiv, cors_origins=["https://intranet.example"]) as client:
        assert client.get("/health", headers=origin).headers["access-control-allow-origin"] == "https://intranet.example"


@pytest.mark.parametrize("host, loopback", [("127.0.0.1", True), ("localhost", True), ("::1", True),
                                            ("0.0.0.0", False), ("192.168.1.5", False), ("example.org", False)])
def test_loopback_addresses(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


@pytest.mark.parametrize("settings, mode", [
    ({"api_token": TOKEN}, "token"), ({"api_token": TOKEN, "host": "0.0.0.0"}, "token"),
    ({"api_token": None, "host": "127.0.0.1"}, "open"), ({"api_token": None, "host": "0.0.0.0"}, "off")])
def test_health_tells_the_page_how_it_may_write(arkiv: Arkiv, settings: dict, mode: str) -> None:
    from pydantic import SecretStr

    if settings.get("api_token"):
        settings = {**settings, "api_token": SecretStr(settings["api_token"])}
    with client_for(arkiv, **settings) as client:
        assert client.get("/health").json()["writes"] == mode
        auth = client.get("/auth", headers={"Authorization": f"Bearer {TOKEN}"})
        assert auth.status_code == {"token": 200, "open": 200, "off": 403}[mode]
