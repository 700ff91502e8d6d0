"""Tests for the eForms parser, against every sample notice in ``data/`` (values read by hand)."""

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from beschaffungsallianz.core.states import state_for_nuts
from beschaffungsallianz.monitor.eforms import (
    EFormsError,
    Notice,
    normalize_sdk_version,
    parse_notice,
)

from .import_samples import replace_once

DATA = Path(__file__).parent / "data"


def load(name: str) -> bytes:
    return (DATA / name).read_bytes()


def parse(name: str) -> Notice:
    return parse_notice(load(name))


# notice: (notice_id, version, subtype, notice_type, form_type, issue_date, sdk_version)
# buyer: (name, country, nuts), state; lots: {lot_id: (main_cpv, codes, criteria)}
# codes: only the non-empty lists of strategic/green/social/innovative/gpp/accessibility/reserved
# criteria: [(BT-539 type, BT-541 weight or None)]
SAMPLES = {
    "real-notices/de/43489-2024.xml": {
        "notice": (
            "b8407703-ba31-4e89-9d6e-c480388966ec",
            "01",
            "30",
            "can-standard",
            "result",
            date(2024, 1, 19),
            "eforms-sdk-1.7",
        ),
        "buyer": ("Berliner Verkehrsbetriebe, Bereich Einkauf/ Materialwirtschaft", "DEU", "DE300"),
        "state": "BE",
        "lots": {
            "LOT-0000": (
                "90000000",
                {"strategic": ("none",)},
                [("quality", "20.00"), ("price", "80.00")],
            )
        },
    },
    "real-notices/de/474946-2024.xml": {
        "notice": (
            "c8f4c008-676c-4003-90d9-80788a8b6e83",
            "01",
            "16",
            "cn-standard",
            "competition",
            date(2024, 8, 6),
            "eforms-sdk-1.10",
        ),
        "buyer": ("MERO Germany GmbH", "DEU", "DE21J"),
        "state": "BY",
        "lots": {
            "LOT-0001": (
                "76600000",
                {"strategic": ("env-imp",), "green": ("pollu-prev",), "social": ("other",)},
                [],
            )
        },
    },
    "real-notices/de/622691-2023.xml": {
        "notice": (
            "94aaac85-3aa2-48ea-9677-d60cff72202f",
            "01",
            "16",
            "cn-standard",
            "competition",
            date(2023, 10, 12),
            "eforms-sdk-1.9",
        ),
        "buyer": ("KKH Kaufmännische Krankenkasse", "DEU", None),
        "state": None,
        "lots": {"LOT-0001": ("33600000", {"reserved": ("none",)}, [])},
    },
    "real-notices/de/657565-2023.xml": {
        "notice": (
            "c126b5eb-6916-4264-9b8d-2db2c80c3cdd",
            "01",
            "16",
            "cn-standard",
            "competition",
            date(2023, 10, 25),
            "eforms-sdk-1.5",
        ),
        "buyer": ("Deutsche Bundesbank, vertreten durch VEA Beratungs-GmbH", "DEU", "DE712"),
        "state": "HE",
        "lots": {
            lot_id: (
                "09310000",
                {"strategic": ("none",), "reserved": ("none",)},
                [("price", "100.00")],
            )
            for lot_id in ("LOT-0001", "LOT-0002")
        },
    },
    "real-notices/eu/137599-2024.xml": {
        "notice": (
            "d5d2835b-dce6-4e36-a5fb-913f474b3c71",
            "01",
            "11",
            "pin-cfc-standard",
            "competition",
            date(2024, 3, 4),
            "eforms-sdk-1.10",
        ),
        "buyer": ("Fountain Fuel B.V.", "NLD", "NL33A"),
        "state": None,
        "lots": {
            "LOT-0001": (
                "09121000",
                {"green": ("other",), "gpp": ("none",), "reserved": ("none",)},
                [],  # criteria only on the group of lots GLO-0001
            )
        },
    },
    "real-notices/eu/191534-2024.xml": {
        "notice": (
            "f80d83c5-f453-474d-b11b-c62bec947312",
            "02",
            "29",
            "can-standard",
            "result",
            date(2024, 3, 29),
            "eforms-sdk-1.8",
        ),
        "buyer": ("FOD Binnenlandse Zaken", "BEL", "BE100"),
        "state": None,
        "lots": {
            f"LOT-000{n}": ("90911000", {}, [("price", None), ("quality", None)])
            for n in range(1, 6)
        },
    },
    "real-notices/eu/215550-2024.xml": {
        "notice": (
            "0027419f-f482-427c-9dc9-439f0f835eb3",
            "01",
            "29",
            "can-standard",
            "result",
            date(2024, 4, 10),
            "eforms-sdk-1.10",
        ),
        "buyer": ("Wojewódzki Szpital Zespolony w Elblągu", "POL", "PL621"),
        "state": None,
        "lots": {
            "LOT-0001": ("33622100", {}, [("price", "100")]),
            "LOT-0002": ("33652100", {}, [("price", "100")]),
            "LOT-0003": ("33652100", {}, [("price", "100")]),
            "LOT-0004": ("33652100", {}, [("price", "100")]),
            "LOT-0005": ("33622600", {}, [("price", "100")]),
            "LOT-0006": ("33652100", {}, [("price", "100")]),
        },
    },
    "real-notices/eu/536143-2023.xml": {
        "notice": (
            "8eb9ae3d-462c-41e9-be52-30ea1672ea53",
            "01",
            "17",  # cbc:SubTypeCode without listName
            "cn-standard",
            "competition",
            date(2023, 9, 4),
            "eforms-sdk-1.7",
        ),
        "buyer": ("Lahti Energia Oy", "FIN", "FI1C3"),
        "state": None,
        "lots": {
            "LOT-0000": (
                "50500000",
                {"social": ("hum-right",), "reserved": ("none",)},
                [("price", None), ("quality", None)],
            )
        },
    },
    "real-notices/eu/544961-2023.xml": {
        "notice": (
            "0e858c17-5993-4a93-bce3-5fbc67e42522",
            "01",
            "20",
            "cn-social",
            "competition",
            date(2023, 9, 7),
            "eforms-sdk-1.7",
        ),
        "buyer": ("Servica Oy", "FIN", "FI1D2"),
        "state": None,
        "lots": {
            "LOT-0000": (
                "55523000",
                {"social": ("work-cond",), "reserved": ("none",)},
                [("price", "80"), ("quality", "20")],
            )
        },
    },
    "real-notices/eu/553370-2023.xml": {
        "notice": (
            "2fd93dbc-cb0a-4ef4-b043-8b102afbf832",
            "01",
            "23",
            "cn-desg",
            "competition",
            date(2023, 9, 12),
            "eforms-sdk-1.7",
        ),
        "buyer": ("Forum Virium Helsinki", "FIN", "FI1B1"),
        "state": None,
        "lots": {
            "LOT-0000": (
                "73100000",
                {"social": ("hum-right",), "innovative": ("mar-nov",), "accessibility": ("inc",)},
                [("quality", None)],
            )
        },
    },
    "real-notices/eu/701354-2023.xml": {
        "notice": (
            "334a7641-2f81-487a-aac6-7586378f66d6",
            "01",
            "24",
            "cn-desg",
            "competition",
            date(2023, 11, 16),
            "eforms-sdk-1.8",
        ),
        "buyer": ("Umeå Energi Elnät AB", "SWE", "SE321"),
        "state": None,
        "lots": {"LOT-0001": ("31170000", {"gpp": ("none",)}, [("price", None)])},
    },
    "real-notices/eu/739962-2023.xml": {
        "notice": (
            "11d541f3-2f2f-4eef-8216-ae7e5039a47d",
            "01",
            "16",
            "cn-standard",
            "competition",
            date(2023, 12, 5),
            "eforms-sdk-1.10",
        ),
        "buyer": (
            "Wojewódzki Szpital Zespolony im. dr. Romana Ostrzyckiego w Koninie",
            "POL",
            "PL414",
        ),
        "state": None,
        "lots": {
            f"LOT-000{n}": (
                "33140000",
                {"gpp": ("none",), "reserved": ("none",)},
                [("price", "60"), ("quality", "40")],
            )
            for n in range(1, 9)
        },
    },
    "sdk-examples/can-modif_24_value.xml": {
        "notice": (
            "3572a106-eb30-4c7a-8ac5-b3502f71742a",
            "01",
            "38",
            "can-modif",
            "cont-modif",
            date(2018, 8, 2),
            "eforms-sdk-1.15",
        ),
        "buyer": ("London South Bank University", "GBR", None),
        "state": None,
        "lots": {"LOT-0000": ("79410000", {}, [])},
    },
    "sdk-examples/can_24_FRA_comments.xml": {
        "notice": (
            "df45f4d1-2208-47cb-bc7a-9c7edcf8d2b8",
            "01",
            "29",
            "can-standard",
            "result",
            date(2019, 10, 23),
            "eforms-sdk-1.15",
        ),
        "buyer": ("Rouen Habitat", "FRA", "FRD22"),
        "state": None,
        "lots": {
            "LOT-0001": ("77310000", {}, [("price", "40"), ("quality", "60")]),
            "LOT-0002": ("77310000", {}, [("price", "60"), ("quality", "40")]),
        },
    },
    "sdk-examples/can_24_LSBU.xml": {
        "notice": (
            "34453177-5a72-4c6f-b531-19b5aaa217ba",
            "01",
            "29",
            "can-standard",
            "result",
            date(2018, 8, 2),
            "eforms-sdk-1.15",
        ),
        "buyer": ("London South Bank University", "GBR", None),
        "state": None,
        "lots": {
            "LOT-0000": (
                "79410000",
                {},
                [
                    ("quality", "20"),
                    ("quality", "20"),
                    ("quality", "10"),
                    ("quality", "20"),
                    ("price", "30"),
                ],
            )
        },
    },
    "sdk-examples/can_24_maximal.xml": {
        "notice": (
            "15377ca1-6cf7-4060-90f0-9290128957a3",
            "03",
            "29",
            "can-standard",
            "result",
            date(2023, 4, 23),
            "eforms-sdk-1.15",
        ),
        "buyer": ("Financial Adinistration for ...", "LUX", "LU000"),
        "state": None,
        "lots": {
            lot_id: (
                "75121000",
                {
                    "strategic": ("env-imp",),
                    "green": ("clim-mitig",),
                    "social": ("acc-all",),
                    "innovative": ("proc-innov",),
                    "accessibility": ("n-inc-just",),
                },
                [("cost", "60"), ("quality", "40")],
            )
            for lot_id in ("LOT-0001", "LOT-0002")
        },
    },
    "sdk-examples/can_25_withheld_lots.xml": {
        "notice": (
            "14093edf-648c-4264-895d-64dfa100e582",
            "01",
            "30",
            "can-standard",
            "result",
            date(2020, 4, 10),
            "eforms-sdk-1.15",
        ),
        "buyer": ("NI Water and its subsidiaries", "GBR", None),
        "state": None,
        "lots": {
            lot_id: ("72260000", {}, [("quality", "75"), ("price", "25")])
            for lot_id in ("LOT-0001", "LOT-0002")
        },
    },
    "sdk-examples/cn-social_25.xml": {
        "notice": (
            "cf9697c2-e280-4e78-beb1-e481f8c97468",
            "01",
            "21",
            "cn-social",
            "competition",
            date(2023, 5, 26),
            "eforms-sdk-1.15",
        ),
        "buyer": ("ZenithNova Innovations", "GRC", "EL303"),
        "state": None,
        "lots": {
            "LOT-0001": (
                "30000000",
                {
                    "green": ("biodiv-eco", "other"),
                    "social": ("acc-all", "opp"),
                    "innovative": ("rd-act",),
                    "reserved": ("none",),
                },
                [],
            )
        },
    },
    "sdk-examples/cn_24_FRA_comments.xml": {
        "notice": (
            "da4d46e9-490b-41ff-a2ae-8166d356a619",
            "01",
            "16",
            "cn-standard",
            "competition",
            date(2019, 5, 10),
            "eforms-sdk-1.15",
        ),
        "buyer": ("Rouen Habitat", "FRA", "FRD22"),
        "state": None,
        "lots": {
            lot_id: ("77310000", {"reserved": ("none",)}, [("price", "60"), ("quality", "40")])
            for lot_id in ("LOT-0001", "LOT-0002")
        },
    },
    "sdk-examples/cn_24_maximal.xml": {
        "notice": (
            "14549263-b47b-4e59-96a1-2d0d13e19343",
            "03",
            "16",
            "cn-standard",
            "competition",
            date(2023, 3, 23),
            "eforms-sdk-1.15",
        ),
        "buyer": ("Financial Adinistration for ...", "LUX", "LU000"),
        "state": None,
        "lots": {
            lot_id: (
                "75121000",
                {
                    "strategic": ("env-imp",),
                    "green": ("clim-mitig",),
                    "social": ("acc-all",),
                    "innovative": ("proc-innov",),
                    "accessibility": ("n-inc-just",),
                    "reserved": reserved,
                },
                [("cost", "60"), ("quality", "40")],
            )
            for lot_id, reserved in (("LOT-0001", ("res-pub-ser",)), ("LOT-0002", ("none",)))
        },
    },
    "sdk-examples/cn_24_multilingual.xml": {
        "notice": (
            "55aae64f-88a8-44a5-b2fb-8228e97fe6ee",
            "01",
            "16",
            "cn-standard",
            "competition",
            date(2019, 11, 21),
            "eforms-sdk-1.15",
        ),
        "buyer": ("Amt für Veröffentlichungen der Europäischen Union", "LUX", "LU000"),
        "state": None,
        "lots": {
            "LOT-0000": ("72230000", {"reserved": ("none",)}, [("quality", "70"), ("price", "30")])
        },
    },
    "sdk-examples/cn_24_open.xml": {
        "notice": (
            "c4c415ee-ac08-4465-8fa6-57568cf69462",
            "01",
            "16",
            "cn-standard",
            "competition",
            date(2020, 2, 28),
            "eforms-sdk-1.15",
        ),
        "buyer": ("Renfrewshire Council", "GBR", None),
        "state": None,
        "lots": {
            "LOT-0000": (
                "71630000",
                {"reserved": ("none",)},
                [
                    ("quality", "15"),
                    ("quality", "5"),
                    ("quality", "3"),
                    ("quality", "2"),
                    ("price", "75"),
                ],
            )
        },
    },
    "sdk-examples/eforms-de-kosit/eforms_CAN_29-DE_valid.xml": {
        "notice": (
            "da7ec2b4-ff04-4838-8e28-489a3b5c573c",
            "01",
            "29",
            "can-standard",
            "result",
            date(2023, 12, 12),
            "eforms-de-1.2",
        ),
        "buyer": ("foo", "LUX", "LU000"),
        "state": None,  # a foreign buyer, although the work is done in DE128 (BW)
        "lots": {"LOT-0001": ("72000000", {"strategic": ("none",)}, [("price", None)])},
    },
    "sdk-examples/eforms-de-kosit/eforms_CN_16_max-DE_valid.xml": {
        "notice": (
            "da4d46e9-490b-41ff-a2ae-8166d356a619",
            "01",
            "16",
            "cn-standard",
            "competition",
            date(2019, 5, 10),
            "eforms-de-1.1",
        ),
        "buyer": ("Rouen Habitat", "FRA", "FRD22"),
        "state": None,
        "lots": {
            "LOT-0001": (
                "77310000",
                {"strategic": ("none",), "reserved": ("none",)},
                [("price", "60"), ("quality", "40")],
            ),
            "LOT-0002": (
                "77310000",
                {"strategic": ("env-imp",), "green": ("biodiv-eco",), "reserved": ("none",)},
                [("price", "60"), ("quality", "40")],
            ),
        },
    },
    "sdk-examples/eforms-de-kosit/eforms_PIN_7-DE.xml": {
        "notice": (
            "af25aa4e-6ced-438b-bf19-4458c2cd2c10",
            "01",
            "7",
            "pin-rtl",
            "planning",
            date(2023, 12, 15),
            "eforms-de-1.2",
        ),
        "buyer": ("ZenithNova Innovations", "GRC", "EL303"),
        "state": None,
        "lots": {
            "LOT-0001": (
                "80110000",
                {
                    "strategic": ("none",),
                    "green": ("circ-econ",),
                    "social": ("acc-all", "et-eq", "opp"),
                    "innovative": ("rd-act",),
                    "reserved": ("none",),
                },
                [],
            )
        },
    },
    "sdk-examples/legacy-sdk-0.1/can_24_minimal_sdk-0.1.1.xml": {
        "notice": (
            "123465",
            "1",
            None,
            "can-standard",
            "result",
            date(2020, 1, 23),
            "eforms-sdk-0.1",
        ),
        "buyer": ("Rouen Habitat", "FRA", None),
        "state": None,
        "lots": {"LOT-0001": (None, {}, [("price", None)])},
    },
    "sdk-examples/legacy-sdk-0.1/cn_24_maximal_sdk-0.1.1.xml": {
        "notice": (
            "22222222",
            "3",
            None,
            "cn-standard",
            "competition",
            date(2023, 5, 23),
            "eforms-sdk-0.1",
        ),
        "buyer": ("Buyer Name", "GBR", "UKI6"),
        "state": None,
        "lots": {
            "LOT-0001": (
                "79710000",
                {
                    "strategic": ("env-imp",),
                    "green": ("emas-com",),
                    "social": ("acc-all",),  # listName social-procurement
                    "innovative": ("buy-eff",),
                    "accessibility": ("inc",),
                    "reserved": ("res-pub-ser",),
                },
                [("cost", "60")],
            )
        },
    },
    "sdk-examples/pin-cfc_24.xml": {
        "notice": (
            "fc972075-4e70-4491-b97a-7e3cb3665826",
            "01",
            "10",
            "pin-cfc-standard",
            "competition",
            date(2023, 5, 26),
            "eforms-sdk-1.15",
        ),
        "buyer": ("ZenithNova Innovations Ltd.", "DEU", "DEG0V"),
        "state": "TH",
        "lots": {"LOT-0001": ("18000000", {"reserved": ("none",)}, [])},
    },
    "sdk-examples/pin-cfc_25.xml": {
        "notice": (
            "c48d000f-2598-47b3-856e-de93bf654518",
            "01",
            "11",
            "pin-cfc-standard",
            "competition",
            date(2020, 4, 8),
            "eforms-sdk-1.15",
        ),
        "buyer": ("Flughafen Stuttgart GmbH", "DEU", "DE113"),
        "state": "BW",
        "lots": {
            lot_id: ("50712000", {"reserved": ("none",)}, [("price", "100")])
            for lot_id in ("LOT-0001", "LOT-0002")
        },
    },
    "sdk-examples/pin-only_24.xml": {
        "notice": (
            "f252f386-55ac-4fa8-9be4-9f950b9904c8",
            "01",
            "4",
            "pin-only",
            "planning",
            date(2020, 5, 5),
            "eforms-sdk-1.15",
        ),
        "buyer": ("PartyName1234", "DEU", "DE401"),
        "state": "BB",
        "lots": {"PAR-0000": ("50000000", {}, [])},
    },
    "sdk-examples/pin-rtl_24.xml": {
        "notice": (
            "af25aa4e-6ced-438b-bf19-4458c2cd2c10",
            "01",
            "7",
            "pin-rtl",
            "planning",
            date(2023, 5, 26),
            "eforms-sdk-1.15",
        ),
        "buyer": ("ZenithNova Innovations", "GRC", "EL303"),
        "state": None,
        "lots": {
            "LOT-0001": (
                "80110000",
                {
                    "green": ("circ-econ",),
                    "social": ("acc-all", "et-eq", "opp"),
                    "innovative": ("rd-act",),
                    "reserved": ("none",),
                },
                [],
            )
        },
    },
    "sdk-examples/veat_23.xml": {
        "notice": (
            "9938e0b2-bba7-4123-b96b-a654440660bf",
            "01",
            "28",
            "veat",
            "dir-awa-pre",
            date(2023, 1, 10),
            "eforms-sdk-1.15",
        ),
        "buyer": ("Stadt Neckargemünd", "DEU", "DE128"),
        "state": "BW",
        "lots": {"LOT-0000": ("65110000", {}, [])},
    },
}

