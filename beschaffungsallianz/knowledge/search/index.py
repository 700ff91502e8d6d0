"""The facet index: per process, one bitset per facet value over the live practice examples.

Counting facets in SQL means joining the link tables of every matching example for every
request; at 100,000 examples that costs 0.2–0.5 s of CPU on SQLite and 1–1.5 s on PostgreSQL
per request (docs/performance.md). Here every live example has a *position* (0 … n-1, in
"newest first" order) and every facet value a Python ``int`` used as a bitset over the
positions (100,000 bits = 12.5 KB). A count is then ``(a & b).bit_count()``: microseconds.

**Freshness.** The index carries the token of ``FacetIndexVersion`` (models/practice.py) it was
built from. Every request reads the token (one primary-key query) and rebuilds the index when it
differs; the row is in the database, so every worker process notices. Signal handlers write a
new token after every write the index reads (an example's indexed fields, its links and criteria
used, a criterion's kind, product groups, labels); a draft saved with ``save_revision()`` writes
none of them and keeps the index. Writes that bypass signals (``bulk_create``,
``QuerySet.update``, raw SQL) must call ``FacetIndexVersion.bump()``.
"""

from __future__ import annotations

import threading
from array import array
from dataclasses import dataclass, field
from itertools import compress, islice

from django.db import connection
from django.db.models import F

from beschaffungsallianz.knowledge.models.practice import (
    FacetIndexVersion,
    PracticeCriterion,
    PracticeExample,
)
from beschaffungsallianz.knowledge.search.filters import COLUMNS

_TO_DIGITS = bytes.maketrans(b"\x00\x01", b"01")
_FROM_DIGITS = bytes.maketrans(b"01", b"\x00\x01")


@dataclass
class FacetIndex:
    token: str
    database: str
    ids: array  # position -> example id (positions in "newest first" order)
    years: array  # position -> year
    title_order: array  # positions sorted by title, id
    title_rank: array  # position -> rank in title_order
    positions: dict[int, int]  # example id -> position
    masks: dict[str, dict[str, int]]  # facet key -> value -> bitset
    year_values: list[str] = field(default_factory=list)  # newest first

    @property
    def size(self) -> int:
        return len(self.ids)

    @property
    def all(self) -> int:
        return (1 << self.size) - 1

    # --- bitsets --------------------------------------------------------------------------

    def mask_of_ids(self, ids) -> int:
        """Bitset of the given example ids (ids of examples not in the index are ignored)."""
        flags = bytearray(self.size)
        for position in map(self.positions.get, ids):
            if position is not None:
                flags[position] = 1
        return _bitset(flags)

    def year_of(self, pk: int) -> int | None:
        """The year of a live example, None for any other id."""
        position = self.positions.get(pk)
        return None if position is None else self.years[position]

    def union(self, key: str, values) -> int:
        """Examples having any of ``values`` in facet ``key``."""
        masks = self.masks[key]
        result = 0
        for value in values:
            result |= masks.get(value, 0)
        return result

    def counts(self, key: str, base: int) -> dict[str, int]:
        return {value: (base & mask).bit_count() for value, mask in self.masks[key].items()}

    # --- positions ------------------------------------------------------------------------

    def _flags(self, mask: int) -> bytes:
        """One byte per position, 1 where the bit is set (for itertools.compress)."""
        digits = format(mask, "b").encode("ascii").translate(_FROM_DIGITS)[::-1]
        return digits + bytes(self.size - len(digits))

    def positions_of(self, mask: int) -> list[int]:
        """All set positions, ascending."""
        return list(compress(range(self.size), self._flags(mask)))

    def first_positions(self, mask: int, offset: int, limit: int) -> list[int]:
        """Set positions ``offset`` … ``offset + limit - 1`` in ascending order."""
        return list(islice(compress(range(self.size), self._flags(mask)), offset, offset + limit))

    def title_positions(self, mask: int, total: int, offset: int, limit: int) -> list[int]:
        """Positions of ``mask`` in title order, sliced."""
        if not total or limit <= 0 or offset >= total:
            return []
        wanted = offset + limit
        if wanted * self.size / total < total:  # dense result: walk the title order
            flags = self._flags(mask)
            in_mask = (flags[position] for position in self.title_order)
            return list(islice(compress(self.title_order, in_mask), offset, wanted))
        positions = self.positions_of(mask)  # sparse result: sort the few positions
        positions.sort(key=self.title_rank.__getitem__)
        return positions[offset:wanted]


def _bitset(flags: bytearray) -> int:
    """A bitset from one byte (0 or 1) per position: read as binary digits, highest first."""
    if not flags:
        return 0
    return int(bytes(flags).translate(_TO_DIGITS)[::-1], 2)


# --- building ------------------------------------------------------------------------------


def _rows(sql: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def build(token: str) -> FacetIndex:
    """Read the live examples and their facet values into bitsets: one query for the positions,
    one for the title order, one per facet (pairs of value and example id)."""
    live = PracticeExample.objects.filter(live=True)
    # "newest first"; examples never published last on both databases
    newest = (
        F("year").desc(nulls_last=True),
        F("first_published_at").desc(nulls_last=True),
        "-id",
    )
    rows = list(live.order_by(*newest).values_list("id", "year"))
    n = len(rows)
    ids = array("q", (row[0] for row in rows))
    years = array("H", (row[1] or 0 for row in rows))  # 0: the source gives no year
    positions = {pk: position for position, pk in enumerate(ids)}
    table = PracticeExample._meta.db_table
    links = {
        "product_group": (
            "productgroup_id",
            "practiceexample_id",
            PracticeExample.product_groups.through._meta.db_table,
        ),
        "label": ("label_id", "practiceexample_id", PracticeExample.labels.through._meta.db_table),
        "kind": (
            "c.kind",
            "u.example_id",
            f"{PracticeCriterion._meta.db_table} u JOIN knowledge_criterion c "
            "ON c.id = u.criterion_id",
        ),
        "stage": ("stage", "example_id", PracticeCriterion._meta.db_table),
    }
    sources = {key: (column, "id", f"{table} WHERE live") for key, column in COLUMNS.items()}
    sources.update(links)
    masks: dict[str, dict[str, int]] = {}
    for key, (value, example, source) in sources.items():
        flags: dict[str, bytearray] = {}
        for found, pk in _rows(f"SELECT {value}, {example} FROM {source}"):
            position = positions.get(pk)
            if position is not None:
                flags.setdefault(str(found), bytearray(n))[position] = 1
        flags.pop("None", None)  # no value (a year the source does not give) is no facet option
        masks[key] = {found: _bitset(value_flags) for found, value_flags in flags.items()}
    by_title = live.order_by("title", "id").values_list("id", flat=True)
    title_order = array("l", (positions[pk] for pk in by_title))
    title_rank = array("l", [0]) * n
    for rank, position in enumerate(title_order):
        title_rank[position] = rank
    return FacetIndex(
        token=token,
        database=_database(),
        ids=ids,
        years=years,
        title_order=title_order,
        title_rank=title_rank,
        positions=positions,
        masks=masks,
        year_values=sorted(masks["year"], key=int, reverse=True),
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
