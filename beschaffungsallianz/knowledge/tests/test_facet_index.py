"""The in-process facet index (facet_index.py): same results as the ORM, and always fresh.

Runs on SQLite and PostgreSQL. ``search.search()`` answers from the index; ``search.search_orm()``
is the plain one-query-per-facet computation it must equal.
"""

import datetime
import random

import pytest
from django.http import QueryDict
from django.utils import timezone

from beschaffungsallianz.knowledge import facet_index, search
from beschaffungsallianz.knowledge.models import (
    CriterionKind,
    FacetIndexVersion,
    PracticeExample,
    TenderStage,
)
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


def parse(query: str) -> search.Filters:
    return search.page_filters(QueryDict(query))


def facet_counts(result) -> dict[str, list[tuple[str, int, bool]]]:
    return {f.facet.key: [(o.value, o.count, o.selected) for o in f.options] for f in result.facets}


def relaxations(result) -> list[tuple[str | None, list[str], int]]:
    return [(r.facet.key if r.facet else None, r.values, r.count) for r in result.relaxations]


def ids(examples) -> list[int]:
    return [e.id for e in examples]


@pytest.fixture
def random_data():
    rng = random.Random(20261126)
    published = timezone.now() - datetime.timedelta(days=10)
    groups = [ProductGroupFactory(slug=f"gruppe-{i}", name=f"Gruppe {i}") for i in range(4)]
    labels = [LabelFactory(slug=f"label-{i}", name=f"Siegel {i}") for i in range(4)]
    LabelFactory(slug="label-entwurf", live=False)
    criteria = [
        CriterionFactory(
            slug=f"k-{i}",
            title=f"Kriterium {WORDS[i]}",
            kind=CriterionKind.SOCIAL if i % 2 else CriterionKind.ECOLOGICAL,
        )
        for i in range(4)
    ]
    for i in range(150):
        title = " ".join(rng.sample(WORDS, 2))
        PracticeExampleFactory(
            slug=f"beispiel-{i}",
            title=title,
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


def random_query(rng: random.Random) -> str:
    params = []
    options = {
        "land": STATES + ["HH"],
        "produktgruppe": [f"gruppe-{i}" for i in range(4)],
        "art": ["social", "ecological"],
        "stufe": STAGES,
        "guetezeichen": [f"label-{i}" for i in range(4)],
        "jahr": [str(y) for y in range(2017, 2026)],
        "groesse": SIZES,
        "verfahren": PROCEDURES,
        "volumen": VOLUMES,
    }
    for name in rng.sample(sorted(options), rng.randint(0, 4)):
        for value in rng.sample(options[name], rng.choice([1, 1, 2])):
            params.append(f"{name}={value}")
    if rng.random() < 0.6:
        params.append("q=" + "+".join(rng.sample(WORDS, rng.choice([1, 1, 2]))))
    if rng.random() < 0.7:
        params.append("sortierung=" + rng.choice(["relevance", "newest", "title"]))
    return "&".join(params)


def test_index_equals_the_orm_on_random_data_and_queries(random_data):
    rng = random_data
    # the title order is walked for dense results and sorted for sparse ones
    fixed = [
        "sortierung=title",
        "sortierung=title&land=BE&jahr=2020",
        "sortierung=title&q=Kaffee",
        "q=Kaffee",
        "",
        "land=HH&q=Kaffee",
    ]
    for query in fixed + [random_query(rng) for _ in range(70)]:
        filters = parse(query)
        fast, slow = search.search(filters), search.search_orm(filters)
        assert fast.total == slow.total, query
        assert facet_counts(fast) == facet_counts(slow), query
        assert relaxations(fast) == relaxations(slow), query
        reference = ids(slow.examples)
        assert ids(fast.examples[0 : fast.total]) == reference, query
        for _ in range(3):  # pages anywhere in the result
            start = rng.randint(0, fast.total + 2)
            stop = start + rng.randint(1, 25)
            assert ids(fast.examples[start:stop]) == reference[start:stop], (query, start)


def test_facet_counts_match_a_direct_count_per_value(random_data):
    result = search.search(parse("land=TH"))
    by_state = {
        o.value: o.count for o in next(f for f in result.facets if f.facet.key == "state").options
    }
    for state, count in by_state.items():
        assert count == PracticeExample.objects.filter(live=True, state=state).count()
    groups = {
        o.value: o.count
        for o in next(f for f in result.facets if f.facet.key == "product_group").options
    }
    for slug, count in groups.items():
        assert (
            count
            == PracticeExample.objects.filter(live=True, state="TH", product_groups__slug=slug)
            .distinct()
            .count()
        )


# --- freshness ----------------------------------------------------------------------------


@pytest.fixture
def textiles():
    return ProductGroupFactory(slug="textilien", name="Textilien")


def state_count(query: str, state: str) -> int:
    result = search.search(parse(query))
    options = next(f for f in result.facets if f.facet.key == "state").options
    return next((o.count for o in options if o.value == state), 0)


def test_index_is_reused_while_nothing_changes(textiles):
    PracticeExampleFactory(state="TH")
    first = facet_index.get()
    assert facet_index.get() is first
    search.search(parse("land=TH"))
    assert facet_index.get() is first


def test_a_new_published_example_is_counted_at_once(textiles):
    PracticeExampleFactory(state="TH")
    assert search.search(parse("land=TH")).total == 1
    PracticeExampleFactory(state="TH", product_groups=[textiles])
    assert search.search(parse("land=TH")).total == 2
    assert search.search(parse("produktgruppe=textilien")).total == 1


def test_unpublishing_and_publishing_update_the_index(textiles):
    example = PracticeExampleFactory(state="SN", title="Kaffee für das Rathaus")
    assert state_count("", "SN") == 1
    example.unpublish()
    assert state_count("", "SN") == 0
    assert search.search(parse("q=Kaffee")).total == 0
    example.refresh_from_db()
    example.save_revision().publish()
    assert state_count("", "SN") == 1
    assert ids(search.search(parse("q=Kaffee")).examples[0:5]) == [example.id]


def test_a_draft_is_not_counted_until_published(textiles):
    example = PracticeExampleFactory(state="BE", live=False)
    assert state_count("", "BE") == 0
    example.save_revision().publish()
    assert state_count("", "BE") == 1


def test_edits_move_an_example_between_facet_values(textiles):
    paper = ProductGroupFactory(slug="papier", name="Papier")
    criterion = CriterionFactory(slug="ilo", kind=CriterionKind.SOCIAL)
    example = PracticeExampleFactory(
        state="TH", product_groups=[textiles], criteria=[(criterion, TenderStage.AWARD)]
    )
    assert search.search(parse("land=TH&produktgruppe=textilien&art=social&stufe=award")).total == 1

    example.state = "BY"
    example.save()
    assert state_count("", "TH") == 0 and state_count("", "BY") == 1

    example.product_groups = [paper]  # a cluster relation, committed by save()
    example.save()
    assert search.search(parse("produktgruppe=textilien")).total == 0
    assert search.search(parse("produktgruppe=papier")).total == 1

    use = example.criteria_used.first()
    use.stage = TenderStage.PERFORMANCE
    use.save()
    assert search.search(parse("stufe=award")).total == 0
    assert search.search(parse("stufe=performance")).total == 1

    criterion.kind = CriterionKind.ECOLOGICAL
    criterion.save()
    assert search.search(parse("art=social")).total == 0
    assert search.search(parse("art=ecological")).total == 1


def test_many_to_many_changes_are_counted(textiles):
    label = LabelFactory(slug="fairtrade")
    example = PracticeExampleFactory(state="TH")
    assert search.search(parse("guetezeichen=fairtrade")).total == 0
    label.examples.add(example)  # the plain reverse manager: only m2m_changed is sent
    assert search.search(parse("guetezeichen=fairtrade")).total == 1
    textiles.examples.add(example)
    assert search.search(parse("produktgruppe=textilien")).total == 1
    label.examples.clear()
    assert search.search(parse("guetezeichen=fairtrade")).total == 0


def test_deleting_an_example_removes_it(textiles):
    example = PracticeExampleFactory(state="HB")
    assert state_count("", "HB") == 1
    example.delete()
    assert state_count("", "HB") == 0
    assert search.search(parse("")).total == 0


def test_a_token_change_by_another_process_rebuilds_the_index(textiles):
    PracticeExampleFactory(state="TH")
    first = facet_index.get()
    PracticeExample.objects.update(state="BY")  # no signals, like a bulk write elsewhere
    assert state_count("", "TH") == 1  # the index does not know yet
    FacetIndexVersion.bump()  # what another worker's signal handler writes
    assert facet_index.get() is not first
    assert state_count("", "TH") == 0 and state_count("", "BY") == 1


def test_every_bump_writes_a_new_token():
    tokens = set()
    for _ in range(3):
        FacetIndexVersion.bump()
        tokens.add(FacetIndexVersion.current())
    assert len(tokens) == 3 and FacetIndexVersion.objects.count() == 1


def test_rows_unpublished_after_the_count_are_left_out_of_the_page(textiles):
    kept = PracticeExampleFactory(title="A")
    gone = PracticeExampleFactory(title="B")
    result = search.search(parse("sortierung=title"))
    PracticeExample.objects.filter(id=gone.id).update(live=False)
    assert ids(result.examples[0:10]) == [kept.id]


def test_result_list_behaves_like_a_sequence(textiles):
    examples = [PracticeExampleFactory(title=f"Beispiel {i}", year=2020 + i) for i in range(3)]
    result = search.search(parse("sortierung=newest"))
    assert len(result.examples) == 3
    assert result.examples[0].id == examples[2].id
    assert result.examples[-1].id == examples[0].id
    assert result.examples[5:9] == []
    with pytest.raises(IndexError):
        result.examples[3]
