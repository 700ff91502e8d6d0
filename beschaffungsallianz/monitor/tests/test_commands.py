"""import_notices and export_notices as an operator runs them: output, files, exit status."""

import io
import json
import os

import pytest
from django.core.management import call_command

from beschaffungsallianz.monitor.models import ImportRun, Notice

from .import_samples import DATA, KKH, MERO, manage, sample, zip_bytes

pytestmark = pytest.mark.django_db


def test_import_notices_prints_a_summary_and_exits_0(capsys, monkeypatch):
    status = manage(monkeypatch, "import_notices", str(DATA / "real-notices" / "de"))

    out, err = capsys.readouterr()
    assert status == 0
    assert out.strip().splitlines()[-1] == (
        "Import finished: read 4, new 4, updated 0, skipped 0, failed 0"
    )
    assert "ERROR" not in err
    assert Notice.objects.count() == 4
    assert set(Notice.objects.values_list("source", flat=True)) == {"file"}


def test_import_notices_names_each_failure_and_exits_1(tmp_path, capsys, monkeypatch):
    package = tmp_path / "export.zip"
    package.write_bytes(zip_bytes({"ok.xml": sample(MERO), "bad/broken.xml": b"<no"}))
    broken = tmp_path / "alone.xml"
    broken.write_bytes(b"\x00\x01 not xml")

    status = manage(monkeypatch, "import_notices", "--no-progress", str(package), str(broken))

    out, err = capsys.readouterr()
    assert status == 1
    assert "Import finished: read 3, new 1, updated 0, skipped 0, failed 2" in out
    assert f"ERROR {package}:bad/broken.xml: XML syntax error" in err
    assert f"ERROR {broken}: XML syntax error" in err
    assert "2 notice(s) failed" in err
    assert Notice.objects.count() == 1
    run = ImportRun.objects.get()
    assert (run.read, run.new, run.failed) == (3, 1, 2)
    assert run.sources == f"{package} {broken}"


def test_import_notices_reports_a_file_name_that_is_not_utf8_escaped(tmp_path, capsys, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / os.fsdecode(b"\xff.xml")).write_bytes(sample(MERO))
    (folder / "ok.xml").write_bytes(sample(KKH))

    status = manage(monkeypatch, "import_notices", "--no-progress", str(folder))

    out, err = capsys.readouterr()
    assert status == 1
    assert f"ERROR {folder}/\\xff.xml: file name is not valid UTF-8" in err
    assert "Import finished: read 2, new 1, updated 0, skipped 0, failed 1" in out
    run = ImportRun.objects.get()
    assert (run.read, run.new, run.failed) == (2, 1, 1)
    assert run.finished_at is not None


def test_import_notices_missing_path_is_a_failure(tmp_path, capsys, monkeypatch):
    status = manage(monkeypatch, "import_notices", str(tmp_path / "nowhere"))

    assert status == 1
    assert f"ERROR {tmp_path / 'nowhere'}: no such file or directory" in capsys.readouterr().err


def test_import_notices_twice_skips_everything_the_second_time(capsys):
    call_command("import_notices", str(DATA / MERO), str(DATA / KKH), "--source", "ted")
    call_command("import_notices", str(DATA / MERO), str(DATA / KKH), "--source", "ted")

    out = capsys.readouterr().out
    assert "Import finished: read 2, new 0, updated 0, skipped 2, failed 0" in out
    assert Notice.objects.filter(source="ted").count() == 2
    assert ImportRun.objects.count() == 2


def test_export_notices_jsonl_to_a_file(tmp_path, capsys):
    call_command("import_notices", str(DATA / MERO), str(DATA / KKH))
    target = tmp_path / "notices.jsonl"

    call_command("export_notices", "--format", "jsonl", "--output", str(target))

    lines = target.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["notice_id"] for line in lines] == sorted(
        ["c8f4c008-676c-4003-90d9-80788a8b6e83", "94aaac85-3aa2-48ea-9677-d60cff72202f"]
    )
    assert f"2 notices written to {target}" in capsys.readouterr().err


def test_export_notices_csv_to_stdout():
    call_command("import_notices", str(DATA / "real-notices/eu/739962-2023.xml"))
    out = io.StringIO()

    call_command("export_notices", "--format", "csv", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0].startswith("notice_id,version,publication_number,issue_date")
    assert len(lines) == 1 + 8
