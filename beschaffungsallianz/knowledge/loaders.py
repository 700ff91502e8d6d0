"""Reference data loader: product groups, labels and state laws from the CSV files in
``knowledge/data/reference/`` (copied from shared/data/reference; see its README for sources).

A pure parse step (``parse_*``: CSV -> list of dicts) and an upsert keyed on the natural id
(slug, state), safe to re-run. Each changed object gets a revision; labels and state laws are
published (live). The report says per model what was created, updated and left unchanged, with
the field differences.

Re-running resets edited fields to the CSV's values: use ``--dry-run`` to see the differences.
"""

from __future__ import annotations

import csv
import datetime
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from beschaffungsallianz.core.states import BY_CODE
from beschaffungsallianz.knowledge.models import Focus, Label, ProductGroup, StateLaw

DEFAULT_DIR = Path(__file__).resolve().parent / "data" / "reference"


class ReferenceDataError(ValueError):
    pass


@dataclass
class ModelReport:
    created: list[str] = field(default_factory=list)
    updated: dict[str, dict[str, tuple]] = field(default_factory=dict)  # key -> field -> (old, new)
    unchanged: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{len(self.created)} created, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged"
        )


@dataclass
class LoadReport:
    models: dict[str, ModelReport] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return any(r.created or r.updated for r in self.models.values())


def _read(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        raise ReferenceDataError(f"{path} not found")
    with path.open(encoding="utf-8", newline="") as fh:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh)]


def _choice(value: str, choices, where: str) -> str:
    if value not in {c.value for c in choices}:
        raise ReferenceDataError(f"{where}: unknown value {value!r}")
    return value


def parse_product_groups(path: Path) -> list[dict]:
    rows = []
    for i, row in enumerate(_read(path), start=1):
        codes = row["cpv_prefixes"].split()
        if not row["slug"] or not codes:
            raise ReferenceDataError(f"{path.name} row {i}: slug and cpv_prefixes are required")
        for code in codes:
            if not (len(code) == 8 and code.isdigit()):
                raise ReferenceDataError(f"{path.name} row {i}: bad CPV code {code!r}")
        rows.append(
            {
                "slug": row["slug"],
                "name": row["name_de"],
                "name_en": row["name_en"],
                "cpv_prefixes": " ".join(codes),
                "focus": _choice(row["focus"], Focus, f"{path.name} row {i}")
                if row["focus"]
                else "",
                "notes": row["notes"],
                "sort_order": i * 10,
            }
        )
    return rows


def parse_labels(path: Path) -> list[dict]:
    rows = []
    for i, row in enumerate(_read(path), start=1):
        rows.append(
            {
                "slug": row["slug"],
                "name": row["name"],
                "covers": _choice(row["covers"], Focus, f"{path.name} row {i}"),
                "notes": row["notes"],
                "sources": "\n".join(row["sources"].split()),
                "product_groups": sorted(row["product_groups"].split()),
            }
        )
    return rows


def parse_state_laws(path: Path) -> list[dict]:
    rows = []
    for i, row in enumerate(_read(path), start=1):
        where = f"{path.name} row {i}"
        state = BY_CODE.get(row["state"])
        if state is None or state.nuts1 != row["nuts1"]:
            raise ReferenceDataError(f"{where}: unknown state/NUTS-1 {row['state']}/{row['nuts1']}")
        try:
            as_of = datetime.date.fromisoformat(row["as_of"]) if row["as_of"] else None
        except ValueError as exc:
            raise ReferenceDataError(f"{where}: bad date {row['as_of']!r}") from exc
        rows.append(
            {
                "state": row["state"],
                "nuts1": row["nuts1"],
                "name": row["name_de"],
                "law": row["law"],
                "tariff_compliance": _choice(row["tariff_compliance"], StateLaw.YesNo, where),
                "ilo_core_labour_standards": _choice(
                    row["ilo_core_labour_standards"], StateLaw.Obligation, where
                ),
                "ecological_criteria": _choice(
                    row["ecological_criteria"], StateLaw.Obligation, where
                ),
                "notes": row["notes"],
                "sources": "\n".join(row["sources"].split()),
                "as_of": as_of,
            }
        )
    return rows


def _upsert(
    model,
    key: str,
    data: dict,
    report: ModelReport,
    *,
    dry_run: bool,
    publish: bool,
    m2m: dict[str, list] | None = None,
) -> None:
    """Create or update one object; save a revision (and publish) only when it changed."""
    lookup = data[key]
    obj = model.objects.filter(**{key: lookup}).first()
    created = obj is None
    if created:
        obj = model(**data)
        diffs = {}
    else:
        diffs = {f: (getattr(obj, f), v) for f, v in data.items() if getattr(obj, f) != v}
        for f, (_old, new) in diffs.items():
            setattr(obj, f, new)
    for name, wanted in (m2m or {}).items():
        current = sorted(obj.product_groups.values_list("slug", flat=True)) if not created else []
        if current != wanted:
            diffs[name] = (current, wanted)
    if publish and not created and not obj.live:
        diffs["live"] = (False, True)

    if created:
        report.created.append(str(lookup))
    elif diffs:
        report.updated[str(lookup)] = diffs
    else:
        report.unchanged.append(str(lookup))
        return
    if dry_run:
        return
    obj.save()
    for name, wanted in (m2m or {}).items():
        getattr(obj, name).set(ProductGroup.objects.filter(slug__in=wanted))
        obj.save()  # commit the parental M2M
    revision = obj.save_revision(log_action=True)
    if publish:
        revision.publish()


@transaction.atomic
def load_reference_data(
    directory: Path | str | None = None, *, dry_run: bool = False
) -> LoadReport:
    directory = Path(directory) if directory else DEFAULT_DIR
    groups = parse_product_groups(directory / "product-groups.csv")
    labels = parse_labels(directory / "labels.csv")
    laws = parse_state_laws(directory / "state-laws.csv")

    known_groups = {g["slug"] for g in groups} | set(
        ProductGroup.objects.values_list("slug", flat=True)
    )
    for label in labels:
        missing = set(label["product_groups"]) - known_groups
        if missing:
            raise ReferenceDataError(
                f"labels.csv {label['slug']}: unknown product groups {', '.join(sorted(missing))}"
            )

    report = LoadReport()
    report.models["product groups"] = r = ModelReport()
    for data in groups:
        _upsert(ProductGroup, "slug", data, r, dry_run=dry_run, publish=False)
    report.models["labels"] = r = ModelReport()
    for data in labels:
        wanted = data.pop("product_groups")
        _upsert(
            Label, "slug", data, r, dry_run=dry_run, publish=True, m2m={"product_groups": wanted}
        )
    report.models["state laws"] = r = ModelReport()
    for data in laws:
        _upsert(StateLaw, "state", data, r, dry_run=dry_run, publish=True)
    if dry_run:
        transaction.set_rollback(True)
    return report