# OPT-300 of pin-cfc_25.xml
BUYER_REFERENCE = (
    b"<cac:Party>\n\t\t\t<cac:PartyIdentification>\n\t\t\t\t"
    b'<cbc:ID schemeName="organization">ORG-0001'
)
CODE_FIELDS = ("strategic", "green", "social", "innovative", "gpp", "accessibility", "reserved")


def test_every_sample_notice_is_checked():
    on_disk = {str(path.relative_to(DATA)) for path in DATA.rglob("*.xml")}
    assert on_disk == set(SAMPLES)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_sample_notice_fields_match_the_xml(name):
    expected = SAMPLES[name]
    notice = parse(name)
    notice_id, version, subtype, notice_type, form_type, issue_date, sdk_version = expected[
        "notice"
    ]
    assert notice.notice_id == notice_id
    assert notice.version == version
    assert notice.subtype == subtype
    assert notice.notice_type == notice_type
    assert notice.form_type == form_type
    assert notice.issue_date == issue_date
    assert notice.sdk_version == sdk_version
    assert (notice.buyer.name, notice.buyer.country, notice.buyer.nuts) == expected["buyer"]
    assert notice.state == expected["state"]


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_sample_lots_match_the_xml(name):
    expected_lots = SAMPLES[name]["lots"]
    notice = parse(name)
    assert [lot.lot_id for lot in notice.lots] == list(expected_lots)
    for lot in notice.lots:
        main_cpv, codes, criteria = expected_lots[lot.lot_id]
        assert lot.main_cpv == main_cpv, lot.lot_id
        for field in CODE_FIELDS:
            assert getattr(lot, field) == codes.get(field, ()), (lot.lot_id, field)
        assert [(criterion.type, criterion.weight) for criterion in lot.award_criteria] == [
            (kind, None if weight is None else Decimal(weight)) for kind, weight in criteria
        ]


