"""Absolute links to this site: the configured public address ``BASE_URL`` plus a path.

Neither Wagtail's site record (``localhost:80`` after a fresh install, edited in the admin)
nor the Host header of the current request decides the address: the sitemap, the Atom feed,
robots.txt and the links in e-mails all start with ``settings.BASE_URL``
(``WAGTAILADMIN_BASE_URL`` is the same value, for Wagtail's own mails).
"""

from urllib.parse import urlsplit

from django.conf import settings


def absolute_url(url: str) -> str:
    """``BASE_URL`` + the path, query and fragment of ``url`` (absolute or site-relative)."""
    parts = urlsplit(url)
    result = settings.BASE_URL.rstrip("/") + (parts.path or "/")
    if parts.query:
        result += f"?{parts.query}"
    if parts.fragment:
        result += f"#{parts.fragment}"
    return result
