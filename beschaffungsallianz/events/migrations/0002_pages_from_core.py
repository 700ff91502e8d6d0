"""Move the event pages that core held until now (core.EventIndexPage, core.EventPage) to this
app, keeping each page (same id, place in the tree, URL, revisions): a row in the new table,
the content type switched. Core's tables are dropped by core 0003 after this."""

from django.db import migrations

PAGE_FIELDS = ("intro", "body")


def _move(apps, old_name, new_name, extra):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Revision = apps.get_model("wagtailcore", "Revision")
    old_model = apps.get_model("core", old_name)
    new_model = apps.get_model("events", new_name)
    old_type = ContentType.objects.filter(app_label="core", model=old_name.lower()).first()
    if old_type is None:
        return
    new_type, _created = ContentType.objects.get_or_create(
        app_label="events", model=new_name.lower()
    )
    for old in old_model.objects.all():
        values = {field: getattr(old, field) for field in PAGE_FIELDS}
        values.update(extra(old))
        new = new_model(page_ptr_id=old.page_ptr_id, **values)
        # Copy the parent's columns so that save_base(raw=True) writes only the new table.
        for field in Page._meta.concrete_fields:
            setattr(new, field.attname, getattr(old, field.attname))
        new.save_base(raw=True)
    pages = Page.objects.filter(content_type=old_type)
    ids = list(pages.values_list("pk", flat=True))
    pages.update(content_type=new_type)
    Revision.objects.filter(content_type=old_type, object_id__in=[str(i) for i in ids]).update(
        content_type=new_type
    )


def _event_fields(old):
    return {
        "start": old.start,
        "end": old.end,
        "city": old.location[:100],
        "is_sample": old.is_sample,
        "date_precision": "time",
        "event_format": "on_site",
    }


def forwards(apps, schema_editor):
    _move(apps, "EventIndexPage", "EventIndexPage", lambda old: {})
    _move(apps, "EventPage", "EventPage", _event_fields)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_initial"),
        ("core", "0002_site_settings_footer_pages_home_entry_points"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
