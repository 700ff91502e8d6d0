import pytest
from django.contrib.auth.models import Group

from beschaffungsallianz.core.roles import COORDINATOR_GROUP, EDITOR_GROUP, sync_roles


@pytest.mark.django_db
def test_roles_exist_after_migrate_with_admin_access():
    for name in (EDITOR_GROUP, COORDINATOR_GROUP):
        group = Group.objects.get(name=name)
        assert group.permissions.filter(codename="access_admin").exists()


@pytest.mark.django_db
def test_sync_roles_is_idempotent():
    before = Group.objects.get(name=EDITOR_GROUP).permissions.count()
    sync_roles()
    sync_roles()
    assert Group.objects.get(name=EDITOR_GROUP).permissions.count() == before


@pytest.mark.django_db
def test_personas(editor, coordinator, admin_user, member):
    assert editor.has_perm("wagtailadmin.access_admin")
    assert coordinator.has_perm("wagtailadmin.access_admin")
    assert not member.has_perm("wagtailadmin.access_admin")
    assert admin_user.is_superuser
