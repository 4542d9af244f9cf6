"""`tapeless measure-mesh PATH`: ISO 8559-1 measurements of an Anny-topology body mesh file."""

import json
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table
from tapeless.body.definitions import BY_NAME
from tapeless.body.measure import measure
from tapeless.body.meshfile import SUFFIXES, read_vertices
from tapeless.errors import TapelessError

from tapeless_local.cli import app

console = Console()


class Side(StrEnum):
    right = "right"
    left = "left"


@app.command("measure-mesh")
def measure_mesh(
    path: Path = typer.Argument(..., exists=True, dir_okay=False,
                                help=f"Body mesh in Anny topology and rest pose, metres ({', '.join(SUFFIXES)})."),
    as_json: bool = typer.Option(False, "--json", help='Print {"measurements": {name: {"value_cm": ...}}}.'),
    side: Side = typer.Option(Side.right, help="Body side for limb measurements (right is the ISO default)."),
) -> None:
    """Print the body measurements (ISO 8559-1 names and definitions) of a mesh file."""
    try:
        result = measure(read_vertices(path), side=side.value)
    except TapelessError as error:
        console.print(f"[red]{error.message}[/red]" + (f" — {error.advice}" if error.advice else ""))
        raise typer.Exit(code=2) from error
    if as_json:
        typer.echo(json.dumps(result.to_json(), indent=2))
        return
    table = Table(title=f"Body measurements of {path.name} ({side.value} side)")
    table.add_column("name")
    table.add_column("measurement")
    table.add_column("value", justify="right")
    table.add_column("standard")
    for name, value in result.values.items():
        definition = BY_NAME[name]
        table.add_row(name, definition.label, f"{value:.1f} {definition.unit}", definition.iso_clause)
    console.print(table)
