import datetime
import io

import factory
from django.core.files.base import ContentFile
from factory.django import DjangoModelFactory
from reportlab.pdfgen import canvas
from wagtail.documents import get_document_model
from wagtail.models import Collection

from beschaffungsallianz.core.models import StandardPage
from beschaffungsallianz.core.tests.factories import make_home
from beschaffungsallianz.publications import models
from beschaffungsallianz.publications.models import (
    Publication,
    PublicationKind,
    RulesOfProcedure,
    RulesOfProcedureVersion,
)


def pdf_bytes(pages: int = 1, text: str = "Testdokument") -> bytes:
    """A real PDF with ``pages`` pages."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    for number in range(pages):
        pdf.drawString(72, 720, f"{text} – Seite {number + 1}")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


class DocumentFactory(DjangoModelFactory):
    class Meta:
        model = get_document_model()
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Dokument {n}")
    collection = factory.LazyFunction(Collection.get_first_root_node)

    @factory.post_generation
    def content(obj, create, extracted, **kwargs):
        data = extracted if extracted is not None else pdf_bytes(kwargs.get("pages", 2))
        name = kwargs.get("name", "dokument.pdf")
        obj.file.save(name, ContentFile(data), save=False)
        obj._set_document_file_metadata()
        if create:
            obj.save()


class PublicationFactory(DjangoModelFactory):
    class Meta:
        model = Publication

    title = factory.Sequence(lambda n: f"Publikation {n}")
    kind = PublicationKind.BROCHURE
    year = 2018
    description = "Eine Broschüre."
    document = factory.SubFactory(DocumentFactory)
    live = True


class RulesOfProcedureFactory(DjangoModelFactory):
    class Meta:
        model = RulesOfProcedure

    title = "Geschäfts- und Arbeitsordnung"
    body_of = "Arbeitskreis"


class RulesOfProcedureVersionFactory(DjangoModelFactory):
    class Meta:
        model = RulesOfProcedureVersion

    rules = factory.SubFactory(RulesOfProcedureFactory)
    label = factory.Sequence(lambda n: f"Fassung {n}")
    adopted_on = datetime.date(2016, 6, 15)
    adopted_by = "Sitzung des Arbeitskreises"
    body = "<h3>§ 1 Zweck</h3><p>Der Arbeitskreis fördert faire Beschaffung.</p>"
    live = True


def build_publications_site() -> dict:
    """The home page (default site root) with /publikationen/ and
    /arbeitskreis/geschaeftsordnung/ (two published versions, 2016 and 2019); the pages and
    versions by key (the ``publications_site`` fixture; browser tests call it inside the test)."""
    home = make_home()
    index = home.add_child(
        instance=models.PublicationIndexPage(
            title="Publikationen", slug="publikationen", intro="Zum Herunterladen."
        )
    )
    working_group = home.add_child(instance=StandardPage(title="Arbeitskreis", slug="arbeitskreis"))
    rules = RulesOfProcedureFactory()
    old, new = (
        RulesOfProcedureVersionFactory(
            rules=rules,
            label=label,
            adopted_on=adopted_on,
            body=f"<h3>§ 1 Zweck</h3><p>Der Arbeitskreis tagt {times} im Jahr.</p>"
            f"<p>{paragraph}</p>",
        )
        for label, adopted_on, times, paragraph in [
            ("Fassung 2016", datetime.date(2016, 6, 15), "zweimal", "Alter Absatz, der entfällt."),
            (
                "Fassung 2019",
                datetime.date(2019, 5, 8),
                "dreimal",
                "Neuer Absatz über das Umlaufverfahren.",
            ),
        ]
    )
    rules_page = working_group.add_child(
        instance=models.RulesOfProcedurePage(
            title="Geschäfts- und Arbeitsordnung", slug="geschaeftsordnung", rules=rules
        )
    )
    return {
        "home": home,
        "index": index,
        "rules": rules,
        "old": old,
        "new": new,
        "rules_page": rules_page,
    }
