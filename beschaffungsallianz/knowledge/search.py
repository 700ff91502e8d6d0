"""Faceted full-text search over practice examples, shared by the page, the CSV and the API.

Full text with German stemming, the same on SQLite and PostgreSQL:

- ``PracticeExample.search_text`` holds the German Snowball stems (``snowballstemmer``) of the
  example's texts, its product groups, labels and criteria; ``PracticeExample.save()`` fills it.
- A query is stemmed the same way; every stem must occur as a token prefix (AND).
- SQLite: an FTS5 table ``knowledge_practiceexample_fts`` (external content, kept in sync by
  triggers; migration 0003) answers ``"stem"*`` queries; relevance is FTS5's bm25.
- PostgreSQL: a stored generated column ``search_vector`` = ``to_tsvector('simple',
  search_text)`` with a GIN index (migration 0005) answers ``stem:*`` tsqueries; relevance is
  ``ts_rank``. The 'simple' configuration, not 'german', because the text is stemmed already:
  both databases then find exactly the same examples.

Only word characters reach the database (quoted), so FTS operators, quotes, NUL bytes and the
like in a query cannot change its meaning or raise errors.

Facets count on the result set with every *other* filter applied (the usual "live counts"), so
a visitor sees how many examples each choice would leave.

``search()`` answers from the in-process facet index (facet_index.py): one full-text query,
bitset arithmetic for the total, the counts and the zero-result guidance, and one query for the
page's rows. ``search_orm()`` is the plain ORM computation (one query per facet) that defines
the results; tests compare the two, and the CSV export streams the ORM queryset.
"""

from __future__ import annotations

import heapq
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Annotated

import snowballstemmer
from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Count,
    F,
    FloatField,
    Func,
    Prefetch,
    QuerySet,
    Value,
)
from django.db.models.expressions import RawSQL
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema
from pydantic import AfterValidator, ValidationError
from pydantic_core import PydanticCustomError

from beschaffungsallianz.core.states import BY_CODE, STATE_CHOICES
from beschaffungsallianz.knowledge import facet_index
from beschaffungsallianz.knowledge.models.practice import PracticeCriterion, PracticeExample
from beschaffungsallianz.knowledge.models.reference import (
    CriterionKind,
    Label,
    ProductGroup,
    TenderStage,
)

MAX_QUERY_LENGTH = 200
MAX_TERMS = 10
PAGE_SIZE = 20
MIN_YEAR, MAX_YEAR = 1990, 2100

_WORD = re.compile(r"[^\W_]+")
_STEMMER = snowballstemmer.stemmer("german")
FTS_TABLE = "knowledge_practiceexample_fts"

ProductGroupLink = PracticeExample.product_groups.through
LabelLink = PracticeExample.labels.through


