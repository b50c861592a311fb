"""The ``fengong`` command line."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from fengong.errors import FengongError

app = typer.Typer(add_completion=False, help="fengong (分工): policy documents → a graph of who does what, by when.")


class OutputFormat(str, Enum):
    json = "json"


@app.callback()
def main() -> None:
    """fengong command line."""


@app.command()
def extract(
    file: Annotated[Path, typer.Argument(help="A .txt, .html, .docx or .pdf policy document")],
    format: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format")] = OutputFormat.json,
) -> None:
    """Extract the plan graph of one document and print it."""
    from loaders.contract import to_contract
    from loaders.pipeline import extract_path

    try:
        extraction, _ = extract_path(file)
    except FengongError as exc:
        typer.echo(f"fengong: {exc}", err=True)
        raise typer.Exit(2) from None
    for warning in extraction.warnings:
        typer.echo(f"fengong: warning: {warning}", err=True)
    json.dump(to_contract(extraction), sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
