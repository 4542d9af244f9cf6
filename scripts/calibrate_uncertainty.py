"""Fit the constants of the 90 % intervals (layers/tapeless/tapeless/models/uncertainty_v1.json).

    python scripts/calibrate_uncertainty.py [--n 80] [--first-seed 2000000] [--workers 2] [--refit]

Renders synthetic captures with seeds disjoint from the accuracy bench's (which start at 1,000,000), runs
the whole estimate on them for both scale conditions (stature given, card only), stores the raw records
in data/calibration/records.json (`--refit` reuses them), then per condition:
- even seeds: each measurement's bias (mean signed error) and scale σ_m (mean |error| after the bias);
- odd seeds: scores s = |error − bias| / (σ_m · u), u = quality factor of the capture's outline residual
  (tapeless.body.uncertainty.quality_factor); per family, the split-conformal quantile
  q = s_(⌈(n+1)·0.9⌉) of the pooled scores;
- stored per measurement: bias_cm and score_q90 = q_family · σ_m (the interval is value − bias ± score_q90 · u).
"""

from __future__ import annotations

import argparse
import json
import math
from collections import defaultdict
from multiprocessing import Pool
from pathlib import Path

import numpy as np
from tapeless.body.uncertainty import DEFAULT_MODEL_PATH, measurement_family, quality_factor

ROOT = Path(__file__).resolve().parents[1]
CONDITIONS = {"stature": True, "card": False}
COVERAGE = 0.9


def _record(args: tuple[int, Path, int, tuple[str, ...]]) -> list[dict]:
    """Render (or reuse) one capture and estimate it under both conditions."""
    from tapeless.body.estimate import estimate
    from tapeless.errors import TapelessError
    from tapeless_local.synth import RenderOptions, load_truth, render_capture
    from tapeless_local.synth.capture import is_current
    from tapeless_local.synth.generate import capture_dir

    seed, data_dir, width_px, conditions = args
    directory = capture_dir(data_dir, seed)
    if not is_current(directory):
        try:
            render_capture(seed, directory, RenderOptions(width_px=width_px))
        except Exception as error:  # noqa: BLE001 — an unrenderable body is reported, not fatal
            return [{"seed": seed, "error": f"render:{type(error).__name__}"}]
    truth = load_truth(directory)
    records = []
    for condition, with_stature in CONDITIONS.items():
        if condition not in conditions or (not with_stature and truth["card"] is None):
            continue
        try:
            result = estimate((directory / "front.jpg").read_bytes(), (directory / "side.jpg").read_bytes(),
                              stature_cm=truth["stature_cm"] if with_stature else None)
        except TapelessError as error:
            records.append({"seed": seed, "condition": condition, "error": error.code})
            continue
        records.append({
            "seed": seed,
            "condition": condition,
            "fit_rms_mm": result.quality.fit_error_mm["rms"],
            "raw_cm": {k: v for k, v in result.parameters["raw_measurements"].items() if k.endswith("_cm")},
            "truth_cm": {k: v for k, v in truth["measurements"].items() if k.endswith("_cm")},
        })
    return records


def conformal_quantile(scores: np.ndarray, coverage: float = COVERAGE) -> float:
    """The ⌈(n+1)·coverage⌉-th smallest score (the largest one when n is too small)."""
    ordered = np.sort(scores)
    rank = min(math.ceil((len(ordered) + 1) * coverage), len(ordered))
    return float(ordered[rank - 1])


def fit_constants(records: list[dict]) -> dict:
    conditions = {}
    for condition in CONDITIONS:
        good = [r for r in records if r.get("condition") == condition and "raw_cm" in r]
        if len(good) < 6:
            continue
        reference = float(np.median([r["fit_rms_mm"] for r in good]))
        tuning = [r for r in good if r["seed"] % 2 == 0]
        calibration = [r for r in good if r["seed"] % 2 == 1]
        names = sorted(set.intersection(*(set(r["raw_cm"]) & set(r["truth_cm"]) for r in good)))
        per_name, scores_by_family = {}, defaultdict(list)
        for name in names:
            errors = np.array([r["raw_cm"][name] - r["truth_cm"][name] for r in tuning])
            bias = float(errors.mean())
            sigma = max(float(np.mean(np.abs(errors - bias))), 0.05)
            per_name[name] = {"bias_cm": bias, "sigma_cm": sigma}
            for r in calibration:
                u = quality_factor(r["fit_rms_mm"], reference)
                scores_by_family[measurement_family(name)].append(abs(r["raw_cm"][name] - bias - r["truth_cm"][name]) / (sigma * u))
        quantiles = {family: conformal_quantile(np.array(s)) for family, s in scores_by_family.items()}
        conditions[condition] = {
            "reference_fit_rms_mm": reference,
            "family_score_q90": quantiles,
            "n_tuning": len(tuning),
            "n_calibration": len(calibration),
            "measurements": {
                name: {"bias_cm": round(c["bias_cm"], 3),
                       "score_q90": round(quantiles[measurement_family(name)] * c["sigma_cm"], 3)}
                for name, c in per_name.items()
            },
        }
    return conditions


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=80, help="number of calibration captures")
    parser.add_argument("--first-seed", type=int, default=2_000_000, help="first seed (bench uses 1,000,000+)")
    parser.add_argument("--width", type=int, default=1440, help="photo width in pixels (as the bench)")
    parser.add_argument("--workers", type=int, default=2, help="processes")
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "synth" / "calibration", help="capture folder")
    parser.add_argument("--records", type=Path, default=ROOT / "data" / "calibration" / "records.json")
    parser.add_argument("--refit", action="store_true", help="reuse the stored records, only refit the constants")
    parser.add_argument("--only", choices=sorted(CONDITIONS), help="re-run one condition, keep the others' records")
    parser.add_argument("--out", type=Path, default=DEFAULT_MODEL_PATH, help="constants file to write")
    args = parser.parse_args(argv)

    if args.refit:
        records = json.loads(args.records.read_text())
    else:
        seeds = range(args.first_seed, args.first_seed + args.n)
        conditions = (args.only,) if args.only else tuple(CONDITIONS)
        kept = []
        if args.only:
            kept = [r for r in json.loads(args.records.read_text()) if r.get("condition") not in (None, args.only)]
        with Pool(args.workers) as pool:
            jobs = [(s, args.data, args.width, conditions) for s in seeds]
            records = kept + [r for batch in pool.imap(_record, jobs) for r in batch]
        args.records.parent.mkdir(parents=True, exist_ok=True)
        args.records.write_text(json.dumps(records))
    constants = fit_constants(records)
    failures = [r for r in records if "error" in r]
    document = {
        "version": 1,
        "coverage": COVERAGE,
        "method": "split-conformal on synthetic captures (seeds "
                  f"{min(r['seed'] for r in records)}…{max(r['seed'] for r in records)}), even seeds tune the bias, "
                  "odd seeds calibrate; half-width = score_q90 · quality_factor(fit_rms_mm)",
        "conditions": constants,
    }
    args.out.write_text(json.dumps(document, indent=1) + "\n")
    for condition, c in constants.items():
        print(f"{condition}: n_tuning={c['n_tuning']} n_calibration={c['n_calibration']} "
              f"reference_fit_rms_mm={c['reference_fit_rms_mm']:.2f} family q90={c['family_score_q90']}")
    print(f"failures: {len(failures)} {sorted({r['error'] for r in failures})}")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
