"""Screenshots of the page on a real index: topic timelines and a cited PDF page.

    python -m evals.screenshots --topic akuttelefonen --topic tvang --ask "…" --out docs/screenshots

Serves the index in ARKIV_DATA_DIR, opens the page in headless Chromium (evals/browser.py) and
saves, per topic, the timeline the topic box shows (desktop width, and phone width with
--phone), and per question the answer and its first citation's page with the quote marked.
Prints each file with the number of entries or citations it shows.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from api.app import create_app
from api.engine import Arkiv
from api.settings import Settings
from evals.browser import chromium
from evals.serve import serve


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9æøå]+", "-", text.lower()).strip("-")[:40]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--topic", action="append", default=[], help="a timeline topic (repeatable)")
    parser.add_argument("--ask", action="append", default=[], help="a question whose answer and cited page are shot")
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--phone", action="store_true", help="also at phone width (375 px)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    settings = Settings()
    arkiv = Arkiv(settings)
    try:
        with serve(create_app(settings, arkiv)) as url, chromium() as browser:
            widths = [("", 1100)] + ([("-phone", 375)] if args.phone else [])
            for suffix, width in widths:
                page = browser.new_page(viewport={"width": width, "height": 900})
                page.set_default_timeout(60_000)
                page.goto(url + "/")
                page.locator("#documents li").first.wait_for()
                for topic in args.topic:
                    page.get_by_label("Følg en sag gennem årene").fill(topic)
                    page.get_by_role("button", name="Vis forløbet").click()
                    page.locator("#timeline:not([hidden])").wait_for()
                    page.wait_for_timeout(300)
                    path = args.out / f"timeline-{slug(topic)}{suffix}.png"
                    page.locator("#timeline").screenshot(path=str(path))
                    print(f"{path}: {page.locator('#timeline-list li.card').count()} entries")
                    page.evaluate("document.getElementById('timeline').hidden = true")
                for question in args.ask:
                    page.get_by_label("Dit spørgsmål").fill(question)
                    page.evaluate("document.getElementById('result').hidden = true")
                    page.get_by_label("Dit spørgsmål").press("Enter")
                    page.locator("#result:not([hidden])").wait_for()
                    path = args.out / f"answer-{slug(question)}{suffix}.png"
                    page.locator("#result").screenshot(path=str(path))
                    cited = page.locator("#citations li").count()
                    print(f"{path}: {cited} citations")
                    if cited:
                        page.evaluate("document.getElementById('viewer').dataset.view = ''")
                        page.locator("#citations li").first.get_by_role("button", name="Vis siden").click()
                        page.locator("#viewer[data-view=pdf], #viewer[data-view=text]").wait_for()
                        path = args.out / f"page-{slug(question)}{suffix}.png"
                        page.screenshot(path=str(path))
                        print(f"{path}: {page.locator('#viewer-page mark.quote').count()} marks on the PDF page")
                page.close()
    finally:
        arkiv.close()


if __name__ == "__main__":
    main()