def test_notice_details_of_the_maximal_contract_notice():
    notice = parse("sdk-examples/cn_24_maximal.xml")
    assert notice.document_type == "ContractNotice"
    assert notice.procedure_id == "aff2863e-b4cc-4e91-baba-b3b85f709117"
    assert notice.sdk == (1, 15)
    assert notice.procedure_type == "neg-w-call"
    assert notice.legal_basis == "32014L0024"
    assert notice.title == "Procurement Title ---"
    assert notice.description == "Description ---"
    assert notice.main_cpv == "79710000"
    assert notice.buyer_legal_type == "body-pl"
    assert notice.buyer_activity == "econ-aff"
    assert notice.buyer.org_id == "ORG-0001"
    assert notice.buyer.company_id == "998298"
    assert notice.buyer.postcode == "1234"
    assert notice.buyer.city == "Luxembourg"
    assert notice.publication_number is None  # only TED adds OPP-010/OPP-012
    assert notice.publication_date is None
    lot = notice.lots[0]
    assert lot.kind == "lot"
    assert lot.title == "Title ---"
    assert lot.contract_nature == "services"
    assert lot.estimated_value == Decimal("9999999.99")
    assert lot.currency == "EUR"
    assert lot.place_of_performance_nuts == ("LU000",)
    criterion = lot.award_criteria[0]
    assert (criterion.name, criterion.weight_kind) == ("Name of AC ---", "per-exa")
    assert criterion.description == "AC Description ---"
    assert lot.result is None


