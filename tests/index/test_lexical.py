from __future__ import annotations

from index.lexical import DanishAnalyzer, danish_stopwords


def test_danish_stemming_joins_inflections_and_drops_stopwords() -> None:
    a = DanishAnalyzer()
    assert a.terms("akuttelefonen") == a.terms("akuttelefon")
    assert "og" in danish_stopwords() and a.terms("og i at") == []


def test_identifiers_are_kept_whole_and_split() -> None:
    terms = DanishAnalyzer().terms("Sag MDR-2024-00036 om 10-årsplanen og 3,0 mio. kr.")
    assert {"mdr-2024-00036", "mdr", "2024", "00036", "10-årsplanen", "3,0"} <= set(terms)
    assert "årsplan" in terms


def test_document_weights_saturate_with_term_frequency() -> None:
    a = DanishAnalyzer()
    once, thrice = a.document("tvang"), a.document("tvang tvang tvang")
    assert thrice.values[0] > once.values[0]
    assert thrice.values[0] < 3 * once.values[0]