class SearchError(ValueError):
    """Invalid search input; ``errors`` maps a parameter name to a German/English message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


# --- Stemming --------------------------------------------------------------------------------


def stems(text: str) -> list[str]:
    """German Snowball stems of the words in ``text``, lower case, umlauts folded by Snowball."""
    words = _WORD.findall(unicodedata.normalize("NFC", text.lower()))
    return _STEMMER.stemWords(words)


def stem_text(*texts: str) -> str:
    return " ".join(s for text in texts if text for s in stems(text))


def example_search_text(example: PracticeExample) -> str:
    """The stems indexed for an example (title counted twice, as a simple boost)."""
    parts = [
        example.title,
        example.title,
        example.summary,
        example.buyer_name,
        example.outcome,
        example.what_worked,
        example.what_did_not,
        example.market_response,
    ]
    state = BY_CODE.get(example.state)
    if state:
        parts += [state.name_de, state.name_en]
    for group in example.product_groups.all():
        parts += [group.name, group.name_en]
    for label in example.labels.all():
        parts.append(label.name)
    parts += [use.criterion.title for use in example.criteria_used.all()]
    return stem_text(*parts)


def store_search_text(pk: int) -> str:
    """Write the search text of the example ``pk`` as stored (row and relations); return it.

    Read back from the database rather than taken from an instance in memory, which may hold an
    unpublished draft (see ``PracticeExample.save()``).
    """
    stored = PracticeExample.objects.prefetch_related(
        "product_groups", "labels", "criteria_used__criterion"
    ).get(pk=pk)
    text = example_search_text(stored)
    PracticeExample.objects.filter(pk=pk).exclude(search_text=text).update(search_text=text)
    return text


def query_stems(q: str) -> list[str]:
    """Distinct stems of a query (at most MAX_TERMS); [] when it has no searchable word."""
    result: list[str] = []
    for stem in stems(q):
        if stem not in result:
            result.append(stem)
    return result[:MAX_TERMS]


def _fts5_match(terms: list[str]) -> str:
    # Each stem quoted (only word characters, so no quote can occur inside) and used as prefix.
    return " ".join(f'"{t}"*' for t in terms)


def _tsquery(terms: list[str]) -> str:
    return " & ".join(f"'{t}':*" for t in terms)


# PostgreSQL: a stored generated column ``search_vector`` = to_tsvector('simple', search_text)
# (created by ensure_search_index, unknown to Django's model) with a GIN index, so that neither
# the index recheck nor ts_rank re-parses the text. Expressions rather than raw SQL, so that the
# column is qualified correctly wherever Django puts the table (subqueries alias it).
VECTOR_COLUMN = "search_vector"
_TSQ = "to_tsquery('simple'::regconfig, "


class _SearchVector(Func):
    """``search_vector`` of the table that ``search_text`` belongs to."""

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return sql.replace('"search_text"', f'"{VECTOR_COLUMN}"'), params


class _TsMatch(Func):
    output_field = BooleanField()
    template = "(%(expressions)s))"
    arg_joiner = f" @@ {_TSQ}"


class _TsRank(Func):
    output_field = FloatField()
    template = "ts_rank(%(expressions)s))"
    arg_joiner = f", {_TSQ}"


def filter_text(qs: QuerySet, terms: list[str]) -> QuerySet:
    if not terms:
        return qs
    if connection.vendor == "postgresql":
        return qs.filter(_TsMatch(_SearchVector(F("search_text")), Value(_tsquery(terms))))
    if connection.vendor == "sqlite" and sqlite_has_fts():
        return qs.filter(
            id__in=RawSQL(
                f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [_fts5_match(terms)]
            )
        )
    for term in terms:  # other databases: token-prefix match on the stored stems
        qs = qs.filter(search_text__regex=rf"(^|\s){re.escape(term)}")
    return qs


def annotate_rank(qs: QuerySet, terms: list[str]) -> QuerySet:
    """Annotate ``rank`` (higher is better)."""
    if connection.vendor == "postgresql":
        return qs.annotate(rank=_TsRank(_SearchVector(F("search_text")), Value(_tsquery(terms))))
    if connection.vendor == "sqlite" and sqlite_has_fts():
        # A join on the FTS5 table (one MATCH, rowid lookups) instead of a correlated
        # subquery per row; only the outermost, ordered query does this.
        return qs.extra(  # noqa: S610 - constant SQL, the match string is a parameter
            tables=[FTS_TABLE],
            where=[f"{FTS_TABLE}.rowid = knowledge_practiceexample.id", f"{FTS_TABLE} MATCH %s"],
            params=[_fts5_match(terms)],
            select={"rank": f"-{FTS_TABLE}.rank"},
        )
    return qs.annotate(rank=F("year"))


_fts_available: dict[str, bool] = {}


def sqlite_has_fts() -> bool:
    alias = connection.settings_dict.get("NAME")
    if alias not in _fts_available:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name=%s", [FTS_TABLE]
            )
            _fts_available[alias] = cursor.fetchone() is not None
    return _fts_available[alias]


# --- Facets ----------------------------------------------------------------------------------


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

_STATIC_CHOICES = {
    "state": STATE_CHOICES,
    "kind": CriterionKind.choices,
    "stage": TenderStage.choices,
    "size": PracticeExample.SizeClass.choices,
    "procedure": PracticeExample.ProcedureType.choices,
    "volume": PracticeExample.VolumeClass.choices,
}
_COLUMN = {
    "state": "state",
    "year": "year",
    "size": "size_class",
    "procedure": "procedure_type",
    "volume": "volume_class",
}


def _product_group_choices() -> list[tuple[str, str]]:
    english = (get_language() or "de").startswith("en")
    return [
        (slug, (name_en if english and name_en else name))
        for slug, name, name_en in ProductGroup.objects.values_list("slug", "name", "name_en")
    ]


def _label_choices() -> list[tuple[str, str]]:
    return list(Label.objects.filter(live=True).values_list("slug", "name"))


def facet_choices(key: str) -> list[tuple[str, str]]:
    """All values a facet can take, as (value, label)."""
    if key in _STATIC_CHOICES:
        return [(str(v), str(label)) for v, label in _STATIC_CHOICES[key]]
    if key == "product_group":
        return _product_group_choices()
    if key == "label":
        return _label_choices()
    if key == "year":
        years = (
            PracticeExample.objects.filter(live=True)
            .order_by("-year")
            .values_list("year", flat=True)
            .distinct()
        )
        return [(str(y), str(y)) for y in years]
    raise KeyError(key)


@dataclass
class Filters:
    """Validated filters: facet key -> selected values; the stems of the text query."""

    q: str = ""
    terms: list[str] = field(default_factory=list)
    values: dict[str, list[str]] = field(default_factory=dict)
    sort: str = ""
    # resolved ids of slugs (product groups, labels)
    _ids: dict[str, list[int]] = field(default_factory=dict)

    @property
    def active(self) -> bool:
        return bool(self.terms) or any(self.values.values())

    @property
    def effective_sort(self) -> str:
        if self.sort:
            return "newest" if self.sort == "relevance" and not self.terms else self.sort
        return "relevance" if self.terms else "newest"


# --- Input: one validator for the page and the API ----------------------------------------------


def valid_values(key: str) -> list[str]:
    """Every value the filter ``key`` accepts (years aside: any year MIN_YEAR … MAX_YEAR)."""
    if key == "product_group":
        return list(ProductGroup.objects.values_list("slug", flat=True))
    if key == "label":
        return list(Label.objects.filter(live=True).values_list("slug", flat=True))
    return [str(value) for value, _label in _STATIC_CHOICES[key]]


def _invalid(message) -> PydanticCustomError:
    return PydanticCustomError("invalid_filter", "{message}", {"message": str(message)})


def _check_values(key: str, values: list[str]) -> list[str]:
    facet = FACETS_BY_KEY[key]
    if key == "year":
        for value in values:
            if not (value.isascii() and value.isdigit() and MIN_YEAR <= int(value) <= MAX_YEAR):
                raise _invalid(
                    _("“%(value)s” is not a year between %(min)d and %(max)d.")
                    % {"value": value[:40], "min": MIN_YEAR, "max": MAX_YEAR}
                )
        return [str(int(value)) for value in values]
    known = set(valid_values(key))
    for value in values:
        if value not in known:
            raise _invalid(
                _("Unknown value “%(value)s” for the filter “%(filter)s”.")
                % {"value": value[:40].replace("\x00", ""), "filter": facet.label}
            )
    return values


def _items_schema(key: str, schema: dict) -> None:
    """The filter's values in the OpenAPI schema: an enum, read when the schema is generated."""
    if key == "year":
        schema["items"] = {"type": "integer", "minimum": MIN_YEAR, "maximum": MAX_YEAR}
        return
    values = valid_values(key)
    schema["items"] = {"type": "string", "enum": values} if values else {"type": "string"}
    if not values:
        schema["maxItems"] = 0  # nothing to choose from yet


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
    return q


