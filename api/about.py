"""Questions about one document itself: when its meeting was, who issued it, what it is, who
attended, its case numbers.

Asked where one document is in scope ("Spørg kun i dette dokument" on the page, a ``doc_id``
filter, or an archive of one document), "hvornår var mødet?" or "hvem har skrevet dokumentet?"
names no subject of its own: every content word is a word for the document, the meeting or the
kind of fact. Ranking passages by those words finds nothing in particular (or the date of another
meeting the minutes mention), so such a question is answered from what ingest read of the
document — its date, issuing body and title — and from the page lines that state them, each
quoted verbatim with its page. A question with a subject of its own ("hvornår blev
kulturpolitikken godkendt?") is not one of these and goes through search as any other.
"""
from __future__ import annotations

import re
from typing import Callable

from api.answer import NOT_FOUND, Answer, Citation, attendance_block, normalise
from api.query import QueryIntent, content_terms
from index.lexical import DanishAnalyzer
from index.manifest import DocumentEntry
from ingest.dates import find_dates
from ingest.facts import KIND_NAMES
from ingest.headings import BARE_CASE_NUMBER, CASE_NUMBER

# Words that name the document, its meeting or the fact asked, not a subject: "hvornår var
# mødet?", "hvem har udarbejdet notatet?", "hvad handler referatet om?".
_DOCUMENT_WORDS = ("sagsnummer sagsnummeret sagsnumre sagsnr dokument dokumentet dokumentets referat referatet referatets dagsorden dagsordenen notat notatet "
                   "rapport rapporten rapportens oplæg oplægget møde mødet mødets udvalgsmøde udvalgsmødet sag sagen "
                   "sagerne dato datoen skrevet skrev udgivet udgav udarbejdet udarbejdede afsender afsenderen "
                   "handler drejer titel titlen hedder stede deltog deltagere fraværende afbud holdt afholdt "
                   "står bag udgiver udgiveren forfatter forfatteren punkt punkter punkterne emner indhold indholdet "
                   "document meeting minutes report wrote written issued published title about held")
# Who issued it: "hvem har skrevet dokumentet?", "hvem står bag notatet?", "hvem er afsenderen?".
_ISSUER = re.compile(r"\bhvem\s+(?:har\s+)?(?:skrevet|skrev|udgivet|udgav|udarbejdet|udarbejdede|sendt|står\s+bag)\b|"
                     r"\bafsender\w*|\bfra\s+hvem\b|\bhvem\s+er\s+\w+\s+fra\b|"
                     r"\bwho\s+(?:wrote|issued|published|is\s+behind)\b", re.I)
# What it is: "hvad handler dokumentet om?", "hvad hedder rapporten?", "hvad er titlen?", "hvilke
# punkter er der på dagsordenen?": its title and its first headings (a meeting's items, a report's chapters).
_TITLE = re.compile(r"\bhvad\s+(?:handler|drejer)\b|\bhvad\s+hedder\b|\btitl(?:en|e)\b|"
                    r"\bhvilke\s+(?:punkter|sager|emner|kapitler)\b|\bindhold(?:et)?\b|"
                    r"\bwhat\s+is\s+(?:this|the)\s+\w+\s+about\b|\bwhat\s+is\s+the\s+title\b", re.I)
_FIRST_PAGES = 3  # where a document states its date, issuer and title
_MAX_CASE_LINES = 5
_MAX_HEADINGS = 6
_CASE_LINE_CHARS = 120
# A case number on a line of its own, as agenda items carry it under their title ("EMN-2025-003383").
_BARE_CASE_LINE = re.compile(rf"^(?:{BARE_CASE_NUMBER.pattern})$")
_LINE_CHARS = 200  # a dated line longer than this is running text, not the document's date line
_NAMING_SHARE = 0.5  # a line names the body (or a heading) when that makes up half of it or more

Pages = list[dict]


def answer_about_document(intent: QueryIntent, entry: DocumentEntry, pages: Pages,
                          analyzer: DanishAnalyzer) -> Answer | None:
    """The answer to a question about ``entry`` itself, or None when the question has a subject of
    its own or the document states no such fact on its pages (search then answers as usual)."""
    if intent.english and not (_ISSUER.search(intent.text) or _TITLE.search(intent.text)):
        return None
    if _subject(intent, entry, analyzer):
        return None
    kinds = set(intent.answer_types)
    if "attendance" in kinds:
        found, missing = _first(pages, attendance_block), "the document has no list of who attended"
    elif "case" in kinds:
        found, missing = _case_lines(pages), "the document gives no case number"
    elif kinds & {"time", "date"}:
        # (a date read from the metadata or the file name is stated on no page: nothing to quote)
        date = entry.date if entry.sources.get("date") == "text" else None
        found = _first(pages[:_FIRST_PAGES], lambda text: _date_line(text, date))
        missing = "the document's first pages state no date of its own"
    elif _ISSUER.search(intent.text):
        found = _first(pages[:_FIRST_PAGES], lambda text: _line_naming(text, entry.body))
        missing = "the document does not name who issued it"
    elif _TITLE.search(intent.text):
        found = _first(pages[:1], lambda text: _title_span(text, entry.title)) + _headings(pages, entry.headings)
        missing = "neither the document's title nor its headings stand on its pages as read"
    else:
        return None
    if not found:
        return Answer(NOT_FOUND, False, [], 0.0, refusal=missing)
    citations = [Citation(n=n, document=entry.file_name, title=entry.title, page=page, page_label=label,
                          section="", date=entry.date, quote=quote, text=quote, score=1.0, doc_id=entry.doc_id,
                          kind=entry.kind, body=entry.body)
                 for n, (page, label, quote) in enumerate(found, start=1)]
    return Answer(" ".join(f"{c.quote} [{c.n}]" for c in citations), True, citations, 1.0)


