"""Find a document's kind, metadata and heading structure.

Each document kind has its own heading grammar:

* minutes (referat): "Punkt N. Titel" items and "a. Titel" sub-items;
* agenda (dagsorden): "N (Offentlig) Titel" items with the fixed sub-headings
  Resumé / Indstilling / Sagsfremstilling / Økonomi / … / Bilag / Beslutninger,
  a case number under each item, the open minutes of the previous meeting
  enclosed as an annex (its own meeting date), and the other annexes (bilag),
  recognised by the titles the items list under "Bilag";
* report (fagligt oplæg): numbered chapters that open a page, numbered
  subsections, and the numbered recommendations — listed once in a chapter
  whose title names them ("Samlede anbefalinger") and found again, by number
  and title, in the theme chapters;
* slides: one section per page.

These are configurations of known layouts. Any other document — and a known kind whose
layout finder finds nothing, such as minutes without "Punkt N" items — gets its headings
from its typography (``ingest.headings``). The result is a flat list of ``Section``s that
tile the document text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ingest.dates import danish, first_date
from ingest.headings import Heading as _Heading
from ingest.headings import BARE_CASE_NUMBER, CASE_NUMBER, OPEN_END, PARTS, contents_pages, normalise_case, typographic_headings
from ingest.models import Document, Outline, Section
from ingest.tables import row_cells

_LINE = re.compile(r"[^\n]*\n?")
_MINUTES_ITEM = re.compile(r"^Punkt\s+(\d{1,2})\s*[.):]?\s*(.*)$")  # "Punkt 3.", "Punkt 3)", "Punkt 3: …"
# A line that is only a case number, labelled or bare ("Sagsnr.: 24/12345", "EMN-2025-001234").
_CASE_LINE = re.compile(rf"^(?:{CASE_NUMBER.pattern}|{BARE_CASE_NUMBER.pattern})\s*$", re.IGNORECASE)
_SUB_ITEM = re.compile(r"^([a-h])[.)]\s+(\S.*)$")
_AGENDA_ITEM = re.compile(r"^(\d{1,2})\s+\((Offentlig|Fortrolig|Lukket)\)\s*(.*)$")
_AGENDA_SUBHEADINGS = (
    "Resumé", "Indstilling", "Sagsfremstilling", "Økonomi", "Sekretariatets bemærkninger",
    "Kommunikation", "Bilag", "Beslutninger", "Beslutning",
)
_CASE_ID_LINE = re.compile(r"^Sags ID:\s*([A-ZÆØÅ]{2,4}-\d{4}-\d{4,6})")
_ANNEX_ENTRY = re.compile(r"^(\d{1,2})\.\s+(.+?)\s*\((\d+)\s*-\s*" + BARE_CASE_NUMBER.pattern + r"\)", re.DOTALL)
_NUMBERED = re.compile(r"^(\d{1,2})\.\s+(\S.*)$")
_SUBSECTION = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){1,3})\.?\s+([A-ZÆØÅ].{2,100})$")
_WORD = re.compile(r"\w+", re.UNICODE)


# --------------------------------------------------------------------------- sections

@dataclass
class _Lines:
    """The document text as (offset, line) pairs, and each line's position on its page (0 = first)."""

    items: list[tuple[int, str]] = field(default_factory=list)
    on_page: list[int] = field(default_factory=list)


def _lines(doc: Document) -> _Lines:
    out = _Lines()
    page_starts = {page.offset for page in doc.pages}
    pos, index = 0, 0
    for m in _LINE.finditer(doc.text):
        if not m.group(0):
            break
        index = 0 if pos in page_starts else index + 1
        out.items.append((pos, m.group(0).rstrip("\n")))
        out.on_page.append(index)
        pos = m.end()
    return out


# A layout finder that finds fewer headings than this has not recognised the layout; nor has
# one whose headings stop before this share of the text while the typography shows more
# top-level headings (a report finder that caught only the first chapters).
_MIN_LAYOUT_HEADINGS = 2
_MIN_LAYOUT_REACH = 0.5


