"""`tapeless local up|down|status`: the embedded AWS stack as a background process."""

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from tapeless_local.cli import app
from tapeless_local.stack.daemon import DEFAULT_STATE_DIR, StateFiles

local_app = typer.Typer(no_args_is_help=True, help="The embedded local AWS stack (moto + template.yaml).")
app.add_typer(local_app, name="local")
console = Console()

_START_TIMEOUT_S = 120.0
_STOP_TIMEOUT_S = 15.0
_POLL_S = 0.1
_LOG_TAIL_LINES = 30


def _print_outputs(outputs: dict) -> None:
    table = Table(title="local stack", show_header=False)
    table.add_column("name", style="bold")
    table.add_column("value")
    for key, value in outputs.items():
        table.add_row(key, str(value))
    console.print(table)


def _log_tail(files: StateFiles) -> str:
    return "\n".join(files.log.read_text().splitlines()[-_LOG_TAIL_LINES:]) if files.log.exists() else ""


def _print_new_steps(files: StateFiles, already_shown: int) -> int:
    steps = files.progress()
    for step in steps[already_shown:]:
        console.print(f"[green]✓[/green] {step}")
    return len(steps)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/moto-api/config", timeout=2) as response:
            return response.status < 400
    except OSError:
        return False


@local_app.command()
def up(
    port: int = typer.Option(4566, help="Emulator port (LocalStack's edge port by default; 0 = any free port)."),
    api_port: int = typer.Option(8000, help="Port of the local Chalice API (0 = any free port)."),
    time_scale: float = typer.Option(1.0, help="Factor on ASL Retry/Wait intervals (e.g. 0.01 for fast tests)."),
    state_dir: Path = typer.Option(DEFAULT_STATE_DIR, help="Where the pid, log and outputs files live."),
):
    """Start the stack in the background and print its outputs (endpoint, API URL, names)."""
    files = StateFiles(state_dir)
    if files.running_pid() is not None:
        console.print(f"the local stack is already running (pid {files.running_pid()})")
        _print_outputs(files.read_outputs() or {})
        return
    state_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    command = [sys.executable, "-m", "tapeless_local.stack.daemon", "--state-dir", str(state_dir),
               "--port", str(port), "--api-port", str(api_port), "--time-scale", str(time_scale)]
    with files.log.open("w") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    files.pid.write_text(str(process.pid))
    shown = 0
    with console.status("starting moto, deploying template.yaml, serving the API…"):
        while files.read_outputs() is None:
            shown = _print_new_steps(files, shown)
            if process.poll() is not None or time.perf_counter() - started > _START_TIMEOUT_S:
                if process.poll() is None:
                    process.kill()
                files.clear()
                console.print(f"[red]the local stack did not start[/red]; log {files.log}:\n{_log_tail(files)}")
                raise typer.Exit(1)
            time.sleep(_POLL_S)
    _print_new_steps(files, shown)
    outputs = files.read_outputs()
    _print_outputs(outputs)
    console.print(
        f"stack up in {outputs['StartupSeconds']:.2f} s (command ready in {time.perf_counter() - started:.2f} s); "
        f"pid {process.pid}, log {files.log}. Stop it with `tapeless local down`."
    )


@local_app.command()
def down(state_dir: Path = typer.Option(DEFAULT_STATE_DIR, help="Where the pid, log and outputs files live.")):
    """Stop the background stack."""
    files = StateFiles(state_dir)
    pid = files.running_pid()
    if pid is None:
        console.print("the local stack is not running")
        return
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + _STOP_TIMEOUT_S
    with console.status(f"stopping the local stack (pid {pid})…"):
        while files.running_pid() is not None and time.monotonic() < deadline:
            time.sleep(_POLL_S)
    if files.running_pid() is not None:
        os.kill(pid, signal.SIGKILL)
    files.clear()
    console.print("local stack stopped")


@local_app.command()
def status(state_dir: Path = typer.Option(DEFAULT_STATE_DIR, help="Where the pid, log and outputs files live.")):
    """Say whether the background stack runs and answers, with its outputs."""
    files = StateFiles(state_dir)
    pid = files.running_pid()
    outputs = files.read_outputs()
    if pid is None:
        console.print("the local stack is not running")
        raise typer.Exit(1)
    if outputs is None:
        console.print(f"the local stack (pid {pid}) is still starting; log {files.log}")
        return
    answering = _answers(outputs["EndpointUrl"])
    _print_outputs(outputs)
    console.print(f"pid {pid}; emulator {'answers' if answering else '[red]does not answer[/red]'}")
    if not answering:
        raise typer.Exit(1)