def _check_sort(sort: str) -> str:
    if sort not in SORTS:  # the default "" is not validated
        raise _invalid(_("Unknown sort order “%(value)s”.") % {"value": sort[:40]})
    return sort


class ExampleFilters(Schema):
    """The filters of /praxisbeispiele/ and /api/v1/examples (English names; the page maps its
    German parameter names onto these, see ``page_filters``). Validates and documents: every
    value the OpenAPI schema allows is accepted, every other one is an error."""

    q: Annotated[
        str,
        AfterValidator(_check_q),
        Field(
            description="Full text, German stemming; every word must occur (as a word start)",
            json_schema_extra={"maxLength": MAX_QUERY_LENGTH},
        ),
    ] = ""
    state: _filter_param("state", "Federal state code, e.g. TH; repeat for OR") = []
    product_group: _filter_param("product_group", "Product group slug") = []
    kind: _filter_param("kind", "Kind of criterion used") = []
    stage: _filter_param("stage", "Tender stage at which a criterion was used") = []
    label: _filter_param("label", "Label (Gütezeichen) slug") = []
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

    def filters(self) -> Filters:
        q = _clean_q(self.q)
        values = {f.key: getattr(self, f.key) for f in FACETS if getattr(self, f.key)}
        filters = Filters(q=q, terms=query_stems(q), values=values, sort=self.sort)
        for key, model in (("product_group", ProductGroup), ("label", Label)):
            if key in values:
                filters._ids[key] = list(
                    model.objects.filter(slug__in=values[key]).values_list("id", flat=True)
                )
        return filters


