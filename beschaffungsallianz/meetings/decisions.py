"""The decisions register: German full text (the knowledge base's ``search.text``: the same
stemming on SQLite and PostgreSQL) and the filters by status and year.

``Decision.search_text`` holds the stems of number and text; ``DECISIONS`` is its index
(SQLite FTS5 with triggers, PostgreSQL GIN), created by migration 0002 and re-checked after
every ``migrate`` (SQLite drops a table's triggers when a migration rebuilds it).
"""

from __future__ import annotations

from django.db import connections

from beschaffungsallianz.knowledge.search import text
from beschaffungsallianz.meetings.forms import DecisionFilterForm
from beschaffungsallianz.meetings.models.records import Decision

DECISIONS = text.FullTextIndex(
    table="meetings_decision",
    fts_table="meetings_decision_fts",
    trigger_prefix="meetings_decision_fts",
    pg_index="meetings_decision_search_vector_gin",
)


def ensure_index_after_migrate(sender, using="default", **kwargs) -> None:
    if sender.label == "meetings":
        conn = connections[using]
        if DECISIONS.table in conn.introspection.table_names():
            text.ensure_search_index(conn, DECISIONS)


def years() -> list[int]:
    dates = Decision.objects.dates("decided_on", "year", order="DESC")
    return [day.year for day in dates]


def filter_form(query) -> DecisionFilterForm:
    return DecisionFilterForm(query or None, years=years())


def register_context(form: DecisionFilterForm) -> dict:
    """The decisions matching a valid form (all of them for an invalid or empty one)."""
    decisions = Decision.objects.select_related("meeting")
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    if data.get("q"):
        ids = text.matching(DECISIONS, data["q"])
        decisions = decisions.filter(pk__in=ids) if ids is not None else decisions
    if data.get("status"):
        decisions = decisions.filter(status=data["status"])
    if data.get("jahr"):
        decisions = decisions.filter(decided_on__year=data["jahr"])
    return {
        "form": form,
        "decisions": decisions,
        "filtered": any(data.values()),
    }
