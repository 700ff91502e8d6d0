"""Parse one eForms notice (UBL XML) into frozen dataclasses: the pure step of the notice import.

No Django, no database (the NUTS -> federal state table is ``core.states``, plain Python):
:func:`parse_notice` takes the bytes of one XML document and returns a
:class:`Notice` or raises :class:`EFormsError`.

Gotchas handled here (details and sources in ``shared/data/eforms/README.md``):

* **The buyer is found via OPT-300.** ``/*/cac:ContractingParty/cac:Party/cac:PartyIdentification
  /cbc:ID`` points to the organisation with that OPT-200 id in ``efac:Organizations``. The pool
  also holds review bodies, eSenders, tenderers and winners, so the first organisation (or the
  first NUTS code) in the file is *not* the buyer. SDK 0.x notices (German below-threshold ones
  still use ``eforms-sdk-0.1``) keep name and address in ``cac:ContractingParty/cac:Party``
  itself; that layout is read too. A notice without any buyer is rejected.
* **Strategic procurement codes** (BT-06, BT-774, BT-775, BT-776, BT-805, BT-754) all live in
  ``cac:ProcurementAdditionalType/cbc:ProcurementTypeCode`` of a lot, told apart by
  ``@listName`` only. The XPath predicates moved between SDK versions, the element structure did
  not, so every such code is read once and sorted by list name. BT-775 was called
  ``social-procurement`` before SDK 1.3. Codes are kept exactly as published (``none`` and codes
  from old or national lists included), de-duplicated and sorted.
* **Lots, parts and groups.** ``cac:ProcurementProjectLot`` with ``cbc:ID/@schemeName='Lot'`` is a
  lot. Parts (``schemeName='Part'``, PAR-..., PIN-only notices) are kept as :class:`Lot` with
  ``kind="part"``: they carry CPV codes and places of performance but never BT-06, so statistics
  on strategic procurement should count ``kind == "lot"`` only. Groups of lots (GLO-...) are
  skipped. Without a ``schemeName`` the id prefix (LOT-/PAR-/GLO-) decides.
* **Federal state** of the *buyer*: from the buyer's NUTS code (BT-507, first three characters,
  ``DEG`` = Thuringia); a German buyer (BT-514 ``DEU``) without a usable NUTS code gets the state
  of the places of performance (BT-5071) of the lots, else of the procedure, when those point to
  exactly one state. A buyer in another country gets no state, wherever the work is done.
  :attr:`Notice.state_rule` records which rule was used. The states of the places of
  performance are kept apart in :attr:`Notice.performance_states`.
* **Dates** carry a zone suffix (``2024-01-10+01:00``, ``2023-10-12Z``); the date part is kept.
  Issue date and time (BT-05) together give :attr:`Notice.issued_at`, the moment of publication
  in UTC, which orders versions that cannot be ordered by their number (BT-757).
* **Results** (BT-142 / BT-720) are linked by technical ids: ``efac:LotResult`` -> tender ids
  (``TEN-``) -> ``efac:LotTender`` with the value (BT-720) and tendering party. One contract
  (``efac:SettledContract``) may cover tenders of several lots, and real notices point results
  to contracts that list no tender, so a lot's winning tenders are *its own* tenders that any
  contract names; when no contract names one of them, all its tenders count; with status
  ``clos-nw``/``open-nw`` none do. SDK 0.x keeps one ``cac:TenderResult`` per notice; it is
  attached only to single-lot notices.
* **Safety and speed.** The parser resolves no entities, loads no DTD, never touches the network
  and refuses huge trees (XXE and "billion laughs" safe). The tree is parsed once; all paths are
  precompiled :class:`lxml.etree.XPath` objects evaluated relative to small subtrees, and the
  root's children are walked once instead of searching the whole document repeatedly. The
  parser drops whitespace-only text nodes (a smaller tree; every value read is stripped or
  skipped when blank anyway). Walking every element's children instead of calling XPaths was
  measured and is no faster. Figures: ``docs/performance.md``, "Monitor: import".
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import IO

from lxml import etree

from beschaffungsallianz.core.states import state_for_nuts

__all__ = [
    "NS",
    "AwardCriterion",
    "EFormsError",
    "Lot",
    "LotResult",
    "Notice",
    "Organisation",
    "normalize_sdk_version",
    "parse_notice",
]

NS = {
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "ext": "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2",
    "efext": "http://data.europa.eu/p27/eforms-ubl-extensions/1",
    "efac": "http://data.europa.eu/p27/eforms-ubl-extension-aggregate-components/1",
    "efbc": "http://data.europa.eu/p27/eforms-ubl-extension-basic-components/1",
}

ROOT_ELEMENTS = {
    f"{{urn:oasis:names:specification:ubl:schema:xsd:{name}-2}}{name}": name
    for name in ("ContractNotice", "ContractAwardNotice", "PriorInformationNotice")
}

# eForms-DE profile -> eForms SDK version it is built on (Bekanntmachungsservice OpenAPI text).
_DE_PROFILE_SDK = {
    (1, 0): (1, 5),
    (1, 1): (1, 7),
    (1, 2): (1, 10),
    (2, 0): (1, 12),
    (2, 1): (1, 13),
}
_CUSTOMIZATION_RE = re.compile(r"eforms-(sdk|de)-(\d+)\.(\d+)(?:\.\d+)*")

# List names of cac:ProcurementAdditionalType/cbc:ProcurementTypeCode -> Lot field.
_ADDITIONAL_TYPE_FIELDS = {
    "strategic-procurement": "strategic",
    "environmental-impact": "green",
    "social-objective": "social",
    "social-procurement": "social",  # SDK 0.x-1.2 name of BT-775
    "innovative-acquisition": "innovative",
    "gpp-criteria": "gpp",
    "accessibility": "accessibility",
}
_NUMBER_WEIGHT_CODES = frozenset(
    {"per-exa", "per-mid", "poi-exa", "poi-mid", "dec-exa", "dec-mid", "ord-imp"}
)
_NO_WINNER_STATUSES = frozenset({"clos-nw", "open-nw"})


class EFormsError(ValueError):
    """The document is not a readable eForms notice; the message says why."""


# --------------------------------------------------------------------------- data classes


@dataclass(frozen=True, slots=True)
class Organisation:
    """An organisation as published (BT-500 name, BT-514 country, BT-507 NUTS ...)."""

    name: str | None
    country: str | None  # ISO 3166-1 alpha-3, e.g. "DEU"
    nuts: str | None  # BT-507, NUTS 3 (or coarser), e.g. "DEG03"
    postcode: str | None  # BT-512
    city: str | None  # BT-513
    company_id: str | None  # BT-501
    org_id: str | None = None  # OPT-200 technical id (ORG-0001); None in SDK 0.x


@dataclass(frozen=True, slots=True)
class AwardCriterion:
    type: str | None  # BT-539: price, cost, quality
    name: str | None  # BT-734
    description: str | None  # BT-540
    weight: Decimal | None  # BT-541 (weight number only, not fixed/threshold numbers)
    weight_kind: str | None  # BT-5421: per-exa, poi-exa, ord-imp, ...


@dataclass(frozen=True, slots=True)
class LotResult:
    status: str | None  # BT-142: selec-w, clos-nw, open-nw
    awarded_value: Decimal | None  # sum of BT-720 of the winning tenders
    currency: str | None  # None when no value or mixed currencies (then awarded_value is None)
    winner_count: int  # distinct tendering parties of the winning tenders


@dataclass(frozen=True, slots=True)
class Lot:
    lot_id: str  # BT-137: LOT-0001, or PAR-0001 for parts
    kind: str  # "lot" or "part"
    title: str | None  # BT-21
    description: str | None  # BT-24
    main_cpv: str | None  # BT-262
    additional_cpv: tuple[str, ...]  # BT-263
    contract_nature: str | None  # BT-23
    estimated_value: Decimal | None  # BT-27
    currency: str | None
    place_of_performance_nuts: tuple[str, ...]  # BT-5071
    strategic: tuple[str, ...]  # BT-06
    green: tuple[str, ...]  # BT-774
    social: tuple[str, ...]  # BT-775
    innovative: tuple[str, ...]  # BT-776
    gpp: tuple[str, ...]  # BT-805
    accessibility: tuple[str, ...]  # BT-754
    reserved: tuple[str, ...]  # BT-71
    award_criteria: tuple[AwardCriterion, ...]
    clean_vehicles: bool | None  # BT-717
    cvd_contract_type: str | None  # BT-735 (lot, else lot result)
    result: LotResult | None  # None when the notice has no result for this lot


@dataclass(frozen=True, slots=True)
class Notice:
    document_type: str  # ContractNotice, ContractAwardNotice, PriorInformationNotice
    notice_id: str  # BT-701
    version: str | None  # BT-757, as published ("01")
    publication_number: str | None  # OPP-010, TED only ("00622691-2023")
    publication_date: date | None  # OPP-012, TED only
    sdk_version: str | None  # OPT-002 cbc:CustomizationID as published
    sdk: tuple[int, int] | None  # eForms SDK (major, minor); eForms-DE profiles mapped
    procedure_id: str | None  # BT-04
    subtype: str | None  # OPP-070 (missing in SDK 0.x notices)
    notice_type: str | None  # BT-02
    form_type: str | None  # BT-03
    issue_date: date  # BT-05(a)
    issued_at: datetime | None  # BT-05(a) + BT-05(b), aware (UTC); None without a valid time
    procedure_type: str | None  # BT-105
    legal_basis: str | None  # BT-01
    title: str | None  # BT-21-Procedure
    description: str | None  # BT-24-Procedure
    main_cpv: str | None  # BT-262-Procedure
    buyer: Organisation
    buyer_legal_type: str | None  # BT-11
    buyer_activity: str | None  # BT-10 (authorities) or BT-610 (entities)
    state: str | None  # the buyer's state: "TH", "BY", ...
    state_rule: str | None  # "buyer-nuts", "place-of-performance" or None
    performance_states: tuple[str, ...]  # states of the places of performance, sorted
    lots: tuple[Lot, ...]
    result_value: Decimal | None  # BT-161
    result_currency: str | None

    def texts(self) -> Iterator[str]:
        """Titles, descriptions and award criterion names, e.g. for keyword detection."""
        for text in (self.title, self.description):
            if text:
                yield text
        for lot in self.lots:
            for text in (lot.title, lot.description):
                if text:
                    yield text
            for criterion in lot.award_criteria:
                for text in (criterion.name, criterion.description):
                    if text:
                        yield text


# --------------------------------------------------------------------------- XPath helpers


def _xp(path: str) -> etree.XPath:
    return etree.XPath(path, namespaces=NS, smart_strings=False)


def _q(prefix: str, name: str) -> str:
    return f"{{{NS[prefix]}}}{name}"


_EXT = "ext:UBLExtensions/ext:UBLExtension/ext:ExtensionContent/efext:EformsExtension"
_CPV = "cbc:ItemClassificationCode[not(@listName) or @listName='cpv']/text()"

# Relative to the root element.
X_EXTENSION = _xp(_EXT)
# Relative to the notice's efext:EformsExtension.
X_SUBTYPE = _xp("efac:NoticeSubType/cbc:SubTypeCode/text()")
X_COMPANIES = _xp("efac:Organizations/efac:Organization/efac:Company")
X_PUBLICATION_ID = _xp(
    "efac:Publication/efbc:NoticePublicationID"
    "[not(@schemeName) or @schemeName='ojs-notice-id']/text()"
)
X_PUBLICATION_DATE = _xp("efac:Publication/efbc:PublicationDate/text()")
X_NOTICE_RESULT = _xp("efac:NoticeResult")
# Relative to cac:ContractingParty.
X_PARTY = _xp("cac:Party")
X_LEGAL_TYPE = _xp(
    "cac:ContractingPartyType/cbc:PartyTypeCode"
    "[not(@listName) or @listName='buyer-legal-type']/text()"
)
X_ACTIVITY = _xp(
    "cac:ContractingActivity/cbc:ActivityTypeCode[not(@listName) or "
    "@listName='authority-activity' or @listName='entity-activity']/text()"
)
# Relative to a cac:Party or efac:Company.
X_PARTY_ID = _xp("cac:PartyIdentification/cbc:ID/text()")
X_PARTY_NAME = _xp("cac:PartyName/cbc:Name")
X_ADDRESS = _xp("cac:PostalAddress")
X_COMPANY_ID = _xp("cac:PartyLegalEntity/cbc:CompanyID/text()")
# Relative to cac:PostalAddress.
X_CITY = _xp("cbc:CityName/text()")
X_POSTCODE = _xp("cbc:PostalZone/text()")
X_SUBENTITY = _xp("cbc:CountrySubentityCode/text()")
X_COUNTRY = _xp("cac:Country/cbc:IdentificationCode/text()")
# Relative to cac:TenderingProcess.
X_PROCEDURE_CODE = _xp("cbc:ProcedureCode/text()")
# Relative to cac:ProcurementProject (procedure or lot).
X_NAME = _xp("cbc:Name")
X_DESCRIPTION = _xp("cbc:Description")
X_NATURE = _xp("cbc:ProcurementTypeCode/text()")
X_ADDITIONAL_TYPE_CODES = _xp("cac:ProcurementAdditionalType/cbc:ProcurementTypeCode")
X_ESTIMATED_VALUE = _xp("cac:RequestedTenderTotal/cbc:EstimatedOverallContractAmount")
X_MAIN_CPV = _xp(f"cac:MainCommodityClassification/{_CPV}")
X_ADDITIONAL_CPV = _xp(f"cac:AdditionalCommodityClassification/{_CPV}")
X_PLACE_NUTS = _xp("cac:RealizedLocation/cac:Address/cbc:CountrySubentityCode/text()")
# Relative to cac:ProcurementProjectLot.
X_LOT_PROJECT = _xp("cac:ProcurementProject")
X_LOT_TERMS = _xp("cac:TenderingTerms")
# Relative to the lot's cac:TenderingTerms.
X_CRITERIA = _xp("cac:AwardingTerms/cac:AwardingCriterion/cac:SubordinateAwardingCriterion")
X_RESERVED = _xp(
    "cac:TendererQualificationRequest/cac:SpecificTendererRequirement/"
    "cbc:TendererRequirementTypeCode[@listName='reserved-procurement']/text()"
)
X_STRATEGIC_PROCUREMENT = _xp(f"{_EXT}/efac:StrategicProcurement")
# Relative to efac:StrategicProcurement (lot or lot result).
X_LEGAL_BASIS = _xp("efbc:ApplicableLegalBasis")
X_CVD_TYPE = _xp(
    "efac:StrategicProcurementInformation/efbc:ProcurementCategoryCode"
    "[not(@listName) or @listName='cvd-contract-type']/text()"
)
# Relative to cac:SubordinateAwardingCriterion. SDK 0.x: AwardCriterionStatistics.
X_CRITERION_TYPE = _xp("cbc:AwardingCriterionTypeCode/text()")
X_CRITERION_PARAMETERS = _xp(
    f"{_EXT}/efac:AwardCriterionParameter | {_EXT}/efac:AwardCriterionStatistics"
)
X_PARAMETER_CODE = _xp("efbc:ParameterCode | efbc:StatisticsCode")
X_PARAMETER_NUMBER = _xp("efbc:ParameterNumeric/text() | efbc:StatisticalNumeric/text()")
# Relative to efac:NoticeResult children.
X_ID = _xp("cbc:ID/text()")
X_STATUS = _xp("cbc:TenderResultCode/text()")
X_TENDER_REFS = _xp("efac:LotTender/cbc:ID/text()")
X_CONTRACT_REFS = _xp("efac:SettledContract/cbc:ID/text()")
X_TENDER_LOT = _xp("efac:TenderLot/cbc:ID/text()")
X_PAYABLE = _xp("cac:LegalMonetaryTotal/cbc:PayableAmount")
X_TENDERING_PARTY = _xp("efac:TenderingParty/cbc:ID/text()")
X_RESULT_STRATEGIC = _xp("efac:StrategicProcurement")
# SDK 0.x results: /*/cac:TenderResult.
X_LEGACY_WINNERS = _xp("cac:WinningParty")
X_LEGACY_PAYABLE = _xp("cac:AwardedTenderedProject/cac:LegalMonetaryTotal/cbc:PayableAmount")

# Root children, compared by Clark name while walking the root once.
T_ID = _q("cbc", "ID")
T_CUSTOMIZATION = _q("cbc", "CustomizationID")
T_FOLDER = _q("cbc", "ContractFolderID")
T_ISSUE_DATE = _q("cbc", "IssueDate")
T_ISSUE_TIME = _q("cbc", "IssueTime")
T_VERSION = _q("cbc", "VersionID")
T_LEGAL_BASIS = _q("cbc", "RegulatoryDomain")
T_NOTICE_TYPE = _q("cbc", "NoticeTypeCode")
T_CONTRACTING_PARTY = _q("cac", "ContractingParty")
T_TENDERING_PROCESS = _q("cac", "TenderingProcess")
T_PROJECT = _q("cac", "ProcurementProject")
T_LOT = _q("cac", "ProcurementProjectLot")
T_TENDER_RESULT = _q("cac", "TenderResult")
# efac:NoticeResult children.
T_TOTAL = _q("cbc", "TotalAmount")
T_LOT_RESULT = _q("efac", "LotResult")
T_LOT_TENDER = _q("efac", "LotTender")
T_CONTRACT = _q("efac", "SettledContract")

_local = threading.local()


def _parser() -> etree.XMLParser:
    # lxml parsers must not be shared between threads.
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = _local.parser = etree.XMLParser(
            resolve_entities=False,
            no_network=True,
            huge_tree=False,
            load_dtd=False,
            remove_comments=True,
            remove_pis=True,
            remove_blank_text=True,
        )
    return parser


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    text = text.strip()
    return text or None


def _first(values: list[str]) -> str | None:
    for value in values:
        value = value.strip()
        if value:
            return value
    return None


def _squash(text: str | None) -> str | None:
    """Collapse whitespace in one-line texts (names, titles) that pretty-printers wrapped."""
    if text is None:
        return None
    return " ".join(text.split()) or None


def _paragraphs(text: str | None) -> str | None:
    """Strip every line of a multi-line text (descriptions re-indented by pretty-printers)."""
    if text is None:
        return None
    lines = text.splitlines()
    if len(lines) == 1:  # one line (titles, most criteria): nothing to join
        return lines[0].strip() or None
    return "\n".join([line.strip() for line in lines]) or None


def _text_in_language(elements: list[etree._Element]) -> str | None:
    """German text (``languageID='DEU'``) if present, else the first non-empty one."""
    fallback = None
    for element in elements:
        text = _clean(element.text)
        if text is None:
            continue
        if element.get("languageID") == "DEU":
            return text
        if fallback is None:
            fallback = text
    return fallback


def _codes(values: list[str]) -> tuple[str, ...]:
    if not values:  # most code lists of most lots
        return ()
    return tuple(sorted({value.strip() for value in values if value.strip()}))


def _decimal(text: str | None) -> Decimal | None:
    text = _clean(text)
    if text is None:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _amount(elements: list[etree._Element]) -> tuple[Decimal | None, str | None]:
    for element in elements:
        value = _decimal(element.text)
        if value is not None:
            return value, _clean(element.get("currencyID"))
    return None, None


def _bool(text: str | None) -> bool | None:
    text = _clean(text)
    if text == "true":
        return True
    if text == "false":
        return False
    return None


def _date(text: str | None, field: str) -> date | None:
    """Date part of an xs:date with optional zone (``2024-01-10+01:00``, ``2023-10-12Z``)."""
    text = _clean(text)
    if text is None:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise EFormsError(f"invalid date in {field}: {text!r}") from None


def _moment(date_text: str | None, time_text: str | None) -> datetime | None:
    """BT-05 date and time as an aware datetime in UTC; the time's zone, else the date's, else
    UTC. None when the time is missing or invalid: it only orders versions."""
    date_text, time_text = _clean(date_text), _clean(time_text)
    if not date_text or not time_text:
        return None
    try:
        day = date.fromisoformat(date_text[:10])
        moment = time.fromisoformat(time_text)
        if moment.tzinfo is None and len(date_text) > 10:
            zone = time.fromisoformat("00:00" + date_text[10:]).tzinfo
            moment = moment.replace(tzinfo=zone)
    except ValueError:
        return None
    return datetime.combine(day, moment.replace(tzinfo=moment.tzinfo or UTC)).astimezone(UTC)


def normalize_sdk_version(customization_id: str | None) -> tuple[int, int] | None:
    """``eforms-sdk-1.10`` -> (1, 10); ``eforms-de-2.1`` -> (1, 13); unknown -> None."""
    if not customization_id:
        return None
    match = _CUSTOMIZATION_RE.fullmatch(customization_id.strip())
    if match is None:
        return None
    version = (int(match[2]), int(match[3]))
    if match[1] == "de":
        return _DE_PROFILE_SDK.get(version)
    return version


# --------------------------------------------------------------------------- parsing


def parse_notice(data: bytes | IO[bytes]) -> Notice:
    """Parse one eForms notice; raise :class:`EFormsError` if it is not a usable notice."""
    if isinstance(data, str):
        raise TypeError("parse_notice() needs bytes or a binary file, not str")
    if not isinstance(data, bytes | bytearray | memoryview):
        data = data.read()
    try:
        root = etree.fromstring(bytes(data), _parser())
    except etree.XMLSyntaxError as exc:
        raise EFormsError(f"XML syntax error at line {exc.lineno}: {exc.msg}") from None

    document_type = ROOT_ELEMENTS.get(root.tag)
    if document_type is None:
        raise EFormsError(f"not an eForms notice: root element is {root.tag}")

    notice_id = None
    any_id = None
    customization = folder = issue_date = issue_time = version = legal_basis = None
    notice_type = form_type = None
    contracting_party = tendering_process = project = tender_result = None
    lot_elements = []
    for child in root:
        tag = child.tag
        if tag == T_LOT:
            lot_elements.append(child)
        elif tag == T_ID:
            if child.get("schemeName") == "notice-id":
                notice_id = _clean(child.text)
            elif any_id is None:
                any_id = _clean(child.text)
        elif tag == T_CUSTOMIZATION:
            customization = _clean(child.text)
        elif tag == T_FOLDER:
            folder = _clean(child.text)
        elif tag == T_ISSUE_DATE:
            issue_date = child.text
        elif tag == T_ISSUE_TIME:
            issue_time = child.text
        elif tag == T_VERSION:
            version = _clean(child.text)
        elif tag == T_LEGAL_BASIS:
            legal_basis = _clean(child.text)
        elif tag == T_NOTICE_TYPE:
            notice_type = _clean(child.text)
            form_type = _clean(child.get("listName"))
        elif tag == T_CONTRACTING_PARTY:
            if contracting_party is None:  # joint procurement: the first buyer is "the" buyer
                contracting_party = child
        elif tag == T_TENDERING_PROCESS:
            tendering_process = child
        elif tag == T_PROJECT:
            project = child
        elif tag == T_TENDER_RESULT and tender_result is None:
            tender_result = child

    notice_id = notice_id or any_id  # SDK 0.x: cbc:ID without schemeName
    if notice_id is None:
        raise EFormsError("missing notice id (BT-701)")
    parsed_issue_date = _date(issue_date, "issue date (BT-05)")
    if parsed_issue_date is None:
        raise EFormsError("missing issue date (BT-05)")

    extensions = X_EXTENSION(root)
    extension = extensions[0] if extensions else None

    buyer = _buyer(contracting_party, extension)
    lots = _lots(lot_elements)
    result_value, result_currency, results = _results(extension)
    if results:
        lots = _attach_results(lots, results)
    elif tender_result is not None and len(lots) == 1 and _is_legacy_result(tender_result):
        lots = (_with_result(lots[0], _legacy_result(tender_result), None),)

    if project is not None:
        title = _squash(_text_in_language(X_NAME(project)))
        description = _paragraphs(_text_in_language(X_DESCRIPTION(project)))
        main_cpv = _first(X_MAIN_CPV(project))
        procedure_places = X_PLACE_NUTS(project)
    else:
        title = description = main_cpv = None
        procedure_places = []
    performance_states = _performance_states(lots, procedure_places)
    state, state_rule = _state(buyer, performance_states)

    return Notice(
        document_type=document_type,
        notice_id=notice_id,
        version=version,
        publication_number=_first(X_PUBLICATION_ID(extension)) if extension is not None else None,
        publication_date=(
            _date(_first(X_PUBLICATION_DATE(extension)), "publication date (OPP-012)")
            if extension is not None
            else None
        ),
        sdk_version=customization,
        sdk=normalize_sdk_version(customization),
        procedure_id=folder,
        subtype=_first(X_SUBTYPE(extension)) if extension is not None else None,
        notice_type=notice_type,
        form_type=form_type,
        issue_date=parsed_issue_date,
        issued_at=_moment(issue_date, issue_time),
        procedure_type=(
            _first(X_PROCEDURE_CODE(tendering_process)) if tendering_process is not None else None
        ),
        legal_basis=legal_basis,
        title=title,
        description=description,
        main_cpv=main_cpv,
        buyer=buyer,
        buyer_legal_type=_first(X_LEGAL_TYPE(contracting_party)),
        buyer_activity=_first(X_ACTIVITY(contracting_party)),
        state=state,
        state_rule=state_rule,
        performance_states=performance_states,
        lots=lots,
        result_value=result_value,
        result_currency=result_currency,
    )


def _organisation(party: etree._Element, org_id: str | None) -> Organisation:
    addresses = X_ADDRESS(party)
    address = addresses[0] if addresses else None
    return Organisation(
        name=_squash(_text_in_language(X_PARTY_NAME(party))),
        country=_first(X_COUNTRY(address)) if address is not None else None,
        nuts=_first(X_SUBENTITY(address)) if address is not None else None,
        postcode=_first(X_POSTCODE(address)) if address is not None else None,
        city=_squash(_first(X_CITY(address))) if address is not None else None,
        company_id=_first(X_COMPANY_ID(party)),
        org_id=org_id,
    )


def _buyer(contracting_party, extension) -> Organisation:
    if contracting_party is None:
        raise EFormsError("no buyer: the notice has no cac:ContractingParty")
    parties = X_PARTY(contracting_party)
    if not parties:
        raise EFormsError("no buyer: cac:ContractingParty has no cac:Party")
    party = parties[0]
    reference = _first(X_PARTY_ID(party))  # OPT-300
    if reference is not None and extension is not None:
        for company in X_COMPANIES(extension):
            if _first(X_PARTY_ID(company)) == reference:  # OPT-200
                return _organisation(company, reference)
    if X_PARTY_NAME(party):
        # SDK 0.x: name and address directly in cac:ContractingParty/cac:Party.
        return _organisation(party, None)
    if reference is not None:
        raise EFormsError(
            f"no buyer: OPT-300 points to {reference} which is not in the organisations"
        )
    raise EFormsError("no buyer: cac:ContractingParty/cac:Party has neither OPT-300 nor a name")


def _lot_kind(id_element: etree._Element) -> str | None:
    scheme = id_element.get("schemeName")
    if scheme == "Lot":
        return "lot"
    if scheme == "Part":
        return "part"
    if scheme is None:
        prefix = (id_element.text or "").strip()[:4]
        return {"LOT-": "lot", "PAR-": "part"}.get(prefix)
    return None  # LotsGroup and unknown schemes


def _lots(elements: list[etree._Element]) -> tuple[Lot, ...]:
    lots = []
    for element in elements:
        id_element = element.find(T_ID)
        if id_element is None:
            continue
        kind = _lot_kind(id_element)
        lot_id = _clean(id_element.text)
        if kind is None or lot_id is None:
            continue
        lots.append(_lot(element, lot_id, kind))
    return tuple(lots)


def _lot(element: etree._Element, lot_id: str, kind: str) -> Lot:
    codes: dict[str, list[str]] = {
        "strategic": [],
        "green": [],
        "social": [],
        "innovative": [],
        "gpp": [],
        "accessibility": [],
    }
    title = description = main_cpv = nature = currency = None
    estimated_value = None
    additional_cpv: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    projects = X_LOT_PROJECT(element)
    if projects:
        project = projects[0]
        title = _squash(_text_in_language(X_NAME(project)))
        description = _paragraphs(_text_in_language(X_DESCRIPTION(project)))
        nature = _first(X_NATURE(project))
        main_cpv = _first(X_MAIN_CPV(project))
        additional_cpv = _codes(X_ADDITIONAL_CPV(project))
        places = _codes(X_PLACE_NUTS(project))
        estimated_value, currency = _amount(X_ESTIMATED_VALUE(project))
        for code in X_ADDITIONAL_TYPE_CODES(project):
            field = _ADDITIONAL_TYPE_FIELDS.get(code.get("listName"))
            if field is not None and code.text:
                codes[field].append(code.text)

    criteria: tuple[AwardCriterion, ...] = ()
    reserved: tuple[str, ...] = ()
    clean_vehicles = cvd_type = None
    terms_list = X_LOT_TERMS(element)
    if terms_list:
        terms = terms_list[0]
        criteria = tuple(_criterion(sac) for sac in X_CRITERIA(terms))
        reserved = _codes(X_RESERVED(terms))
        for strategic in X_STRATEGIC_PROCUREMENT(terms):
            for basis in X_LEGAL_BASIS(strategic):
                # The listName predicate only exists from SDK 1.13; before, CVD was the only one.
                if basis.get("listName") in (None, "cvd-scope"):
                    clean_vehicles = _bool(basis.text)
                    cvd_type = _first(X_CVD_TYPE(strategic)) or cvd_type

    return Lot(
        lot_id=lot_id,
        kind=kind,
        title=title,
        description=description,
        main_cpv=main_cpv,
        additional_cpv=additional_cpv,
        contract_nature=nature,
        estimated_value=estimated_value,
        currency=currency,
        place_of_performance_nuts=places,
        strategic=_codes(codes["strategic"]),
        green=_codes(codes["green"]),
        social=_codes(codes["social"]),
        innovative=_codes(codes["innovative"]),
        gpp=_codes(codes["gpp"]),
        accessibility=_codes(codes["accessibility"]),
        reserved=reserved,
        award_criteria=criteria,
        clean_vehicles=clean_vehicles,
        cvd_contract_type=cvd_type,
        result=None,
    )


def _criterion(sac: etree._Element) -> AwardCriterion:
    weight = weight_kind = None
    for parameter in X_CRITERION_PARAMETERS(sac):
        code_elements = X_PARAMETER_CODE(parameter)
        code_element = code_elements[0] if code_elements else None
        code = _clean(code_element.text) if code_element is not None else None
        list_name = code_element.get("listName") if code_element is not None else None
        # number-fixed and number-threshold parameters are not weights.
        if list_name == "number-weight" or (list_name is None and code in _NUMBER_WEIGHT_CODES):
            weight = _decimal(_first(X_PARAMETER_NUMBER(parameter)))
            weight_kind = code
            break
    return AwardCriterion(
        type=_first(X_CRITERION_TYPE(sac)),
        name=_squash(_text_in_language(X_NAME(sac))),
        description=_paragraphs(_text_in_language(X_DESCRIPTION(sac))),
        weight=weight,
        weight_kind=weight_kind,
    )


@dataclass(slots=True)
class _RawResult:
    """efac:LotResult entries of one lot, combined."""

    statuses: list[str]
    winning_tenders: list[str]
    cvd_type: str | None


def _results(
    extension,
) -> tuple[Decimal | None, str | None, dict[str, tuple[LotResult, str | None]]]:
    """Notice value (BT-161) and per-lot results, keyed by lot id."""
    if extension is None:
        return None, None, {}
    notice_results = X_NOTICE_RESULT(extension)
    if not notice_results:
        return None, None, {}
    total_value = total_currency = None
    lot_results = []
    tenders: dict[str, tuple[Decimal | None, str | None, str | None]] = {}
    contracts: dict[str, list[str]] = {}
    for child in notice_results[0]:
        tag = child.tag
        if tag == T_LOT_RESULT:
            lot_results.append(child)
        elif tag == T_LOT_TENDER:
            tender_id = _first(X_ID(child))
            if tender_id is not None:
                value, currency = _amount(X_PAYABLE(child))
                tenders[tender_id] = (value, currency, _first(X_TENDERING_PARTY(child)))
        elif tag == T_CONTRACT:
            contracts[_first(X_ID(child)) or ""] = X_TENDER_REFS(child)
        elif tag == T_TOTAL and total_value is None:
            total_value = _decimal(child.text)
            total_currency = _clean(child.get("currencyID")) if total_value is not None else None

    # A contract may cover the tenders of several lots (and a result may point to a contract
    # that lists no tender), so a lot's winners are its own tenders that some contract names.
    contracted = {ref.strip() for refs in contracts.values() for ref in refs}
    results: dict[str, _RawResult] = {}
    for lot_result in lot_results:
        lot_id = _first(X_TENDER_LOT(lot_result))
        if lot_id is None:
            continue
        status = _first(X_STATUS(lot_result))
        winning: list[str] = []
        if status not in _NO_WINNER_STATUSES:
            tender_refs = [ref.strip() for ref in X_TENDER_REFS(lot_result)]
            winning = [ref for ref in tender_refs if ref in contracted] or tender_refs
        cvd_type = None
        for strategic in X_RESULT_STRATEGIC(lot_result):
            cvd_type = cvd_type or _first(X_CVD_TYPE(strategic))
        raw = results.setdefault(lot_id, _RawResult([], [], None))
        if status is not None:
            raw.statuses.append(status)
        raw.winning_tenders.extend(t for t in winning if t not in raw.winning_tenders)
        raw.cvd_type = raw.cvd_type or cvd_type

    resolved = {}
    for lot_id, raw in results.items():
        resolved[lot_id] = (_resolve_result(raw, tenders), raw.cvd_type)
    return total_value, total_currency, resolved


def _resolve_result(raw: _RawResult, tenders) -> LotResult:
    values: list[Decimal] = []
    currencies = set()
    parties = set()
    for tender_id in raw.winning_tenders:
        value, currency, party = tenders.get(tender_id, (None, None, None))
        parties.add(party or tender_id)
        if value is not None:
            values.append(value)
            currencies.add(currency)
    awarded = currency = None
    if values and len(currencies) == 1:
        awarded = sum(values, Decimal(0))
        currency = currencies.pop()
    if "selec-w" in raw.statuses:
        status = "selec-w"
    else:
        status = raw.statuses[0] if raw.statuses else None
    return LotResult(
        status=status, awarded_value=awarded, currency=currency, winner_count=len(parties)
    )


def _is_legacy_result(tender_result: etree._Element) -> bool:
    # SDK 1.x keeps only the award date (BT-1451) there.
    return bool(X_STATUS(tender_result) or X_LEGACY_WINNERS(tender_result))


def _legacy_result(tender_result: etree._Element) -> LotResult:
    """SDK 0.x: one cac:TenderResult at notice level (only used for single-lot notices)."""
    status = _first(X_STATUS(tender_result))
    value, currency = _amount(X_LEGACY_PAYABLE(tender_result))
    winners = 0 if status in _NO_WINNER_STATUSES else len(X_LEGACY_WINNERS(tender_result))
    return LotResult(status=status, awarded_value=value, currency=currency, winner_count=winners)


def _with_result(lot: Lot, result: LotResult, cvd_type: str | None) -> Lot:
    return replace(lot, result=result, cvd_contract_type=lot.cvd_contract_type or cvd_type)


def _attach_results(lots: tuple[Lot, ...], results) -> tuple[Lot, ...]:
    attached = []
    for lot in lots:
        entry = results.get(lot.lot_id)
        attached.append(_with_result(lot, *entry) if entry is not None else lot)
    return tuple(attached)


def _performance_states(lots: tuple[Lot, ...], procedure_places: list[str]) -> tuple[str, ...]:
    """German states of the places of performance of the lots (and parts), else of the
    procedure."""
    places = [nuts for lot in lots for nuts in lot.place_of_performance_nuts]
    if not places:
        places = procedure_places
    return tuple(sorted({state_for_nuts(nuts) for nuts in places} - {None}))


def _state(
    buyer: Organisation, performance_states: tuple[str, ...]
) -> tuple[str | None, str | None]:
    """The buyer's federal state and the rule that gave it (see the module docstring)."""
    country = (buyer.country or "").upper()
    if country and country != "DEU":
        return None, None
    state = state_for_nuts(buyer.nuts)
    if state is not None:
        return state, "buyer-nuts"
    if country == "DEU" and len(performance_states) == 1:
        return performance_states[0], "place-of-performance"
    return None, None