def test_group_of_lots_is_not_a_lot():
    notice = parse("sdk-examples/cn_24_maximal.xml")
    assert "GLO-0001" not in {lot.lot_id for lot in notice.lots}


def test_ted_publication_number_and_date_are_read():
    notice = parse("real-notices/de/474946-2024.xml")
    assert notice.publication_number == "00474946-2024"  # published with surrounding blanks
    assert notice.publication_date == date(2024, 8, 7)  # "2024-08-07+02:00"
    assert parse("real-notices/de/622691-2023.xml").publication_date == date(2023, 10, 13)


def test_issue_date_and_time_give_the_moment_of_publication():
    from datetime import UTC, datetime

    assert parse("real-notices/de/474946-2024.xml").issued_at == datetime(
        2024, 8, 6, 9, 31, 2, tzinfo=UTC
    )  # 2024-08-06+02:00, 11:31:02+02:00
    assert parse("real-notices/de/622691-2023.xml").issued_at == datetime(
        2023, 10, 12, 14, 19, 52, tzinfo=UTC
    )  # Z
    data = load("real-notices/de/474946-2024.xml")
    without_time = replace_once(data, b"<cbc:IssueTime>11:31:02+02:00<", b"<cbc:IssueTime><")
    assert parse_notice(without_time).issued_at is None
    broken_time = replace_once(data, b"<cbc:IssueTime>11:31:02+02:00<", b"<cbc:IssueTime>noon<")
    assert parse_notice(broken_time).issued_at is None  # the time only orders versions


