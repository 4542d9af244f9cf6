"""Bench the vision stage on synthetic captures: silhouette IoU and boundary error before/after refinement,
landmark error against the projected true keypoints (truth format 8+), time per stage. Prints a table;
asserts nothing.

    .venv/bin/python -m tapeless_local.synth --n 20 --first-seed 2000000 --out data/synth/vision
    .venv/bin/python bench/vision.py --dir data/synth/vision --n 20
    .venv/bin/python bench/vision.py --n 20                 # captures cached in data/synth/bench/
    .venv/bin/python bench/vision.py --dir samples/captures  # or any folder of capture folders
"""

from __future__ import annotations

import argparse
import io
import json
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps
from scipy.spatial import cKDTree
from tapeless.errors import TapelessError
from tapeless.vision import find_body
from tapeless.vision.silhouette import largest_component, refined_silhouette

REPO = Path(__file__).resolve().parents[1]
BODY_LANDMARKS = list(range(11, 33))  # shoulders to toes: these must lie on the person
# Truth keypoints (Anny's COCO-WholeBody regressor, truth.json format 8+) -> BlazePose index. Joint centres
# are defined differently by the two (hips most), so part of the error is definition, not detection.
TRUTH_TO_BLAZEPOSE = {"nose": 0, "left_eye": 2, "right_eye": 5, "left_ear": 7, "right_ear": 8,
                      "left_shoulder": 11, "right_shoulder": 12, "left_elbow": 13, "right_elbow": 14,
                      "left_wrist": 15, "right_wrist": 16, "left_hip": 23, "right_hip": 24, "left_knee": 25,
                      "right_knee": 26, "left_ankle": 27, "right_ankle": 28, "left_heel": 29, "right_heel": 30,
                      "left_big_toe": 31, "right_big_toe": 32}


def upright_rgb(jpeg_path: Path) -> np.ndarray:
    with Image.open(io.BytesIO(jpeg_path.read_bytes())) as image:
        return np.asarray(ImageOps.exif_transpose(image).convert("RGB"))


def edge_points(mask: np.ndarray) -> np.ndarray:
    """(N, 2) x, y midpoints between 4-neighbour pixels that differ: the binary mask's true edge."""
    ys, xs = np.nonzero(mask[:, 1:] != mask[:, :-1])
    horizontal = np.stack([xs + 0.5, ys], axis=1)
    ys, xs = np.nonzero(mask[1:, :] != mask[:-1, :])
    vertical = np.stack([xs, ys + 0.5], axis=1)
    return np.concatenate([horizontal, vertical]).astype(np.float64)


def boundary_distances_px(contour_px: np.ndarray, true_mask: np.ndarray) -> np.ndarray:
    """Distances both ways between a sub-pixel outline and the true mask's outer edge, px."""
    truth = edge_points(largest_component(true_mask))
    return np.concatenate([cKDTree(truth).query(contour_px)[0], cKDTree(contour_px).query(truth)[0]])


def boundary_error_px(contour_px: np.ndarray, true_mask: np.ndarray) -> float:
    """Symmetric mean distance between a sub-pixel outline and the true mask's outer edge, px."""
    truth = edge_points(largest_component(true_mask))
    return 0.5 * (cKDTree(truth).query(contour_px)[0].mean() + cKDTree(contour_px).query(truth)[0].mean())


def iou(a: np.ndarray, b: np.ndarray) -> float:
    return float((a & b).sum() / max((a | b).sum(), 1))


def landmark_errors_px(landmarks_px: np.ndarray, truth_keypoints_px: dict[str, list[float]]) -> dict[str, float]:
    """Median and 90th-percentile distance (px) to the projected true keypoints, and the hips' alone."""
    names = [n for n in TRUTH_TO_BLAZEPOSE if n in truth_keypoints_px]
    found = landmarks_px[[TRUTH_TO_BLAZEPOSE[n] for n in names]]
    distances = np.linalg.norm(found - np.array([truth_keypoints_px[n] for n in names]), axis=1)
    others = [d for n, d in zip(names, distances, strict=True) if "hip" not in n]
    return {"landmark_median_px": float(np.median(others)), "landmark_p90_px": float(np.percentile(others, 90)),
            "hip_px": float(np.mean([d for n, d in zip(names, distances, strict=True) if "hip" in n]))}


