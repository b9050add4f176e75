"""How often the page marks a cited quote on the PDF page as the PDF shows it.

    python -m evals.highlight evals/dev.jsonl evals/extra.jsonl --per-file 25   # index in ARKIV_DATA_DIR

Asks the questions, then opens every citation the way a user does (the page's own showPage in
headless Chromium: pdf.js draws the page, the quote is looked up on its text layer) and sorts the
outcomes: the whole quote marked; for a table row, every cell value marked (the headers stand
once atop the table); part of it marked; or not marked on the PDF page (the cleaned text still
marks it). Prints one row per document, the quotes not marked, and the time to draw
a page. Needs /usr/bin/chromium (scripts/install-chromium.sh) and the playwright package.
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
import unicodedata
from collections import defaultdict
from pathlib import Path

from api.app import create_app
from api.engine import Arkiv
from api.settings import Settings
from evals.browser import chromium
from evals.metrics import load_questions
from evals.serve import serve


def fold(text: str) -> str:
    """Letters and digits only, lower case, accents dropped: as the page compares the two texts."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text).lower() if ch.isalnum())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("questions", nargs="+", type=Path)
    parser.add_argument("--per-file", type=int, default=25, help="answerable questions taken from each file")
    parser.add_argument("--citations", type=int, default=2, help="citations opened per answer")
    args = parser.parse_args()

    settings = Settings()
    arkiv = Arkiv(settings)
    try:
        cited: list[dict] = []
        for path in args.questions:
            qs = [q for q in load_questions(path) if q.answerable][: args.per_file]
            for q in qs:
                answer = arkiv.ask(q.question, 5)
                for c in answer.citations[: args.citations]:
                    cited.append({"doc_id": c.doc_id, "page": c.page, "quote": c.quote, "document": c.document})
        titles = {d.doc_id: d.file_name for d in arkiv.manifest.documents.values()}
        outcomes: dict[str, list[str]] = defaultdict(list)
        misses: list[dict] = []
        seconds: list[float] = []
        with serve(create_app(settings, arkiv)) as url, chromium() as browser:
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            errors: list[str] = []  # script errors and CSP refusals while pages are drawn
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(url + "/")
            page.locator("#documents li").first.wait_for()
            for c in cited:
                page.evaluate("document.getElementById('viewer').dataset.view = ''")
                began = time.perf_counter()
                page.evaluate("([d, p, q]) => { showPage(d, p, q); }", [c["doc_id"], c["page"], c["quote"]])
                page.locator("#viewer[data-view=pdf], #viewer[data-view=text]").wait_for(timeout=60_000)
                seconds.append(time.perf_counter() - began)
                view = page.locator("#viewer").get_attribute("data-view")
                marked = "".join(page.locator("#viewer-page mark.quote").all_text_contents())
                values = [fold(re.sub(r"^[^:|]{1,120}:\s+", "", cell)) for cell in c["quote"].split(" | ")]
                if view != "pdf":
                    outcome = "not drawn"
                elif marked and fold(marked) == fold(c["quote"]):
                    outcome = "whole"
                elif marked and all(v in fold(marked) for v in values if len(v) >= 3):
                    outcome = "every cell"  # a table row: its values marked, its headers stand atop the table
                elif marked:
                    outcome = "part"
                else:
                    outcome = "not marked"
                outcomes[titles.get(c["doc_id"], c["document"])].append(outcome)
                if outcome != "whole":
                    misses.append({**c, "outcome": outcome})
    finally:
        arkiv.close()

    kinds = ["whole", "every cell", "part", "not marked", "not drawn"]
    print(f"# quotes marked on the drawn PDF page ({len(cited)} citations)\n")
    print("| document | citations | " + " | ".join(kinds) + " |")
    print("|---|---|" + "---|" * len(kinds))
    for doc, got in sorted(outcomes.items()):
        print(f"| {doc} | {len(got)} | " + " | ".join(str(got.count(k)) for k in kinds) + " |")
    every = [o for got in outcomes.values() for o in got]
    print(f"| all | {len(every)} | " + " | ".join(f"{every.count(k)} ({every.count(k) / max(len(every), 1):.0%})"
                                                  for k in kinds) + " |")
    print(f"\nerrors in the page while drawing: {len(errors)}" + "".join(f"\n  {e[:200]}" for e in errors[:10]))
    if seconds:
        print(f"\npage drawn and marked: median {statistics.median(seconds) * 1000:.0f} ms, "
              f"max {max(seconds) * 1000:.0f} ms (headless Chromium on this machine)")
    for m in misses:
        print(f"\n- {m['outcome']}: {m['document']} p. {m['page']}: {m['quote'][:160]!r}")


if __name__ == "__main__":
    main()
