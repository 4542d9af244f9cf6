"""Random adult bodies beyond the fitter's reach, and the capture protocol's two poses.

A body is Anny's 6 phenotypes + every exported local slider (torso, stomach, hips, bust, thighs, arms,
calves…, left and right drawn separately around a shared value), its stature solved to a target of
150–200 cm, plus a smooth random displacement of a few millimetres along the skin normals that no Anny
parameter can express — so no fit to these bodies can be exact. Truth is measured on this final rest body.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from tapeless.body.model import BodyModel, RestSkeleton
from tapeless.body.posing import JointAngles, bone_rotations
from tapeless.body.stature import StatureOutOfRange, solve_phenotype_for_stature, stature_cm

from tapeless_local.synth.appearance import smooth_field, vertex_normals

STATURE_RANGE_CM = (150.0, 200.0)
# Bones whose skin keeps its exact Anny shape: the head sets stature, feet stand on the floor, hands are thin.
_RIGID_PREFIXES = ("head", "neck", "eye", "foot", "toe", "finger", "metacarpal", "wrist")


@dataclass(frozen=True)
class Body:
    """One synthetic person at rest: parameters, the rest skeleton with the displaced rest vertices
    (`skeleton.vertices` (1, V, 3) float32 metres, Anny frame) and its stature."""

    phenotype: dict[str, float]
    local: dict[str, float]
    displacement_mm: float
    skeleton: RestSkeleton
    stature_cm: float

    @property
    def rest_vertices(self) -> np.ndarray:
        """(V, 3) float32 rest vertices, metres, Anny frame (Z up, faces −Y, pelvis origin)."""
        return self.skeleton.vertices[0]


def bone_weight(model: BodyModel, prefixes: tuple[str, ...]) -> np.ndarray:
    """(V,) summed skinning weight of the bones whose label starts with any of `prefixes`, in [0, 1]."""
    bones = [i for i, label in enumerate(model.bone_labels) if label.startswith(prefixes)]
    return np.asarray(model.skinning_weights)[:, bones].sum(axis=1)


def _local_sliders(rng: np.random.Generator, names: tuple[str, ...], spread: float) -> np.ndarray:
    """Sliders in [−1, 1]; a left/right pair shares a common value plus a small asymmetry."""
    shared: dict[str, float] = {}
    values = np.zeros(len(names))
    for i, name in enumerate(names):
        key = name[2:] if name.startswith(("l-", "r-")) else name
        if key not in shared:
            shared[key] = float(rng.normal(0, spread))
        values[i] = shared[key] + (rng.normal(0, 0.08) if key != name else 0.0)
    return np.clip(values, -1, 1)


def random_body(rng: np.random.Generator, model: BodyModel) -> Body:
    """Draw an adult (any gender, slim to heavy) of 150–200 cm with random local shape."""
    while True:
        gender = float(rng.choice([rng.uniform(0, 0.15), rng.uniform(0.85, 1), rng.uniform(0, 1)], p=[0.4, 0.4, 0.2]))
        others = {
            "gender": gender,
            "age": float(rng.uniform(0.72, 0.95)),
            "muscle": float(rng.uniform(0.1, 0.9)),
            "weight": float(np.clip(rng.beta(1.6, 1.6), 0.02, 0.98)),
            "proportions": float(rng.uniform(0.2, 0.8)),
        }
        local = _local_sliders(rng, model.local_names, spread=float(rng.uniform(0.2, 0.5)))
        target_cm = float(np.clip(rng.normal(177 - 13 * gender, 7.5), *STATURE_RANGE_CM))
        try:
            phenotype = solve_phenotype_for_stature(target_cm, model, local=local, **others)
        except StatureOutOfRange:
            continue
        skeleton = model.rest_skeleton(phenotype, local)
        displacement_mm = float(rng.uniform(2, 6))
        vertices = _displace(rng, model, skeleton.vertices[0].astype(np.float64), displacement_mm)
        skeleton = RestSkeleton(vertices[None].astype(np.float32), skeleton.bone_heads, skeleton.bone_poses)
        return Body(
            phenotype={name: float(v) for name, v in zip(model.phenotype_names, phenotype, strict=True)},
            local={name: float(v) for name, v in zip(model.local_names, local, strict=True)},
            displacement_mm=displacement_mm,
            skeleton=skeleton,
            stature_cm=float(stature_cm(skeleton.vertices[0])),
        )


def _displace(rng: np.random.Generator, model: BodyModel, vertices: np.ndarray, amplitude_mm: float) -> np.ndarray:
    """Push the soft body in and out along its normals by a smooth field of ±`amplitude_mm`."""
    softness = 1.0 - bone_weight(model, _RIGID_PREFIXES)
    field = smooth_field(rng, vertices, wavelength_m=0.18, terms=10) + 0.5 * smooth_field(rng, vertices, 0.08, 8)
    offset_m = amplitude_mm / 1000 * np.clip(field / 1.5, -1, 1) * np.clip(softness, 0, 1)
    return vertices + vertex_normals(vertices, model.faces) * offset_m[:, None]


@dataclass(frozen=True)
class Pose:
    """A view's pose: joint angles (posing.JointAngles), the elbows' bend (degrees, left and right; Anny's
    rest pose bends them ~41° with the forearms forward, people standing for the protocol hold their arms
    nearly straight), and the body's turn about Z (degrees; 0 faces the camera, ±90 is a profile) and
    place on the floor (metres)."""

    angles: JointAngles
    elbow_bend_deg: tuple[float, float]
    yaw_deg: float
    position_m: tuple[float, float]

    def to_dict(self) -> dict:
        return {
            "angles": self.angles.as_dict(),
            "elbow_bend_deg": list(self.elbow_bend_deg),
            "yaw_deg": self.yaw_deg,
            "position_m": list(self.position_m),
        }


def _rotation(axis: np.ndarray, angle_rad: float) -> np.ndarray:
    """Rodrigues: (3, 3) rotation by `angle_rad` about unit `axis`."""
    k = np.array([[0, -axis[2], axis[1]], [axis[2], 0, -axis[0]], [-axis[1], axis[0], 0]])
    return np.eye(3) + np.sin(angle_rad) * k + (1 - np.cos(angle_rad)) * k @ k


def pose_rotations(model: BodyModel, skeleton: RestSkeleton, pose: Pose) -> np.ndarray:
    """(1, J, 3, 3) bone rotations for `BodyModel.pose`: the runtime's joint angles, plus each elbow
    turned in its own bending plane to the pose's bend."""
    heads = skeleton.bone_heads[0]
    rotations = bone_rotations(model, skeleton.bone_heads, pose.angles)
    for side, bend_deg in zip(("L", "R"), pose.elbow_bend_deg, strict=True):
        shoulder, elbow, wrist = (heads[model.bone_labels.index(f"{b}.{side}")] for b in ("upperarm01", "lowerarm01", "wrist"))
        upper, forearm = elbow - shoulder, wrist - elbow
        axis = np.cross(upper, forearm)
        axis /= np.linalg.norm(axis)
        rest_bend = np.arccos(np.clip(upper @ forearm / np.linalg.norm(upper) / np.linalg.norm(forearm), -1, 1))
        rotations[0, model.bone_labels.index(f"lowerarm01.{side}")] = _rotation(axis, np.deg2rad(bend_deg) - rest_bend)
    return rotations