def evaluate_view(rgb: np.ndarray, true_mask: np.ndarray, view: str, model: str,
                  truth_keypoints_px: dict[str, list[float]] | None) -> dict[str, float]:
    start = time.perf_counter()
    body = find_body(rgb, view=view, model=model)
    total_ms = (time.perf_counter() - start) * 1000
    raw, raw_contour = refined_silhouette(rgb, body.mask_prob, search_px=8.0, snap=False)
    selfie = find_body(rgb, view=view, model=model, refine=False, mask_source="selfie").silhouette
    points = np.round(body.landmarks_px[BODY_LANDMARKS]).astype(int)
    inside = [true_mask[y, x] for x, y in points if 0 <= y < true_mask.shape[0] and 0 <= x < true_mask.shape[1]]
    return {
        "iou_selfie": iou(selfie, true_mask), "iou_model": iou(raw, true_mask), "iou_refined": iou(body.silhouette, true_mask),
        "edge_model_px": boundary_error_px(raw_contour, true_mask),
        "edge_refined_px": boundary_error_px(body.contour_px, true_mask),
        "edge_model_median_px": float(np.median(boundary_distances_px(raw_contour, true_mask))),
        "edge_refined_median_px": float(np.median(boundary_distances_px(body.contour_px, true_mask))),
        "landmarks_on_person": float(np.mean(inside)) if inside else 0.0,
        "roi_px_per_model_px": body.roi_side_px / 256.0,
        **(landmark_errors_px(body.landmarks_px, truth_keypoints_px) if truth_keypoints_px else {}),
        **{f"{k}_ms": v for k, v in body.timings_ms.items()}, "total_ms": total_ms,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dir", type=Path, default=REPO / "data/synth/bench", help="folder of capture folders")
    parser.add_argument("--n", type=int, default=20, help="at most this many captures")
    parser.add_argument("--model", default="full", choices=["lite", "full", "heavy"], help="landmark model")
    args = parser.parse_args(argv)
    captures = sorted(p for p in args.dir.iterdir() if (p / "truth.json").exists())[: args.n]
    find_body(upright_rgb(captures[0] / "front.jpg"), model=args.model)  # warm-up: session creation is not a per-image cost
    rows: dict[str, list[dict[str, float]]] = {"front": [], "side": []}
    failures: list[str] = []
    for capture in captures:
        for view in rows:
            rgb = upright_rgb(capture / f"{view}.jpg")
            true_mask = np.asarray(Image.open(capture / f"{view}_mask.png")) > 127
            try:
                truth_keypoints = json.loads((capture / "truth.json").read_text())["views"][view].get("keypoints_px")
                rows[view].append(evaluate_view(rgb, true_mask, view, args.model, truth_keypoints))
            except TapelessError as error:
                failures.append(f"{capture.name}/{view}: {error.code}: {error.message}")
    keys = ["iou_selfie", "iou_model", "iou_refined", "edge_model_px", "edge_refined_px", "edge_model_median_px",
            "edge_refined_median_px", "landmarks_on_person", "landmark_median_px", "landmark_p90_px", "hip_px",
            "roi_px_per_model_px", "detect_ms", "landmarks_ms", "refine_ms", "total_ms"]
    print(f"vision bench: {len(captures)} captures from {args.dir}, {args.model} model (mean, [min–max])\n")
    print("| metric | " + " | ".join(rows) + " |\n| --- | " + " | ".join("---" for _ in rows) + " |")
    for key in keys:
        cells = []
        for view_rows in rows.values():
            values = np.array([r[key] for r in view_rows if key in r])
            cells.append(f"{values.mean():.3f} [{values.min():.3f}–{values.max():.3f}]" if len(values) else "–")
        print(f"| {key} | " + " | ".join(cells) + " |")
    print(f"\nrejected: {len(failures)}")
    for failure in failures:
        print("  " + failure)


if __name__ == "__main__":
    main()
