from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from api.engine import Arkiv
from api.settings import Settings
from index.store import Store
from ingest.errors import StoreLockedError
from tests.conftest import MINUTES, SLIDES


@pytest.fixture()
def small(tmp_path: Path, embedder) -> Arkiv:
    engine = Arkiv(Settings(data_dir=tmp_path / "data"), embedder=embedder)
    yield engine
    engine.close()


def test_reingest_of_unchanged_files_embeds_nothing_and_duplicates_nothing(small: Arkiv) -> None:
    first = small.ingest([SLIDES])
    count = small.store.count()
    again = small.ingest([SLIDES])
    assert first.count("added") == 1 and again.count("unchanged") == 1
    assert again.embed.passages == 0
    assert small.store.count() == count == first.files[0].chunks


def test_bad_file_is_skipped_with_its_reason_and_leaves_the_index_as_it_was(small: Arkiv, tmp_path: Path) -> None:
    small.ingest([SLIDES])
    before = small.store.count()
    bad = tmp_path / "rapport.pdf"
    bad.write_text("ikke en pdf")
    report = small.ingest([bad])
    assert [f.status for f in report.files] == ["skipped"]
    assert "not a PDF" in report.files[0].reason and report.files[0].problem == "not_pdf"
    assert small.store.count() == before and len(small.manifest.documents) == 1


def test_changed_file_with_the_same_name_replaces_the_old_chunks(small: Arkiv, tmp_path: Path) -> None:
    path = tmp_path / "referat.pdf"
    shutil.copy(SLIDES, path)
    small.ingest([path])
    old_id = next(iter(small.manifest.documents))
    shutil.copy(MINUTES, path)
    report = small.ingest([path])
    assert report.files[0].status == "replaced"
    assert list(small.manifest.documents) != [old_id] and len(small.manifest.documents) == 1
    assert small.store.count_by_doc(old_id) == 0
    assert small.store.count() == report.files[0].chunks


def test_points_left_by_an_interrupted_ingest_are_removed_on_open(small: Arkiv, tmp_path: Path) -> None:
    small.ingest([SLIDES])
    doc_id = next(iter(small.manifest.documents))
    # Simulate a crash after the points were written but before the manifest switch.
    small.manifest.switch(remove=[doc_id])
    repair = small.repair()
    assert repair.stray_points > 0 and repair.stray_files == 3  # the kept PDF, the page texts, the words
    assert small.store.count() == 0 and not any(small.files.root.iterdir())
    assert not any((small.data_dir / "words").iterdir())


# qdrant-client leaves its lock file handle open when the lock is refused; that is its leak, not ours.
@pytest.mark.filterwarnings("ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning")
def test_second_process_gets_a_clear_message_about_the_lock(small: Arkiv) -> None:
    with pytest.raises(StoreLockedError, match="in use by process .* Stop that process"):
        Store.open(small.data_dir)


def test_the_lock_message_points_at_the_address_the_server_listens_on(tmp_path: Path) -> None:
    from index.store import _locked_message

    owner = tmp_path / "owner.json"
    owner.write_text('{"pid": 7, "role": "arkiv serve on 127.0.0.1:8017", "since": "2026-11-23 23:49:15"}')
    message = _locked_message(tmp_path, owner)
    assert "process 7 (arkiv serve on 127.0.0.1:8017" in message
    assert "POST http://127.0.0.1:8017/ask" in message and "http://127.0.0.1:8000" not in message
    owner.write_text('{"pid": 8, "role": "arkiv ingest", "since": "2026-11-23 23:49:15"}')
    assert "POST http://127.0.0.1:8000/ask" in _locked_message(tmp_path, owner)  # the default address


def test_a_new_version_embeds_only_its_changed_passages(tmp_path: Path, embedder) -> None:
    from tests.index.test_crash import WORDS
    from tests.pdfgen import write_text_pdf
    import random

    rng = random.Random(11)
    (tmp_path / "v1").mkdir()
    (tmp_path / "v2").mkdir()
    pages = [[" ".join(rng.choice(WORDS) for _ in range(9)).capitalize() + "." for _ in range(5)] for _ in range(8)]
    first = write_text_pdf(tmp_path / "v1" / "notat.pdf", pages, title="Notat om ventetider")
    second = write_text_pdf(tmp_path / "v2" / "notat.pdf", pages[:-1] + [["Helt ny tekst om ventetider i 2026."] * 1],
                            title="Notat om ventetider")
    with Arkiv(Settings(data_dir=tmp_path / "data"), embedder=embedder) as engine:
        added = engine.ingest([first])
        replaced = engine.ingest([second])
    assert added.embed.reused == 0 and replaced.files[0].status == "replaced"
    assert replaced.embed.reused > 0 and replaced.embed.passages < added.embed.passages
    assert replaced.embed.passages + replaced.embed.reused == replaced.files[0].chunks


def test_each_files_outcome_is_reported_as_soon_as_that_file_is_done(small: Arkiv, tmp_path: Path) -> None:
    bad = tmp_path / "bilag.pdf"
    bad.write_text("ikke en pdf")
    events: list[str] = []
    report = small.ingest([SLIDES, bad], progress=lambda done, total: events.append(f"progress {done}/{total}"),
                          on_file=lambda f: events.append(f"{f.status} {Path(f.path).name}"))
    # The unreadable file is known before any embedding; the PDF's outcome comes with its last passage.
    assert events[0] == "skipped bilag.pdf"
    total = report.files[-1].chunks
    assert events[-2:] == [f"progress {total}/{total}", f"added {SLIDES.name}"]
    assert [e for e in events if not e.startswith("progress")] == \
        [f"{f.status} {Path(f.path).name}" for f in report.files]


def test_every_passage_keeps_one_vector_per_sentence_and_a_rebuild_embeds_none_again(tmp_path: Path, embedder) -> None:
    from api.rebuild import rebuild
    from index.store import SENTENCES
    from ingest.sentences import passage_sentences

    settings = Settings(data_dir=tmp_path / "data")
    with Arkiv(settings, embedder=embedder) as engine:
        first = engine.ingest([MINUTES])
        points = list(engine.store._scroll(["text"], [SENTENCES], 256))
    assert first.sentences.passages > 0 and points
    for _, payload, vectors in points:
        assert len(vectors[SENTENCES]) == len(passage_sentences(payload["text"]))
    again = rebuild(settings, embedder=embedder)
    assert again.count("added") == 1 and again.embed.passages == 0 and again.sentences.passages == 0