def test_buyer_is_found_via_opt_300_not_as_first_organisation():
    # The first organisation of this notice is the eSender in Bonn (DEA22, NW).
    notice = parse("real-notices/de/657565-2023.xml")
    assert notice.buyer.org_id == "ORG-7001"
    assert notice.buyer.nuts == "DE712"
    assert (notice.state, notice.state_rule) == ("HE", "buyer-nuts")
    # Here the pool starts with a tenderer and the eSender.
    notice = parse("real-notices/de/43489-2024.xml")
    assert notice.buyer.org_id == "ORG-7001"
    assert notice.state == "BE"


def test_buyer_follows_opt_300_to_a_later_organisation():
    data = load("sdk-examples/pin-cfc_25.xml")
    marker = BUYER_REFERENCE
    assert data.count(marker) == 1
    notice = parse_notice(data.replace(marker, marker.replace(b"ORG-0001", b"ORG-0003")))
    assert notice.buyer.org_id == "ORG-0003"
    assert notice.buyer.name == "Example Mediator"


def test_dangling_buyer_reference_is_an_error():
    data = load("sdk-examples/pin-cfc_25.xml")
    marker = BUYER_REFERENCE
    broken = data.replace(marker, marker.replace(b"ORG-0001", b"ORG-0009"))
    with pytest.raises(EFormsError, match="no buyer: OPT-300 points to ORG-0009 which is not in"):
        parse_notice(broken)


def test_notice_without_contracting_party_is_an_error():
    data = load("sdk-examples/veat_23.xml")
    start = data.index(b"<cac:ContractingParty>")
    end = data.index(b"</cac:ContractingParty>") + len(b"</cac:ContractingParty>")
    with pytest.raises(EFormsError, match="no buyer"):
        parse_notice(data[:start] + data[end:])


