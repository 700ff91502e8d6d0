"""The export formats: JSON Lines exactly as specified in the issue, CSV one row per lot."""

import csv
import io
import json

import pytest

from beschaffungsallianz.monitor.export import CSV_COLUMNS, write_csv, write_jsonl
from beschaffungsallianz.monitor.importer import import_sources
from beschaffungsallianz.monitor.models import Lot
from beschaffungsallianz.monitor.sources import Source

from .import_samples import sample, with_version

pytestmark = pytest.mark.django_db

MERO = "real-notices/de/474946-2024.xml"
KKH = "real-notices/de/622691-2023.xml"
PIN_DE = "sdk-examples/eforms-de-kosit/eforms_PIN_7-DE.xml"
LEGACY = "sdk-examples/legacy-sdk-0.1/can_24_minimal_sdk-0.1.1.xml"
CN_MAX = "sdk-examples/cn_24_maximal.xml"

# Written by hand from the XML files, in the exact format of the issue.
EXPECTED = {
    MERO: (
        '{"buyer": {"country": "DEU", "name": "MERO Germany GmbH", "nuts": "DE21J", '
        '"state": "BY"}, "issue_date": "2024-08-06", "lots": [{"award_criteria": [], '
        '"cpv": "76600000", "gpp": [], "green": ["pollu-prev"], "innovative": [], '
        '"lot_id": "LOT-0001", "social": ["other"], "strategic": ["env-imp"]}], '
        '"notice_id": "c8f4c008-676c-4003-90d9-80788a8b6e83", "notice_type": "cn-standard", '
        '"publication_number": "00474946-2024", "subtype": "16", "version": "01"}'
    ),
    KKH: (
        '{"buyer": {"country": "DEU", "name": "KKH Kaufmännische Krankenkasse", "nuts": null, '
        '"state": null}, "issue_date": "2023-10-12", "lots": [{"award_criteria": [], '
        '"cpv": "33600000", "gpp": [], "green": [], "innovative": [], "lot_id": "LOT-0001", '
        '"social": [], "strategic": []}], "notice_id": "94aaac85-3aa2-48ea-9677-d60cff72202f", '
        '"notice_type": "cn-standard", "publication_number": "00622691-2023", "subtype": "16", '
        '"version": "01"}'
    ),
    # BT-775 is published as et-eq, acc-all, opp; BT-06 "none" beside real codes is kept.
    PIN_DE: (
        '{"buyer": {"country": "GRC", "name": "ZenithNova Innovations", "nuts": "EL303", '
        '"state": null}, "issue_date": "2023-12-15", "lots": [{"award_criteria": [], '
        '"cpv": "80110000", "gpp": [], "green": ["circ-econ"], "innovative": ["rd-act"], '
        '"lot_id": "LOT-0001", "social": ["acc-all", "et-eq", "opp"], "strategic": ["none"]}], '
        '"notice_id": "af25aa4e-6ced-438b-bf19-4458c2cd2c10", "notice_type": "pin-rtl", '
        '"publication_number": null, "subtype": "7", "version": "01"}'
    ),
    # SDK 0.1: no subtype, no CPV anywhere, version "1"
    LEGACY: (
        '{"buyer": {"country": "FRA", "name": "Rouen Habitat", "nuts": null, "state": null}, '
        '"issue_date": "2020-01-23", "lots": [{"award_criteria": ["price"], "cpv": null, '
        '"gpp": [], "green": [], "innovative": [], "lot_id": "LOT-0001", "social": [], '
        '"strategic": []}], "notice_id": "123465", "notice_type": "can-standard", '
        '"publication_number": null, "subtype": null, "version": "1"}'
    ),
}


def load(*items):
    """Import (name, bytes) pairs."""
    summary = import_sources([Source(name, data=data) for name, data in items], record_run=False)
    assert summary.failed == 0, summary.errors
    return summary


def jsonl() -> list[str]:
    out = io.StringIO()
    write_jsonl(out)
    return out.getvalue().splitlines()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_jsonl_line_is_exactly_as_specified(name):
    load((name, sample(name)))

    assert jsonl() == [EXPECTED[name]]


