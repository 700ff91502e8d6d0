"""Downloading exports and TED packages, against a local HTTP server (never the internet)."""

import time
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from beschaffungsallianz.monitor import fetch
from beschaffungsallianz.monitor.models import ImportRun, Notice

from .import_samples import KKH, MERO, manage, sample, tar_gz_bytes, zip_bytes
from .import_server import LocalServer, Reply

PIN_TH = "sdk-examples/pin-cfc_24.xml"
EXPORT = "/api/notice-exports"
EXPORT_ZIP = zip_bytes({"1.xml": sample(MERO), "2.xml": sample(KKH), "sub/3.xml": sample(PIN_TH)})
EMPTY_ZIP = zip_bytes({})


@pytest.fixture
def server():
    with LocalServer() as running:
        yield running


@pytest.fixture
def sleeps(monkeypatch):
    """No real waiting between attempts; the delays asked for are recorded instead."""
    recorded = []
    monkeypatch.setattr(fetch, "_sleep", recorded.append)
    return recorded


def national(server, tmp_path, **kwargs):
    kwargs.setdefault("day", date(2024, 5, 2))
    downloader = fetch.Downloader(retries=kwargs.pop("retries", 3), timeout=5)
    result = fetch.fetch_national(downloader, base_url=server.url, cache_dir=tmp_path, **kwargs)
    return result, downloader


def command(server, tmp_path, *args):
    """``fetch_notices *args`` against the test server, caching in ``tmp_path``, quietly."""
    return [
        "fetch_notices",
        *args,
        "--base-url",
        server.url,
        "--cache-dir",
        str(tmp_path),
        "--no-progress",
    ]


def cache_files(tmp_path):
    return sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())


# --------------------------------------------------------------------------- national export


def test_export_is_downloaded_into_the_cache(server, tmp_path, sleeps):
    server.route(EXPORT, Reply(body=EXPORT_ZIP))

    fetched, downloader = national(server, tmp_path)

    assert fetched.path == tmp_path / "bkms" / "2024-05-02.zip"
    assert fetched.path.read_bytes() == EXPORT_ZIP
    assert (fetched.from_cache, fetched.members, fetched.size) == (False, 3, len(EXPORT_ZIP))
    assert [(r.method, r.path, r.query) for r in server.requests] == [
        ("GET", EXPORT, "pubDay=2024-05-02&format=eforms.zip")
    ]
    assert server.requests[0].user_agent.startswith("Beschaffungsallianz/")
    assert cache_files(tmp_path) == ["bkms/2024-05-02.zip"]
    assert sleeps == []


def test_month_export_uses_pub_month(server, tmp_path):
    server.route(EXPORT, Reply(body=EXPORT_ZIP))

    fetched, _ = national(server, tmp_path, day=None, month="2024-04", today=date(2024, 6, 1))

    assert server.requests[0].query == "pubMonth=2024-04&format=eforms.zip"
    assert fetched.path == tmp_path / "bkms" / "2024-04.zip"


def test_cached_export_is_reused_without_a_request(server, tmp_path):
    server.route(EXPORT, Reply(body=EXPORT_ZIP))
    national(server, tmp_path)

    fetched, downloader = national(server, tmp_path)

    assert fetched.from_cache
    assert downloader.requests == 0
    assert len(server.requests) == 1


def test_force_downloads_again(server, tmp_path):
    server.route(EXPORT, Reply(body=EXPORT_ZIP))
    national(server, tmp_path)

    fetched, _ = national(server, tmp_path, force=True)

    assert not fetched.from_cache
    assert len(server.requests) == 2


def test_running_month_is_never_taken_from_the_cache(server, tmp_path):
    server.route(EXPORT, Reply(body=EXPORT_ZIP))
    national(server, tmp_path, day=None, month="2024-06", today=date(2024, 6, 20))

    fetched, _ = national(server, tmp_path, day=None, month="2024-06", today=date(2024, 6, 21))

    assert not fetched.from_cache
    assert len(server.requests) == 2
    assert fetch.month_is_complete("2024-05", date(2024, 6, 1))
    assert not fetch.month_is_complete("2024-06", date(2024, 6, 30))


