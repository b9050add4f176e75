"""The citation-matching rule of evals/README-dev.md, and the retrieval metrics.

Both the gold quote and the cited passage are lowercased and reduced to their
letters and digits. A passage supports a quote if it contains the whole quote,
or if the two share a common run of at least 60 % of the quote's length and at
least 30 characters. A citation counts only when it names the right PDF.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

SEED_TO_PDF = {
    "000_bc47d76c121d3f9c.txt": "2023-06-23-nationalt-raad-psykiske-lidelser-referat.pdf",
    "001_57762bce59ee1bd3.txt": "2024-12-05-danske-regioner-psykiatri-og-socialudvalget-dagsorden-med-bilag.pdf",
    "002_9054eb403dfdc246.txt": "2022-sundhedsstyrelsen-fagligt-oplaeg-10-aarsplan-psykiske-lidelser.pdf",
    "003_fc90d18752e807ea.txt": "2024-psykiatriaftale-og-tiaarsplan-lokalt-arbejde-praesentation.pdf",
    "004_a52eaa6c257ec3d5.txt": "2023-task-force-for-psykiatriomraadet-referat.pdf",
}
_NOT_ALNUM = re.compile(r"[^0-9a-zæøåäöüé]+")


@dataclass(frozen=True)
class Evidence:
    pdf: str
    quote: str
    pages: tuple[int, ...]


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    type: str
    evidence: tuple[Evidence, ...]
    mode: str  # "any" | "all"

    @property
    def answerable(self) -> bool:
        return bool(self.evidence)

    @property
    def group(self) -> str:
        """What cross-validation keeps in one fold: the page the question asks about (its first
        gold quote's PDF and page), else its words. The sets ask about the same passages in other
        words (seven questions about one status row); grouped by question only, a model is tested
        on paraphrases of questions it was fitted on, and trees looked 0.03 MRR better than they are."""
        if self.evidence:
            e = self.evidence[0]
            return f"{e.pdf}:{e.pages[0] if e.pages else ''}"
        return " ".join(_NOT_ALNUM.split(self.question.lower())).strip()


def load_questions(path: Path) -> list[Question]:
    out = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        q = json.loads(line)
        ev = tuple(Evidence(SEED_TO_PDF.get(e["doc"], e["doc"]), e["quote"], tuple(e.get("pages", ())))
                   for e in q["evidence"])
        out.append(Question(q["id"], q["question"], q["type"], ev, q.get("evidence_mode", "any")))
    return out


def squash(text: str) -> str:
    # NFC first: a PDF may spell "å" as "a" + a combining ring, which the pattern would split
    return _NOT_ALNUM.sub("", unicodedata.normalize("NFC", text).lower())


_ROW_LABEL = re.compile(r"(?:^|(?<= \| ))[^:|\n]{1,40}:\s*", re.M)


def cell_text(passage: str) -> str:
    """A passage with its table rows as the page prints them: ingest writes a row as "Header: value |
    Header: value" (evals/README-dev.md), a gold quote copies the cells' text from the page."""
    return "\n".join(_ROW_LABEL.sub("", line).replace(" | ", " ") if " | " in line else line
                     for line in passage.split("\n"))


def supports(passage: str, quote: str) -> bool:
    return _supports(passage, quote) or (" | " in passage and _supports(cell_text(passage), quote))


def _supports(passage: str, quote: str) -> bool:
    p, q = squash(passage), squash(quote)
    if not q:
        return False
    if q in p:
        return True
    match = SequenceMatcher(None, p, q, autojunk=False).find_longest_match(0, len(p), 0, len(q))
    return match.size >= 30 and match.size >= 0.6 * len(q)


def supported_items(question: Question, document: str, passage: str) -> set[int]:
    return {i for i, e in enumerate(question.evidence) if e.pdf == document and supports(passage, e.quote)}


def first_relevant_rank(question: Question, results: list[tuple[str, str]], k: int = 10) -> int | None:
    """1-based rank of the first result supporting any evidence item (None if not in top k)."""
    for rank, (document, text) in enumerate(results[:k], 1):
        if supported_items(question, document, text):
            return rank
    return None


def all_evidence_within(question: Question, results: list[tuple[str, str]], k: int = 10) -> bool:
    covered: set[int] = set()
    for document, text in results[:k]:
        covered |= supported_items(question, document, text)
    return len(covered) == len(question.evidence)
