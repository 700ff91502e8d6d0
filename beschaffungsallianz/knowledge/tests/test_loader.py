"""Reference data loader and the reference CSVs themselves."""

import csv
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from beschaffungsallianz.knowledge.loaders import DEFAULT_DIR, load_reference_data
from beschaffungsallianz.knowledge.models import Label, PracticeExample, ProductGroup, StateLaw

DATA = Path(__file__).parent / "data"


def test_every_cpv_code_of_the_product_groups_exists_in_cpv_2008():
    with (DATA / "cpv-2008_labels_de_en.csv").open(encoding="utf-8") as fh:
        known = {row["code"] for row in csv.DictReader(fh)}
    assert len(known) > 9000
    with (DEFAULT_DIR / "product-groups.csv").open(encoding="utf-8") as fh:
        codes = [
            (row["slug"], code)
            for row in csv.DictReader(fh)
            for code in row["cpv_prefixes"].split()
        ]
    assert codes
    unknown = [(slug, code) for slug, code in codes if code not in known]
    assert unknown == []


@pytest.mark.django_db
def test_loads_reference_data_live_with_revisions():
    report = load_reference_data()
    assert [len(r.created) for r in report.models.values()] == [10, 16, 16, 64]
    assert ProductGroup.objects.count() == 10
    assert ProductGroup.objects.get(slug="textilien").latest_revision is not None
    fairtrade = Label.objects.get(slug="fairtrade")
    assert fairtrade.live and fairtrade.live_revision is not None
    assert set(fairtrade.product_groups.values_list("slug", flat=True)) == {
        "kaffee-tee-kakao",
        "blumen",
        "textilien",
        "sportartikel",
    }
    assert fairtrade.covers_social and fairtrade.covers_ecological
    assert len(Label.objects.get(slug="xertifix").source_list) == 2
    th = StateLaw.objects.get(state="TH")
    assert th.live and th.law == "ThürVgG" and th.as_of.isoformat() == "2026-11-29"
    # the ThürVgG was renumbered in 2023: tariff compliance is § 6
    assert "§ 6 Tariftreue" in th.sections
    assert th.rule("tariff")["sections"][0].startswith("§ 6 Tariftreue")
    # no official text found: it stays "unbekannt", never guessed
    assert th.primary_source == "unbekannt" and th.primary_source_url == ""
    assert StateLaw.objects.get(state="ST").tariff_compliance == "ja"  # the reported error
    assert StateLaw.objects.get(state="NW").primary_source_url.startswith("https://recht.nrw.de/")
    assert StateLaw.objects.get(state="BY").law == ""
    assert fairtrade.owner == "unbekannt" and fairtrade.verification == "unbekannt"
    assert PracticeExample.objects.filter(live=True, is_demo=False).count() == 64
    assert PracticeExample.objects.filter(state="TH").count() == 16


@pytest.mark.django_db
def test_practice_examples_keep_their_source_and_leave_unknowns_empty():
    load_reference_data()
    jena = PracticeExample.objects.get(slug="jena-faire-fussbaelle-2014")
    assert jena.state == "TH" and jena.year == 2014
    assert jena.source_date == "2014-04-28" and jena.source_url.startswith("https://")
    assert list(jena.product_groups.values_list("slug", flat=True)) == ["sportartikel"]
    assert list(jena.labels.values_list("slug", flat=True)) == ["fairtrade"]
    assert jena.stage_list == ["direct-purchase"]
    # a council decision is no open procedure: what the source does not say stays unknown
    assert jena.procedure_type == "unknown" and jena.volume_class == "unknown"
    herzogenaurach = PracticeExample.objects.get(slug="herzogenaurach-faire-dienstkleidung")
    assert herzogenaurach.year is None and herzogenaurach.stages == ""
    assert herzogenaurach.buyer_kind == "municipality"
    erfurt = PracticeExample.objects.get(slug="erfurt-recyclingpapier-beschluss-1991")
    assert erfurt.size_class == "large"  # "213.000 Einwohner"
    # "Fairer Handel" is no label of labels.csv: kept as reported, not linked to Fairtrade
    wuerzburg = PracticeExample.objects.get(slug="wuerzburg-stadtreiniger-arbeitskleidung")
    assert wuerzburg.labels_text == "Fairer Handel" and not wuerzburg.labels.exists()


