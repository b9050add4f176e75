"""Questions about one document itself: when its meeting was, who issued it, what it is, who
attended, its case numbers, what was decided.

Asked where one document is in scope ("Spørg kun i dette dokument" on the page, a ``doc_id``
filter, or an archive of one document), "hvornår var mødet?" or "hvem har skrevet dokumentet?"
names no subject of its own: every content word is a word for the document, the meeting or the
kind of fact. Ranking passages by those words finds nothing in particular (or the date of another
meeting the minutes mention), so such a question is answered from what ingest read of the
document — its date, issuing body, title and headings — and from the lines that state them (an
attendance block, case-number lines, each item's decision under its decision heading), each
quoted verbatim with its page. A question with a subject of its own ("hvornår blev
kulturpolitikken godkendt?") is not one of these and goes through search as any other.
"""
from __future__ import annotations

import re
from typing import Callable

from api.answer import NOT_FOUND, Answer, Citation, attendance_block, normalise, on_page
from api.query import QueryIntent, content_terms
from api.refusal import Refusal
from api.search import DECIDED_HEADING
from index.lexical import DanishAnalyzer
from index.manifest import DocumentEntry
from ingest.dates import find_dates
from ingest.facts import KIND_NAMES
from ingest.headings import BARE_CASE_NUMBER, CASE_NUMBER

