"""`tapeless capture` and `tapeless results`: the capture journey against a running stack."""

from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from tapeless_local.cli import app
from tapeless_local.cli.render import print_document, to_csv, to_json
from tapeless_local.client import ApiError
from tapeless_local.session import NoStackRunning, connect

console = Console()  # results
status_console = Console(stderr=True)  # progress and messages, so `--format json|csv` stdout stays parseable


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def run_capture_with_progress(client, front: Path, side: Path, console: Console = status_console,
                              **options) -> tuple[str, dict]:
    """Creates a capture, uploads both photos and shows the pipeline's progress until it ends."""
    with Progress(TextColumn("[bold]{task.description}"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"),
                  TimeElapsedColumn(), console=console, transient=False) as progress:
        task = progress.add_task("uploading", total=100)

        def show(status: dict) -> None:
            label = status.get("stage") or status["status"]
            progress.update(task, completed=status.get("progress", 0), description=f"{status['status']}: {label}")

        return client.capture(front, side, on_status=show, **options)


@app.command()
def capture(
    front: Path = typer.Argument(..., exists=True, dir_okay=False, help="Front photo (A-pose, card on the chest)."),
    side: Path = typer.Argument(..., exists=True, dir_okay=False, help="Side photo (profile, arms down)."),
    stature_cm: float | None = typer.Option(None, help="Your height in cm (improves scale)."),
    weight_kg: float | None = typer.Option(None, help="Your weight in kg (a soft prior)."),
    consent: bool = typer.Option(False, "--consent", help="Keep the raw photos after processing."),
    api_url: str | None = typer.Option(None, "--endpoint", "--api-url", help="API base URL (default: local stack)."),
    token: str | None = typer.Option(None, help="Cognito ID token (default: the local stack's CLI user)."),
    output: OutputFormat = typer.Option(OutputFormat.table, "--format", help="How to print the result."),
):
    """Run one capture through the pipeline and print its measurements with 90 % intervals."""
    try:
        client = connect(api_url, token).client()
        options = {"store_images": consent, "source": "cli"}
        if stature_cm is not None:
            options["stature_cm"] = stature_cm
        if weight_kg is not None:
            options["weight_kg"] = weight_kg
        capture_id, status = run_capture_with_progress(client, front, side, **options)
    except (NoStackRunning, ApiError) as error:
        status_console.print(f"[red]{error}[/red]")
        raise typer.Exit(2) from None
    status_console.print(f"capture [bold]{capture_id}[/bold]: {status['status']}")
    if status["status"] == "failed":
        failure = status.get("failure") or {}
        status_console.print(f"[red]{failure.get('message')}[/red]")
        if failure.get("advice"):
            status_console.print(f"advice: {failure['advice']}")
        raise typer.Exit(1)
    _print(client.results(capture_id), output)


@app.command()
def results(
    capture_id: str = typer.Argument(..., help="The capture id."),
    output: OutputFormat = typer.Option(OutputFormat.table, "--format", help="table, json or csv."),
    api_url: str | None = typer.Option(None, "--endpoint", "--api-url", help="API base URL (default: local stack)."),
    token: str | None = typer.Option(None, help="Cognito ID token (default: the local stack's CLI user)."),
):
    """Print a finished capture's result document."""
    try:
        document = connect(api_url, token).client().results(capture_id)
    except (NoStackRunning, ApiError) as error:
        status_console.print(f"[red]{error}[/red]")
        raise typer.Exit(2) from None
    _print(document, output)


def _print(document: dict, output: OutputFormat) -> None:
    if output is OutputFormat.json:
        print(to_json(document))
    elif output is OutputFormat.csv:
        print(to_csv(document), end="")
    else:
        print_document(console, document)
