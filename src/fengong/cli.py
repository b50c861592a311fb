"""The ``fengong`` command line: extract documents, load them into the graph store, ask the stored queries."""

from __future__ import annotations

import json
import sys
from collections import Counter
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from fengong.data import BUNDLED_CORPUS
from fengong.errors import FengongError, StoreInUse
from fengong.graph.config import DEFAULT_DB

if TYPE_CHECKING:
    from collections.abc import Iterator

    from fengong.graph.analytics import ResponsibilityAnalysis
    from fengong.graph.rows import GraphRows
    from fengong.graph.store import GraphStore
    from fengong.ontology.model import Extraction

    Extracted = tuple[Path, Extraction, GraphRows]  # a document ready to load

app = typer.Typer(
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="fengong (分工): policy documents → a graph of who must do what, by when.",
)

SUPPORTED = {".txt", ".html", ".htm", ".docx", ".pdf"}


class OutputFormat(StrEnum):
    json = "json"


class QueryFormat(StrEnum):
    table = "table"
    json = "json"


class StoreBackend(StrEnum):
    embedded = "embedded"
    neo4j = "neo4j"



StoreOption = Annotated[
    StoreBackend, typer.Option("--store", envvar="FENGONG_STORE", help="Graph store: embedded (LadybugDB) or neo4j")
]
DbOption = Annotated[
    Path, typer.Option("--db", envvar="FENGONG_DB", help="Embedded store directory (with --store embedded)")
]


def _version(asked: bool) -> None:
    if asked:
        from fengong import __version__

        typer.echo(f"fengong {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def main(
    context: typer.Context,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit")
    ] = False,
) -> None:
    """fengong command line (FENGONG_STORE and FENGONG_DB choose the store for every command)."""
    from fengong.ontology import data_namespace

    try:
        data_namespace()  # FENGONG_DATA_IRI, read where RDF is written: a bad one is one line, not a traceback
    except FengongError as exc:
        raise _fail(str(exc)) from None
    if context.invoked_subcommand is None:
        typer.echo(context.get_help())
        raise typer.Exit()


def _documents(paths: list[Path]) -> list[Path]:
    """Files as given, and supported files inside folders (sorted), or a clear error."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED))
        elif path.exists():
            found.append(path)
        else:
            raise FengongError(f"文件不存在 (file not found): {path}")
    if not found:
        raise FengongError("no documents found (supported: " + ", ".join(sorted(SUPPORTED)) + ")")
    return found


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Documents (.txt .html .docx .pdf) or folders of them")],
    format: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format")] = OutputFormat.json,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write one <name>.json per document into this folder")
    ] = None,
) -> None:
    """Extract the plan graph of each document: to stdout for one file, else into --out."""
    from fengong.loaders.contract import to_contract
    from fengong.loaders.pipeline import extract_path

    try:
        files = _documents(paths)
    except FengongError as exc:
        _fail(str(exc))
    if out is None and len(files) == 1:
        try:
            extraction, _ = extract_path(files[0])
        except FengongError as exc:
            _fail(str(exc))
        for warning in extraction.warnings:
            typer.echo(f"fengong: warning: {warning}", err=True)
        json.dump(to_contract(extraction), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return
    _extract_many(files, out or Path("var/extractions"))


def _extract_many(files: list[Path], out: Path) -> None:
    from rich.console import Console
    from rich.progress import Progress
    from rich.table import Table

    from fengong.loaders.contract import to_contract
    from fengong.loaders.pipeline import extract_path

    console = Console(stderr=True)
    out.mkdir(parents=True, exist_ok=True)
    table = Table("document", "plan", "tasks", "assignments", "targets", "mechanisms", title=f"written to {out}/")
    failures = 0
    with Progress(console=console, transient=True) as progress:
        job = progress.add_task("extracting", total=len(files))
        for path in files:
            try:
                extraction, _ = extract_path(path)
            except FengongError as exc:
                console.print(f"[red]fengong: {exc}[/red]")
                failures += 1
                progress.advance(job)
                continue
            data = to_contract(extraction)
            (out / f"{path.stem}.json").write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
            table.add_row(
                path.name,
                (extraction.plan.title or "?")[:30],
                str(len(extraction.tasks)),
                str(sum(len(t.assignments) for t in extraction.tasks)),
                str(len(extraction.targets)),
                str(len(data["mechanisms"])),
            )
            progress.advance(job)
    console.print(table)
    if failures:
        raise typer.Exit(1)


def _open_store(backend: StoreBackend, db: Path) -> GraphStore:
    """The chosen store with its schema in place; Neo4j is configured by FENGONG_NEO4J_URI/USER/PASSWORD."""
    from fengong.graph.config import StoreSettings, open_configured_store

    return open_configured_store(StoreSettings(store=backend.value, db=db))


@app.command()
def load(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Documents (.txt .html .docx .pdf) or folders of them; none: the bundled corpus"),
    ] = None,
    store: StoreOption = StoreBackend.embedded,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Extract each document and load it into the graph store: documents go in groups, one
    transaction each; a group that fails is loaded again one document per transaction."""

    try:
        files = _documents(paths or [BUNDLED_CORPUS])
        graph = _open_store(store, db)
    except StoreInUse as exc:
        _fail(f"{exc}: stop it, upload through it (POST /documents with FENGONG_API_KEY), or load into another --db")
    except FengongError as exc:
        _fail(str(exc))
    try:
        statuses = _load_files(graph, files, str(db) if store is StoreBackend.embedded else "Neo4j")
    finally:
        graph.close()
    if statuses["failed"]:
        raise typer.Exit(1)


