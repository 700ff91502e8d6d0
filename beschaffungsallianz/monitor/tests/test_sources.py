"""Tests for reading XML documents from files, directories and (nested) archives."""

import gzip
import io
import struct
import tarfile
import tempfile
import zipfile
from pathlib import Path

import pytest

from beschaffungsallianz.monitor import sources as sources_module
from beschaffungsallianz.monitor.eforms import parse_notice
from beschaffungsallianz.monitor.sources import MAX_DEPTH, Source, iter_sources

DATA = Path(__file__).parent / "data"


def xml(n: int) -> bytes:
    return f"<doc>{n}</doc>".encode()


def zip_bytes(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def tar_bytes(members: dict[str, bytes], mode: str = "w:gz") -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode=mode) as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def summary(sources) -> list[tuple[str, bytes | None, bool]]:
    return [(source.name, source.data, source.ok) for source in sources]


def test_single_xml_file(tmp_path):
    path = tmp_path / "notice.xml"
    path.write_bytes(xml(1))
    assert list(iter_sources([path])) == [Source(str(path), xml(1))]
    assert list(iter_sources(str(path))) == [Source(str(path), xml(1))]  # one path alone


def test_directory_is_walked_recursively_in_sorted_order(tmp_path):
    for name, data in {
        "b/2.xml": xml(2),
        "a/sub/3.XML": xml(3),
        "a/1.xml": xml(1),
        "0.xml": xml(0),
        "a/readme.txt": b"not xml",
        "a/notice.pdf": b"%PDF",
    }.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    assert summary(iter_sources([tmp_path])) == [
        (str(tmp_path / "0.xml"), xml(0), True),
        (str(tmp_path / "a/1.xml"), xml(1), True),
        (str(tmp_path / "a/sub/3.XML"), xml(3), True),
        (str(tmp_path / "b/2.xml"), xml(2), True),
    ]


def test_zip_members_are_named_after_the_archive_and_non_xml_is_skipped(tmp_path):
    path = tmp_path / "export.zip"
    path.write_bytes(
        zip_bytes({"2024/123.xml": xml(1), "2024/readme.pdf": b"%PDF", "2024/124.xml": xml(2)})
    )
    assert summary(iter_sources([path])) == [
        (f"{path}:2024/123.xml", xml(1), True),
        (f"{path}:2024/124.xml", xml(2), True),
    ]


def test_nested_archives_in_a_ted_style_tar_gz(tmp_path):
    inner_zip = zip_bytes({"a.xml": xml(1), "deeper.zip": zip_bytes({"b.xml": xml(2)})})
    inner_tar = tar_bytes({"c.xml": xml(3)})
    path = tmp_path / "daily.tar.gz"
    path.write_bytes(
        tar_bytes(
            {
                "20240102/inner.zip": inner_zip,
                "20240102/inner.tgz": inner_tar,
                "20240102/d.xml": xml(4),
                "20240102/list.csv": b"a,b",
            }
        )
    )
    assert summary(iter_sources([path])) == [
        (f"{path}:20240102/inner.zip:a.xml", xml(1), True),
        (f"{path}:20240102/inner.zip:deeper.zip:b.xml", xml(2), True),
        (f"{path}:20240102/inner.tgz:c.xml", xml(3), True),
        (f"{path}:20240102/d.xml", xml(4), True),
    ]


def test_tar_inside_zip_and_plain_tar(tmp_path):
    path = tmp_path / "export.zip"
    path.write_bytes(zip_bytes({"part.tar": tar_bytes({"x.xml": xml(1)}, mode="w")}))
    assert summary(iter_sources([path])) == [(f"{path}:part.tar:x.xml", xml(1), True)]


def test_gzipped_xml(tmp_path):
    path = tmp_path / "notice.xml.gz"
    path.write_bytes(gzip.compress(xml(1)))
    assert summary(iter_sources([path])) == [(str(path), xml(1), True)]


def test_explicit_file_without_known_extension_is_sniffed(tmp_path):
    (tmp_path / "download").write_bytes(zip_bytes({"a.xml": xml(1)}))
    (tmp_path / "package").write_bytes(tar_bytes({"b.xml": xml(2)}))
    (tmp_path / "notice").write_bytes(gzip.compress(xml(3)))
    (tmp_path / "plain").write_bytes(xml(4))
    names = ["download", "package", "notice", "plain"]
    assert summary(iter_sources([tmp_path / name for name in names])) == [
        (f"{tmp_path / 'download'}:a.xml", xml(1), True),
        (f"{tmp_path / 'package'}:b.xml", xml(2), True),
        (str(tmp_path / "notice"), xml(3), True),
        (str(tmp_path / "plain"), xml(4), True),
    ]


