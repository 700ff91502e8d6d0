"""The importer against a real database: every sample notice stored field by field, failures
isolated per notice, versions, duplicates, packages, the import run record."""

import os
import re
from datetime import date

import pytest
from django.db import connection

from beschaffungsallianz.monitor import importer as importer_module
from beschaffungsallianz.monitor.importer import (
    NoticeImporter,
    Version,
    import_sources,
)
from beschaffungsallianz.monitor.models import ImportRun, Lot, MonitorRollup, Notice
from beschaffungsallianz.monitor.sources import Source, iter_sources

from .import_samples import (
    BUNDESBANK,
    CN_MAX,
    DATA,
    KKH,
    MERO,
    SAME_NOTICE,
    STORED,
    replace_once,
    sample,
    sample_paths,
    tar_gz_bytes,
    with_notice_id,
    with_version,
    zip_bytes,
)

pytestmark = pytest.mark.django_db


def import_paths(*paths, **kwargs):
    return import_sources(iter_sources([str(p) for p in paths]), **kwargs)


def import_bytes(tmp_path, files: dict[str, bytes], **kwargs):
    """Write ``files`` below tmp_path and import them in the given order."""
    paths = []
    for name, data in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        paths.append(path)
    return import_paths(*paths, **kwargs)


def snapshot():
    """Every notice and lot row as plain values, to prove that nothing changed."""
    notices = list(Notice.objects.order_by("pk").values())
    lots = list(Lot.objects.order_by("pk").values())
    return notices, lots


# --------------------------------------------------------------------------- every sample


def test_every_sample_file_has_hand_read_values():
    on_disk = {str(p.relative_to(DATA)) for p in sample_paths()}
    assert on_disk == set(STORED)


@pytest.mark.parametrize("name", sorted(STORED))
def test_sample_notice_is_stored_field_by_field(name):
    expected = STORED[name]

    summary = import_paths(DATA / name, source=Notice.Source.TED)

    assert (summary.read, summary.new, summary.failed) == (1, 1, 0), summary.errors
    notice = Notice.objects.get()
    assert notice.notice_id == expected.notice_id
    assert notice.version == expected.version
    assert notice.publication_number == expected.publication_number
    assert notice.subtype == (expected.subtype or "")
    assert notice.notice_type == expected.notice_type
    assert notice.issue_date == expected.issue_date
    assert (notice.buyer_name, notice.buyer_country, notice.buyer_nuts) == expected.buyer
    assert notice.state == expected.state
    assert notice.state_rule == expected.state_rule
    assert notice.performance_states == list(expected.performance_states)
    assert notice.source == "ted"
    assert notice.source_name == str(DATA / name)

    lots = {lot.lot_id: lot for lot in notice.lots.all()}
    assert sorted(lots) == sorted(expected.lots)
    for lot_id, want in expected.lots.items():
        lot = lots[lot_id]
        assert lot.main_cpv == want.cpv, lot_id
        assert lot.cpv_division == want.cpv[:2]
        assert lot.strategic == list(want.strategic), lot_id
        assert lot.green == list(want.green), lot_id
        assert lot.social == list(want.social), lot_id
        assert lot.innovative == list(want.innovative), lot_id
        assert lot.gpp == list(want.gpp), lot_id
        assert lot.award_criterion_types == sorted(want.criteria), lot_id
        assert [c["type"] for c in lot.award_criteria] != [] or not want.criteria
        flags = (lot.uses_green, lot.uses_social, lot.uses_innovative)
        assert flags == ("g" in want.flags, "s" in want.flags, "i" in want.flags), lot_id
        assert lot.uses_any == bool(want.flags)
        # denormalised for the statistics
        assert (lot.state, lot.issue_date) == (expected.state, expected.issue_date)


