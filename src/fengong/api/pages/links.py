"""Where a page's data lives in other forms: the JSON resource and the CSV/XLSX exports (任务分工表).

Exports follow one scheme, ``/export.{ext}?plan=&jurisdiction=&unit=``, with the aliases
``/plans/{id}.{ext}`` and ``/units/{id}.{ext}``.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

TABLE_FORMATS = ("csv", "xlsx")


@dataclass(frozen=True, slots=True)
class Forms:
    """The links a page offers: its JSON resource, then each export by extension."""

    json: str
    exports: dict[str, str]


def with_query(path: str, **params: str | int | None) -> str:
    """``path`` with the parameters that have a value, in the order given."""
    given = {k: v for k, v in params.items() if v not in (None, "")}
    return f"{path}?{urlencode(given)}" if given else path


def segment(value: str) -> str:
    """An id as one path segment (mechanism ids are IRIs)."""
    return quote(value, safe="")


def export_forms(json: str, plan: str | None = None, jurisdiction: str | None = None, unit: str | None = None) -> Forms:
    """The JSON resource ``json`` and the exports of the same slice of the graph."""
    return Forms(json, {ext: with_query(f"/export.{ext}", plan=plan, jurisdiction=jurisdiction, unit=unit) for ext in TABLE_FORMATS})


def table_forms(path: str, **params: str | int | None) -> Forms:
    """A table route ``path`` (/targets, /checklist) with its query, and its files ``path.csv``/``.xlsx``."""
    return Forms(with_query(path, **params), {ext: with_query(f"{path}.{ext}", **params) for ext in TABLE_FORMATS})


def plan_forms(plan_id: str) -> Forms:
    return Forms(f"/plans/{segment(plan_id)}/outline", {ext: f"/plans/{segment(plan_id)}.{ext}" for ext in TABLE_FORMATS})


def unit_forms(unit_id: str) -> Forms:
    return Forms(f"/units/{segment(unit_id)}/co-owned-tasks", {ext: f"/units/{segment(unit_id)}.{ext}" for ext in TABLE_FORMATS})