def _clean_q(q: str) -> str:
    # Control characters (NUL included) carry no meaning in a search: drop them.
    return "".join(ch for ch in q if unicodedata.category(ch)[0] != "C" or ch in " \t").strip()


SORT_PARAM = "sortierung"
# The page's German parameter names -> the filter names.
PAGE_PARAMS = {"q": "q", **{f.param: f.key for f in FACETS}, SORT_PARAM: "sort"}


def page_filters(params) -> Filters:
    """Validate the page's query parameters (a QueryDict); raises SearchError keyed by the
    page's parameter names. Empty values (a select's "all" option) are left out."""
    data = {
        key: [v for v in params.getlist(param) if v.strip()] for param, key in PAGE_PARAMS.items()
    }
    data["q"] = " ".join(data["q"])
    data["sort"] = " ".join(data["sort"]).strip()
    if not data["sort"]:
        del data["sort"]
    try:
        return ExampleFilters.model_validate(data).filters()
    except ValidationError as exc:
        names = {key: param for param, key in PAGE_PARAMS.items()}
        raise SearchError(
            {names[error["loc"][0]]: error["msg"] for error in exc.errors()}
        ) from None


def base_queryset(filters: Filters) -> QuerySet:
    """Live examples matching the text query (facet filters not yet applied)."""
    return filter_text(PracticeExample.objects.filter(live=True), filters.terms)


def apply_filters(qs: QuerySet, filters: Filters, exclude: str | None = None) -> QuerySet:
    for key, values in filters.values.items():
        if key == exclude or not values:
            continue
        if key in _COLUMN:
            qs = qs.filter(**{f"{_COLUMN[key]}__in": values})
        elif key == "product_group":
            qs = qs.filter(
                id__in=ProductGroupLink.objects.filter(
                    productgroup_id__in=filters._ids[key]
                ).values("practiceexample_id")
            )
        elif key == "label":
            qs = qs.filter(
                id__in=LabelLink.objects.filter(label_id__in=filters._ids[key]).values(
                    "practiceexample_id"
                )
            )
        elif key == "kind":
            qs = qs.filter(
                id__in=PracticeCriterion.objects.filter(criterion__kind__in=values).values(
                    "example_id"
                )
            )
        elif key == "stage":
            qs = qs.filter(
                id__in=PracticeCriterion.objects.filter(stage__in=values).values("example_id")
            )
    return qs


