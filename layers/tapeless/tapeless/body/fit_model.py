"""The body model as the fit sees it: shape and per-view pose parameters → a chosen subset of vertices
in each camera's frame, fast enough for finite-difference Jacobians (≈ 1 ms per evaluation).

Only the vertices the objective looks at (outline vertices, stature extremes) are blended and skinned:
the same maths as `BodyModel.rest_vertices` / `BodyModel.skin`, restricted to rows of its matrices.
Posing uses `tapeless.body.posing` (arms, legs, head) plus an elbow bend in the arm's own plane, as the
synthetic generator and real people hold their arms nearly straight while Anny's rest bends them ~41°.
"""

from dataclasses import dataclass

import numpy as np

from tapeless.body.camera import rotation_matrix
from tapeless.body.model import BodyModel, RestSkeleton
from tapeless.body.posing import JointAngles, bone_rotations

FIT_LOCAL_NAMES = (
    "measure-neck-circ-incr",
    "measure-bust-circ-incr",
    "measure-underbust-circ-incr",
    "measure-waist-circ-incr",
    "measure-hips-circ-incr",
    "measure-frontchest-dist-incr",
    "measure-shoulder-dist-incr",
    "measure-upperarm-circ-incr",
    "measure-thigh-circ-incr",
    "measure-knee-circ-incr",
    "measure-calf-circ-incr",
    "measure-upperleg-height-incr",
    "measure-lowerleg-height-incr",
    "measure-upperarm-length-incr",
    "measure-napetowaist-dist-incr",
    "measure-waisttohip-dist-incr",
    "torso-scale-horiz-incr",
    "torso-scale-depth-incr",
    "hip-scale-horiz-incr",
    "hip-scale-depth-incr",
    "stomach-pregnant-incr",
    "breast-volume-vert-up",
    "buttocks-volume-incr",
    "l-upperleg-fat-incr",
    "r-upperleg-fat-incr",
    "l-upperarm-fat-incr",
    "r-upperarm-fat-incr",
    "l-lowerleg-fat-incr",
    "r-lowerleg-fat-incr",
)
# Per view: body→camera rotation (axis-angle, 3), translation (m, 3), then the joint angles (degrees).
POSE_NAMES = (
    "rot_x", "rot_y", "rot_z", "t_x_m", "t_y_m", "t_z_m",
    "arm_abduction_left_deg", "arm_abduction_right_deg", "elbow_bend_deg",
    "leg_spread_left_deg", "leg_spread_right_deg", "head_pitch_deg",
)
POSE_SIZE = len(POSE_NAMES)
# Joint centres used as landmarks: BlazePose index → Anny bone whose head is that joint.
LANDMARK_BONES = {
    11: "upperarm01.L", 12: "upperarm01.R", 13: "lowerarm01.L", 14: "lowerarm01.R",
    15: "wrist.L", 16: "wrist.R", 23: "upperleg01.L", 24: "upperleg01.R",
    25: "lowerleg01.L", 26: "lowerleg01.R", 27: "foot.L", 28: "foot.R",
}


@dataclass(frozen=True)
class ShapeState:
    """A shape's blend coefficients (C,), rest bone heads (J, 3) and rest vertices of the subset (S, 3)."""

    coefficients: np.ndarray
    bone_heads: np.ndarray
    vertices: np.ndarray


@dataclass(frozen=True)
class PosedSubset:
    """Posed subset in the body frame: vertices (S, 3), landmark joints (K, 3) and each vertex's blended
    skinning rotation (S, 3, 3), which maps a small rest-shape change to its posed change."""

    vertices: np.ndarray
    joints: np.ndarray
    blended_rotations: np.ndarray


def to_camera(points_body: np.ndarray, pose: np.ndarray) -> np.ndarray:
    """(N, 3) body-frame points → camera frame with the pose's rotation (axis-angle) and translation."""
    return points_body @ rotation_matrix(pose[:3]).T + pose[3:6]


