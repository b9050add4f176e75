"""Headings from the PDF's own typography: the general rule for any layout.

A line is a heading when it is set larger than the body text, or bold at body size and
short, or opens with a numbering that meetings and reports use ("Punkt 3", "Pkt. 3",
"Sag nr. 12", "Ad 3", "§ 4", "3.", "3.2") and is set apart by size or weight. Agenda
items keep their parts (Sagsfremstilling, Indstilling, Beslutning, "Beslutning i X den …",
"Udvalgets beslutning", Bilag …) as sub-sections, and a case number written under an item
("Sagsnr. 24/12345", "EMN-2025-01234", "J.nr. 2012-200292", "Sags ID: …") is kept with it.

What is not a heading: a date line ("7. april 2020"), a page number, a contents entry
with dotted leaders, the cells of a table (a page where most lines would qualify), and a
line that ends a sentence mid-paragraph. Nor is the front matter around the text: the lines
of a cover page (a first page with no body text), the title and column header of a table of
contents (headings with nothing under them but contents entries), and, in a meeting's papers,
whatever comes before the first agenda item (the member list, absentees, the contents).

Levels follow the size and weight of the headings, except that "N." after "N-1." is its sibling
when the two are set within a point of each other.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ingest.dates import find_dates
from ingest.models import Document, LineStyle, Page

# A larger size than the body text by this factor marks a heading.
_LARGER = 1.12
_MAX_HEADING_CHARS = 120
_MAX_HEADING_WORDS = 16
# A page where more than this share of the lines would be headings is a table or a fact box.
_MAX_HEADING_SHARE = 0.4
_MAX_REPEATS = 3

STRONG_NUMBERING = re.compile(
    r"^(?:(?:Punkt|Pkt\.?|Dagsordenspunkt|Sag(?:\s+nr\.?)?|Ad|§)\s*(\d{1,4})\b[.):]?\s*(.*)$)", re.IGNORECASE)
_NUMBERED = re.compile(r"^(\d{1,4}(?:\.\d{1,2}){0,3})\.?\s+([A-ZÆØÅ\"'»“(].*)$")
PARTS = re.compile(
    r"^(?:Sagsfremstilling|Sagsbeskrivelse|Indstilling(?:er)?(?: fra .{2,80})?|Beslutning(?:er)?|Resumé|Resume|Økonomi|"
    r"Beslutningsforslag(?: fra .{1,80})?|Beslutningspunkter|"
    r"Bilag|Baggrund|Lovgrundlag|Høring|Kommunikation|Tidsplan|Sekretariatets bemærkninger|"
    r"Forvaltningens (?:vurdering|indstilling)|Administrationens indstilling|Direktionens indstilling|"
    r"Udvalgets beslutning|Byrådets beslutning|Beslutning (?:i|i mødet|på mødet) .{2,80}|"
    r"Beslutning [A-ZÆØÅ].{2,80} den .{4,40}|Fraværende|Afbud|Deltagere|Medlemmer)\s*:?$")
# A case number without a label, as meeting systems print it ("EMN-2025-01234", "MDR-2024–00035"):
# letters, the year and a serial number. One pattern for ingest, the question's identifiers and
# the answer's agenda rows; ``normalise_case`` gives it one spelling.
BARE_CASE_NUMBER = re.compile(r"\b([A-ZÆØÅ]{2,5}[-–]\d{4}[-–] ?\d{3,6})\b")
# The number after a case label: "24/12345", "2012-200292", "EMN-2025-01234".
CASE_DIGITS = r"[A-ZÆØÅ]{0,5}[-–]?\d[\d/.\-–]{3,20}\d"
# The labels written before it ("Sagsnr.:", "Sags ID:", "J.nr.", "Dok.nr."); CASE_NUMBER also reads Acadre's "Acadre sag".
CASE_LABELS = r"Sagsnr|Sags\s?nr|Sags\s?ID|J\.\s?nr|Journalnr|Dok\.\s?nr"
CASE_NUMBER = re.compile(
    rf"(?:{CASE_LABELS}|Acadre\s?sag)\.?\s*:?\s*"
    rf"({CASE_DIGITS})"
    r"|" + BARE_CASE_NUMBER.pattern, re.IGNORECASE)
# Any number that identifies a case or a document: a labelled or bare case number, or a document
# number of a filing system ("222359/12").
IDENTIFYING_NUMBER = re.compile(CASE_NUMBER.pattern + r"|\b\d{3,7}/\d{2}\b", re.IGNORECASE)
_LEADERS = re.compile(r"(?:\.\s?){4,}|…{2,}|_{4,}")
# A contents entry that cannot be anything else: dotted leaders running to a page number.
_LEADER_ENTRY = re.compile(r"(?:(?:\.\s?){4,}|…{2,})\s*\d{1,4}$")
_CONTENTS_ENTRY = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?\s+)?[A-ZÆØÅ].{2,100}?\s\d{1,3}$")
_PAGE_MARK = re.compile(r"^(?:side|page)?\s*\d{1,4}(?:\s*(?:af|of|/)\s*\d{1,4})?$", re.IGNORECASE)


@dataclass
class Heading:
    offset: int
    level: int
    label: str
    kind: str
    case_number: str | None = None
    date: str | None = None
    recommendation: int | None = None
    item: int | None = None


def body_size(pages: list[Page]) -> float:
    """The size most of the document's letters are set in (0 when the PDF gave no sizes)."""
    return _body_style(pages)[0]


