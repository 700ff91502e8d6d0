"""Load the demo content: pages, site settings, each app's sample data, English, accounts.

Like bakerydemo's ``load_initial_data``, but idempotent: a second run finds everything in
place and changes nothing. Each app provides ``<app>/demo.py`` with ``load_demo(stdout)``.
"""

import logging
import os
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Locale

from beschaffungsallianz.accounts import demo as accounts_demo
from beschaffungsallianz.core import demo
from beschaffungsallianz.core.roles import (
    COORDINATOR_GROUP,
    EDITOR_GROUP,
    MEMBER_GROUP,
    UNVERIFIED_GROUP,
    WORKING_GROUP_GROUP,
    sync_roles,
)
from beschaffungsallianz.events import demo as events_demo
from beschaffungsallianz.exchange import demo as exchange_demo
from beschaffungsallianz.knowledge import demo as knowledge_demo
from beschaffungsallianz.library import demo as library_demo
from beschaffungsallianz.meetings import demo as meetings_demo
from beschaffungsallianz.monitor import demo as monitor_demo
from beschaffungsallianz.network import demo as network_demo
from beschaffungsallianz.newsletter import demo as newsletter_demo
from beschaffungsallianz.publications import demo as publications_demo
from beschaffungsallianz.search import demo as search_demo

# Every app's demo, in this order (the knowledge base's product groups before the monitor and
# the events, the network's organisations before the events).
APP_DEMOS = [
    network_demo,
    publications_demo,
    knowledge_demo,
    monitor_demo,
    events_demo,
    meetings_demo,
    exchange_demo,  # after the demo accounts (ensure_accounts runs before the app demos)
    newsletter_demo,
    search_demo,
    library_demo,
]

ADMIN_LOGIN = "/admin/"
ACCOUNT_LOGIN = "/konto/anmelden/"
ACCOUNTS = [
    # username, groups, first name, last name, where they log in
    ("redaktion", [EDITOR_GROUP], "Demo", "Redaktion", ADMIN_LOGIN),
    ("koordination", [COORDINATOR_GROUP], "Demo", "Koordination", ADMIN_LOGIN),
    # Accounts of the public (accounts app): confirmed member, unconfirmed, working group.
    ("mitglied", [MEMBER_GROUP], "Demo", "Mitglied", ACCOUNT_LOGIN),
    ("neu", [UNVERIFIED_GROUP], "Demo", "Neu", ACCOUNT_LOGIN),
    ("arbeitskreis", [MEMBER_GROUP, WORKING_GROUP_GROUP], "Demo", "Arbeitskreis", ACCOUNT_LOGIN),
]


class Command(BaseCommand):
    help = "Load the demo content (idempotent: a second run changes and duplicates nothing)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-accounts", action="store_true", help="Do not create the demo accounts."
        )
        parser.add_argument(
            "--skip",
            action="append",
            default=[],
            metavar="APP",
            help="Do not load this app's demo data (network, publications, knowledge, "
            "monitor, events, exchange, newsletter); repeatable.",
        )

    def handle(self, *args, **options):
        if options["verbosity"] < 2:
            # Wagtail logs every page action and django_tasks every task: too much here.
            for name in ("wagtail", "django_tasks"):
                logging.getLogger(name).setLevel(logging.WARNING)
        out = self.stdout
        out.write("Loading demo content …")
        sync_roles()
        with transaction.atomic():
            home = demo.load_demo(out)
        if not options["no_accounts"]:  # before the app demos: the exchange's samples need them
            self.ensure_accounts()
        for module in APP_DEMOS:
            label = module.__name__.split(".")[-2]
            if label in options["skip"]:
                out.write(f"- {label}: skipped")
                continue
            out.write(f"- {label}")
            with transaction.atomic():
                module.load_demo(out)
        home.refresh_from_db()
        with transaction.atomic():
            demo.ensure_entry_points(home.specific, out)
        english, created = Locale.objects.get_or_create(language_code="en")
        if created:
            out.write("  core: locale English created")
        with transaction.atomic():
            demo.ensure_translations(home.specific, english, out)
        out.write(self.style.SUCCESS("Demo content is in place."))

    def ensure_accounts(self):
        user_model = get_user_model()
        password = os.environ.get("DEMO_PASSWORD") or secrets.token_urlsafe(12)
        created = []
        for username, group_names, first, last, login in ACCOUNTS:
            roles = ", ".join(group_names)
            user = user_model.objects.filter(username=username).first()
            if user is not None:
                self.stdout.write(
                    f"Account '{username}' ({roles}) exists; its password is unchanged."
                )
                continue
            user = user_model.objects.create_user(
                username=username,
                password=password,
                first_name=first,
                last_name=last,
                email=f"{username}@example.org",
            )
            user.groups.add(*Group.objects.filter(name__in=group_names))
            if login == ACCOUNT_LOGIN:
                accounts_demo.ensure_account(user, function=f"{roles} (Demo)")
            created.append((username, roles, login))
        if created:
            self.stdout.write(self.style.WARNING("Demo accounts:"))
            for username, roles, login in created:
                self.stdout.write(
                    f"  {roles}: username {username}  password {password}  (log in at {login})"
                )
            if not os.environ.get("DEMO_PASSWORD"):
                self.stdout.write(
                    "  (generated once; set DEMO_PASSWORD to choose it; a second run keeps it)"
                )
