"""The background process behind `tapeless local up`, and the files it leaves in `.local-stack/`.

`python -m tapeless_local.stack.daemon --state-dir DIR [--port N] [--api-port N]` starts the stack,
writes `DIR/outputs.json` once it is up, and stops the stack on SIGTERM/SIGINT. The CLI writes
`DIR/stack.pid` and sends `DIR/stack.log` the process's output.
"""

import argparse
import json
import os
import signal
import threading
from dataclasses import dataclass
from pathlib import Path

from tapeless_local.stack.local_stack import REPO_ROOT, LocalStack, StackConfig

DEFAULT_STATE_DIR = REPO_ROOT / ".local-stack"
PROGRESS_PREFIX = "· "


@dataclass(frozen=True)
class StateFiles:
    """Where a background stack keeps its pid, log and outputs."""

    directory: Path

    @property
    def pid(self) -> Path:
        return self.directory / "stack.pid"

    @property
    def log(self) -> Path:
        return self.directory / "stack.log"

    @property
    def outputs(self) -> Path:
        return self.directory / "outputs.json"

    def running_pid(self) -> int | None:
        """The pid of a live background stack, or None (stale files are removed)."""
        if not self.pid.exists():
            return None
        pid = int(self.pid.read_text().strip())
        try:
            # Reap it if it is our own exited child (a zombie still answers kill(pid, 0)).
            if os.waitpid(pid, os.WNOHANG)[0] == pid:
                self.clear()
                return None
        except ChildProcessError:
            pass
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            self.clear()
            return None
        return pid

    def progress(self) -> list[str]:
        """The progress lines the starting stack has written to its log so far."""
        if not self.log.exists():
            return []
        lines = self.log.read_text().splitlines()
        return [line[len(PROGRESS_PREFIX):] for line in lines if line.startswith(PROGRESS_PREFIX)]

    def read_outputs(self) -> dict | None:
        return json.loads(self.outputs.read_text()) if self.outputs.exists() else None

    def clear(self) -> None:
        for path in (self.pid, self.outputs):
            path.unlink(missing_ok=True)


def serve(config: StackConfig, files: StateFiles) -> None:
    """Run the stack until SIGTERM or SIGINT; outputs.json exists exactly while it is up."""
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    signal.signal(signal.SIGINT, lambda *_: stopping.set())
    stack = LocalStack(config, on_progress=lambda message: print(f"{PROGRESS_PREFIX}{message}", flush=True))  # noqa: T201
    stack.start()
    try:
        outputs = {**stack.outputs, "StartupSeconds": round(stack.startup_s or 0.0, 3), "Pid": os.getpid()}
        temporary = files.outputs.with_suffix(".tmp")
        temporary.write_text(json.dumps(outputs, indent=2))
        temporary.replace(files.outputs)
        print(f"local stack up in {stack.startup_s:.2f} s: {json.dumps(outputs)}", flush=True)  # noqa: T201
        stopping.wait()
    finally:
        files.outputs.unlink(missing_ok=True)
        stack.stop()
        print("local stack stopped", flush=True)  # noqa: T201


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Run the embedded local AWS stack in the foreground.")
    parser.add_argument("--state-dir", type=Path, default=DEFAULT_STATE_DIR, help="Where outputs.json is written.")
    parser.add_argument("--port", type=int, default=4566, help="Emulator port (0 = any free port).")
    parser.add_argument("--api-port", type=int, default=8000, help="Local API port (0 = any free port).")
    parser.add_argument("--time-scale", type=float, default=1.0, help="Factor on ASL Retry/Wait intervals.")
    args = parser.parse_args(argv)
    args.state_dir.mkdir(parents=True, exist_ok=True)
    serve(StackConfig(port=args.port, api_port=args.api_port, time_scale=args.time_scale), StateFiles(args.state_dir))
    # The stack is stopped and its output flushed; skip the interpreter's teardown of moto's thousands of
    # objects, which takes seconds and has nothing left to do.
    os._exit(0)


if __name__ == "__main__":
    main()
