"""An empty index of its own per test, and a client on it, for tests that change documents."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.engine import Arkiv
from api.settings import Settings


@pytest.fixture()
def empty_settings(tmp_path: Path) -> Settings:
    """Override in a test module to change the settings of ``empty`` (e.g. the upload limit)."""
    return Settings(data_dir=tmp_path / "data")


@pytest.fixture()
def empty(empty_settings: Settings, embedder) -> Arkiv:
    engine = Arkiv(empty_settings, embedder=embedder)
    yield engine
    engine.close()


@pytest.fixture()
def client(empty: Arkiv) -> TestClient:
    with TestClient(create_app(empty.settings, empty)) as c:
        yield c