class SubsetBody:
    """Evaluates the body on a fixed vertex subset `vertex_indices` ((S,) int)."""

    def __init__(self, model: BodyModel, vertex_indices: np.ndarray):
        self.model = model
        self.vertex_indices = np.asarray(vertex_indices, dtype=np.int64)
        columns = (3 * self.vertex_indices[:, None] + np.arange(3)).ravel()
        self._blendshapes = model._blendshapes[:, columns].astype(np.float64)
        self._template = model.template_vertices[self.vertex_indices].astype(np.float64)
        self._weights = model.skinning_weights[self.vertex_indices].astype(np.float64)
        self._local_index = np.array([model.local_names.index(n) for n in FIT_LOCAL_NAMES])
        labels = model.bone_labels
        self._elbows = [(labels.index(f"upperarm01.{s}"), labels.index(f"lowerarm01.{s}"), labels.index(f"wrist.{s}"))
                        for s in ("L", "R")]
        self._landmark_bones = np.array([labels.index(b) for b in LANDMARK_BONES.values()])
        self._phenotype_count = model._phenotype_shape_count
        self._phenotype_cache: dict[bytes, np.ndarray] = {}

    def local_vector(self, fit_local: np.ndarray) -> np.ndarray:
        full = np.zeros(len(self.model.local_names))
        full[self._local_index] = fit_local
        return full

    def shape(self, phenotype: np.ndarray, fit_local: np.ndarray) -> ShapeState:
        coefficients = self.coefficients(np.asarray(phenotype)[None], np.asarray(fit_local)[None])[0]
        heads = self.model._template_heads + (coefficients @ self.model._head_shapes).reshape(-1, 3)
        vertices = self._template + (coefficients @ self._blendshapes).reshape(-1, 3)
        return ShapeState(coefficients, heads, vertices)

    def _rotations(self, heads: np.ndarray, pose: np.ndarray) -> np.ndarray:
        angles = JointAngles(
            arm_abduction_left_deg=pose[6], arm_abduction_right_deg=pose[7],
            leg_spread_left_deg=pose[9], leg_spread_right_deg=pose[10], head_pitch_deg=pose[11],
        )
        rotations = bone_rotations(self.model, heads[None], angles)
        for shoulder, elbow, wrist in self._elbows:
            upper, forearm = heads[elbow] - heads[shoulder], heads[wrist] - heads[elbow]
            axis = np.cross(upper, forearm)
            axis /= np.linalg.norm(axis)
            rest_bend = np.arccos(np.clip(upper @ forearm / np.linalg.norm(upper) / np.linalg.norm(forearm), -1, 1))
            rotations[0, elbow] = rotation_matrix(axis * (np.radians(pose[8]) - rest_bend))
        return rotations

    def posed_in_body(self, state: ShapeState, pose: np.ndarray, rows: np.ndarray | None = None) -> "PosedSubset":
        """The subset (or its `rows`) posed by the joint angles of `pose`, in the body frame (before the
        view's rigid transform)."""
        transforms = self.model.bone_transforms(state.bone_heads, self._rotations(state.bone_heads, pose))[0]
        weights = self._weights if rows is None else self._weights[rows]
        rest = state.vertices if rows is None else state.vertices[rows]
        used = np.nonzero(weights.any(axis=0))[0]
        blended = (weights[:, used] @ transforms[used, :3, :].reshape(len(used), 12)).reshape(-1, 3, 4)
        vertices = (blended[..., :3] * rest[:, None, :]).sum(axis=2) + blended[..., 3]
        joint_transforms = transforms[self._landmark_bones]
        joints = np.einsum("jik,jk->ji", joint_transforms[:, :3, :3], state.bone_heads[self._landmark_bones])
        joints += joint_transforms[:, :3, 3]
        return PosedSubset(vertices, joints, blended[..., :3])

    def rest_delta(self, coefficient_delta: np.ndarray) -> np.ndarray:
        """(n, C) changes of blend coefficients → (n, S, 3) changes of the subset's rest vertices."""
        return (coefficient_delta @ self._blendshapes).reshape(len(coefficient_delta), -1, 3)

    def full_mesh_in_camera(self, skeleton: RestSkeleton, pose: np.ndarray) -> np.ndarray:
        """(V, 3) float64: every vertex of `skeleton` (a batch of one) posed and in the camera frame."""
        rotations = self._rotations(skeleton.bone_heads[0], pose)
        posed = self.model.pose(skeleton, rotations)[0].astype(np.float64)
        return posed @ rotation_matrix(pose[:3]).T + pose[3:6]

    def coefficients(self, phenotypes: np.ndarray, fit_locals: np.ndarray) -> np.ndarray:
        """(n, 6) phenotypes and (n, len(FIT_LOCAL_NAMES)) sliders → (n, C) blend coefficients, as
        `BodyModel.blendshape_coefficients` (phenotype part, then each slider's positive and negative
        part), with the costly phenotype part computed once per distinct phenotype."""
        phenotypes = np.asarray(phenotypes, dtype=np.float64)
        unique, inverse = np.unique(phenotypes, axis=0, return_inverse=True)
        phenotype_part = np.stack([self._phenotype_coefficients(row) for row in unique])[inverse.ravel()]
        full = np.zeros((len(fit_locals), len(self.model.local_names)))
        full[:, self._local_index] = fit_locals
        local_part = np.stack([np.maximum(full, 0.0), np.maximum(-full, 0.0)], axis=-1).reshape(len(full), -1)
        return np.concatenate([phenotype_part, local_part], axis=1)

    def _phenotype_coefficients(self, phenotype: np.ndarray) -> np.ndarray:
        key = phenotype.tobytes()
        if key not in self._phenotype_cache:
            if len(self._phenotype_cache) > 64:
                self._phenotype_cache.clear()
            coefficients = self.model.blendshape_coefficients(phenotype, None)[0]
            self._phenotype_cache[key] = coefficients[: self._phenotype_count]
        return self._phenotype_cache[key]
