"""Anny body model on numpy: shape parameters -> rest mesh, skeleton, linear blend skinning, keypoints.

A torch-free runtime of Anny 0.6.2 (NAVER, Apache-2.0; MakeHuman assets CC0) reading the arrays that
`scripts/build_body_model.py` exports to `tapeless/models/anny_body_v1.npz`. It reproduces Anny's rest
mesh to within a few hundredths of a millimetre (the blendshapes are stored as int16 with one scale each).

Frame and units of everything here (Anny's rest frame): metres, **Z up, the body faces -Y**, X lateral,
origin at the pelvis (not the feet). Bones whose label ends in `.L` are on the body's left, which is +X.
The rest pose is Anny's A-pose (arms ~45 degrees down).

Contract:
- `BodyModel.load()` -> the process-wide model (loaded once, thread-safe; importing this module is cheap).
- `phenotype_names`: ("gender", "age", "muscle", "weight", "height", "proportions"), each in [0, 1]
  (gender 0 male / 1 female; age anchors newborn -1/3, baby 0, child 1/3, young 2/3, old 1; `height` is
  Anny's parameter, not stature: see `tapeless.body.stature`). `local_names`: the exported local sliders,
  each in [-1, 1] (0 = no change).
- `rest_vertices(phenotype, local=None)` -> (B, V, 3) float32 metres. `phenotype` is (P,) or (B, P),
  `local` is (L,) or (B, L) or None; use `phenotype_vector(**named)` / `local_vector(**named)` to build them.
- `rest_skeleton(phenotype, local=None)` -> `RestSkeleton(vertices, bone_heads (B, J, 3), bone_poses
  (B, J, 4, 4))`, Anny's `rest_vertices`, `rest_bone_heads`, `rest_bone_poses`.
- `pose(skeleton, bone_rotations)` -> (B, V, 3) float32: linear blend skinning. `bone_rotations` (B, J, 3, 3)
  or (J, 3, 3) are rotations in world axes about each bone's rest head, relative to its parent (identity
  everywhere = the rest mesh exactly). `tapeless.body.posing` builds them from named joint angles.
- `keypoints(vertices)` -> (B, K, 3): Anny's COCO-WholeBody regressor (`keypoint_names`), on rest or posed
  vertices.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import numpy as np

from tapeless.errors import TapelessError

MODEL_FILE = "anny_body_v1.npz"


class BodyModelError(TapelessError):
    """The body model file is missing/corrupt, or parameters have the wrong shape or names."""

    code = "body_model_error"


@dataclass(frozen=True)
class RestSkeleton:
    """One batch of rest bodies: vertices (B, V, 3) float32, bone heads (B, J, 3) float64 and bone poses
    (B, J, 4, 4) float64 (rotation = bone axes in world, translation = head), metres, Anny frame."""

    vertices: np.ndarray
    bone_heads: np.ndarray
    bone_poses: np.ndarray


def default_model_path() -> Path:
    """The packaged model file, `tapeless/models/anny_body_v1.npz`."""
    return Path(__file__).resolve().parents[1] / "models" / MODEL_FILE


def _nearest_rotations(matrices: np.ndarray) -> np.ndarray:
    """(..., 3, 3) -> the nearest rotations in Frobenius norm (SVD with the determinant fixed)."""
    u, _, vt = np.linalg.svd(matrices)
    flip = np.linalg.det(u @ vt) < 0
    u[flip, :, 2] *= -1
    return u @ vt


class BodyModel:
    """The Anny arrays and the numpy forward pass. Get it with `BodyModel.load()`."""

    _instances: ClassVar[dict[Path, BodyModel]] = {}
    _lock: ClassVar[threading.Lock] = threading.Lock()

    @classmethod
    def load(cls, path: str | Path | None = None) -> BodyModel:
        """The model in `path` (default: the packaged npz), loaded once per process and path."""
        key = Path(path) if path is not None else default_model_path()
        with cls._lock:
            if key not in cls._instances:
                cls._instances[key] = cls(key)
            return cls._instances[key]

    def __init__(self, path: Path):
        try:
            with np.load(path, allow_pickle=False) as data:
                arrays = {name: data[name] for name in data.files}
        except (OSError, ValueError, KeyError) as exc:
            raise BodyModelError(
                f"cannot read the body model file {path}: {exc}",
                advice="re-create it with `make body-model` or restore it from git",
            ) from exc
        self.anny_version = str(arrays["anny_version"])
        self.phenotype_names: tuple[str, ...] = tuple(str(n) for n in arrays["phenotype_names"])
        self.local_names: tuple[str, ...] = tuple(str(n) for n in arrays["local_names"])
        self.bone_labels: tuple[str, ...] = tuple(str(n) for n in arrays["bone_labels"])
        self.bone_parents: np.ndarray = arrays["bone_parents"].astype(np.int64)
        self.keypoint_names: tuple[str, ...] = tuple(str(n) for n in arrays["keypoint_names"])
        self.faces: np.ndarray = arrays["faces"].astype(np.int32)
        self.template_vertices: np.ndarray = arrays["template_vertices"]
        self.vertex_count = len(self.template_vertices)

        if "blendshapes" in arrays:
            blendshapes = arrays["blendshapes"].astype(np.float32)
        else:
            scales = arrays["blendshape_scales"].astype(np.float32)
            blendshapes = arrays["blendshapes_int16"].astype(np.float32) * scales[:, None, None]
        # (C, 3V): one matrix product gives every vertex of every body in the batch.
        self._blendshapes = blendshapes.reshape(len(blendshapes), -1)
        self._phenotype_shape_count = arrays["phenotype_projection"].shape[1]

        self._anchors = arrays["phenotype_anchors"]
        self._variation_phenotype = arrays["variation_phenotype_index"]
        self._variation_anchor = arrays["variation_anchor_index"]
        self._variation_constant = arrays["variation_constant_weight"]
        self._variation_mask = arrays["variation_mask"]
        self._projection = arrays["phenotype_projection"]

        self._template_heads = arrays["template_bone_heads"]
        self._head_shapes = arrays["bone_heads_blendshapes"].reshape(len(blendshapes), -1)
        self._template_orientations = arrays["template_bone_orientations"]
        self._orientation_shapes = arrays["bone_orientation_blendshapes"].reshape(len(blendshapes), -1)
        self.reference_bone_orientations: np.ndarray = arrays["reference_bone_orientations"]

        # (V, J) weights, dense for callers and sparse (at most 9 bones per vertex) for skinning, where
        # one sparse product blends the transforms of a whole batch.
        from scipy.sparse import csr_matrix  # imported here to keep the module's import cheap

        bone_indices = arrays["vertex_bone_indices"].astype(np.int64)
        rows = np.repeat(np.arange(self.vertex_count), bone_indices.shape[1])
        self._sparse_skinning = csr_matrix(
            (arrays["vertex_bone_weights"].ravel().astype(np.float32), (rows, bone_indices.ravel())),
            shape=(self.vertex_count, len(self.bone_labels)),
        )
        self.skinning_weights: np.ndarray = self._sparse_skinning.toarray()  # (V, J) float32, rows sum to 1

        self._keypoint_indices = arrays["keypoint_vertex_indices"].astype(np.int64)
        self._keypoint_weights = arrays["keypoint_vertex_weights"]

    # ----- parameters -------------------------------------------------------------------------
    def phenotype_vector(self, **values: float) -> np.ndarray:
        """(P,) float64 phenotype from named values; unnamed phenotypes are 0.5 (Anny's default)."""
        return self._named_vector(values, self.phenotype_names, 0.5, "phenotype")

    def local_vector(self, **values: float) -> np.ndarray:
        """(L,) float64 local sliders from named values (`measure-waist-circ-incr` may be given as
        `measure_waist_circ_incr`); unnamed sliders are 0."""
        return self._named_vector(values, self.local_names, 0.0, "local slider")

    def _named_vector(self, values, names, default, kind) -> np.ndarray:
        vector = np.full(len(names), default, dtype=np.float64)
        lookup = {name.replace("-", "_"): i for i, name in enumerate(names)}
        for name, value in values.items():
            index = lookup.get(name.replace("-", "_"))
            if index is None:
                raise BodyModelError(f"unknown {kind} {name!r}; known: {', '.join(names)}")
            vector[index] = value
        return vector

    def blendshape_coefficients(self, phenotype, local=None) -> np.ndarray:
        """(B, C) float64 coefficients of the exported blendshapes (compact phenotype basis, then the
        positive and negative part of each local slider), as Anny computes them."""
        phenotype = np.atleast_2d(np.asarray(phenotype, dtype=np.float64))
        if phenotype.shape[-1] != len(self.phenotype_names) or phenotype.ndim != 2:
            raise BodyModelError(f"phenotype must be (P,) or (B, P) with P={len(self.phenotype_names)}, "
                                 f"got {phenotype.shape}")
        if local is None:
            local = np.zeros((1, len(self.local_names)))
        local = np.atleast_2d(np.asarray(local, dtype=np.float64))
        if local.shape[-1] != len(self.local_names) or local.ndim != 2:
            raise BodyModelError(f"local must be (L,) or (B, L) with L={len(self.local_names)}, got {local.shape}")
        batch = max(len(phenotype), len(local))
        phenotype = np.broadcast_to(phenotype, (batch, phenotype.shape[1]))
        local = np.broadcast_to(local, (batch, local.shape[1]))

        # Each variation's 1-D hat weight, then the product over the variations of each blendshape.
        weights = np.empty((batch, len(self._variation_phenotype)))
        for j, (p, a) in enumerate(zip(self._variation_phenotype, self._variation_anchor, strict=True)):
            if p < 0:
                weights[:, j] = self._variation_constant[j]
                continue
            anchors = self._anchors[p][~np.isnan(self._anchors[p])]
            weights[:, j] = np.interp(phenotype[:, p], anchors, np.eye(len(anchors))[a])
        mask = self._variation_mask[None]
        products = np.prod(weights[:, None, :] * mask + (1.0 - mask), axis=-1)
        phenotype_coefficients = products @ self._projection
        local_coefficients = np.stack([np.maximum(local, 0.0), np.maximum(-local, 0.0)], axis=-1)
        return np.concatenate([phenotype_coefficients, local_coefficients.reshape(batch, -1)], axis=1)

    # ----- rest shape ---------------------------------------------------------------------------
    def rest_vertices(self, phenotype, local=None) -> np.ndarray:
        """(B, V, 3) float32 rest-pose vertices, metres, Anny frame (Z up, faces -Y, pelvis origin)."""
        return self._vertices_from(self.blendshape_coefficients(phenotype, local))

    def _vertices_from(self, coefficients: np.ndarray) -> np.ndarray:
        offsets = coefficients.astype(np.float32) @ self._blendshapes
        vertices = self.template_vertices[None] + offsets.reshape(len(coefficients), -1, 3)
        return vertices.astype(np.float32)

    def rest_skeleton(self, phenotype, local=None) -> RestSkeleton:
        """Rest vertices with the rest bone heads and poses (Anny's cached bone orientations)."""
        coefficients = self.blendshape_coefficients(phenotype, local)
        batch, bones = len(coefficients), len(self.bone_labels)
        heads = self._template_heads[None] + (coefficients @ self._head_shapes).reshape(batch, bones, 3)
        orientations = _nearest_rotations(
            self._template_orientations[None] + (coefficients @ self._orientation_shapes).reshape(batch, bones, 3, 3)
        )
        poses = np.zeros((batch, bones, 4, 4))
        poses[..., :3, :3] = orientations
        poses[..., :3, 3] = heads
        poses[..., 3, 3] = 1.0
        return RestSkeleton(self._vertices_from(coefficients), heads, poses)

    def rest_bone_heads(self, phenotype, local=None) -> np.ndarray:
        """(B, J, 3) float64 rest bone heads (joint centres), metres."""
        return self.rest_skeleton(phenotype, local).bone_heads

    def rest_bone_poses(self, phenotype, local=None) -> np.ndarray:
        """(B, J, 4, 4) float64 rest bone poses (as Anny's `rest_bone_poses`)."""
        return self.rest_skeleton(phenotype, local).bone_poses

    # ----- pose ----------------------------------------------------------------------------------
    def bone_transforms(self, bone_heads: np.ndarray, bone_rotations: np.ndarray) -> np.ndarray:
        """(B, J, 4, 4) rigid transforms taking the rest mesh to the posed one.

        T_c = T_parent . [R_c about head_c]: each bone turns about its own rest head, in world axes, and
        carries its descendants. For Anny's "world" pose parameterisation, the bone poses are T @ P_rest.
        """
        bone_heads = np.asarray(bone_heads, dtype=np.float64)
        if bone_heads.ndim == 2:
            bone_heads = bone_heads[None]
        rotations = np.asarray(bone_rotations, dtype=np.float64)
        if rotations.ndim == 3:
            rotations = rotations[None]
        batch = max(len(bone_heads), len(rotations))
        rotations = np.broadcast_to(rotations, (batch, *rotations.shape[1:]))
        heads = np.broadcast_to(bone_heads, (batch, *bone_heads.shape[1:]))
        local = np.zeros((batch, len(self.bone_labels), 4, 4))
        local[..., :3, :3] = rotations
        local[..., :3, 3] = heads - np.einsum("bjik,bjk->bji", rotations, heads)
        local[..., 3, 3] = 1.0
        transforms = np.empty_like(local)
        for bone, parent in enumerate(self.bone_parents):  # parents come before their children
            transforms[:, bone] = local[:, bone] if parent < 0 else transforms[:, parent] @ local[:, bone]
        return transforms

    def pose(self, skeleton: RestSkeleton, bone_rotations: np.ndarray) -> np.ndarray:
        """(B, V, 3) float32 posed vertices by linear blend skinning of `skeleton.vertices`."""
        transforms = self.bone_transforms(skeleton.bone_heads, bone_rotations)
        return self.skin(skeleton.vertices, transforms)

    def skin(self, rest_vertices: np.ndarray, transforms: np.ndarray) -> np.ndarray:
        """(B, V, 3) float32: sum over bones of weight * (T_bone @ rest vertex)."""
        batch = max(len(rest_vertices), len(transforms))
        bones = len(self.bone_labels)
        rows = transforms[..., :3, :].astype(np.float32).reshape(len(transforms), bones, 12)
        blended = self._sparse_skinning @ rows.transpose(1, 0, 2).reshape(bones, -1)  # (V, B' * 12)
        blended = blended.reshape(self.vertex_count, len(transforms), 3, 4).transpose(1, 0, 2, 3)
        blended = np.broadcast_to(blended, (batch, *blended.shape[1:]))
        vertices = np.einsum("bvij,bvj->bvi", blended[..., :3], rest_vertices) + blended[..., 3]
        return vertices.astype(np.float32)

    # ----- keypoints ----------------------------------------------------------------------------
    def keypoints(self, vertices: np.ndarray) -> np.ndarray:
        """(B, V, 3) -> (B, K, 3) COCO-WholeBody keypoints (`keypoint_names`), same frame and units."""
        vertices = np.asarray(vertices)
        if vertices.ndim == 2:
            vertices = vertices[None]
        gathered = vertices[:, self._keypoint_indices].astype(np.float64)  # (B, K, S, 3)
        return np.einsum("ks,bksd->bkd", self._keypoint_weights, gathered)