def test_importing_the_whole_sample_folder_keeps_one_row_per_notice_id():
    summary = import_paths(DATA)

    # Two pairs of files carry the same notice id and version: the second of each is skipped.
    assert (summary.read, summary.new, summary.updated, summary.skipped, summary.failed) == (
        32,
        30,
        0,
        2,
        0,
    )
    assert Notice.objects.count() == 30
    expected_lots = sum(
        len(n.lots) for name, n in STORED.items() if name not in SAME_NOTICE.values()
    )
    assert Lot.objects.count() == expected_lots


def test_weights_and_criterion_names_are_kept_with_each_criterion():
    import_paths(DATA / "sdk-examples/can_24_FRA_comments.xml")

    lot = Lot.objects.get(lot_id="LOT-0001")
    assert [(c["type"], c["weight"]) for c in lot.award_criteria] == [
        ("price", "40"),
        ("quality", "60"),
    ]


# --------------------------------------------------------------------------- bad input


def test_broken_notices_are_reported_by_file_and_the_others_are_imported(tmp_path):
    missing_buyer = replace_once(
        sample(MERO), b"<cac:ContractingParty>", b"<cac:ContractingPartyX>"
    ).replace(b"</cac:ContractingParty>", b"</cac:ContractingPartyX>", 1)
    summary = import_bytes(
        tmp_path,
        {
            "a-good.xml": sample(BUNDESBANK),
            "b-truncated.xml": sample(KKH)[:5000],
            "c-wrong-root.xml": b'<?xml version="1.0"?><Invoice xmlns="urn:x"><ID>1</ID></Invoice>',
            "d-no-buyer.xml": missing_buyer,
            "e-good.xml": sample(CN_MAX),
        },
    )

    assert (summary.read, summary.new, summary.failed) == (5, 2, 3)
    errors = "\n".join(summary.errors)
    assert f"{tmp_path / 'b-truncated.xml'}: XML syntax error" in errors
    assert f"{tmp_path / 'c-wrong-root.xml'}: not an eForms notice: root element is" in errors
    assert f"{tmp_path / 'd-no-buyer.xml'}: no buyer" in errors
    assert set(Notice.objects.values_list("notice_id", flat=True)) == {
        STORED[BUNDESBANK].notice_id,
        STORED[CN_MAX].notice_id,
    }
    # nothing of the broken ones, not even lots
    assert Lot.objects.count() == 4


def test_broken_member_of_a_package_is_named_with_the_member(tmp_path):
    package = tmp_path / "export.zip"
    package.write_bytes(
        zip_bytes({"2024/ok.xml": sample(MERO), "2024/broken.xml": b"<ContractNotice"})
    )

    summary = import_paths(package)

    assert (summary.new, summary.failed) == (1, 1)
    assert summary.errors[0].startswith(f"{package}:2024/broken.xml: XML syntax error")


def test_unreadable_source_counts_as_failed_and_the_run_goes_on(tmp_path):
    summary = import_sources(
        [
            Source(str(tmp_path / "gone.zip"), error="no such file or directory"),
            Source("ok.xml", data=sample(MERO)),
        ]
    )

    assert (summary.read, summary.new, summary.failed) == (2, 1, 1)
    assert summary.errors == [f"{tmp_path / 'gone.zip'}: no such file or directory"]


def test_unknown_codes_are_stored_as_published(tmp_path):
    data = replace_once(
        sample(MERO),
        b'listName="environmental-impact">pollu-prev<',
        b'listName="environmental-impact">de-klimaneutral<',
    )
    data = replace_once(data, b">env-imp<", b">x-new<")

    summary = import_bytes(tmp_path, {"unknown.xml": data})

    assert summary.failed == 0
    lot = Lot.objects.get()
    assert lot.strategic == ["x-new"]
    assert lot.green == ["de-klimaneutral"]
    # any BT-774 code means green; an unknown BT-06 code means nothing by itself
    assert (lot.uses_green, lot.uses_social, lot.uses_innovative) == (True, True, False)


