"""Compile every django.po below the package into django.mo, with or without GNU gettext.

``manage.py compilemessages`` needs ``msgfmt`` (Debian package gettext). A newcomer's machine
may lack it, and without .mo files the German interface silently falls back to English, so
this command uses msgfmt when present and otherwise a small pure-Python compiler.

Each .mo file is written beside its target and then renamed over it, so a process that reads
the catalogues meanwhile (a second test run in the same checkout, a server) never sees half a
file.
"""

import ast
import os
import shutil
import struct
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def parse_po(text: str) -> dict[str, str]:
    """msgid -> msgstr of the translated, non-fuzzy entries (plural forms joined by NUL)."""
    catalogue: dict[str, str] = {}
    for block in text.split("\n\n"):
        fields: dict[str, str] = {}
        current = None
        fuzzy = False
        for line in block.splitlines():
            line = line.strip()
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            elif line.startswith("#") or not line:
                continue
            elif line.startswith('"') and current:
                fields[current] += ast.literal_eval(line)
            else:
                key, _space, value = line.partition(" ")
                current = key
                fields[key] = ast.literal_eval(value)
        if "msgid" not in fields:
            continue
        key = fields["msgid"]
        if "msgid_plural" in fields:
            key += "\x00" + fields["msgid_plural"]
            forms = [fields[k] for k in sorted(f for f in fields if f.startswith("msgstr["))]
            value = "\x00".join(forms) if all(forms) else ""
        else:
            value = fields.get("msgstr", "")
        if "msgctxt" in fields:
            key = fields["msgctxt"] + "\x04" + key
        if value and (not fuzzy or key == ""):
            catalogue[key] = value
    return catalogue


def write_mo(catalogue: dict[str, str], path: Path) -> None:
    """GNU .mo format, as written by CPython's Tools/i18n/msgfmt.py."""
    keys = sorted(catalogue)
    ids = strs = b""
    offsets = []
    for key in keys:
        key_bytes, value_bytes = key.encode(), catalogue[key].encode()
        offsets.append((len(ids), len(key_bytes), len(strs), len(value_bytes)))
        ids += key_bytes + b"\0"
        strs += value_bytes + b"\0"
    start = 7 * 4 + 16 * len(keys)
    key_table, value_table = [], []
    for id_offset, id_len, str_offset, str_len in offsets:
        key_table += [id_len, start + id_offset]
        value_table += [str_len, start + len(ids) + str_offset]
    header = struct.pack("Iiiiiii", 0x950412DE, 0, len(keys), 7 * 4, 7 * 4 + len(keys) * 8, 0, 0)
    path.write_bytes(
        header
        + struct.pack(f"{len(key_table)}i", *key_table)
        + struct.pack(f"{len(value_table)}i", *value_table)
        + ids
        + strs
    )


class Command(BaseCommand):
    help = "Compile the .po catalogues into .mo files (msgfmt if installed, else pure Python)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--python",
            action="store_true",
            help="Use the pure-Python compiler even if msgfmt is installed.",
        )

    def handle(self, *args, **options):
        msgfmt = None if options["python"] else shutil.which("msgfmt")
        catalogues = sorted(Path(settings.PROJECT_DIR).glob("**/locale/*/LC_MESSAGES/*.po"))
        for po in catalogues:
            mo = po.with_suffix(".mo")
            partial = mo.with_name(f"{mo.name}.{os.getpid()}.tmp")
            if msgfmt:
                result = subprocess.run(
                    [msgfmt, "--check-format", "-o", str(partial), str(po)],
                    capture_output=True,
                    text=True,
                )
                if result.returncode != 0:
                    partial.unlink(missing_ok=True)
                    raise CommandError(f"{po}: {result.stderr.strip()}")
            else:
                write_mo(parse_po(po.read_text(encoding="utf-8")), partial)
            partial.replace(mo)
            if options["verbosity"] >= 1:
                self.stdout.write(f"compiled {po.relative_to(settings.BASE_DIR)}")
        if not catalogues:
            raise CommandError("No .po catalogues found.")