def test_sdk_0_1_buyer_comes_from_the_contracting_party_itself():
    notice = parse("sdk-examples/legacy-sdk-0.1/cn_24_maximal_sdk-0.1.1.xml")
    assert notice.sdk == (0, 1)
    assert notice.subtype is None  # no efac:NoticeSubType in SDK 0.x
    assert notice.buyer.org_id is None
    assert notice.buyer.name == "Buyer Name"  # not the eSender "eSendCorp"
    assert notice.buyer.postcode == "N1 9FL"
    assert notice.buyer.company_id == "tva12345"
    lot = notice.lots[0]
    # supplementary-cpv codes (UB07, UB08) are not CPV codes
    assert lot.additional_cpv == ()
    # BT-541 in efac:AwardCriterionStatistics in SDK 0.x
    assert lot.award_criteria[0].weight_kind == "per-exa"


def test_sdk_0_1_award_notice_result_is_attached_to_its_only_lot():
    notice = parse("sdk-examples/legacy-sdk-0.1/can_24_minimal_sdk-0.1.1.xml")
    assert notice.notice_id == "123465"  # cbc:ID without schemeName="notice-id"
    assert notice.buyer_legal_type == "other"
    result = notice.lots[0].result
    assert (result.status, result.winner_count, result.awarded_value) == ("selec-w", 1, None)


def test_sdk_1_award_date_alone_is_not_a_legacy_result():
    notice = parse("sdk-examples/veat_23.xml")  # /*/cac:TenderResult holds only BT-1451
    assert notice.lots[0].result is None
    assert (notice.result_value, notice.result_currency) == (Decimal("10000"), "EUR")


def test_lot_results_sum_the_winning_tenders():
    notice = parse("sdk-examples/can_24_maximal.xml")
    assert (notice.result_value, notice.result_currency) == (Decimal("9999999.99"), "EUR")
    first, second = notice.lots
    assert first.result.status == "selec-w"
    assert first.result.awarded_value == Decimal("19999999.98")  # TEN-0001 + TEN-0002
    assert first.result.currency == "EUR"
    assert first.result.winner_count == 2
    assert second.result.status == "clos-nw"
    assert (second.result.awarded_value, second.result.winner_count) == (None, 0)
    assert (first.clean_vehicles, first.cvd_contract_type) == (True, "oth-serv-contr")
    assert first.additional_cpv == ("33185200",)


def test_contract_covering_several_lots_counts_only_the_lots_own_tenders():
    # CON-0001 lists the tenders of four lots; RES-0002 points to CON-0002 without tenders.
    lots = parse("real-notices/eu/191534-2024.xml").lots
    values = {lot.lot_id: lot.result.awarded_value for lot in lots}
    assert values == {
        "LOT-0001": Decimal("8819.09"),
        "LOT-0002": Decimal("13768.11"),
        "LOT-0003": Decimal("9317.85"),
        "LOT-0004": Decimal("11807.88"),
        "LOT-0005": Decimal("11016.45"),
    }
    assert {lot.result.winner_count for lot in lots} == {1}


def test_lot_values_add_up_to_the_notice_value():
    notice = parse("real-notices/eu/215550-2024.xml")
    assert notice.result_value == Decimal("14543415.48")
    assert notice.result_currency == "PLN"
    assert sum(lot.result.awarded_value for lot in notice.lots) == notice.result_value


def test_result_without_tender_value_has_a_winner_but_no_value():
    result = parse("real-notices/de/43489-2024.xml").lots[0].result
    assert (result.status, result.awarded_value, result.winner_count) == ("selec-w", None, 1)


def german_buyer_without_nuts(data: bytes) -> bytes:
    """eforms_CAN_29-DE_valid with its buyer ("foo", LUX, LU000) moved to Germany, no NUTS."""
    data = replace_once(data, b">LU000<", b"><")
    return replace_once(data, b"<cbc:IdentificationCode>LUX<", b"<cbc:IdentificationCode>DEU<")


def test_foreign_buyer_gets_no_state_even_when_the_work_is_done_in_germany():
    notice = parse("sdk-examples/eforms-de-kosit/eforms_CAN_29-DE_valid.xml")
    assert (notice.buyer.country, notice.buyer.nuts) == ("LUX", "LU000")
    assert notice.lots[0].place_of_performance_nuts == ("DE128",)
    assert (notice.state, notice.state_rule) == (None, None)
    assert notice.performance_states == ("BW",)


def test_polish_buyer_with_performance_in_bremen_is_not_counted_for_bremen():
    data = load("real-notices/eu/215550-2024.xml")
    procedure = data.index(b"<cac:ProcurementProject>")
    data = data[:procedure] + data[procedure:].replace(b">PL621<", b">DE502<")
    notice = parse_notice(data)
    assert (notice.buyer.country, notice.buyer.nuts) == ("POL", "PL621")
    assert {nuts for lot in notice.lots for nuts in lot.place_of_performance_nuts} == {"DE502"}
    assert (notice.state, notice.state_rule) == (None, None)
    assert notice.performance_states == ("HB",)


def test_german_buyer_without_nuts_falls_back_to_the_place_of_performance():
    data = german_buyer_without_nuts(
        load("sdk-examples/eforms-de-kosit/eforms_CAN_29-DE_valid.xml")
    )
    notice = parse_notice(data)
    assert (notice.buyer.country, notice.buyer.nuts) == ("DEU", None)
    assert (notice.state, notice.state_rule) == ("BW", "place-of-performance")
    assert notice.performance_states == ("BW",)


