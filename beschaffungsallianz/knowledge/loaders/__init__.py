"""Reference data loader: product groups, labels, state laws and practice examples from the CSV
files in ``knowledge/data/reference/`` (copied from shared/data/reference; its README and
state-laws-notes.md name the sources).

A pure parse step (``parse.py``: CSV -> dicts) and an upsert keyed on the natural id (slug,
state code), in one transaction, safe to re-run. Each object remembers a hash of the values it
was loaded with (``reference_hash``). On the next run:

- values equal to the CSV: unchanged, nothing written;
- values still those loaded last, CSV changed: updated (a revision; labels, state laws and
  examples are published);
- values differ from those loaded last: an editor changed them in the admin, so they are
  **kept** and reported, unless ``overwrite=True`` (``--overwrite``).

The report says per model what was created, updated, kept and left unchanged, with the field
differences.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from beschaffungsallianz.knowledge.loaders.parse import (
    DEFAULT_DIR,
    ReferenceDataError,
    parse_examples,
    parse_labels,
    parse_product_groups,
    parse_state_laws,
)
from beschaffungsallianz.knowledge.models.practice import PracticeExample
from beschaffungsallianz.knowledge.models.reference import Label, ProductGroup, StateLaw

__all__ = ["DEFAULT_DIR", "LoadReport", "ModelReport", "ReferenceDataError", "load_reference_data"]

# The many-to-many fields the loader sets, and the model their slugs name.
RELATED = {"product_groups": ProductGroup, "labels": Label}


@dataclass
class ModelReport:
    created: list[str] = field(default_factory=list)
    updated: dict[str, dict[str, tuple]] = field(default_factory=dict)  # key -> field -> (old, new)
    kept: dict[str, dict[str, tuple]] = field(default_factory=dict)  # edited in the admin
    unchanged: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{len(self.created)} created, {len(self.updated)} updated, "
            f"{len(self.kept)} kept (edited in the admin), {len(self.unchanged)} unchanged"
        )


@dataclass
class LoadReport:
    models: dict[str, ModelReport] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return any(r.created or r.updated for r in self.models.values())


def _fingerprint(values: dict) -> str:
    encoded = json.dumps(values, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(encoded.encode()).hexdigest()


def _current(obj, wanted: dict) -> dict:
    """The object's stored values of the fields in ``wanted`` (related objects as slugs)."""
    return {
        name: sorted(getattr(obj, name).values_list("slug", flat=True))
        if name in RELATED
        else getattr(obj, name)
        for name in wanted
    }


def _upsert(model, key: str, wanted: dict, report: ModelReport, *, dry_run, overwrite) -> None:
    """Create or update one object; save a revision (and publish) only when it is written."""
    lookup = wanted[key]
    obj = model.objects.filter(**{key: lookup}).first()
    new_hash = _fingerprint(wanted)
    if obj is None:
        report.created.append(str(lookup))
        obj = model()
    else:
        current = _current(obj, wanted)
        diffs = {f: (current[f], v) for f, v in wanted.items() if current[f] != v}
        edited = bool(obj.reference_hash) and _fingerprint(current) != obj.reference_hash
        if not diffs:
            report.unchanged.append(str(lookup))
            if obj.reference_hash != new_hash and not dry_run:  # loaded before hashes existed
                model.objects.filter(pk=obj.pk).update(reference_hash=new_hash)
            return
        if edited and not overwrite:
            report.kept[str(lookup)] = diffs
            return
        report.updated[str(lookup)] = diffs
    if dry_run:
        return
    for name, value in wanted.items():
        if name in RELATED:
            value = list(RELATED[name].objects.filter(slug__in=value))
        setattr(obj, name, value)
    obj.reference_hash = new_hash
    obj.save()
    if hasattr(obj, "save_revision"):
        revision = obj.save_revision(log_action=True)
        if hasattr(obj, "live"):
            revision.publish()


@transaction.atomic
def load_reference_data(
    directory: Path | str | None = None, *, dry_run: bool = False, overwrite: bool = False
) -> LoadReport:
    directory = Path(directory) if directory else DEFAULT_DIR
    groups = parse_product_groups(directory / "product-groups.csv")
    labels = parse_labels(directory / "labels.csv")
    laws = parse_state_laws(directory / "state-laws.csv")
    examples = parse_examples(
        directory / "practice-examples.csv", {row["name"].lower(): row["slug"] for row in labels}
    )

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
    for name, model, key, rows in (
        ("product groups", ProductGroup, "slug", groups),
        ("labels", Label, "slug", labels),
        ("state laws", StateLaw, "state", laws),
        ("practice examples", PracticeExample, "slug", examples),
    ):
        report.models[name] = model_report = ModelReport()
        for data in rows:
            _upsert(model, key, data, model_report, dry_run=dry_run, overwrite=overwrite)
    if dry_run:
        transaction.set_rollback(True)
    return report
