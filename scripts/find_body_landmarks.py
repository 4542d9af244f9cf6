"""Derive the vertex landmarks of `tapeless/body/landmarks.py` from Anny's reference bodies, by rule.

Anny's topology is fixed, so an anatomical landmark is one vertex index, which then follows every body
shape. This script documents how each index was chosen and reprints the table (paste it into
landmarks.py when the model's topology changes). Rules run on an adult reference (age 0.75, other
phenotypes 0.5; female for the bust landmarks), in Anny's frame (Z up, body faces -Y, +X = left).

Usage: .venv/bin/python scripts/find_body_landmarks.py
"""

from __future__ import annotations

import numpy as np
from tapeless.body import sections
from tapeless.body.model import BodyModel
from tapeless.body.parts import part_vertex_mask

MODEL = BodyModel.load()
FACES = MODEL.faces.astype(np.int64)
MIDLINE_TOLERANCE_M = 1e-5
# The acromion's lateral edge lies ~1.3 cm outside the shoulder joint centre: with it, the biacromial
# breadth of average adults is 0.22-0.23 x stature, as in ANSUR II (men 0.226, women 0.217).
ACROMION_LATERAL_M = 0.013


def reference(**phenotypes: float) -> tuple[np.ndarray, dict[str, np.ndarray], dict[str, np.ndarray]]:
    skeleton = MODEL.rest_skeleton(MODEL.phenotype_vector(age=0.75, **phenotypes))
    vertices = skeleton.vertices[0].astype(np.float64)
    joints = dict(zip(MODEL.bone_labels, skeleton.bone_heads[0], strict=True))
    keypoints = dict(zip(MODEL.keypoint_names, MODEL.keypoints(vertices)[0], strict=True))
    return vertices, joints, keypoints


def nearest(vertices: np.ndarray, candidates: np.ndarray, point: np.ndarray) -> int:
    return int(candidates[np.argmin(np.linalg.norm(vertices[candidates] - point, axis=1))])


def armpit_level_z(vertices: np.ndarray, shoulder_joint: np.ndarray) -> float:
    """Highest horizontal plane below the shoulder joint where the arms separate from the trunk."""
    high, low = shoulder_joint[2], shoulder_joint[2] - 0.25
    for _ in range(20):
        z = 0.5 * (high + low)
        pieces = len(np.unique(sections.cut(vertices, FACES, np.array([0, 0, z]), np.array([0, 0, 1.0])).piece))
        high, low = (high, z) if pieces > 1 else (z, low)
    return low