def order(qs: QuerySet, filters: Filters) -> QuerySet:
    sort = filters.effective_sort
    if sort == "relevance":
        return annotate_rank(qs, filters.terms).order_by("-rank", "-year", "id")
    if sort == "title":
        return qs.order_by("title", "id")
    return qs.order_by("-year", "-first_published_at", "-id")


def _counts(key: str, qs: QuerySet) -> dict[str, int]:
    qs = qs.order_by()
    if key in _COLUMN:
        column = _COLUMN[key]
        rows = qs.values_list(column).annotate(n=Count("id")).order_by()
        return {str(v): n for v, n in rows}
    ids = qs.values("id")
    if key == "product_group":
        rows = (
            ProductGroupLink.objects.filter(practiceexample_id__in=ids)
            .values_list("productgroup__slug")
            .annotate(n=Count("practiceexample_id"))
        )
    elif key == "label":
        rows = (
            LabelLink.objects.filter(practiceexample_id__in=ids)
            .values_list("label__slug")
            .annotate(n=Count("practiceexample_id"))
        )
    elif key == "kind":
        rows = (
            PracticeCriterion.objects.filter(example_id__in=ids)
            .order_by()
            .values_list("criterion__kind")
            .annotate(n=Count("example_id", distinct=True))
        )
    else:  # stage
        rows = (
            PracticeCriterion.objects.filter(example_id__in=ids)
            .order_by()
            .values_list("stage")
            .annotate(n=Count("example_id", distinct=True))
        )
    return {str(v): n for v, n in rows.order_by()}


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class FacetResult:
    facet: Facet
    options: list[FacetOption]

    @property
    def selected(self) -> list[FacetOption]:
        return [o for o in self.options if o.selected]


@dataclass
class Relaxation:
    """Zero-result guidance: dropping this filter would give ``count`` results."""

    facet: Facet | None  # None: the text query
    values: list[str]
    count: int


@dataclass
class SearchResult:
    filters: Filters
    examples: Sequence  # ordered; slicing fetches the rows (with their lists prefetched)
    total: int
    facets: list[FacetResult]
    relaxations: list[Relaxation]

    @property
    def queryset(self) -> QuerySet:
        """The same examples as an ordered ORM queryset (CSV export, reference in tests)."""
        return order(apply_filters(base_queryset(self.filters), self.filters), self.filters)


def with_lists(qs: QuerySet) -> QuerySet:
    """Prefetch what a listing shows, so a page of results costs a fixed number of queries."""
    return qs.prefetch_related(
        "product_groups",
        "labels",
        Prefetch("criteria_used", queryset=PracticeCriterion.objects.select_related("criterion")),
    )


def _keyed_choices(key: str, index: facet_index.FacetIndex) -> list[tuple[str, str, object]]:
    """(value, label, key in the facet index) of every value a facet can take."""
    if key == "product_group":
        english = (get_language() or "de").startswith("en")
        return [
            (slug, (name_en if english and name_en else name), pk)
            for pk, slug, name, name_en in ProductGroup.objects.values_list(
                "id", "slug", "name", "name_en"
            )
        ]
    if key == "label":
        return [
            (slug, name, pk)
            for pk, slug, name in Label.objects.filter(live=True).values_list("id", "slug", "name")
        ]
    if key == "year":
        return [(str(y), str(y), str(y)) for y in index.year_values]
    return [(value, label, value) for value, label in facet_choices(key)]