def _load_files(graph: GraphStore, files: list[Path], where: str) -> Counter[str]:
    """Extract each file and load them in groups (one transaction per group, or per document
    when a group fails) with a progress bar, then print a table; the statuses counted."""
    from rich.console import Console
    from rich.progress import Progress
    from rich.table import Table

    from fengong.graph.rows import rows_of
    from fengong.graph.store import in_groups, load_documents
    from fengong.loaders.pipeline import extract_path

    console = Console(stderr=True, width=None if sys.stderr.isatty() else 160)
    table = Table("document", "plan", "status", "tasks", "assignments", title=f"loaded into {where}")
    statuses: Counter[str] = Counter()

    def failed(path: Path, error: FengongError) -> None:
        console.print(f"[red]fengong: {path.name}: {error}[/red]")
        statuses["failed"] += 1
        progress.advance(job)

    def extracted() -> Iterator[Extracted]:
        for path in files:
            try:
                extraction, _ = extract_path(path)
            except FengongError as exc:
                failed(path, exc)
                continue
            yield path, extraction, rows_of(extraction)

    def load(group: list[Extracted]) -> None:
        for (path, extraction, _), outcome in zip(group, load_documents(graph, [g[2] for g in group]), strict=True):
            if isinstance(outcome, FengongError):
                failed(path, outcome)
                continue
            statuses[outcome.status] += 1
            status = outcome.status + (f" ({outcome.superseded})" if outcome.superseded else "")
            assignments = sum(len(t.assignments) for t in extraction.tasks)
            table.add_row(path.name, outcome.plan_id, status, str(len(extraction.tasks)), str(assignments))
            progress.advance(job)

    with Progress(console=console, transient=True) as progress:
        job = progress.add_task("loading", total=len(files))
        for group in in_groups(extracted(), rows_of=lambda item: item[2]):
            load(group)
    console.print(table)
    console.print(", ".join(f"{statuses[s]} {s}" for s in ("loaded", "unchanged", "replaced", "failed")))
    return statuses


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on")] = 8000,
    db: Annotated[
        Path | None, typer.Option("--db", help="Embedded store directory (default FENGONG_DB or var/fengong.lbug)")
    ] = None,
    store: Annotated[
        StoreBackend | None, typer.Option("--store", help="Graph store (default FENGONG_STORE or embedded)")
    ] = None,
) -> None:
    """Serve the HTTP API (OpenAPI docs at /docs); an empty embedded store first gets the bundled corpus."""
    import uvicorn
    from pydantic import ValidationError

    from fengong.api.main import create_app
    from fengong.api.routes.views import keep_explorer_warm
    from fengong.api.settings import Settings, default_hosts_for
    from fengong.graph.config import open_configured_store

    overrides: dict[str, Any] = {"db": db} if db is not None else {}
    if store is not None:
        overrides["store"] = store.value
    try:
        settings = Settings(**overrides)
        if settings.allowed_hosts is None:
            settings = settings.model_copy(update={"allowed_hosts": default_hosts_for(host)})
        graph = open_configured_store(settings)
    except ValidationError as exc:
        _fail(f"bad FENGONG_* setting: {exc}")
    except FengongError as exc:
        _fail(str(exc))
    try:
        empty = not graph.run("MATCH (p:Plan) RETURN count(p) AS n")[0]["n"]
        if settings.store == StoreBackend.embedded.value and empty and BUNDLED_CORPUS.is_dir():
            typer.echo(f"fengong: the store at {settings.db} is empty; loading the bundled corpus first", err=True)
            _load_files(graph, _documents([BUNDLED_CORPUS]), str(settings.db))
    except FengongError as exc:
        graph.close()
        _fail(str(exc))
    except BaseException:
        graph.close()
        raise
    typer.echo(f"fengong: serving on http://{host}:{port}/ (API docs at http://{host}:{port}/docs)", err=True)
    typer.echo(f"fengong: answering requests for the host names {settings.allowed_hosts} (FENGONG_ALLOWED_HOSTS)", err=True)
    # SIGTERM / Ctrl-C: requests still running after 5 s are cut, so a stop never waits on a long query
    app = create_app(settings, graph)
    keep_explorer_warm(app.state.graph)  # the network page's data, built before the first reader asks
    uvicorn.run(app, host=host, port=port, timeout_graceful_shutdown=5)


