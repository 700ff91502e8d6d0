from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

_MODELS = ("productgroup", "label", "statelaw", "criterion", "practiceexample")


def _perms(*actions: str) -> list[str]:
    return [f"knowledge.{action}_{model}" for model in _MODELS for action in actions]


class KnowledgeConfig(AppConfig):
    name = "beschaffungsallianz.knowledge"
    label = "knowledge"
    verbose_name = _("Wissen")

    # Editors maintain the whole knowledge base, publishing included (core/roles.py).
    role_permissions = {
        "editor": _perms("add", "change", "delete", "view")
        + [f"knowledge.publish_{m}" for m in _MODELS if m != "productgroup"]
        + ["knowledge.lock_practiceexample", "knowledge.unlock_practiceexample"],
    }

    def ready(self):
        from beschaffungsallianz.knowledge.search.text import ensure_search_index_after_migrate

        post_migrate.connect(ensure_search_index_after_migrate, dispatch_uid="knowledge.fts")