def _text_ids(terms: list[str]) -> list[str]:
    """Ids (decimal strings) of the examples matching the text; drafts included on SQLite
    (the facet index drops them). One comma-separated string from the database: cheaper than
    a row per id (the broadest benchmark term matches 47,000 examples)."""
    if connection.vendor == "postgresql":
        # The planner prices "@@" as cheap and picks a sequential scan for terms matching
        # more than ~10 % of the rows (250 ms at 100,000 examples instead of 20 ms through
        # the GIN bitmap): forbid that for this one statement.
        sql = (
            f"SELECT string_agg(id::text, ',') FROM knowledge_practiceexample "
            f"WHERE live AND {VECTOR_COLUMN} @@ {_TSQ}%s)"
        )
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(sql, [_tsquery(terms)])
            joined = cursor.fetchone()[0]
    elif connection.vendor == "sqlite" and sqlite_has_fts():
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT group_concat(rowid) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",
                [_fts5_match(terms)],
            )
            joined = cursor.fetchone()[0]
    else:
        return [str(pk) for pk in base_queryset(Filters(terms=terms)).values_list("id", flat=True)]
    return joined.split(",") if joined else []


def _by_relevance(
    index: facet_index.FacetIndex, ids: list[int] | None, terms: list[str], offset: int, limit: int
) -> list[int]:
    """Ids ``offset`` … of the examples ``ids`` (None: all live text matches) in the ORM's
    order: the database's relevance, then the newer year, then the lower id."""
    if connection.vendor == "postgresql":
        query = _tsquery(terms)
        if ids is None:
            where, params = f"live AND {VECTOR_COLUMN} @@ {_TSQ}%s)", [query]
        else:
            where, params = "id = ANY(%s)", [ids]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")  # see _text_ids
            cursor.execute(
                f"SELECT id FROM knowledge_practiceexample WHERE {where} "
                f"ORDER BY ts_rank({VECTOR_COLUMN}, {_TSQ}%s)) DESC, year DESC, id "
                "LIMIT %s OFFSET %s",
                [*params, query, limit, offset],
            )
            return list(map(itemgetter(0), cursor.fetchall()))
    if connection.vendor == "sqlite" and sqlite_has_fts():
        # bm25 of FTS5, lower is better. "+rowid" keeps SQLite from probing the FTS index once
        # per id (slow for prefix queries): the match is scanned once and bm25 computed only
        # for the candidates. Ties are broken here with the index's years (cheaper than a
        # join to the examples table).
        sql = f"SELECT CAST(rowid AS TEXT), rank FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
        params: list = [_fts5_match(terms)]
        if ids is not None:
            sql += " AND +rowid IN (SELECT value FROM json_each(%s))"
            params.append(json.dumps(ids))
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        positions, years = index.positions, index.years
        if ids is None:  # drafts match too
            rows = [row for row in rows if row[0] in positions]
        wanted = offset + limit
        if len(rows) > wanted:  # only rows ranked at least as well as the wanted-th can make it
            cutoff = heapq.nsmallest(wanted, map(itemgetter(1), rows))[-1]
            rows = [row for row in rows if row[1] <= cutoff]
        keyed = sorted((rank, -years[positions[pk]], int(pk)) for pk, rank in rows)
        return [pk for _rank, _year, pk in keyed[offset:wanted]]
    qs = PracticeExample.objects.filter(live=True)  # other databases: the ORM ranks by year
    qs = filter_text(qs, terms) if ids is None else qs.filter(id__in=ids)
    return list(qs.order_by("-year", "id").values_list("id", flat=True)[offset : offset + limit])


