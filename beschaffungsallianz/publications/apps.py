from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_save
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
        from beschaffungsallianz.publications.signals import refresh_publications_of_document

        post_save.connect(
            refresh_publications_of_document,
            sender=settings.WAGTAILDOCS_DOCUMENT_MODEL,
            dispatch_uid="publications.refresh_on_document_save",
        )
