"""Tight clothing and short hair: a top and a bottom garment that cover the torso, hips and upper legs, drawn as the skin
pushed out by the fabric's thickness along the normals and coloured with the garment's colour.

Sleeves follow the skinning weights of their bones; the torso is cut around the neck (the neckline) and
by height (waistband), legs by height (the hem); the thickness tapers over about a centimetre at each hem as real stretch fabric does.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from tapeless.body.model import BodyModel

from tapeless_local.synth.appearance import Surface, garment_albedo, srgb_to_linear
from tapeless_local.synth.bodies import Body, bone_weight

# Limb bones each garment covers beyond the torso (label prefixes; Anny's spine01 is the top of the spine).
SLEEVES = {"crop top": (), "tank top": (), "t-shirt": ("upperarm01",), "long sleeves": ("upperarm", "lowerarm")}
# Where each bottom's leg hem sits: (joint, lowest and highest offset above it in metres); None = no legs.
LEG_HEMS = {
    "briefs": None,
    "shorts": ("upperleg01", -0.22, -0.10),
    "long shorts": ("lowerleg01", 0.0, 0.10),
    "leggings": ("foot", 0.03, 0.08),
}
_LEG_CHAIN = ("pelvis", "upperleg", "lowerleg", "foot", "toe")
HAIR_SRGB = np.array([[20, 16, 14], [45, 32, 25], [90, 60, 40], [150, 110, 70], [200, 170, 120], [160, 160, 160], [140, 60, 30]], float)
_TORSO = ("root", "spine", "pelvis", "clavicle", "shoulder01")
_HEM_M = 0.012
_NECK_RADIUS_M = 0.07


@dataclass(frozen=True)
class Outfit:
    """Garment kinds, neckline depth (how far the opening reaches beyond the neck) and waistband height
    above the hip joints (metres), where the leg hem falls within its range (0–1), fabric thickness (mm) and colours (linear RGB (3,)); hair thickness
    (mm, 0 = shaved), hairline height above the eyes at the front (metres) and colour; socks (their
    height above the ankle joints in metres, colour) or None for bare feet."""

    top: str
    bottom: str
    neckline_m: float
    waistband_m: float
    leg_hem: float
    top_thickness_mm: float
    bottom_thickness_mm: float
    top_albedo: np.ndarray
    bottom_albedo: np.ndarray
    hair_mm: float
    hairline_m: float
    hair_albedo: np.ndarray
    socks: tuple[float, np.ndarray] | None

    @classmethod
    def random(cls, rng: np.random.Generator, monk: int) -> Outfit:
        """A random outfit; hair is mostly dark on darker skin (Monk 6–10), any colour otherwise."""
        hair_choices = 3 if monk >= 6 and rng.random() < 0.9 else len(HAIR_SRGB)
        return cls(
            top=str(rng.choice(list(SLEEVES))),
            bottom=str(rng.choice(list(LEG_HEMS))),
            leg_hem=float(rng.uniform(0, 1)),
            neckline_m=float(rng.uniform(0.02, 0.09)),
            waistband_m=float(rng.uniform(0.04, 0.16)),
            top_thickness_mm=float(rng.uniform(1, 5)),
            bottom_thickness_mm=float(rng.uniform(1, 5)),
            top_albedo=garment_albedo(rng),
            bottom_albedo=garment_albedo(rng),
            hair_mm=0.0 if rng.random() < 0.25 else float(rng.uniform(2, 8)),
            hairline_m=float(rng.uniform(0.04, 0.07)),
            hair_albedo=srgb_to_linear(HAIR_SRGB[rng.integers(hair_choices)] * rng.uniform(0.8, 1.1) / 255),
            socks=(float(rng.uniform(0.0, 0.15)), garment_albedo(rng)) if rng.random() < 0.35 else None,
        )

    def to_dict(self) -> dict:
        return {
            "top": self.top,
            "bottom": self.bottom,
            "neckline_m": self.neckline_m,
            "waistband_m": self.waistband_m,
            "leg_hem": self.leg_hem,
            "top_thickness_mm": self.top_thickness_mm,
            "bottom_thickness_mm": self.bottom_thickness_mm,
            "hair_mm": self.hair_mm,
            "socks": self.socks is not None,
        }

    def coverage(self, model: BodyModel, body: Body) -> tuple[np.ndarray, np.ndarray]:
        """(V,) top and bottom coverage in [0, 1] on `body` (bottom wins where both cover).

        On the rest body the top runs from a round neckline about the neck's base to the waistband
        (a crop top stops short of it), sleeves by their bones; the bottom from the waistband down to a
        level hem on the legs.
        """
        z = body.rest_vertices[:, 2].astype(np.float64)
        heads = body.skeleton.bone_heads[0]
        neck = heads[model.bone_labels.index("neck01")]
        # An opening around the neck's base, a little deeper in front than at the sides.
        reach = np.linalg.norm((body.rest_vertices - neck) * [1.0, 0.8, 1.3], axis=1)
        outside_neckline = np.clip((reach - _NECK_RADIUS_M - self.neckline_m) / _HEM_M + 0.5, 0, 1)
        hip_z = heads[model.bone_labels.index("upperleg01.L"), 2]
        waist_z = hip_z + self.waistband_m
        top_hem_z = waist_z + (0.12 if self.top == "crop top" else -0.03)
        # Weights are summed before thresholding, so no gap opens where two bones share the skin.
        torso = bone_weight(model, _TORSO)
        legs = 0.0
        if LEG_HEMS[self.bottom] is not None:
            joint, low_m, high_m = LEG_HEMS[self.bottom]
            hem_z = heads[model.bone_labels.index(f"{joint}.L"), 2] + low_m + self.leg_hem * (high_m - low_m)
            legs = bone_weight(model, _LEG_CHAIN) * (1 - _below(z, hem_z))
        sleeves = bone_weight(model, SLEEVES[self.top]) if SLEEVES[self.top] else 0.0
        bottom = _hem(torso * _below(z, waist_z) + legs)
        top = _hem(torso * outside_neckline * (1 - _below(z, top_hem_z)) + sleeves)
        return top * (1 - bottom), bottom

    def dress(self, model: BodyModel, body: Body, vertices_m: np.ndarray, normals: np.ndarray, skin: np.ndarray):
        """Clothed vertices (V, 3) metres and the `Surface` to paint them with, from the posed body's
        vertices and unit normals (V, 3) and the skin albedo (V, 3)."""
        top, bottom = self.coverage(model, body)
        hair = self.hair_coverage(model, body)
        thickness_m = (top * self.top_thickness_mm + bottom * self.bottom_thickness_mm + hair * self.hair_mm) / 1000
        layers = [(top, self.top_albedo), (bottom, self.bottom_albedo), (hair, self.hair_albedo)]
        if self.socks is not None:
            # Thin socks are colour only: they must not lift the soles off the floor.
            height_m, colour = self.socks
            ankle_z = body.skeleton.bone_heads[0, model.bone_labels.index("foot.L"), 2] + height_m
            feet = bone_weight(model, ("foot", "toe", "lowerleg02"))
            layers.insert(0, (_hem(feet) * _below(body.rest_vertices[:, 2].astype(np.float64), ankle_z), colour))
        return vertices_m + normals * thickness_m[:, None], Surface(skin, layers)

    def hair_coverage(self, model: BodyModel, body: Body) -> np.ndarray:
        """(V,) short hair on the scalp, in [0, 1]: above the ears at the back and sides, above the
        forehead at the front; zero for a shaved head."""
        if self.hair_mm <= 0:
            return np.zeros(model.vertex_count)
        vertices = body.rest_vertices.astype(np.float64)
        keypoints = model.keypoints(vertices)[0]
        eye_z = keypoints[[model.keypoint_names.index("left_eye"), model.keypoint_names.index("right_eye")], 2].mean()
        ear_y = keypoints[[model.keypoint_names.index("left_ear"), model.keypoint_names.index("right_ear")], 1].mean()
        head = _hem(bone_weight(model, ("head",)))
        # The hairline rises from ear level at the back to the forehead (5 cm above the eyes) at the front.
        frontness = np.clip((ear_y - vertices[:, 1]) / 0.08, 0, 1)
        hairline_z = eye_z + self.hairline_m * frontness
        return head * np.clip((vertices[:, 2] - hairline_z) / _HEM_M + 0.5, 0, 1)


def _below(z: np.ndarray, edge_z: float) -> np.ndarray:
    """1 below `edge_z`, 0 above, with a hem-wide taper."""
    return np.clip((edge_z - z) / _HEM_M + 0.5, 0.0, 1.0)


def _hem(weight: np.ndarray) -> np.ndarray:
    """Skinning weight → coverage with a short taper where the weight crosses one half."""
    return np.clip((weight - 0.35) / 0.3, 0.0, 1.0)
