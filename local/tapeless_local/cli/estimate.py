"""`tapeless estimate FRONT SIDE`: photos to measurements in-process, no AWS (the Lambdas' own code)."""

import json
from pathlib import Path

import typer
from rich.console import Console

from tapeless_local.cli import app
from tapeless_local.cli.render import print_document

console = Console()


@app.command()
def estimate(
    front: Path = typer.Argument(..., exists=True, dir_okay=False, help="Front photo (A-pose, card on the chest)."),
    side: Path = typer.Argument(..., exists=True, dir_okay=False, help="Side photo (profile, arms down)."),
    stature_cm: float = typer.Option(None, "--stature-cm", help="Your height in cm (else the card gives the scale)."),
    weight_kg: float = typer.Option(None, "--weight-kg", help="Optional weight in kg (a soft prior)."),
    gender: str = typer.Option(None, "--gender", help="Optional: female or male (a soft prior)."),
    as_json: bool = typer.Option(False, "--json", help="Print the result document as JSON."),
    mesh_out: Path = typer.Option(None, "--mesh-out", help="Write the fitted rest-pose body (.obj or .glb)."),
    overlay_dir: Path = typer.Option(None, "--overlay-dir", help="Write the debug overlays (JPEG) here."),
) -> None:
    """Estimate body measurements with 90 % intervals from a front and a side photo."""
    from tapeless.body.estimate import estimate as run_estimate
    from tapeless.body.export import write_glb, write_obj
    from tapeless.body.model import BodyModel
    from tapeless.body.result import error_document
    from tapeless.errors import TapelessError

    try:
        result = run_estimate(front.read_bytes(), side.read_bytes(), stature_cm=stature_cm, weight_kg=weight_kg,
                              gender=gender)
    except TapelessError as error:
        if as_json:
            typer.echo(json.dumps(error_document(error), indent=2))
        else:
            console.print(f"[bold red]{error.code}[/bold red]: {error.message}")
            if error.advice:
                console.print(f"  • {error.advice}")
        raise typer.Exit(code=1) from error
    document = result.to_dict()
    if mesh_out is not None:
        writer = write_glb if mesh_out.suffix.lower() == ".glb" else write_obj
        writer(mesh_out, result.artifacts["rest_vertices"], BodyModel.load().faces)
    if overlay_dir is not None:
        overlay_dir.mkdir(parents=True, exist_ok=True)
        for view in ("front", "side"):
            data = result.artifacts.get(f"overlay_{view}_jpeg")
            if data:
                (overlay_dir / f"overlay_{view}.jpg").write_bytes(data)
    if as_json:
        typer.echo(json.dumps(document, indent=2))
    else:
        print_document(console, document)
        console.print(f"{result.seconds:.1f} s")