def test_server_error_is_retried_honouring_retry_after(server, tmp_path, sleeps):
    server.route(
        EXPORT,
        Reply(503, b"maintenance", {"Retry-After": "7"}),
        Reply(500, b"oops"),
        Reply(body=EXPORT_ZIP),
    )

    fetched, downloader = national(server, tmp_path)

    assert fetched.path.read_bytes() == EXPORT_ZIP
    assert downloader.requests == 3
    assert sleeps == [7.0, 4.0]  # Retry-After, then the back-off of the second retry


def test_too_many_requests_is_retried_after_an_http_date(server, tmp_path, sleeps):
    later = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + 30))
    server.route(EXPORT, Reply(429, b"slow down", {"Retry-After": later}), Reply(body=EXPORT_ZIP))

    national(server, tmp_path)

    assert len(sleeps) == 1 and 25 <= sleeps[0] <= 31


def test_rejected_request_is_not_retried_and_says_why(server, tmp_path, sleeps):
    server.route(
        EXPORT,
        Reply(400, b"pubDay must not be today or in the future.\n", {"Content-Type": "text/plain"}),
    )

    with pytest.raises(fetch.RequestRejected) as raised:
        national(server, tmp_path)

    assert str(raised.value) == (
        "the service rejected the request: pubDay must not be today or in the future. (HTTP 400)"
    )
    assert len(server.requests) == 1
    assert sleeps == []
    assert cache_files(tmp_path) == []


