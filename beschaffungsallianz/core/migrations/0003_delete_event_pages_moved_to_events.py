"""The event pages moved to the events app (its migration 0002 copied them)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0002_site_settings_footer_pages_home_entry_points'),
        ('events', '0002_pages_from_core'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='eventpage',
            name='page_ptr',
        ),
        migrations.DeleteModel(
            name='EventIndexPage',
        ),
        migrations.DeleteModel(
            name='EventPage',
        ),
    ]