def front_pose(rng: np.random.Generator) -> Pose:
    """A-pose facing the camera: arms 20–50° out, feet a little apart, head roughly level."""
    arms = rng.uniform(20, 50)
    legs = rng.uniform(2, 9)
    angles = JointAngles(
        arm_abduction_left_deg=float(np.clip(arms + rng.normal(0, 3), 20, 50)),
        arm_abduction_right_deg=float(np.clip(arms + rng.normal(0, 3), 20, 50)),
        leg_spread_left_deg=float(legs + rng.normal(0, 1)),
        leg_spread_right_deg=float(legs + rng.normal(0, 1)),
        head_pitch_deg=float(rng.normal(0, 4)),
    )
    return Pose(angles, _elbow_bends(rng), float(rng.normal(0, 4)), _floor_position(rng))


def side_pose(rng: np.random.Generator) -> Pose:
    """Profile (turned ±90°) with the arms hanging at the sides and the feet together."""
    arms = rng.uniform(4, 12)
    legs = rng.uniform(0.5, 3.5)
    angles = JointAngles(
        arm_abduction_left_deg=float(arms + rng.normal(0, 1.5)),
        arm_abduction_right_deg=float(arms + rng.normal(0, 1.5)),
        leg_spread_left_deg=float(legs),
        leg_spread_right_deg=float(legs),
        head_pitch_deg=float(rng.normal(0, 5)),
    )
    yaw = float(rng.choice([-90.0, 90.0]) + rng.normal(0, 4))
    return Pose(angles, _elbow_bends(rng), yaw, _floor_position(rng))


def _elbow_bends(rng: np.random.Generator) -> tuple[float, float]:
    bend = rng.uniform(3, 18)
    return float(bend + rng.normal(0, 2)), float(bend + rng.normal(0, 2))


def _floor_position(rng: np.random.Generator) -> tuple[float, float]:
    """Where the pelvis stands, metres: near the origin, never close to the room's furniture."""
    x, y = np.clip(rng.normal(0, 0.08, 2), -0.15, 0.15)
    return float(x), float(y)


def place_in_world(model: BodyModel, body: Body, pose: Pose) -> np.ndarray:
    """(V, 3) float64 world vertices: posed, turned by the yaw, feet on the floor z = 0, at the position."""
    posed = model.pose(body.skeleton, pose_rotations(model, body.skeleton, pose))[0].astype(np.float64)
    yaw = np.deg2rad(pose.yaw_deg)
    turn = np.array([[np.cos(yaw), -np.sin(yaw), 0], [np.sin(yaw), np.cos(yaw), 0], [0, 0, 1.0]])
    world = posed @ turn.T
    world[:, 2] -= world[:, 2].min()
    world[:, :2] += pose.position_m
    return world
