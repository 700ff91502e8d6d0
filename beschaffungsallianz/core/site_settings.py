"""Accessors for what the site settings (``SiteSettings``) say, so no app reads them its own way.

- ``data_licence(request)``: the open-data licence (name, URL, attribution) that the pages,
  the API, the feeds and the downloads (``Link: <…>; rel="license"``) state.
- ``alliance_state(request)``: the federal state the alliance works in (the monitor compares
  it with Germany); a code of ``core.states``, TH when the setting holds no known code.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from beschaffungsallianz.core.models import SiteSettings
from beschaffungsallianz.core.states import BY_CODE

DEFAULT_STATE = "TH"


@dataclass(frozen=True)
class Licence:
    name: str
    url: str  # may be empty: then the name stands alone
    attribution: str  # the alliance, to be named when the data is reused

    def as_dict(self) -> dict:
        return asdict(self)


def data_licence(request) -> Licence:
    settings = SiteSettings.for_request(request)
    return Licence(
        name=settings.data_licence,
        url=settings.data_licence_url,
        attribution=settings.alliance_name,
    )


def alliance_state(request) -> str:
    code = (SiteSettings.for_request(request).state_code or "").upper()
    return code if code in BY_CODE else DEFAULT_STATE