# File and member names that are not valid UTF-8 (Linux file systems and tar headers hold bytes;
# Python hands them on surrogate-escaped, and the database cannot store such a string).
NOT_UTF8 = os.fsdecode(b"bad-\xff.xml")


def test_file_whose_name_is_not_utf8_is_reported_escaped_and_the_others_are_imported(tmp_path):
    (tmp_path / "a-good.xml").write_bytes(sample(BUNDESBANK))
    (tmp_path / NOT_UTF8).write_bytes(sample(MERO))
    (tmp_path / "c-good.xml").write_bytes(sample(CN_MAX))

    summary = import_paths(tmp_path, label="folder")

    assert (summary.read, summary.new, summary.failed) == (3, 2, 1)
    assert summary.errors == [f"{tmp_path}/bad-\\xff.xml: file name is not valid UTF-8"]
    assert set(Notice.objects.values_list("notice_id", flat=True)) == {
        STORED[BUNDESBANK].notice_id,
        STORED[CN_MAX].notice_id,
    }
    run = ImportRun.objects.get()
    assert run.finished_at is not None
    assert (run.read, run.new, run.failed) == (3, 2, 1)
    assert run.errors == summary.errors[0]


def test_tar_member_whose_name_is_not_utf8_is_reported_escaped_and_the_others_are_imported(
    tmp_path,
):
    package = tmp_path / "daily.tar.gz"
    package.write_bytes(
        tar_gz_bytes(
            {
                "2024/a.xml": sample(BUNDESBANK),
                os.fsdecode(b"2024/\xfe\xfe.xml"): sample(MERO),
                "2024/c.xml": sample(KKH),
            }
        )
    )

    summary = import_paths(package)

    assert (summary.read, summary.new, summary.failed) == (3, 2, 1)
    assert summary.errors == [f"{package}:2024/\\xfe\\xfe.xml: file name is not valid UTF-8"]
    run = ImportRun.objects.get()
    assert run.finished_at is not None
    assert (run.read, run.new, run.failed) == (3, 2, 1)


def test_package_whose_own_path_is_not_utf8_is_recorded_escaped(tmp_path):
    package = tmp_path / os.fsdecode(b"export-\xe4.zip")
    package.write_bytes(zip_bytes({"a.xml": sample(MERO)}))

    summary = import_paths(package, label=str(package))

    assert summary.errors == [f"{tmp_path}/export-\\xe4.zip:a.xml: file name is not valid UTF-8"]
    run = ImportRun.objects.get()
    assert run.sources == f"{tmp_path}/export-\\xe4.zip"
    assert (run.read, run.failed) == (1, 1)
    assert run.finished_at is not None


def test_zip_claiming_utf8_member_names_that_are_not_is_reported_and_the_run_goes_on(tmp_path):
    broken = zip_bytes({"2024/\u00e4.xml": sample(MERO)}).replace(
        "\u00e4".encode(),
        b"\xff\xfe",  # same length; the zip's UTF-8 flag stays set
    )
    (tmp_path / "a-broken.zip").write_bytes(broken)
    (tmp_path / "b-good.xml").write_bytes(sample(KKH))

    summary = import_paths(tmp_path)

    assert (summary.read, summary.new, summary.failed) == (2, 1, 1)
    assert summary.errors == [
        f"{tmp_path / 'a-broken.zip'}: a member name is not valid UTF-8 although the archive "
        "declares UTF-8 names"
    ]


def test_import_run_is_finished_with_its_counts_when_the_import_is_interrupted():
    def sources():
        yield Source("a.xml", data=sample(MERO))
        yield Source("b.xml", data=b"broken")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_sources(sources(), batch_size=1)

    run = ImportRun.objects.get()
    assert run.finished_at is not None
    assert (run.read, run.new, run.failed) == (2, 1, 1)
    assert run.errors.splitlines()[-1] == "import interrupted: KeyboardInterrupt"


