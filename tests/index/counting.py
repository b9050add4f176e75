"""A named unit-test fixture: the real model, counting the texts it is asked to embed, so a test
can say what was embedded and what was reused."""

from __future__ import annotations

import numpy as np


class CountingEmbedder:
    def __init__(self, model) -> None:
        self.model, self.name, self.dim, self.seen = model, model.name, model.dim, []

    def passages(self, texts: list[str]) -> np.ndarray:
        self.seen.extend(texts)
        return self.model.passages(texts)

    def queries(self, texts: list[str]) -> np.ndarray:
        self.seen.extend(texts)
        return self.model.queries(texts)
