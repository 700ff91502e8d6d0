import io

import factory
from django.utils import timezone
from pypdf import PdfWriter

from beschaffungsallianz.exchange.models import Post, Report, Thread
from beschaffungsallianz.exchange.services import derive_text


class ThreadFactory(factory.django.DjangoModelFactory):
    """A thread with its opening post (``body``), by ``author``."""

    class Meta:
        model = Thread
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Frage {n} zur Dienstkleidung")
    last_post_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def body(self, create, extracted, **kwargs):
        if create:
            PostFactory(
                thread=self,
                author=self.author,
                is_opening=True,
                body=extracted or "Wer hat Erfahrung?",
            )


class PostFactory(factory.django.DjangoModelFactory):
    """A post; its search stems and HTML derived like services' writes."""

    class Meta:
        model = Post

    thread = factory.SubFactory(ThreadFactory)
    body = factory.Sequence(lambda n: f"Antwort {n}: Wir haben gute Erfahrungen gemacht.")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        post = model_class(*args, **kwargs)
        derive_text(post)
        post.save()
        return post


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    post = factory.SubFactory(PostFactory)
    reason = "Werbung"


def pdf_bytes() -> bytes:
    """A real one-page PDF (attachments are content-sniffed)."""
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
