"""`render_capture(seed)`: one synthetic two-photo capture (front A-pose, side profile) with its ground truth.

The scene is drawn from `numpy.random.default_rng(seed)` in a fixed order and the pixel noise of each
photo from its own stream, so a seed is the capture, at any resolution.
Files written to `out_dir`: front.jpg, side.jpg (as a phone stores them: possibly turned, with an EXIF
Orientation tag), front_mask.png, side_mask.png (true person masks, upright), truth.json and
truth_vertices.npy (the rest-pose vertices, (V, 3) Anny frame, metres).
All pixel coordinates in the truth refer to the upright image (after applying the EXIF orientation).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
from tapeless.body.measure import measure
from tapeless.body.model import BodyModel

from tapeless_local.synth.appearance import Lighting, skin_albedo, vertex_normals
from tapeless_local.synth.bodies import Body, Pose, front_pose, place_in_world, random_body, side_pose
from tapeless_local.synth.card import (
    CARD_CORNER_RADIUS_MM,
    CARD_HEIGHT_MM,
    CARD_WIDTH_MM,
    CardPlacement,
    card_texture,
    place_on_body,
)
from tapeless_local.synth.clothing import Outfit
from tapeless_local.synth.photo import Finish, encode_jpeg, focal_35mm_equivalent
from tapeless_local.synth.room import Room
from tapeless_local.synth.view import RenderedView, Shot, frame_camera, render_view

# Bump when a change to the generator changes what a seed renders: older folders are then re-rendered.
TRUTH_FORMAT = "tapeless-synth/8"
# The card is held on the front of the trunk between these fractions of stature above the floor.
CARD_BAND_OF_STATURE = (0.58, 0.72)


@dataclass(frozen=True)
class RenderOptions:
    """`width_px` of the portrait photos (height is 4/3 of it); body super-sampling factor; the share of
    captures with a card, and of photos stored turned with an EXIF Orientation tag; the dtype of the
    saved rest vertices (float16 keeps committed samples small, 0.5 mm steps)."""

    width_px: int = 1440
    supersample: int = 2
    card_share: float = 0.85
    rotated_share: float = 0.3
    vertices_dtype: str = "float32"


@dataclass(frozen=True)
class CaptureView:
    """One photo of the capture: the JPEG as stored, the upright RGB (H, W, 3) uint8, the true person mask
    (H, W) bool, its camera/pose/finish, the card's corners (4, 2) px in the upright image (or None), and
    the body's keypoints (Anny's COCO-WholeBody regressor on the posed, unclothed body): (K, 3) world
    metres and (K, 2) px in the upright image."""

    jpeg: bytes
    rendered: RenderedView
    pose: Pose
    finish: Finish
    card_corners_px: np.ndarray | None
    keypoints_m: np.ndarray
    keypoints_px: np.ndarray

    @property
    def rgb(self) -> np.ndarray:
        return self.rendered.rgb

    @property
    def mask(self) -> np.ndarray:
        return self.rendered.mask


@dataclass(frozen=True)
class Capture:
    """A rendered capture: views by name ("front", "side"), the truth document, the rest vertices."""

    seed: int
    views: dict[str, CaptureView]
    truth: dict
    rest_vertices: np.ndarray = field(repr=False)

    @property
    def front(self) -> CaptureView:
        return self.views["front"]

    @property
    def side(self) -> CaptureView:
        return self.views["side"]


def render_capture(seed: int, out_dir: Path | None = None, options: RenderOptions = RenderOptions()) -> Capture:
    """Render capture `seed`; write its files to `out_dir` when given."""
    rng = np.random.default_rng(seed)
    model = BodyModel.load()
    body = random_body(rng, model)
    monk = int(rng.integers(1, 11))
    skin = skin_albedo(rng, monk, body.rest_vertices.astype(np.float64))
    outfit = Outfit.random(rng, monk)
    shot = Shot.random(rng, options.width_px)
    room = Room.random(rng)
    # The card's draws happen whether or not it is shown, so the card is the only difference it makes.
    has_card = rng.random() < options.card_share
    texture = card_texture(rng)

    views: dict[str, CaptureView] = {}
    placement: CardPlacement | None = None
    lighting: Lighting | None = None
    for index, (name, pose) in enumerate((("front", front_pose(rng)), ("side", side_pose(rng)))):
        world = place_in_world(model, body, pose)
        clothed, surface = outfit.dress(model, body, world, vertex_normals(world, model.faces), skin)
        camera = frame_camera(shot if name == "front" else shot.jittered(rng), clothed)
        lighting = lighting or Lighting.random(rng, camera.position_m)
        card_here = None
        if name == "front":
            band_m = tuple(f * body.stature_cm / 100 for f in CARD_BAND_OF_STATURE)
            placed = place_on_body(rng, clothed, vertex_normals(clothed, model.faces), band_m, pose.position_m[0])
            placement = placed if has_card else None
            card_here = (placed, texture) if has_card else None
        finish = Finish.random(rng, focal_35mm_equivalent(camera.focal_px, camera.width_px, camera.height_px),
                               options.rotated_share)  # fmt: skip
        # Pixel noise has its own stream: its draws depend on the resolution, the scene's must not.
        rendered = render_view(
            np.random.default_rng([seed, index]), camera=camera, vertices_m=clothed, faces=model.faces, surface=surface, room=room,
            lighting=lighting, finish=finish, card=card_here, supersample=options.supersample,
        )  # fmt: skip
        corners_px = camera.project(placement.corners_m) if card_here is not None else None
        keypoints_m = model.keypoints(world)[0]
        views[name] = CaptureView(encode_jpeg(rendered.rgb, finish), rendered, pose, finish, corners_px,
                                  keypoints_m, camera.project(keypoints_m))  # fmt: skip

    truth = _truth(seed, body, monk, outfit, room, views, placement, model.keypoint_names)
    capture = Capture(seed, views, truth, body.rest_vertices)
    if out_dir is not None:
        write_capture(capture, Path(out_dir), options.vertices_dtype)
    return capture


def _truth(seed, body: Body, monk, outfit, room, views, placement, keypoint_names) -> dict:
    measurements = measure(body.rest_vertices)
    return {
        "format": TRUTH_FORMAT,
        "seed": seed,
        "stature_cm": body.stature_cm,
        "monk": monk,
        "measurements": {name: float(value) for name, value in measurements.values.items()},
        "body": {
            "phenotype": body.phenotype,
            "local": body.local,
            "extra_displacement_mm": body.displacement_mm,
            "rest_vertices": "truth_vertices.npy",
        },
        "clothing": outfit.to_dict(),
        "room": {"floor": room.floor_kind, "wall_distance_m": room.wall_y_m, "side_wall": room.side_wall_x_m is not None},
        "card": None if placement is None else {
            "width_mm": CARD_WIDTH_MM,
            "height_mm": CARD_HEIGHT_MM,
            "corner_radius_mm": CARD_CORNER_RADIUS_MM,
            **placement.to_dict(),
            "corners_px": {"front": views["front"].card_corners_px.tolist()},
        },
        "views": {
            name: {
                "image": f"{name}.jpg",
                "mask": f"{name}_mask.png",
                "camera": view.rendered.camera.to_dict(),
                "pose": view.pose.to_dict(),
                "finish": view.finish.to_dict(),
                "exif_orientation": view.finish.orientation,
                "card_corners_px": None if view.card_corners_px is None else view.card_corners_px.tolist(),
                "keypoints_px": dict(zip(keypoint_names, view.keypoints_px.tolist(), strict=True)),
                "keypoints_3d_m": dict(zip(keypoint_names, view.keypoints_m.tolist(), strict=True)),
            }
            for name, view in views.items()
        },
    }  # fmt: skip


def write_capture(capture: Capture, out_dir: Path, vertices_dtype: str = "float32") -> None:
    """Write the capture's photos, masks, truth.json and truth_vertices.npy into `out_dir`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, view in capture.views.items():
        (out_dir / f"{name}.jpg").write_bytes(view.jpeg)
        cv2.imwrite(str(out_dir / f"{name}_mask.png"), view.mask.astype(np.uint8) * 255)
    np.save(out_dir / "truth_vertices.npy", capture.rest_vertices.astype(vertices_dtype))
    (out_dir / "truth.json").write_text(json.dumps(capture.truth, indent=1))


def load_truth(capture_dir: Path) -> dict:
    """The truth document of a capture directory written by `write_capture`."""
    return json.loads((Path(capture_dir) / "truth.json").read_text())


def is_current(capture_dir: Path) -> bool:
    """Whether `capture_dir` holds a complete capture rendered by this version of the generator."""
    truth_path = Path(capture_dir) / "truth.json"
    return truth_path.exists() and json.loads(truth_path.read_text()).get("format") == TRUTH_FORMAT
