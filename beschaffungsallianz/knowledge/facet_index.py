"""In-process facet index over the live practice examples: one bitset per facet value.

Counting facets with SQL re-runs the full-text match and the filters once per facet (ten
queries over up to 20 % of 100,000 rows). Here every live example gets a *position* (0 … n-1,
in "newest first" order) and every facet value an ``int`` used as a bitset over positions
(100,000 bits = 12.5 KB). A search then costs:

- one full-text query in the database (SQLite FTS5 rowids / PostgreSQL GIN), turned into a
  bitset;
- ``&`` and ``int.bit_count()`` per facet value (microseconds each);
- for the page: the first positions of the result bitset ("newest": positions are in that
  order), a pre-computed title order, or the database's rank of the candidates ("relevance");
- one query for the page's rows (plus prefetches).

**Freshness.** The index carries the token of ``FacetIndexVersion`` it was built from. Every
request reads the token (one primary-key query) and rebuilds the index when it changed. Signal
handlers in models.py replace the token after every write that can change a facet: save,
delete, publish and unpublish of an example, its criteria and many-to-many links, a criterion's
kind. Each write is followed by a new token, so a process that read the token before a write
sees another token afterwards: a stale index is never used after the writer's commit. Writes
that bypass signals (``bulk_create``, ``QuerySet.update``, raw SQL) must call
``FacetIndexVersion.bump()`` themselves.

Results are identical to the plain ORM computation in search.py (``search_orm``), which stays
as the reference (tests compare both) and serves the CSV export.
"""

from __future__ import annotations

import threading
from array import array
from collections import deque
from dataclasses import dataclass, field
from itertools import compress, islice, repeat
from operator import itemgetter

from django.db import connection
from django.db.models import Aggregate, TextField

from beschaffungsallianz.knowledge.models.practice import (
    FacetIndexVersion,
    PracticeCriterion,
    PracticeExample,
)

# Facet key -> column of PracticeExample (single-valued facets).
COLUMNS = {
    "state": "state",
    "year": "year",
    "size": "size_class",
    "procedure": "procedure_type",
    "volume": "volume_class",
}
_DIGIT_FLAGS = bytes.maketrans(b"01", b"\x00\x01")


@dataclass
class FacetIndex:
    token: str
    database: str
    ids: array  # position -> example id (positions in "newest first" order)
    years: array  # position -> year
    title_order: array  # positions sorted by title, id
    title_rank: array  # position -> rank in title_order
    # example id as decimal text -> position: the database hands ids over as one
    # comma-separated string (no row objects, no int parsing)
    positions: dict[str, int]
    masks: dict[str, dict[object, int]]  # facet key -> value -> bitset
    year_values: list[int] = field(default_factory=list)  # newest first

    @property
    def size(self) -> int:
        return len(self.ids)

    @property
    def all(self) -> int:
        return (1 << self.size) - 1

    # --- bitsets --------------------------------------------------------------------------

    def mask_of_ids(self, ids) -> int:
        """Bitset of the given example ids, as decimal strings (unknown ids are ignored)."""
        return _mask(self.positions, self.size, ids)

    def union(self, key: str, values) -> int:
        """Examples having any of ``values`` in facet ``key``."""
        masks = self.masks[key]
        result = 0
        for value in values:
            result |= masks.get(value, 0)
        return result

    def counts(self, key: str, base: int) -> dict[object, int]:
        return {value: (base & mask).bit_count() for value, mask in self.masks[key].items()}

    # --- positions ------------------------------------------------------------------------

    def _flags(self, mask: int) -> bytes:
        """One byte per position, 1 where the bit is set (for itertools.compress)."""
        digits = format(mask, "b").encode("ascii").translate(_DIGIT_FLAGS)[::-1]
        return digits + bytes(self.size - len(digits))

    def positions_of(self, mask: int) -> list[int]:
        """All set positions, ascending."""
        return list(compress(range(self.size), self._flags(mask)))

    def first_positions(self, mask: int, offset: int, limit: int) -> list[int]:
        """Set positions ``offset`` … ``offset + limit - 1`` in ascending order."""
        return list(islice(compress(range(self.size), self._flags(mask)), offset, offset + limit))

    def ordered_positions(
        self, mask: int, total: int, order: array, rank: array, offset: int, limit: int
    ) -> list[int]:
        """Positions of ``mask`` sorted by a pre-computed ``order``, sliced."""
        if not total or limit <= 0 or offset >= total:
            return []
        wanted = offset + limit
        if wanted * self.size / total < total:  # dense result: walk the order until found
            flags = self._flags(mask)
            return list(islice(compress(order, map(flags.__getitem__, order)), offset, wanted))
        positions = self.positions_of(mask)  # sparse result: sort the few positions
        positions.sort(key=rank.__getitem__)
        return positions[offset:wanted]


