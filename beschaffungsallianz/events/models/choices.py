"""Choices of the event pages (below the pages, so that forms and the API can use them)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventFormat(models.TextChoices):
    ON_SITE = "on_site", _("on site")
    ONLINE = "online", _("online")
    HYBRID = "hybrid", _("hybrid")


class DatePrecision(models.TextChoices):
    """How much of ``start`` is known: archive entries often know only the day or the year."""

    TIME = "time", _("date and time")
    DAY = "day", _("date only")
    YEAR = "year", _("year only")
