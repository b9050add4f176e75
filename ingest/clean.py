"""Repair the damage PDF text extraction does, page by page.

* running headers and footers (a line that repeats at the top or bottom of most
  pages, digits ignored) are dropped;
* printed page numbers ("Side 3 af 64", a bare number in the footer) are
  dropped from the text but kept as the page's label;
* words hyphenated across a line break are joined ("psykia-\\ntrien" →
  "psykiatrien") while real hyphens survive ("Indenrigs- og", "10-årsplan",
  "EU-borgere", "COVID-19");
* whitespace is normalised: one space inside a line, no empty lines; a bullet a symbol font
  draws with a private-use code point (U+F0B7) is "•".

Line breaks are kept: structure detection reads headings line by line.
"""

from __future__ import annotations

import re
from collections import Counter

from ingest.models import LineStyle, Page

_PRINTED_PAGE = re.compile(r"^(?:side|page|s\.)\s*(\d{1,4})(?:\s*(?:af|/|of)\s*\d{1,4})?$", re.IGNORECASE)
_BARE_NUMBER = re.compile(r"^\d{1,4}$")
_CONTINUATION = re.compile(r"^(?:\.{3}|…)\s*fortsat(?:tes)?$|^\(fortsat(?:tes)?\)$", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
# Bullets a Symbol or Wingdings font draws with a private-use code point: shown and read as "•".
_SYMBOL_BULLETS = str.maketrans({"\uf0b7": "•", "\uf0a7": "•", "\uf0a8": "•", "\uf06e": "•", "\uf076": "•",
                                 "\uf0d8": "•", "\uf0fc": "•"})
_DIGITS = re.compile(r"\d+")
_WORDS = re.compile(r"\w+")
_MONTHS = frozenset(
    "januar februar marts april maj juni juli august september oktober november december "
    "january february march may june july october".split())
_LOOSE_WORDS = 4  # words a line needs before its word set alone can tell it is a running header
# A word set in spaced capitals for display ("R E F E R A T"): one word to a reader and to search.
_LETTER_SPACED = re.compile(r"(?<!\S)(?:[A-ZÆØÅ] ){3,}[A-ZÆØÅ](?![^\s.,:;!?])")
# After "sundheds-" at a line end these words mean the hyphen is a real one
# ("sundheds- og socialområdet"), not a line-break hyphenation.
_CONJUNCTIONS = frozenset({"og", "eller", "samt", "til", "som", "såvel", "end", "men", "and", "or"})
_EDGE_LINES = 2  # how many lines at the top and bottom of a page can be header/footer
_BLOCK_LINES = 6  # … and how deep a header block repeated line for line at the same place can reach
_MIN_BLOCK = 3  # lines in a row, and pages, for a block repeated at the page edge to be a header
_SHOUTED_CHARS = 30  # a line in capitals this long repeated at page edges is a running title


_NO_STYLE = LineStyle(0.0, False)


def clean_pages(raw_pages: list[str], pdf_labels: list[str] | None = None,
                styles: list[list[LineStyle]] | None = None) -> list[Page]:
    """Clean every page of one document; headers are found across all its pages.

    ``styles`` (from ``ingest.pdf.read_page``) gives each raw line its typography; each
    cleaned page keeps the style of each of its lines, for heading and title detection."""
    pages_styled = [split_lines(text, styles[i] if styles and i < len(styles) else None)
                    for i, text in enumerate(raw_pages)]
    plain = [[line for line, _ in lines] for lines in pages_styled]
    running = running_lines(plain) | running_titles(plain)
    loose = {loose_signature(line) for lines in plain for line in lines if signature(line) in running} - {""}
    cleaned: list[Page] = []
    offset = 0
    for index, styled in enumerate(pages_styled):
        label = (pdf_labels[index] if pdf_labels and index < len(pdf_labels) else str(index + 1))
        styled, printed = _strip_edges(styled, running, loose)
        lines = [line for line, _ in styled]
        joined = _joined_with_next(lines)
        text = _join(lines, joined)
        kept_styles = tuple(style for i, (_, style) in enumerate(styled) if i == 0 or not joined[i - 1])
        page = Page(number=index + 1, label=printed or label, text=text, offset=offset, styles=kept_styles)
        cleaned.append(page)
        offset += len(text) + 1  # pages are joined with "\n" in Document.text
    return cleaned


def join_pages(pages: list[Page]) -> str:
    return "\n".join(page.text for page in pages)


def normalise_line(line: str) -> str:
    line = _SPACES.sub(" ", line.translate(_SYMBOL_BULLETS)).strip()
    return _LETTER_SPACED.sub(lambda m: m.group().replace(" ", ""), line)


def split_lines(text: str, styles: list[LineStyle] | None = None) -> list[tuple[str, LineStyle]]:
    """A page's non-empty lines, whitespace-normalised, each with its typography."""
    raw = text.replace("\u00ad", "").split("\n")
    if styles is None or len(styles) != len(raw):
        styles = [_NO_STYLE] * len(raw)
    out: list[tuple[str, LineStyle]] = []
    for line, style in zip(raw, styles):
        # "\r" inside a line (rare) splits it further; the parts share the line's style
        for part in line.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
            part = normalise_line(part)
            if part:
                out.append((part, style))
    return out


def signature(line: str) -> str:
    """A line with its digits masked: what running headers are compared by."""
    return _DIGITS.sub("#", line.lower())


def loose_signature(line: str) -> str:
    """A line's set of words, digits and month names masked: the same header block printed with
    other punctuation, word order or date ("fælles-standard | Titel: … | Dato: Oktober 2022" over
    the pages, "fælles standard | Id og titel: … | Dato: Januar 2023" on the cover) has one."""
    words = {"<month>" if word in _MONTHS else _DIGITS.sub("#", word) for word in _WORDS.findall(line.lower())}
    return " ".join(sorted(words)) if len(words) >= _LOOSE_WORDS else ""


def running_lines(pages_lines: list[list[str]]) -> set[str]:
    """Signatures of lines that repeat at the page edges."""
    if len(pages_lines) < 2:
        return set()
    # A header block of more lines ("Sundheds- og Forebyggelsesudvalget / Referat / Åbent referat /
    # Dato: 04.12.2012 / Side 7"): a deeper line is running where it stands at the same place from
    # the page's edge on half the pages. A line of text that recurs near the top of many pages
    # (the same decision under several items) stands at a different place each time.
    counts: Counter[str] = Counter()
    placed: Counter[tuple[int, str]] = Counter()
    # The same block of lines, line for line, opening (or closing) the page: a tabular header that
    # pypdf reads as several lines on some pages and as one joined line on the rest stands on too
    # few pages for ``placed``, but no text repeats three or more lines in a row at a page edge by chance.
    blocks: Counter[tuple[str, ...]] = Counter()
    for lines in pages_lines:
        sigs = [signature(line) for line in lines]
        blocks.update({tuple(sigs[:n]) for n in range(_MIN_BLOCK, _BLOCK_LINES + 2) if n <= len(sigs)})
        blocks.update({tuple(sigs[-n:]) for n in range(_MIN_BLOCK, _BLOCK_LINES + 2) if n <= len(sigs)})
        counts.update(set(sigs[:_EDGE_LINES]) | set(sigs[-_EDGE_LINES:]))
        placed.update({(i, sig) for i, sig in enumerate(sigs[_EDGE_LINES:_BLOCK_LINES], _EDGE_LINES)})
        placed.update({(-i, sig) for i, sig in enumerate(reversed(sigs[-_BLOCK_LINES:-_EDGE_LINES]), _EDGE_LINES + 1)})
    # Half the pages for a short document; in a long report a header that repeats on
    # a tenth of the pages (the report title over each chapter opening) is running too.
    # Short lines ("Bilag", "Beslutninger") only count on half the pages: at a page
    # edge they are usually structure, not a header.
    half = max(2, (len(pages_lines) + 1) // 2)
    tenth = max(3, len(pages_lines) // 10) if len(pages_lines) >= 20 else half
    repeated = {sig for sig, n in counts.items() if n >= half or (n >= tenth and len(sig) >= 30)}
    repeated |= {sig for (_, sig), n in placed.items() if n >= half}
    repeated |= {sig for block, n in blocks.items() if n >= max(_MIN_BLOCK, len(pages_lines) // 10) for sig in block}
    return {sig for sig in repeated if not _BARE_NUMBER.match(sig.replace("#", "0"))}


def running_titles(pages_lines: list[list[str]]) -> set[str]:
    """Signatures of a long report's title printed in capitals over a few pages (its chapter
    openings): running where it stands at a page edge three times or more, though that is rarer than
    one page in ten. Body text does not repeat a long line in capitals at a page's edge. (Text
    cleaning only: the document's title is read from the first page as it is.)"""
    if len(pages_lines) < 20:
        return set()
    shouted: Counter[str] = Counter()
    for lines in pages_lines:
        shouted.update({signature(line) for line in lines[:_EDGE_LINES] + lines[-_EDGE_LINES:]
                        if len(line) >= _SHOUTED_CHARS and line.isupper()})
    return {sig for sig, n in shouted.items() if n >= _MIN_BLOCK}


def _strip_edges(lines: list[tuple[str, LineStyle]], running: set[str],
                 loose: set[str] = frozenset()) -> tuple[list[tuple[str, LineStyle]], str | None]:
    """Drop running headers/footers and printed page numbers at the page edges.

    A bare number wins over "Side N af M": where both are printed, the bare one
    is the original page number of the publication and "Side N af M" was added
    when the file was assembled.
    """
    printed: str | None = None
    bare: str | None = None
    kept = list(lines)
    for edge in ("top", "bottom"):
        stripped: set[str] = set()
        for _ in range(_BLOCK_LINES + 1):
            if not kept:
                break
            line = (kept[0] if edge == "top" else kept[-1])[0]
            sig = signature(line)
            if sig in stripped:
                break  # the header's words again: the page's own title under its running header
            stripped.add(sig)
            match = _PRINTED_PAGE.match(line)
            if match:
                printed = printed or match.group(1)
            elif _BARE_NUMBER.match(line):
                bare = bare or line
            elif not (sig in running or loose_signature(line) in loose or _CONTINUATION.match(line)):
                break
            if edge == "top":
                kept.pop(0)
            else:
                kept.pop()
    return [pair for pair in kept if not _CONTINUATION.match(pair[0])], bare or printed


def dehyphenate(lines: list[str]) -> str:
    """Join ``lines`` with newlines, undoing hyphenation at line ends."""
    return _join(lines, _joined_with_next(lines))


def _joined_with_next(lines: list[str]) -> list[str]:
    """For each line, how its last word continues on the next line: "cut" (a hyphenation,
    "psykia-" + "trien"), "hyphen" (a real hyphen, "10-" + "årsplan") or "" (a line break)."""
    out = []
    for i, line in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        out.append("cut" if _is_line_break_hyphen(line, nxt) else "hyphen" if _is_glued_hyphen(line, nxt) else "")
    return out


def _join(lines: list[str], joined: list[str]) -> str:
    out: list[str] = []
    for line, how in zip(lines, joined):
        out.append(line[:-1] if how == "cut" else line if how == "hyphen" else line + "\n")
    return "".join(out).rstrip("\n")


def _is_line_break_hyphen(line: str, nxt: str) -> bool:
    if len(line) < 2 or not line.endswith("-") or not nxt:
        return False
    if not (line[-2].isalpha() and line[-2].islower() and nxt[0].islower()):
        return False
    word = re.split(r"[\s,.;:]", nxt, maxsplit=1)[0]
    return word not in _CONJUNCTIONS  # "sundheds-" + "og socialområdet" keeps its hyphen


def _is_glued_hyphen(line: str, nxt: str) -> bool:
    """A hyphen after a capital or digit is part of the word: EU-borgere, COVID-19, 10-årsplan."""
    if len(line) < 2 or not line.endswith("-") or not nxt:
        return False
    return (line[-2].isupper() or line[-2].isdigit()) and nxt[0].isalnum()
