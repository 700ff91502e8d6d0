"""The page cache across worker processes (issue 12): two gunicorn servers with the production
settings share the database and the cache (the database cache, and Redis); a page published by a
third process (``manage.py shell``, as an editor's request in another worker would) is what
both servers answer next. The machinery is test_shared_cache.py's (``cache_environment`` is in
core/tests/conftest.py)."""

import pytest

from beschaffungsallianz.core.tests.factories import StandardPageFactory, make_home
from beschaffungsallianz.core.tests.production_server import (
    Browser,
    database_url_for_server,
    gunicorn,
    manage,
    production_environment,
)

PUBLISH = (
    "from wagtail.models import Page; page = Page.objects.get(slug='projekt').specific; "
    "page.title = 'Nachher'; page.save_revision().publish()"
)


@pytest.mark.django_db(transaction=True)
def test_a_page_published_elsewhere_is_fresh_in_both_processes(
    cache_environment,
    collected_static,
    tmp_path,
):
    StandardPageFactory(parent=make_home(), title="Vorher", slug="projekt")
    environment = production_environment(
        DATABASE_URL=database_url_for_server(tmp_path),
        STATIC_ROOT=str(collected_static),
        MEDIA_ROOT=str(tmp_path / "media"),
        **cache_environment,
    )
    manage(environment, "migrate", "--noinput")
    browser = Browser()
    with (
        gunicorn(environment, tmp_path / "first.log") as first,
        gunicorn(environment, tmp_path / "second.log") as second,
    ):
        warm = [browser.get(port, "/projekt/") for port in (first, first, second, second)]
        one, other = browser.get(first, "/projekt/"), browser.get(second, "/projekt/")

        manage(environment, "shell", "-c", PUBLISH)
        after = [browser.get(port, "/projekt/") for port in (second, first)]

    assert all(r.status == 200 and "Vorher" in r.text for r in warm)
    # One entry in the shared cache serves both processes: the same rendering.
    assert one.headers["ETag"] == other.headers["ETag"]
    assert one.headers["Last-Modified"] == other.headers["Last-Modified"]
    assert one.headers["Cache-Control"].startswith("public, max-age=")
    assert all("Nachher" in r.text and "Vorher" not in r.text for r in after), after
    assert browser.cookies == {}  # nothing on the way set a cookie