# --- building ------------------------------------------------------------------------------


class _IdList(Aggregate):
    """The ids of a group as one comma-separated string (no Python loop per row)."""

    function = "GROUP_CONCAT"
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            function="STRING_AGG",
            template="%(function)s((%(expressions)s)::text, ',')",
            **extra_context,
        )


def _rows(queryset) -> list[tuple]:
    """The rows of a values_list queryset, fetched without building Django's row objects."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _mask(positions: dict[str, int], n: int, ids) -> int:
    """Bitset over positions 0 … n-1 of the given ids; ids without a position are ignored.

    Without a Python-level loop: a string of "0"s gets a "1" at each id's position (``map``
    over ``bytearray.__setitem__``, consumed by a zero-length deque), and ``int(…, 2)`` reads
    it reversed (its first digit is the highest bit). Unknown ids write to an extra last digit,
    which is cut off. About 1–3 ms for 25,000 ids.
    """
    if not n:
        return 0
    digits = bytearray(b"0") * (n + 1)
    deque(map(digits.__setitem__, map(positions.get, ids, repeat(n)), repeat(49)), maxlen=0)
    return int(digits[n - 1 :: -1], 2)


def build(token: str) -> FacetIndex:
    """Read the live examples and their facet values into bitsets.

    One query for the positions ("newest first"), one for the title order and one grouped query
    per facet whose groups arrive as id lists; no Python loop per example or link.
    """
    live = PracticeExample.objects.filter(live=True)
    rows = _rows(live.order_by("-year", "-first_published_at", "-id").values_list("id", "year"))
    n = len(rows)
    ids = array("q", map(itemgetter(0), rows))
    years = array("H", map(itemgetter(1), rows))
    del rows
    positions = dict(zip(map(str, ids), range(n), strict=True))
    groups = {key: live.order_by().values_list(column) for key, column in COLUMNS.items()}
    groups = {key: qs.annotate(ids=_IdList("id")) for key, qs in groups.items()}
    for key, model, column in (
        ("product_group", PracticeExample.product_groups.through, "productgroup_id"),
        ("label", PracticeExample.labels.through, "label_id"),
    ):
        groups[key] = (
            model.objects.order_by().values_list(column).annotate(ids=_IdList("practiceexample_id"))
        )
    for key, column in (("kind", "criterion__kind"), ("stage", "stage")):
        groups[key] = (
            PracticeCriterion.objects.order_by()
            .values_list(column)
            .annotate(ids=_IdList("example_id"))
        )
    masks: dict[str, dict[object, int]] = {}
    for key, queryset in groups.items():
        masks[key] = {}
        for value, id_list in _rows(queryset):
            if key == "year":
                value = str(value)
            masks[key][value] = _mask(positions, n, id_list.split(","))
    title_order = array(
        "l",
        map(
            positions.__getitem__,
            map(str, map(itemgetter(0), _rows(live.order_by("title", "id").values_list("id")))),
        ),
    )
    title_rank = array("l", [0]) * n
    deque(map(title_rank.__setitem__, title_order, range(n)), maxlen=0)
    return FacetIndex(
        token=token,
        database=_database(),
        ids=ids,
        years=years,
        title_order=title_order,
        title_rank=title_rank,
        positions=positions,
        masks=masks,
        year_values=sorted({int(y) for y in masks["year"]}, reverse=True),
    )


# --- the per-process index -----------------------------------------------------------------

_lock = threading.Lock()
_current: FacetIndex | None = None


def _database() -> str:
    return f"{connection.alias}:{connection.settings_dict.get('NAME')}"


def get() -> FacetIndex:
    """The index for the current data: reused while the version token is unchanged."""
    global _current
    token = FacetIndexVersion.current()  # read before the data, see the module docstring
    index = _current
    if index is not None and index.token == token and index.database == _database():
        return index
    with _lock:
        index = _current
        if index is None or index.token != token or index.database != _database():
            index = _current = build(token)
    return index


def clear() -> None:
    """Forget the index of this process (tests, benchmarks)."""
    global _current
    _current = None
