"""The ``arkiv`` command: a thin layer over ``api.engine.Arkiv``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Callable, TypeVar

import click

from api.settings import Settings, get_settings
from ingest.errors import ArkivError

if TYPE_CHECKING:
    from api.engine import Arkiv

T = TypeVar("T")


def _settings(**overrides: object) -> Settings:
    try:
        return get_settings(**overrides)
    except ArkivError as exc:
        raise click.ClickException(str(exc)) from exc


def _with_arkiv(role: str, run: Callable[["Arkiv"], T]) -> T:
    """Open the index, call ``run`` on it, close it; an ``ArkivError`` becomes a one-line CLI error."""
    from api.engine import Arkiv

    settings = _settings()
    try:
        with Arkiv(settings, role=role) as arkiv:
            return run(arkiv)
    except ArkivError as exc:
        raise click.ClickException(str(exc)) from exc


@click.group()
def main() -> None:
    """Arkiv: search and cited answers over Danish public-sector documents."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--rebuild", is_flag=True, help="Re-index every document from its kept PDF with the configured "
              "model (after changing ARKIV_EMBEDDER__*); the old index stays until the new one is complete.")
def ingest(paths: tuple[Path, ...], rebuild: bool) -> None:
    """Ingest PDFs (files or folders; default: the corpus folder).

    Example: arkiv ingest corpus/
    """
    from tqdm import tqdm

    settings = _settings()
    if rebuild and paths:
        raise click.ClickException("--rebuild re-indexes the documents already in the archive; add new PDFs afterwards")
    files = [] if rebuild else _pdf_paths(list(paths) or [settings.corpus_dir])
    if not files and not rebuild:
        raise click.ClickException("no files to ingest: give PDF files or a folder that holds them")
    bar = tqdm(total=0, unit="chunk", desc="Embedding", disable=None)

    def progress(done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()

    if rebuild:
        from api.rebuild import rebuild as rebuild_all

        try:
            report = rebuild_all(settings, progress)
        except ArkivError as exc:
            raise click.ClickException(str(exc)) from exc
        health = _with_arkiv("arkiv ingest", lambda arkiv: arkiv.health())
    else:
        report, health = _with_arkiv("arkiv ingest", lambda arkiv: (arkiv.ingest(files, progress), arkiv.health()))
    bar.close()
    for f in report.files:
        if f.status == "skipped":
            click.echo(f"skipped {f.path}: {f.reason}", err=True)
    click.echo(
        f"{report.count('added')} added, {report.count('replaced')} replaced, "
        f"{report.count('unchanged')} unchanged, {len(report.skipped)} skipped; "
        f"{sum(f.chunks for f in report.files if f.status in ('added', 'replaced'))} chunks indexed "
        f"in {report.seconds:.1f} s ({report.embed.passages} embedded at {report.embed.per_second:.1f} passages/s, "
        f"{report.embed.reused} already known; {report.sentences.passages} sentences embedded"
        + (f" at {report.sentences.per_second:.1f}/s" if report.sentences.passages else "")
        + (f"; {report.words} new words in {report.word_seconds:.1f} s" if report.words else "") + "); "
        f"index: {health['documents']} documents, {health['chunks']} chunks"
    )
    if report.skipped:
        sys.exit(2)


@main.command()
@click.argument("question")
@click.option("-k", default=10, show_default=True, help="Number of results.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def search(question: str, k: int, as_json: bool) -> None:
    """Rank passages for a question.

    Example: arkiv search "anbefaling 25"
    """
    from api.app import search_results

    results = _with_arkiv("arkiv search", lambda arkiv: search_results(arkiv.search(question, k)))
    if as_json:
        click.echo(json.dumps({"results": results}, ensure_ascii=False, indent=1))
        return
    for i, r in enumerate(results, 1):
        click.echo(f"{i:2}. {r['score']:.3f}  {r['document']} s. {r['page_label']}  {r['section']}")
        click.echo("      " + r["text"][:200].replace("\n", " "))


@main.command()
@click.argument("topic")
@click.option("-k", default=10, show_default=True, help="Candidate passages to read (api.timeline.DEPTH).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def timeline(topic: str, k: int, as_json: bool) -> None:
    """The course of a matter through the documents, in date order.

    Example: arkiv timeline "akuttelefonen"
    """
    from api.timeline import timeline_json

    result = _with_arkiv("arkiv timeline", lambda arkiv: timeline_json(arkiv.timeline(topic, k)))
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=1))
        return
    if not result["entries"]:
        click.echo(f"Ingen daterede udsagn om {topic!r} i dokumenterne.")
    for e in result["entries"]:
        where = "; ".join(f"{s['document']} s. {s['page_label']}" + (f" ({s['section']})" if s["section"] else "")
                          for s in e["sources"])
        stated = " (nævnt i teksten)" if e["date_source"] == "stated" else ""
        click.echo(f"{e['date']}{stated}  [{e['kind']}]  {where}")
        click.echo(f"    «{e['quote']}»")


@main.command()
@click.argument("question")
@click.option("-k", default=5, show_default=True, help="Passages to answer from.")
@click.option("--doc", "document", default=None, metavar="ID_OR_FILE_NAME",
              help="Ask one document only (its id or file name, as `arkiv documents` lists them).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def ask(question: str, k: int, document: str | None, as_json: bool) -> None:
    """Answer a question with citations.

    Example: arkiv ask "hvad er status på akuttelefonen?"; arkiv ask --doc referat.pdf "hvornår var mødet?"
    """
    from api.app import answer_json
    from api.search import Filters

    def answer(arkiv: "Arkiv") -> dict:
        filters = None
        if document is not None:
            found = [d for d, e in arkiv.manifest.documents.items() if document in (d, e.file_name)]
            if not found:
                raise click.ClickException(f"no document {document!r} in the archive; `arkiv documents` lists them")
            filters = Filters(doc_id=found[0])
        return answer_json(arkiv.ask(question, k, filters=filters))

    result = _with_arkiv("arkiv ask", answer)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=1))
        return
    click.echo(result["answer"])
    for c in result["citations"]:
        click.echo(f"\n[{c['n']}] {c['title']}\n    {c['document']}, side {c['page_label']} (PDF-side {c['page']})"
                   f"{', ' + c['section'] if c['section'] else ''}{', ' + c['date'] if c['date'] else ''}\n    «{c['quote']}»")
    for line in result.get("history", []):
        click.echo(f"  tidligere: {line}")


