"""What a document is, read from the document: title, issuing body, kind and date.

Real PDFs carry junk metadata (Title "16.DOCX", "Microsoft Word - ITA_COVID_19.docx", a URL;
Author the clerk who saved the file), so every fact is read from the text first and the
metadata is only a fallback, marked as such in ``DocumentMeta.sources``:

* **title**: the largest lines on the first page (consecutive lines of one size are one
  title; a subtitle in the next size joins a short title); a lone kind word ("Referat",
  "R E F E R A T") is completed by the line that names the meeting ("Emne: …") or by the
  running header; a first page with nothing larger than the body text uses a labelled
  subject line, then the running header; an "å" whose ring the large type lost ("Sager pa
  vej") is mended from the body text's spelling (``restore_rings``);
* **body**: an organisation named in the title block or running header, else the one the
  document names most often (a municipality or region, a committee, a board, an agency: the
  forms Danish bodies are named in; a committee with its municipality), never a person;
* **kind**: landscape pages with little text are slides; else a kind word in the title, then
  in the first lines, then the agenda-item or "Punkt N" layout, then length (a report);
* **date**: a labelled date ("Mødedato", "Dato", "Godkendt … den") first, then the first
  date in the title block, in any common Danish or English form.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from ingest.clean import normalise_line, running_lines, signature, split_lines
from ingest.dates import find_dates, first_date, first_month, pdf_date
from ingest.headings import body_size
from ingest.models import DocumentMeta, LineStyle, Page

# kind → words that name it, strongest first within a text (checked on the title, then the top)
KIND_WORDS: dict[str, tuple[str, ...]] = {
    "agenda": ("dagsorden",),
    "minutes": ("referat", "beslutningsprotokol", "protokol", "mødereferat"),
    "notat": ("notat", "statusnotat", "memo", "redegørelse"),
    "status": ("status", "statusrapport", "situationsrapport"),
    "report": ("rapport", "tilsynsrapport", "fagligt oplæg", "analyse", "evaluering", "undersøgelse",
               "kortlægning", "report"),
    "slides": ("præsentation", "oplæg ved", "slides"),
    "policy": ("politik", "strategi", "handleplan", "handlingsplan", "vision"),
    "standard": ("kvalitetsstandard", "standard", "use case", "vejledning", "retningslinje", "instruks"),
    "table": ("liste over", "oversigt over", "ansøgningsliste"),
    "letter": ("høringssvar", "henvendelse", "brev"),
}
KIND_NAMES = {"minutes": "Referat", "agenda": "Dagsorden", "notat": "Notat", "report": "Rapport",
              "status": "Status", "slides": "Præsentation", "policy": "Politik", "standard": "Standard",
              "table": "Liste", "letter": "Brev", "document": "Dokument"}

_JUNK_TITLE = re.compile(
    r"^(?:microsoft\s+\w+\s*-|untitled|unavngivet|dokument\d*$|<.*>$|\S+\.(?:docx?|xlsx?|pptx?|pdf|rtf|odt)$)"
    r"|https?://|www\.|\.(?:dk|com|org|eu)\b|_", re.IGNORECASE)
_FILE_EXTENSION = re.compile(r"\.(?:docx?|xlsx?|pptx?|pdf|rtf|odt)$", re.IGNORECASE)
_PAGE_MARK = re.compile(r"^(?:side|page)?\s*\d{1,4}\s*(?:af|of|/)?\s*\d{0,4}$", re.IGNORECASE)
_LABEL = re.compile(r"^(?:emne|vedr(?:ørende)?\.?|titel|overskrift|om|sag|mødetitel|møde)\s*[:.]?\s+(\S.{5,})$",
                    re.IGNORECASE)
_DATE_LABEL = re.compile(
    r"(?:mødedato|møde\s*dato|dato|dateret|udgivet|offentliggjort|godkendt[^.\n]{0,60}?|afholdt|date|published|"
    r"(?<![\w-])(?:sendt|sent)(?=\s*:))"  # an e-mail's "Sendt:", not "fremsendt"
    r"\s*(?:den|d\.)?\s*[:.]?\s*", re.IGNORECASE)
_SPACED = re.compile(r"^(?:[A-ZÆØÅ]\s){2,}[A-ZÆØÅ]$")  # "R E F E R A T"
_YEAR_ONLY = re.compile(r"^\s*(?:19|20)\d\d\s*$")

# How Danish public bodies are named. Each pattern finds a name in running text; the first
# one found in the first pages (title block first) is the issuer.
_CAP = r"[A-ZÆØÅ][\wæøåÆØÅ.-]*"
_BODY_PATTERNS = [
    re.compile(rf"\b((?:{_CAP}[ -])?{_CAP})\s+Kommunes?\b"),  # "Ballerup Kommune(s)", "Københavns Kommune"
    re.compile(r"\b(Region (?:Hovedstaden|Sjælland|Syddanmark|Midtjylland|Nordjylland|[A-ZÆØÅ]\w+))\b"),
    re.compile(r"\b(Udvalget for [\wæøå -]+?(?:, [\wæøå -]+?)*(?: og [\wæøå-]+)?)(?= \(|[.;:\n]| den | d\. |$)"),
    # (a council, "Ældrerådet", "Handicaprådet"; not an area, "Sygdomsområdet")
    re.compile(rf"\b((?:{_CAP}- og )?{_CAP}(?:udvalget|udvalg|(?<!om)rådet|bestyrelsen))\b"),
    re.compile(r"\b((?:Nationalt|Det [A-ZÆØÅ]?\w+) [Rr]åd for [\wæøå ]+?)(?=[.,;:\n·]| og [A-ZÆØÅ]|$)"),
    re.compile(r"\b(Task Force for [\wæøå-]+)"),
    re.compile(rf"\b((?:{_CAP}- og )?{_CAP}(?:styrelsen|styrelse|ministeriet|ministerium|instituttet|institut|"
               r"centret|center|direktoratet|tilsynet|nævnet|ombudsmanden))\b"),
    re.compile(r"\b(Styrelsen for [\wæøå ]+?|Statens [A-ZÆØÅ]\w+ [A-ZÆØÅ]\w+)(?=[.,;:\n]|$)"),
    re.compile(r"\b(Danske Regioner|Kommunernes Landsforening|KL|Byrådet|Regionsrådet|Kommunalbestyrelsen|"
               r"Borgerrepræsentationen)\b"),
]
_NOT_BODIES = {"Kommune", "Kommunes", "Udvalget", "Rådet", "Byrådet"}  # alone they name no one


def detect_facts(file_name: str, metadata: dict[str, str], pages: list[Page], raw_pages: list[str],
                 raw_styles: list[list[LineStyle]] | None, landscape: float = 0.0) -> DocumentMeta:
    """Title, body, kind and date of one document, each with where it came from."""
    first = split_lines(raw_pages[0] if raw_pages else "", raw_styles[0] if raw_styles else None)
    size = body_size(pages)
    header = _running_header(raw_pages)
    sources: dict[str, str] = {}

    text = "\n".join(p.text for p in pages)
    title, sources["title"] = _title(first, size, header, metadata, file_name)
    title = restore_rings(title, Counter(_WORD.findall(text.lower())))
    top = "\n".join(line for line, _ in first[:40])
    early = "\n".join(p.text for p in pages[:5])
    kind, sources["kind"] = _kind(title, top, early, len(pages), landscape)
    title_block = "\n".join(line for line, _ in first[:12])
    body, sources["body"] = _body(f"{header}\n{title}\n{title_block}", text, metadata)
    date, sources["date"] = _date(title, top, header, metadata, file_name)
    meta_title = _clean_meta_title(metadata.get("Title", ""))
    subject = normalise_line(metadata.get("Subject", ""))
    author = normalise_line(metadata.get("Author", ""))
    aliases = tuple(dict.fromkeys(
        a for a in (meta_title, subject if _clean_meta_title(subject) else "", author if _is_organisation(author) else "")
        if a and a not in (title, body)))
    return DocumentMeta(title=title, kind=kind, body=body, date=date, subject=subject, sources=sources,
                        aliases=aliases, search_title=meta_title)


_WORD = re.compile(r"[^\W\d_]+")


def restore_rings(title: str, words: Counter[str]) -> str:
    """A title whose "å" lost its ring: a large heading's decomposed "å" (a + combining ring) may come
    out of the PDF as a bare "a" ("Sager pa vej"), while the body text has it whole ("Sager på vej i
    2025"). A title word is mended when the document uses its "å" spelling three times or more and
    at least twice as often as the bare one."""
    def mend(match: re.Match[str]) -> str:
        word = match.group(0)
        low = word.lower()
        for i, ch in enumerate(low):
            if ch != "a":
                continue
            ringed = low[:i] + "å" + low[i + 1:]
            if words[ringed] >= 3 and words[ringed] >= 2 * words[low]:
                return word[:i] + ("Å" if word[i].isupper() else "å") + word[i + 1:]
        return word
    return _WORD.sub(mend, title)


# --------------------------------------------------------------------------- lines

def _running_header(raw_pages: list[str]) -> str:
    """The first page's top line when it repeats at the top of most pages (often the title)."""
    if len(raw_pages) < 2:
        return ""
    lines = [[line for line, _ in split_lines(page)] for page in raw_pages]
    running = running_lines(lines)
    for line in (lines[0][:2] if lines and lines[0] else []):
        if signature(line) in running and len(line.split()) >= 3 and not _PAGE_MARK.match(line):
            return line
    return ""


# --------------------------------------------------------------------------- title

def _title(first: list[tuple[str, LineStyle]], body_size: float, header: str, metadata: dict[str, str],
           file_name: str) -> tuple[str, str]:
    blocks = _blocks(first[:30])
    big = [b for b in blocks if body_size and b[1] >= body_size * 1.15 and _titleish(b[0])]
    if big:
        largest = max(b[1] for b in big)
        index = next(i for i, b in enumerate(big) if b[1] >= largest - 0.5)
        title = big[index][0]
        if _is_kind_word(title) or len(title) < 40:
            # "Referat" + "Udvalget for …"; "COVID-19 i Danmark" + "Status ved indgang til 5. epidemiuge."
            after = [b for b in big[index + 1:] if not _YEAR_ONLY.match(b[0]) and not find_dates(b[0])]
            if after and after[0][1] >= body_size * 1.15:
                title = f"{title} – {after[0][0]}"
        if not _is_kind_word(title):
            return _tidy(title), "text"
        subject = _labelled_subject(first) or header
        return _tidy(f"{_despace(title).capitalize()} – {subject}" if subject else _despace(title)), "text"
    subject = _labelled_subject(first)
    kind_line = next((line for line, _ in first[:6] if _is_kind_word(line)), "")
    if subject:
        return _tidy(f"{_despace(kind_line).capitalize()} – {subject}" if kind_line else subject), "text"
    if header:
        return _tidy(header), "text"
    meta = _clean_meta_title(metadata.get("Title", ""))
    if meta:
        return meta, "metadata"
    bold = next((line for line, style in first[:10] if style.bold and _titleish(line)), "")
    if bold:
        return _tidy(bold), "text"
    return Path(file_name).stem.replace("_", " "), "file name"


def _blocks(lines: list[tuple[str, LineStyle]]) -> list[tuple[str, float]]:
    """Consecutive lines set in one size joined: a title wraps over several lines."""
    out: list[tuple[str, float]] = []
    previous = -1.0
    for line, style in lines:
        # a date line under a title is not part of it ("COVID-19 i Danmark" / "30. marts 2020")
        if out and abs(style.size - previous) < 0.6 and len(out[-1][0]) < 160 and not _is_date_line(line):
            text = out[-1][0]
            joined = text[:-1] + line if text.endswith("-") and line[:1].islower() else f"{text} {line}"
            out[-1] = (joined, style.size)
        else:
            out.append((line, style.size))
        previous = style.size
    return out


def _is_date_line(line: str) -> bool:
    return bool(find_dates(line)) and len(line) < 40


def _titleish(text: str) -> bool:
    letters = sum(ch.isalpha() for ch in text)
    return letters >= 3 and not _PAGE_MARK.match(text) and not _JUNK_TITLE.search(text.replace(" ", "x"))


def _is_kind_word(text: str) -> bool:
    word = _despace(text).lower().strip(" .:")
    return any(word == w for words in KIND_WORDS.values() for w in words)


def _despace(text: str) -> str:
    return text.replace(" ", "") if _SPACED.match(text.strip()) else text


def _labelled_subject(first: list[tuple[str, LineStyle]]) -> str:
    """ "Emne: 1. møde i Nationalt råd for …" (with its wrapped continuation)."""
    for i, (line, _) in enumerate(first[:25]):
        m = _LABEL.match(line)
        if m:
            subject = m.group(1).strip()
            nxt = first[i + 1][0] if i + 1 < len(first) else ""
            if nxt[:1].islower() and not _LABEL.match(nxt):
                subject = f"{subject} {nxt}"
            return subject
    return ""


def _clean_meta_title(title: str) -> str:
    """A metadata title worth showing: "Liste over ansøgninger.XLSX" → "Liste over ansøgninger";
    "16.DOCX", "Microsoft Word - x.docx", "<Indsæt …>", URLs → nothing."""
    title = normalise_line(title)
    stripped = _FILE_EXTENSION.sub("", title)
    if not stripped or _JUNK_TITLE.search(stripped) or len(stripped.split()) < 2 or not _titleish(stripped):
        return ""
    return stripped


def _tidy(title: str) -> str:
    title = normalise_line(title).strip(" -–·:")
    if title.isupper() and len(title.split()) > 1:
        title = title.capitalize()  # "ADVIS OM SYGEHUSOPHOLD" reads as shouting in a list
    return title if len(title) <= 200 else title[:199].rstrip() + "…"


# --------------------------------------------------------------------------- kind

_KIND_LINE_WORDS = 6  # a line this short near the top may name the kind ("REFERAT", "Notat til udvalget")


def _kind(title: str, top: str, early: str, n_pages: int, landscape: float) -> tuple[str, str]:
    # Landscape pages with little text on each are slides whatever their title speaks of.
    words = len(early.split()) / max(1, min(5, n_pages))
    if landscape >= 0.8 and words < 150:
        return "slides", "layout"
    # The title, else a short line near the top that names the kind ("REFERAT", "Notat", "Dagsorden
    # for mødet …"): a kind word inside a row of a table ("… om strategi for cykelstier")
    # names what the row is about, not what the document is.
    short = "\n".join(line for line in top.split("\n") if len(line.split()) <= _KIND_LINE_WORDS)
    for text, compounds in ((title, True), (short, False)):
        found = _kind_in(text, compounds)
        if found:
            return found, "text"
    # An e-mail printed to PDF (a citizen's or an organisation's approach to a council, often an
    # agenda's attachment): the mail program's header block.
    if _MAIL_HEADER.search(top):
        return "letter", "layout"
    # The document speaks of itself: "i dette notat", "denne rapport beskriver", "nærværende vejledning".
    for m in _SELF_REFERENCE.finditer(early):
        found = _kind_in(m.group(1))
        if found:
            return found, "text"
    # A short paper that opens with a salutation is a letter (a long one's "Kære læser" is a foreword).
    if n_pages <= _LETTER_PAGES and _SALUTATION.search(top):
        return "letter", "layout"
    if re.search(r"^\d{1,2} \((?:Offentlig|Fortrolig|Lukket)\)", early, re.M):
        return "agenda", "layout"
    if re.search(r"^(?:Punkt|Pkt\.)\s*\d{1,2}\b", early, re.M | re.I):
        return "minutes", "layout"
    # Mostly table rows (ingest reads a table row by row, "Sag: … | Afd.: …"): a list or overview
    # of cases, applications or measures, whatever its title calls it ("Sager på vej 2025").
    lines = [line for line in early.split("\n") if line.strip()]
    if lines and sum(" | " in line for line in lines) >= _TABLE_SHARE * len(lines):
        return "table", "layout"
    if n_pages >= 30:
        return "report", "layout"
    return "document", "none"


_TABLE_SHARE = 0.6  # of the first pages' lines; the 18 documents have ≤ 0.18 or ≥ 0.91


_SELF_REFERENCE = re.compile(r"\b(?:dette|denne|nærværende)\s+([a-zæøå]+)", re.IGNORECASE)
_MAIL_HEADER = re.compile(r"^\s*(?:fra|from)\s*:.*\n(?:.*\n){0,3}?\s*(?:sendt|sent)\s*:", re.IGNORECASE | re.MULTILINE)
_SALUTATION = re.compile(r"^\s*(?:kære|dear)\s+\w", re.IGNORECASE | re.MULTILINE)
_LETTER_PAGES = 10


def _kind_in(text: str, compounds: bool = False) -> str | None:
    """The kind a text names first. With ``compounds`` a kind word may also be the head of a
    compound ("driftsvejledning", "evalueringsrapport", "sundhedspolitik"): Danish puts it last."""
    lowered = _despace(text).lower()
    best: tuple[int, str] | None = None
    for kind, words in KIND_WORDS.items():
        for word in words:
            head = rf"[a-zæøå]*{re.escape(word)}\b" if compounds and len(word) >= 5 else ""
            m = re.search(rf"\b{re.escape(word)}" + (f"|{head}" if head else ""), lowered)
            if m and (best is None or m.start() < best[0]):
                best = (m.start(), kind)
    return best[1] if best else None


# --------------------------------------------------------------------------- body

def _body(head: str, early: str, metadata: dict[str, str]) -> tuple[str, str]:
    """The body named in the title block or running header; else the one the document names
    most often (twice at least: a body named once in passing is not the issuer). A committee
    is shown with its municipality or region when the document names one."""
    head, early = _ADDRESSEES.sub("", head), _ADDRESSEES.sub("", early)
    named = _bodies(head)
    found = named[0] if named else None
    if not found:
        counts = Counter(_bodies(early))
        common = counts.most_common(1)
        found = common[0][0] if common and common[0][1] >= 2 else None
        # Decisions recorded by a municipality's council ("Vedtaget. Byrådet 3. maj") make it a
        # municipality's paper, whichever region its cases mention more often; and the other way round.
        for organs, kind in ((_MUNICIPAL_ORGANS, "Kommune"), (_REGIONAL_ORGANS, "Region ")):
            if len(organs.findall(early)) >= 2:
                own = [b for b, _ in counts.most_common() if (b.endswith(kind) if kind == "Kommune" else b.startswith(kind))]
                if own:
                    found = own[0]
                    break
    if found:
        if found.startswith("Udvalget") or found.endswith(("udvalget", "udvalg")):
            local = next((b for b in _bodies(f"{head}\n{early}") if b.endswith("Kommune") or b.startswith("Region ")), "")
            found = f"{local}, {found}" if local else found
        return found, "text"
    author = normalise_line(metadata.get("Author", ""))
    if author and _is_organisation(author):
        return author, "metadata"
    return "", "none"


# Whom a note is sent to ("Til: Udvalget, Handicaprådet m.fl.", "Cc: …") is not who wrote it.
_ADDRESSEES = re.compile(r"^[ \t]*(?:til|modtagere?|cc|kopi(?:\s+til)?|to|att\.?)[ \t]*:.*$", re.IGNORECASE | re.MULTILINE)


_MUNICIPAL_ORGANS = re.compile(r"\b(?:Byrådet|Magistraten|Kommunalbestyrelsen|Borgerrepræsentationen|Økonomiudvalget)\b")
_REGIONAL_ORGANS = re.compile(r"\b(?:Regionsrådet|Regionsrådets|Forretningsudvalget)\b")


def _bodies(text: str) -> list[str]:
    """Every body named in ``text``, in order of appearance."""
    found: list[tuple[int, str]] = []
    for pattern in _BODY_PATTERNS:
        for m in pattern.finditer(text):
            name = normalise_line(m.group(0) if "Kommune" in m.group(0) else m.group(1)).replace("\n", " ")
            name = re.sub(r"Kommunes$", "Kommune", name)
            if name not in _NOT_BODIES and len(name) >= 2:
                found.append((m.start(), name))
    return [name for _, name in sorted(found)]


def _is_organisation(name: str) -> bool:
    """A metadata Author that names an organisation, not the person who saved the file:
    one capitalised word ("MedCom") or a name with an organisation word in it."""
    words = name.split()
    if len(words) == 1:
        return bool(re.match(r"^[A-ZÆØÅ][\wÆØÅæøå-]+$", name)) and not name.isdigit()
    return bool(_bodies(name)) or bool(re.search(r"kommune|region|styrelse|ministeri|udvalg|forening|institut",
                                                     name, re.IGNORECASE))


# --------------------------------------------------------------------------- date

def _date(title: str, top: str, header: str, metadata: dict[str, str], file_name: str) -> tuple[str | None, str]:
    for line in top.split("\n")[:40]:
        m = _DATE_LABEL.search(line)
        if m:
            found = find_dates(line[m.end():m.end() + 60])
            if found:
                return found[0], "text"
    for text in (title, header, "\n".join(top.split("\n")[:25])):
        found = find_dates(text)
        if found:
            return found[0], "text"
    month = first_month("\n".join(top.split("\n")[:25]))
    if month:
        return month, "text"
    # a year standing alone on the title page, or closing the title or the running header
    year = (re.search(r"^\s*((?:19|20)\d\d)\s*$", "\n".join(top.split("\n")[:25]), re.M)
            or re.search(r"[\s·,–-]((?:19|20)\d\d)\W*$", title) or re.search(r"[\s·,–-]((?:19|20)\d\d)\W*$", header))
    if year:
        return year.group(1), "text"
    created = pdf_date(metadata.get("CreationDate"))
    if created:
        # when the file was made says the year the document is from, not its day
        return created[:4], "metadata"
    named = first_date(Path(file_name).stem.replace("_", " ")) or _year_in_name(file_name)
    return (named, "file name") if named else (None, "none")


def _year_in_name(file_name: str) -> str | None:
    m = re.search(r"(?:^|[-_ ])((?:19|20)\d\d)(?=[-_ .]|$)", Path(file_name).stem)
    return m.group(1) if m else None
