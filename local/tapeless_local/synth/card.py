"""An ID-1 bank card (ISO/IEC 7810: 85.60 × 53.98 mm, corner radius 3.18 mm) with a random design, laid
flat against the front of the posed body, and drawn into the photo through its exact homography.

Card corners are ordered as the design reads: top-left, top-right, bottom-right, bottom-left.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from tapeless_local.synth.appearance import srgb_to_linear
from tapeless_local.synth.camera import Camera

CARD_WIDTH_MM = 85.60
CARD_HEIGHT_MM = 53.98
CARD_CORNER_RADIUS_MM = 3.18
CARD_THICKNESS_MM = 0.76
_TEXTURE_PX_PER_MM = 8


@dataclass(frozen=True)
class CardPlacement:
    """The card's front face in the world: `corners_m` (4, 3) float64 metres (design order), `normal` (3,)
    unit vector out of the face (towards the camera side)."""

    corners_m: np.ndarray
    normal: np.ndarray

    def to_dict(self) -> dict:
        return {"corners_3d_m": self.corners_m.tolist(), "normal": self.normal.tolist()}


def place_on_body(
    rng: np.random.Generator,
    vertices_m: np.ndarray,
    normals: np.ndarray,
    torso_band_m: tuple[float, float],
    midline_x_m: float,
) -> CardPlacement:
    """Rest the card on the body's front (−Y side) between heights `torso_band_m` (z, metres), within a
    few centimetres of the body's midline at x = `midline_x_m`.

    vertices_m, normals: (N, 3) posed body in the world. The card plane takes the mean normal of the
    skin under the card and sits just in front of every vertex under it, so it touches without
    penetrating, as a card pressed flat on a curved belly or chest does.
    """
    centre_z = rng.uniform(*torso_band_m)
    centre_x = midline_x_m + rng.uniform(-0.06, 0.06)
    facing = vertices_m[normals[:, 1] < -0.3]
    distance = np.hypot(facing[:, 0] - centre_x, facing[:, 2] - centre_z)
    near = facing[distance < distance.min() + 0.02]
    anchor = near[np.argmin(near[:, 1])]  # the most forward skin near the chosen spot
    footprint = (np.linalg.norm(vertices_m[:, [0, 2]] - anchor[[0, 2]], axis=1) < 0.045) & (normals[:, 1] < 0)
    normal = normals[footprint].mean(axis=0)
    normal = normal / np.linalg.norm(normal)
    up = np.array([0.0, 0.0, 1.0]) - normal[2] * normal
    up /= np.linalg.norm(up)
    angle = np.deg2rad(rng.normal(0, 8) + (90 if rng.random() < 0.15 else 0))
    right = np.cross(up, normal)
    right, up = np.cos(angle) * right + np.sin(angle) * up, -np.sin(angle) * right + np.cos(angle) * up
    offset_m = np.max((vertices_m[footprint] - anchor) @ normal) + CARD_THICKNESS_MM / 1000
    centre = anchor + normal * offset_m
    half_w, half_h = CARD_WIDTH_MM / 2000, CARD_HEIGHT_MM / 2000
    corners = np.array(
        [centre - half_w * right + half_h * up, centre + half_w * right + half_h * up,
         centre + half_w * right - half_h * up, centre - half_w * right - half_h * up]
    )  # fmt: skip
    return CardPlacement(corners, normal)


def card_texture(rng: np.random.Generator) -> np.ndarray:
    """A random card design, (h, w, 4) float32: linear RGB albedo and coverage alpha (rounded corners)."""
    width, height = round(CARD_WIDTH_MM * _TEXTURE_PX_PER_MM), round(CARD_HEIGHT_MM * _TEXTURE_PX_PER_MM)
    base = rng.uniform(0, 255, 3)
    other = np.clip(base + rng.normal(0, 60, 3), 0, 255)
    ramp = np.linspace(0, 1, width)[None, :, None] * rng.uniform(0.3, 1.0)
    image = np.broadcast_to(base * (1 - ramp) + other * ramp, (height, width, 3)).copy()
    mm = _TEXTURE_PX_PER_MM
    for _ in range(int(rng.integers(0, 4))):
        centre = (int(rng.uniform(0, width)), int(rng.uniform(0, height)))
        cv2.circle(image, centre, int(rng.uniform(8, 40) * mm), rng.uniform(0, 255, 3).tolist(), -1, cv2.LINE_AA)
    chip = (int(rng.uniform(8, 12) * mm), int(rng.uniform(18, 24) * mm))
    cv2.rectangle(image, chip, (chip[0] + 12 * mm, chip[1] + 9 * mm), (200, 170, 90), -1)
    text = (255, 255, 255) if base.mean() < 128 else (20, 20, 20)
    for line in range(int(rng.integers(1, 4))):
        y = int((36 + 6 * line) * mm)
        cv2.rectangle(image, (8 * mm, y), (int(rng.uniform(30, 70) * mm), y + 3 * mm), text, -1)
    alpha = np.zeros((height, width), np.float32)
    radius = CARD_CORNER_RADIUS_MM * mm
    rect = np.array([[radius, 0], [width - radius, 0], [width, radius], [width, height - radius],
                     [width - radius, height], [radius, height], [0, height - radius], [0, radius]])  # fmt: skip
    cv2.fillPoly(alpha, [np.round(rect * 16).astype(np.int32)], 1.0, cv2.LINE_AA, shift=4)
    for cx, cy in [(radius, radius), (width - radius, radius), (width - radius, height - radius), (radius, height - radius)]:
        cv2.circle(alpha, (round(cx * 16), round(cy * 16)), round(radius * 16), 1.0, -1, cv2.LINE_AA, shift=4)
    albedo = srgb_to_linear(np.clip(image, 0, 255) / 255.0) * 0.9
    return np.dstack([albedo, alpha]).astype(np.float32)


def draw_card(
    radiance: np.ndarray, texture: np.ndarray, placement: CardPlacement, camera: Camera, irradiance: np.ndarray
) -> np.ndarray:
    """Composite the lit card over `radiance` (H, W, 3) linear RGB; returns the card's (H, W) coverage.

    `irradiance` (3,) linear RGB is the light falling on the card face. The texture is mapped through the
    exact homography of the card plane, after an area pre-filter so that a 40-pixel card does not alias.
    """
    corners_px = camera.project(placement.corners_m)
    span_px = np.linalg.norm(corners_px[1] - corners_px[0])
    factor = min(1.0, 3 * span_px / texture.shape[1])
    small = cv2.resize(texture, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA) if factor < 1 else texture
    height, width = small.shape[:2]
    source = np.array([[-0.5, -0.5], [width - 0.5, -0.5], [width - 0.5, height - 0.5], [-0.5, height - 0.5]], np.float32)
    homography = cv2.getPerspectiveTransform(source, corners_px.astype(np.float32))
    size = (radiance.shape[1], radiance.shape[0])
    warped = cv2.warpPerspective(small, homography, size, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT)
    alpha = warped[..., 3:4]
    radiance[:] = radiance * (1 - alpha) + warped[..., :3] * irradiance[None, None, :] * alpha
    return alpha[..., 0]
