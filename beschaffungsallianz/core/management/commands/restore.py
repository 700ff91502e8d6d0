"""``manage.py restore ARCHIVE [--force]``: database and media back from ``manage.py backup``.

Into an empty database and an empty MEDIA_ROOT; ``--force`` replaces what is there. Every
checksum is verified before anything changes, every table's row count afterwards.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from beschaffungsallianz.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore the database and MEDIA_ROOT from an archive made by manage.py backup."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace the content of a database that has tables and of a non-empty MEDIA_ROOT",
        )

    def handle(self, *args, archive, force, **options):
        if not archive.is_file():
            raise CommandError(f"{archive} does not exist")
        try:
            manifest = restore_backup(archive, force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(entry["rows"] for entry in manifest["models"].values())
        self.stdout.write(
            f"Restored {archive} (made {manifest['created']}): {rows:,} rows in "
            f"{len(manifest['models'])} tables and {len(manifest['media'])} media files, "
            "all checksums and row counts verified. Run `manage.py migrate` if the code is "
            "newer than the backup."
        )
