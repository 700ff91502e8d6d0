"""What the API serves equals the plain ORM computation (search_reference.py) on random data,
and every write is visible to the next search (the facet index is rebuilt when its version
token changes, search/index.py). Runs on SQLite and PostgreSQL."""

import datetime
import random

import pytest
from django.http import QueryDict
from django.utils import timezone

from beschaffungsallianz.knowledge.models import (
    CriterionKind,
    FacetIndexVersion,
    PracticeExample,
    TenderStage,
)
from beschaffungsallianz.knowledge.search import index
from beschaffungsallianz.knowledge.search.filters import ExampleFilters
from beschaffungsallianz.knowledge.tests import search_reference as reference
from beschaffungsallianz.knowledge.tests.factories import (
    CriterionFactory,
    LabelFactory,
    PracticeExampleFactory,
    ProductGroupFactory,
)

pytestmark = pytest.mark.django_db

WORDS = [
    "Dienstkleidung",
    "Arbeitskleidung",
    "Kaffee",
    "Recyclingpapier",
    "Notebooks",
    "Schulmöbel",
    "Lieferkette",
    "Marktdialog",
    "Bauhof",
    "Rathaus",
    "fair",
    "regional",
]
STATES = ["TH", "BY", "NW", "SN", "BE"]
SIZES = [c for c, _ in PracticeExample.SizeClass.choices]
PROCEDURES = [c for c, _ in PracticeExample.ProcedureType.choices]
VOLUMES = [c for c, _ in PracticeExample.VolumeClass.choices]
STAGES = [c for c, _ in TenderStage.choices]


@pytest.fixture
def random_data():
    rng = random.Random(20261126)
    published = timezone.now() - datetime.timedelta(days=10)
    groups = [ProductGroupFactory(slug=f"gruppe-{i}", name=f"Gruppe {i}") for i in range(4)]
    labels = [LabelFactory(slug=f"label-{i}", name=f"Siegel {i}") for i in range(4)]
    labels.append(LabelFactory(slug="label-entwurf", live=False))
    criteria = [
        CriterionFactory(
            slug=f"k-{i}",
            title=f"Kriterium {WORDS[i]}",
            kind=CriterionKind.SOCIAL if i % 2 else CriterionKind.ECOLOGICAL,
        )
        for i in range(4)
    ]
    for i in range(90):  # fewer than 100 live: one API page holds them all
        PracticeExampleFactory(
            slug=f"beispiel-{i}",
            title=" ".join(rng.sample(WORDS, 2)),
            summary=" ".join(rng.sample(WORDS, 4)),
            state=rng.choice(STATES),
            year=rng.randint(2018, 2025),
            size_class=rng.choice(SIZES),
            procedure_type=rng.choice(PROCEDURES),
            volume_class=rng.choice(VOLUMES),
            live=rng.random() > 0.1,
            # equal timestamps and None test the tie-breakers of "newest"
            first_published_at=None
            if rng.random() < 0.05
            else published + datetime.timedelta(hours=rng.randint(0, 50)),
            product_groups=rng.sample(groups, rng.randint(0, 2)),
            labels=rng.sample(labels, rng.randint(0, 2)),
            criteria=[(c, rng.choice(STAGES)) for c in rng.sample(criteria, rng.randint(0, 2))],
        )
    return rng


def random_query(rng: random.Random) -> dict[str, list[str]]:
    options = {
        "state": STATES + ["HH"],
        "product_group": [f"gruppe-{i}" for i in range(4)],
        "kind": ["social", "ecological"],
        "stage": STAGES,
        "label": [f"label-{i}" for i in range(4)],
        "year": [str(y) for y in range(2017, 2026)],
        "size": SIZES,
        "procedure": PROCEDURES,
        "volume": VOLUMES,
    }
    params = {
        name: rng.sample(options[name], rng.choice([1, 1, 2]))
        for name in rng.sample(sorted(options), rng.randint(0, 4))
    }
    if rng.random() < 0.6:
        params["q"] = [" ".join(rng.sample(WORDS, rng.choice([1, 1, 2])))]
    if rng.random() < 0.7:
        params["sort"] = [rng.choice(["relevance", "newest", "title"])]
    return params


