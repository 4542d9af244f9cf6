"""`tapeless demo`: the product's main job on the embedded stack, start to finish."""

import json
import sys
import time
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from tapeless_local.cli import app
from tapeless_local.cli.capture import run_capture_with_progress
from tapeless_local.cli.render import print_document
from tapeless_local.client import TapelessClient
from tapeless_local.execution_report import state_timings
from tapeless_local.stack import LocalStack, StackConfig

# Pinned to the terminal: while the stack runs, stdout/stderr (the handlers' structured logs and the
# servers' request lines) go to the demo log instead.
console = Console(file=sys.stdout)
SAMPLES_DIR = Path(__file__).resolve().parents[3] / "samples" / "captures"
DEMO_USER = "demo@tapeless.local"
DEMO_PASSWORD = "Tapeless-Demo-1"
DEMO_LOG = Path(__file__).resolve().parents[3] / ".local-stack" / "demo.log"


def first_sample() -> Path:
    samples = sorted(p for p in SAMPLES_DIR.iterdir() if (p / "front.jpg").exists()) if SAMPLES_DIR.exists() else []
    if not samples:
        raise typer.BadParameter(f"no sample captures in {SAMPLES_DIR}")
    return samples[0]


def print_timings(console: Console, timings) -> None:
    table = Table(title="Step Functions execution")
    table.add_column("state")
    table.add_column("seconds", justify="right")
    table.add_column("outcome")
    for timing in timings:
        table.add_row(timing.name, f"{timing.seconds:.2f}", timing.outcome)
    console.print(table)


@app.command()
def demo(
    sample: Path | None = typer.Option(None, help="A folder with front.jpg, side.jpg (and truth.json)."),
    port: int = typer.Option(0, help="Emulator port (0 = any free port)."),
    api_port: int = typer.Option(0, help="API port (0 = any free port)."),
):
    """Start the embedded stack, run one real capture through the pipeline, print it, stop."""
    folder = sample or first_sample()
    truth_path = folder / "truth.json"
    truth = json.loads(truth_path.read_text()) if truth_path.exists() else {}
    started = time.perf_counter()
    DEMO_LOG.parent.mkdir(exist_ok=True)
    with DEMO_LOG.open("w") as log, redirect_stdout(log), redirect_stderr(log):
        _run(folder, truth, port, api_port)
    console.print(f"demo finished in {time.perf_counter() - started:.1f} s; stack stopped; "
                  f"handler logs in {DEMO_LOG.relative_to(Path.cwd()) if DEMO_LOG.is_relative_to(Path.cwd()) else DEMO_LOG}")


def _run(folder: Path, truth: dict, port: int, api_port: int) -> None:
    with console.status("Starting the embedded AWS stack (moto + template.yaml)…"):
        stack = LocalStack(StackConfig(port=port, api_port=api_port))
        stack.start()
    try:
        console.print(f"stack up in {stack.startup_s:.1f} s — API {stack.api_url}, emulator {stack.endpoint_url}")
        token = stack.create_user(DEMO_USER, DEMO_PASSWORD)["IdToken"]
        client = TapelessClient(stack.api_url, token)
        options = {"store_images": False, "source": "cli"}
        if "stature_cm" in truth:
            options["stature_cm"] = round(float(truth["stature_cm"]), 1)
        console.print(f"capture of [bold]{folder.name}[/bold] (stature given: {options.get('stature_cm', 'no')})")
        capture_id, status = run_capture_with_progress(client, folder / "front.jpg", folder / "side.jpg",
                                                       console=console, **options)
        execution_arn = stack.client("stepfunctions").list_executions(
            stateMachineArn=stack.outputs["CapturePipelineArn"])["executions"][0]["executionArn"]
        print_timings(console, state_timings(stack.client("stepfunctions"), execution_arn))
        console.print(f"capture {capture_id}: [bold]{status['status']}[/bold]")
        if status["status"] != "done":
            failure = status.get("failure") or {}
            console.print(f"[red]{failure.get('message')}[/red] {failure.get('advice') or ''}")
            raise typer.Exit(1)
        document = client.results(capture_id)
        print_document(console, document)
        _compare_with_truth(document, truth)
        raw_left = stack.client("s3").list_objects_v2(Bucket=stack.outputs["PhotosBucketName"],
                                                      Prefix="raw/").get("KeyCount", 0)
        console.print(f"raw photos left in the bucket (no consent): {raw_left}")
    finally:
        stack.stop()


def _compare_with_truth(document: dict, truth: dict) -> None:
    true_values = truth.get("measurements") or {}
    measured = document.get("measurements") or {}
    common = [n for n in measured if n in true_values and measured[n].get("value_cm") is not None]
    if not common:
        return
    errors = [abs(measured[n]["value_cm"] - float(true_values[n])) for n in common]
    inside = sum(1 for n in common if (measured[n].get("low_cm") or -1e9) <= float(true_values[n])
                 <= (measured[n].get("high_cm") or 1e9))
    console.print(f"against this synthetic capture's truth: mean absolute error {sum(errors) / len(errors):.2f} cm "
                  f"over {len(common)} measurements; {inside}/{len(common)} inside their 90 % intervals")
