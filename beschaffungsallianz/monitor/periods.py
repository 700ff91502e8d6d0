"""Whole months: the periods of the statistics and their arithmetic."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def months_between(start: date, end: date) -> list[date]:
    months, current = [], month_start(start)
    while current <= end:
        months.append(current)
        current = add_months(current, 1)
    return months


@dataclass(frozen=True)
class Period:
    """Whole months from ``start`` to ``end`` (both the first day of a month, inclusive)."""

    start: date
    end: date

    @property
    def months(self) -> list[date]:
        return months_between(self.start, self.end)

    @property
    def last_day(self) -> date:
        return self.end.replace(day=calendar.monthrange(self.end.year, self.end.month)[1])

    @property
    def start_param(self) -> str:
        return f"{self.start:%Y-%m}"

    @property
    def end_param(self) -> str:
        return f"{self.end:%Y-%m}"

    def __str__(self):
        return f"{self.start:%m/%Y}–{self.end:%m/%Y}"
