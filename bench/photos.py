"""Photo-stage accuracy and timing on synthetic captures (issue 6): card found rate, corner and scale error,
Monk bucket accuracy and ITA° error with and without colour calibration, time per stage.

    .venv/bin/python bench/photos.py [--dir data/synth/bench] [--n 50] [--no-roi]

Reads each capture's front.jpg, front_mask.png and truth.json (written by `python -m tapeless_local.synth`).
The person box and the landmarks come from the truth (true mask; Anny's keypoints projected with the true
camera) so that this bench measures the photo stages alone, not the landmark model.
"""

import argparse
import json
import time
from pathlib import Path

import cv2
import numpy as np
from tapeless.calibration.card_detect import find_card
from tapeless.calibration.card_geometry import homography_px_to_mm, local_scale_mm_per_px, order_card_corners
from tapeless.calibration.colour_space import hex_to_srgb8, linear_to_srgb8, srgb8_to_lab, srgb8_to_linear
from tapeless.calibration.errors import CardNotFound
from tapeless.calibration.white_balance import apply_white_balance, estimate_white_balance
from tapeless.photos import check_photo
from tapeless.skin.monk import MONK_SWATCHES_HEX
from tapeless.skin.tone import NoSkinVisible, individual_typology_angle_deg, measure_skin_tone

_RIGHT_CARD_MAX_CORNER_ERROR_PX = 5.0
_TUNGSTEN_CAST = np.array([1.25, 1.0, 0.6]) / (np.array([1.25, 1.0, 0.6]) @ [0.2126, 0.7152, 0.0722])
# MediaPipe Pose index ← Anny COCO-WholeBody keypoint name.
_MEDIAPIPE_FROM_COCO = {0: "nose", 2: "left_eye", 5: "right_eye", 7: "left_ear", 8: "right_ear",
                        11: "left_shoulder", 12: "right_shoulder", 13: "left_elbow", 14: "right_elbow",
                        15: "left_wrist", 16: "right_wrist", 23: "left_hip", 24: "right_hip"}


class TruthLandmarks:
    """Projects Anny's keypoints of a capture's front pose with its true camera into MediaPipe order."""

    def __init__(self):
        from tapeless.body.model import BodyModel

        self.model = BodyModel.load()

    def front(self, truth: dict) -> tuple[np.ndarray, np.ndarray]:
        """(33, 2) px landmarks in the upright front photo and (33,) visibility (0 where not provided)."""
        from tapeless.body.posing import JointAngles
        from tapeless_local.synth.bodies import Pose, place_in_world, random_body
        from tapeless_local.synth.camera import Camera

        body = random_body(np.random.default_rng(truth["seed"]), self.model)  # the capture's first draws
        view = truth["views"]["front"]
        pose_fields = view["pose"]
        pose = Pose(JointAngles(**pose_fields["angles"]), tuple(pose_fields["elbow_bend_deg"]),
                    pose_fields["yaw_deg"], tuple(pose_fields["position_m"]))
        keypoints = self.model.keypoints(place_in_world(self.model, body, pose))[0]
        projected = Camera.from_dict(view["camera"]).project(keypoints)
        landmarks, visibility = np.zeros((33, 2)), np.zeros(33)
        for index, name in _MEDIAPIPE_FROM_COCO.items():
            landmarks[index] = projected[self.model.keypoint_names.index(name)]
            visibility[index] = 1.0
        eyes = (landmarks[2] + landmarks[5]) / 2
        down = landmarks[0] - eyes  # the mouth sits about as far below the nose as the nose below the eyes
        across = landmarks[2] - landmarks[5]
        landmarks[9] = landmarks[0] + 0.9 * down + 0.3 * across
        landmarks[10] = landmarks[0] + 0.9 * down - 0.3 * across
        visibility[[9, 10]] = 1.0
        return landmarks, visibility


