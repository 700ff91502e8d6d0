from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

_PUBLICATION_MODELS = ("publication", "rulesofprocedure", "rulesofprocedureversion")


class PublicationsConfig(AppConfig):
    name = "beschaffungsallianz.publications"
    label = "publications"
    verbose_name = _("Publications")

    # Editors (and therefore coordinators) manage publications and the rules of procedure.
    role_permissions = {
        "editor": [
            f"publications.{action}_{model}"
            for model in _PUBLICATION_MODELS
            for action in ("add", "change", "delete", "view")
        ]
        + [
            "publications.publish_publication",
            "publications.publish_rulesofprocedureversion",
        ],
    }

    def ready(self):
        from beschaffungsallianz.publications import signals  # noqa: F401
