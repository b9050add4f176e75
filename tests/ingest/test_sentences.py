"""The passage's sentences that get vectors of their own (``ingest.sentences.passage_sentences``)."""

from __future__ import annotations

from ingest.sentences import passage_sentences

PASSAGE = ("Udvalget for Kystsikring i Hedeby Kommune holdt møde d. 4. marts 2025 kl. 13.30. "
           "Færgen til Solbakken koster ca. 45 kr. pr. tur.\n"
           "Bilag 2\n"
           "1. Sandfodring ved stranden fortsætter i 2026.\n"
           "2. Havnestyrelsen udarbejder et notat om diget.")


def test_each_sentence_stands_in_the_passage_and_short_pieces_get_no_vector() -> None:
    pieces = passage_sentences(PASSAGE)
    flat = " ".join(PASSAGE.split())
    assert all(" ".join(p.split()) in flat for p in pieces)
    assert "Bilag 2" not in pieces and all(len(p) >= 15 for p in pieces)
    # an abbreviation's full stop ends no sentence; a numbered list's items are sentences of their own
    assert pieces[0].endswith("kl. 13.30.") and pieces[1] == "Færgen til Solbakken koster ca. 45 kr. pr. tur."
    assert pieces[-2].startswith("1. Sandfodring") and pieces[-1].startswith("2. Havnestyrelsen")


def test_a_passage_without_a_sentence_is_its_own_one() -> None:
    assert passage_sentences("  Bilag 2 ") == ["Bilag 2"]
    assert passage_sentences("Kap. 3") == ["Kap. 3"]