def find_sections(doc: Document) -> list[Section]:
    finder = {
        "minutes": _minutes_headings,
        "agenda": _agenda_headings,
        "report": _report_headings,
        "slides": _slide_headings,
    }.get(doc.meta.kind)
    headings = finder(doc) if finder else []
    if len(headings) < _MIN_LAYOUT_HEADINGS:
        headings = typographic_headings(doc)
        if len(headings) < _MIN_LAYOUT_HEADINGS:  # no headings at all: a table's categories, if sorted by one
            headings = _table_group_headings(doc) or headings
    elif max(h.offset for h in headings) < _MIN_LAYOUT_REACH * len(doc.text):
        general = typographic_headings(doc)
        if _top_count(general) > _top_count(headings):
            headings = general
    headings = sorted(headings, key=lambda h: (h.offset, h.level))
    return _tile(doc, headings)


_MIN_GROUP_ROWS = 3  # rows a group has on average before a column's values count as the table's sections


def _table_group_headings(doc: Document) -> list[_Heading]:
    """A long table with no headings, sorted by a category column ("Område: Børn og unge" for
    thirty rows, then "Område: Handicap"…): each run of one value is a section. The column is
    the one whose values come in as many runs as there are values (sorted), a few rows each."""
    rows = [(offset, row_cells(line)) for offset, line in _lines(doc).items if " | " in line]
    if len(rows) < 2 * _MIN_GROUP_ROWS:
        return []
    best: tuple[int, str] | None = None
    for column in {c for _, cells in rows for c in cells}:
        values = [cells[column] for _, cells in rows if cells.get(column)]
        if len(values) < 0.8 * len(rows) or any(len(v) > 60 for v in values):
            continue  # a column most rows have, of short values
        runs = 1 + sum(a != b for a, b in zip(values, values[1:]))
        distinct = len(set(values))
        if 2 <= distinct == runs and len(values) / runs >= _MIN_GROUP_ROWS and (best is None or runs > best[0]):
            best = (runs, column)
    if best is None:
        return []
    column, out, previous = best[1], [], None
    for start, cells in rows:
        if cells.get(column) and cells[column] != previous:
            previous = cells[column]
            out.append(_Heading(start, 0, f"{column}: {previous}", "table_group"))
    return out


def outline(doc: Document, sections: list[Section], shown: int = 6) -> Outline:
    """Count the sections and name the first top-level headings, for users and the ingest log."""
    tops: list[str] = []
    for section in sections:
        if section.path and section.path[0] not in tops:
            tops.append(section.path[0])
    return Outline(sections=sum(1 for s in sections if s.path), headings=tuple(tops[:shown]),
                   tables=doc.tables, table_rows=doc.table_rows)


def _top_count(headings: list[_Heading]) -> int:
    top = min((h.level for h in headings), default=0)
    return sum(h.level == top for h in headings)


def _tile(doc: Document, headings: list[_Heading]) -> list[Section]:
    """Turn heading events into sections that cover the whole text."""
    sections: list[Section] = []
    stack: list[_Heading] = []
    bounds = [h.offset for h in headings] + [len(doc.text)]
    if not headings or headings[0].offset > 0:
        first_end = headings[0].offset if headings else len(doc.text)
        if doc.text[:first_end].strip():
            sections.append(Section(path=(), start=0, end=first_end, kind="front", date=doc.meta.date))
    for i, heading in enumerate(headings):
        stack = [h for h in stack if h.level < heading.level] + [heading]
        start, end = heading.offset, bounds[i + 1]
        if end <= start:
            continue
        case = next((h.case_number for h in reversed(stack) if h.case_number), None)
        date = next((h.date for h in reversed(stack) if h.date), doc.meta.date)
        rec = next((h.recommendation for h in reversed(stack) if h.recommendation), None)
        item = next((h.item for h in reversed(stack) if h.item is not None), None)
        sections.append(Section(
            path=tuple(h.label for h in stack), start=start, end=end, kind=heading.kind,
            case_number=case, date=date, recommendation=rec, item=item,
        ))
    return sections