def _body_style(pages: list[Page]) -> tuple[float, bool]:
    """Body text size, and whether bold marks anything (not when most of the text is bold)."""
    counts: Counter[float] = Counter()
    letters = bold = 0
    for page in pages[:60]:
        for line, style in zip(page.text.split("\n"), page.styles):
            if style.size:
                counts[round(style.size)] += len(line)
                letters += len(line)
                bold += len(line) if style.bold else 0
    size = float(counts.most_common(1)[0][0]) if counts else 0.0
    return size, bold * 2 < letters


def contents_pages(pages: list[Page]) -> set[int]:
    """Page numbers of a table of contents: lines with dotted leaders or ending in a page
    number, several of them (their entries repeat the headings and must not become sections)."""
    out = set()
    for page in pages[:12]:
        lines = [line.strip() for line in page.text.split("\n") if line.strip()]
        entries = sum(bool(_LEADERS.search(line) or _CONTENTS_ENTRY.match(line)) for line in lines)
        if entries >= 4 and entries >= 0.3 * len(lines):
            out.add(page.number)
    return out


def normalise_case(number: str) -> str:
    """One spelling of a case number: dashes are hyphens, no spaces ("EMN-2025–01 234" → "EMN-2025-01234")."""
    return re.sub(r"\s+", "", number.replace("–", "-").replace("—", "-"))


def case_number_in(text: str) -> str | None:
    m = CASE_NUMBER.search(text)
    return normalise_case(m.group(1) or m.group(2)) if m else None


# A title line that ends in a connective goes on below, whatever the next line starts with:
# "… på Grenåvej i Løgten &" / "Skødstrup", "6. Prioritering af midler til kronisk syge borgere og" /
# "hverdagsrehabilitering for ældre".
OPEN_END = re.compile(r"(?:[&,+–-]|\b(?:og|eller|samt|i|på|for|til|af|om|med|ved|fra|mod|efter|under|hos|and|of))$", re.I)


