"""Checks shared by the privacy tests of meetings and the members' library: every public
channel of the site, and what the page cache holds."""

from django.core.cache import caches

SECRET = "Zauberwortprotokoll"  # occurs only in internal parts of the meetings' fixtures

MEETING_URLS = [
    "/arbeitskreis/sitzungen/",
    "/arbeitskreis/sitzungen/fruehjahr/",
    "/arbeitskreis/sitzungen/herbst/",
    "/arbeitskreis/sitzungen/beschluesse/",
    "/arbeitskreis/sitzungen/fruehjahr/protokoll/",
]


def public_outputs(client) -> dict[str, bytes]:
    """Every public channel that answers 200 on this site: search, sitemap, feeds, every API
    list (from the OpenAPI schema), the meetings page and its routes."""
    urls = ["/sitemap.xml", "/aktuelles/feed/", "/termine/feed/"]
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    urls += [path for path, spec in paths.items() if "{" not in path and "get" in spec]
    urls += MEETING_URLS
    answers = {url: client.get(url) for url in urls}
    return {url: r.content for url, r in answers.items() if r.status_code == 200}


def stored_pages() -> bytes:
    """Everything the page cache holds (the tests' local-memory cache), as bytes."""
    return b"".join(value for value in caches["pages"]._cache.values())