def left_landmarks() -> dict[str, int]:
    vertices, joints, keypoints = reference()
    female, _, _ = reference(gender=1.0)
    x, y, z = vertices.T
    midline = np.flatnonzero(np.abs(x) < MIDLINE_TOLERANCE_M)
    left = x > MIDLINE_TOLERANCE_M
    found: dict[str, int] = {}

    neck_base_joint, clavicle = joints["neck01"], joints["clavicle.L"]
    # Cervicale: where the back midline profile bends from the upper back's slope into the upright neck
    # (the C7 spinous process sits in that bend): the point farthest inside the chord from the upper
    # back's most backward point to the back of the neck at the neck03 joint.
    back = midline[(y[midline] > neck_base_joint[1] - 0.02) & (z[midline] > joints["spine01"][2])]
    neck_top = back[np.argmin(np.abs(z[back] - joints["neck03"][2]))]
    back = back[z[back] <= z[neck_top]]
    hump = back[np.argmax(y[back])]
    chord = vertices[neck_top, 1:] - vertices[hump, 1:]
    inward = np.array([chord[1], -chord[0]]) * np.sign(-chord[1])  # normal to the chord, pointing to -Y
    found["cervicale"] = int(back[np.argmax((vertices[back, 1:] - vertices[hump, 1:]) @ inward)])
    # Front neck point (suprasternale): deepest point of the jugular notch between the clavicle heads.
    notch = midline[(y[midline] < neck_base_joint[1]) & (np.abs(z[midline] - clavicle[2] - 0.01) < 0.03)]
    found["front_neck_point"] = int(notch[np.argmax(y[notch])])
    # Below the laryngeal prominence: front midline at 40 % of the way from the notch to the chin.
    # The chin's underside: first front-midline point above the notch that juts 3 cm ahead of it.
    notch_y, notch_z = y[found["front_neck_point"]], z[found["front_neck_point"]]
    neck_front = midline[(y[midline] < neck_base_joint[1]) & (z[midline] > notch_z)]
    chin_z = z[neck_front[y[neck_front] < notch_y - 0.03]].min()
    neck_front = neck_front[z[neck_front] < chin_z]
    target_z = z[found["front_neck_point"]] + 0.4 * (chin_z - z[found["front_neck_point"]])
    found["neck_front"] = int(neck_front[np.argmin(np.abs(z[neck_front] - target_z))])
    # Back of the neck in the plane through neck_front perpendicular to the neck axis (neck01 -> head).
    axis = joints["head"] - neck_base_joint
    axis /= np.linalg.norm(axis)
    nape = midline[(y[midline] > neck_base_joint[1]) & (z[midline] > neck_base_joint[2])]
    offsets = (vertices[nape] - vertices[found["neck_front"]]) @ axis
    found["neck_back"] = int(nape[np.argmin(np.abs(offsets))])

    # Side neck point: in the frontal outline of a thin coronal slice through the neck, where the steep
    # side of the neck meets the shoulder's slope (the top outline gets shallower than 45 degrees).
    neck_or_trunk = part_vertex_mask(MODEL, "neck", "trunk")
    band = np.flatnonzero(neck_or_trunk & left & (np.abs(y - neck_base_joint[1]) < 0.01)
                          & (z > neck_base_joint[2] - 0.12))
    bins = np.floor(x[band] / 0.005).astype(int)
    tops = np.array([band[bins == b][np.argmax(z[band[bins == b]])] for b in np.unique(bins)])
    slopes = np.diff(z[tops]) / np.diff(x[tops])
    first_steep = np.flatnonzero(slopes < -1.0)[0]
    found["side_neck_point_left"] = int(tops[first_steep + np.flatnonzero(slopes[first_steep:] > -1.0)[0]])

    # Glabella: most forward front-midline point 0.5-3 cm above the eyes.
    eyes_z = keypoints["left_eye"][2]
    brow = midline[(z[midline] > eyes_z + 0.005) & (z[midline] < eyes_z + 0.03) & (y[midline] < 0)]
    found["glabella"] = int(brow[np.argmin(y[brow])])

    shoulder = joints["upperarm01.L"]
    # Armpit: the mesh point where the arm leaves the trunk.
    armpit_z = armpit_level_z(vertices, shoulder)
    section = sections.cut(vertices, FACES, np.array([0, 0, armpit_z - 0.002]), np.array([0, 0, 1.0]))
    arm_piece = section.piece[np.argmax(section.points[:, 0])]
    arm, trunk = section.points[section.piece == arm_piece], section.points[section.piece != arm_piece]
    trunk = trunk[trunk[:, 0] > 0]
    gaps = np.linalg.norm(arm[:, None] - trunk[None], axis=-1)
    i, j = np.unravel_index(np.argmin(gaps), gaps.shape)
    found["armpit_left"] = nearest(vertices, np.flatnonzero(left), 0.5 * (arm[i] + trunk[j]))

    # Olecranon: the most posterior point of the elbow ring (the elbow points backwards in the A-pose).
    elbow = keypoints["left_elbow"]
    arm_mask = part_vertex_mask(MODEL, "arm_left")
    ring = np.flatnonzero(arm_mask & (np.linalg.norm(vertices - elbow, axis=1) < 0.06))
    found["olecranon_left"] = int(ring[np.argmax(y[ring])])
    # Wrist point (ulnar styloid): little-finger side of the wrist ring.
    wrist = keypoints["left_wrist"]
    forearm = wrist - elbow
    forearm /= np.linalg.norm(forearm)
    ulnar = joints["finger5-1.L"] - joints["finger1-1.L"]
    ulnar -= forearm * (ulnar @ forearm)
    ring = np.flatnonzero(arm_mask & (np.abs((vertices - wrist) @ forearm) < 0.005)
                          & (np.linalg.norm(vertices - wrist, axis=1) < 0.06))
    found["wrist_left"] = int(ring[np.argmax((vertices[ring] - wrist) @ ulnar)])

    # Crotch: lowest midline point of the trunk between the legs (on the female reference, no bulge).
    fx, fy, fz = female.T
    low_midline = midline[(fz[midline] < joints["upperleg01.L"][2]) & (fz[midline] > joints["lowerleg01.L"][2])]
    found["crotch"] = int(low_midline[np.argmin(fz[low_midline])])

    # Bust point: most forward point of the left breast; underbust: the fold below it (female reference).
    chest = np.flatnonzero((fx > 0.02) & part_vertex_mask(MODEL, "trunk") & (fz > joints["spine03"][2])
                           & (fz < armpit_z))
    found["bust_point_left"] = int(chest[np.argmin(fy[chest])])
    bust = female[found["bust_point_left"]]
    column = np.flatnonzero(part_vertex_mask(MODEL, "trunk") & (np.abs(fx - bust[0]) < 0.01) & (fy < -0.05)
                            & (fz < bust[2]) & (fz > bust[2] - 0.16))
    column = column[np.argsort(-fz[column])]
    # Going down from the bust point, the fold is where the surface, having receded 2 cm from the
    # breast's apex, stops receding (the chest wall).
    dy, dz = np.diff(fy[column]), -np.diff(fz[column])
    flat = np.flatnonzero((np.abs(dy) < 0.2 * np.maximum(dz, 1e-6)) & (fy[column[:-1]] > bust[1] + 0.02))
    found["underbust_left"] = int(column[flat[0]])

    # Knee (middle of the patella) and ankle (lateral malleolus).
    knee = keypoints["left_knee"]
    leg_mask = part_vertex_mask(MODEL, "leg_left")
    knee_ring = np.flatnonzero(leg_mask & (np.abs(z - knee[2]) < 0.01))
    found["patella_left"] = int(knee_ring[np.argmin(y[knee_ring])])
    ankle = keypoints["left_ankle"]
    ankle_ring = np.flatnonzero(leg_mask & (np.abs(z - ankle[2]) < 0.01))
    found["malleolus_left"] = int(ankle_ring[np.argmax(x[ankle_ring])])
    return found


