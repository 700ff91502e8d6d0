"""The demo accounts of the public: mitglied, neu, arbeitskreis, with $DEMO_PASSWORD."""

import io

import pytest

from beschaffungsallianz.accounts.models import Profile
from beschaffungsallianz.core.management.commands.load_demo_content import Command

pytestmark = pytest.mark.django_db


def _ensure_accounts():
    out = io.StringIO()
    command = Command(stdout=out)
    command.ensure_accounts()
    return out.getvalue()


def test_demo_accounts_log_in_at_konto_with_their_roles(client, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-passwort-2016")

    first = _ensure_accounts()
    second = _ensure_accounts()

    for line in (
        "Mitglied: username mitglied  password demo-passwort-2016  (log in at /konto/anmelden/)",
        "Unverifiziert: username neu  password demo-passwort-2016  (log in at /konto/anmelden/)",
        "Mitglied, Arbeitskreis: username arbeitskreis  password demo-passwort-2016",
        "Redaktion: username redaktion  password demo-passwort-2016  (log in at /admin/)",
    ):
        assert line in first
    assert "demo-passwort-2016" not in second
    assert Profile.objects.count() == 3
    statuses = dict(Profile.objects.values_list("user__username", "status"))
    assert statuses == {"mitglied": "verified", "neu": "pending", "arbeitskreis": "verified"}
    assert all("Demo" in p.organisation_name for p in Profile.objects.all())
    for username in ("mitglied", "neu", "arbeitskreis"):
        response = client.post(
            "/konto/anmelden/", {"login": username, "password": "demo-passwort-2016"}
        )
        assert response.status_code == 302 and response["Location"] == "/konto/", username
        client.logout()
