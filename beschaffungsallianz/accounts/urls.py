"""/konto/ (German paths in both languages; English under /en/konto/).

``allauth_patterns`` are allauth's views under the URL names allauth reverses (no namespace);
``urlpatterns`` are this app's own (namespace ``accounts``). Login by code, phone numbers and
passkeys are off, so their views are not mapped (re-authentication by code is, because allauth
links it). Every response is private: ``never_cache``
(``Cache-Control: private, no-cache, no-store``) on every view, so no page cache or proxy keeps a
page with a person's data or a CSRF token.
"""

from allauth.account import views as allauth_views
from django.urls import path, re_path
from django.views.decorators.cache import never_cache
from wagtail.utils.urlpatterns import decorate_urlpatterns

from beschaffungsallianz.accounts import views

app_name = "accounts"

allauth_patterns = decorate_urlpatterns(
    [
        path("registrieren/", views.signup, name="account_signup"),
        path("anmelden/", allauth_views.login, name="account_login"),
        path("abmelden/", allauth_views.logout, name="account_logout"),
        path("inaktiv/", allauth_views.account_inactive, name="account_inactive"),
        path("bestaetigen/", allauth_views.reauthenticate, name="account_reauthenticate"),
        path(
            "bestaetigen/code/",
            allauth_views.request_reauthentication_code,
            name="account_request_reauthentication_code",
        ),
        path(
            "bestaetigen/code/pruefen/",
            allauth_views.confirm_reauthentication_code,
            name="account_confirm_reauthentication_code",
        ),
        path("e-mail/", allauth_views.email, name="account_email"),
        path(
            "e-mail/bestaetigen/",
            allauth_views.email_verification_sent,
            name="account_email_verification_sent",
        ),
        re_path(
            r"^e-mail/bestaetigen/(?P<key>[-:\w]+)/$",
            allauth_views.confirm_email,
            name="account_confirm_email",
        ),
        path("passwort/aendern/", allauth_views.password_change, name="account_change_password"),
        path("passwort/setzen/", allauth_views.password_set, name="account_set_password"),
        path(
            "passwort/zuruecksetzen/",
            allauth_views.password_reset,
            name="account_reset_password",
        ),
        path(
            "passwort/zuruecksetzen/gesendet/",
            allauth_views.password_reset_done,
            name="account_reset_password_done",
        ),
        re_path(
            r"^passwort/zuruecksetzen/schluessel/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
            allauth_views.password_reset_from_key,
            name="account_reset_password_from_key",
        ),
        path(
            "passwort/zuruecksetzen/fertig/",
            allauth_views.password_reset_from_key_done,
            name="account_reset_password_from_key_done",
        ),
    ],
    never_cache,
)

urlpatterns = decorate_urlpatterns(
    [
        path("", views.profile, name="profile"),
        path("daten/", views.data_export, name="data-export"),
        path("loeschen/", views.account_delete, name="account-delete"),
    ],
    never_cache,
)
