"""Prose cut into sentences: what an answer quotes and what each passage's sentence vectors embed.

One splitter for both, so that ingest and answer agree on where a sentence starts and ends. It
does not cut at an abbreviation's full stop ("ca.", "kl.", "Sagsnr."), inside a quoted title, nor
between a numbered list's number and its item, and it does cut where the text of another table cell
or column flows in (a full stop followed by a small letter).
"""

from __future__ import annotations

import re

# Not after a numbered list item's own number at the block's start ("2. Løft behandlingspsykiatrien …").
# (a number's label ends no sentence: "Sagsnr.: 2011-29939", "Sags ID: …")
_SENTENCE_END = re.compile(r"(?<=[.!?:])(?<!^\d\.)(?<!^\d\d\.)(?<!nr\.:)(?<!nr:)(?<!ID:)\s+(?=[\"“”»(]?[A-ZÆØÅ0-9•➢–-])|"
                           r"\s+(?=[•➢▪]\s)|\n(?=[-–]\s)")
_LINE_NUMBER = re.compile(r"(?:^|\n)(\d{1,2})\.\s+(?=[A-ZÆØÅ])")
# Abbreviations after which a full stop ends no sentence ("møde d. 24. april 2013 kl. 13.30",
# "besparelse er således ca. 599 kr."): the split above cuts at them when a number or a capital follows.
ABBREVIATIONS = frozenset(
    "d dvs ca kl jf bl.a bl hhv nr pkt f.eks vedr inkl ekskl evt ift ifm ifbm pga mht iht vha pba mhp tlf mio mia "
    "mill stk jan feb aug sep sept okt nov dec tidl ang sml e.g i.e ref forts tilsv pr "
    # a case or document number's label: "Sagsnr. 21/04412", "J.nr. 2012-200292"
    "sagsnr j.nr jnr journalnr dok.nr".split())


_AMOUNT_AFTER = re.compile(r"\bkr\.$", re.I)  # "koster opholdet kr. 2.100,-": the amount follows the unit


def ends_with_abbreviation(text: str) -> bool:
    """Whether ``text`` ends in an abbreviation's full stop or an initial's ("ca.", "d.", "H."; not
    the preposition of "… skal forankres i.")."""
    if not text.endswith(".") or not text.split():
        return False
    token = text.rsplit(None, 1)[-1][:-1]
    return token.lower() in ABBREVIATIONS or (len(token) == 1 and token.isupper())


# Quotation marks, by position: one after a space (or at the start) and before a word opens a
# quotation, one right after a character closes it. Danish typesetting uses „…“, ”…”, »…«, «…»
# and ’…’ alike, and ’ is also the genitive apostrophe ("Syddjurs’ politik"), which closes nothing.
_QUOTE_MARKS = "“”„‘’«»\""
_OPENS = re.compile(rf"(?:^|(?<=[\s(]))[{_QUOTE_MARKS}](?=\S)")
_CLOSES = re.compile(rf"(?<=\S)[{_QUOTE_MARKS}]")  # also before a footnote number or a code: ’36, ’[STIN]
_MAX_QUOTED = 300  # a quotation longer than this is not one title: its sentences are cut as usual


def _in_quotation(text: str) -> bool:
    """Whether ``text`` ends inside a quotation it opened ("Notatet supplerer ’COVID-19 i Danmark.")."""
    return len(text) <= _MAX_QUOTED and len(_OPENS.findall(text)) > len(_CLOSES.findall(text))


def split_sentences(block: str) -> list[str]:
    """A block of prose cut into sentences, not at an abbreviation's full stop nor inside a quoted
    title ("’COVID-19 i Danmark. Epidemiens første bølge. Status og strategi’"); and cut where the
    text flows in from elsewhere (see ``_flow_breaks``)."""
    out: list[str] = []
    for piece in (x for item in _list_items(block) for s in _SENTENCE_END.split(item) for x in _flow_breaks(s)):
        if out and runs_on(out[-1], piece):
            out[-1] = f"{out[-1].rstrip()} {piece}"
        else:
            out.append(piece)
    return out


# A word's full stop followed by a small letter: "… regional udpegning. nedbringe ventetider …".
_FULL_STOP_LOWER = re.compile(r"([^\s.]+)\.\s+(?=[a-zæøå]{3})")
_MIN_FLOW_WORD = 5  # shorter words ending in a full stop are often abbreviations ("evt.", "jf.")


def _flow_breaks(text: str) -> list[str]:
    """``text`` cut where a whole lower-case word's full stop is followed by a small letter. No
    Danish sentence starts with one: the text after it flows in from another table cell, column or
    box ("Afventer … regional udpegning. nedbringe ventetider og tilbagefald for målgruppen.")."""
    out, start = [], 0
    for m in _FULL_STOP_LOWER.finditer(text):
        word = m.group(1)
        if len(word) >= _MIN_FLOW_WORD and word.isalpha() and word.islower() and word not in ABBREVIATIONS:
            out.append(text[start:m.start(1) + len(word) + 1])
            start = m.end()
    out.append(text[start:])
    return out


def runs_on(before: str, after: str) -> bool:
    """Whether the sentence ``before`` goes on into ``after`` although a break pattern fell between
    them: an abbreviation's full stop, a quoted title's, or "kr." before its amount."""
    before = before.rstrip()
    return ends_with_abbreviation(before) or _in_quotation(before) or \
        (bool(_AMOUNT_AFTER.search(before)) and after.lstrip()[:1].isdigit())


def _list_items(block: str) -> list[str]:
    """A block cut before each item of a numbered list ("1. Løft …", "2. Løft …"): a line opened by
    a number is an item when the number before or after it opens a line too (an address's "57." at a
    line's start is no item), so the item keeps its number and no sentence runs into the next item."""
    starts = [(m.start(1), int(m.group(1))) for m in _LINE_NUMBER.finditer(block)]
    numbers = {n for _, n in starts}
    cuts = [at for at, n in starts if at > 0 and (n - 1 in numbers or n + 1 in numbers)]
    return [block[i:j] for i, j in zip([0, *cuts], [*cuts, len(block)]) if block[i:j].strip()]


_MIN_EMBEDDED_CHARS = 15  # shorter pieces (a lone number, "Bilag 2") say nothing a question could ask


def passage_sentences(text: str) -> list[str]:
    """The sentences of a passage that get a vector of their own (``index/build.py``): a question
    put in other words than a long passage's is often nearest one of its sentences, while the
    passage's one vector averages it away. A passage with no such sentence is its own one."""
    return [s.strip() for s in split_sentences(text) if len(s.strip()) >= _MIN_EMBEDDED_CHARS] or [text.strip()]