def test_broken_connection_is_retried_and_then_succeeds(server, tmp_path, sleeps):
    server.route(
        EXPORT,
        Reply(body=EXPORT_ZIP, cut_after=len(EXPORT_ZIP) // 2),
        Reply(body=EXPORT_ZIP),
    )

    fetched, _ = national(server, tmp_path)

    assert fetched.path.read_bytes() == EXPORT_ZIP
    assert sleeps == [2.0]
    assert cache_files(tmp_path) == ["bkms/2024-05-02.zip"]


def test_connection_broken_every_time_fails_cleanly_without_a_cache_entry(server, tmp_path, sleeps):
    server.route(EXPORT, Reply(body=EXPORT_ZIP, cut_after=len(EXPORT_ZIP) // 2))

    with pytest.raises(fetch.FetchError) as raised:
        national(server, tmp_path, retries=2)

    assert "giving up after 3 attempts" in str(raised.value)
    assert "connection" in str(raised.value)
    assert sleeps == [2.0, 4.0]
    assert cache_files(tmp_path) == []  # neither the file nor a partial one


def test_unreachable_server_is_retried_then_reported(tmp_path, sleeps):
    with LocalServer() as gone:
        url = gone.url  # a port that is closed once the server has stopped
    downloader = fetch.Downloader(retries=2, timeout=2)

    with pytest.raises(fetch.FetchError) as raised:
        fetch.fetch_national(downloader, base_url=url, cache_dir=tmp_path, day=date(2024, 5, 2))

    assert "Connection refused" in str(raised.value) or "ConnectionRefused" in str(raised.value)
    assert downloader.requests == 3
    assert cache_files(tmp_path) == []


def test_slow_server_times_out_and_is_retried(tmp_path, sleeps, monkeypatch):
    import socket
    import threading

    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    accepted = []

    def silent():  # accepts the first connection and says nothing
        connection, _ = listener.accept()
        accepted.append(connection)

    threading.Thread(target=silent, daemon=True).start()
    downloader = fetch.Downloader(retries=0, timeout=0.3)
    try:
        with pytest.raises(fetch.FetchError) as raised:
            fetch.fetch_national(
                downloader,
                base_url=f"http://127.0.0.1:{port}",
                cache_dir=tmp_path,
                day=date(2024, 5, 2),
            )
    finally:
        for connection in accepted:
            connection.close()
        listener.close()

    assert "timed out" in str(raised.value)


def test_answer_that_is_not_a_zip_is_refused(server, tmp_path, sleeps):
    server.route(EXPORT, Reply(body=b"<html><body>Wartungsarbeiten</body></html>"))

    with pytest.raises(fetch.FetchError) as raised:
        national(server, tmp_path)

    assert "not a zip file" in str(raised.value)
    assert "Wartungsarbeiten" in str(raised.value)
    assert cache_files(tmp_path) == []


def test_empty_export_means_nothing_published_and_is_not_cached(server, tmp_path):
    server.route(EXPORT, Reply(body=EMPTY_ZIP))

    with pytest.raises(fetch.NothingPublished) as raised:
        national(server, tmp_path)

    assert str(raised.value) == (
        "no notices were published on 2024-05-02 (the service returned an empty export)"
    )
    assert cache_files(tmp_path) == []


def test_retry_after_values():
    assert fetch._retry_after("120") == 120.0
    assert fetch._retry_after(None) is None
    assert fetch._retry_after("soon") is None
    assert fetch._retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past


# --------------------------------------------------------------------------- TED


def test_publication_day_index_counts_tuesday_to_saturday():
    assert fetch.publication_day_index(date(2024, 1, 2)) == 1  # Tuesday
    assert fetch.publication_day_index(date(2024, 1, 6)) == 5  # Saturday
    assert fetch.publication_day_index(date(2024, 1, 9)) == 6  # next Tuesday


def calendar_probe(issues: dict[int, date]):
    """A fake TED: issue numbers of 2024 -> publication dates; counts the probes."""
    calls = []

    def probe(issue):
        calls.append(issue)
        assert issue.startswith("2024")
        return issues.get(int(issue[4:]))

    return probe, calls


def issues_with_holidays(holidays: set[date], up_to: int = 120) -> dict[int, date]:
    day, number, issues = date(2024, 1, 1), 0, {}
    while number < up_to:
        if day.weekday() in fetch.PUBLICATION_WEEKDAYS and day not in holidays:
            number += 1
            issues[number] = day
        day = date.fromordinal(day.toordinal() + 1)
    return issues


def test_issue_of_a_day_is_the_estimate_when_there_were_no_holidays():
    probe, calls = calendar_probe(issues_with_holidays(set()))

    # January 22, February 21, March 1-14 ten publication days
    assert fetch.resolve_ted_issue(date(2024, 3, 14), probe) == "202400053"
    assert calls == ["202400053"]


def test_issue_of_a_day_after_holidays_is_found_with_few_probes():
    holidays = {date(2024, 3, 29), date(2024, 3, 30), date(2024, 5, 1)}  # Good Friday ...
    issues = issues_with_holidays(holidays)
    probe, calls = calendar_probe(issues)

    issue = fetch.resolve_ted_issue(date(2024, 5, 8), probe)

    assert issues[int(issue[4:])] == date(2024, 5, 8)
    assert len(calls) <= 3


def test_holiday_without_an_issue_means_nothing_published():
    holidays = {date(2024, 5, 1)}
    probe, calls = calendar_probe(issues_with_holidays(holidays))

    with pytest.raises(fetch.NothingPublished, match="no OJ S issue was published on 2024-05-01"):
        fetch.resolve_ted_issue(date(2024, 5, 1), probe)
    assert len(calls) <= fetch.MAX_TED_PROBES


def test_sunday_and_monday_have_no_ted_package():
    probe, calls = calendar_probe({})
    for day in (date(2024, 5, 5), date(2024, 5, 6)):
        with pytest.raises(fetch.NothingPublished, match="Tuesday to Saturday"):
            fetch.resolve_ted_issue(day, probe)
    assert calls == []


def test_day_not_yet_published_ends_at_the_last_issue():
    probe, calls = calendar_probe(issues_with_holidays(set(), up_to=40))

    with pytest.raises(fetch.NothingPublished):
        fetch.resolve_ted_issue(date(2024, 3, 14), probe)  # estimate 53, TED has 40
    assert len(calls) <= fetch.MAX_TED_PROBES


def test_issue_search_gives_up_after_the_probe_budget():
    def erratic(issue):  # dates that never converge
        return date(2024, 1, 2) if int(issue[4:]) % 2 else date(2024, 12, 31)

    with pytest.raises(fetch.FetchError, match="--issue"):
        fetch.resolve_ted_issue(date(2024, 6, 12), erratic, max_probes=4)


def ted_package(day: date, issue: str) -> bytes:
    top = f"{day:%Y%m%d}_{issue}"
    return tar_gz_bytes(
        {f"{top}/{issue[4:]}-mero.xml": sample(MERO), f"{top}/kkh.xml": sample(KKH)}
    )


def test_probe_reads_the_date_from_content_disposition(server):
    server.route(
        "/packages/daily/202400088",
        Reply(
            body=b"",
            headers={"Content-Disposition": 'attachment; filename="20240503_2024088.tar.gz"'},
        ),
    )
    downloader = fetch.Downloader(retries=0)

    assert fetch.probe_ted_issue(downloader, server.url, "202400088") == date(2024, 5, 3)
    assert [r.method for r in server.requests] == ["HEAD"]


def test_probe_falls_back_to_the_package_top_directory(server):
    server.route("/packages/daily/202400088", Reply(body=ted_package(date(2024, 5, 3), "2024088")))
    downloader = fetch.Downloader(retries=0)

    assert fetch.probe_ted_issue(downloader, server.url, "202400088") == date(2024, 5, 3)
    assert fetch.probe_ted_issue(downloader, server.url, "202400099") is None  # 404
    assert [r.method for r in server.requests] == ["HEAD", "GET", "HEAD"]


def test_ted_package_is_downloaded_checked_and_cached(server, tmp_path):
    package = ted_package(date(2024, 5, 3), "202400088")
    server.route("/packages/daily/202400088", Reply(body=package))
    downloader = fetch.Downloader(retries=0)

    fetched = fetch.fetch_ted(
        downloader, base_url=server.url, cache_dir=tmp_path, issue="202400088"
    )
    again = fetch.fetch_ted(downloader, base_url=server.url, cache_dir=tmp_path, issue="202400088")

    assert fetched.path == tmp_path / "ted" / "202400088.tar.gz"
    assert fetched.path.read_bytes() == package
    assert again.from_cache
    assert len(server.requests) == 1


def test_truncated_ted_package_without_length_is_refused(server, tmp_path, sleeps):
    package = ted_package(date(2024, 5, 3), "202400088")
    # no Content-Length: only the archive itself can tell that it is incomplete
    server.route(
        "/packages/daily/202400088",
        Reply(
            body=package[: len(package) // 2], headers={"Content-Length": str(len(package) // 2)}
        ),
    )

    with pytest.raises(fetch.FetchError, match="damaged"):
        fetch.fetch_ted(
            fetch.Downloader(retries=0),
            base_url=server.url,
            cache_dir=tmp_path,
            issue="202400088",
        )
    assert cache_files(tmp_path) == []


def test_issue_numbers_are_checked():
    assert fetch.parse_issue("202400123") == "202400123"
    for bad in ("2024123", "202400000", "2024-00123", "abc"):
        with pytest.raises(ValueError):
            fetch.parse_issue(bad)


# --------------------------------------------------------------------------- the command


@pytest.mark.django_db
def test_fetch_notices_downloads_and_imports_a_day(server, tmp_path, capsys):
    server.route(EXPORT, Reply(body=EXPORT_ZIP))

    call_command(*command(server, tmp_path, "--day", "2024-05-02"))

    out = capsys.readouterr().out
    assert f"Downloaded {server.url}{EXPORT}?pubDay=2024-05-02&format=eforms.zip" in out
    assert "Import finished: read 3, new 3, updated 0, skipped 0, failed 0" in out
    assert set(Notice.objects.values_list("source", flat=True)) == {"bkms"}
    assert Notice.objects.get(state="TH").source_name == (
        f"{tmp_path / 'bkms' / '2024-05-02.zip'}:sub/3.xml"
    )
    assert ImportRun.objects.get().new == 3


@pytest.mark.django_db
def test_fetch_notices_twice_uses_the_cache_and_changes_nothing(server, tmp_path, capsys):
    server.route(EXPORT, Reply(body=EXPORT_ZIP))
    args = command(server, tmp_path, "--day", "2024-05-02")
    call_command(*args)

    call_command(*args)

    out = capsys.readouterr().out
    assert "Using the cached" in out
    assert "Import finished: read 3, new 0, updated 0, skipped 3, failed 0" in out
    assert len(server.requests) == 1


@pytest.mark.django_db
def test_fetch_notices_reports_a_rejected_request_with_exit_status_1(
    server, tmp_path, capsys, monkeypatch
):
    server.route(EXPORT, Reply(400, b"pubDay prior to 2022-12-01 is not allowed"))

    status = manage(monkeypatch, *command(server, tmp_path, "--day", "2021-01-05"))

    assert status == 1
    err = capsys.readouterr().err
    assert "the service rejected the request: pubDay prior to 2022-12-01 is not allowed" in err
    assert not Notice.objects.exists()


@pytest.mark.django_db
def test_fetch_notices_on_an_empty_day_says_so_and_succeeds(server, tmp_path, capsys):
    server.route(EXPORT, Reply(body=EMPTY_ZIP))

    call_command(*command(server, tmp_path, "--day", "2024-05-04"))

    assert capsys.readouterr().out.strip() == (
        "Nothing to import: no notices were published on 2024-05-04 "
        "(the service returned an empty export)."
    )
    assert not ImportRun.objects.exists()


@pytest.mark.django_db
def test_fetch_notices_no_import_only_fills_the_cache(server, tmp_path):
    server.route(EXPORT, Reply(body=EXPORT_ZIP))

    call_command(*command(server, tmp_path, "--month", "2024-04", "--no-import"))

    assert (tmp_path / "bkms" / "2024-04.zip").exists()
    assert not Notice.objects.exists()


@pytest.mark.django_db
def test_fetch_notices_ted_day_resolves_the_issue_and_imports_the_package(server, tmp_path, capsys):
    # 2024-01-04 is the third publication day of 2024; TED published no issue on 2024-01-02,
    # so the day is issue 2 (the estimate, 3, is one too high).
    server.route(
        "/packages/daily/202400003",
        Reply(headers={"Content-Disposition": 'attachment; filename="20240105_2024003.tar.gz"'}),
    )
    server.route(
        "/packages/daily/202400002", Reply(body=ted_package(date(2024, 1, 4), "202400002"))
    )
    args = command(server, tmp_path, "--ted", "--day", "2024-01-04")

    call_command(*args)
    call_command(*args)  # from the cache, issue number included

    out = capsys.readouterr().out
    assert "2024-01-04 is OJ S issue 202400002." in out
    assert "Import finished: read 2, new 2, updated 0, skipped 0, failed 0" in out
    assert set(Notice.objects.values_list("source", flat=True)) == {"ted"}
    # probe 3 (HEAD), probe 2 (HEAD without a file name, so the package's first bytes), the
    # download; the second run needs no request at all
    assert [(r.method, r.path) for r in server.requests] == [
        ("HEAD", "/packages/daily/202400003"),
        ("HEAD", "/packages/daily/202400002"),
        ("GET", "/packages/daily/202400002"),
        ("GET", "/packages/daily/202400002"),
    ]


@pytest.mark.django_db
def test_fetch_notices_ted_issue_directly(server, tmp_path, capsys):
    server.route(
        "/packages/daily/202400088", Reply(body=ted_package(date(2024, 5, 3), "202400088"))
    )

    call_command(*command(server, tmp_path, "--ted", "--issue", "202400088"))

    assert Notice.objects.count() == 2
    assert [r.method for r in server.requests] == ["GET"]


@pytest.mark.parametrize(
    "args, message",
    [
        (["--day", "2024-5-2"], "not a day"),
        (["--day", "2024-02-30"], "not a day"),
        (["--month", "2024-13"], "not a month"),
        (["--issue", "202400088"], "use it with --ted"),
        (["--ted", "--month", "2024-04"], "TED packages are daily"),
        (["--day", "2024-05-02", "--month", "2024-05"], "not allowed with argument"),
        ([], "one of the arguments --day --month --issue is required"),
    ],
)
def test_fetch_notices_rejects_bad_arguments(args, message, tmp_path):
    with pytest.raises(CommandError, match=message):
        call_command("fetch_notices", *args, "--cache-dir", str(tmp_path))
