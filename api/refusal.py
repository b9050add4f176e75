"""Why an answer is withheld: one vocabulary for every refusal.

Most members are a rule of ``api.answer._RULES`` that found exact evidence that the documents do
not answer (a name, number, year or body the question names is in no passage or quote; no quoted
sentence states the kind of fact asked for; …), or a fact a question about one document asks for
that the document does not state (``api.about``). ``LOW_CONFIDENCE`` is the one a lower threshold
would turn into an answer; ``NOTHING_QUOTABLE``, an answer none of whose quotes stands on its page. The value is the reason shown to users (`/ask`'s ``refusal``, the page,
`arkiv ask`), so it reads as a sentence; the name is what code and evaluations refer to.
"""

from __future__ import annotations

from enum import Enum


class Refusal(str, Enum):
    LOW_CONFIDENCE = "low confidence"
    NOTHING_QUOTABLE = "nothing quotable"
    # the question's own words are in no passage
    IDENTIFIER_ABSENT = "named identifier or meeting date not found"
    NAME_ABSENT = "a name the question uses is in no passage"
    NUMBER_ABSENT = "a number the question names is in no passage"
    MEETING_NUMBER_ABSENT = "the meeting the question numbers is in no passage"
    # the kind of fact asked for ("hvor mange", "hvornår", "hvem er formand") is not stated
    FACT_UNSTATED = "no passage states the asked-for fact"
    FACT_UNQUOTED = "no quoted sentence states the asked-for fact"
    # what the question pins the answer to is not in the quoted passages
    YEAR_UNQUOTED = "the year the question names is not in the quoted passages"
    MONTH_UNQUOTED = "the month the question names is not in the quoted passages"
    PERIOD_UNQUOTED = "the time after which the question asks is not in the quoted sentences"
    MEETING_UNDATED = "no quoted sentence dates a meeting"
    ITEM_NUMBER_UNQUOTED = "the number the question gives the item is not in the quoted passages"
    PART_NUMBER_UNQUOTED = "the numbered week, quarter or part the question names is not in the quoted passages"
    ONLY_ANNOUNCED = "the meeting, talk or report the question asks about is only announced"
    OTHER_BODY = "the body the question names did not say it"
    ONLY_REFERRED = "the matter was only sent to the body the question names; its decision is not in the documents"
    PLACE_UNQUOTED = "the place the question names is not in the quoted passages"
    NAME_UNQUOTED = "a name the question uses is not in the quoted passages"
    ONLY_REPEATS = "the passages only repeat the question"
    # a question about one document itself (api/about.py) that the document does not state
    NO_DECISION_RECORDED = "the document records no decision under a decision heading"
    NO_ATTENDANCE = "the document has no list of who attended"
    NO_CASE_NUMBER = "the document gives no case number"
    NO_OWN_DATE = "the document's first pages state no date of its own"
    NO_ISSUER = "the document does not name who issued it"
    NO_TITLE = "neither the document's title nor its headings stand on its pages as read"

    def __str__(self) -> str:
        return self.value