class ResultList(Sequence):
    """The ordered examples of a search, computed from the facet index, fetched by slice."""

    def __init__(
        self,
        index: facet_index.FacetIndex,
        filters: Filters,
        mask: int,
        total: int,
        *,
        all_text_matches: bool = False,
    ):
        self.index, self.filters, self.mask, self.total = index, filters, mask, total
        self.all_text_matches = all_text_matches  # no filter narrows the text matches

    def __len__(self) -> int:
        return self.total

    def count(self) -> int:
        return self.total

    def ids(self, offset: int, limit: int) -> list[int]:
        """Example ids at ``offset`` … ``offset + limit - 1`` in the chosen order."""
        index, sort = self.index, self.filters.effective_sort
        if limit <= 0 or offset >= self.total:
            return []
        if sort == "relevance":
            candidates = (
                None
                if self.all_text_matches
                else list(map(index.ids.__getitem__, index.positions_of(self.mask)))
            )
            return _by_relevance(index, candidates, self.filters.terms, offset, limit)
        if sort == "title":
            positions = index.ordered_positions(
                self.mask, self.total, index.title_order, index.title_rank, offset, limit
            )
        else:  # newest: the index's positions are in this order
            positions = index.first_positions(self.mask, offset, limit)
        return [index.ids[p] for p in positions]

    def __getitem__(self, item):
        if isinstance(item, int):
            found = self[item : item + 1] if item >= 0 else self[self.total + item :][:1]
            if not found:
                raise IndexError(item)
            return found[0]
        start, stop, step = item.indices(self.total)
        if step != 1:
            raise ValueError("ResultList supports contiguous slices only")
        ids = self.ids(start, max(0, stop - start))
        if not ids:
            return []
        rows = {e.id: e for e in with_lists(PracticeExample.objects.filter(live=True, id__in=ids))}
        return [rows[i] for i in ids if i in rows]  # unpublished since the index was built: gone


def search(filters: Filters, *, with_facets: bool = True) -> SearchResult:
    """Total, facet counts, zero-result guidance and the ordered examples, from the facet index.

    Equal to ``search_orm()`` (tests compare both on random data), at a fraction of the cost.
    """
    index = facet_index.get()
    base = index.mask_of_ids(_text_ids(filters.terms)) if filters.terms else index.all
    selected = {
        key: index.union(key, filters._ids.get(key, values))
        for key, values in filters.values.items()
        if values
    }

    def without(exclude: str | None) -> int:
        mask = base
        for key, values_mask in selected.items():
            if key != exclude:
                mask &= values_mask
        return mask

    matched = without(None)
    total = matched.bit_count()
    facets = []
    for facet in FACETS if with_facets else ():
        counts = index.counts(facet.key, without(facet.key) if facet.key in selected else matched)
        chosen = set(filters.values.get(facet.key, []))
        facets.append(
            FacetResult(
                facet,
                [
                    FacetOption(value, label, counts.get(key, 0), value in chosen)
                    for value, label, key in _keyed_choices(facet.key, index)
                    if counts.get(key) or value in chosen
                ],
            )
        )
    relaxed = []
    if total == 0 and filters.active:
        for key in selected:
            count = without(key).bit_count()
            if count:
                relaxed.append(Relaxation(FACETS_BY_KEY[key], filters.values[key], count))
        if filters.terms:
            everything = index.all
            for values_mask in selected.values():
                everything &= values_mask
            count = everything.bit_count()
            if count:
                relaxed.append(Relaxation(None, [filters.q], count))
        relaxed.sort(key=lambda r: -r.count)
    examples = ResultList(
        index, filters, matched, total, all_text_matches=bool(filters.terms) and not selected
    )
    return SearchResult(filters, examples, total, facets, relaxed)


# --- Reference implementation: plain ORM queries (CSV export; tests compare with search()) ---


def facet_results(filters: Filters, base: QuerySet) -> list[FacetResult]:
    results = []
    for facet in FACETS:
        counts = _counts(facet.key, apply_filters(base, filters, exclude=facet.key))
        selected = set(filters.values.get(facet.key, []))
        options = [
            FacetOption(value, label, counts.get(value, 0), value in selected)
            for value, label in facet_choices(facet.key)
            if counts.get(value) or value in selected
        ]
        results.append(FacetResult(facet, options))
    return results