def _continued_title(lines: list[tuple[int, str]], i: int, title: str) -> str:
    """Headings often wrap: take the next line too when it continues the title."""
    if i + 1 < len(lines):
        nxt = lines[i + 1][1].strip()
        ends_open = not title.endswith(".") or bool(re.search(r"\b\d{1,2}\.$", title))  # "mødet den 8."
        if nxt and ends_open and (nxt[0].islower() or re.match(r"^\d{4}\b", nxt) or OPEN_END.search(title)) \
                and not _SUB_ITEM.match(nxt) and not _CASE_LINE.match(nxt):
            return f"{title} {nxt}".strip()
        # The item's header ends at its case number ("… om en ny" / "Legeplads i Nordparken" /
        # "EMN-2025-001234"): a line between the title and the case number is the title's end, unless
        # it is a name alone (the officer's, "Anne Holm": no lower-case word).
        after = lines[i + 2][1].strip() if i + 2 < len(lines) else ""
        if title and ends_open and len(nxt) <= 80 and re.search(r"\b[a-zæøå]{2,}", nxt) and not _SUB_ITEM.match(nxt) \
                and not _CASE_LINE.match(nxt) and _CASE_LINE.match(after):
            return f"{title} {nxt}".strip()
    return title


# minutes ------------------------------------------------------------------------------

def _minutes_headings(doc: Document) -> list[_Heading]:
    lines = _lines(doc).items
    out: list[_Heading] = []
    in_item = False
    names = _name_words(doc.text)
    for i, (offset, line) in enumerate(lines):
        m = _MINUTES_ITEM.match(line)
        if m:
            number = int(m.group(1))
            title = _continued_title(lines, i, m.group(2).strip())
            out.append(_Heading(offset, 0, f"Punkt {number}. {title}".strip(), "agenda_item", item=number,
                                case_number=_case_line_after(lines, i)))
            in_item = True
            continue
        s = _SUB_ITEM.match(line)
        if s and in_item:
            title = _continued_title(lines, i, s.group(2).strip())
            out.append(_Heading(offset, 1, f"{s.group(1)}. {title}", "sub_item"))
        elif in_item and (part := _part(line, names)):
            # An item's parts as the meeting system prints them: "Beslutninger", "Baggrund:", "Indstilling",
            # "INDSTILLING FRA MAGISTRATSAFDELINGEN FOR …".
            out.append(_Heading(offset, 1, part, "subheading"))
    return out


def _part(line: str, names: frozenset[str] = frozenset()) -> str:
    """The part heading ``line`` is ("Beslutninger", "Indstilling fra Magistratsafdelingen for …"), or ""."""
    text = line.strip().rstrip(":").strip()
    if PARTS.match(line.strip()):
        return text
    if text.isupper() and PARTS.match(text.capitalize()):
        # Set in capitals: in sentence case, but a party's or body's short name stays ("fra KF og M"),
        # and a word the document writes as a name stays one ("Viggo Jonasen", "Teknik og Miljø").
        words = text.split()

        def cased(w: str) -> str:
            if w.lower().strip(",.;:()") in names:
                return w.capitalize()
            return w if len(w) <= 3 and w.lower() not in _SMALL_WORDS else w.lower()
        return " ".join([words[0].capitalize()] + [cased(w) for w in words[1:]])
    return ""


_SMALL_WORDS = frozenset("og fra for om i af til på med ved".split())
# A capitalised word after a lower-case word or a comma: inside a sentence, so a name.
_INNER_CAPITAL = re.compile(r"(?<=[a-zæøå,] )([A-ZÆØÅ][a-zæøå]{2,})\b")
_LOWER_WORD = re.compile(r"\b[a-zæøå]{3,}\b")