def test_missing_path_is_an_error_item_and_the_rest_continues(tmp_path):
    good = tmp_path / "good.xml"
    good.write_bytes(xml(1))
    sources = list(iter_sources([tmp_path / "missing.xml", good]))
    assert sources[0].name == str(tmp_path / "missing.xml")
    assert sources[0].data is None
    assert sources[0].error == "no such file or directory"
    assert not sources[0].ok
    assert sources[1] == Source(str(good), xml(1))


def test_corrupt_zip_is_an_error_item(tmp_path):
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"this is no zip file")
    good = tmp_path / "good.xml"
    good.write_bytes(xml(1))
    sources = list(iter_sources([bad, good]))
    assert [source.name for source in sources] == [str(bad), str(good)]
    assert "BadZipFile" in sources[0].error
    assert sources[1].ok


def test_corrupt_zip_member_does_not_stop_the_others(tmp_path):
    data = bytearray(zip_bytes({"a.xml": b"<a>AAAA</a>", "b.xml": xml(2)}, zipfile.ZIP_STORED))
    position = data.index(b"AAAA")
    data[position] = ord("B")  # CRC mismatch
    path = tmp_path / "export.zip"
    path.write_bytes(bytes(data))
    sources = list(iter_sources([path]))
    assert [(source.name, source.ok) for source in sources] == [
        (f"{path}:a.xml", False),
        (f"{path}:b.xml", True),
    ]
    assert "CRC" in sources[0].error


