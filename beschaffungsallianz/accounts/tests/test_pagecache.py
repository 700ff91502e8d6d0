"""The account pages carry CSRF forms and personal data: the page cache never keeps them."""

import re

import pytest
from django.test import Client

from beschaffungsallianz.core.tests.factories import make_home

pytestmark = pytest.mark.django_db

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/konto/registrieren/", {"name": ""}),
        ("/konto/anmelden/", {"login": ""}),
        ("/konto/passwort/zuruecksetzen/", {"email": ""}),
        ("/en/konto/registrieren/", {"name": ""}),
    ],
)
def test_account_forms_are_rendered_anew_and_post_after_cached_pages(path, data):
    make_home()
    browser = Client(enforce_csrf_checks=True)
    for _ in range(3):  # the start page gets into the page cache
        browser.get("/")
    first = browser.get(path)
    again = browser.get(path)
    token = CSRF_INPUT.search(again.content.decode()).group(1)

    answer = browser.post(path, {"csrfmiddlewaretoken": token, **data})

    assert CSRF_INPUT.search(first.content.decode()).group(1) != token
    assert "private" in again["Cache-Control"] and "no-store" in again["Cache-Control"]
    assert answer.status_code == 200  # the form with its errors, not 403 (CSRF failure)
    assert 'id="error-summary"' in answer.content.decode()
