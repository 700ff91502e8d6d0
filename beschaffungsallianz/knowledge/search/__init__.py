"""Faceted full-text search over the live practice examples (page, CSV and API).

The parts, in the order a request meets them:

- ``filters``: ``ExampleFilters``, the one validator of the filters for the page (German
  parameter names, ``page_filters``) and the API (its query schema);
- ``text``: words to German stems, query expansion, and the full-text SQL of SQLite (FTS5) and
  PostgreSQL (tsvector) - the only database-specific code;
- ``index``: the per-process facet index, one bitset per facet value, and its freshness;
- ``facets``: the counts of every facet value and the zero-result guidance;
- ``results``: ``search(filters) -> Result``, and the ordered examples, fetched by slice.

``PracticeExample.save()`` stores the stems of the published state (``text.stem_text``).
This package imports the models; the models import only ``text``, which imports no model.
Design and figures: docs/knowledge.md ("Search"), docs/performance.md ("Knowledge base").
"""
