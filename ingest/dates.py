"""Danish dates in text ("8. november 2024", "25-11-2024") and in PDF metadata."""

from __future__ import annotations

import re

MONTHS = {
    "januar": 1, "februar": 2, "marts": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7,
    "august": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}
MONTH_NAMES = {number: name for name, number in MONTHS.items()}
_TEXT_DATE = re.compile(
    r"\b(\d{1,2})\.\s*(" + "|".join(MONTHS) + r")\s+(\d{4})\b", re.IGNORECASE
)
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})-(\d{1,2})-(\d{4})\b")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_PDF_DATE = re.compile(r"D:(\d{4})(\d{2})(\d{2})")


def _iso(year: int, month: int, day: int) -> str | None:
    if 1 <= month <= 12 and 1 <= day <= 31 and 1900 < year < 2200:
        return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def find_dates(text: str) -> list[str]:
    """All dates written out in ``text``, as ISO strings, in order of appearance."""
    found: list[tuple[int, str]] = []
    for m in _TEXT_DATE.finditer(text):
        iso = _iso(int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1)))
        if iso:
            found.append((m.start(), iso))
    for m in _NUMERIC_DATE.finditer(text):
        iso = _iso(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if iso:
            found.append((m.start(), iso))
    for m in _ISO_DATE.finditer(text):
        iso = _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if iso:
            found.append((m.start(), iso))
    return [iso for _, iso in sorted(found)]


def first_date(text: str) -> str | None:
    dates = find_dates(text)
    return dates[0] if dates else None


def pdf_date(value: str | None) -> str | None:
    """``D:20230623120000+02'00'`` → ``2023-06-23``."""
    if not value:
        return None
    m = _PDF_DATE.match(value)
    return _iso(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


def danish(iso: str | None) -> str:
    """``2024-11-08`` → ``8. november 2024`` (a year alone is returned as is)."""
    if not iso:
        return ""
    parts = iso.split("-")
    if len(parts) != 3:
        return iso
    return f"{int(parts[2])}. {MONTH_NAMES[int(parts[1])]} {parts[0]}"
