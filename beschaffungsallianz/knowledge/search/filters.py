"""The filters of the practice-example search: one validator for the page and the API.

``ExampleFilters`` (a pydantic model, Django Ninja's ``Schema``) is the API's query schema and
validates the page's query string too: the page maps its German parameter names onto the English
ones (``page_filters``). Because the same model documents (the OpenAPI schema) and validates,
every value the schema allows is accepted and every other one is refused, with one message per
parameter. Facets (``FACETS``) name the filters; their values are enumerations, except product
groups and labels (slugs; one that does not exist, or a label not live, is a 404 in the API).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Annotated

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema
from pydantic import AfterValidator, ValidationError
from pydantic_core import PydanticCustomError

from beschaffungsallianz.core.states import STATE_CHOICES
from beschaffungsallianz.knowledge.models.practice import PracticeExample
from beschaffungsallianz.knowledge.models.reference import (
    CriterionKind,
    Label,
    ProductGroup,
    TenderStage,
)
from beschaffungsallianz.knowledge.search import text

MAX_QUERY_LENGTH = 200
MIN_YEAR, MAX_YEAR = 1990, 2100


class SearchError(ValueError):
    """Invalid filters; ``errors`` maps a parameter name to a message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class Facet:
    key: str  # API parameter and internal name
    param: str  # page parameter (German URL)
    label: Promise
    any_label: Promise  # "all …" option of the page's select


FACETS: tuple[Facet, ...] = (
    Facet("state", "land", _("Federal state"), _("All states")),
    Facet("product_group", "produktgruppe", _("Product group"), _("All product groups")),
    Facet("kind", "art", _("Kind of criterion"), _("Social and ecological")),
    Facet("stage", "stufe", _("Tender stage"), _("All tender stages")),
    Facet("label", "guetezeichen", _("Label"), _("All labels")),
    Facet("year", "jahr", _("Year"), _("All years")),
    Facet("size", "groesse", _("Municipality size"), _("All sizes")),
    Facet("procedure", "verfahren", _("Procedure"), _("All procedures")),
    Facet("volume", "volumen", _("Contract volume"), _("All volumes")),
)
FACETS_BY_KEY = {f.key: f for f in FACETS}

SORTS = {
    "relevance": _("Relevance"),
    "newest": _("Newest first"),
    "title": _("Title (A–Z)"),
}

STATIC_CHOICES = {
    "state": STATE_CHOICES,
    "kind": CriterionKind.choices,
    "stage": TenderStage.choices,
    "size": PracticeExample.SizeClass.choices,
    "procedure": PracticeExample.ProcedureType.choices,
    "volume": PracticeExample.VolumeClass.choices,
}


# Product groups and labels are named by slug; which slugs exist is checked against the
# database after validation (``unknown_slug``): a 404 in the API, as for the monitor's group.
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
_SLUG = re.compile(SLUG_PATTERN)
SLUG_MODELS = {"product_group": ProductGroup, "label": Label}


def _unknown(key: str, value: str) -> str:
    return str(
        _("Unknown value “%(value)s” for the filter “%(filter)s”.")
        % {"value": value[:40].replace("\x00", ""), "filter": FACETS_BY_KEY[key].label}
    )


def _invalid(message) -> PydanticCustomError:
    return PydanticCustomError("invalid_filter", "{message}", {"message": str(message)})


def _check_values(key: str, values: list[str]) -> list[str]:
    if key == "year":
        for value in values:
            if not (value.isascii() and value.isdigit() and MIN_YEAR <= int(value) <= MAX_YEAR):
                raise _invalid(
                    _("“%(value)s” is not a year between %(min)d and %(max)d.")
                    % {"value": value[:40], "min": MIN_YEAR, "max": MAX_YEAR}
                )
        return [str(int(value)) for value in values]
    for value in values:
        if key in SLUG_MODELS:
            if not _SLUG.fullmatch(value):
                raise _invalid(_unknown(key, value))
        elif value not in {str(v) for v, _label in STATIC_CHOICES[key]}:
            raise _invalid(_unknown(key, value))
    return values


def _items_schema(key: str, schema: dict) -> None:
    """The filter's values in the OpenAPI schema: what ``_check_values`` accepts."""
    if key == "year":
        schema["items"] = {"type": "integer", "minimum": MIN_YEAR, "maximum": MAX_YEAR}
    elif key in SLUG_MODELS:
        schema["items"] = {"type": "string", "pattern": SLUG_PATTERN}
    else:
        schema["items"] = {"type": "string", "enum": [str(v) for v, _l in STATIC_CHOICES[key]]}


