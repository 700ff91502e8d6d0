"""Accessors for what the site settings (``SiteSettings``) say, so no app reads them its own way.

- ``data_licence(request)``: the open-data licence (name, URL, attribution) that the pages,
  the API, the feeds and the downloads (``Link: <…>; rel="license"``) state.
- ``alliance_state(request)``: the federal state the alliance works in (the monitor compares
  it with Germany); a code of ``core.states``, TH when the setting holds no known code.
- ``alliance_name(request=None)``: who signs mails and feeds; without a request (a task) the
  default site's, without any site ``WAGTAIL_SITE_NAME``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.conf import settings
from wagtail.models import Site

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
    site_settings = SiteSettings.for_request(request)
    return Licence(
        name=site_settings.data_licence,
        url=site_settings.data_licence_url,
        attribution=site_settings.alliance_name,
    )


def alliance_state(request) -> str:
    code = (SiteSettings.for_request(request).state_code or "").upper()
    return code if code in BY_CODE else DEFAULT_STATE


def alliance_name(request=None) -> str:
    if request is not None:
        site = Site.find_for_request(request)
    else:
        site = Site.objects.filter(is_default_site=True).first()
    return SiteSettings.for_site(site).alliance_name if site else settings.WAGTAIL_SITE_NAME