def typographic_headings(doc: Document) -> list[Heading]:
    size, bold_marks = _body_style(doc.pages)
    skip = contents_pages(doc.pages)
    candidates: list[tuple[int, str, LineStyle, int, str, int | None]] = []  # offset, text, style, depth, kind, item
    for page in doc.pages:
        if page.number in skip:
            continue
        lines = page.text.split("\n")
        styles = page.styles if len(page.styles) == len(lines) else (LineStyle(0.0, False),) * len(lines)
        found = []
        offset = page.offset
        last = -1  # the line the last candidate stands on
        for n, (line, style) in enumerate(zip(lines, styles)):
            if not bold_marks:
                style = LineStyle(style.size, False)
            judged = _judge(line, style, size)
            if judged:
                found.append((offset, line.strip(), style, *judged))
                last = n
            elif found and last == n - 1 and found[-1][4] == "heading" and found[-1][2] == style \
                    and OPEN_END.search(found[-1][1]) and line.strip() \
                    and len(found[-1][1]) + len(line) < _MAX_HEADING_CHARS:
                # The title wrapped after a connective onto a line in its own type that is no
                # heading alone (it starts in lower case, or reads as a date): it is the title's end.
                found[-1] = (found[-1][0], f"{found[-1][1]} {line.strip()}", *found[-1][2:])
                last = n
            offset += len(line) + 1
        real = [f for f in found if f[4] != "part"]
        if len(real) > max(3, _MAX_HEADING_SHARE * len(lines)):
            found = [f for f in found if f[4] == "part" or STRONG_NUMBERING.match(f[1])]
        candidates.extend(found)
    # The first page's title block (set larger than any heading after it) is the title, not a
    # section every other heading would nest under.
    first_end = len(doc.pages[0].text)  # the first page starts the text
    later = [c[2].size for c in candidates if c[0] >= first_end and c[4] != "part"]
    if later:
        candidates = [c for c in candidates if c[0] >= first_end or c[2].size <= max(later) + 0.5]
    candidates = _without_cover_page(candidates, doc, size)
    candidates = _without_contents_titles(candidates, doc.text)
    # A line repeated on many pages is a table's header row or a running title, not a heading.
    repeats = Counter(c[1] for c in candidates)
    candidates = [c for c in candidates if repeats[c[1]] < _MAX_REPEATS or c[4] == "part" or STRONG_NUMBERING.match(c[1])]
    candidates = _merge_wrapped(candidates, doc.text)
    sizes = sorted({round(c[2].size) for c in candidates if c[4] != "part"}, reverse=True)
    out: list[Heading] = []
    is_meeting = doc.meta.kind in ("minutes", "agenda")
    numbered: tuple[int, LineStyle, int] | None = None  # the last "N." heading: number, style, level
    for offset, text, style, depth, kind, item in candidates:
        rank = sizes.index(round(style.size)) if round(style.size) in sizes else len(sizes)
        level = 10 * rank + (0 if style.bold or not size else 1) + depth
        if item is not None and depth == 0 and kind == "heading":
            # "5." after "4." is its sibling, also when a template set it a fraction of a point smaller
            if numbered and item == numbered[0] + 1 and style.bold == numbered[1].bold \
                    and abs(style.size - numbered[1].size) <= _SAME_SIZE:
                level = numbered[2]
            numbered = (item, style, level)
        if kind == "part":
            level = 10 * len(sizes) + 5
        elif CAPTION.match(text):
            # A figure's, table's or box's caption is a leaf: set as the subsections are (same size,
            # bold), it would otherwise become the parent of the numbered heading after it ("2.2."
            # under "Figur 1." instead of beside "2.1.").
            level = 10 * len(sizes) + 4
        elif is_meeting and item is not None:
            kind = "agenda_item"
        heading = Heading(offset, level, _short(text), kind, item=item if kind == "agenda_item" else None)
        if kind == "part" and text.startswith("Beslutning"):
            # "Beslutning i Udvalget for … den 10-04-2013": a decision taken at an earlier meeting
            # of the same case carries that meeting's date, not the date of these minutes.
            heading.date = next(iter(find_dates(text)), None)
        if kind == "agenda_item":
            heading.case_number = case_number_in(doc.text[offset:offset + 400])
        out.append(heading)
    if is_meeting and any(h.kind == "agenda_item" for h in out):
        out = _without_front_matter(out, doc)
        # Items are the top level of a meeting's papers; the parts and any other heading inside an
        # item ("Supplerende sagsfremstilling", "Underskriftsside") are its sections, side by side.
        for h in out:
            h.level = 0 if h.kind == "agenda_item" else 1
    return out


# A caption: "Figur 3.", "Figur 4 og 5.", "Tabel 2", "Boks 1.", "Figure 2", "Table 1", "Box 3".
CAPTION = re.compile(r"^(?:Figur(?:er)?|Fig\.|Tabel(?:ler)?|Boks|Diagram|Figures?|Tables?|Box)\s*\d", re.I)


# Headings numbered in sequence whose sizes differ by this much or less (in points) are one
# level: the same heading set at 14 and 14.8 pt by different pages of a document.
_SAME_SIZE = 1.0


def _without_cover_page(candidates: list, doc: Document, size: float) -> list:
    """A first page with no body text at all (every line set larger than the body) is a cover
    page: its lines are the title, the subtitle and the issuer, not sections."""
    if len(doc.pages) < 2 or not size:
        return candidates
    first = doc.pages[0]
    lines = first.text.split("\n")
    if len(first.styles) != len(lines):
        return candidates
    written = [(line, style) for line, style in zip(lines, first.styles) if line.strip()]
    if not written or any(style.size < size * _LARGER for _, style in written):
        return candidates
    end = first.offset + len(first.text)
    return [c for c in candidates if not first.offset <= c[0] < end]