def _name_words(text: str) -> frozenset[str]:
    """Words the document writes as names: capitalised inside sentences at least twice, never in
    lower case ("Jonasen", "Magistratsafdelingen", "Miljø"; not "Indstilling", also written "indstilling")."""
    capital = Counter(w.lower() for w in _INNER_CAPITAL.findall(text))
    lower = set(_LOWER_WORD.findall(text))
    return frozenset(w for w, n in capital.items() if n >= 2 and w not in lower)


# agenda -------------------------------------------------------------------------------

@dataclass
class _Annex:
    title: str
    case_number: str
    item_number: int
    meeting_date: str | None  # for minutes enclosed as an annex


def _agenda_headings(doc: Document) -> list[_Heading]:
    lines = _lines(doc).items
    out: list[_Heading] = []
    annexes: list[_Annex] = []
    part_level_offset = 0  # 1 while inside enclosed minutes, which get a part heading
    part_date = doc.meta.date
    current_item: tuple[str, int] | None = None  # label and number of the item being read
    enclosed_cases: set[str] = set()
    in_annex_list = False
    for i, (offset, line) in enumerate(lines):
        case_line = _CASE_ID_LINE.match(line)
        if case_line:
            case = case_line.group(1)
            minutes = next((a for a in annexes if a.case_number == case and "referat" in a.title.lower()), None)
            if minutes and case not in enclosed_cases:
                enclosed_cases.add(case)
                label = f"Bilag: referat af mødet {danish(minutes.meeting_date)}".strip()
                out.append(_Heading(offset, 0, label, "enclosed_minutes", case_number=case, date=minutes.meeting_date))
                part_level_offset, part_date = 1, minutes.meeting_date
            continue
        m = _AGENDA_ITEM.match(line)
        if m:
            number, status = int(m.group(1)), m.group(2)
            title = _continued_title(lines, i, m.group(3).strip()) or f"({status})"
            label = f"Punkt {number}. {title}"
            case = _case_after(lines, i)
            out.append(_Heading(offset, part_level_offset, label, "agenda_item", case_number=case,
                                date=part_date, item=number))
            current_item = (label, number)
            in_annex_list = False
            continue
        stripped = line.strip()
        if stripped in _AGENDA_SUBHEADINGS and current_item:
            out.append(_Heading(offset, part_level_offset + 1, stripped, "subheading"))
            in_annex_list = stripped == "Bilag"
            continue
        if in_annex_list and current_item:
            entry = _ANNEX_ENTRY.match(stripped + (" " + lines[i + 1][1].strip() if i + 1 < len(lines) else ""))
            if entry:
                item_title, item_number = current_item
                annexes.append(_Annex(
                    title=entry.group(2).strip(), case_number=normalise_case(entry.group(4)),
                    item_number=item_number,
                    meeting_date=first_date(item_title) if "referat" in entry.group(2).lower() else None,
                ))
    out.extend(_annex_pages(doc, annexes, out))
    return out


def _case_line_after(lines: list[tuple[int, str]], i: int) -> str | None:
    """The case number of an item's header: a line of its own among the three after the item line."""
    for _, line in lines[i + 1 : i + 4]:
        m = _CASE_LINE.match(line.strip())
        if m:
            found = BARE_CASE_NUMBER.search(line) or CASE_NUMBER.search(line)
            return normalise_case(found.group(1)) if found else None
    return None


def _case_after(lines: list[tuple[int, str]], i: int) -> str | None:
    for _, line in lines[i + 1 : i + 6]:
        m = BARE_CASE_NUMBER.search(line)
        if m:
            return normalise_case(m.group(1))
    return None


