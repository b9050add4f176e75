"""The documents' words with the model's vectors: what an English question's words are looked up in."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from api.engine import Arkiv
from api.settings import Settings
from index.lexical import DanishAnalyzer
from index.vocabulary import Vocabulary, document_words, load_words, save_words, word_vectors, words_path
from tests.index.counting import CountingEmbedder
from tests.pdfgen import write_text_pdf


def test_a_documents_words_are_its_distinct_words_without_stopwords_or_numbers() -> None:
    words = document_words(["Kajkanterne skal sikres senest 2030.", "Havnen og kajkanterne"], DanishAnalyzer())
    assert words == ["havnen", "kajkanterne", "senest", "sikres"]  # "skal", "og": stopwords; "2030": no word


def test_a_word_another_document_has_is_not_embedded_again(embedder) -> None:
    counting = CountingEmbedder(embedder)
    known = {"havnen": embedder.queries(["havnen"])[0]}
    vectors = word_vectors(counting, ["havnen", "kajkanterne"], known)
    assert counting.seen == ["kajkanterne"]
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    # one at a time or several per call, the model gives a word the same vector
    assert np.allclose(vectors[1], embedder.query("kajkanterne") / np.linalg.norm(embedder.query("kajkanterne")),
                       atol=1e-5)


def test_saved_words_are_read_back_only_for_the_same_model(tmp_path: Path, embedder) -> None:
    vectors = word_vectors(embedder, ["ansvarlig", "budget"])
    save_words(tmp_path, "d1", ["ansvarlig", "budget"], vectors, embedder.name)
    back = load_words(tmp_path, "d1", embedder.name)
    assert back is not None and sorted(back) == ["ansvarlig", "budget"]
    assert np.allclose(back["budget"], vectors[1], atol=1e-3)  # kept as float16
    assert load_words(tmp_path, "d1", "another-model") is None
    assert load_words(tmp_path, "d2", embedder.name) is None


def test_an_english_word_finds_its_danish_translation_among_the_documents_words(embedder) -> None:
    danish = ["ansvarlig", "cykelsti", "annullering", "budgettet", "kommunen"]
    vocabulary = Vocabulary(tuple(danish), word_vectors(embedder, danish))
    english = word_vectors(embedder, ["responsible", "cancellation"])
    near = vocabulary.nearest(english, 1, 0.0)
    assert near == [["ansvarlig"], ["annullering"]]
    assert vocabulary.nearest(english, 3, 1.01) == [[], []]  # nothing that near


@pytest.fixture()
def harbour(tmp_path: Path) -> Path:
    return write_text_pdf(tmp_path / "havnestyrelsen-notat-2024.pdf", [
        ["Notat om havnene", "Havnestyrelsen er ansvarlig for vedligeholdelse af kajkanterne i alle havne.",
         "Arbejdet udføres hvert andet år af styrelsens egne folk."],
        ["Cykelstier", "Kommunen anlægger en ny cykelsti langs Solbakkevej i 2025.",
         "Budgettet er 4 mio. kr. fra anlægspuljen."],
    ], title="Notat om havne og cykelstier")


def test_an_english_question_finds_danish_passages_by_their_words_in_bm25_alone(tmp_path: Path, embedder,
                                                                                 harbour: Path) -> None:
    with Arkiv(Settings(data_dir=tmp_path / "data"), embedder=embedder) as arkiv:
        arkiv.ingest([harbour])
        doc_id = next(iter(arkiv.manifest.documents))
        assert words_path(arkiv.data_dir, doc_id).exists()
        question = "Who is responsible for the maintenance of the quays?"
        assert "ansvarlig" in arkiv.searcher.danish_words(question)
        hits = arkiv.search(question, 2, fusion="bm25")
        assert hits and "ansvarlig" in hits[0].hit.text
        # a Danish question is searched by its own words only
        assert arkiv.searcher.danish_words("Hvem er ansvarlig for kajkanterne?") == []
        arkiv.delete(doc_id)
        assert not words_path(arkiv.data_dir, doc_id).exists() and not len(arkiv.searcher.vocabulary)


def test_an_index_without_kept_words_gets_them_when_its_files_are_ingested_again(tmp_path: Path, embedder,
                                                                                harbour: Path) -> None:
    with Arkiv(Settings(data_dir=tmp_path / "data"), embedder=embedder) as arkiv:
        arkiv.ingest([harbour])
        doc_id = next(iter(arkiv.manifest.documents))
        words_path(arkiv.data_dir, doc_id).unlink()  # as an index built before words were kept
    with Arkiv(Settings(data_dir=tmp_path / "data"), embedder=embedder) as arkiv:
        assert not len(arkiv.searcher.vocabulary)
        report = arkiv.ingest([harbour])
        assert report.count("unchanged") == 1 and report.embed.passages == 0
        assert words_path(arkiv.data_dir, doc_id).exists() and "ansvarlig" in arkiv.searcher.vocabulary.words


def test_the_vocabulary_keeps_the_words_most_documents_use_when_it_must_keep_fewer(embedder) -> None:
    words = {"d1": ("havnen", "kajkanterne", "solsort"), "d2": ("havnen", "kajkanterne"), "d3": ("havnen",)}
    df = {"havnen": 3, "kajkanterne": 2, "solsort": 1}
    vectors = dict(zip(df, word_vectors(embedder, list(df))))
    read: list[str] = []

    def vectors_of(doc_id: str, wanted: set[str]) -> dict[str, np.ndarray]:
        read.append(doc_id)
        return {w: vectors[w] for w in words[doc_id] if w in wanted}

    vocabulary = Vocabulary.of_documents(words, df, vectors_of, limit=2)
    assert vocabulary.words == ("havnen", "kajkanterne") and read == ["d1"]  # one file had both
    # a vocabulary already holding a word's vector does not read it again
    read.clear()
    assert Vocabulary.of_documents(words, df, vectors_of, previous=vocabulary, limit=2).words == vocabulary.words
    assert read == []
    assert len(Vocabulary.of_documents(words, df, vectors_of, limit=0)) == 3