def _without_contents_titles(candidates: list, text: str) -> list:
    """A heading with nothing under it but contents entries ("Indhold", a column header such as
    "Nr. … Side") belongs to a table of contents, not to the text.

    Read from the end, so that a title over a column header over the entries goes too."""
    kept: list = []
    dropped: set[int] = set()
    next_start = len(text)
    for cand in reversed(candidates):
        line_end = text.find("\n", cand[0], next_start)
        under, pos = [], line_end + 1
        while 0 < pos < next_start:
            stop = text.find("\n", pos, next_start)
            stop = next_start if stop < 0 else stop
            if text[pos:stop].strip() and pos not in dropped:
                under.append(text[pos:stop].strip())
            pos = stop + 1
        if cand[4] != "part" and line_end >= 0 and under and all(_LEADER_ENTRY.search(line) for line in under):
            dropped.add(cand[0])  # the lines from here to the next heading kept are all contents
            continue
        kept.append(cand)
        next_start = cand[0]
    return kept[::-1]


# Agenda items that start after this share of the text and after this many pages are not where
# the papers start (a cover, a member list and a contents list rarely fill more); the headings
# before them are kept.
_MAX_FRONT_SHARE = 0.5
_MAX_FRONT_PAGES = 4


def _without_front_matter(headings: list[Heading], doc: Document) -> list[Heading]:
    """In a meeting's papers, the headings before the first agenda item are its front matter:
    the member list, absentees, the contents. They are not sections of the papers; their text
    stays in the front section. Not when one of them is numbered, or the first item opens late:
    then the layout did not show every item as one, and the headings before it are kept."""
    first = min(h.offset for h in headings if h.kind == "agenda_item")
    front = [h for h in headings if h.offset < first]
    late = first > _MAX_FRONT_SHARE * len(doc.text) and doc.page_at(first).number > _MAX_FRONT_PAGES
    if late or any(_NUMBERED.match(h.label) or STRONG_NUMBERING.match(h.label) for h in front):
        return headings
    return [h for h in headings if h.offset >= first]


def _judge(line: str, style: LineStyle, size: float) -> tuple[int, str, int | None] | None:
    """(numbering depth, kind, item number) when ``line`` is a heading, else None."""
    text = line.strip()
    letters = sum(ch.isalpha() for ch in text)
    if letters < 3 or len(text) > _MAX_HEADING_CHARS or len(text.split()) > _MAX_HEADING_WORDS:
        return None
    if _LEADERS.search(text) or _PAGE_MARK.match(text):
        return None
    if " | " in text:
        return None  # a table row as ingest writes it ("Version: 1.0 | Dato: …"): a record, not a title
    if find_dates(text) and letters < 25:  # "Torsdag den 20. juni 2013", "7. april 2020"
        return None
    if PARTS.match(text) or (text.isupper() and PARTS.match(text.capitalize())):
        return (0, "part", None)
    larger = bool(size) and style.size >= size * _LARGER
    bold = style.bold and (not size or style.size >= size - 0.6)
    strong = STRONG_NUMBERING.match(text)
    if strong and (larger or bold or not size):
        return (0, "heading", int(strong.group(1)))
    numbered = _NUMBERED.match(text)
    if text.endswith((",", ";")) or (text[:1].islower() and not numbered):
        return None
    if not (larger or bold):
        return None
    if text.endswith(".") and not numbered and len(text.split()) > 8:
        return None  # a bold sentence, not a title
    if numbered:
        number = numbered.group(1)
        depth = number.count(".")
        return (depth, "heading", int(number.split(".")[0]) if depth == 0 else None)
    return (0, "heading", None)


def _merge_wrapped(candidates: list, text: str) -> list:
    """A heading that wraps onto a second line of the same style is one heading."""
    out: list = []
    for cand in candidates:
        if out:
            prev = out[-1]
            end = prev[0] + len(prev[1])
            gap = text[end:cand[0]]
            same = (prev[2] == cand[2] and prev[4] == cand[4] == "heading" and cand[5] is None
                    and not _NUMBERED.match(cand[1]) and gap.strip() == "" and gap.count("\n") == 1)
            if same and len(prev[1]) + len(cand[1]) < _MAX_HEADING_CHARS:
                out[-1] = (prev[0], f"{prev[1]} {cand[1]}", *prev[2:])
                continue
        out.append(cand)
    return out


def _short(title: str, limit: int = 110) -> str:
    title = re.sub(r"\s+", " ", title).strip(" _:")
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"
