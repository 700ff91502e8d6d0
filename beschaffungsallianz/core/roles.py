"""The platform's roles as Django groups, kept in sync after every migrate.

- Redaktion (editor): pages, images, documents and content snippets.
- Koordination (coordinator): everything editors do, plus join requests, memberships and other
  personal data.
- Administrators are superusers.
- Unverifiziert, Mitglied, Arbeitskreis (accounts of the public, see the accounts app): a new
  registration is unverified; a coordinator confirms it (Mitglied) and adds members of the
  working group's member organisations to Arbeitskreis. These groups have no admin permissions;
  the members' area checks them.

Each app declares what its models need on its AppConfig::

    role_permissions = {
        "editor": ["knowledge.add_label", "knowledge.change_label", ...],
        "coordinator": ["network.view_joinrequest", ...],
    }

Coordinators get the editor permissions too. ``sync_roles`` is idempotent; it also sets up the
review workflow, whose reviewers are the coordinators (``workflows.py``).
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission

from beschaffungsallianz.core.workflows import sync_workflows

EDITOR_GROUP = "Redaktion"
COORDINATOR_GROUP = "Koordination"
UNVERIFIED_GROUP = "Unverifiziert"
MEMBER_GROUP = "Mitglied"
WORKING_GROUP_GROUP = "Arbeitskreis"
ACCOUNT_GROUPS = (UNVERIFIED_GROUP, MEMBER_GROUP, WORKING_GROUP_GROUP)

BASE_EDITOR_PERMISSIONS = [
    "wagtailadmin.access_admin",
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
    "core.change_sitesettings",
]


def declared_permissions(role: str) -> list[str]:
    perms: list[str] = []
    for config in apps.get_app_configs():
        perms += getattr(config, "role_permissions", {}).get(role, [])
    return perms


def _permission_objects(names: list[str]) -> list[Permission]:
    result = []
    for name in names:
        app_label, codename = name.split(".", 1)
        perm = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if perm is None and app_label in ("wagtailimages", "wagtaildocs"):
            # Custom image/document models: collection permissions live on the swapped model.
            perm = Permission.objects.filter(codename=codename).first()
        if perm is not None:
            result.append(perm)
    return result


def _grant_page_root(group: Group) -> None:
    """Editors may add, edit, publish pages anywhere below the root; locks need admins."""
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    root = Page.get_first_root_node()
    if root is not None:
        for codename in ("add_page", "change_page", "publish_page"):
            perm = Permission.objects.filter(
                content_type__app_label="wagtailcore", codename=codename
            ).first()
            if perm:
                GroupPagePermission.objects.get_or_create(group=group, page=root, permission=perm)
    collection = Collection.get_first_root_node()
    if collection is not None:
        # Wagtail checks collection permissions on its own models (auth_model="wagtaildocs.Document"
        # / "wagtailimages.Image"), even with custom document and image models.
        for perm in Permission.objects.filter(
            content_type__app_label__in=["wagtailimages", "wagtaildocs"],
            codename__in=[
                "add_image",
                "change_image",
                "choose_image",
                "add_document",
                "change_document",
                "choose_document",
            ],
        ):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=perm
            )


def sync_roles_after_migrate(sender, **kwargs) -> None:
    """post_migrate handler: runs once, for the last app, when every permission exists."""
    last = [c for c in apps.get_app_configs() if c.models_module is not None][-1]
    if sender.label == last.label:
        sync_roles()


def sync_roles() -> None:
    editor_perms = BASE_EDITOR_PERMISSIONS + declared_permissions("editor")
    coordinator_perms = editor_perms + declared_permissions("coordinator")
    for name, perms in ((EDITOR_GROUP, editor_perms), (COORDINATOR_GROUP, coordinator_perms)):
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*_permission_objects(perms))
        _grant_page_root(group)
    for name in ACCOUNT_GROUPS:
        Group.objects.get_or_create(name=name)
    sync_workflows(COORDINATOR_GROUP)