def _filter_param(key: str, description: str):
    """A repeatable filter (values ORed) whose schema enumerates exactly what it accepts."""
    return Annotated[
        list[str],
        AfterValidator(lambda values: _check_values(key, values)),
        Field(description=description, json_schema_extra=lambda schema: _items_schema(key, schema)),
    ]


def _check_q(q: str) -> str:
    if len(q) > MAX_QUERY_LENGTH:
        raise _invalid(
            _("The search text is too long (at most %(max)d characters).")
            % {"max": MAX_QUERY_LENGTH}
        )
    # Control characters (NUL included) carry no meaning in a search: drop them.
    return "".join(ch for ch in q if unicodedata.category(ch)[0] != "C" or ch in " \t").strip()


def _check_sort(sort: str) -> str:
    if sort not in SORTS:  # the default "" is not validated
        raise _invalid(_("Unknown sort order “%(value)s”.") % {"value": sort[:40]})
    return sort


class ExampleFilters(Schema):
    """Full text, the facet filters and the order (English names, as in the API)."""

    q: Annotated[
        str,
        AfterValidator(_check_q),
        Field(
            description="Full text, German stemming; every word must occur (as a word start)",
            json_schema_extra={"maxLength": MAX_QUERY_LENGTH},
        ),
    ] = ""
    state: _filter_param("state", "Federal state code, e.g. TH; repeat for OR") = []
    product_group: _filter_param(
        "product_group", "Product group slug (404 when there is none such)"
    ) = []
    kind: _filter_param("kind", "Kind of criterion used") = []
    stage: _filter_param("stage", "Tender stage at which a criterion was used") = []
    label: _filter_param("label", "Label (Gütezeichen) slug (404 when there is none such)") = []
    year: _filter_param("year", "Year of the tender") = []
    size: _filter_param("size", "Size of the municipality") = []
    procedure: _filter_param("procedure", "Procedure type") = []
    volume: _filter_param("volume", "Contract volume class") = []
    sort: Annotated[
        str,
        AfterValidator(_check_sort),
        Field(
            description="Order: relevance (the default with q), newest (the default without), "
            "title",
            json_schema_extra={"enum": list(SORTS)},
        ),
    ] = ""

    @property
    def terms(self) -> list[list[str]]:
        """The text query's terms (text.query_terms); [] when it has no searchable word."""
        return text.query_terms(self.q)

    @property
    def values(self) -> dict[str, list[str]]:
        """The selected values of each facet filter in use."""
        return {f.key: getattr(self, f.key) for f in FACETS if getattr(self, f.key)}

    @property
    def active(self) -> bool:
        return bool(self.terms or self.values)

    @property
    def effective_sort(self) -> str:
        if self.sort:
            return "newest" if self.sort == "relevance" and not self.terms else self.sort
        return "relevance" if self.terms else "newest"


SORT_PARAM = "sortierung"
# The page's German parameter names -> the filter names.
PAGE_PARAMS = {"q": "q", **{f.param: f.key for f in FACETS}, SORT_PARAM: "sort"}


def page_filters(params) -> ExampleFilters:
    """Validate the page's query parameters (a QueryDict); raises SearchError keyed by the
    page's parameter names. Empty values (a select's "all" option) are left out."""
    data = {
        key: [v for v in params.getlist(param) if v.strip()] for param, key in PAGE_PARAMS.items()
    }
    data["q"] = " ".join(data["q"])
    data["sort"] = " ".join(data["sort"]).strip()
    if not data["sort"]:
        del data["sort"]
    names = {key: param for param, key in PAGE_PARAMS.items()}
    try:
        filters = ExampleFilters.model_validate(data)
    except ValidationError as exc:
        errors = {names[error["loc"][0]]: error["msg"] for error in exc.errors()}
        raise SearchError(errors) from None
    unknown = unknown_slug(filters)
    if unknown:
        raise SearchError({names[unknown[0]]: unknown[1]})
    return filters


def unknown_slug(filters: ExampleFilters) -> tuple[str, str] | None:
    """(filter key, message) for a product group or (live) label that does not exist."""
    for key, model in SLUG_MODELS.items():
        slugs = getattr(filters, key)
        if not slugs:
            continue
        known = model.objects.filter(slug__in=slugs)
        if model is Label:
            known = known.filter(live=True)
        missing = set(slugs) - set(known.values_list("slug", flat=True))
        if missing:
            return key, _unknown(key, sorted(missing)[0])
    return None


# Single-valued facets: a column of the examples table (index.py reads them).
COLUMNS = {
    "state": "state",
    "year": "year",
    "size": "size_class",
    "procedure": "procedure_type",
    "volume": "volume_class",
}
