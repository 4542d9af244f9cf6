"""Bench the vision stage on synthetic captures: silhouette IoU and boundary error before/after refinement,
landmarks on the person, time per stage. Prints a table; asserts nothing.

    .venv/bin/python bench/vision.py --n 20                 # captures cached in data/synth/bench/
    .venv/bin/python bench/vision.py --dir samples/captures  # or any folder of capture folders
"""

from __future__ import annotations

import argparse
import io
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps
from scipy.spatial import cKDTree
from tapeless.errors import TapelessError
from tapeless.vision import find_body
from tapeless.vision.selfie import selfie_mask
from tapeless.vision.silhouette import largest_component, refined_silhouette

REPO = Path(__file__).resolve().parents[1]
BODY_LANDMARKS = list(range(11, 33))  # shoulders to toes: these must lie on the person


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


def boundary_error_px(contour_px: np.ndarray, true_mask: np.ndarray) -> float:
    """Symmetric mean distance between a sub-pixel outline and the true mask's outer edge, px."""
    truth = edge_points(largest_component(true_mask))
    return 0.5 * (cKDTree(truth).query(contour_px)[0].mean() + cKDTree(contour_px).query(truth)[0].mean())


def iou(a: np.ndarray, b: np.ndarray) -> float:
    return float((a & b).sum() / max((a | b).sum(), 1))


def evaluate_view(rgb: np.ndarray, true_mask: np.ndarray, view: str) -> dict[str, float]:
    start = time.perf_counter()
    body = find_body(rgb, view=view)
    total_ms = (time.perf_counter() - start) * 1000
    raw, raw_contour = refined_silhouette(rgb, body.mask_prob, search_px=8.0, snap=False)
    selfie = largest_component(selfie_mask(rgb) > 0.5)
    points = np.round(body.landmarks_px[BODY_LANDMARKS]).astype(int)
    inside = [true_mask[y, x] for x, y in points if 0 <= y < true_mask.shape[0] and 0 <= x < true_mask.shape[1]]
    return {
        "iou_selfie": iou(selfie, true_mask), "iou_model": iou(raw, true_mask), "iou_refined": iou(body.silhouette, true_mask),
        "edge_model_px": boundary_error_px(raw_contour, true_mask),
        "edge_refined_px": boundary_error_px(body.contour_px, true_mask),
        "landmarks_on_person": float(np.mean(inside)) if inside else 0.0,
        "roi_px_per_model_px": body.roi_side_px / 256.0,
        **{f"{k}_ms": v for k, v in body.timings_ms.items()}, "total_ms": total_ms,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dir", type=Path, default=REPO / "data/synth/bench", help="folder of capture folders")
    parser.add_argument("--n", type=int, default=20, help="at most this many captures")
    args = parser.parse_args(argv)
    captures = sorted(p for p in args.dir.iterdir() if (p / "truth.json").exists())[: args.n]
    find_body(upright_rgb(captures[0] / "front.jpg"))  # warm-up: session creation is not a per-image cost
    rows: dict[str, list[dict[str, float]]] = {"front": [], "side": []}
    failures: list[str] = []
    for capture in captures:
        for view in rows:
            rgb = upright_rgb(capture / f"{view}.jpg")
            true_mask = np.asarray(Image.open(capture / f"{view}_mask.png")) > 127
            try:
                rows[view].append(evaluate_view(rgb, true_mask, view))
            except TapelessError as error:
                failures.append(f"{capture.name}/{view}: {error.code}: {error.message}")
    keys = ["iou_selfie", "iou_model", "iou_refined", "edge_model_px", "edge_refined_px", "landmarks_on_person",
            "roi_px_per_model_px", "detect_ms", "landmarks_ms", "refine_ms", "total_ms"]
    print(f"vision bench: {len(captures)} captures from {args.dir} (mean, [min–max])\n")
    print("| metric | " + " | ".join(rows) + " |\n| --- | " + " | ".join("---" for _ in rows) + " |")
    for key in keys:
        cells = []
        for view_rows in rows.values():
            values = np.array([r[key] for r in view_rows])
            cells.append(f"{values.mean():.3f} [{values.min():.3f}–{values.max():.3f}]" if len(values) else "–")
        print(f"| {key} | " + " | ".join(cells) + " |")
    print(f"\nrejected: {len(failures)}")
    for failure in failures:
        print("  " + failure)


if __name__ == "__main__":
    main()
