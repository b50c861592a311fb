"""Exports chosen by extension (like datasette's ``/plans/1.ttl``), the ontology and the JSON-LD @context.

A JSON-LD export links to the @context this service publishes at ``/context.jsonld`` (``?context=inline``
embeds it instead, for processors that expand offline); the files written by ``fengong export`` embed it.

``GET /export.{ext}`` is the graph's current plans, cut by ``plan`` (repeatable), ``jurisdiction``
(plans governing an area, by id or name, areas inside it included) and ``unit`` (the tasks a unit
is named on); ``GET /plans/{id}.{ext}`` and ``GET /units/{id}.{ext}`` are the same cut by one plan
or one unit. The extensions are those of :data:`graph.export.FORMATS`; a path whose extension is
none of them is not an export (``/plans/p-1`` is the plan as JSON). This router must be included
before the plans and units routers, whose ``/{id}`` would otherwise take ``p-1.ttl`` as an id.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response
from starlette.convertors import Convertor, register_url_convertor

from fengong.api.deps import StoreDep
from fengong.api.errors import ERROR_RESPONSES
from fengong.api.store import snapshot
from fengong.graph import rdf
from fengong.graph.export import FORMATS, format_of
from fengong.graph.export import export as export_snapshot
from fengong.graph.export.tables import table_csv
from fengong.graph.export.workbook import table_workbook
from fengong.ontology import SHAPES, VOCABULARY

ONTOLOGY = VOCABULARY

ExportExtension = StrEnum("ExportExtension", {ext: ext for ext in FORMATS})  # type: ignore[misc]


class ExportExtensionConvertor(Convertor[str]):
    """Matches only the known extensions, so ``/plans/p-1.json`` is an export and ``/plans/p-1`` is not."""

    regex = "|".join(sorted(FORMATS, key=len, reverse=True))

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("export_ext", ExportExtensionConvertor())

_MEDIA_TYPES = sorted({f.media_type.split(";")[0] for f in FORMATS.values()})
RESPONSES: dict[int | str, dict[str, Any]] = {
    **ERROR_RESPONSES,
    200: {
        "description": "The file, as an attachment: " + "; ".join(f"{e} — {f.description}" for e, f in FORMATS.items()),
        "content": {
            media: {"schema": {"type": "object"} if media.endswith("json") else {"type": "string", "format": "binary"}}
            for media in _MEDIA_TYPES
        },
    },
}
PlanFilter = Annotated[list[str] | None, Query(description="only these plans (ids; repeat for several)")]
JurisdictionFilter = Annotated[
    str | None, Query(description="only plans governing this area (id or name, e.g. 柳州市) or an area inside it")
]
UnitFilter = Annotated[str | None, Query(description="only the tasks this unit (id) is named on")]
ExtensionPath = Annotated[ExportExtension, Path(description="the format: " + ", ".join(FORMATS))]
ContextChoice = Annotated[
    Literal["link", "inline"],
    Query(
        description="JSON-LD only: `link` references the @context served at `/context.jsonld` (one context "
        "every export shares); `inline` embeds it, for processors that must expand offline"
    ),
]

router = APIRouter(tags=["exports"], responses=ERROR_RESPONSES)


def context_url(request: Request, choice: str) -> str | None:
    """The absolute URL of this service's ``/context.jsonld`` when the export links to it."""
    return str(request.url_for("context")) if choice == "link" else None


def attachment(data: bytes, ext: str, name: str) -> Response:
    """The export as a download named ``name.ext``, with the format's media type."""
    fmt = format_of(ext)
    disposition = f'attachment; filename="{name}.{fmt.extension}"'
    return Response(data, media_type=fmt.media_type, headers={"Content-Disposition": disposition})


TableExtension = Annotated[Literal["csv", "xlsx"], Path(description="csv or xlsx")]
TABLE_FILE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The table as an attachment: csv (UTF-8 with a BOM) or xlsx (one sheet)",
        "content": {FORMATS[e].media_type: {"schema": {"type": "string", "format": "binary"}} for e in ("csv", "xlsx")},
    }
}


def table_attachment(ext: str, name: str, title: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> Response:
    """A table route's file (the targets, the checklist): CSV, or a workbook of one sheet ``title``."""
    data = table_csv(columns, rows) if ext == "csv" else table_workbook(title, columns, rows)
    return attachment(data, ext, name)


@router.get("/export.{ext:export_ext}", summary="The graph (or a cut of it) as a file", responses=RESPONSES)
def export_graph(
    store: StoreDep,
    request: Request,
    ext: ExtensionPath,
    plan: PlanFilter = None,
    jurisdiction: JurisdictionFilter = None,
    unit: UnitFilter = None,
    context: ContextChoice = "link",
) -> Response:
    cut = snapshot(store, plans=plan, jurisdiction=jurisdiction, unit=unit)
    data = export_snapshot(cut, ext.value, context_url=context_url(request, context))
    return attachment(data, ext.value, "fengong")


@router.get("/plans/{plan_id}.{ext:export_ext}", summary="One plan as a file", responses=RESPONSES)
def export_plan(
    store: StoreDep, request: Request, plan_id: str, ext: ExtensionPath, context: ContextChoice = "link"
) -> Response:
    cut = snapshot(store, plans=[plan_id])
    return attachment(export_snapshot(cut, ext.value, context_url=context_url(request, context)), ext.value, plan_id)


@router.get("/units/{unit_id}.{ext:export_ext}", summary="The tasks of one unit as a file", responses=RESPONSES)
def export_unit(
    store: StoreDep,
    request: Request,
    unit_id: str,
    ext: ExtensionPath,
    jurisdiction: JurisdictionFilter = None,
    context: ContextChoice = "link",
) -> Response:
    cut = snapshot(store, unit=unit_id, jurisdiction=jurisdiction)
    return attachment(export_snapshot(cut, ext.value, context_url=context_url(request, context)), ext.value, unit_id)


@router.get(
    "/ontology.ttl",
    summary="The fengong OWL ontology (Turtle)",
    responses={200: {"content": {"text/turtle": {"schema": {"type": "string"}}}, "description": "OWL in Turtle"}},
)
def ontology() -> Response:
    return Response(ONTOLOGY.read_bytes(), media_type="text/turtle; charset=utf-8")


@router.get(
    "/shapes.ttl",
    summary="The SHACL shapes a valid fengong data graph meets (Turtle)",
    responses={200: {"content": {"text/turtle": {"schema": {"type": "string"}}}, "description": "SHACL in Turtle"}},
)
def shapes() -> Response:
    return Response(SHAPES.read_bytes(), media_type="text/turtle; charset=utf-8")


@router.get(
    "/context.jsonld",
    summary="The JSON-LD @context the JSON-LD exports use",
    responses={200: {"content": {"application/ld+json": {"schema": {"type": "object"}}}, "description": "@context"}},
)
def context() -> Response:
    return Response(rdf.CONTEXT_PATH.read_bytes(), media_type="application/ld+json")