def test_truncated_tar_gz_yields_what_was_read_then_an_error(tmp_path):
    members = {f"{n}.xml": xml(n) * 2000 for n in range(5)}
    data = tar_bytes(members)
    path = tmp_path / "daily.tar.gz"
    path.write_bytes(data[: len(data) * 2 // 3])
    sources = list(iter_sources([path]))
    assert sources[0] == Source(f"{path}:0.xml", xml(0) * 2000)
    # complete members first, then the member cut off (if any) and the archive as errors
    oks = [source.ok for source in sources]
    assert oks == sorted(oks, reverse=True)
    assert sources[-1].name == str(path)
    assert "Compressed file ended" in sources[-1].error


def test_member_larger_than_the_limit_is_reported_not_read(tmp_path):
    path = tmp_path / "export.zip"
    path.write_bytes(zip_bytes({"big.xml": b"<a>" + b"x" * 100 + b"</a>", "small.xml": xml(1)}))
    tar_path = tmp_path / "export.tar.gz"
    tar_path.write_bytes(tar_bytes({"big.xml": b"<a>" + b"x" * 100 + b"</a>"}))
    plain = tmp_path / "big.xml"
    plain.write_bytes(b"<a>" + b"x" * 100 + b"</a>")
    sources = list(iter_sources([path, tar_path, plain], max_bytes=50))
    assert [(source.name, source.ok) for source in sources] == [
        (f"{path}:big.xml", False),
        (f"{path}:small.xml", True),
        (f"{tar_path}:big.xml", False),
        (str(plain), False),
    ]
    assert sources[0].error == "larger than 50 bytes, skipped"


def test_sources_are_produced_lazily(tmp_path):
    path = tmp_path / "a.xml"
    path.write_bytes(xml(1))
    iterator = iter_sources([path, tmp_path / "later.xml"])
    assert next(iterator).ok
    (tmp_path / "later.xml").write_bytes(xml(2))  # created after the first item was taken
    assert next(iterator) == Source(str(tmp_path / "later.xml"), xml(2))


def test_sample_directory_yields_every_sample_notice():
    sources = list(iter_sources([DATA]))
    assert len(sources) == len(list(DATA.rglob("*.xml")))
    assert all(parse_notice(source.data).notice_id for source in sources)


def test_corrupt_members_and_packages_are_error_items(tmp_path):
    bad_gz = tmp_path / "notice.xml.gz"
    bad_gz.write_bytes(b"\x1f\x8bnot really gzip")
    bad_tar = tmp_path / "daily.tar.gz"
    bad_tar.write_bytes(b"neither gzip nor tar")
    outer = tmp_path / "outer.zip"
    outer.write_bytes(zip_bytes({"inner.zip": b"broken", "ok.xml": xml(1)}))
    sources = list(iter_sources([bad_gz, bad_tar, outer]))
    assert [(source.name, source.ok) for source in sources] == [
        (str(bad_gz), False),
        (str(bad_tar), False),
        (f"{outer}:inner.zip", False),
        (f"{outer}:ok.xml", True),
    ]
    assert all(source.data is None for source in sources[:3])


# --------------------------------------------------------------------------- hostile packages


def nested_zips(depth: int) -> bytes:
    """A zip holding a zip holding ... ``depth`` zips in all, the innermost with notice.xml;
    the zip inside the top one is level1.zip, the one inside that level2.zip and so on."""
    data = zip_bytes({"notice.xml": xml(1)}, zipfile.ZIP_STORED)
    for level in range(depth - 1, 0, -1):
        data = zip_bytes({f"level{level}.zip": data}, zipfile.ZIP_STORED)
    return data


def nested_tars(depth: int) -> bytes:
    data = tar_bytes({"notice.xml": xml(1)}, mode="w")
    for level in range(depth - 1, 0, -1):
        data = tar_bytes({f"level{level}.tar": data}, mode="w")
    return data


def test_archives_nested_400_deep_end_with_one_error_line(tmp_path):
    path = tmp_path / "deep.zip"
    path.write_bytes(nested_zips(400))

    sources = list(iter_sources([path]))

    too_deep = ":".join([str(path)] + [f"level{n}.zip" for n in range(1, MAX_DEPTH + 1)])
    assert sources == [
        Source(too_deep, error=f"archives nested more than {MAX_DEPTH} deep, skipped")
    ]


@pytest.mark.parametrize("build,suffix", [(nested_zips, "zip"), (nested_tars, "tar")])
def test_archives_are_read_up_to_the_nesting_limit(tmp_path, build, suffix):
    inside = tmp_path / f"limit.{suffix}"
    inside.write_bytes(build(MAX_DEPTH))
    beyond = tmp_path / f"beyond.{suffix}"
    beyond.write_bytes(build(MAX_DEPTH + 1))

    [read] = iter_sources([inside])
    [refused] = iter_sources([beyond])

    assert read.ok and read.data == xml(1)
    assert read.name.endswith(f"level{MAX_DEPTH - 1}.{suffix}:notice.xml")
    assert not refused.ok
    assert refused.name.endswith(f"level{MAX_DEPTH}.{suffix}")


class CountingSpool(tempfile.SpooledTemporaryFile):
    """Records how many bytes any spooled temporary file received."""

    written = 0

    def write(self, data):
        CountingSpool.written += len(data)
        return super().write(data)


@pytest.fixture
def spool_counter(monkeypatch):
    CountingSpool.written = 0
    monkeypatch.setattr(sources_module.tempfile, "SpooledTemporaryFile", CountingSpool)
    return CountingSpool


def declaring_size(zip_data: bytes, member: str, size: int) -> bytes:
    """``zip_data`` with the central directory claiming ``size`` bytes for ``member``."""
    entry = zip_data.index(b"PK\x01\x02")  # central directory: signature, then fixed fields
    while zip_data[entry + 46 : entry + 46 + len(member)] != member.encode():
        entry = zip_data.index(b"PK\x01\x02", entry + 4)
    return zip_data[: entry + 24] + struct.pack("<I", size) + zip_data[entry + 28 :]


def test_nested_zip_declaring_1_gib_is_refused_before_anything_is_spooled(tmp_path, spool_counter):
    inner = zip_bytes({"a.xml": xml(1)}, zipfile.ZIP_STORED)
    outer = declaring_size(
        zip_bytes({"inner.zip": inner, "ok.xml": xml(2)}, zipfile.ZIP_STORED), "inner.zip", 2**30
    )
    path = tmp_path / "outer.zip"
    path.write_bytes(outer)

    sources = list(iter_sources([path]))

    limit = sources_module.MAX_BYTES
    assert sources == [
        Source(f"{path}:inner.zip", error=f"nested zip larger than {limit} bytes, skipped"),
        Source(f"{path}:ok.xml", xml(2)),
    ]
    assert spool_counter.written == 0


def test_nested_zip_of_zeros_over_the_limit_writes_nothing(tmp_path, spool_counter):
    # A real stored inner zip of 3 MiB of zeros (deflated to a few KiB in the outer tar.gz),
    # read with a limit of 1 MiB: its declared size is over the limit, nothing is spooled.
    inner = zip_bytes({"zeros.xml": bytes(3 * 1024 * 1024)}, zipfile.ZIP_STORED)
    path = tmp_path / "daily.tar.gz"
    path.write_bytes(tar_bytes({"bomb.zip": inner, "ok.xml": xml(1)}))
    assert path.stat().st_size < 64 * 1024

    sources = list(iter_sources([path], max_bytes=1024 * 1024))

    assert [(s.name, s.ok) for s in sources] == [
        (f"{path}:bomb.zip", False),
        (f"{path}:ok.xml", True),
    ]
    assert sources[0].error == "nested zip larger than 1048576 bytes, skipped"
    assert spool_counter.written == 0


def test_spooling_a_stream_stops_at_the_limit(spool_counter):
    endless = sources_module._Unseekable(io.BytesIO(bytes(5 * 1024 * 1024)))

    sources = list(sources_module._stream(endless, "x.zip", "zip", 1024 * 1024, 2))

    assert sources == [Source("x.zip", error="nested zip larger than 1048576 bytes, skipped")]
    assert spool_counter.written <= 1024 * 1024 + 1
