"""Shared by the import, export, fetch and command tests: the sample notices as the database
should hold them, and small builders for variants and packages.

``STORED`` was read by hand from the XML files in ``data/`` (root ``cbc:ID``/``cbc:VersionID``/
``cbc:IssueDate``/``cbc:NoticeTypeCode``, ``efac:NoticeSubType``, ``efac:Publication``, the
organisation that OPT-300 points to, each ``cac:ProcurementProjectLot``). It describes the rows,
not the parser's dataclasses: only lots (no parts) are stored, the ``uses_*`` flags are derived,
and a lot without its own CPV takes the procedure's (when there is one).
"""

from __future__ import annotations

import io
import re
import tarfile
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

DATA = Path(__file__).parent / "data"

# Sample files the tests name (paths below DATA).
CN_MAX = "sdk-examples/cn_24_maximal.xml"  # version 03, two lots
BUNDESBANK = "real-notices/de/657565-2023.xml"  # version 01, two lots
MERO = "real-notices/de/474946-2024.xml"
KKH = "real-notices/de/622691-2023.xml"


@dataclass(frozen=True)
class L:
    """One stored lot: main CPV, code lists, award criterion types, and derived flags
    (``flags`` holds "g", "s", "i" for uses_green/uses_social/uses_innovative)."""

    cpv: str
    strategic: tuple = ()
    green: tuple = ()
    social: tuple = ()
    innovative: tuple = ()
    gpp: tuple = ()
    criteria: tuple = ()
    flags: str = ""


@dataclass(frozen=True)
class N:
    notice_id: str
    version: str | None
    publication_number: str | None
    subtype: str | None
    notice_type: str
    issue_date: date
    buyer: tuple  # (name, ISO alpha-3 country, NUTS)
    state: str | None
    state_rule: str | None
    lots: dict
    performance_states: tuple = ()  # states of the places of performance (BT-5071)


PQ = ("price", "quality")
CQ = ("cost", "quality")
FULL = L(  # cn_24_maximal / can_24_maximal lots
    "75121000", ("env-imp",), ("clim-mitig",), ("acc-all",), ("proc-innov",), (), CQ, "gsi"
)

