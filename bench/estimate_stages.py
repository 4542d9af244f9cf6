"""Time of each stage of `tapeless.body.estimate` per capture (wall and CPU seconds), p50/p95.

    python bench/estimate_stages.py [--n 10] [--data data/synth/bench] [--card]

CPU time is what the estimate itself costs; wall time also counts whatever else the machine runs.
Prints a markdown table; asserts nothing.
"""

import argparse
import json
import time
from pathlib import Path

import numpy as np
from tapeless.body.estimate import analyse_photo, fit_body, measure_fit, scale_for
from tapeless.body.model import BodyModel

ROOT = Path(__file__).resolve().parents[1]
STAGES = ("find body (front)", "find body (side)", "scale", "fit", "measure + report", "total")


def time_capture(directory: Path, use_card: bool) -> dict[str, tuple[float, float]]:
    truth = json.loads((directory / "truth.json").read_text())
    clocks = {}
    marks = [(time.perf_counter(), time.process_time())]

    def lap(name: str) -> None:
        marks.append((time.perf_counter(), time.process_time()))
        clocks[name] = (marks[-1][0] - marks[-2][0], marks[-1][1] - marks[-2][1])

    front = analyse_photo((directory / "front.jpg").read_bytes(), "front")
    lap("find body (front)")
    side = analyse_photo((directory / "side.jpg").read_bytes(), "side")
    lap("find body (side)")
    scale = scale_for(front, None if use_card else truth["stature_cm"])
    lap("scale")
    fit = fit_body(front, side, scale)
    lap("fit")
    measure_fit(fit, front, side, scale)
    lap("measure + report")
    clocks["total"] = (marks[-1][0] - marks[0][0], marks[-1][1] - marks[0][1])
    return clocks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=10, help="number of captures")
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "synth" / "bench", help="capture folder")
    parser.add_argument("--card", action="store_true", help="scale from the card instead of the stature")
    args = parser.parse_args()
    BodyModel.load()
    directories = sorted(p for p in args.data.iterdir() if (p / "truth.json").exists())[: args.n]
    runs = []
    for directory in directories:
        try:
            runs.append(time_capture(directory, args.card))
        except Exception as error:  # noqa: BLE001 — a failed capture is reported and skipped
            print(f"{directory.name}: {type(error).__name__}: {error}")
    print(f"| stage ({len(runs)} captures) | wall p50 s | wall p95 s | CPU p50 s | CPU p95 s |")
    print("| --- | --- | --- | --- | --- |")
    for stage in STAGES:
        wall = np.array([run[stage][0] for run in runs])
        cpu = np.array([run[stage][1] for run in runs])
        print(f"| {stage} | {np.median(wall):.2f} | {np.percentile(wall, 95):.2f} | {np.median(cpu):.2f} | "
              f"{np.percentile(cpu, 95):.2f} |")


if __name__ == "__main__":
    main()