def test_foreign_buyer_with_work_in_bremen_is_counted_for_no_state(tmp_path):
    data = sample("real-notices/eu/215550-2024.xml")  # a hospital in Elbląg, Poland
    procedure = data.index(b"<cac:ProcurementProject>")
    data = data[:procedure] + data[procedure:].replace(b">PL621<", b">DE502<")  # Bremen

    import_bytes(tmp_path, {"pl.xml": data})

    notice = Notice.objects.get()
    assert (notice.buyer_country, notice.state, notice.state_rule) == ("POL", None, None)
    assert notice.performance_states == ["HB"]
    assert set(notice.lots.values_list("state", flat=True)) == {None}
    rollups = MonitorRollup.objects.filter(dimension="total")
    assert not rollups.filter(state__in=["HB", "DE"]).exists()
    assert rollups.get(state="").lots == notice.lots.count()


# --------------------------------------------------------------------------- duplicates, versions


def test_reimport_changes_nothing(tmp_path):
    import_paths(DATA / "real-notices")
    before = snapshot()

    summary = import_paths(DATA / "real-notices")

    assert (summary.read, summary.new, summary.updated, summary.skipped) == (12, 0, 0, 12)
    assert snapshot() == before


def test_same_file_twice_in_one_run_is_stored_once(tmp_path):
    summary = import_paths(DATA / MERO, DATA / MERO)

    assert (summary.read, summary.new, summary.skipped) == (2, 1, 1)
    assert Notice.objects.count() == 1
    assert Lot.objects.count() == 1


def newer_cn_max() -> bytes:
    """cn_24_maximal as version 04: every organisation (the buyer too) moved to Jena in
    Thuringia, lot 2 withdrawn."""
    data = with_version(sample(CN_MAX), "04")
    data = data.replace(b'listName="nuts">LU000<', b'listName="nuts">DEG03<')
    data = data.replace(b'listName="country">LUX<', b'listName="country">DEU<')
    lot_2 = data.rindex(b'<cbc:ID schemeName="Lot">LOT-0002</cbc:ID>')  # not the group's
    start = data.rindex(b"<cac:ProcurementProjectLot>", 0, lot_2)
    end = data.index(b"</cac:ProcurementProjectLot>", start) + len(b"</cac:ProcurementProjectLot>")
    return data[:start] + data[end:]


def test_newer_version_replaces_fields_and_lots(tmp_path, monkeypatch):
    import_paths(DATA / CN_MAX)
    old = Notice.objects.get()
    assert old.lots.count() == 2
    refreshed = []
    monkeypatch.setattr(importer_module, "refresh_rollups_for", refreshed.append)

    summary = import_bytes(tmp_path, {"v04.xml": newer_cn_max()})

    assert (summary.new, summary.updated, summary.skipped) == (0, 1, 0)
    notice = Notice.objects.get()
    assert notice.pk == old.pk
    assert notice.version == "04"
    assert (notice.buyer_nuts, notice.state, notice.state_rule) == ("DEG03", "TH", "buyer-nuts")
    assert notice.imported_at == old.imported_at
    assert notice.source_name == str(tmp_path / "v04.xml")
    assert list(notice.lots.values_list("lot_id", "state")) == [("LOT-0001", "TH")]
    assert refreshed == [{date(2023, 3, 1)}]


def test_older_version_never_overwrites_a_newer_one(tmp_path):
    import_bytes(tmp_path, {"v04.xml": newer_cn_max()})
    before = snapshot()

    summary = import_paths(DATA / CN_MAX)  # version 03

    assert (summary.new, summary.updated, summary.skipped) == (0, 0, 1)
    assert snapshot() == before


@pytest.mark.parametrize("batch_size", [1, 500])
def test_within_one_package_the_newest_version_wins_whatever_the_order(tmp_path, batch_size):
    package = tmp_path / "versions.zip"
    package.write_bytes(
        zip_bytes(
            {
                "a.xml": with_version(sample(MERO), "3"),
                "b.xml": with_version(sample(MERO), "10"),
                "c.xml": with_version(sample(MERO), "02"),
            }
        )
    )

    summary = import_paths(package, batch_size=batch_size)

    assert summary.failed == 0
    assert summary.new == 1
    assert summary.new + summary.updated + summary.skipped == 3
    notice = Notice.objects.get()
    assert notice.version == "10"
    assert notice.source_name == f"{package}:b.xml"