def _parameters(pairs: list[str]) -> dict[str, str]:
    """``k=v`` pairs as a dict; anything else is an error."""
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise FengongError(f"--param wants key=value, not {pair!r}")
        out[key.strip()] = value
    return out


@app.command()
def query(
    name: Annotated[str | None, typer.Argument(help="A query of the catalogue (see --list)")] = None,
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="A parameter as key=value (repeatable)")
    ] = None,
    list_: Annotated[bool, typer.Option("--list", help="List the catalogue and exit")] = False,
    store: StoreOption = StoreBackend.embedded,
    db: DbOption = DEFAULT_DB,
    format: Annotated[QueryFormat, typer.Option("--format", "-f", help="Output format")] = QueryFormat.table,
) -> None:
    """Run a stored query of the catalogue (queries/*.cypher) on the graph store."""
    from fengong.queries import catalogue, get_query, run_query

    if list_ or name is None:
        _print_catalogue(catalogue())
        return
    try:
        get_query(name).bind(_parameters(param or []))  # check parameters before opening a store
        graph = _open_existing_store(store, db)
        try:
            rows = run_query(graph, name, _parameters(param or []))
        finally:
            graph.close()
    except FengongError as exc:
        _fail(str(exc))
    if format is QueryFormat.json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        _print_rows(name, rows, get_query(name).returns)


