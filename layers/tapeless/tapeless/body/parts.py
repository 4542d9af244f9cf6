"""Body parts of the Anny mesh, from its skinning weights: each vertex belongs to the part of the bone
that moves it most. Used to keep the arms out of trunk girths and to pick a limb's own cross-section.

Parts: "head" (head, eyes), "neck" (neck01-03), "trunk" (root, spine, pelvis, clavicles), "arm_left" /
"arm_right" (shoulder01 down to the fingers), "leg_left" / "leg_right" (upper leg down to the toes).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from tapeless.body.model import BodyModel

PART_NAMES = ("head", "neck", "trunk", "arm_left", "arm_right", "leg_left", "leg_right")

_ARM_BONES = ("shoulder01", "upperarm", "lowerarm", "wrist", "finger", "metacarpal")
_LEG_BONES = ("upperleg", "lowerleg", "foot", "toe")


def bone_part(label: str) -> str:
    """The part a bone label belongs to (e.g. "upperarm02.L" -> "arm_left")."""
    side = "left" if label.endswith(".L") else "right"
    if label.startswith(_ARM_BONES):
        return f"arm_{side}"
    if label.startswith(_LEG_BONES):
        return f"leg_{side}"
    if label.startswith("neck"):
        return "neck"
    if label.startswith(("head", "eye")):
        return "head"
    return "trunk"


@lru_cache(maxsize=4)
def _vertex_parts(model: BodyModel) -> np.ndarray:
    part_of_bone = np.array([PART_NAMES.index(bone_part(label)) for label in model.bone_labels])
    return part_of_bone[model.skinning_weights.argmax(axis=1)]


def part_vertex_mask(model: BodyModel, *parts: str) -> np.ndarray:
    """(V,) bool: the vertices of any of `parts`."""
    wanted = [PART_NAMES.index(part) for part in parts]
    return np.isin(_vertex_parts(model), wanted)


@lru_cache(maxsize=32)
def part_faces(model: BodyModel, parts: tuple[str, ...]) -> np.ndarray:
    """(F', 3) int64 faces with all three vertices in `parts`."""
    mask = part_vertex_mask(model, *parts)
    faces = model.faces.astype(np.int64)
    return faces[mask[faces].all(axis=1)]