def bench_capture(capture_dir: Path, landmarks: TruthLandmarks, use_roi: bool) -> dict:
    truth = json.loads((capture_dir / "truth.json").read_text())
    row: dict = {"seed": truth["seed"], "monk_true": truth["monk"]}
    started = time.perf_counter()
    photo = check_photo((capture_dir / "front.jpg").read_bytes(), "front", enforce_quality=False)
    row["check_ms"] = 1000 * (time.perf_counter() - started)
    row["quality_problems"] = photo.quality.problems
    mask = cv2.imread(str(capture_dir / "front_mask.png"), cv2.IMREAD_GRAYSCALE) > 0
    ys, xs = np.nonzero(mask)
    pad = 0.05 * (ys.max() - ys.min())
    roi = (xs.min() - pad, ys.min() - pad, xs.max() + pad, ys.max() + pad) if use_roi else None
    person_height_px = float(ys.max() - ys.min()) if use_roi else None

    card = None
    if truth["card"] is not None:
        true_corners = order_card_corners(np.array(truth["card"]["corners_px"]["front"]))
        true_scale = local_scale_mm_per_px(homography_px_to_mm(true_corners), true_corners.mean(axis=0))
        row["card_long_side_px"] = float(np.linalg.norm(true_corners[1] - true_corners[0]))
        started = time.perf_counter()
        try:
            card = find_card(photo.rgb, roi, person_height_px)
            row["card_found"] = True
            row["corner_error_px"] = float(np.linalg.norm(card.corners_px - true_corners, axis=1).max())
            row["scale_error_pct"] = 100 * abs(card.scale_mm_per_px / true_scale - 1)
        except CardNotFound:
            row["card_found"] = False
        row["card_ms"] = 1000 * (time.perf_counter() - started)

    started = time.perf_counter()
    card_interior = card.interior_mask(photo.rgb.shape) if card is not None else None
    exclude = mask | (card.mask(photo.rgb.shape) if card is not None else False)
    balance = estimate_white_balance(photo.rgb, card_interior, exclude)
    balanced = apply_white_balance(photo.rgb, balance)
    row["colour_ms"] = 1000 * (time.perf_counter() - started)
    row["wb_method"] = balance.method

    # The same photo under a strong tungsten-like cast that the phone failed to remove (the case colour
    # calibration is for): R × 1.25, B × 0.6 in linear light, luminance kept.
    cast_rgb = linear_to_srgb8(srgb8_to_linear(photo.rgb) * _TUNGSTEN_CAST)
    cast_balance = estimate_white_balance(cast_rgb, card_interior, exclude)
    cast_balanced = apply_white_balance(cast_rgb, cast_balance)

    marks, visibility = landmarks.front(truth)
    true_ita = individual_typology_angle_deg(srgb8_to_lab(hex_to_srgb8(MONK_SWATCHES_HEX[truth["monk"] - 1])))
    started = time.perf_counter()
    variants = (("raw", photo.rgb, None), ("calibrated", balanced, balance),
                ("cast raw", cast_rgb, None), ("cast calibrated", cast_balanced, cast_balance))
    for label, image, used_balance in variants:
        try:
            tone = measure_skin_tone(image, marks, visibility, mask, used_balance, photo.quality.problems)
        except NoSkinVisible:
            row[f"monk_{label}"] = None
            continue
        row[f"monk_{label}"] = tone.monk_bucket
        row[f"ita_error_{label}"] = abs(tone.ita_deg - true_ita)
    row["skin_ms"] = 1000 * (time.perf_counter() - started) / len(variants)
    return row


def summarise(rows: list[dict]) -> None:
    with_card = [r for r in rows if "card_found" in r]
    found = [r for r in with_card if r["card_found"]]
    print(f"captures: {len(rows)}, with a card: {len(with_card)}")
    right = [r for r in found if r["corner_error_px"] <= _RIGHT_CARD_MAX_CORNER_ERROR_PX]
    if with_card:
        print(f"card returned: {len(found)}/{len(with_card)}; the right card (corners within "
              f"{_RIGHT_CARD_MAX_CORNER_ERROR_PX:.0f} px): {len(right)}/{len(with_card)} "
              f"({100 * len(right) / len(with_card):.0f} %), something else: {len(found) - len(right)}; "
              f"card long side median {np.median([r['card_long_side_px'] for r in with_card]):.0f} px")
    if right:
        corner = np.array([r["corner_error_px"] for r in right])
        scale = np.array([r["scale_error_pct"] for r in right])
        print("errors on the right card:")
        print(f"corner error px: median {np.median(corner):.2f}, p90 {np.percentile(corner, 90):.2f}, "
              f"max {corner.max():.2f}")
        print(f"scale error %:   median {np.median(scale):.2f}, p90 {np.percentile(scale, 90):.2f}, "
              f"max {scale.max():.2f}; within 1 %: {np.mean(scale < 1) * 100:.0f} %")
    print("\n| skin | Monk exact | Monk ±1 | ITA° error median | ITA° error p90 | n |")
    print("| --- | --- | --- | --- | --- | --- |")
    for label in ("raw", "calibrated", "cast raw", "cast calibrated"):
        measured = [r for r in rows if r.get(f"monk_{label}") is not None]
        if not measured:
            continue
        diff = np.array([abs(r[f"monk_{label}"] - r["monk_true"]) for r in measured])
        ita = np.array([r[f"ita_error_{label}"] for r in measured])
        print(f"| {label} | {np.mean(diff == 0) * 100:.0f} % | {np.mean(diff <= 1) * 100:.0f} % | "
              f"{np.median(ita):.1f} | {np.percentile(ita, 90):.1f} | {len(measured)} |")
    methods = {m: sum(r["wb_method"] == m for r in rows) for m in {r["wb_method"] for r in rows}}
    print(f"\nwhite balance methods: {methods}")
    print("\n| stage | median ms | max ms |")
    print("| --- | --- | --- |")
    for stage in ("check_ms", "card_ms", "colour_ms", "skin_ms"):
        values = [r[stage] for r in rows if stage in r]
        if values:
            print(f"| {stage[:-3]} | {np.median(values):.0f} | {np.max(values):.0f} |")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=Path("data/synth/bench"), help="folder of capture folders")
    parser.add_argument("--n", type=int, default=50, help="number of captures to use (first by name)")
    parser.add_argument("--no-roi", action="store_true",
                        help="search the card in the whole photo, without the person's box and height")
    args = parser.parse_args(argv)
    capture_dirs = sorted(p.parent for p in args.dir.glob("*/truth.json"))[: args.n]
    if not capture_dirs:
        raise SystemExit(f"no captures in {args.dir}: run `python -m tapeless_local.synth --n 50 --out {args.dir}`")
    landmarks = TruthLandmarks()
    rows = [bench_capture(d, landmarks, use_roi=not args.no_roi) for d in capture_dirs]
    summarise(rows)


if __name__ == "__main__":
    main()
