"""Synthetic photos of an ID-1 card: a designed card with rounded corners, posed in 3-D in front of a
pinhole camera over a cluttered background, with the exact projected corners as truth."""

from dataclasses import dataclass

import cv2
import numpy as np
from tapeless.calibration.card_geometry import CARD_CORNER_RADIUS_MM, CARD_HEIGHT_MM, CARD_WIDTH_MM

TEXTURE_PX_PER_MM = 12.0


@dataclass
class CardScene:
    rgb: np.ndarray  # (H, W, 3) uint8
    corners_px: np.ndarray  # (4, 2) true corners in card order (0,0), (W,0), (W,H), (0,H) of the card plane
    camera_matrix: np.ndarray  # (3, 3)
    rotation: np.ndarray  # (3, 3) card plane → camera
    translation_mm: np.ndarray  # (3,) card centre in camera coordinates
    scale_mm_per_px: float  # at the card centre


def card_texture(design: str, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """(h, w, 3) uint8 card face and (h, w) float32 coverage (0 outside the rounded corners)."""
    width, height = round(CARD_WIDTH_MM * TEXTURE_PX_PER_MM), round(CARD_HEIGHT_MM * TEXTURE_PX_PER_MM)
    if design == "white":
        face = np.full((height, width, 3), 236, np.uint8)
    elif design == "grey":
        face = np.full((height, width, 3), 150, np.uint8)
    else:
        top, bottom = rng.integers(20, 230, size=3), rng.integers(20, 230, size=3)
        ramp = np.linspace(0, 1, height)[:, None, None]
        face = (top * (1 - ramp) + bottom * ramp).repeat(width, axis=1).astype(np.uint8)
        chip = (int(10 * TEXTURE_PX_PER_MM), int(18 * TEXTURE_PX_PER_MM))
        cv2.rectangle(face, chip, (chip[0] + 120, chip[1] + 95), (200, 170, 60), -1)
        for row in range(3):
            y = int((36 + 6 * row) * TEXTURE_PX_PER_MM)
            cv2.rectangle(face, (120, y), (120 + int(rng.integers(300, 700)), y + 40), (245, 245, 245), -1)
        cv2.circle(face, (width - 160, 140), 90, tuple(int(c) for c in rng.integers(0, 255, 3)), -1)
    radius = round(CARD_CORNER_RADIUS_MM * TEXTURE_PX_PER_MM)
    coverage = np.zeros((height, width), np.uint8)
    cv2.rectangle(coverage, (radius, 0), (width - 1 - radius, height - 1), 255, -1)
    cv2.rectangle(coverage, (0, radius), (width - 1, height - 1 - radius), 255, -1)
    for cx, cy in ((radius, radius), (width - 1 - radius, radius), (radius, height - 1 - radius),
                   (width - 1 - radius, height - 1 - radius)):
        cv2.circle(coverage, (cx, cy), radius, 255, -1, cv2.LINE_AA)
    return face, coverage.astype(np.float32) / 255.0


def clutter(rng: np.random.Generator, width_px: int, height_px: int, avoid_rgb: np.ndarray) -> np.ndarray:
    """A busy background: coloured rectangles, circles and lines, with grain. Its base colour differs from
    `avoid_rgb` (the card's mean) by at least 40 levels in some channel: a card the colour of the wall
    behind it is not findable by anyone."""
    base = rng.integers(60, 200, size=3)
    while np.abs(base - avoid_rgb).max() < 40:
        base = rng.integers(60, 200, size=3)
    image = np.full((height_px, width_px, 3), base, np.uint8)
    for _ in range(60):
        colour = tuple(int(c) for c in rng.integers(0, 255, size=3))
        x, y = int(rng.integers(0, width_px)), int(rng.integers(0, height_px))
        kind = rng.integers(3)
        if kind == 0:
            cv2.rectangle(image, (x, y), (x + int(rng.integers(20, 300)), y + int(rng.integers(20, 300))), colour, -1)
        elif kind == 1:
            cv2.circle(image, (x, y), int(rng.integers(10, 120)), colour, -1)
        else:
            cv2.line(image, (x, y), (int(rng.integers(0, width_px)), int(rng.integers(0, height_px))), colour, 3)
    return image


def render_card_scene(
    seed: int,
    design: str = "printed",
    width_px: int = 1600,
    height_px: int = 1200,
    distance_mm: float = 600.0,
    tilt_deg: tuple[float, float, float] = (15.0, -20.0, 10.0),
    background: np.ndarray | None = None,
    noise_sigma: float = 2.0,
) -> CardScene:
    """A card at `distance_mm` rotated by (about x, about y, in-plane) degrees, near the image centre."""
    rng = np.random.default_rng(seed)
    focal_px = 1.1 * width_px
    camera = np.array([[focal_px, 0, width_px / 2], [0, focal_px, height_px / 2], [0, 0, 1.0]])
    rx, ry, rz = np.radians(tilt_deg)
    rotation = (cv2.Rodrigues(np.array([rx, 0, 0.0]))[0] @ cv2.Rodrigues(np.array([0, ry, 0.0]))[0]
                @ cv2.Rodrigues(np.array([0, 0, rz]))[0])
    shift = rng.uniform(-0.15, 0.15, 2) * distance_mm * np.array([width_px, height_px]) / focal_px
    translation = np.array([shift[0], shift[1], distance_mm])
    corners_mm = np.array([[0, 0], [CARD_WIDTH_MM, 0], [CARD_WIDTH_MM, CARD_HEIGHT_MM], [0, CARD_HEIGHT_MM]])
    centred = np.column_stack([corners_mm - corners_mm.mean(axis=0), np.zeros(4)])
    in_camera = centred @ rotation.T + translation
    projected = in_camera @ camera.T
    corners_px = projected[:, :2] / projected[:, 2:]

    face, coverage = card_texture(design, rng)
    # Pre-filter the texture to about 3 texels per image pixel, as a lens and sensor would; without it a
    # far card's edge is aliased to whole pixels.
    span_px = np.linalg.norm(corners_px[1] - corners_px[0])
    factor = min(1.0, 3.0 * span_px / face.shape[1])
    if factor < 1.0:
        size = (round(face.shape[1] * factor), round(face.shape[0] * factor))
        face = cv2.resize(face, size, interpolation=cv2.INTER_AREA)
        coverage = cv2.resize(coverage, size, interpolation=cv2.INTER_AREA)
    # The texture's outer pixel edges are the card's edges (pixel centres are at integers).
    texels_per_mm = np.array([face.shape[1] / CARD_WIDTH_MM, face.shape[0] / CARD_HEIGHT_MM])
    texture_corners = corners_mm * texels_per_mm - 0.5
    homography = cv2.getPerspectiveTransform(texture_corners.astype(np.float32), corners_px.astype(np.float32))
    size = (width_px, height_px)
    warped_face = cv2.warpPerspective(face, homography, size, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    warped_cover = cv2.warpPerspective(coverage, homography, size, flags=cv2.INTER_LINEAR)[..., None]
    card_mean = face[coverage > 0.5].mean(axis=0)
    scene = clutter(rng, width_px, height_px, card_mean) if background is None else background.copy()
    image = warped_face * warped_cover + scene * (1 - warped_cover)
    image = image + rng.normal(0, noise_sigma, image.shape)
    to_mm = np.diag([1 / texels_per_mm[0], 1 / texels_per_mm[1], 1.0]) @ np.linalg.inv(homography)
    centre = corners_px.mean(axis=0)
    scale = _area_scale(to_mm, centre)
    return CardScene(np.clip(image, 0, 255).astype(np.uint8), corners_px, camera, rotation, translation, scale)


def _area_scale(homography: np.ndarray, point: np.ndarray) -> float:
    eps = 0.5
    pts = np.array([point, point + [eps, 0], point + [0, eps]], np.float64).reshape(-1, 1, 2)
    mapped = cv2.perspectiveTransform(pts, homography).reshape(3, 2)
    jac = np.column_stack([(mapped[1] - mapped[0]) / eps, (mapped[2] - mapped[0]) / eps])
    return float(np.sqrt(abs(np.linalg.det(jac))))
