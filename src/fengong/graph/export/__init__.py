"""File exports of a snapshot, chosen by extension like datasette's renderers (``/plans/1.ttl``).

Filtering (a plan, a jurisdiction, a unit) happens in :func:`graph.snapshot.read_snapshot`;
every export here takes the snapshot as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pyoxigraph as ox

from fengong.errors import BadInput
from fengong.graph import rdf
from fengong.graph.export import network, tables, workbook
from fengong.graph.snapshot import Snapshot


@dataclass(frozen=True, slots=True)
class ExportFormat:
    extension: str
    media_type: str
    description: str
    write: Callable[[Snapshot], bytes]


def _jsonld(snapshot: Snapshot) -> bytes:
    return rdf.to_jsonld(rdf.triples(snapshot))


FORMATS: dict[str, ExportFormat] = {
    f.extension: f
    for f in (
        ExportFormat("ttl", "text/turtle; charset=utf-8", "RDF, Turtle", lambda s: rdf.serialize(s, ox.RdfFormat.TURTLE)),
        ExportFormat("nt", "application/n-triples", "RDF, N-Triples", lambda s: rdf.serialize(s, ox.RdfFormat.N_TRIPLES)),
        ExportFormat("jsonld", "application/ld+json", "RDF, JSON-LD with the fengong @context", _jsonld),
        ExportFormat("json", "application/json", "node-link JSON (networkx, d3)", network.node_link_json),
        ExportFormat("csv", "text/csv; charset=utf-8", "任务分工表, one row per task (UTF-8 with BOM)", tables.task_table_csv),
        ExportFormat("graphml", "application/graphml+xml", "GraphML (Gephi, yEd, networkx)", network.graphml),
        ExportFormat("gexf", "application/gexf+xml", "GEXF (Gephi)", network.gexf),
        ExportFormat(
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "任务分工表 workbook: a sheet per plan and per unit",
            workbook.task_workbook,
        ),
    )
}


def export(snapshot: Snapshot, fmt: str, *, context_url: str | None = None) -> bytes:
    """The snapshot in format ``fmt`` (an extension of :data:`FORMATS`). ``context_url`` makes a JSON-LD
    export reference its @context by that URL instead of embedding it; other formats ignore it."""
    chosen = format_of(fmt)
    if context_url is not None and chosen.write is _jsonld:
        return rdf.to_jsonld(rdf.triples(snapshot), context_url)
    return chosen.write(snapshot)


def format_of(fmt: str) -> ExportFormat:
    try:
        return FORMATS[fmt.lower().lstrip(".")]
    except KeyError:
        raise BadInput(f"unknown export format {fmt!r} (choose from: {', '.join(FORMATS)})") from None
