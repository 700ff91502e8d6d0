"""An event's date as far as it is known: "2013"; "2. Juni 2015"; "17.10.2018 10:00–16:00"."""

from django.utils import formats

from beschaffungsallianz.events.models.choices import DatePrecision


def event_date(event) -> str:
    """Formatted in the active language; only what ``date_precision`` says is known."""
    start = event.local_start
    if event.date_precision == DatePrecision.YEAR:
        return str(start.year)
    end = event.local_end
    if event.date_precision == DatePrecision.DAY:
        text = formats.date_format(start, "DATE_FORMAT")
        if end and end.date() != start.date():
            text += " – " + formats.date_format(end, "DATE_FORMAT")
        return text
    text = formats.date_format(start, "DATETIME_FORMAT")
    if end:
        same_day = end.date() == start.date()
        text += " – " + formats.date_format(end, "TIME_FORMAT" if same_day else "DATETIME_FORMAT")
    return text
