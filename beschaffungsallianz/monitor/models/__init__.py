"""Models of the tender monitor:

- ``notices``: notices, lots, import runs and the statistics roll-ups (imported machine data,
  read-only in the admin), with ``Notice.objects.drill_down``;
- ``pages``: ``MonitorPage``, whose route methods are the public views.

Code that the page calls (statistics.py, notices.py, stats.py, forms.py) and the import
pipeline import from ``models.notices`` directly, never from this package, so that no import
cycle runs through the page.
"""

from beschaffungsallianz.monitor.models.notices import (
    ImportRun,
    Lot,
    MonitorRollup,
    Notice,
    NoticeQuerySet,
    strategic_flags,
)
from beschaffungsallianz.monitor.models.pages import MonitorPage

__all__ = [
    "ImportRun",
    "Lot",
    "MonitorPage",
    "MonitorRollup",
    "Notice",
    "NoticeQuerySet",
    "strategic_flags",
]
