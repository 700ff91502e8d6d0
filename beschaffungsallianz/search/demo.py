"""Demo content of the site search: the synonym groups issue 11 names, then the whole index
(written anew, so items that other demos wrote in bulk are found too)."""

from beschaffungsallianz.search import indexing
from beschaffungsallianz.search.models import SearchSynonym

SYNONYMS = [
    ("Arbeitskleidung, Dienstkleidung, Berufskleidung", "Textilien"),
    ("Recyclingpapier, Altpapier", "Papier"),
    ("IT, Informationstechnik", ""),
]


def load_demo(stdout) -> None:
    for terms, note in SYNONYMS:
        _group, created = SearchSynonym.objects.get_or_create(terms=terms, defaults={"note": note})
        if created:
            stdout.write(f"  synonyms: {terms}")
    counts = indexing.rebuild()
    stdout.write("  search index: " + ", ".join(f"{k} {n}" for k, n in counts.items()))
