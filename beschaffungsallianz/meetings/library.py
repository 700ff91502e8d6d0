"""The members-only library: Wagtail pages and documents that only the groups "Mitglied" and
"Arbeitskreis" (and staff in the admin) see, built from Wagtail's own privacy, no code of ours
in the request path:

- pages: a ``PageViewRestriction`` (``restriction_type`` groups: Mitglied, Arbeitskreis) on
  ``/mitgliederbereich/bibliothek/`` covers it and every page below ("Rechtliche Grundlagen",
  "Leitfäden", "Studien & Gutachten"). Wagtail sends everybody else (anonymous or logged in
  without the group; superusers pass) to the login; ``.public()`` leaves the pages out of the
  site search, the sitemap and the feeds; the page cache never stores a redirect or a
  session's response.
- documents: the collection "Mitglieder" with a ``CollectionViewRestriction`` (same groups).
  ``/documents/<id>/<file>`` (``WAGTAILDOCS_SERVE_METHOD = "serve_view"``) checks it on every
  request before it sends the file (itself, or nginx after ``X-Accel-Redirect`` when
  ``MEDIA_X_ACCEL_REDIRECT=true``); ``/media/documents/…`` is never served
  (docs/operations.md, "Private documents").

The exchange app answers ``/mitgliederbereich/`` itself (a Django view, not a page): the page
``mitgliederbereich`` made here is only the library's parent in Wagtail's tree (restricted as
well), so the breadcrumb "Mitgliederbereich" leads to the exchange's start page.

``ensure_library(stdout)`` is the demo (called by ``meetings/demo.py``): idempotent, every page
and document marked as a sample.
"""

from __future__ import annotations

from django.contrib.auth.models import Group
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from beschaffungsallianz.core.demo import demo_home, ensure_child
from beschaffungsallianz.core.models import StandardPage
from beschaffungsallianz.core.roles import MEMBER_GROUP, WORKING_GROUP_GROUP
from beschaffungsallianz.publications.demo import build_pdf, ensure_document

COLLECTION = "Mitglieder"
READERS = (MEMBER_GROUP, WORKING_GROUP_GROUP)

SECTIONS = [
    (
        "rechtliche-grundlagen",
        "Rechtliche Grundlagen",
        "Beispiel: Hier stellen die Mitglieder Hinweise zu Vergaberecht und Landesregelungen "
        "zusammen.",
    ),
    (
        "leitfaeden",
        "Leitfäden",
        "Beispiel: Leitfäden aus der Praxis der Mitglieder, nur für Mitglieder.",
    ),
    (
        "studien-gutachten",
        "Studien & Gutachten",
        "Beispiel: Studien und Gutachten, die nur für Mitglieder freigegeben sind.",
    ),
]


def readers() -> list[Group]:
    return [Group.objects.get_or_create(name=name)[0] for name in READERS]


def members_collection() -> Collection:
    """The private collection "Mitglieder" (below the root), restricted to the readers."""
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=COLLECTION).first()
    if collection is None:
        collection = root.add_child(instance=Collection(name=COLLECTION))
    if not CollectionViewRestriction.objects.filter(collection=collection).exists():
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.GROUPS
        )
        restriction.groups.set(readers())
    return collection


def restrict_to_members(page) -> None:
    if not PageViewRestriction.objects.filter(page=page).exists():
        restriction = PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.GROUPS
        )
        restriction.groups.set(readers())


def _body(text: str, document=None) -> list:
    body = [("paragraph", f"<p>{text}</p>")]
    if document is not None:
        body.append(("document", document))
    return body


def ensure_library(stdout) -> None:
    home = demo_home()
    if home is None:
        stdout.write("  meetings: no default site, members' library skipped\n")
        return
    members, _new = ensure_child(
        home,
        StandardPage,
        "mitgliederbereich",
        stdout,
        app="meetings",
        title="Mitgliederbereich",
        intro="Für bestätigte Mitglieder.",
    )
    restrict_to_members(members)
    library, _new = ensure_child(
        members,
        StandardPage,
        "bibliothek",
        stdout,
        app="meetings",
        title="Bibliothek",
        intro="Beispiel: Dokumente und Seiten nur für Mitglieder.",
    )
    restrict_to_members(library)
    collection = members_collection()
    for slug, title, text in SECTIONS:
        document, _new = ensure_document(
            f"{title} (Beispiel, nur für Mitglieder)",
            f"{slug}-beispiel.pdf",
            build_pdf(title, [[("title", title), ("p", text)]]),
            stdout,
            collection=collection,
            app="meetings",
        )
        ensure_child(
            library,
            StandardPage,
            slug,
            stdout,
            app="meetings",
            title=title,
            intro=text,
            body=_body(text, document),
        )