# Words that name the document, its meeting or the fact asked, not a subject: "hvornår var
# mødet?", "hvem har udarbejdet notatet?", "hvad handler referatet om?".
_DOCUMENT_WORDS = ("sagsnummer sagsnummeret sagsnumre sagsnr dokument dokumentet dokumentets referat referatet "
                   "referatets dagsorden dagsordenen notat notatet rapport rapporten rapportens oplæg oplægget "
                   "møde mødet mødets udvalgsmøde udvalgsmødet sag sagen sagerne dato datoen skrevet skrev udgivet "
                   "udgav udarbejdet udarbejdede afsender afsenderen handler drejer titel titlen hedder stede "
                   "deltog deltagere fraværende afbud holdt afholdt står bag udgiver udgiveren forfatter "
                   "forfatteren punkt punkter punkterne emner indhold indholdet besluttet besluttede beslutning "
                   "beslutningen beslutninger vedtaget vedtog udvalg udvalget udvalgets råd rådet rådets byråd "
                   "byrådet kommunalbestyrelsen regionsrådet bestyrelsen "
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
_MAX_DECISIONS = 10
_QUOTE_CHARS = 300
_FULL_LINE = 60  # a line shorter than this ends where its paragraph ends, not where the page's width did
_CASE_LINE_CHARS = 120
# A case number on a line of its own, as agenda items carry it under their title ("EMN-2025-003383").
_BARE_CASE_LINE = re.compile(rf"^(?:{BARE_CASE_NUMBER.pattern})$")
_LINE_CHARS = 200  # a dated line longer than this is running text, not the document's date line
_NAMING_SHARE = 0.5  # a line names the body (or a heading) when that makes up half of it or more

Pages = list[dict]


def answer_about_document(intent: QueryIntent, entry: DocumentEntry, pages: Pages, analyzer: DanishAnalyzer,
                          passages: Callable[[], list[dict]] = list) -> Answer | None:
    """The answer to a question about ``entry`` itself, or None when the question has a subject of
    its own (search then answers as usual); a refusal naming what the document lacks when it
    states no such fact. ``passages`` gives the document's passages in reading order (read only
    for its decisions and case numbers, which stand under their agenda items)."""
    if intent.english and not (_ISSUER.search(intent.text) or _TITLE.search(intent.text)):
        return None
    if _subject(intent, entry, analyzer):
        return None
    kinds = set(intent.answer_types)
    if intent.decided and not kinds:
        found = _decisions(passages(), pages, entry.date)
        missing = Refusal.NO_DECISION_RECORDED
    elif "attendance" in kinds:
        found, missing = _first(pages, attendance_block), Refusal.NO_ATTENDANCE
    elif "case" in kinds:
        found, missing = _case_lines(passages(), pages), Refusal.NO_CASE_NUMBER
    elif kinds & {"time", "date"}:
        # (a date read from the metadata or the file name is stated on no page: nothing to quote)
        date = entry.date if entry.sources.get("date") == "text" else None
        found = _first(pages[:_FIRST_PAGES], lambda text: _date_line(text, date))
        missing = Refusal.NO_OWN_DATE
    elif _ISSUER.search(intent.text):
        found = _first(pages[:_FIRST_PAGES], lambda text: _line_naming(text, entry.body))
        missing = Refusal.NO_ISSUER
    elif _TITLE.search(intent.text):
        found = _first(pages[:1], lambda text: _title_span(text, entry.title)) + _headings(pages, entry.headings)
        missing = Refusal.NO_TITLE
    else:
        return None
    if not found:
        return Answer(NOT_FOUND, False, [], 0.0, refusal=missing)
    citations = [Citation(n=n, document=entry.file_name, title=entry.title, page=page, page_label=label,
                          section=section, date=entry.date, quote=quote, text=quote, score=1.0, doc_id=entry.doc_id,
                          kind=entry.kind, body=entry.body)
                 for n, (page, label, quote, *where) in enumerate(found, start=1)
                 for section in [where[0] if where else ""]]
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
    """The first line naming the issuing body (or the first part of a body such as "Hedeby
    Kommune, Sundhed og Omsorg")."""
    if not body:
        return ""
    # (a body "Hedeby Kommune, Udvalget for plan, udvikling og kultur" is its municipality and its committee)
    wanted = [normalise(part).lower() for part in (body, *body.split(", ", 1)) if len(part.strip()) >= 3]
    for line in _lines(text):
        # a letterhead or a signature names the body and little else; a sentence that mentions it
        # ("… som Hedeby Kommune har …") does not say who wrote the document
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


def _decisions(passages: list[dict], pages: Pages, date: str | None) -> list[tuple[int, str, str, str]]:
    """Each agenda item's decision as the minutes record it under a decision heading
    ("Beslutninger" / "Godkendt.", "Udvalgets beslutning den 04.12.2012" / "Taget til efterretning."),
    with the item it belongs to. An item decided at several meetings ("Beslutning i udvalget den
    24-04-2013 …", "… den 20-06-2013 …") is quoted for the document's own meeting where a heading
    names its day."""
    by_item: dict[str, list[tuple[int, str, str]]] = {}
    for p in passages:
        path = [str(x) for x in p.get("section_path") or []]
        lines = [line.strip() for line in str(p.get("text", "")).splitlines()]
        for i, line in enumerate(lines):
            if not (line and DECIDED_HEADING.match(line)):
                continue
            quote = _statement(line, lines[i + 1:])
            page = _page_of(quote, pages, int(p.get("page_start", 0)), int(p.get("page_end", 0)))
            if page is None:
                continue
            item = " › ".join(x for x in path if not DECIDED_HEADING.match(x)) or str(p.get("section", ""))
            found = by_item.setdefault(item, [])
            if all(q != quote for _, _, q in found):
                found.append((int(page["number"]), str(page.get("label") or page["number"]), quote))
    out: list[tuple[int, str, str, str]] = []
    for item, found in by_item.items():
        own = [f for f in found if date and any(d == date for d in find_dates(f[2]))]
        out.extend((*f, item) for f in (own or found[-1:]))  # (of an item's history, the latest)
        if len(out) >= _MAX_DECISIONS:
            break
    return out


def _statement(heading: str, following: list[str]) -> str:
    """A decision heading with what it records: the lines under it up to the first full stop
    (or a blank line), at most a quote's length."""
    taken: list[str] = []
    for line in following:
        # (a short line before a capital ends its paragraph: "Taget til efterretning" / "Følgende deltog …")
        if not line or DECIDED_HEADING.match(line) or (taken and len(taken[-1]) < _FULL_LINE and line[:1].isupper()):
            break
        taken.append(line)
        text = normalise(" ".join(taken))
        if text.endswith((".", "!")) or len(text) > _QUOTE_CHARS:
            break
    said = normalise(" ".join([heading, *taken]))
    return said if len(said) <= _QUOTE_CHARS else said[:_QUOTE_CHARS].rsplit(" ", 1)[0]


def _page_of(quote: str, pages: Pages, first: int, last: int) -> dict | None:
    """The page (of ``first``..``last``) the quote stands on, or None when it runs over a page break."""
    return next((page for page in pages if first <= int(page["number"]) <= last and on_page(quote, page)), None)


def _case_lines(passages: list[dict], pages: Pages) -> list[tuple[int, str, str, str]]:
    """The lines giving a case number ("Sagsnr.: 12/27845", an item's "EMN-2025-003383"), in reading
    order, at most a few, each with the agenda item it stands under."""
    out: list[tuple[int, str, str, str]] = []
    for p in passages:
        for line in _lines(str(p.get("text", ""))):
            m = CASE_NUMBER.match(line)
            labelled = bool(m and m.group(1) and len(line) <= _CASE_LINE_CHARS)
            if not (labelled or _BARE_CASE_LINE.match(line)) or any(line == q for _, _, q, _ in out):
                continue
            page = _page_of(line, pages, int(p.get("page_start", 0)), int(p.get("page_end", 0)))
            if page is not None:
                out.append((int(page["number"]), str(page.get("label") or page["number"]), line,
                            str((p.get("section_path") or [""])[0])))
                if len(out) >= _MAX_CASE_LINES:
                    return out
    return out