def test_versions_compare_numerically():
    day = date(2024, 8, 6)
    assert Version("3", day, None).supersedes(Version("02", day, None))
    assert Version("10", day, None).supersedes(Version("3", day, None))
    assert Version("01", day, None).supersedes(Version(None, day, None))
    assert not Version("01", day, None).supersedes(Version("1", day, None))
    # numbers decide even against the dates
    assert Version("10", day, None).supersedes(Version("2", date(2024, 9, 1), None))


def issued(data: bytes, day: str, time: str) -> bytes:
    """``data`` with another issue date and time (BT-05)."""
    data = re.sub(rb"<cbc:IssueDate>[^<]*<", f"<cbc:IssueDate>{day}<".encode(), data, count=1)
    return re.sub(rb"<cbc:IssueTime>[^<]*<", f"<cbc:IssueTime>{time}<".encode(), data, count=1)


def test_non_numeric_version_does_not_block_a_later_numeric_correction(tmp_path):
    import_bytes(tmp_path, {"zz.xml": with_version(sample(MERO), "zz")})  # 2024-08-06 11:31
    correction = issued(with_version(sample(MERO), "02"), "2024-08-07+02:00", "09:00:00+02:00")

    summary = import_bytes(tmp_path, {"v02.xml": correction})

    assert (summary.new, summary.updated, summary.skipped) == (0, 1, 0)
    assert Notice.objects.get().version == "02"


def test_unorderable_versions_of_the_same_day_are_ordered_by_the_issue_time(tmp_path):
    import_bytes(tmp_path, {"zz.xml": with_version(sample(MERO), "zz")})  # 11:31:02+02:00
    earlier = issued(with_version(sample(MERO), "03"), "2024-08-06+02:00", "09:31:02Z")
    later = issued(with_version(sample(MERO), "04"), "2024-08-06+02:00", "09:31:03Z")

    assert import_bytes(tmp_path, {"03.xml": earlier}).skipped == 1  # 11:31:02 in Berlin
    assert Notice.objects.get().version == "zz"
    assert import_bytes(tmp_path, {"04.xml": later}).updated == 1
    assert Notice.objects.get().version == "04"


def test_an_older_publication_never_replaces_an_unorderable_version(tmp_path):
    import_bytes(tmp_path, {"zz.xml": with_version(sample(MERO), "zz")})
    older = issued(with_version(sample(MERO), "05"), "2024-08-05+02:00", "18:00:00+02:00")
    before = snapshot()

    summary = import_bytes(tmp_path, {"05.xml": older})

    assert (summary.updated, summary.skipped) == (0, 1)
    assert snapshot() == before
    assert import_bytes(tmp_path, {"zz.xml": with_version(sample(MERO), "zz")}).skipped == 1


@pytest.mark.parametrize("batch_size", [1, 500])
@pytest.mark.parametrize("order", ["zz-first", "02-first"])
def test_within_one_package_the_later_publication_wins_over_an_unorderable_one(
    tmp_path, batch_size, order
):
    members = {
        "zz.xml": with_version(sample(MERO), "zz"),
        "02.xml": issued(with_version(sample(MERO), "02"), "2024-08-09+02:00", "08:00:00+02:00"),
    }
    if order == "02-first":
        members = dict(reversed(members.items()))
    package = tmp_path / "versions.zip"
    package.write_bytes(zip_bytes(members))

    summary = import_paths(package, batch_size=batch_size)

    assert (summary.new, summary.failed) == (1, 0)
    notice = Notice.objects.get()
    assert notice.version == "02"
    assert notice.issue_date == date(2024, 8, 9)


