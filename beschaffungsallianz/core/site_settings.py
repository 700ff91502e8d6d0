"""Accessors for what the site settings (``SiteSettings``) say, so no app reads them its own way.

- ``data_licence(request)``: the open-data licence (name, URL, attribution) that the pages,
  the API, the feeds and the downloads (``Link: <…>; rel="license"``) state.
- ``alliance_state(request)``: the federal state the alliance works in (the monitor compares
  it with Germany); a code of ``core.states``, TH when the setting holds no known code.
- ``alliance_name(request=None)``: who signs mails and feeds; without a request (a task) the
  default site's, without any site ``WAGTAIL_SITE_NAME``.
- ``privacy_url(request)``: the privacy notice that consent checkboxes link to.
- ``imprint(request=None)``: name, postal address, contact address and imprint page of the
  publisher, for the footer of mails.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.conf import settings
from wagtail.models import Site

from beschaffungsallianz.core.links import absolute_url
from beschaffungsallianz.core.models import SiteSettings, localized
from beschaffungsallianz.core.pagecache import active_locale, per_generation
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


def privacy_url(request) -> str:
    """The privacy notice (in the active language) that consent checkboxes link to, or "";
    once per worker process, generation and language (every form page shows it)."""
    site_settings = SiteSettings.for_request(request)
    page = site_settings.privacy_page
    if page is None or not page.live:
        return ""
    locale = active_locale()
    return per_generation(
        f"privacy-url:{site_settings.pk}:{locale.pk}", lambda: localized(page, locale).url
    )


def alliance_name(request=None) -> str:
    if request is not None:
        site = Site.find_for_request(request)
    else:
        site = Site.objects.filter(is_default_site=True).first()
    return SiteSettings.for_site(site).alliance_name if site else settings.WAGTAIL_SITE_NAME


@dataclass(frozen=True)
class Imprint:
    """Who publishes the site, for the footer of mails (newsletter): name, postal address,
    contact address and the imprint page's absolute URL (each may be empty but the name)."""

    name: str
    address: str
    email: str
    url: str


def imprint(request=None) -> Imprint:
    """The imprint of the request's site, or (in a task) of the default site."""
    if request is not None:
        site = Site.find_for_request(request)
    else:
        site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return Imprint(settings.WAGTAIL_SITE_NAME, "", "", "")
    values = SiteSettings.for_site(site)
    page = values.imprint_page
    url = absolute_url(page.localized.url or "/") if page is not None and page.live else ""
    return Imprint(values.alliance_name, values.postal_address, values.contact_email, url)
