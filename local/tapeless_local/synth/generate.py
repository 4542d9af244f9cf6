"""Render many captures into `out_dir/<seed:06d>/`, with a progress bar; folders already rendered by this
version of the generator are kept."""

from __future__ import annotations

from pathlib import Path

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from tapeless_local.synth.capture import RenderOptions, is_current, render_capture


def capture_dir(out_dir: Path, seed: int) -> Path:
    return Path(out_dir) / f"{seed:06d}"


def generate(n: int, first_seed: int, out_dir: Path, options: RenderOptions = RenderOptions()) -> list[Path]:
    """Render seeds first_seed … first_seed + n − 1; returns the directories rendered (a seed that fails,
    e.g. a body the measurements cannot handle, is reported and skipped)."""
    directories = [capture_dir(out_dir, seed) for seed in range(first_seed, first_seed + n)]
    failed: list[Path] = []
    columns = (TextColumn("rendering"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns) as progress:
        task = progress.add_task("captures", total=n)
        for seed, directory in zip(range(first_seed, first_seed + n), directories, strict=True):
            if not is_current(directory):
                try:
                    render_capture(seed, directory, options)
                except Exception as error:  # one bad body must not stop a long run: report and go on
                    progress.console.print(f"seed {seed} skipped: {type(error).__name__}: {error}")
                    failed.append(directory)
            progress.advance(task)
    return [directory for directory in directories if directory not in failed]
