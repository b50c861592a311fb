"""Arrow tables for LadybugDB: the typed batches every write hands the engine, and ``COPY``.

Every batch goes in as an Arrow table with one typed column per schema property (``LOAD FROM
$rows``): converting a list of Python maps for ``UNWIND`` took 30 times longer than writing.
A bulk load (:meth:`LadybugStore.bulk_load`) ``COPY``s a group of documents into each table
that is empty when it starts, far faster still, and checks the counts before committing.
``COPY`` goes only into empty tables: in LadybugDB 0.22 a ``ROLLBACK`` after a ``COPY`` into a
non-empty table corrupts the process's memory (it dies at the next statement), and ``COPY``
refuses duplicate keys. Tables already holding rows get the usual batched statements.
"""

from __future__ import annotations

import pyarrow as pa

from fengong.errors import FengongError
from fengong.graph.rows import Row
from fengong.graph.writes import Group
from fengong.ontology.schema import BOOL, FLOAT, INT, STRING

ARROW_TYPES = {STRING: pa.string(), INT: pa.int64(), FLOAT: pa.float64(), BOOL: pa.bool_()}


def arrow_table(columns: dict[str, str], rows: list[Row]) -> pa.Table:
    """One typed Arrow column per schema property, in the table's declared order (COPY maps by position)."""
    try:
        return pa.table({name: pa.array([r[name] for r in rows], type=ARROW_TYPES[t]) for name, t in columns.items()})
    except (pa.ArrowInvalid, pa.ArrowTypeError) as e:
        raise FengongError(f"embedded store: a value does not fit the schema ({e})") from e


def verify_copies(written: dict[str, int], group: Group, copied: set[str]) -> None:
    """Each table that was empty holds exactly the group's rows, or nothing is kept."""
    expected = {name: len(group.nodes.get(name, {})) + len(group.rels.get(name, [])) for name in copied}
    wrong = {name: (written[name], n) for name, n in expected.items() if written[name] != n}
    if wrong:
        detail = ", ".join(f"{name} {got} instead of {want}" for name, (got, want) in wrong.items())
        raise FengongError(f"bulk load wrote the wrong number of rows ({detail}); nothing was kept")
