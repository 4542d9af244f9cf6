"""`tapeless synth`: render synthetic captures with ground truth (front/side photos, masks, truth.json)."""

from pathlib import Path

import typer

from tapeless_local.cli import app
from tapeless_local.synth import RenderOptions, generate


@app.command()
def synth(
    n: int = typer.Option(20, help="Number of captures to render."),
    first_seed: int = typer.Option(0, help="Seed of the first capture (a seed is a capture)."),
    out: Path = typer.Option(Path("data/synth"), help="Output folder, one sub-folder per seed."),
    width: int = typer.Option(RenderOptions.width_px, help="Photo width in pixels (3:4 portrait)."),
):
    """Render synthetic two-photo captures whose true measurements are known exactly."""
    folders = generate(n, first_seed, out, RenderOptions(width_px=width))
    typer.echo(f"{len(folders)} captures in {out}")