@pytest.mark.django_db
def test_second_run_changes_nothing():
    load_reference_data()
    revisions = {label.pk: label.latest_revision_id for label in Label.objects.all()}
    report = load_reference_data()
    assert not report.changed
    assert [len(r.unchanged) for r in report.models.values()] == [10, 16, 16, 64]
    assert {label.pk: label.latest_revision_id for label in Label.objects.all()} == revisions


@pytest.mark.django_db
def test_changed_csv_is_reported_field_by_field(tmp_path):
    load_reference_data()
    directory = tmp_path / "ref"
    shutil.copytree(DEFAULT_DIR, directory)
    path = directory / "labels.csv"
    text = path.read_text(encoding="utf-8").replace("Mindestpreis und Prämie", "Neue Notiz")
    text = text.replace("fsc,FSC,ökologisch,papier moebel", "fsc,FSC,ökologisch,papier")
    path.write_text(text, encoding="utf-8")
    report = load_reference_data(directory)
    labels = report.models["labels"]
    assert labels.updated["fairtrade"] == {"notes": ("Mindestpreis und Prämie", "Neue Notiz")}
    assert labels.updated["fsc"] == {"product_groups": (["moebel", "papier"], ["papier"])}
    assert Label.objects.get(slug="fairtrade").notes == "Neue Notiz"
    assert list(Label.objects.get(slug="fsc").product_groups.values_list("slug", flat=True)) == [
        "papier"
    ]


@pytest.mark.django_db
def test_dry_run_changes_nothing():
    report = load_reference_data(dry_run=True)
    assert len(report.models["labels"].created) == 16
    assert Label.objects.count() == 0


@pytest.mark.django_db
def test_bad_csv_is_rejected_with_its_row(tmp_path):
    directory = tmp_path / "ref"
    shutil.copytree(DEFAULT_DIR, directory)
    path = directory / "state-laws.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            ",ja,verpflichtend,verpflichtend", ",vielleicht,verpflichtend,verpflichtend"
        ),
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="state-laws.csv row 3"):
        call_command("load_reference_data", dir=str(directory))
    assert StateLaw.objects.count() == 0  # all or nothing


@pytest.mark.django_db
def test_command_reports_per_model(capsys):
    call_command("load_reference_data")
    call_command("load_reference_data", verbosity=2)
    out = capsys.readouterr().out
    assert "labels: 16 created, 0 updated, 0 kept (edited in the admin), 0 unchanged" in out
    assert "labels: 0 created, 0 updated, 0 kept (edited in the admin), 16 unchanged" in out
    assert "up to date" in out


def _edit_in_admin(obj, **values):
    for name, value in values.items():
        setattr(obj, name, value)
    obj.save()
    obj.save_revision().publish()


@pytest.mark.django_db
def test_editors_edits_are_kept_and_reported_until_overwrite(tmp_path, capsys):
    load_reference_data()
    _edit_in_admin(StateLaw.objects.get(state="TH"), primary_source="https://example.org/thvgg")
    _edit_in_admin(PracticeExample.objects.get(slug="jena-faire-fussbaelle-2014"), year=2015)
    report = load_reference_data()
    assert not report.changed
    assert report.models["state laws"].kept == {
        "TH": {"primary_source": ("https://example.org/thvgg", "unbekannt")}
    }
    assert set(report.models["practice examples"].kept) == {"jena-faire-fussbaelle-2014"}
    assert StateLaw.objects.get(state="TH").primary_source == "https://example.org/thvgg"

    call_command("load_reference_data")
    assert "TH: edited in the admin, kept (primary_source)" in capsys.readouterr().out

    report = load_reference_data(overwrite=True)
    assert set(report.models["state laws"].updated) == {"TH"}
    assert StateLaw.objects.get(state="TH").primary_source == "unbekannt"
    assert PracticeExample.objects.get(slug="jena-faire-fussbaelle-2014").year == 2014
    assert not load_reference_data().changed


@pytest.mark.django_db
def test_an_edit_equal_to_a_changed_csv_is_no_conflict(tmp_path):
    load_reference_data()
    directory = tmp_path / "ref"
    shutil.copytree(DEFAULT_DIR, directory)
    path = directory / "labels.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Mindestpreis und Prämie", "Neue Notiz"),
        encoding="utf-8",
    )
    _edit_in_admin(Label.objects.get(slug="fairtrade"), notes="Neue Notiz")
    report = load_reference_data(directory)
    assert "fairtrade" in report.models["labels"].unchanged
    assert not load_reference_data(directory).changed
