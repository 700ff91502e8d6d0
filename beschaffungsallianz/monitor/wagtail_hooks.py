"""Admin for the tender monitor: a menu group "Vergabemonitor" with read-only lists of the
imported notices, their lots and the import runs (filters, search, inspect view).

Notices come only from the importer, so nobody - not even a superuser - adds, edits or deletes
them here; editors and coordinators need the ``view_*`` permissions (apps.py role_permissions).
"""

from django.utils.translation import gettext_lazy as _
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from beschaffungsallianz.core.admin_ui import ShortDateColumn, YesNoColumn
from beschaffungsallianz.monitor.models import ImportRun, Lot, Notice

READ_ONLY_ACTIONS = {"view"}


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Model permissions reduced to "view": the data is written by the importer only."""

    def user_has_permission(self, user, action):
        return action in READ_ONLY_ACTIONS and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return super().user_has_any_permission(user, [a for a in actions if a in READ_ONLY_ACTIONS])

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission(
            [a for a in actions if a in READ_ONLY_ACTIONS] or ["view"]
        )


for _model in (Notice, Lot, ImportRun):
    register_permission_policy(_model, ReadOnlyPermissionPolicy(_model))


class NoticeViewSet(SnippetViewSet):
    model = Notice
    icon = "doc-full"
    menu_order = 100
    inspect_view_enabled = True
    list_display = [
        "notice_id",
        "title",
        "buyer_name",
        "state",
        ShortDateColumn("issue_date", label=_("issue date"), sort_key="issue_date"),
        "source",
    ]
    list_filter = ["state", "source", "notice_type", "state_rule", "issue_date"]
    search_fields = ["notice_id", "publication_number", "title", "buyer_name"]
    search_backend_name = None  # plain database lookups, no search index for notices
    ordering = ["-issue_date", "notice_id"]
    list_per_page = 50
    copy_view_enabled = False


class LotViewSet(SnippetViewSet):
    model = Lot
    icon = "list-ul"
    menu_order = 200
    inspect_view_enabled = True
    list_display = [
        "__str__",
        "title",
        "main_cpv",
        "state",
        ShortDateColumn("issue_date", label=_("issue date"), sort_key="issue_date"),
        YesNoColumn("uses_green", label=_("green"), sort_key="uses_green"),
        YesNoColumn("uses_social", label=_("social"), sort_key="uses_social"),
        YesNoColumn("uses_innovative", label=_("innovative"), sort_key="uses_innovative"),
    ]
    list_filter = [
        "state",
        "uses_green",
        "uses_social",
        "uses_innovative",
        "uses_any",
        "cpv_division",
        "issue_date",
    ]
    search_fields = ["lot_id", "title", "main_cpv"]
    search_backend_name = None
    ordering = ["-issue_date", "notice_id", "lot_id"]
    list_per_page = 50
    copy_view_enabled = False

    def get_queryset(self, request):
        return Lot.objects.select_related("notice")


class ImportRunViewSet(SnippetViewSet):
    model = ImportRun
    icon = "history"
    menu_order = 300
    inspect_view_enabled = True
    list_display = [
        "__str__",
        ShortDateColumn("finished_at", label=_("finished"), sort_key="finished_at"),
        "read",
        "new",
        "updated",
        "skipped",
        "failed",
    ]
    list_filter = ["started_at"]
    ordering = ["-started_at"]
    copy_view_enabled = False


class MonitorViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Tender monitor")
    menu_icon = "table"
    menu_order = 400
    items = (NoticeViewSet, LotViewSet, ImportRunViewSet)


register_snippet(MonitorViewSetGroup)
