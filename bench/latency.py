"""End-to-end latency on the embedded stack: `POST /captures` → `done`, with the per-stage breakdown.

    python bench/latency.py [--n 20]

Prints p50/p95 of the whole journey (create, upload both photos, pipeline, status polling) and the
median seconds of each pipeline stage as recorded on the capture. No asserts: this is a measurement.
"""

import argparse
import statistics
import sys
import time
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table
from tapeless_local.client import TapelessClient
from tapeless_local.stack import LocalStack, StackConfig

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "captures"
LOG = Path(__file__).resolve().parents[1] / ".local-stack" / "latency.log"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=20, help="number of captures (default 20)")
    args = parser.parse_args(argv)
    console = Console(file=sys.stdout)  # the handlers' logs go to LOG, the tables to the terminal
    samples = sorted(p for p in SAMPLES.iterdir() if (p / "front.jpg").exists())
    LOG.parent.mkdir(exist_ok=True)
    with LOG.open("w") as log, redirect_stdout(log), redirect_stderr(log), \
            LocalStack(StackConfig(port=0, api_port=0)) as stack:
        client = TapelessClient(stack.api_url, stack.create_user("bench@tapeless.local", "Tapeless-Bench-1")["IdToken"])
        totals, stages, outcomes = [], {}, {}
        for i in range(args.n):
            folder = samples[i % len(samples)]
            started = time.perf_counter()
            capture_id, status = client.capture(folder / "front.jpg", folder / "side.jpg", stature_cm=170)
            totals.append(time.perf_counter() - started)
            outcomes[status["status"]] = outcomes.get(status["status"], 0) + 1
            for stage, seconds in (status.get("stage_seconds") or {}).items():
                stages.setdefault(stage, []).append(seconds)
            console.print(f"{i + 1:>3}/{args.n} {folder.name}: {status['status']} in {totals[-1]:.2f} s")
    table = Table(title=f"End-to-end latency on the embedded stack, n={args.n} ({outcomes})")
    table.add_column("measure")
    table.add_column("seconds", justify="right")
    table.add_row("POST /captures → done, p50", f"{np.percentile(totals, 50):.2f}")
    table.add_row("POST /captures → done, p95", f"{np.percentile(totals, 95):.2f}")
    for stage, values in stages.items():
        table.add_row(f"stage: {stage} (median)", f"{statistics.median(values):.2f}")
    console.print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
