"""``manage.py backup [--output-dir DIR] [--keep-days N]``: one archive of database and media.

See core/backup.py for what the archive holds and docs/operations.md for timers and rotation.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from beschaffungsallianz.core.backup import BackupError, create_backup, prune_backups


class Command(BaseCommand):
    help = "Back up the database and MEDIA_ROOT into one archive (with checksums and counts)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            type=Path,
            default=None,
            help="where archives go (default: settings BACKUP_DIR, env BACKUP_DIR)",
        )
        parser.add_argument(
            "--keep-days",
            type=int,
            default=None,
            metavar="N",
            help="after the backup, delete this site's archives older than N days (media "
            "included); the newest archive is always kept",
        )

    def handle(self, *args, output_dir, keep_days, **options):
        if keep_days is not None and keep_days < 0:
            raise CommandError("--keep-days must be 0 or more")
        directory = output_dir or Path(settings.BACKUP_DIR)
        try:
            result = create_backup(directory)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        manifest = result.manifest
        rows = sum(entry["rows"] for entry in manifest["models"].values())
        self.stdout.write(
            f"{result.archive} ({result.archive.stat().st_size:,} bytes): "
            f"{manifest['database']['vendor']} database, {rows:,} rows in "
            f"{len(manifest['models'])} tables, {len(manifest['media'])} media files"
        )
        if keep_days is not None:
            for path in prune_backups(directory, keep_days):
                self.stdout.write(f"deleted {path} (older than {keep_days} days)")
