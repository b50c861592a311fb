"""The ``fengong`` command line: extract documents (more commands join as the graph grows)."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from fengong.errors import FengongError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="fengong (分工): policy documents → a graph of who must do what, by when.",
)

SUPPORTED = {".txt", ".html", ".htm", ".docx", ".pdf"}


class OutputFormat(StrEnum):
    json = "json"


@app.callback()
def main() -> None:
    """fengong command line."""


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
    from loaders.contract import to_contract
    from loaders.pipeline import extract_path

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

    from loaders.contract import to_contract
    from loaders.pipeline import extract_path

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


def _fail(message: str) -> typer.Exit:
    typer.echo(f"fengong: {message}", err=True)
    raise typer.Exit(2)
