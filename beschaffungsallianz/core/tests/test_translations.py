import gettext
import os
import shutil

import pytest
from django.conf import settings
from django.core.management import call_command

from beschaffungsallianz.core.management.commands.compile_translations import (
    parse_po,
    write_mo,
)

CATALOGUE = settings.PROJECT_DIR / "locale" / "de" / "LC_MESSAGES" / "django.po"


def test_every_interface_string_of_the_site_catalogue_has_a_german_translation():
    text = CATALOGUE.read_text(encoding="utf-8")
    blocks = [b for b in text.split("\n\n") if "msgid " in b and 'msgid ""\nmsgstr ""\n"' not in b]
    untranslated = [b for b in blocks if 'msgstr ""' in b and '\n"' not in b.split("msgstr")[-1]]
    fuzzy = [b for b in blocks if "#, fuzzy" in b]

    assert not untranslated, untranslated[:3]
    assert not fuzzy, fuzzy[:3]


def test_pure_python_compiler_matches_gettext(tmp_path):
    catalogue = parse_po(CATALOGUE.read_text(encoding="utf-8"))
    mo = tmp_path / "django.mo"
    write_mo(catalogue, mo)

    with mo.open("rb") as fh:
        translations = gettext.GNUTranslations(fh)

    assert translations.gettext("Skip to content") == "Zum Inhalt springen"
    assert (
        translations.ngettext(
            "%(counter)s result for “%(query)s”", "%(counter)s results for “%(query)s”", 2
        )
        == "%(counter)s Ergebnisse für „%(query)s“"
    )
    assert translations.gettext("not in the catalogue") == "not in the catalogue"


def test_parse_po_skips_fuzzy_and_empty_entries():
    catalogue = parse_po(
        'msgid ""\nmsgstr "Language: de\\n"\n\n'
        '#, fuzzy\nmsgid "Guess"\nmsgstr "Rate"\n\n'
        'msgid "Empty"\nmsgstr ""\n\n'
        'msgctxt "month"\nmsgid "May"\nmsgstr "Mai"\n\n'
        'msgid "Long"\nmsgstr ""\n"Lang"\n"er Text"\n'
    )

    assert catalogue == {"": "Language: de\n", "month\x04May": "Mai", "Long": "Langer Text"}


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext not installed")
def test_compile_translations_command_writes_mo_files(capsys):
    call_command("compile_translations")

    assert (CATALOGUE.with_suffix(".mo")).stat().st_size > 1000


def test_compiling_replaces_each_catalogue_whole_and_leaves_no_partial_file():
    """A process reading a catalogue meanwhile (the other test run of .ci/run, a server) keeps
    the whole old file: the new one is written beside it and renamed over it."""
    mo = CATALOGUE.with_suffix(".mo")
    call_command("compile_translations", "--python", verbosity=0)
    with mo.open("rb") as reader:
        call_command("compile_translations", "--python", verbosity=0)

        assert os.stat(mo).st_ino != os.fstat(reader.fileno()).st_ino
    assert mo.stat().st_size > 1000
    assert not list(CATALOGUE.parent.glob("*.tmp"))