def test_jsonl_has_one_line_per_notice_ordered_by_notice_id():
    load(*[(name, sample(name)) for name in EXPECTED])

    lines = jsonl()

    assert sorted(lines) == sorted(EXPECTED.values())
    ids = [json.loads(line)["notice_id"] for line in lines]
    assert ids == sorted(ids)


def test_jsonl_holds_only_the_latest_version():
    load(("v1.xml", sample(MERO)), ("v3.xml", with_version(sample(MERO), "03")))
    load(("v2.xml", with_version(sample(MERO), "02")))  # older: ignored

    (line,) = jsonl()
    assert json.loads(line)["version"] == "03"


def test_jsonl_lots_sorted_and_code_lists_unique_and_sorted():
    data = sample(CN_MAX)
    # store LOT-0002 before LOT-0001 (the last mention of LOT-0001 is its own cbc:ID)
    first = data.rindex(b"<cac:ProcurementProjectLot>", 0, data.rindex(b'"Lot">LOT-0001<'))
    end_tag = b"</cac:ProcurementProjectLot>"
    lot_1_end = data.index(end_tag, first) + len(end_tag)
    lot_2_end = data.index(end_tag, lot_1_end) + len(end_tag)
    swapped = data[:first] + data[lot_1_end:lot_2_end] + data[first:lot_1_end] + data[lot_2_end:]
    load(("swapped.xml", swapped))
    assert list(Lot.objects.order_by("pk").values_list("lot_id", flat=True)) == [
        "LOT-0002",
        "LOT-0001",
    ]
    # a row written by other means, with repeated and unsorted codes
    Lot.objects.filter(lot_id="LOT-0002").update(
        strategic=["soc-obj", "none", "env-imp", "none"], gpp=["eu", "eu"]
    )

    (line,) = jsonl()
    lots = json.loads(line)["lots"]

    assert [lot["lot_id"] for lot in lots] == ["LOT-0001", "LOT-0002"]
    assert lots[1]["strategic"] == ["env-imp", "none", "soc-obj"]
    assert lots[1]["gpp"] == ["eu"]
    assert lots[0] == {
        "award_criteria": ["cost", "quality"],
        "cpv": "75121000",
        "gpp": [],
        "green": ["clim-mitig"],
        "innovative": ["proc-innov"],
        "lot_id": "LOT-0001",
        "social": ["acc-all"],
        "strategic": ["env-imp"],
    }


def test_notice_without_stored_lots_has_an_empty_list():
    load(("pin-only.xml", sample("sdk-examples/pin-only_24.xml")))

    assert json.loads(jsonl()[0])["lots"] == []


def test_csv_has_one_row_per_lot():
    load(("pl.xml", sample("real-notices/eu/739962-2023.xml")), ("mero.xml", sample(MERO)))

    out = io.StringIO()
    count = write_csv(out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))

    assert count == 9 == len(rows)
    assert list(rows[0]) == CSV_COLUMNS
    mero = [row for row in rows if row["notice_id"] == "c8f4c008-676c-4003-90d9-80788a8b6e83"]
    assert mero == [
        {
            **{column: "" for column in CSV_COLUMNS},  # no value, currency, labels ...
            "notice_id": "c8f4c008-676c-4003-90d9-80788a8b6e83",
            "version": "01",
            "publication_number": "00474946-2024",
            "issue_date": "2024-08-06",
            "subtype": "16",
            "notice_type": "cn-standard",
            "procedure_type": "open",
            "buyer_name": "MERO Germany GmbH",
            "buyer_country": "DEU",
            "buyer_nuts": "DE21J",
            "state": "BY",
            "state_rule": "buyer-nuts",
            "lot_id": "LOT-0001",
            "cpv": "76600000",
            "cpv_division": "76",
            "contract_nature": "services",
            "strategic": "env-imp",
            "green": "pollu-prev",
            "social": "other",
            "uses_green": "1",
            "uses_social": "1",
            "uses_innovative": "0",
            "clean_vehicles": "false",  # BT-717
        }
    ]
    polish = [row for row in rows if row["buyer_country"] == "POL"]
    assert [row["lot_id"] for row in polish] == [f"LOT-000{n}" for n in range(1, 9)]
    assert {row["award_criteria"] for row in polish} == {"price quality"}
    assert {row["gpp"] for row in polish} == {"none"}