def _annex_pages(doc: Document, annexes: list[_Annex], headings: list[_Heading]) -> list[_Heading]:
    """Pages after the last agenda heading that open with the title of a listed annex.

    Each annex opens once; the pages after it belong to it until the next one opens.
    """
    if not annexes or not headings:
        return []
    last = max(h.offset for h in headings)
    out: list[_Heading] = []
    opened: set[int] = set()
    for page in doc.pages:
        if page.offset <= last:
            continue
        opening = page.text[:400]
        scored = [
            (_overlap(annex.title, opening), i) for i, annex in enumerate(annexes)
            if i not in opened and "referat" not in annex.title.lower()
        ]
        if not scored:
            break
        # On a tie the annex listed first wins: the current meeting's items come first.
        score, best = max(scored, key=lambda pair: (pair[0], -pair[1]))
        if score >= 0.6:
            opened.add(best)
            annex = annexes[best]
            label = f"Bilag til punkt {annex.item_number}: {_short(annex.title)}"
            out.append(_Heading(page.offset, 0, label, "annex", case_number=annex.case_number,
                                date=doc.meta.date, item=annex.item_number))
    return out


def _short(title: str, limit: int = 90) -> str:
    title = re.sub(r"\s+", " ", title).strip(" _")
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


def _stems(text: str) -> set[str]:
    # A crude prefix "stem" is enough to match a listed annex title with its first page.
    return {w.lower()[:6] for w in _WORD.findall(text) if len(w) > 3 and not w.isdigit()}


def _overlap(title: str, text: str) -> float:
    wanted = _stems(title)
    return len(wanted & _stems(text)) / len(wanted) if wanted else 0.0


# report -------------------------------------------------------------------------------

def _report_headings(doc: Document) -> list[_Heading]:
    info = _lines(doc)
    lines = info.items
    contents = [p for p in doc.pages if p.number in contents_pages(doc.pages)]
    out: list[_Heading] = []
    chapter = 0
    chapter_title = ""
    canonical: dict[int, str] = {}
    in_list_chapter = False
    for i, (offset, line) in enumerate(lines):
        if any(p.offset <= offset < p.offset + len(p.text) for p in contents):
            continue  # the contents page lists the chapters; they open later
        m = _NUMBERED.match(line)
        at_page_start = info.on_page[i] < 3
        # The first chapter may have any number: an excerpt of a report starts mid-way.
        is_chapter = m and (int(m.group(1)) == chapter + 1 or (chapter == 0 and at_page_start)) and (
            (at_page_start and len(m.group(2)) <= 60)
            # a short unpunctuated title mid-page also opens the next chapter
            or (len(m.group(2).strip()) <= 30 and not m.group(2).strip().endswith("."))
        )
        if is_chapter:
            chapter = int(m.group(1))
            chapter_title = m.group(2).strip()
            in_list_chapter = "anbefaling" in chapter_title.lower()
            out.append(_Heading(offset, 0, f"Kapitel {chapter}. {chapter_title}", "chapter"))
            continue
        s = _SUBSECTION.match(line)
        if s and s.group(1).split(".")[0] == str(chapter) and chapter:
            out.append(_Heading(offset, 1, f"{s.group(1)}. {s.group(2).strip()}", "subsection"))
            continue
        if not m:
            continue
        number, title = int(m.group(1)), _continued_title(lines, i, m.group(2).strip())
        if in_list_chapter and number == len(canonical) + 1:
            canonical[number] = title
            out.append(_rec_heading(offset, number, title))
        elif not in_list_chapter and number in canonical and _same_title(canonical[number], title):
            out.append(_rec_heading(offset, number, title))
    return out


def _rec_heading(offset: int, number: int, title: str) -> _Heading:
    return _Heading(offset, 2, f"Anbefaling {number}. {_short(title, 120)}", "recommendation", recommendation=number)


def _same_title(canonical: str, title: str) -> bool:
    a, b = _WORD.findall(canonical.lower())[:5], _WORD.findall(title.lower())[:5]
    return len(a) >= 2 and a[: min(len(a), len(b))] == b[: min(len(a), len(b))]


# slides -------------------------------------------------------------------------------

def _slide_headings(doc: Document) -> list[_Heading]:
    out = []
    for page in doc.pages:
        first = page.text.split("\n", 1)[0].strip()
        out.append(_Heading(page.offset, 0, f"Slide {page.number}: {_short(first, 80)}", "slide"))
    return out