def relaxations(filters: Filters, base: QuerySet) -> list[Relaxation]:
    """For an empty result: how many examples each dropped filter would bring back."""
    found = []
    for key, values in filters.values.items():
        if values:
            count = apply_filters(base, filters, exclude=key).count()
            if count:
                found.append(Relaxation(FACETS_BY_KEY[key], values, count))
    if filters.terms:
        count = apply_filters(PracticeExample.objects.filter(live=True), filters).count()
        if count:
            found.append(Relaxation(None, [filters.q], count))
    return sorted(found, key=lambda r: -r.count)


def search_orm(filters: Filters, *, with_facets: bool = True) -> SearchResult:
    """The straightforward computation: one SQL query per facet, each re-running the text match.

    About 1 s per request at 100,000 examples; kept as the definition ``search()`` must equal.
    """
    base = base_queryset(filters)
    qs = apply_filters(base, filters)
    total = qs.count()
    facets = facet_results(filters, base) if with_facets else []
    relaxed = relaxations(filters, base) if total == 0 and filters.active else []
    return SearchResult(filters, with_lists(order(qs, filters)), total, facets, relaxed)


# --- Index set-up (migration 0003 and every post_migrate) ---------------------------------

_SQLITE_FTS = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(search_text, "
    "content='knowledge_practiceexample', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    f"CREATE TRIGGER IF NOT EXISTS knowledge_pe_fts_insert AFTER INSERT ON "
    f"knowledge_practiceexample BEGIN INSERT INTO {FTS_TABLE}(rowid, search_text) "
    "VALUES (new.id, new.search_text); END",
    f"CREATE TRIGGER IF NOT EXISTS knowledge_pe_fts_delete AFTER DELETE ON "
    f"knowledge_practiceexample BEGIN INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    f"CREATE TRIGGER IF NOT EXISTS knowledge_pe_fts_update AFTER UPDATE OF search_text ON "
    f"knowledge_practiceexample BEGIN INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text) "
    f"VALUES ('delete', old.id, old.search_text); INSERT INTO {FTS_TABLE}(rowid, search_text) "
    "VALUES (new.id, new.search_text); END",
]
_SQLITE_TRIGGERS = ("knowledge_pe_fts_insert", "knowledge_pe_fts_delete", "knowledge_pe_fts_update")
PG_INDEX = "knowledge_pe_search_vector_gin"
PG_OLD_INDEX = "knowledge_pe_search_gin"


def ensure_search_index(conn) -> bool:
    """Create the full-text index if missing (idempotent); True when something was created.

    SQLite drops a table's triggers when a migration rebuilds the table, so this also runs
    after every migrate, re-creates missing triggers and rebuilds the FTS5 table then.
    """
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [PG_INDEX])
            if cursor.fetchone():
                return False
            # PostgreSQL >= 12; adding the column rewrites the table once
            cursor.execute(
                f"ALTER TABLE knowledge_practiceexample ADD COLUMN IF NOT EXISTS {VECTOR_COLUMN} "
                "tsvector GENERATED ALWAYS AS "
                "(to_tsvector('simple'::regconfig, COALESCE(search_text, ''))) STORED"
            )
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON knowledge_practiceexample "
                f"USING gin ({VECTOR_COLUMN})"
            )
            cursor.execute(f"DROP INDEX IF EXISTS {PG_OLD_INDEX}")  # on the expression (0003)
            return True
        if conn.vendor != "sqlite":
            return False
        try:
            cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
            present = {row[0] for row in cursor.fetchall()}
            if FTS_TABLE in present and all(t in present for t in _SQLITE_TRIGGERS):
                return False
            for statement in _SQLITE_FTS:
                cursor.execute(statement)
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
        except Exception:  # noqa: BLE001 - SQLite built without FTS5: LIKE fallback
            return False
        _fts_available.clear()
        return True


def ensure_search_index_after_migrate(sender, using="default", **kwargs) -> None:
    from django.db import connections

    if sender.label == "knowledge":
        conn = connections[using]
        if "knowledge_practiceexample" in conn.introspection.table_names():
            ensure_search_index(conn)
