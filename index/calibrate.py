"""How an embedding model's cosines read, measured on the model itself.

"Found" weighs how close the best passage is to the question. What counts as close depends
on the model: multilingual-e5-small puts unrelated Danish sentences at a cosine of ~0.80 and a
question with its answer at ~0.89, an English MiniLM at ~0.46 and ~0.70. So instead of one
hand-set band per model, the band is measured when the model is loaded: twelve ordinary
public-sector questions, each with the sentence that answers it, embedded as a search would;
"unrelated" is the median cosine of a question with the other questions' answers, "related"
the median with its own. The band runs from a quarter of that spread below "unrelated" to
seven eighths of the way up to "related" — for e5 that is the band the rules were set with
(0.78–0.88), for any other model its own. The probes are generic on purpose: no document's
wording.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from index.embed import Embedder

PROBES = [
    ("hvornår åbner den nye svømmehal?", "Svømmehallen forventes at åbne for publikum i august 2026."),
    ("hvor mange elever går på skolen?", "Skolen har i dag 412 elever fordelt på 21 klasser."),
    ("hvad koster renoveringen af rådhuset?", "Renoveringen af rådhuset er budgetteret til 38 mio. kr. over tre år."),
    ("hvem skal godkende lokalplanen?", "Lokalplanen skal endeligt vedtages af byrådet efter høringsperioden."),
    ("hvor lang er ventetiden på en plejebolig?", "Den gennemsnitlige ventetid på en plejebolig var 54 dage i 2024."),
    ("hvad besluttede udvalget om busruten?", "Udvalget besluttede at bevare busrute 12 med halvtimesdrift om aftenen."),
    ("hvorfor lukker biblioteket om søndagen?", "Biblioteket holder lukket om søndagen, fordi der mangler personale til vagterne."),
    ("hvordan skal affaldet sorteres?", "Husstande skal sortere affald i ti fraktioner, bl.a. madaffald, plast og pap."),
    ("hvad er målet for CO2-udledningen?", "Kommunen vil reducere udledningen af CO2 med 70 procent inden 2030."),
    ("hvor mange ledige er der i kommunen?", "Ledigheden lå i marts på 3,1 procent svarende til 1.240 fuldtidspersoner."),
    ("hvornår bliver vejen asfalteret?", "Strækningen får ny asfalt i uge 34, og vejen er spærret i fire dage."),
    ("hvad er status på det nye botilbud?", "Byggeriet af botilbuddet er forsinket, og indflytning ventes først i foråret."),
]
_BELOW, _UP = 0.25, 0.875  # the band's ends, as shares of the related − unrelated spread
_MIN_SPREAD = 0.05  # a model that barely separates the probes still gets a usable band


@dataclass(frozen=True)
class CosineBand:
    unrelated: float
    related: float

    @property
    def low(self) -> float:
        return self.unrelated - _BELOW * self.spread

    @property
    def high(self) -> float:
        return self.unrelated + _UP * self.spread

    @property
    def spread(self) -> float:
        return max(self.related - self.unrelated, _MIN_SPREAD)

    def scale(self, cosine: float) -> float:
        """0 at the band's low end, 1 at its high end, clipped."""
        return min(max((cosine - self.low) / (self.high - self.low), 0.0), 1.0)


# The band the rules were first set with by hand for e5 (0.78–0.88): used only where no model is
# at hand (a caller scoring passages without one).
DEFAULT_BAND = CosineBand(unrelated=0.78 + 0.25 * 0.1 / 1.125, related=0.78 + 1.25 * 0.1 / 1.125)
_measured: dict[str, CosineBand] = {}


def cosine_band(embedder: Embedder) -> CosineBand:
    """The band of ``embedder``'s cosines, measured once per model (a few dozen ms)."""
    band = _measured.get(embedder.name)
    if band is None:
        questions = np.vstack([embedder.query(q) for q, _ in PROBES])
        answers = embedder.passages([a for _, a in PROBES])
        cosines = questions @ answers.T
        own = np.eye(len(PROBES), dtype=bool)
        band = CosineBand(float(np.median(cosines[~own])), float(np.median(cosines[own])))
        _measured[embedder.name] = band
    return band
