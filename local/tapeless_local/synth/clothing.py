"""Tight clothing: a top and a bottom garment that cover the torso, hips and upper legs, drawn as the skin
pushed out by the fabric's thickness along the normals and coloured with the garment's colour.

Coverage follows the skinning weights of the garment's bones, so hems sit where a top or shorts end and
the thickness tapers over a centimetre or two at the hem as real stretch fabric does.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from tapeless.body.model import BodyModel

from tapeless_local.synth.appearance import garment_albedo
from tapeless_local.synth.bodies import bone_weight

TOPS = {
    "crop top": ("spine03", "spine04", "spine05", "clavicle", "shoulder01"),
    "tank top": ("spine02", "spine03", "spine04", "spine05", "clavicle", "shoulder01"),
    "t-shirt": ("spine02", "spine03", "spine04", "spine05", "clavicle", "shoulder01", "upperarm01"),
    "long sleeves": ("spine02", "spine03", "spine04", "spine05", "clavicle", "shoulder01", "upperarm", "lowerarm"),
}
BOTTOMS = {
    "briefs": ("spine01", "pelvis"),
    "shorts": ("spine01", "pelvis", "upperleg01"),
    "long shorts": ("spine01", "pelvis", "upperleg"),
    "leggings": ("spine01", "pelvis", "upperleg", "lowerleg"),
}


@dataclass(frozen=True)
class Outfit:
    """Garment kinds, fabric thickness (mm) and colours (linear RGB (3,))."""

    top: str
    bottom: str
    top_thickness_mm: float
    bottom_thickness_mm: float
    top_albedo: np.ndarray
    bottom_albedo: np.ndarray

    @classmethod
    def random(cls, rng: np.random.Generator) -> Outfit:
        return cls(
            top=str(rng.choice(list(TOPS))),
            bottom=str(rng.choice(list(BOTTOMS))),
            top_thickness_mm=float(rng.uniform(1, 5)),
            bottom_thickness_mm=float(rng.uniform(1, 5)),
            top_albedo=garment_albedo(rng),
            bottom_albedo=garment_albedo(rng),
        )

    def to_dict(self) -> dict:
        return {
            "top": self.top,
            "bottom": self.bottom,
            "top_thickness_mm": self.top_thickness_mm,
            "bottom_thickness_mm": self.bottom_thickness_mm,
        }

    def coverage(self, model: BodyModel) -> tuple[np.ndarray, np.ndarray]:
        """(V,) top and bottom coverage in [0, 1] (bottom wins where both cover)."""
        bottom = _hem(bone_weight(model, BOTTOMS[self.bottom]))
        top = _hem(bone_weight(model, TOPS[self.top])) * (1 - bottom)
        return top, bottom

    def dress(self, model: BodyModel, vertices_m: np.ndarray, normals: np.ndarray, skin: np.ndarray):
        """Clothed vertices (V, 3) metres and per-vertex albedo (V, 3) linear RGB, from the posed body's
        vertices and unit normals (V, 3) and the skin albedo (V, 3)."""
        top, bottom = self.coverage(model)
        thickness_m = (top * self.top_thickness_mm + bottom * self.bottom_thickness_mm) / 1000
        albedo = skin * (1 - top - bottom)[:, None] + top[:, None] * self.top_albedo + bottom[:, None] * self.bottom_albedo
        return vertices_m + normals * thickness_m[:, None], albedo


def _hem(weight: np.ndarray) -> np.ndarray:
    """Skinning weight → coverage with a short taper where the weight crosses one half."""
    return np.clip((weight - 0.35) / 0.3, 0.0, 1.0)
