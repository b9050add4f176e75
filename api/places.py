"""Denmark's municipalities and regions, to know a place a question types in lower case.

A capitalised word inside a question is read as a name wherever it stands ("… i Herlev"); a
busy user types "hvor meget får herlev" or "viborg akutteam besparelse", and then only a list
of the places a Danish public body can be tells the name from a word. The list is the country's
(the 98 municipalities of the 2007 reform and the 5 regions), not any archive's: a question about
a municipality no document speaks of is then refused like a capitalised one.
"""

from __future__ import annotations

import re
from functools import lru_cache

MUNICIPALITIES = (
    "Albertslund", "Allerød", "Assens", "Ballerup", "Billund", "Bornholm", "Brøndby", "Brønderslev", "Dragør",
    "Egedal", "Esbjerg", "Fanø", "Favrskov", "Faxe", "Fredensborg", "Fredericia", "Frederiksberg", "Frederikshavn",
    "Frederikssund", "Furesø", "Faaborg-Midtfyn", "Gentofte", "Gladsaxe", "Glostrup", "Greve", "Gribskov",
    "Guldborgsund", "Haderslev", "Halsnæs", "Hedensted", "Helsingør", "Herlev", "Herning", "Hillerød", "Hjørring",
    "Holbæk", "Holstebro", "Horsens", "Hvidovre", "Høje-Taastrup", "Hørsholm", "Ikast-Brande", "Ishøj", "Jammerbugt",
    "Kalundborg", "Kerteminde", "Kolding", "København", "Køge", "Langeland", "Lejre", "Lemvig", "Lolland",
    "Lyngby-Taarbæk", "Læsø", "Mariagerfjord", "Middelfart", "Morsø", "Norddjurs", "Nordfyns", "Nyborg", "Næstved",
    "Odder", "Odense", "Odsherred", "Randers", "Rebild", "Ringkøbing-Skjern", "Ringsted", "Roskilde", "Rudersdal",
    "Rødovre", "Samsø", "Silkeborg", "Skanderborg", "Skive", "Slagelse", "Solrød", "Sorø", "Stevns", "Struer",
    "Svendborg", "Syddjurs", "Sønderborg", "Thisted", "Tønder", "Tårnby", "Vallensbæk", "Varde", "Vejen", "Vejle",
    "Vesthimmerland", "Viborg", "Vordingborg", "Ærø", "Aabenraa", "Aalborg", "Aarhus",
)
REGIONS = ("Hovedstaden", "Sjælland", "Syddanmark", "Midtjylland", "Nordjylland")
# Names that are also common words in lower case ("vejen" the road, "skive" a slice, "odder" an
# otter, "greve" a count, "varde" a cairn, "hovedstaden" the capital): only capitalised are they places.
_ALSO_WORDS = frozenset({"vejen", "skive", "odder", "greve", "varde", "hovedstaden"})


@lru_cache(maxsize=1)
def _typed() -> re.Pattern[str]:
    names = sorted((n.lower() for n in (*MUNICIPALITIES, *REGIONS) if n.lower() not in _ALSO_WORDS),
                   key=len, reverse=True)
    return re.compile(r"(?<![\wæøå-])(" + "|".join(re.escape(n) for n in names) + r")(?![\wæøå-])")


_PROPER = {n.lower(): n for n in (*MUNICIPALITIES, *REGIONS)}


def typed_places(question: str) -> list[str]:
    """The municipalities and regions a question types in lower case, as they are spelt
    ("hvor meget får herlev" → ["Herlev"]); a capitalised one is a name already."""
    return [_PROPER[m.group(1)] for m in _typed().finditer(question)]