def _print_catalogue(queries: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table("query", "parameters", "returns", "description", title="fengong query catalogue", show_lines=True)
    for q in queries.values():
        params = "\n".join(
            f"{p.name} ({p.type}{'' if p.required else ', optional'})" + (f" — {p.meaning}" if p.meaning else "")
            for p in q.parameters
        )
        table.add_row(q.name, params, ", ".join(q.returns), q.description)
    Console(width=None if sys.stdout.isatty() else 200).print(table)


def _cell(value: Any) -> str:
    """A value as table text: lists one item per line, maps as their values but the id."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return " ".join(_cell(v) for k, v in value.items() if v is not None and k != "id")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _print_rows(name: str, rows: list[dict[str, Any]], columns: tuple[str, ...]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(*columns, title=f"{name}: {len(rows)} rows", show_lines=True)
    for row in rows:
        table.add_row(*(_cell(row.get(c)) for c in columns))
    Console(width=None if sys.stdout.isatty() else 240).print(table)


class ExportFormat(StrEnum):
    """The extensions of graph.export.FORMATS (listed here so that --help needs no heavy import)."""

    ttl = "ttl"
    nt = "nt"
    jsonld = "jsonld"
    json = "json"
    csv = "csv"
    graphml = "graphml"
    gexf = "gexf"
    xlsx = "xlsx"


def _open_existing_store(backend: StoreBackend, db: Path) -> GraphStore:
    """The store to read from; an embedded store that does not exist yet is an error, not a new empty one.

    An embedded store a running server holds is opened read-only beside it.
    """
    from fengong.graph.ladybug_store import LadybugStore

    if backend is StoreBackend.embedded and not db.exists():
        raise FengongError(f"no graph store at {db}: load documents first (fengong load …) or give --db")
    try:
        return _open_store(backend, db)
    except StoreInUse:
        typer.echo(f"fengong: {db} is in use by a running server; reading it read-only", err=True)
        return LadybugStore(db, read_only=True)


@app.command("export")
def export_graph(
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help="File format")],
    plan: Annotated[list[str] | None, typer.Option("--plan", help="Only this plan (id; repeatable)")] = None,
    jurisdiction: Annotated[
        str | None, typer.Option("--jurisdiction", help="Only plans governing this area (id or name) or one inside it")
    ] = None,
    unit: Annotated[str | None, typer.Option("--unit", help="Only the tasks this unit (id) is named on")] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write to this file (default: stdout)")] = None,
    context_url: Annotated[
        str | None,
        typer.Option("--context-url", help="JSON-LD: reference the @context at this URL instead of embedding it"),
    ] = None,
    store: StoreOption = StoreBackend.embedded,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Export the current plans (or a cut of them) as RDF, node-link JSON, 任务分工表 CSV/XLSX, GraphML or GEXF."""
    from fengong.graph.export import export
    from fengong.graph.snapshot import read_snapshot

    if out is None and format is ExportFormat.xlsx and sys.stdout.isatty():
        _fail("an xlsx workbook is binary: write it to a file with --out")
    try:
        graph = _open_existing_store(store, db)
        try:
            snapshot = read_snapshot(graph, plans=plan, jurisdiction=jurisdiction, unit=unit)
        finally:
            graph.close()
        data = export(snapshot, format.value, context_url=context_url)
    except FengongError as exc:
        _fail(str(exc))
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        out.write_bytes(data)
        typer.echo(f"fengong: wrote {len(data):,} bytes to {out}", err=True)


@app.command()
def stats(
    plan: Annotated[str | None, typer.Option("--plan", help="Only this plan (id)")] = None,
    jurisdiction: Annotated[
        str | None, typer.Option("--jurisdiction", help="Only units in this area (id or name) or one inside it")
    ] = None,
    top: Annotated[int, typer.Option("--top", min=0, help="Units in the table (0: all)")] = 20,
    format: Annotated[QueryFormat, typer.Option("--format", "-f", help="Output format")] = QueryFormat.table,
    store: StoreOption = StoreBackend.embedded,
    db: DbOption = DEFAULT_DB,
) -> None:
    """How responsibility is distributed: workload per unit, top share and Gini of leads, betweenness, communities."""
    from fengong.graph.analytics import analyse_store

    try:
        graph = _open_existing_store(store, db)
        try:
            analysis = analyse_store(graph, plan, jurisdiction)
        finally:
            graph.close()
    except FengongError as exc:
        _fail(str(exc))
    if format is QueryFormat.json:
        sys.stdout.write(analysis.to_json(indent=1) + "\n")
    else:
        _print_analysis(analysis, top)


def _print_analysis(analysis: ResponsibilityAnalysis, top: int) -> None:
    from rich.console import Console
    from rich.table import Table

    c = analysis.concentration
    scope = ", ".join(f"{k} {v}" for k, v in (("plan", analysis.plan), ("jurisdiction", analysis.jurisdiction)) if v)
    console = Console(width=None if sys.stdout.isatty() else 200)
    console.print(
        f"{analysis.task_count} tasks, {analysis.unit_count} units, {analysis.pair_count} pairs sharing tasks"
        + (f" ({scope})" if scope else "")
    )
    leader = f"{c.top_unit_name} leads {c.top_share:.1%}" if c.top_unit_name else "no unit leads a task"
    console.print(f"lead assignments (牵头) {c.lead_assignments}: {leader}; Gini of lead counts {c.gini:.3f}")
    shown = analysis.units[:top] if top else analysis.units
    table = Table(
        "unit", "jurisdiction", "led", "supported", "responsible", "tasks", "partners", "betweenness", "community",
        title=f"units by tasks ({len(shown)} of {len(analysis.units)})",
    )
    for u in shown:
        numbers = (u.led, u.supported, u.responsible, u.tasks, u.partners)
        table.add_row(u.name, u.jurisdiction or "", *map(str, numbers), f"{u.betweenness:.3f}", str(u.community))
    console.print(table)
    for community in analysis.communities:
        console.print(f"community {community.index} ({len(community.names)}): {'、'.join(community.names)}")


def _fail(message: str) -> typer.Exit:
    typer.echo(f"fengong: {message}", err=True)
    raise typer.Exit(2)
