"""Named joint angles -> bone rotations for `BodyModel.pose`, shared by the synthetic generator and the fitter.

Angles are absolute and in degrees, measured on the body in Anny's frame (Z up, body faces -Y, +X is the
body's left):
- `arm_abduction_{left,right}_deg`: angle between the upper arm (shoulder joint -> elbow joint) and
  straight down, in the frontal (XZ) plane; 0 = hanging at the side, 90 = horizontal (T-pose). Anny's
  rest A-pose is about 45-50 degrees (see `rest_joint_angles`).
- `leg_spread_{left,right}_deg`: angle between the thigh (hip joint -> knee joint) and straight down, in
  the frontal plane, positive outwards; the rest pose is a few degrees.
- `head_pitch_deg`: nod about the X axis at the head joint, positive = chin down (forward); rest = 0.
`None` keeps the rest angle. Each value is a float or a (B,) array.

Rotations are applied about the bone's rest head in world axes (see `BodyModel.bone_transforms`): the arm
turns at `upperarm01`, the leg at `upperleg01`, the head at `head`, each carrying its descendants.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from tapeless.body.model import BodyModel, RestSkeleton

# angle name -> (the bone that turns, the bone whose head ends the measured segment)
_LIMBS = {
    "arm_abduction_left_deg": ("upperarm01.L", "lowerarm01.L"),
    "arm_abduction_right_deg": ("upperarm01.R", "lowerarm01.R"),
    "leg_spread_left_deg": ("upperleg01.L", "lowerleg01.L"),
    "leg_spread_right_deg": ("upperleg01.R", "lowerleg01.R"),
}
_HEAD_BONE = "head"


@dataclass(frozen=True)
class JointAngles:
    """Target joint angles in degrees (see the module docstring); None keeps the rest pose."""

    arm_abduction_left_deg: float | np.ndarray | None = None
    arm_abduction_right_deg: float | np.ndarray | None = None
    leg_spread_left_deg: float | np.ndarray | None = None
    leg_spread_right_deg: float | np.ndarray | None = None
    head_pitch_deg: float | np.ndarray | None = None

    def as_dict(self) -> dict[str, float | list | None]:
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)}


def _plain(value):
    return value.tolist() if isinstance(value, np.ndarray) else value


def _rotation_about_y(angle_rad: np.ndarray) -> np.ndarray:
    c, s = np.cos(angle_rad), np.sin(angle_rad)
    zero, one = np.zeros_like(c), np.ones_like(c)
    return np.stack([np.stack([c, zero, s], -1), np.stack([zero, one, zero], -1),
                     np.stack([-s, zero, c], -1)], -2)


def _rotation_about_x(angle_rad: np.ndarray) -> np.ndarray:
    c, s = np.cos(angle_rad), np.sin(angle_rad)
    zero, one = np.zeros_like(c), np.ones_like(c)
    return np.stack([np.stack([one, zero, zero], -1), np.stack([zero, c, -s], -1),
                     np.stack([zero, s, c], -1)], -2)


def frontal_angle_deg(start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """(..., 3) points -> (...,) angle of start->end from straight down in the XZ plane, degrees,
    positive away from the body's midline (start's side)."""
    d = end - start
    outward = np.sign(start[..., 0]) * d[..., 0]
    return np.degrees(np.arctan2(outward, -d[..., 2]))


def rest_joint_angles(model: BodyModel, bone_heads: np.ndarray) -> dict[str, np.ndarray]:
    """(B, J, 3) rest bone heads -> {angle name: (B,) rest angle in degrees} for the limb angles."""
    index = model.bone_labels.index
    return {
        name: frontal_angle_deg(bone_heads[:, index(bone)], bone_heads[:, index(end)])
        for name, (bone, end) in _LIMBS.items()
    }


def bone_rotations(model: BodyModel, bone_heads: np.ndarray, angles: JointAngles) -> np.ndarray:
    """(B, J, 3) rest bone heads + target angles -> (B, J, 3, 3) rotations for `BodyModel.pose`."""
    bone_heads = np.asarray(bone_heads, dtype=np.float64)
    if bone_heads.ndim == 2:
        bone_heads = bone_heads[None]
    batch, bones = bone_heads.shape[:2]
    rotations = np.broadcast_to(np.eye(3), (batch, bones, 3, 3)).copy()
    rest = rest_joint_angles(model, bone_heads)
    for name, (bone, _) in _LIMBS.items():
        target = getattr(angles, name)
        if target is None:
            continue
        delta = np.radians(np.broadcast_to(np.asarray(target, dtype=np.float64), (batch,)) - rest[name])
        side = np.sign(bone_heads[:, model.bone_labels.index(bone), 0])
        # A rotation of -side*delta about +Y swings a downward segment outwards on that side.
        rotations[:, model.bone_labels.index(bone)] = _rotation_about_y(-side * delta)
    if angles.head_pitch_deg is not None:
        pitch = np.radians(np.broadcast_to(np.asarray(angles.head_pitch_deg, dtype=np.float64), (batch,)))
        # About +X a positive angle takes the top of the head towards -Y, i.e. forward.
        rotations[:, model.bone_labels.index(_HEAD_BONE)] = _rotation_about_x(pitch)
    return rotations


def pose_body(model: BodyModel, skeleton: RestSkeleton, angles: JointAngles) -> np.ndarray:
    """(B, V, 3) float32 vertices of the rest bodies in `skeleton` posed to `angles`."""
    return model.pose(skeleton, bone_rotations(model, skeleton.bone_heads, angles))


def posed_bone_heads(model: BodyModel, skeleton: RestSkeleton, angles: JointAngles) -> np.ndarray:
    """(B, J, 3) bone heads (joint centres) after posing, metres."""
    transforms = model.bone_transforms(skeleton.bone_heads, bone_rotations(model, skeleton.bone_heads, angles))
    heads = skeleton.bone_heads
    return np.einsum("bjik,bjk->bji", transforms[..., :3, :3], heads) + transforms[..., :3, 3]
