from beschaffungsallianz.meetings.models.meetings import AgendaItem, Meeting, Rsvp
from beschaffungsallianz.meetings.models.pages import MeetingIndexPage
from beschaffungsallianz.meetings.models.records import Decision, Minutes, MinutesLocked

__all__ = [
    "AgendaItem",
    "Decision",
    "Meeting",
    "MeetingIndexPage",
    "Minutes",
    "MinutesLocked",
    "Rsvp",
]