STORED: dict[str, N] = {
    "real-notices/de/43489-2024.xml": N(
        "b8407703-ba31-4e89-9d6e-c480388966ec",
        "01",
        "00043489-2024",
        "30",
        "can-standard",
        date(2024, 1, 19),
        ("Berliner Verkehrsbetriebe, Bereich Einkauf/ Materialwirtschaft", "DEU", "DE300"),
        "BE",
        "buyer-nuts",
        {"LOT-0000": L("90000000", strategic=("none",), criteria=PQ)},
        performance_states=("BE",),
    ),
    "real-notices/de/474946-2024.xml": N(
        "c8f4c008-676c-4003-90d9-80788a8b6e83",
        "01",
        "00474946-2024",
        "16",
        "cn-standard",
        date(2024, 8, 6),
        ("MERO Germany GmbH", "DEU", "DE21J"),
        "BY",
        "buyer-nuts",
        {"LOT-0001": L("76600000", ("env-imp",), ("pollu-prev",), ("other",), flags="gs")},
        performance_states=("BY",),
    ),
    "real-notices/de/622691-2023.xml": N(
        "94aaac85-3aa2-48ea-9677-d60cff72202f",
        "01",
        "00622691-2023",
        "16",
        "cn-standard",
        date(2023, 10, 12),
        ("KKH Kaufmännische Krankenkasse", "DEU", None),
        None,
        None,
        {"LOT-0001": L("33600000")},
    ),
    "real-notices/de/657565-2023.xml": N(
        "c126b5eb-6916-4264-9b8d-2db2c80c3cdd",
        "01",
        "00657565-2023",
        "16",
        "cn-standard",
        date(2023, 10, 25),
        ("Deutsche Bundesbank, vertreten durch VEA Beratungs-GmbH", "DEU", "DE712"),
        "HE",
        "buyer-nuts",
        {
            "LOT-0001": L("09310000", strategic=("none",), criteria=("price",)),
            "LOT-0002": L("09310000", strategic=("none",), criteria=("price",)),
        },
        performance_states=("HE",),
    ),
    "real-notices/eu/137599-2024.xml": N(
        "d5d2835b-dce6-4e36-a5fb-913f474b3c71",
        "01",
        "00137599-2024",
        "11",
        "pin-cfc-standard",
        date(2024, 3, 4),
        ("Fountain Fuel B.V.", "NLD", "NL33A"),
        None,
        None,
        {"LOT-0001": L("09121000", green=("other",), gpp=("none",), flags="g")},
    ),
    "real-notices/eu/191534-2024.xml": N(
        "f80d83c5-f453-474d-b11b-c62bec947312",
        "02",
        "00191534-2024",
        "29",
        "can-standard",
        date(2024, 3, 29),
        ("FOD Binnenlandse Zaken", "BEL", "BE100"),
        None,
        None,
        {f"LOT-000{n}": L("90911000", criteria=PQ) for n in range(1, 6)},
    ),
    "real-notices/eu/215550-2024.xml": N(
        "0027419f-f482-427c-9dc9-439f0f835eb3",
        "01",
        "00215550-2024",
        "29",
        "can-standard",
        date(2024, 4, 10),
        ("Wojewódzki Szpital Zespolony w Elblągu", "POL", "PL621"),
        None,
        None,
        {
            lot_id: L(cpv, criteria=("price",))
            for lot_id, cpv in (
                ("LOT-0001", "33622100"),
                ("LOT-0002", "33652100"),
                ("LOT-0003", "33652100"),
                ("LOT-0004", "33652100"),
                ("LOT-0005", "33622600"),
                ("LOT-0006", "33652100"),
            )
        },
    ),
    "real-notices/eu/536143-2023.xml": N(
        "8eb9ae3d-462c-41e9-be52-30ea1672ea53",
        "01",
        "00536143-2023",
        "17",
        "cn-standard",
        date(2023, 9, 4),
        ("Lahti Energia Oy", "FIN", "FI1C3"),
        None,
        None,
        {"LOT-0000": L("50500000", social=("hum-right",), criteria=PQ, flags="s")},
    ),
    "real-notices/eu/544961-2023.xml": N(
        "0e858c17-5993-4a93-bce3-5fbc67e42522",
        "01",
        "00544961-2023",
        "20",
        "cn-social",
        date(2023, 9, 7),
        ("Servica Oy", "FIN", "FI1D2"),
        None,
        None,
        {"LOT-0000": L("55523000", social=("work-cond",), criteria=PQ, flags="s")},
    ),
    "real-notices/eu/553370-2023.xml": N(
        "2fd93dbc-cb0a-4ef4-b043-8b102afbf832",
        "01",
        "00553370-2023",
        "23",
        "cn-desg",
        date(2023, 9, 12),
        ("Forum Virium Helsinki", "FIN", "FI1B1"),
        None,
        None,
        {
            "LOT-0000": L(
                "73100000",
                social=("hum-right",),
                innovative=("mar-nov",),
                criteria=("quality",),
                flags="si",
            )
        },
    ),
    "real-notices/eu/701354-2023.xml": N(
        "334a7641-2f81-487a-aac6-7586378f66d6",
        "01",
        "00701354-2023",
        "24",
        "cn-desg",
        date(2023, 11, 16),
        ("Umeå Energi Elnät AB", "SWE", "SE321"),
        None,
        None,
        {"LOT-0001": L("31170000", gpp=("none",), criteria=("price",))},
    ),
    "real-notices/eu/739962-2023.xml": N(
        "11d541f3-2f2f-4eef-8216-ae7e5039a47d",
        "01",
        "00739962-2023",
        "16",
        "cn-standard",
        date(2023, 12, 5),
        ("Wojewódzki Szpital Zespolony im. dr. Romana Ostrzyckiego w Koninie", "POL", "PL414"),
        None,
        None,
        {f"LOT-000{n}": L("33140000", gpp=("none",), criteria=PQ) for n in range(1, 9)},
    ),
    "sdk-examples/can-modif_24_value.xml": N(
        "3572a106-eb30-4c7a-8ac5-b3502f71742a",
        "01",
        None,
        "38",
        "can-modif",
        date(2018, 8, 2),
        ("London South Bank University", "GBR", None),
        None,
        None,
        {"LOT-0000": L("79410000")},
    ),
    "sdk-examples/can_24_FRA_comments.xml": N(
        "df45f4d1-2208-47cb-bc7a-9c7edcf8d2b8",
        "01",
        None,
        "29",
        "can-standard",
        date(2019, 10, 23),
        ("Rouen Habitat", "FRA", "FRD22"),
        None,
        None,
        {lot_id: L("77310000", criteria=PQ) for lot_id in ("LOT-0001", "LOT-0002")},
    ),
    "sdk-examples/can_24_LSBU.xml": N(
        "34453177-5a72-4c6f-b531-19b5aaa217ba",
        "01",
        None,
        "29",
        "can-standard",
        date(2018, 8, 2),
        ("London South Bank University", "GBR", None),
        None,
        None,
        {"LOT-0000": L("79410000", criteria=PQ)},
    ),
    "sdk-examples/can_24_maximal.xml": N(
        "15377ca1-6cf7-4060-90f0-9290128957a3",
        "03",
        None,
        "29",
        "can-standard",
        date(2023, 4, 23),
        ("Financial Adinistration for ...", "LUX", "LU000"),
        None,
        None,
        {"LOT-0001": FULL, "LOT-0002": FULL},
    ),
    "sdk-examples/can_25_withheld_lots.xml": N(
        "14093edf-648c-4264-895d-64dfa100e582",
        "01",
        None,
        "30",
        "can-standard",
        date(2020, 4, 10),
        ("NI Water and its subsidiaries", "GBR", None),
        None,
        None,
        {lot_id: L("72260000", criteria=PQ) for lot_id in ("LOT-0001", "LOT-0002")},
    ),
    "sdk-examples/cn-social_25.xml": N(
        "cf9697c2-e280-4e78-beb1-e481f8c97468",
        "01",
        None,
        "21",
        "cn-social",
        date(2023, 5, 26),
        ("ZenithNova Innovations", "GRC", "EL303"),
        None,
        None,
        {
            "LOT-0001": L(
                "30000000",
                green=("biodiv-eco", "other"),
                social=("acc-all", "opp"),
                innovative=("rd-act",),
                flags="gsi",
            )
        },
    ),
    "sdk-examples/cn_24_FRA_comments.xml": N(
        "da4d46e9-490b-41ff-a2ae-8166d356a619",
        "01",
        None,
        "16",
        "cn-standard",
        date(2019, 5, 10),
        ("Rouen Habitat", "FRA", "FRD22"),
        None,
        None,
        {lot_id: L("77310000", criteria=PQ) for lot_id in ("LOT-0001", "LOT-0002")},
    ),
    "sdk-examples/cn_24_maximal.xml": N(
        "14549263-b47b-4e59-96a1-2d0d13e19343",
        "03",
        None,
        "16",
        "cn-standard",
        date(2023, 3, 23),
        ("Financial Adinistration for ...", "LUX", "LU000"),
        None,
        None,
        {"LOT-0001": FULL, "LOT-0002": FULL},
    ),
    "sdk-examples/cn_24_multilingual.xml": N(
        "55aae64f-88a8-44a5-b2fb-8228e97fe6ee",
        "01",
        None,
        "16",
        "cn-standard",
        date(2019, 11, 21),
        ("Amt für Veröffentlichungen der Europäischen Union", "LUX", "LU000"),
        None,
        None,
        {"LOT-0000": L("72230000", criteria=PQ)},
    ),
    "sdk-examples/cn_24_open.xml": N(
        "c4c415ee-ac08-4465-8fa6-57568cf69462",
        "01",
        None,
        "16",
        "cn-standard",
        date(2020, 2, 28),
        ("Renfrewshire Council", "GBR", None),
        None,
        None,
        {"LOT-0000": L("71630000", criteria=PQ)},
    ),
    "sdk-examples/eforms-de-kosit/eforms_CAN_29-DE_valid.xml": N(
        "da7ec2b4-ff04-4838-8e28-489a3b5c573c",
        "01",
        None,
        "29",
        "can-standard",
        date(2023, 12, 12),
        ("foo", "LUX", "LU000"),
        None,  # a buyer in Luxembourg: no state, although the work is done in DE128 (BW)
        None,
        {"LOT-0001": L("72000000", strategic=("none",), criteria=("price",))},
        performance_states=("BW",),
    ),
    "sdk-examples/eforms-de-kosit/eforms_CN_16_max-DE_valid.xml": N(
        "da4d46e9-490b-41ff-a2ae-8166d356a619",
        "01",
        None,
        "16",
        "cn-standard",
        date(2019, 5, 10),
        ("Rouen Habitat", "FRA", "FRD22"),
        None,
        None,
        {
            "LOT-0001": L("77310000", strategic=("none",), criteria=PQ),
            "LOT-0002": L(
                "77310000", strategic=("env-imp",), green=("biodiv-eco",), criteria=PQ, flags="g"
            ),
        },
    ),
    "sdk-examples/eforms-de-kosit/eforms_PIN_7-DE.xml": N(
        "af25aa4e-6ced-438b-bf19-4458c2cd2c10",
        "01",
        None,
        "7",
        "pin-rtl",
        date(2023, 12, 15),
        ("ZenithNova Innovations", "GRC", "EL303"),
        None,
        None,
        {
            "LOT-0001": L(
                "80110000",
                strategic=("none",),
                green=("circ-econ",),
                social=("acc-all", "et-eq", "opp"),
                innovative=("rd-act",),
                flags="gsi",
            )
        },
    ),
    "sdk-examples/legacy-sdk-0.1/can_24_minimal_sdk-0.1.1.xml": N(
        "123465",
        "1",
        None,
        None,
        "can-standard",
        date(2020, 1, 23),
        ("Rouen Habitat", "FRA", None),
        None,
        None,
        # The lot's CPV is commented out in the XML and the procedure has none.
        {"LOT-0001": L("", criteria=("price",))},
    ),
    "sdk-examples/legacy-sdk-0.1/cn_24_maximal_sdk-0.1.1.xml": N(
        "22222222",
        "3",
        None,
        None,
        "cn-standard",
        date(2023, 5, 23),
        ("Buyer Name", "GBR", "UKI6"),
        None,
        None,
        {
            "LOT-0001": L(
                "79710000",
                ("env-imp",),
                ("emas-com",),
                ("acc-all",),
                ("buy-eff",),
                criteria=("cost",),
                flags="gsi",
            )
        },
    ),
    "sdk-examples/pin-cfc_24.xml": N(
        "fc972075-4e70-4491-b97a-7e3cb3665826",
        "01",
        None,
        "10",
        "pin-cfc-standard",
        date(2023, 5, 26),
        ("ZenithNova Innovations Ltd.", "DEU", "DEG0V"),
        "TH",
        "buyer-nuts",
        {"LOT-0001": L("18000000")},
    ),
    "sdk-examples/pin-cfc_25.xml": N(
        "c48d000f-2598-47b3-856e-de93bf654518",
        "01",
        None,
        "11",
        "pin-cfc-standard",
        date(2020, 4, 8),
        ("Flughafen Stuttgart GmbH", "DEU", "DE113"),
        "BW",
        "buyer-nuts",
        {lot_id: L("50712000", criteria=("price",)) for lot_id in ("LOT-0001", "LOT-0002")},
        performance_states=("BW",),
    ),
    "sdk-examples/pin-only_24.xml": N(  # one part (PAR-0000), which is not stored
        "f252f386-55ac-4fa8-9be4-9f950b9904c8",
        "01",
        None,
        "4",
        "pin-only",
        date(2020, 5, 5),
        ("PartyName1234", "DEU", "DE401"),
        "BB",
        "buyer-nuts",
        {},
        performance_states=("BW",),
    ),
    "sdk-examples/pin-rtl_24.xml": N(
        "af25aa4e-6ced-438b-bf19-4458c2cd2c10",
        "01",
        None,
        "7",
        "pin-rtl",
        date(2023, 5, 26),
        ("ZenithNova Innovations", "GRC", "EL303"),
        None,
        None,
        {
            "LOT-0001": L(
                "80110000",
                green=("circ-econ",),
                social=("acc-all", "et-eq", "opp"),
                innovative=("rd-act",),
                flags="gsi",
            )
        },
    ),
    "sdk-examples/veat_23.xml": N(
        "9938e0b2-bba7-4123-b96b-a654440660bf",
        "01",
        None,
        "28",
        "veat",
        date(2023, 1, 10),
        ("Stadt Neckargemünd", "DEU", "DE128"),
        "BW",
        "buyer-nuts",
        {"LOT-0000": L("65110000")},
        performance_states=("BW",),
    ),
}

