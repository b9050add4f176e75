"""The scale benchmark keeps working: a 1,000-chunk synthetic index built from the fixture index
opens as a consistent archive and answers (the figures themselves belong to `python -m evals.scale`)."""

from __future__ import annotations

from pathlib import Path

from api.engine import Arkiv
from evals.scale import SYNTHETIC, build, load_source, run_size
from index.manifest import Manifest


def test_a_synthetic_index_of_1000_chunks_is_a_consistent_archive(arkiv: Arkiv, tmp_path: Path) -> None:
    source = load_source(arkiv.data_dir, store=arkiv.store)
    report = build(source, tmp_path / "built", 1000)
    assert 1000 <= report.chunks < 1000 + max(len(p) for p in source.points.values())
    manifest = Manifest.load(tmp_path / "built" / "manifest.json")
    assert sum(e.chunks for e in manifest.documents.values()) == report.chunks
    copies = [e for e in manifest.documents.values() if SYNTHETIC in e.title]
    assert copies and all(e.file_name.startswith("syntetisk-") for e in copies)  # marked as synthetic
    assert len({e.doc_id for e in manifest.documents.values()}) == len(manifest.documents)


def test_the_benchmark_measures_a_built_index(arkiv: Arkiv, tmp_path: Path) -> None:
    source = load_source(arkiv.data_dir, store=arkiv.store)
    questions = ["hvad er status på akuttelefonen?", "hvad siger anbefaling 25?", "hvem deltog i mødet?"]
    result = run_size(source, tmp_path, 1000, questions, keep=False)
    assert result["repaired"] == {"stray_points": 0, "dropped": []}  # the build wrote whole documents
    assert result["chunks"] >= 1000 and result["open_s"] > 0 and result["rss_open_mb"] > 0
    assert {"search", "ask", "search_filtered"} <= set(result["ms"]) and result["ask_after_write_s"] > 0
