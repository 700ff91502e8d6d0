"""Admin lists and forms read plainly for non-technical editors (core/admin_ui.py)."""

import datetime
import re

import pytest
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone, translation
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, LiveStatusTagColumn
from wagtail.snippets.models import get_snippet_models

from beschaffungsallianz.core.admin_ui import (
    FileSizeColumn,
    ShortDateColumn,
    YesNoColumn,
    slug_for,
    unique_slug,
)
from beschaffungsallianz.knowledge.models import Label
from beschaffungsallianz.knowledge.tests.factories import LabelFactory


def _list_columns():
    """(model, column name, column object or None for a plain field name) of every snippet list."""
    for model in get_snippet_models():
        for item in model.snippet_viewset.list_display:
            if isinstance(item, str):
                yield model, item, None
            else:
                yield model, item.name, item


def _field(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:  # a method or property, not a field: nothing to check
        return None


def test_every_snippet_list_shows_yes_no_dates_and_sizes_for_people():
    problems = []
    for model, name, column in _list_columns():
        field = _field(model, name)
        where = f"{model._meta.label}.{name}"
        if isinstance(column, DateColumn):
            problems.append(f"{where}: Wagtail's DateColumn says 'vor 11 Jahren'")
        if isinstance(column, BooleanColumn) and not isinstance(column, YesNoColumn):
            problems.append(f"{where}: BooleanColumn is titled True/False")
        if field is None:
            continue
        if isinstance(field, models.BooleanField) and not isinstance(
            column, YesNoColumn | LiveStatusTagColumn
        ):
            problems.append(f"{where}: True/False")
        if isinstance(field, models.DateField) and not isinstance(column, ShortDateColumn):
            problems.append(f"{where}: date not as TT.MM.JJJJ")
        if "size" in name and not isinstance(column, FileSizeColumn):
            problems.append(f"{where}: raw byte count")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("value", "title"), [(True, "ja"), (False, "nein"), (None, "unbekannt")])
def test_yes_no_column_is_titled_in_german(value, title):
    column = YesNoColumn("flag")
    row = type("Row", (), {"flag": value})()
    with translation.override("de"):
        html = column.render_cell_html(row, {"row": row, "table": None})
    assert re.search(rf'class="w-sr-only">\s*{title}\s*</span>', html)  # read out
    assert "True" not in html and "False" not in html


def test_short_date_column_shows_german_dates_in_local_time():
    row = type(
        "Row",
        (),
        {
            "day": datetime.date(2025, 1, 15),
            "moment": datetime.datetime(2025, 1, 15, 13, 30, tzinfo=datetime.UTC),
            "nothing": None,
        },
    )()
    with translation.override("de"), timezone.override("Europe/Berlin"):
        assert ShortDateColumn("day").get_value(row) == "15.01.2025"
        assert ShortDateColumn("moment").get_value(row) == "15.01.2025 14:30"
        assert ShortDateColumn("nothing").get_value(row) is None


def test_file_size_column_shows_human_sizes():
    with translation.override("de"):
        assert FileSizeColumn("size").get_value(type("R", (), {"size": 2289})()) == "2,2\xa0KB"
        assert FileSizeColumn("size").get_value(type("R", (), {"size": None})()) == ""
        assert "MB" in FileSizeColumn("size").get_value(type("R", (), {"size": 1_300_000})())


def test_slugs_transliterate_german():
    assert slug_for("Grüner Knopf – Öko & Fair, Straße") == "gruener-knopf-oeko-fair-strasse"


@pytest.mark.django_db
def test_unique_slug_counts_up():
    LabelFactory(name="Blauer Engel", slug="blauer-engel")
    LabelFactory(name="Blauer Engel alt", slug="blauer-engel-2")
    assert unique_slug(Label, "Blauer Engel") == "blauer-engel-3"
    assert unique_slug(Label, "Neu") == "neu"


def test_column_classes_are_wagtail_columns():
    assert issubclass(ShortDateColumn, Column) and issubclass(FileSizeColumn, Column)