def test_places_of_performance_are_kept_apart_from_the_buyers_state():
    assert parse("sdk-examples/pin-cfc_25.xml").performance_states == ("BW",)
    assert parse("sdk-examples/pin-cfc_24.xml").performance_states == ()
    # the part of a PIN-only notice: buyer in Brandenburg, work in Baden-Wuerttemberg
    notice = parse("sdk-examples/pin-only_24.xml")
    assert (notice.state, notice.performance_states) == ("BB", ("BW",))
    assert parse("real-notices/eu/191534-2024.xml").performance_states == ()  # Belgium only


def test_german_buyer_without_nuts_and_place_has_no_state():
    notice = parse("real-notices/de/622691-2023.xml")
    assert (notice.buyer.country, notice.buyer.nuts, notice.buyer.postcode) == (
        "DEU",
        None,
        "30625",
    )
    assert (notice.state, notice.state_rule) == (None, None)


def test_thuringian_buyer():
    notice = parse("sdk-examples/pin-cfc_24.xml")
    assert (notice.state, notice.state_rule) == ("TH", "buyer-nuts")


def test_places_in_two_states_give_no_state():
    data = german_buyer_without_nuts(
        load("sdk-examples/eforms-de-kosit/eforms_CAN_29-DE_valid.xml")
    )
    lot_start = data.index(b"<cac:ProcurementProjectLot>")
    second_place = (
        b"<cac:RealizedLocation><cac:Address>"
        b'<cbc:CountrySubentityCode listName="nuts">DEG03</cbc:CountrySubentityCode>'
        b"</cac:Address></cac:RealizedLocation>"
    )
    lot = data[lot_start:].replace(
        b"</cac:ProcurementProject>", second_place + b"</cac:ProcurementProject>", 1
    )
    notice = parse_notice(data[:lot_start] + lot)
    assert notice.lots[0].place_of_performance_nuts == ("DE128", "DEG03")
    assert (notice.state, notice.state_rule) == (None, None)
    assert notice.performance_states == ("BW", "TH")


def test_procedure_place_is_used_when_lots_have_none():
    data = german_buyer_without_nuts(
        load("sdk-examples/eforms-de-kosit/eforms_CAN_29-DE_valid.xml")
    )
    lot_start = data.index(b"<cac:ProcurementProjectLot>")
    lot = data[lot_start:].replace(b">DE128<", b">LU000<")
    notice = parse_notice(data[:lot_start] + lot)
    assert notice.lots[0].place_of_performance_nuts == ("LU000",)
    assert (notice.state, notice.state_rule) == (None, None)
    notice = parse_notice(data[:lot_start] + lot.replace(b">LU000<", b"><"))
    assert notice.lots[0].place_of_performance_nuts == ()
    assert (notice.state, notice.state_rule) == ("BW", "place-of-performance")


def test_parts_of_a_pin_only_notice_are_kept_as_parts():
    notice = parse("sdk-examples/pin-only_24.xml")
    (part,) = notice.lots
    assert (part.lot_id, part.kind) == ("PAR-0000", "part")
    assert part.place_of_performance_nuts == ("DE123",)
    assert notice.main_cpv == "72000000"


def test_lot_kind_follows_the_id_prefix_when_scheme_name_is_missing():
    data = load("sdk-examples/cn_24_maximal.xml")
    data = data.replace(b'<cbc:ID schemeName="Lot">LOT-0002', b"<cbc:ID>LOT-0002")
    data = data.replace(
        b'<cbc:ID schemeName="LotsGroup">GLO-0001</cbc:ID>', b"<cbc:ID>GLO-0001</cbc:ID>"
    )
    assert [(lot.lot_id, lot.kind) for lot in parse_notice(data).lots] == [
        ("LOT-0001", "lot"),
        ("LOT-0002", "lot"),
    ]


def test_unreadable_amounts_are_left_empty():
    data = load("sdk-examples/can_24_maximal.xml")
    data = data.replace(b">9999999.99</cbc:PayableAmount>", b">n/a</cbc:PayableAmount>", 1)
    data = data.replace(b">9999999.99</cbc:TotalAmount>", b">Infinity</cbc:TotalAmount>")
    notice = parse_notice(data)
    assert notice.lots[0].result.awarded_value == Decimal("9999999.99")  # TEN-0002 only
    assert (notice.result_value, notice.result_currency) == (None, None)


def test_mixed_currencies_are_not_summed():
    data = load("sdk-examples/can_24_maximal.xml")
    data = data.replace(
        b'<cbc:PayableAmount currencyID="EUR">', b'<cbc:PayableAmount currencyID="CHF">', 1
    )
    result = parse_notice(data).lots[0].result
    assert (result.awarded_value, result.currency, result.winner_count) == (None, None, 2)


def test_german_text_is_preferred_in_multilingual_notices():
    notice = parse("sdk-examples/cn_24_multilingual.xml")
    assert notice.title.startswith("Bereitstellung von IT-Dienstleistungen")
    assert notice.buyer.name == "Amt für Veröffentlichungen der Europäischen Union"


def test_wrapped_names_and_descriptions_are_tidied():
    notice = parse("real-notices/de/474946-2024.xml")
    assert notice.description.startswith(
        "Die MERO Germany GmbH betreibt den deutschen Leitungsast der MERO-IKL-Pipeline\nvom"
    )
    assert notice.buyer.name == "MERO Germany GmbH"


