"""Anatomical landmarks of the Anny mesh as vertex indices (Anny's topology is fixed, so each index
follows every body shape), plus the landmark-derived levels measurements are taken at.

The indices were chosen by the rules in `scripts/find_body_landmarks.py` (rerun it and paste its tables
here if the model's topology ever changes); a few landmarks lie between vertices (`LANDMARK_BLENDS`). `_left` is the body's left (+X); `_right` its mirror image.
"""

from __future__ import annotations

import numpy as np

LANDMARK_VERTICES: dict[str, int] = {
    "cervicale": 857,  # back neck point: C7 spinous process, the bend between neck and upper back
    "front_neck_point": 1522,  # suprasternale: deepest point of the jugular notch
    "neck_front": 803,  # front midline just below the laryngeal prominence (Adam's apple)
    "neck_back": 857,  # back midline opposite neck_front, across the neck's axis
    "side_neck_point_left": 7517,  # where the side of the neck meets the shoulder slope
    "side_neck_point_right": 822,
    "glabella": 234,  # front midline, just above the eyebrows
    "armpit_left": 8320,  # axilla: where the arm leaves the trunk
    "armpit_right": 1664,
    "olecranon_left": 9959,  # elbow point
    "olecranon_right": 3307,
    "wrist_left": 10523,  # wrist point: ulnar styloid, little-finger side of the wrist
    "wrist_right": 3874,
    "crotch": 4356,  # lowest point of the trunk between the legs
    "bust_point_left": 8455,  # most prominent point of the breast
    "bust_point_right": 1799,
    "underbust_left": 10693,  # inframammary fold below the bust point
    "underbust_right": 4057,
    "patella_left": 11210,  # middle of the kneecap
    "patella_right": 4608,
    "malleolus_left": 12853,  # lateral malleolus (outer ankle bone)
    "malleolus_right": 6272,
}

# Landmarks that fall between two vertices (the mesh is coarse there): (vertex, weight) pairs.
LANDMARK_BLENDS: dict[str, tuple[tuple[int, float], ...]] = {
    "acromion_left": ((8220, 0.53), (8260, 0.47)),  # shoulder point, 1.3 cm outside the shoulder joint
    "acromion_right": ((1558, 0.53), (1604, 0.47)),
}

# Anny's waist loop (anny 0.6.2 `anny.anthropometry.BASE_MESH_WAIST_VERTICES`, mapped to this mesh's
# vertex indices): a ring around the lower waist, just above the top of the hip bones.
ANNY_WAIST_LOOP: tuple[int, ...] = (
    4105, 10731, 10728, 10725, 10745, 10744, 10747, 10748, 10746, 10749, 10739, 10741, 10740, 10743, 10742,
    10782, 10802, 10784, 10785, 10786, 10787, 10788, 10789, 4165, 4164, 4163, 4162, 4161, 4160, 4159, 4180,
    4157, 4115, 4116, 4113, 4114, 4112, 4122, 4119, 4121, 4120, 4117, 4118, 4092, 4097, 4102,
)

LANDMARK_DESCRIPTIONS: dict[str, str] = {
    "cervicale": "Back neck point: tip of the 7th cervical vertebra on the back midline, in the bend where the"
                 " upper back's slope turns into the upright neck.",
    "front_neck_point": "Front neck point: top of the breastbone, the deepest point of the jugular notch.",
    "neck_front": "Front midline of the neck just below the laryngeal prominence (Adam's apple).",
    "neck_back": "Back midline of the neck opposite neck_front, across the neck's axis.",
    "side_neck_point": "Side neck point: where the side of the neck meets the slope of the shoulder.",
    "glabella": "Most forward point of the forehead between the eyebrows.",
    "acromion": "Shoulder point: top of the shoulder above the lateral edge of the acromion (1.3 cm outside the"
                " shoulder joint centre), between two vertices.",
    "armpit": "Armpit (axilla): the highest point where the arm leaves the trunk.",
    "olecranon": "Elbow point (olecranon), the back of the elbow.",
    "wrist": "Wrist point: ulnar styloid, on the little-finger side of the wrist.",
    "waist_loop": "Anny's own waist loop (46 vertices around the lower waist at the navel, from"
                  " anny.anthropometry): the iliac-crest level, lower bound of the natural-waist search.",
    "crotch": "Crotch point: lowest point of the trunk between the legs.",
    "bust_point": "Bust point: most prominent point of the breast (nipple).",
    "underbust": "Underbust point: the inframammary fold below the bust point.",
    "patella": "Middle of the kneecap (patella).",
    "malleolus": "Lateral malleolus: the outer ankle bone.",
    "buttock": "Greatest backward prominence of the buttocks (found on each mesh, not a fixed vertex).",
}


def landmark(vertices: np.ndarray, name: str) -> np.ndarray:
    """(3,) position of a landmark on a (V, 3) rest mesh in Anny topology."""
    if name in LANDMARK_BLENDS:
        indices, weights = zip(*LANDMARK_BLENDS[name], strict=True)
        return np.asarray(weights, dtype=np.float64) @ np.asarray(vertices[list(indices)], dtype=np.float64)
    return np.asarray(vertices[LANDMARK_VERTICES[name]], dtype=np.float64)


def pair_mean(vertices: np.ndarray, name: str) -> np.ndarray:
    """(3,) mean of the left and right landmark `name` (e.g. "armpit"): the level of a trunk girth."""
    return 0.5 * (landmark(vertices, f"{name}_left") + landmark(vertices, f"{name}_right"))