def test_the_api_serves_what_the_orm_computes(random_data, client):
    rng = random_data
    fixed = [{"sort": ["title"]}, {"q": ["Kaffee"]}, {}, {"state": ["HH"], "q": ["Kaffee"]}]
    for params in fixed + [random_query(rng) for _ in range(40)]:
        data = client.get("/api/v1/examples", {**params, "page_size": 100}).json()
        filters = ExampleFilters.model_validate(
            {k: v if k not in ("q", "sort") else v[0] for k, v in params.items()}
        )
        expected = reference.ordered_slugs(filters)
        assert data["count"] == len(expected), params
        served = [r["slug"] for r in data["results"]]
        if filters.effective_sort == "relevance":
            assert sorted(served) == sorted(expected), params
        else:
            assert served == expected, params
        served_counts = {k: {o["value"]: o["count"] for o in v} for k, v in data["facets"].items()}
        expected_counts = reference.facet_counts(filters)
        for key, values in filters.values.items():  # selected values stay offered, maybe at 0
            for value in values:
                expected_counts[key].setdefault(value, 0)
        assert served_counts == expected_counts, params


def test_zero_result_guidance_equals_the_orm(knowledge_site, random_data, client):
    for query in ["land=HH&q=Kaffee", "land=BE&jahr=2018&verfahren=uvgo", "q=Kaffee+Notebooks"]:
        response = client.get(f"/praxisbeispiele/?{query}")
        result = response.context["result"]
        if result.total:
            continue
        filters = ExampleFilters.model_validate(
            {k: v if k not in ("q", "sort") else v[0] for k, v in _api_names(query).items()}
        )
        served = {r.facet.key if r.facet else None: r.count for r in result.relaxations}
        assert served == reference.relaxations(filters), query


def _api_names(query: str) -> dict[str, list[str]]:
    names = {"land": "state", "jahr": "year", "verfahren": "procedure", "q": "q"}
    params = QueryDict(query)
    return {names[k]: params.getlist(k) for k in params}


# --- every write is visible to the next search ---------------------------------------------


def count(client, **params) -> int:
    return client.get("/api/v1/examples", params).json()["count"]


def test_publishing_unpublishing_and_deleting_are_seen_at_once(client):
    example = PracticeExampleFactory(state="SN", title="Kaffee für das Rathaus")
    assert count(client, state="SN") == 1
    example.unpublish()
    assert count(client, state="SN") == 0 and count(client, q="Kaffee") == 0
    example.refresh_from_db()
    example.save_revision().publish()
    assert count(client, state="SN") == 1 and count(client, q="Kaffee") == 1
    example.delete()
    assert count(client) == 0


def test_edits_of_links_uses_and_criteria_are_seen_at_once(client):
    textiles = ProductGroupFactory(slug="textilien")
    paper = ProductGroupFactory(slug="papier")
    label = LabelFactory(slug="fairtrade")
    criterion = CriterionFactory(slug="ilo", kind=CriterionKind.SOCIAL)
    example = PracticeExampleFactory(
        state="TH", product_groups=[textiles], criteria=[(criterion, TenderStage.AWARD)]
    )
    assert count(client, product_group="textilien", kind="social", stage="award") == 1
    example.product_groups = [paper]
    example.save()
    assert count(client, product_group="textilien") == 0
    assert count(client, product_group="papier") == 1
    label.examples.add(example)  # the plain reverse manager
    assert count(client, label="fairtrade") == 1
    use = example.criteria_used.first()
    use.stage = TenderStage.PERFORMANCE
    use.save()
    assert count(client, stage="award") == 0 and count(client, stage="performance") == 1
    criterion.kind = CriterionKind.ECOLOGICAL
    criterion.save()
    assert count(client, kind="social") == 0 and count(client, kind="ecological") == 1
    PracticeExample.objects.update(state="BY")  # no signals: the writer must bump
    FacetIndexVersion.bump()  # what another worker's signal handler writes
    assert count(client, state="TH") == 0 and count(client, state="BY") == 1


def test_the_index_is_kept_while_only_drafts_and_locks_are_saved(client):
    example = PracticeExampleFactory(state="TH", title="Kaffee")
    assert count(client, state="TH") == 1
    token = FacetIndexVersion.current()
    first = index.get()
    example.title = "Tee"
    example.save_revision()  # a draft: bookkeeping fields only
    example.locked = True
    example.save(update_fields=["locked"])
    assert FacetIndexVersion.current() == token and index.get() is first
    example.get_latest_revision().publish()
    assert FacetIndexVersion.current() != token and index.get() is not first
    assert count(client, q="Tee") == 1 and count(client, q="Kaffee") == 0