def test_eforms_de_profiles_map_to_sdk_versions():
    assert parse("sdk-examples/eforms-de-kosit/eforms_CN_16_max-DE_valid.xml").sdk == (1, 7)
    assert normalize_sdk_version("eforms-de-2.1") == (1, 13)
    assert normalize_sdk_version("eforms-de-1.0") == (1, 5)
    assert normalize_sdk_version("eforms-sdk-1.10") == (1, 10)
    assert normalize_sdk_version("eforms-sdk-1.10.2") == (1, 10)
    assert normalize_sdk_version("eforms-de-9.9") is None
    assert normalize_sdk_version("something-else") is None
    assert normalize_sdk_version(None) is None


def test_state_for_nuts():
    assert state_for_nuts("DEG0V") == "TH"
    assert state_for_nuts("DEA22") == "NW"
    assert state_for_nuts("DE") is None
    assert state_for_nuts("LU000") is None
    assert state_for_nuts(None) is None


def test_unknown_codes_are_stored_as_published():
    data = load("real-notices/de/474946-2024.xml")
    data = data.replace(b">pollu-prev<", b">brand-new-code<")
    data = data.replace(b'listName="social-objective">other<', b'listName="social-objective">de-x<')
    data = data.replace(b">32014L0024<", b">de-vob<")
    notice = parse_notice(data)
    assert notice.lots[0].green == ("brand-new-code",)
    assert notice.lots[0].social == ("de-x",)
    assert notice.legal_basis == "de-vob"


def test_repeated_codes_are_unique_and_sorted():
    data = load("sdk-examples/pin-rtl_24.xml")
    extra = (
        b"<cac:ProcurementAdditionalType>"
        b'<cbc:ProcurementTypeCode listName="social-objective">acc-all</cbc:ProcurementTypeCode>'
        b"</cac:ProcurementAdditionalType>"
    )
    data = data.replace(
        b"<cac:ProcurementAdditionalType>", extra + b"<cac:ProcurementAdditionalType>"
    )
    assert parse_notice(data).lots[0].social == ("acc-all", "et-eq", "opp")


def test_file_like_input_is_accepted():
    notice = parse_notice(io.BytesIO(load("sdk-examples/pin-cfc_24.xml")))
    assert notice.notice_id == "fc972075-4e70-4491-b97a-7e3cb3665826"


def test_str_input_is_refused():
    with pytest.raises(TypeError):
        parse_notice("<ContractNotice/>")


def test_broken_xml_is_an_error_with_line_number():
    data = load("sdk-examples/pin-cfc_24.xml")
    with pytest.raises(EFormsError, match=r"^XML syntax error at line \d+: "):
        parse_notice(data[: len(data) // 2])


def test_empty_document_is_an_error():
    with pytest.raises(EFormsError, match="XML syntax error"):
        parse_notice(b"")


def test_wrong_root_element_is_an_error():
    with pytest.raises(EFormsError, match=r"not an eForms notice: root element is \{urn:x\}Foo"):
        parse_notice(b'<Foo xmlns="urn:x"/>')
    # TED's old XML schema (pre-2023 notices) is not eForms either.
    with pytest.raises(EFormsError, match="root element is TED_EXPORT"):
        parse_notice(b"<TED_EXPORT/>")


def test_missing_notice_id_is_an_error():
    data = load("sdk-examples/legacy-sdk-0.1/can_24_minimal_sdk-0.1.1.xml")
    data = data.replace(b"<cbc:ID>123465</cbc:ID>", b"")
    with pytest.raises(EFormsError, match=r"missing notice id \(BT-701\)"):
        parse_notice(data)


def test_missing_or_invalid_issue_date_is_an_error():
    data = load("sdk-examples/pin-cfc_24.xml")
    with pytest.raises(EFormsError, match=r"missing issue date \(BT-05\)"):
        parse_notice(data.replace(b"<cbc:IssueDate>2023-05-26Z</cbc:IssueDate>", b""))
    with pytest.raises(EFormsError, match=r"invalid date in issue date \(BT-05\): '26\.05\.2023'"):
        parse_notice(data.replace(b">2023-05-26Z</cbc:IssueDate>", b">26.05.2023</cbc:IssueDate>"))


def test_external_entities_are_not_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    data = (
        f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
        '<ContractNotice xmlns="urn:oasis:names:specification:ubl:schema:xsd:ContractNotice-2" '
        'xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">'
        '<cbc:ID schemeName="notice-id">id-&xxe;</cbc:ID>'
        "<cbc:IssueDate>2024-01-10+01:00</cbc:IssueDate></ContractNotice>"
    ).encode()
    with pytest.raises(EFormsError) as excinfo:
        parse_notice(data)
    assert "TOP-SECRET" not in str(excinfo.value)
    assert str(excinfo.value) == "no buyer: the notice has no cac:ContractingParty"


def test_texts_collects_titles_descriptions_and_criterion_names():
    texts = list(parse("sdk-examples/cn_24_open.xml").texts())
    assert "Fair working practices" in texts
    assert any(text.startswith("Term Contract for a Planned Programme") for text in texts)


def test_dataclasses_are_frozen():
    notice = parse("sdk-examples/pin-cfc_24.xml")
    with pytest.raises(AttributeError):
        notice.state = "BY"  # type: ignore[misc]