@main.command()
@click.option("--detail", is_flag=True, help="Also show what was understood: title, body, kind, date and where "
              "each came from, the sections and tables found.")
def documents(detail: bool) -> None:
    """List the ingested documents.

    Example: arkiv documents --detail
    """
    docs = _with_arkiv("arkiv documents", lambda arkiv: arkiv.documents())
    for d in docs:
        click.echo(f"{d['doc_id']}  {d['date'] or '':10}  {d['kind']:8} {d['pages']:4} s. {d['chunks']:4} chunks  {d['file_name']}")
        if detail:
            click.echo(describe_document(d))


def describe_document(d: dict) -> str:
    """The facts Arkiv read from one document, each with its source, indented under its list line."""
    sources = d.get("sources") or {}

    def fact(name: str, value: object) -> str:
        where = sources.get(name, "")
        note = "  (not found)" if where == "none" else f"  (from {where})" if where and where != "text" else ""
        return f"    {name + ':':7} {value or '–'}{note}"
    lines = [fact("title", d["title"]), fact("body", d["body"]), fact("kind", d["kind"]), fact("date", d["date"])]
    if d.get("sections"):
        lines.append(f"    sections: {d['sections']}; first headings: " + " | ".join(d.get("headings") or []))
    else:
        lines.append("    sections: no structure found (searched as plain pages)")
    lines.append(f"    tables: {d.get('tables', 0)} (read row by row)" if d.get("tables") else "    tables: none found")
    return "\n".join(lines)


@main.command()
@click.argument("doc_id")
def delete(doc_id: str) -> None:
    """Delete a document (its id as `arkiv documents` lists it) from the index.

    Example: arkiv delete 14a615581ae17d56
    """
    entry = _with_arkiv("arkiv delete", lambda arkiv: arkiv.delete(doc_id))
    click.echo(f"deleted {entry.doc_id} ({entry.file_name}, {entry.chunks} chunks)")


@main.command()
@click.option("--host", default=None, help="Address to bind (default from ARKIV_HOST, 127.0.0.1).")
@click.option("--port", default=None, type=int, help="Port (default from ARKIV_PORT, 8000).")
@click.option("--ingest", "ingest_paths", multiple=True, type=click.Path(path_type=Path),
              help="Also ingest these PDFs or folders in the background once the server is up "
                   "(the page shows the progress); repeat for several.")
def serve(host: str | None, port: int | None, ingest_paths: tuple[Path, ...]) -> None:
    """Run the HTTP API and the page (OpenAPI docs at /docs).

    Example: arkiv serve --ingest corpus/
    """
    import logging

    import uvicorn

    from api.app import create_app

    logging.basicConfig(level=logging.INFO, format="%(levelname)s:     %(message)s")  # uvicorn's look
    overrides = {k: v for k, v in (("host", host), ("port", port)) if v}
    settings = _settings(**overrides)
    files = _pdf_paths(list(ingest_paths))
    if ingest_paths and not files:
        raise click.ClickException(f"no files to ingest in {', '.join(map(str, ingest_paths))}")
    from index.build import SourceFile

    app = create_app(settings, ingest_on_start=[SourceFile.of(f) for f in files])
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="info")


@main.command(name="eval")
@click.argument("files", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--fusion", "fusions", multiple=True, help="Also report these fusion modes (linear, dbsf, rrf).")
@click.option("--out", type=click.Path(path_type=Path), default=None, help="Write per-question results as JSON here.")
def eval_cmd(files: tuple[Path, ...], fusions: tuple[str, ...], out: Path | None) -> None:
    """Measure retrieval and citations on question sets (JSONL).

    Example: arkiv eval evals/dev.jsonl evals/own.jsonl
    """
    from evals.run import run_eval

    click.echo(_with_arkiv("arkiv eval", lambda arkiv: run_eval(arkiv, list(files), list(fusions), out)))


@main.command()
@click.argument("files", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Print the cross-validation table without writing the model.")
def train(files: tuple[Path, ...], dry_run: bool) -> None:
    """Fit the ranking model on question sets with cross-validation grouped by the page asked about, print the CV
    table (beside BM25, dense, linear fusion and the hand-set rules) and write api/ranker.json.

    Needs an index holding the questions' documents (arkiv ingest corpus evals/fixtures/extra).

    Example: arkiv train evals/dev.jsonl evals/own.jsonl evals/holdout.jsonl evals/extra.jsonl evals/fresh.jsonl
    """
    from evals.train import run_train

    if not files:
        raise click.ClickException("name the question sets to train on, e.g. evals/*.jsonl")
    click.echo(_with_arkiv("arkiv train", lambda arkiv: run_train(arkiv, list(files), write=not dry_run)))


def _pdf_paths(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(x for x in p.iterdir() if x.is_file() and not x.name.startswith(".")))
        else:
            out.append(p)
    return out
