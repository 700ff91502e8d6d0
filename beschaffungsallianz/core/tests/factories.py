"""Pages for core tests: a start page bound to the default site, news, standard pages."""

import factory
from django.utils import timezone
from wagtail.models import Locale, Page, Site

from beschaffungsallianz.core import models


def make_home(title="Start", **extra) -> models.HomePage:
    """A published HomePage as the root of the default site (Wagtail's welcome page removed).

    The one way tests set up a site (the root ``home`` fixture; builders of app pages)."""
    root = Page.get_first_root_node()
    home = models.HomePage(title=title, slug="start", intro="Wer wir sind.", **extra)
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    Page.objects.filter(depth=2).exclude(pk=home.pk).delete()
    return home


def english_locale() -> Locale:
    return Locale.objects.get_or_create(language_code="en")[0]


def translate(page, title=None, **fields):
    """Publish an English translation of ``page`` (its parent must be translated already)."""
    copy = page.copy_for_translation(english_locale())
    if title:
        copy.title = title
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save_revision().publish()
    return copy


class PageFactory(factory.Factory):
    """Builds a page and adds it below ``parent`` (published unless live=False)."""

    class Meta:
        abstract = True

    title = factory.Sequence(lambda n: f"Seite {n}")
    slug = factory.Sequence(lambda n: f"seite-{n}")
    intro = "Einleitung"

    @classmethod
    def _create(cls, model_class, parent=None, live=True, **kwargs):
        page = model_class(**kwargs)
        parent.add_child(instance=page)
        revision = page.save_revision()
        if live:
            revision.publish()
        else:
            page.live = False
            page.save(update_fields=["live"])
        return page


class StandardPageFactory(PageFactory):
    class Meta:
        model = models.StandardPage


class NewsIndexPageFactory(PageFactory):
    class Meta:
        model = models.NewsIndexPage

    title = "Aktuelles"
    slug = "aktuelles"


class NewsPageFactory(PageFactory):
    class Meta:
        model = models.NewsPage

    title = factory.Sequence(lambda n: f"Meldung {n}")
    slug = factory.Sequence(lambda n: f"meldung-{n}")
    date = factory.LazyFunction(timezone.localdate)


def site_settings(**fields) -> models.SiteSettings:
    settings = models.SiteSettings.for_site(Site.objects.get(is_default_site=True))
    for name, value in fields.items():
        setattr(settings, name, value)
    settings.save()
    return settings