def left_blends() -> dict[str, tuple[tuple[int, float], ...]]:
    """Landmarks that fall between vertices (the mesh is coarse there), as vertex weights."""
    vertices, joints, _ = reference()
    x, y, z = vertices.T
    # Acromion (shoulder point): the top of the shoulder above the lateral edge of the acromion, which
    # lies ACROMION_LATERAL_M outside the shoulder joint centre. The two top-of-shoulder vertices in the
    # joint's coronal plane (within 1 cm of it, 3 cm above the joint) nearest that x on either side are
    # blended linearly in x.
    shoulder = joints["upperarm01.L"]
    target_x = shoulder[0] + ACROMION_LATERAL_M
    top = np.flatnonzero((x > 0) & (np.abs(y - shoulder[1]) < 0.01) & (z > shoulder[2] + 0.03))
    inner, outer = top[x[top] <= target_x], top[x[top] > target_x]
    a, b = int(inner[np.argmax(x[inner])]), int(outer[np.argmin(x[outer])])
    weight_b = round(float((target_x - x[a]) / (x[b] - x[a])), 2)
    return {"acromion_left": ((a, round(1.0 - weight_b, 2)), (b, weight_b))}


def mirrored(index: int, vertices: np.ndarray) -> int:
    mirror = vertices[index] * np.array([-1.0, 1.0, 1.0])
    return int(np.argmin(np.linalg.norm(vertices - mirror, axis=1)))


def main() -> None:
    vertices, _, _ = reference()
    found = left_landmarks()
    for name in list(found):
        if name.endswith("_left"):
            found[name.replace("_left", "_right")] = mirrored(found[name], vertices)
    print("LANDMARK_VERTICES = {")
    for name, index in found.items():
        print(f'    "{name}": {index},')
    print("}")
    print("LANDMARK_BLENDS = {")
    for name, weights in mirrored_blends(left_blends(), vertices).items():
        print(f'    "{name}": {weights},')
    print("}")


def mirrored_blends(blends: dict, vertices: np.ndarray) -> dict:
    """Left blends plus their right mirror images."""
    out = dict(blends)
    for name, weights in blends.items():
        out[name.replace("_left", "_right")] = tuple((mirrored(i, vertices), w) for i, w in weights)
    return out


if __name__ == "__main__":
    main()
