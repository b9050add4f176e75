"""Dates in text, in the forms Danish public papers write them ("8. november 2024", "den 4. dec.
2012", "25-11-2024", "27.08.2025", "4/12-2012", "2024-11-25") and in English ("March 30, 2020",
"30 March 2020"), and in PDF metadata."""

from __future__ import annotations

import re
from datetime import date

MONTHS = {
    "januar": 1, "februar": 2, "marts": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7,
    "august": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}
MONTH_NAMES = {number: name for name, number in MONTHS.items()}
ENGLISH_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}
# "jan.", "feb.", "sept." … as abbreviated in tables and letterheads
_ABBREVIATED = {name[:3]: number for name, number in MONTHS.items()} | {"sept": 9}
_MONTH_WORD = {**MONTHS, **ENGLISH_MONTHS}
_ANY_MONTH = "|".join(sorted(set(_MONTH_WORD) | set(_ABBREVIATED), key=len, reverse=True))
# A day is no number of a name ("COVID-19 marts 2020" is March 2020, not the 19th).
_NOT_A_NAME = r"(?<![A-Za-zÆØÅæøå]-)"
_TEXT_DATE = re.compile(_NOT_A_NAME + rf"\b(\d{{1,2}})\.?\s*({_ANY_MONTH})\.?,?\s+(\d{{4}})\b", re.IGNORECASE)
_ENGLISH_DATE = re.compile(r"\b(" + "|".join(ENGLISH_MONTHS) + r")\s+(\d{1,2}),?\s+(\d{4})\b", re.IGNORECASE)
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})[-./–](\d{1,2})[-./– ](\d{4})\b")
_MONTH_YEAR = re.compile(rf"\b({'|'.join(_MONTH_WORD)})\s+(\d{{4}})\b", re.IGNORECASE)
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_PDF_DATE = re.compile(r"D:(\d{4})(\d{2})(\d{2})")
# A date to the day, with or without its year ("d. 6. december", "11. marts 2020", "25-11-2024",
# "March 30"): what "hvilken dato" asks for, where "i december 2024" is not enough.
DAY_DATE = re.compile(_NOT_A_NAME + rf"\b\d{{1,2}}\.?\s*(?:{_ANY_MONTH})\b|\b\d{{1,2}}[-./]\d{{1,2}}[-./]\d{{2,4}}\b|"
                      rf"\b(?:{'|'.join(ENGLISH_MONTHS)})\s+\d{{1,2}}\b|\b\d{{4}}-\d{{2}}-\d{{2}}\b", re.IGNORECASE)
# A line led by its date as a label: a timetable's or a history's entry ("Juni 2012: Kultur-kick: …",
# "Sept. 2012: Kulturelt Samvirke etableres", "1. marts 2008: …", "2. kvartal 2013: …", "2014: …").
DATE_LABEL = re.compile(
    rf"^\s*(?:(?:\d{{1,2}}\.?\s*)?(?:{_ANY_MONTH})\.?\s+\d{{4}}|\d{{1,2}}[-./]\d{{1,2}}[-./]\d{{4}}|"
    rf"(?:[1-4]\.\s*kvartal|Q[1-4]|uge\s+\d{{1,2}})\s+\d{{4}}|(?:19|20)\d\d)\s*:\s+\S", re.IGNORECASE)


def _iso(year: int, month: int, day: int) -> str | None:
    if 1 <= month <= 12 and 1 <= day <= 31 and 1900 < year < 2200:
        return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def find_dates(text: str) -> list[str]:
    """All dates written out in ``text``, as ISO strings, in order of appearance."""
    found: list[tuple[int, str]] = []
    for m in _TEXT_DATE.finditer(text):
        iso = _iso(int(m.group(3)), _month(m.group(2)), int(m.group(1)))
        if iso:
            found.append((m.start(), iso))
    for m in _ENGLISH_DATE.finditer(text):
        iso = _iso(int(m.group(3)), ENGLISH_MONTHS[m.group(1).lower()], int(m.group(2)))
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


# A day and month without a year ("d. 12. marts", "senest den 25. marts", "30 March"): read in the
# year of the text's own date.
_DAY_MONTH = re.compile(_NOT_A_NAME + rf"\b(\d{{1,2}})\.?\s*({_ANY_MONTH})\b\.?(?!,?\s*\d{{4}}\b)(?!\s*\d)", re.IGNORECASE)


def days_without_year(text: str, anchor: str) -> list[str]:
    """The days ``text`` names without their year ("d. 12. marts"), as ISO strings in order of
    appearance, each in the year that puts it nearest ``anchor`` (the document's or meeting's date:
    "2020-03-30" → 2020-03-12; in minutes of 5 December 2024 "den 16. januar" is 2025-01-16)."""
    base = _day(anchor)
    if base is None:
        return []
    found = []
    for m in _DAY_MONTH.finditer(text):
        month, day = _month(m.group(2)), int(m.group(1))
        # 29 February lies in leap years only, and no year has 31 April
        candidates = [d for d in (_day(f"{base.year + k:04d}-{month:02d}-{day:02d}") for k in (-1, 0, 1)) if d]
        if candidates:
            found.append(min(candidates, key=lambda d: abs((d - base).days)).isoformat())
    return found


def _day(iso: str) -> date | None:
    """``iso`` as a calendar day, or None (a year or month alone, or no such day: "2024-02-30")."""
    try:
        return date.fromisoformat(iso) if len(iso) == 10 else None
    except ValueError:
        return None


def _month(word: str) -> int:
    word = word.lower().rstrip(".")
    return _MONTH_WORD.get(word) or _ABBREVIATED.get(word) or 0


def first_month(text: str) -> str | None:
    """The first month named with its year ("Januar 2023" → "2023-01"), when no full date is given."""
    m = _MONTH_YEAR.search(text)
    return f"{int(m.group(2)):04d}-{_month(m.group(1)):02d}" if m and 1900 < int(m.group(2)) < 2200 else None


def label_date(text: str) -> str | None:
    """The date a line is led by (``DATE_LABEL``), as precise as it is written: "Sept. 2012: …" →
    "2012-09", "1. marts 2008: …" → "2008-03-01", "2. kvartal 2013: …" → "2013"."""
    if not DATE_LABEL.match(text):
        return None
    label = text.split(":", 1)[0]
    dates = find_dates(label)
    if dates:
        return dates[0]
    m = re.search(rf"\b({_ANY_MONTH})\.?\s+(\d{{4}})\b", label, re.IGNORECASE)
    if m and _month(m.group(1)):
        return f"{int(m.group(2)):04d}-{_month(m.group(1)):02d}"
    year = re.search(r"\b(?:19|20)\d\d\b", label)
    return year.group(0) if year else None


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