def test_issue_date_change_refreshes_both_months(tmp_path, monkeypatch):
    import_paths(DATA / MERO)  # issued 2024-08-06
    refreshed = []
    monkeypatch.setattr(importer_module, "refresh_rollups_for", refreshed.append)
    data = with_version(sample(MERO), "02")
    data = replace_once(data, b">2024-08-06+02:00<", b">2024-09-02+02:00<")

    import_bytes(tmp_path, {"v2.xml": data})

    assert refreshed == [{date(2024, 8, 1), date(2024, 9, 1)}]
    assert Lot.objects.get().issue_date == date(2024, 9, 2)


# --------------------------------------------------------------------------- database failures


def duplicate_lot(data: bytes) -> bytes:
    """A notice whose lot LOT-0001 appears twice: the database rejects the second lot row."""
    start = data.index(b"<cac:ProcurementProjectLot>")
    end = data.index(b"</cac:ProcurementProjectLot>", start) + len(b"</cac:ProcurementProjectLot>")
    return data[:end] + data[start:end] + data[end:]


@pytest.mark.parametrize("batch_size", [1, 3, 500])
def test_database_failure_of_one_notice_leaves_no_rows_and_keeps_the_others(tmp_path, batch_size):
    bad = duplicate_lot(sample(MERO))
    summary = import_bytes(
        tmp_path,
        {
            "1.xml": sample(BUNDESBANK),
            "2-bad.xml": bad,
            "3.xml": sample(CN_MAX),
            "4.xml": sample(KKH),
        },
        batch_size=batch_size,
    )

    assert (summary.read, summary.new, summary.failed) == (4, 3, 1)
    assert summary.errors[0].startswith(
        f"{tmp_path / '2-bad.xml'}: database rejected notice {STORED[MERO].notice_id}: "
    )
    assert not Notice.objects.filter(notice_id=STORED[MERO].notice_id).exists()
    assert Lot.objects.count() == 2 + 2 + 1


def test_failed_update_keeps_the_stored_version_intact(tmp_path):
    import_paths(DATA / MERO)
    before = snapshot()

    summary = import_bytes(tmp_path, {"v2.xml": duplicate_lot(with_version(sample(MERO), "02"))})

    assert (summary.updated, summary.failed) == (0, 1)
    assert snapshot() == before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite ignores max_length")
def test_value_too_long_for_the_column_fails_only_that_notice(tmp_path):
    too_long = sample(MERO).replace(b">DE21J<", b">DE21J-NOT-A-NUTS-CODE<")  # max_length 8
    summary = import_bytes(tmp_path, {"a.xml": too_long, "b.xml": sample(KKH)})

    assert (summary.new, summary.failed) == (1, 1)
    assert "value too long" in summary.errors[0]
    assert list(Notice.objects.values_list("notice_id", flat=True)) == [STORED[KKH].notice_id]


# --------------------------------------------------------------------------- packages


def test_zip_and_nested_tar_gz_packages_are_imported(tmp_path):
    inner_zip = zip_bytes({"inner/kkh.xml": sample(KKH), "readme.txt": b"not a notice"})
    tar_path = tmp_path / "20240102_2024001.tar.gz"
    tar_path.write_bytes(
        tar_gz_bytes(
            {
                "20240102_2024001/mero.xml": sample(MERO),
                "20240102_2024001/more.zip": inner_zip,
            }
        )
    )
    zip_path = tmp_path / "export.zip"
    zip_path.write_bytes(zip_bytes({"bb.xml": sample(BUNDESBANK)}))

    summary = import_paths(tar_path, zip_path, source=Notice.Source.NATIONAL)

    assert (summary.read, summary.new, summary.failed) == (3, 3, 0)
    assert set(Notice.objects.values_list("source_name", flat=True)) == {
        f"{tar_path}:20240102_2024001/mero.xml",
        f"{tar_path}:20240102_2024001/more.zip:inner/kkh.xml",
        f"{zip_path}:bb.xml",
    }
    assert set(Notice.objects.values_list("source", flat=True)) == {"bkms"}


