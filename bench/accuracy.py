"""Accuracy on synthetic captures with known truth: the product's estimate vs the seed design's baseline.

    python bench/accuracy.py [--n 200] [--json] [--workers 2]

Renders (or reuses) captures `data/synth/bench/<seed>` with seeds from 1,000,000 up, then for two
conditions — stature given, card only — runs `tapeless.body.estimate.estimate` on the stored JPEG bytes
and the width→ellipse baseline (bench/baseline.py) on the same captures, and prints per measurement MAE,
median and 95th-percentile absolute error, bias and 90 %-interval coverage (cm), overall girth and
length MAE, girth MAE per Monk bucket, failures with reasons and seconds per capture. Writes the tables
to bench/results/accuracy.md (included in the README by scripts/update_readme.py); `--json` prints one JSON object per condition instead. No asserts.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import json
import sys
import time
from multiprocessing import Pool
from pathlib import Path

import cv2
from accuracy_stats import BASELINE_GIRTHS, measurement_table, per_measurement, summary, summary_lines
from baseline import baseline_measurements
from tapeless.errors import TapelessError
from tapeless_local.synth import RenderOptions, load_truth, render_capture
from tapeless_local.synth.capture import is_current
from tapeless_local.synth.generate import capture_dir

ROOT = Path(__file__).resolve().parents[1]
FIRST_SEED = 1_000_000
CONDITIONS = ("stature_given", "card_only")
HAS_ESTIMATE = importlib.util.find_spec("tapeless.body.estimate") is not None
HAS_CARD_FINDER = importlib.util.find_spec("tapeless.calibration.card_detect") is not None
HAS_VISION = importlib.util.find_spec("tapeless.vision") is not None
MASK_SOURCE = (
    "the product's photo analysis (tapeless.photos.check_photo, then tapeless.vision.find_body's silhouette)"
    if HAS_VISION
    else "true person mask (the product's segmentation, tapeless.vision, is not available)"
)


def _ensure_capture(args: tuple[int, Path, int]) -> tuple[Path, str | None]:
    """Render the capture unless cached; a capture that cannot be rendered is skipped with its reason."""
    seed, data_dir, width_px = args
    directory = capture_dir(data_dir, seed)
    if not is_current(directory):
        try:
            render_capture(seed, directory, RenderOptions(width_px=width_px))
        except Exception as error:  # e.g. measure() failing on an extreme body: report it, keep going
            return directory, f"{type(error).__name__}: {error}"
    return directory, None


def _run_estimate(directory: Path, stature_cm: float | None) -> dict:
    from tapeless.body.estimate import estimate

    start = time.perf_counter()
    try:
        result = estimate((directory / "front.jpg").read_bytes(), (directory / "side.jpg").read_bytes(), stature_cm=stature_cm)
    except TapelessError as error:
        return {"error": error.code, "seconds": time.perf_counter() - start}
    except Exception as error:  # a crash is a failure with its reason, not the end of the benchmark
        return {"error": f"crash:{type(error).__name__}", "seconds": time.perf_counter() - start}
    seconds = time.perf_counter() - start
    measurements = {
        name: {"value_cm": m.value_cm, "low_cm": m.low_cm, "high_cm": m.high_cm, "confidence": m.confidence}
        for name, m in result.measurements.items()
    }
    return {"measurements": measurements, "seconds": seconds}


def _photos_and_masks(directory: Path) -> tuple[dict, dict]:
    """Upright RGB photos and person masks by view, found as the product finds them (or the true masks
    when the product's vision is not available). Raises TapelessError when the photo analysis refuses."""
    from tapeless.photos import check_photo

    photos, masks = {}, {}
    for view in ("front", "side"):
        photos[view] = check_photo((directory / f"{view}.jpg").read_bytes(), view).rgb
        if HAS_VISION:
            from tapeless.vision import find_body

            masks[view] = find_body(photos[view], view=view).silhouette
        else:
            masks[view] = cv2.imread(str(directory / f"{view}_mask.png"), cv2.IMREAD_GRAYSCALE) > 0
    return photos, masks


def _card_scale_mm_per_px(front_rgb, front_mask) -> float:
    """The card's mm per pixel in the upright front photo, by the product's card finder, searched
    within the person's bounding box (the card is held on the body). Raises CardNotFound."""
    from tapeless.calibration.card_detect import find_card

    rows, cols = front_mask.any(axis=1).nonzero()[0], front_mask.any(axis=0).nonzero()[0]
    person_box = (int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1)
    return find_card(front_rgb, search_box_px=person_box).scale_mm_per_px


def _run_baseline(directory: Path, stature_cm: float | None) -> dict:
    start = time.perf_counter()
    try:
        photos, masks = _photos_and_masks(directory)
        mm_per_px = None if stature_cm is not None else _card_scale_mm_per_px(photos["front"], masks["front"])
    except TapelessError as error:
        return {"error": error.code, "seconds": time.perf_counter() - start}
    values = baseline_measurements(masks["front"], masks["side"], stature_cm=stature_cm, front_mm_per_px=mm_per_px)
    return {"measurements": {k: {"value_cm": v} for k, v in values.items()}, "seconds": time.perf_counter() - start}


def _evaluate(directory: Path) -> list[dict]:
    """Both conditions on one capture; a capture without a card is instead a check that the estimate,
    given neither stature nor card, refuses with a reason (condition "no_scale")."""
    truth = load_truth(directory)
    records = []
    for condition in CONDITIONS:
        if condition == "card_only" and truth["card"] is None:
            condition = "no_scale"
        stature = truth["stature_cm"] if condition == "stature_given" else None
        record = {"seed": truth["seed"], "condition": condition, "monk": truth["monk"], "truth": truth["measurements"]}
        if condition != "no_scale":
            record["baseline"] = _run_baseline(directory, stature)
        if HAS_ESTIMATE:
            record["estimate"] = _run_estimate(directory, stature)
        records.append(record)
    return records


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=200, help="number of captures (default 200)")
    parser.add_argument("--first-seed", type=int, default=FIRST_SEED, help="seed of the first capture")
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "synth" / "bench", help="capture folder")
    parser.add_argument("--width", type=int, default=RenderOptions.width_px, help="photo width in pixels")
    parser.add_argument("--workers", type=int, default=2, help="processes (timings are per process)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "accuracy.md", help="markdown report (the README includes it)")
    parser.add_argument("--json", action="store_true", help="print one JSON object with each condition's numbers")
    args = parser.parse_args(argv)

    seeds = range(args.first_seed, args.first_seed + args.n)
    with Pool(args.workers) as pool:
        rendered = pool.map(_ensure_capture, [(s, args.data, args.width) for s in seeds], chunksize=1)
        directories = [directory for directory, problem in rendered if problem is None]
        records = [r for batch in pool.map(_evaluate, directories, chunksize=1) for r in batch]
    unrendered = {directory.name: problem for directory, problem in rendered if problem is not None}

    report = {}
    for condition in CONDITIONS:
        subset = [r for r in records if r["condition"] == condition]
        baseline = summary(subset, "baseline", BASELINE_GIRTHS)
        entry = {"condition": condition, "estimate_available": HAS_ESTIMATE, "mask_source_baseline": MASK_SOURCE}
        if HAS_ESTIMATE:
            entry |= summary(subset, "estimate")
            entry["estimate_girth_mae_cm_chest_waist_hip"] = summary(subset, "estimate", BASELINE_GIRTHS)["girth_mae_cm"]
        else:
            entry |= {"n": len(subset), "girth_mae_cm": None, "length_mae_cm": None, "stature_mae_cm": None,
                      "coverage_90": None, "worst_monk_ratio": None, "failure_rate": None,
                      "seconds_per_capture_p50": None}  # fmt: skip
        entry |= {f"baseline_{k}": v for k, v in baseline.items() if k != "n"}
        mine, theirs = entry.get("estimate_girth_mae_cm_chest_waist_hip"), baseline["girth_mae_cm"]
        entry["improvement_ratio"] = theirs / mine if mine and theirs else None
        report[condition] = entry
    unscaled = [r for r in records if r["condition"] == "no_scale"]
    report["unrendered"] = unrendered
    report["no_scale"] = {
        "n": len(unscaled),
        "refused_with_reason": sum(1 for r in unscaled if "error" in r.get("estimate", {})) if HAS_ESTIMATE else None,
        "reasons": sorted({r["estimate"]["error"] for r in unscaled if "error" in r.get("estimate", {})}),
    }
    markdown = _markdown(records, report, args)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(markdown)
    print(json.dumps(report, indent=1) if args.json else markdown)
    return 0


def _markdown(records: list[dict], report: dict, args) -> str:
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"### Accuracy on {args.n} synthetic captures (seeds {args.first_seed}…{args.first_seed + args.n - 1}, "
        f"{args.width}×{round(args.width * 4 / 3)} px, {now})",
        "",
        f"Errors in cm (estimate − truth). Baseline = seed design's width→ellipse at chest/waist/hip; its mask: {MASK_SOURCE}.",
        "Estimate: " + ("`tapeless.body.estimate.estimate` on the stored JPEG bytes." if HAS_ESTIMATE
                        else "**not available yet** (`tapeless.body.estimate` missing) — baseline only."),
        "",
    ]  # fmt: skip
    for condition in CONDITIONS:
        subset = [r for r in records if r["condition"] == condition]
        entry = report[condition]
        lines += [f"#### {condition.replace('_', ' ')}", ""]
        if HAS_ESTIMATE:
            stats = {k: entry[k] for k in entry if not k.startswith("baseline_")}
            lines += summary_lines("estimate", stats) + [""] + measurement_table(per_measurement(subset, "estimate")) + [""]
        baseline = {k.removeprefix("baseline_"): v for k, v in entry.items() if k.startswith("baseline_")}
        lines += summary_lines("baseline", baseline)
        if entry["improvement_ratio"] is not None:
            lines.append(f"- improvement (baseline / estimate girth MAE, chest+waist+hip): {entry['improvement_ratio']:.2f}×")
        lines += ["", *measurement_table(per_measurement(subset, "baseline")), ""]
    unscaled = report["no_scale"]
    refused = unscaled["refused_with_reason"]
    lines.append(
        f"Captures without a card ({unscaled['n']}) are left out of *card only*; given neither stature nor card the "
        f"estimate refused {'–' if refused is None else refused}/{unscaled['n']} of them "
        f"(reasons: {', '.join(unscaled['reasons']) or '–'})."
    )
    for name, problem in report["unrendered"].items():
        lines.append(f"\nCapture {name} could not be rendered and is left out: {problem}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