# Two pairs of sample files share notice id and version (the eForms-DE test notices were made
# from SDK examples), so importing the whole folder stores 30 notices, not 32.
SAME_NOTICE = {
    "sdk-examples/cn_24_FRA_comments.xml": (
        "sdk-examples/eforms-de-kosit/eforms_CN_16_max-DE_valid.xml"
    ),
    "sdk-examples/pin-rtl_24.xml": "sdk-examples/eforms-de-kosit/eforms_PIN_7-DE.xml",
}


def sample(name: str) -> bytes:
    return (DATA / name).read_bytes()


def sample_paths() -> list[Path]:
    return sorted(DATA.rglob("*.xml"))


_VERSION_RE = re.compile(rb"(<cbc:VersionID>)[^<]*(</cbc:VersionID>)")
_NOTICE_ID_RE = re.compile(rb'(<cbc:ID schemeName="notice-id">)[^<]*(</cbc:ID>)')


def with_version(data: bytes, version: str) -> bytes:
    """The notice with another BT-757 (the root's cbc:VersionID, the first one in the file)."""
    new, count = _VERSION_RE.subn(rb"\g<1>" + version.encode() + rb"\g<2>", data, count=1)
    assert count == 1
    return new


def with_notice_id(data: bytes, notice_id: str) -> bytes:
    new, count = _NOTICE_ID_RE.subn(rb"\g<1>" + notice_id.encode() + rb"\g<2>", data, count=1)
    assert count == 1
    return new


def replace_once(data: bytes, old: bytes, new: bytes) -> bytes:
    assert data.count(old) >= 1, old
    return data.replace(old, new, 1)


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def tar_gz_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def manage(monkeypatch, *argv: str) -> int:
    """Run ``manage.py *argv`` in-process as from a shell; return the exit status.

    ``run_from_argv`` closes the database connections at the end, which would end the test's
    transaction on PostgreSQL, so that is switched off here.
    """
    from django.core.management import base, execute_from_command_line

    monkeypatch.setattr(base.connections, "close_all", lambda: None)
    try:
        execute_from_command_line(["manage.py", *argv])
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1
    return 0
