"""Reference data loader and the reference CSVs themselves."""

import csv
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from beschaffungsallianz.knowledge.loaders import DEFAULT_DIR, load_reference_data
from beschaffungsallianz.knowledge.models import Label, ProductGroup, StateLaw

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
    assert [len(r.created) for r in report.models.values()] == [10, 16, 16]
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
    assert th.live and th.law == "ThürVgG" and th.as_of.isoformat() == "2026-11-26"
    st = StateLaw.objects.get(state="ST")
    # unknown stays visibly unknown, never guessed
    assert st.tariff_compliance == "unbekannt"
    assert StateLaw.objects.get(state="BY").law == ""


@pytest.mark.django_db
def test_second_run_changes_nothing():
    load_reference_data()
    revisions = {label.pk: label.latest_revision_id for label in Label.objects.all()}
    report = load_reference_data()
    assert not report.changed
    assert [len(r.unchanged) for r in report.models.values()] == [10, 16, 16]
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
    with pytest.raises(CommandError, match="state-laws.csv row 16"):
        call_command("load_reference_data", dir=str(directory))
    assert StateLaw.objects.count() == 0  # all or nothing


@pytest.mark.django_db
def test_command_reports_per_model(capsys):
    call_command("load_reference_data")
    call_command("load_reference_data", verbosity=2)
    out = capsys.readouterr().out
    assert "labels: 16 created, 0 updated, 0 unchanged" in out
    assert "labels: 0 created, 0 updated, 16 unchanged" in out
    assert "up to date" in out