def _subject(intent: QueryIntent, entry: DocumentEntry, analyzer: DanishAnalyzer) -> set[str]:
    """The question's content words that name neither the document (its title, body, kind), its
    meeting, nor the kind of fact asked."""
    named = " ".join([_DOCUMENT_WORDS, entry.title, entry.body, " ".join(KIND_NAMES.values()), entry.file_name])
    return {t for t in content_terms(intent.text, analyzer) - set(analyzer.terms(named))
            if not any(c.isdigit() for c in t)}  # a year or date the question gives is checked below


def _first(pages: Pages, find: Callable[[str], str]) -> list[tuple[int, str, str]]:
    """The first page on which ``find`` finds a quote, as [(page, label, quote)]."""
    for p in pages:
        quote = find(str(p["text"]))
        if quote:
            return [(int(p["number"]), str(p.get("label") or p["number"]), quote)]
    return []


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _lines(text: str) -> list[str]:
    return [normalise(line) for line in text.splitlines() if line.strip()]


def _date_line(text: str, date: str | None) -> str:
    """The first line giving the document's date ("Mødedato d. 23. juni 2023", "27-08-2025"); a
    document dated by its year alone has no line that says which day or month it is of."""
    if not date or len(date) < len("YYYY-MM"):
        return ""
    for line in _lines(text):
        if len(line) <= _LINE_CHARS and any(d.startswith(date) for d in find_dates(line)):
            return line
    return ""


def _line_naming(text: str, body: str) -> str:
    """The first line naming the issuing body (or the first part of a body such as "Aarhus
    Kommune, Sundhed og Omsorg")."""
    if not body:
        return ""
    # (a body "Syddjurs Kommune, Udvalget for plan, udvikling og kultur" is its municipality and its committee)
    wanted = [normalise(part).lower() for part in (body, *body.split(", ", 1)) if len(part.strip()) >= 3]
    for line in _lines(text):
        # a letterhead or a signature names the body and little else; a sentence that mentions it
        # ("… som Syddjurs Kommune har …") does not say who wrote the document
        if any(w in line.lower() and len(w) >= _NAMING_SHARE * len(line) for w in wanted):
            return line
    return ""


def _headings(pages: Pages, headings: list[str]) -> list[tuple[int, str, str]]:
    """The document's first top-level headings (its agenda items, its chapters) as its pages print them."""
    out: list[tuple[int, str, str]] = []
    for heading in headings[:_MAX_HEADINGS]:
        # (by its words: the structure writes "Punkt 1. Godkendelse" where the page has "Punkt 1: Godkendelse")
        wanted = _words(heading)
        for p in pages:
            line = next((x for x in _lines(str(p["text"])) if len(x) >= 4 and (_words(x) == wanted or (
                len(_words(x)) >= _NAMING_SHARE * len(wanted) and f" {_words(x)} " in f" {wanted} "))), "")
            if line:
                out.append((int(p["number"]), str(p.get("label") or p["number"]), line))
                break
    return out


def _title_span(text: str, title: str) -> str:
    """The title as the first page prints it (over one or more lines), or its longest line."""
    flat, wanted = normalise(text), normalise(title)
    if wanted and wanted.lower() in flat.lower():
        start = flat.lower().index(wanted.lower())
        return flat[start:start + len(wanted)]
    parts = [line for line in _lines(text) if len(line) >= 8 and line.lower() in wanted.lower()]
    return max(parts, key=len, default="")


def _case_lines(pages: Pages) -> list[tuple[int, str, str]]:
    """The lines labelling a case number ("Sagsnr.: 12/27845"), in page order, at most a few."""
    out: list[tuple[int, str, str]] = []
    for p in pages:
        for line in _lines(str(p["text"])):
            m = CASE_NUMBER.match(line)
            labelled = bool(m and m.group(1) and len(line) <= _CASE_LINE_CHARS)
            if (labelled or _BARE_CASE_LINE.match(line)) and all(line != q for *_, q in out):
                out.append((int(p["number"]), str(p.get("label") or p["number"]), line))
                if len(out) >= _MAX_CASE_LINES:
                    return out
    return out
