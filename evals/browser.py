"""A headless Chromium for the browser tests and the page benchmarks.

``chromium()`` launches Debian's Chromium (/usr/bin/chromium, scripts/install-chromium.sh)
through Playwright's Python API, with nothing that reaches other hosts. The app it looks at
is served by ``evals.serve.serve``.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

CHROMIUM = Path("/usr/bin/chromium")


@contextmanager
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        try:
            yield browser
        finally:
            browser.close()