def test_truncated_package_keeps_the_notices_read_before_the_damage(tmp_path):
    members = {
        f"n{i}.xml": with_notice_id(sample(MERO), f"00000000-0000-0000-0000-{i:012d}")
        for i in range(20)
    }
    data = tar_gz_bytes(members)
    package = tmp_path / "cut.tar.gz"
    package.write_bytes(data[: len(data) * 2 // 3])

    summary = import_paths(package)

    # the member being read when the stream ended, then the package itself
    assert summary.errors[-2].startswith(f"{package}:n{summary.new}.xml: EOFError")
    assert summary.errors[-1].startswith(f"{package}: EOFError")
    assert 0 < summary.new < 20
    assert Notice.objects.count() == summary.new
    assert summary.read == summary.new + summary.failed


# --------------------------------------------------------------------------- run record, roll-ups


def test_import_run_is_recorded_with_its_summary(tmp_path):
    summary = import_bytes(
        tmp_path, {"ok.xml": sample(MERO), "bad.xml": b"no xml"}, label="nightly test"
    )

    run = ImportRun.objects.get()
    assert run.sources == "nightly test"
    assert (run.read, run.new, run.updated, run.skipped, run.failed) == (2, 1, 0, 0, 1)
    assert run.errors == summary.errors[0]
    assert run.errors.startswith(str(tmp_path / "bad.xml"))
    assert run.finished_at is not None


def test_rollups_are_refreshed_once_for_all_months_touched(monkeypatch):
    calls = []
    monkeypatch.setattr(importer_module, "refresh_rollups_for", calls.append)

    import_paths(DATA / "real-notices" / "de", batch_size=1)

    assert calls == [{date(2024, 1, 1), date(2024, 8, 1), date(2023, 10, 1)}]


def test_rollups_of_committed_batches_are_refreshed_when_the_import_is_interrupted(
    monkeypatch,
):
    calls = []
    monkeypatch.setattr(importer_module, "refresh_rollups_for", calls.append)

    def sources():
        yield Source("a.xml", data=sample(MERO))
        yield Source("b.xml", data=sample(KKH))
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_sources(sources(), batch_size=1)

    assert Notice.objects.count() == 2
    assert calls == [{date(2024, 8, 1), date(2023, 10, 1)}]


def test_import_fills_the_statistics_rollups():
    import_paths(DATA / MERO)

    total = MonitorRollup.objects.get(dimension="total", month=date(2024, 8, 1), state="BY")
    assert (total.lots, total.lots_green, total.lots_social, total.lots_innovative) == (
        1,
        1,
        1,
        0,
    )


def test_progress_callback_sees_every_notice():
    seen = []
    importer = NoticeImporter(on_progress=lambda s: seen.append(s.read), refresh_rollups=False)
    importer.add("a.xml", sample(MERO))
    importer.add("b.xml", b"broken")
    importer.finish()

    assert seen == [1, 2]


def test_import_leaves_the_garbage_collector_as_it_was(monkeypatch):
    import gc

    frozen_during_import = []
    real_add = NoticeImporter.add

    def add(self, name, data):
        frozen_during_import.append(gc.get_freeze_count())
        real_add(self, name, data)

    monkeypatch.setattr(NoticeImporter, "add", add)
    assert gc.get_freeze_count() == 0

    import_paths(DATA / MERO)

    assert frozen_during_import[0] > 0  # objects from before the import were left out
    assert gc.get_freeze_count() == 0


def test_import_keeps_objects_frozen_by_someone_else_frozen():
    import gc

    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        import_paths(DATA / MERO)
        # still frozen (the count shrinks a little as frozen objects die; unfreezing makes it 0)
        assert gc.get_freeze_count() > frozen // 2
    finally:
        gc.unfreeze()
