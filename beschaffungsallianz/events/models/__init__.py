from beschaffungsallianz.events.models.choices import DatePrecision, EventFormat
from beschaffungsallianz.events.models.pages import EventIndexPage, EventPage
from beschaffungsallianz.events.models.registrations import Registration

__all__ = ["DatePrecision", "EventFormat", "EventIndexPage", "EventPage", "Registration"]
