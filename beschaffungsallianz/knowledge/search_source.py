"""The knowledge base in the site search (settings.SEARCH_SOURCES, docs/search.md): published
practice examples, criteria, labels and state laws (drafts never: ``live`` only)."""

from django.utils.translation import pgettext_lazy

from beschaffungsallianz.core.states import BY_CODE
from beschaffungsallianz.knowledge.models import Criterion, Label, PracticeExample, StateLaw
from beschaffungsallianz.search.sources import Document, Source


def _published(obj):
    return obj.last_published_at.date() if obj.last_published_at else None


class ExampleSource(Source):
    kind = "example"
    label = pgettext_lazy("search kind", "Practice examples")
    models = (PracticeExample,)
    chunk_size = 2000

    def queryset(self):
        return PracticeExample.objects.filter(live=True).prefetch_related(
            "product_groups", "labels", "criteria_used__criterion"
        )

    def document(self, example):
        url = example.get_absolute_url()
        if not url:
            return None
        return Document(
            title=example.title,
            url=url,
            text=" ".join(t for t in (example.summary, example.outcome) if t),
            # what the example's own search finds it by (groups, labels, criteria, state …)
            extra=" ".join(t for t in example.searchable_texts()[2:] if t),
            date=example.updated_at.date() if example.updated_at else None,
        )


class CriterionSource(Source):
    kind = "criterion"
    label = pgettext_lazy("search kind", "Criteria")
    models = (Criterion,)

    def queryset(self):
        return Criterion.objects.filter(live=True)

    def document(self, criterion):
        url = criterion.get_absolute_url()
        if not url:
            return None
        return Document(
            title=criterion.title,
            url=url,
            text=criterion.wording,
            extra=" ".join((criterion.legal_basis, criterion.other_proofs)),
            date=_published(criterion),
        )


class LabelSource(Source):
    kind = "label"
    label = pgettext_lazy("search kind", "Labels")
    models = (Label,)

    def queryset(self):
        return Label.objects.filter(live=True)

    def document(self, label):
        url = label.get_absolute_url()
        if not url:
            return None
        return Document(title=label.name, url=url, text=label.notes, date=_published(label))


class StateLawSource(Source):
    kind = "state_law"
    label = pgettext_lazy("search kind", "State laws")
    models = (StateLaw,)

    def queryset(self):
        return StateLaw.objects.filter(live=True)

    def document(self, law):
        url = law.get_absolute_url()
        if not url:
            return None
        state = BY_CODE.get(law.state)
        return Document(
            title=f"{law.name}: {law.law}" if law.law else law.name,
            url=url,
            text=law.notes,
            extra=" ".join(n for n in (state.name_de, state.name_en) if n) if state else "",
            date=law.as_of or _published(law),
        )


examples = ExampleSource()
criteria = CriterionSource()
labels = LabelSource()
state_laws = StateLawSource()
