"""Write the site search's index anew (all kinds, or those named), e.g. after an upgrade:

    manage.py rebuild_search_index                # everything
    manage.py rebuild_search_index notice page    # some kinds

It also re-derives the practice examples' stored stems (compound parts included), which the
knowledge base's own search (/praxisbeispiele/?q=) uses.
"""

from django.core.management.base import BaseCommand, CommandError

from beschaffungsallianz.knowledge.models import PracticeExample
from beschaffungsallianz.knowledge.search import text
from beschaffungsallianz.search import indexing
from beschaffungsallianz.search.sources import kinds


def restem_examples(chunk: int = 1000) -> int:
    """Store each example's ``search_text`` as ``PracticeExample.save()`` derives it now."""
    changed = 0
    examples = PracticeExample.objects.prefetch_related(
        "product_groups", "labels", "criteria_used__criterion"
    ).order_by("pk")
    batch = []
    for example in examples.iterator(chunk_size=chunk):
        stored = text.stem_text(*example.searchable_texts())
        if stored != example.search_text:
            example.search_text = stored
            batch.append(example)
        if len(batch) >= chunk:
            changed += PracticeExample.objects.bulk_update(batch, ["search_text"])
            batch = []
    return changed + (PracticeExample.objects.bulk_update(batch, ["search_text"]) if batch else 0)


class Command(BaseCommand):
    help = "Rebuild the site search index (all kinds or the named ones)."

    def add_arguments(self, parser):
        parser.add_argument("kinds", nargs="*", help=f"kinds: {', '.join(kinds())}")

    def handle(self, *args, **options):
        unknown = sorted(set(options["kinds"]) - set(kinds()))
        if unknown:
            raise CommandError(f"unknown kind(s): {', '.join(unknown)}")
        if not options["kinds"] or "example" in options["kinds"]:
            restemmed = restem_examples()
            self.stdout.write(f"practice examples re-stemmed: {restemmed}")
        for kind, count in indexing.rebuild(options["kinds"] or None).items():
            self.stdout.write(f"{kind}: {count}")
