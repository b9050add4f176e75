"""Tables as rows: a table row becomes one readable line with its column headers.

pypdf reads a table column by column ("31. marts 1. april 2. april … Antal indlagte …"),
and narrow cells break words ("Målgr" / "uppen"). Passages made of that text match
questions by accident and make nonsense quotes. For pages that draw a grid, pdfplumber
(which groups a page's characters into cells from the ruling lines) finds the tables; each
row becomes one line ``Header: value | Header: value | …`` at the row's place on the page,
and the text around the tables is taken from the same characters, with its typography.

Finding tables costs ~0.1 s a page, so only pages whose content stream draws lines or
rectangles are looked at (a cheap scan of the page's operators). A table that continues on
the next page without repeating its header row keeps the header of the page before.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingest.models import LineStyle

log = logging.getLogger("arkiv.ingest")

# Drawing operators "re" (rectangle) and "l" (line) in a content stream; a grid needs several.
_DRAW_OPS = re.compile(rb"(?:^|\s)(?:re|l)(?=\s)")
_MIN_DRAW_OPS = 8
_MIN_FILLED = 0.4  # share of a table's cells that hold text; below it the "table" is a drawing
_MAX_COLUMNS = 24
_MIN_BESIDE_CHARS = 200  # text beside a page's tables enough to tell the page's body size
_NUMBERISH = re.compile(r"^[\d\s.,%/:;+–-]*$")
_WORD = re.compile(r"\w+")
_ONE_LETTER_WORDS = frozenset("iåø")  # Danish words of one letter ("i", "å" a river, "ø" an island)
# Danish words (and common abbreviations) of two letters: any other two-letter piece at a narrow
# cell's line start is the end of the word above it ("Ungdomme" + "ns", "Søg" + "es").
_TWO_LETTER_WORDS = frozenset(
    "af at bl ca da de dk du el en én er et ét ex fx få gå ha hr ib id im in is it ja jo kl ko kr le lå ml mv nr nu "
    "ny nå og ok om op or os pc pr pt på se si så ti to tv ud ur vi yt ål år æg ør øl øm øv".split())
# Two consonants that open Danish words (and the loanwords of public papers): a cell's line that
# starts with any other pair ("gcentre", "ghedsf") is the rest of the word above it.
_ONSETS = frozenset(
    "bj bl br ch dj dr dv fj fl fr gj gl gn gr hj hv kj kl kn kr kv lj mj nj ph pj pl pn pr ps rh "
    "sc sh sj sk sl sm sn sp st sv sw th tj tr ts tv vr wh".split())
_VOWELS = frozenset("aeiouyæøåéèäöü")
_CID = re.compile(r"\(cid:\d+\)")  # a glyph pdfminer could not map to a character
_WS = re.compile(r"\s+")
_JOINING_WORDS = frozenset({"og", "eller", "samt", "til", "and", "or"})  # "Sundheds- og Forebyggelsesudvalget"
_FULL_LINE_CHARS = 3  # room at a line's end, in the cell's mean character widths, under which the line is full
_BOLD_FONT = re.compile(r"bold|black|heavy|demi|semibold", re.IGNORECASE)


@dataclass(frozen=True)
class TablePage:
    """A page rebuilt from its characters: the text around the tables and one line per row."""

    text: str
    styles: list[LineStyle]
    tables: int
    rows: int


def draws_grid(page: Any) -> bool:
    """Does the page (a pypdf page) draw enough lines or rectangles to hold a table?"""
    try:
        contents = page.get_contents()
        data = contents.get_data() if contents is not None else b""
    except Exception:  # noqa: BLE001 (a damaged content stream just means: no table here)
        return False
    return len(_DRAW_OPS.findall(data)) >= _MIN_DRAW_OPS


def table_pages(path: Path, candidates: list[int], vocabulary: Counter[str]) -> dict[int, TablePage]:
    """Rebuilt text for each candidate page (0-based) that holds at least one real table."""
    if not candidates:
        return {}
    import pdfplumber  # imported here: only documents that draw grids pay for it

    # pdfminer (under pdfplumber) logs recoverable font damage as warnings, one per glyph run:
    # noise on the user's console for a table that reads fine. Failures still raise.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)

    out: dict[int, TablePage] = {}
    header: list[str] | None = None
    try:
        with pdfplumber.open(path) as pdf:
            for index in candidates:
                if index >= len(pdf.pages):
                    continue
                page = pdf.pages[index]
                tables = [t for t in page.find_tables()
                          if _is_data_table(t) or _repeats_header(t, header, vocabulary, page.chars)]
                if not tables:
                    header = None
                    continue
                out[index], header = _rebuild(page, tables, vocabulary, header)
    except Exception as exc:  # noqa: BLE001 (pdfplumber failing on a page the pypdf text already covers)
        log.warning("%s: table detection failed (%s); its tables are read as plain text", path.name, exc)
        return {}
    return out


def vocabulary(texts: list[str]) -> Counter[str]:
    """Words the document uses in running text (lines of four words or more: a narrow table
    cell's fragments sit on short lines), for mending words a cell broke."""
    words: Counter[str] = Counter()
    for text in texts:
        for line in text.split("\n"):
            found = _WORD.findall(line.lower())
            if len(found) >= 4:
                words.update(found)
    return words


def _repeats_header(table: Any, header: list[str] | None, vocabulary: Counter[str],
                    chars: list[dict[str, Any]]) -> bool:
    """A one-row table that is the header row of the table before, with no rows under it (the
    last page of a long table): its text is the repeated header, not content. (Its cells are read
    as the header's were.)"""
    rows = _extract(table, chars)
    return header is not None and len(rows) == 1 and [_cell(c, vocabulary) for c in rows[0]] == header


def _used_columns(rows: list[list[str | None]]) -> list[list[str | None]]:
    """The rows with the columns of one cell joined: a cell merged across columns leaves the
    columns it covers empty, and a merged header may stand one column beside its values. Columns
    side by side that never both hold text in a row are one column of the table."""
    def has(row: list[str | None], i: int) -> bool:
        return i < len(row) and bool(row[i] and row[i].strip())

    width = max((len(r) for r in rows), default=0)
    groups: list[list[int]] = []
    for i in range(width):
        if groups and not any(has(r, i) and any(has(r, j) for j in groups[-1]) for r in rows):
            groups[-1].append(i)
        else:
            groups.append([i])
    groups = [g for g in groups if any(has(r, i) for r in rows for i in g)]
    return [[next((r[i] for i in g if has(r, i)), None) for g in groups] for r in rows]


def _is_data_table(table: Any) -> bool:
    rows = _used_columns(table.extract())
    if len(rows) < 2 or not rows[0] or len(rows[0]) < 2 or len(rows[0]) > _MAX_COLUMNS:
        return False
    cells = [c for row in rows for c in row]
    filled = sum(bool(c and c.strip()) for c in cells)
    return filled >= _MIN_FILLED * len(cells)


def _rebuild(page: Any, tables: list[Any], vocabulary: Counter[str],
             header: list[str] | None) -> tuple[TablePage, list[str] | None]:
    lines: list[tuple[float, str, LineStyle]] = []
    boxes = [t.bbox for t in tables]

    def beside_tables(obj: dict[str, Any]) -> bool:
        # by the character's centre: a line touching a table's edge is not part of it
        if obj.get("object_type") != "char":
            return True
        x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    for line in page.filter(beside_tables).extract_text_lines(return_chars=True):
        text = _CID.sub("", line["text"]).strip()
        if text:
            lines.append((float(line["top"]), text, _style(line["chars"])))
    # A row is set in the size of the page's running text, never bold: it counts in the document's
    # body size like running text, and it is no heading (ingest/headings.py). Where little text
    # stands beside the tables (a running header over a page of table), the tables' own size.
    beside: Counter[int] = Counter()
    for _, text, ls in lines:
        beside[round(ls.size)] += len(text)
    n_rows = 0
    scoped = False  # the header is a part's own (a bold row inside the table), not the whole table's
    for table in tables:
        if sum(beside.values()) >= _MIN_BESIDE_CHARS or not _inside(table.bbox, page.bbox):
            size = beside.most_common(1)[0][0] if beside else 0
        else:
            own = Counter(round(float(c.get("size", 0.0))) for c in page.within_bbox(table.bbox).chars
                          if str(c.get("text", "")).isalnum())
            size = own.most_common(1)[0][0] if own else 0
        row_style = LineStyle(float(size), False)
        rows = _used_columns(_extract(table, page.chars))
        tops = [r.bbox[1] for r in table.rows]
        cells = [[_cell(c, vocabulary) for c in row] for row in rows]
        start = 0
        if _is_key_value(cells):
            # a form-like table ("Formål | …", "Startbetingelser | …"): each row is "key: value"
            for top, (key, value) in zip(tops, cells):
                if value:
                    lines.append((float(top), f"{key}: {value}" if key else value, row_style))
                    n_rows += 1
            header = None
            continue
        styles = [_style(page.within_bbox(r.bbox).chars) if _inside(r.bbox, page.bbox) else row_style
                  for r in table.rows]
        # Where a table sets some rows in bold, its headers are those rows: a plain first row is
        # data (a list continued from the page before), however much it looks like a header.
        typeset = any(st.bold for st in styles)
        if len(cells) > 2 and len(cells[0]) >= 2 and sum(bool(c) for c in cells[0]) == 1 and _is_header(cells[1]) \
                and (styles[1].bold or not typeset):
            # A caption in the table's first row ("Versionering") over its header row: a line of its
            # own, and the row below names the columns.
            # (A bold caption titles a part, like the bold title rows below: its header is the part's.)
            lines.append((float(tops[0]), next(c for c in cells[0] if c), styles[0]))
            header, start, scoped = cells[1], 2, styles[0].bold
        elif _is_header(cells[0]) and (styles[0].bold or not typeset):
            header, start, scoped = cells[0], 1, False
        elif header is None or len(header) != len(cells[0]):
            header, scoped = None, False
        for i in range(start, len(cells)):
            row, style = cells[i], styles[i]
            filled = sum(bool(c) for c in row)
            if style.bold and len(row) >= 2 and filled == 1:
                # A bold cell alone on its row titles the rows below it ("Sager på vej i 2025"): it
                # stays a line of its own, with its typography, for the headings to find. The part
                # it opens keeps the table's header, not the header row of the part before.
                lines.append((float(tops[i]), next(c for c in row if c), style))
                if scoped:
                    header, scoped = None, False
                continue
            if style.bold and filled >= 2 and i + 1 < len(cells) and _is_header(row):
                # A bold row inside the table names the columns of the rows below it
                # ("Sag | Afd. | Forventet fremsendt" under each part of a status list).
                header, scoped = row, True
                continue
            text = _row_text(row, header)
            if text:
                lines.append((float(tops[i]), text, row_style))
                n_rows += 1
    lines.sort(key=lambda item: item[0])
    text = unicodedata.normalize("NFC", "\n".join(t for _, t, _ in lines))
    return TablePage(text, [s for _, _, s in lines], len(tables), n_rows), header


def _inside(box: tuple[float, float, float, float], page: tuple[float, float, float, float]) -> bool:
    return box[0] >= page[0] and box[1] >= page[1] and box[2] <= page[2] and box[3] <= page[3] and \
        box[2] > box[0] and box[3] > box[1]


def _style(chars: list[dict[str, Any]]) -> LineStyle:
    letters = [c for c in chars if str(c.get("text", "")).isalnum()]
    if not letters:
        return LineStyle(0.0, False)
    bold = sum(bool(_BOLD_FONT.search(str(c.get("fontname", "")))) for c in letters)
    return LineStyle(round(max(float(c.get("size", 0.0)) for c in letters), 1), bold * 2 > len(letters))


def _is_key_value(rows: list[list[str]]) -> bool:
    """Two columns whose first holds a short label on every row: a form, not a list of records."""
    return all(len(row) == 2 for row in rows) and all(row[0] and len(row[0]) <= 40 for row in rows)


def _is_header(row: list[str]) -> bool:
    """A header row names its columns: most cells filled, none a number."""
    filled = [c for c in row if c]
    return len(filled) >= max(2, len(row) // 2) and not any(_NUMBERISH.match(c) for c in filled)


def _row_text(row: list[str], header: list[str] | None) -> str:
    parts = []
    for i, value in enumerate(row):
        if not value:
            continue
        name = header[i] if header and i < len(header) and header[i] else ""
        parts.append(f"{name}: {value}" if name and name != value else value)
    return " | ".join(parts)


_ROW_CELL = re.compile(r"^\s*([^:|]{1,40}):\s*(.*?)\s*$")


def row_cells(line: str) -> dict[str, str]:
    """A row as ``_row_text`` writes it ("Header: value | Header: value"), read back as header →
    value; cells without a header are left out. Empty for a line that is no row."""
    if " | " not in line:
        return {}
    cells = [_ROW_CELL.match(c) for c in line.split(" | ")]
    return {m.group(1).strip(): m.group(2) for m in cells if m}


def _extract(table: Any, chars: list[dict[str, Any]]) -> list[list[str | None]]:
    """The table's cells as pdfplumber reads them, each cell's line breaks decided by the PDF
    itself where it can tell: a text that wraps at a space keeps that space as a character at the
    line's end, and a narrow cell that breaks a word has none ("Diabetesfore" / "ningen",
    "Øster" / "bro"). Where the characters do not spell the cell as pdfplumber reads it (no space
    characters, another order) the cell is left to ``_cell``'s mending by the document's words."""
    rows = table.extract()
    x0, top, x1, bottom = table.bbox
    inside = [c for c in chars if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom]
    out: list[list[str | None]] = []
    for row, values in zip(table.rows, rows):
        r_top, r_bottom = row.bbox[1], row.bbox[3]
        in_row = [c for c in inside if r_top <= (c["top"] + c["bottom"]) / 2 <= r_bottom]
        out.append([_mended(value, bbox, in_row) if value and bbox is not None else value
                    for bbox, value in zip(row.cells, values)])
    return out


def _mended(value: str, bbox: tuple[float, float, float, float], chars: list[dict[str, Any]]) -> str:
    """``value`` with each line break read from the cell's characters in the order the PDF draws
    them. A hyphen between lower-case letters is a hyphenated word (or a compound's first part
    before "og", "eller"). A space character at the break is a space. Without one, a letter before a lower-case
    letter (or a comma, a full stop) is a word the cell broke when the line was full, with no
    room for another character ("Diabetesfore" / "ningen"; but "hvis" / "problemer" on a line
    with room to spare). Else a space (a column of numbers). (A full line that ended a word
    without a space, "tolerance" / "imellem", is read as one word: 4 of 7,396 cells of a
    204-page grant list; the document's words, asked instead, split compounds at their joint.)"""
    x0, top, x1, bottom = bbox
    lines: list[list[dict[str, Any]]] = []
    last_bottom = None
    for c in chars:
        if not (x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom):
            continue
        text = str(c.get("text", ""))
        if not lines or (last_bottom is not None and float(c["top"]) > last_bottom - 1 and not text.isspace()):
            lines.append([])  # the cell's first character, or one that starts a lower line
        lines[-1].append(c)
        last_bottom = float(c["bottom"])
    drawn = ["".join(str(c.get("text", "")) for c in line) for line in lines]
    if len(drawn) < 2 or _WS.sub(" ", " ".join(d.strip() for d in drawn)).strip() != _WS.sub(" ", value).strip():
        return value  # the characters do not spell the cell with its spaces: nothing to read from them
    glyphs = [float(c["x1"]) - float(c["x0"]) for line in lines for c in line if not str(c.get("text", "")).isspace()]
    char_width = sum(glyphs) / len(glyphs) if glyphs else 0.0
    out = drawn[0]
    for before, text in zip(lines, drawn[1:]):
        if out.rstrip()[-1:] == "-":
            out = out.rstrip()  # (a hyphen at the line's end may have a space character after it)
        head = text.strip().split(" ")[0]
        if out[-1:] == "-" and out[-2:-1].islower() and head[:1].islower():
            # hyphenated at the line's end ("brugeraktø-" / "rens"), unless a joined word follows
            # a compound's first part ("Sundheds-" / "og Forebyggelsesudvalget")
            out = out + " " + text.lstrip() if head in _JOINING_WORDS else out[:-1] + text.lstrip()
        elif out[-1:].isspace() or text[:1].isspace():
            out = out.rstrip() + " " + text.lstrip()
        elif not _line_full(before, x1, char_width):
            out = out + " " + text
        elif text[:1] in ",.;:)" or (out[-1:].isalpha() and text[:1].islower()):
            out += text
        else:
            out = out + " " + text
    return _WS.sub(" ", out).strip()


def _line_full(line: list[dict[str, Any]], right: float, char_width: float) -> bool:
    """The room left at the end of ``line`` (to the cell's ``right`` edge) is less than three of
    the cell's characters: the line broke because the next character did not fit. (In a
    204-page grant list the lines that broke a word leave under 2.5 characters, those that end a
    word with no space character after it 4 or more.)"""
    drawn = [c for c in line if not str(c.get("text", "")).isspace()]
    return bool(drawn) and right - float(drawn[-1]["x1"]) < _FULL_LINE_CHARS * char_width


def _cell(value: str | None, vocabulary: Counter[str]) -> str:
    """One cell's lines joined, words broken by the narrow cell mended ("Købe" + "nhavn")."""
    if not value:
        return ""
    pieces = [p.strip() for p in value.replace("\r", "\n").split("\n") if p.strip()]
    out = ""
    for piece in pieces:
        if not out:
            out = piece
            continue
        tail = out.split(" ")[-1]
        head = piece.split(" ")[0]
        if tail.endswith("-") and len(tail) > 1 and tail[-2].islower() and head[:1].islower():
            out = out[:-1] + piece  # hyphenated at the cell edge
        elif _broken_word(tail, head, vocabulary):
            out = out + piece
        else:
            out = f"{out} {piece}"
    return unicodedata.normalize("NFC", re.sub(r"\s+", " ", _CID.sub("", out))).strip()


def _broken_word(tail: str, head: str, vocabulary: Counter[str]) -> bool:
    """Did a narrow cell break one word in two? Yes when the second piece is not a word the
    document uses and either the two pieces make one it does use, or the second is a
    fragment of three letters or fewer (short Danish words all occur in running text); yes
    when the document uses the joined word more often than the second piece ("Nørre" + "bro":
    a long table's own fragments reach its running text too); and yes when the second piece
    is one or two letters that are no word ("AnsøgerNav" + "n", "Ungdomme" + "ns"), unless it
    opens an abbreviation ("m.v."), or opens with two consonants no word opens with ("gcentre")."""
    if not (tail[-1:].isalpha() and head[:1].isalpha() and head[:1].islower()):
        return False
    word = _WORD.match(head)
    second = (word.group(0) if word else head).lower()
    joined = tail.lower() + second
    if len(second) == 1:
        return second not in _ONE_LETTER_WORDS and not re.match(r"\w\.\w", head)
    if len(second) == 2:  # … and the piece above is no word of its own either
        return second not in _TWO_LETTER_WORDS and second.isalpha() and vocabulary[tail.lower()] == 0
    if vocabulary[second] == 0 and second[0] not in _VOWELS and second[1] not in _VOWELS \
            and second[:2] not in _ONSETS and second[:2].isalpha():
        return True  # no word starts so ("Frivilli" + "gcentre")
    return (vocabulary[second] == 0 and (vocabulary[joined] > 0 or len(second) <= 3)) or \
        vocabulary[joined] > vocabulary[second]
