"""Whether a text spells out an abbreviation a question uses.

Users shorten the names of bodies, committees and institutions ("ÆOU" for Hedeby Kommunes Ældre-
og Omsorgsudvalg, "HST" for Havnestyrelsen, "KFU" for Kultur- og Fritidsudvalget) that the documents
write in full. An abbreviation is spelled out by a run of words starting with a capital: each word
gives the next letter by its initial (small words such as "og" or "for" may be skipped), and a
compound word may give more letters where one of its parts begins ("Fritids|udvalget" → F, U) or by
a part's first two letters ("Havne|styrelsen" → H, ST). A part is where a word the archive knows
begins, so "Rammeaftale" does not spell "RAM" (no known word begins at its "m").
"""
from __future__ import annotations

import re
from typing import Callable

# An abbreviation: two to five capitals, nothing else ("HST", "KFU", "ÆOU"; not "COVID-19", "Hedeby").
ABBREVIATION = re.compile(r"^[A-ZÆØÅ]{2,5}$")
_WORD = re.compile(r"[A-ZÆØÅa-zæøå]+")
_SKIPPED = frozenset({"og", "for", "i", "af", "til", "de", "det", "den", "om", "på", "med", "and", "of", "the"})
_PART_CHARS = 4  # a compound's part is at least this long ("udvalget", "center"), so "er" or "en" is none


def is_abbreviation(name: str) -> bool:
    return bool(ABBREVIATION.match(name))


def spells_out(abbreviation: str, text: str, known: Callable[[str], bool]) -> bool:
    """Whether ``text`` holds a run of words that ``abbreviation`` shortens; ``known(word)`` says
    whether the archive knows a word (where a compound's part may begin)."""
    letters = abbreviation.lower()
    words = _WORD.findall(text)
    lowered = [w.lower() for w in words]
    for i, word in enumerate(words):
        if word[0].isupper() and lowered[i][0] == letters[0] and _spell(letters, 0, lowered, i, known):
            return True
    return False


def _spell(letters: str, k: int, words: list[str], j: int, known: Callable[[str], bool]) -> bool:
    """Letters ``k``… are spelled from word ``j`` on, word ``j`` starting with letter ``k``."""
    for used in _word_spellings(letters, k, words[j], known):
        end = k + used
        if end == len(letters):
            return True
        # the next word, or one after small words ("Ældre- og Omsorgsudvalget": "og" gives no letter)
        nxt = j + 1
        while nxt < len(words):
            if words[nxt][0] == letters[end] and _spell(letters, end, words, nxt, known):
                return True
            if words[nxt] not in _SKIPPED:
                break
            nxt += 1
    return False


def _word_spellings(letters: str, k: int, word: str, known: Callable[[str], bool]) -> list[int]:
    """How many letters from ``k`` on one word can give (its initial first), most first."""
    counts = {1}
    frontier = [(0, 1)]  # (where a part begins, letters given up to and with its initial)
    while frontier:
        start, used = frontier.pop()
        nxt = k + used
        if nxt >= len(letters):
            continue
        # a part's first two letters ("ST" of "styrelsen"); then only another part may follow
        if start + 1 < len(word) and word[start + 1] == letters[nxt]:
            counts.add(used + 1)
            if nxt + 1 < len(letters):
                frontier.extend((pos, used + 2) for pos in _parts(word, start + 2, letters[nxt + 1], known))
        parts = _parts(word, start + 1, letters[nxt], known)
        if parts:
            counts.add(used + 1)
            frontier.extend((pos, used + 1) for pos in parts)
    return sorted(counts, reverse=True)


def _parts(word: str, after: int, letter: str, known: Callable[[str], bool]) -> list[int]:
    """Where in ``word``, from ``after`` on, a known part beginning with ``letter`` begins."""
    return [pos for pos in range(after, len(word) - _PART_CHARS + 1) if word[pos] == letter and known(word[pos:])]
