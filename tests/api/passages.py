"""A named unit-test fixture: one candidate passage on one page, as search hands it to the answer,
without an index, so a test can state exactly what the passage says."""

from __future__ import annotations

from api.answer import PageLookup
from api.search import Ranked
from index.store import Hit


def one_passage(text: str, *, document: str, title: str, section: str, page: int = 1, dense: float = 0.95,
                page_text: str | None = None, start: int = 0) -> tuple[list[Ranked], PageLookup]:
    """The passage ``text`` (cut at ``start`` of ``page_text`` when the chunk began inside the page)
    and the page lookup that returns its page."""
    payload = {"doc_id": "d", "document": document, "title": title, "section": section,
               "page_start": page, "page_end": page, "page_label": str(page), "start": start, "text": text}
    full = text if page_text is None else page_text
    return ([Ranked(Hit("c", 1.0, payload), 1.0, dense=dense, lexical=1.0)],
            lambda doc_id: [{"number": page, "label": str(page), "offset": 0, "text": full}])
