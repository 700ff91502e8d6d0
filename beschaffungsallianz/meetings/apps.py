from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "beschaffungsallianz.meetings"
    label = "meetings"
    verbose_name = _("Working group meetings")

    # Synced into the groups "Redaktion" and "Koordination" by core.roles after migrate.
    # Meetings, decisions and minutes are the working group's internal business, answers
    # (RSVPs) personal data: coordinators only. Members of the group "Arbeitskreis" read them
    # on the site (meetings.access), never in the admin.
    role_permissions = {
        "editor": [],
        "coordinator": [
            *(
                f"meetings.{action}_{model}"
                for model in ("meeting", "decision", "minutes")
                for action in ("add", "change", "delete", "view")
            ),
            "meetings.view_rsvp",
            "meetings.change_rsvp",
            "meetings.delete_rsvp",
        ],
    }

    def ready(self):
        from beschaffungsallianz.meetings import signals  # noqa: F401 (connects the receivers)
        from beschaffungsallianz.meetings.decisions import ensure_index_after_migrate

        post_migrate.connect(ensure_index_after_migrate, dispatch_uid="meetings.fts")
