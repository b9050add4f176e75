"""Text extraction measured: plain pypdf against Arkiv's reading (typography, footnote marks,
tables as rows), per document, in the same process.

    python -m evals.extraction [--corpus DIR …] [--questions FILE …]

For each PDF: pages, seconds for pypdf's ``extract_text`` and for ``ingest.load_document``
(read, tables, clean), tables and rows found, and how many of the question sets' gold quotes
for that PDF are found on their page in each text (quotes compared as the scorer does:
lowercased letters and digits). A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import logging
import time
from collections import defaultdict
from pathlib import Path

from pypdf import PdfReader

from evals.metrics import load_questions, squash
from ingest import load_document

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPORA = [ROOT / "corpus", ROOT / "evals" / "fixtures" / "extra"]
DEFAULT_QUESTIONS = sorted((ROOT / "evals").glob("*.jsonl"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, action="append", help="folder of PDFs (repeatable)")
    parser.add_argument("--questions", type=Path, action="append", help="question file (repeatable)")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    quotes: dict[str, list[tuple[str, tuple[int, ...]]]] = defaultdict(list)
    for path in args.questions or DEFAULT_QUESTIONS:
        for q in load_questions(path):
            for e in q.evidence:
                quotes[e.pdf].append((squash(e.quote), e.pages))
    print("| document | pages | pypdf s | arkiv s | ratio | tables | rows | gold quotes on page: pypdf | arkiv |")
    print("|---|---|---|---|---|---|---|---|---|")
    totals = [0.0, 0.0, 0, 0, 0]
    for folder in args.corpus or DEFAULT_CORPORA:
        for pdf in sorted(Path(folder).glob("*.pdf")):
            began = time.perf_counter()
            plain = [page.extract_text() or "" for page in PdfReader(pdf).pages]
            t_plain = time.perf_counter() - began
            began = time.perf_counter()
            doc = load_document(pdf)
            t_arkiv = time.perf_counter() - began
            ours = [p.text for p in doc.pages]
            wanted = quotes.get(pdf.name, [])
            hit_plain = sum(_on_page(q, pages, plain) for q, pages in wanted)
            hit_ours = sum(_on_page(q, pages, ours) for q, pages in wanted)
            totals = [totals[0] + t_plain, totals[1] + t_arkiv, totals[2] + len(wanted), totals[3] + hit_plain,
                      totals[4] + hit_ours]
            print(f"| {pdf.name[:48]} | {len(plain)} | {t_plain:.2f} | {t_arkiv:.2f} | {t_arkiv / max(t_plain, 1e-9):.1f}× "
                  f"| {doc.tables} | {doc.table_rows} | {hit_plain}/{len(wanted)} | {hit_ours}/{len(wanted)} |")
    print(f"| **all** | | {totals[0]:.1f} | {totals[1]:.1f} | {totals[1] / max(totals[0], 1e-9):.1f}× | | "
          f"| {totals[3]}/{totals[2]} | {totals[4]}/{totals[2]} |")


def _on_page(quote: str, pages: tuple[int, ...], texts: list[str]) -> bool:
    """On the stated page or the next (a quote may run over a page break)."""
    for number in pages or range(1, len(texts) + 1):
        window = "".join(squash(texts[i - 1]) for i in (number, number + 1) if 0 < i <= len(texts))
        if quote in window:
            return True
    return False


if __name__ == "__main__":
    main()
