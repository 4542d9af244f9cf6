"""The least-squares problem of the fit: residuals for one parameter vector and their Jacobian.

Parameter vector: phenotype (6) | local sliders (len(FIT_LOCAL_NAMES)) | front pose (12) | side pose (12).
Residuals, each divided by its own sigma so that 1 means "one sigma off":
- silhouette: signed distance (px) of each outline vertex from the person's outline, after pushing the
  naked body out by the clothing thickness (t·f/z px), σ = SILHOUETTE_SIGMA_PX;
- landmarks (when given): joint centres vs BlazePose joints, σ = a fraction of the image height;
- scale: the rest body's stature vs the given stature, or the body's front surface depth under the card
  vs the card's own depth from its corners (the card lies on the body, nearer than the outline);
- priors: phenotype towards the start, local sliders towards 0, joint angles towards the protocol's pose.
The Jacobian is by forward differences, using its block structure: a pose parameter changes only its own
view's residuals, so one evaluation of that view suffices.
"""

from dataclasses import dataclass, field

import numpy as np

from tapeless.body.camera import PinholeCamera
from tapeless.body.contour_field import ContourField
from tapeless.body.fit_model import (
    FIT_LOCAL_NAMES,
    LANDMARK_BONES,
    POSE_SIZE,
    ShapeState,
    SubsetBody,
    to_camera,
)

PHENOTYPE_SIZE = 6
LOCAL_SIZE = len(FIT_LOCAL_NAMES)
SHAPE_SIZE = PHENOTYPE_SIZE + LOCAL_SIZE
VIEWS = ("front", "side")
SILHOUETTE_SIGMA_PX = 1.0
LANDMARK_SIGMA_FRACTION = 0.012
STATURE_SIGMA_CM = 0.2
CARD_DEPTH_SIGMA_FRACTION = 0.004
PHENOTYPE_PRIOR_SIGMA = np.array([0.35, 0.08, 0.35, 0.35, 1.0, 0.35])
LOCAL_PRIOR_SIGMA = 0.5
POSE_PRIOR = {  # view → (mean, sigma) of the joint angles, degrees: arms L/R, elbow, legs L/R, head
    "front": (np.array([35.0, 35.0, 10.0, 5.0, 5.0, 0.0]), np.array([25.0, 25.0, 15.0, 10.0, 10.0, 15.0])),
    # In profile, abduction and leg spread move limbs along the viewing ray: only the prior holds them.
    "side": (np.array([8.0, 8.0, 10.0, 2.0, 2.0, 0.0]), np.array([4.0, 4.0, 15.0, 2.0, 2.0, 15.0])),
}
# Forward-difference steps: shape sliders (unitless), rotation (rad), translation (m), angles (degrees).
FD_STEPS = np.concatenate([np.full(SHAPE_SIZE, 1e-3), np.tile([1e-3] * 3 + [1e-3] * 3 + [0.2] * 6, len(VIEWS))])


@dataclass
class ViewTerms:
    """What one view contributes: its camera, outline field, `rows` (the subset rows this view poses),
    the outline's positions within `rows` and their weights, landmark observations ((K, 2) px + (K,)
    weights, BlazePose order) or None, and the card patch's positions within `rows` (front view only)."""

    camera: PinholeCamera
    rows: np.ndarray
    field: ContourField
    outline: np.ndarray
    outline_weights: np.ndarray
    landmarks_px: np.ndarray | None = None
    landmark_weights: np.ndarray | None = None
    card_patch: np.ndarray | None = None


@dataclass
class FitProblem:
    body: SubsetBody
    views: dict[str, ViewTerms]
    stature_top: np.ndarray
    stature_bottom: np.ndarray
    phenotype_prior: np.ndarray
    clothing_m: float
    stature_cm: float | None = None
    card_depth_m: float | None = None
    free: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))
    _cached_shape: tuple | None = None

    def view_slice(self, view: str) -> slice:
        start = SHAPE_SIZE + VIEWS.index(view) * POSE_SIZE
        return slice(start, start + POSE_SIZE)

    def shape_state(self, x: np.ndarray) -> ShapeState:
        key = x[:SHAPE_SIZE].tobytes()
        if self._cached_shape is None or self._cached_shape[0] != key:
            self._cached_shape = (key, self.body.shape(x[:PHENOTYPE_SIZE], x[PHENOTYPE_SIZE:SHAPE_SIZE]))
        return self._cached_shape[1]

    def view_residuals(self, state: ShapeState, x: np.ndarray, view: str) -> np.ndarray:
        pose = x[self.view_slice(view)]
        posed = self.body.posed_in_body(state, pose, self.views[view].rows)
        return self.view_residuals_at(view, to_camera(posed.vertices, pose), to_camera(posed.joints, pose))

    def view_residuals_at(self, view: str, points: np.ndarray, joints: np.ndarray) -> np.ndarray:
        """Residuals of one view from its subset points (S, 3) and joints (K, 3) in the camera frame."""
        terms = self.views[view]
        outline = points[terms.outline]
        uv = terms.camera.project(outline)
        clothing_px = self.clothing_m * terms.camera.focal_px / outline[:, 2]
        parts = [terms.outline_weights * (terms.field.sample(uv) + clothing_px) / SILHOUETTE_SIGMA_PX]
        if terms.landmarks_px is not None:
            sigma = LANDMARK_SIGMA_FRACTION * terms.camera.height_px
            joint_uv = terms.camera.project(joints)
            observed = terms.landmarks_px[list(LANDMARK_BONES)]
            weights = terms.landmark_weights[list(LANDMARK_BONES)]
            parts.append(((joint_uv - observed) * weights[:, None] / sigma).ravel())
        if terms.card_patch is not None and self.card_depth_m is not None:
            surface_depth = points[terms.card_patch, 2].mean() - self.clothing_m
            parts.append(np.array([(surface_depth - self.card_depth_m) / (CARD_DEPTH_SIGMA_FRACTION * self.card_depth_m)]))
        return np.concatenate(parts)

    def shape_residuals(self, rest_vertices: np.ndarray, x: np.ndarray) -> np.ndarray:
        parts = [
            (x[:PHENOTYPE_SIZE] - self.phenotype_prior) / PHENOTYPE_PRIOR_SIGMA,
            x[PHENOTYPE_SIZE:SHAPE_SIZE] / LOCAL_PRIOR_SIGMA,
        ]
        if self.stature_cm is not None:
            z = rest_vertices[:, 2]
            stature_cm = 100.0 * (z[self.stature_top].max() - z[self.stature_bottom].min())
            parts.append(np.array([(stature_cm - self.stature_cm) / STATURE_SIGMA_CM]))
        for view in VIEWS:
            mean, sigma = POSE_PRIOR[view]
            parts.append((x[self.view_slice(view)][6:] - mean) / sigma)
        return np.concatenate(parts)

    def residuals(self, x: np.ndarray) -> dict[str, np.ndarray]:
        state = self.shape_state(x)
        blocks = {view: self.view_residuals(state, x, view) for view in self.views}
        blocks["shape"] = self.shape_residuals(state.vertices, x)
        return blocks

    def data_rows(self, x: np.ndarray) -> np.ndarray:
        """(R,) bool: which residuals are image data (robust loss) rather than priors and constraints."""
        blocks = self.residuals(x)
        rows = {name: np.full(len(block), name != "shape") for name, block in blocks.items()}
        if self.card_depth_m is not None and self.views["front"].card_patch is not None:
            rows["front"][-1] = False  # the card's depth is a constraint, not image data
        return np.concatenate(list(rows.values()))

    # ---- the free-parameter interface for the solver ------------------------------------------------
    def expand(self, x_free: np.ndarray, x_full: np.ndarray) -> np.ndarray:
        x = x_full.copy()
        x[self.free] = x_free
        return x

    def fun(self, x_free: np.ndarray, x_full: np.ndarray) -> np.ndarray:
        return np.concatenate(list(self.residuals(self.expand(x_free, x_full)).values()))

    def jac(self, x_free: np.ndarray, x_full: np.ndarray) -> np.ndarray:
        """Forward differences. Shape columns change the rest subset linearly (blend coefficients) and
        are posed with the current skinning (the joints' own small shift is neglected); rigid columns
        reuse the posed body; only joint-angle columns pose the body again."""
        x = self.expand(x_free, x_full)
        state = self.shape_state(x)
        posed = {view: self.body.posed_in_body(state, x[self.view_slice(view)], self.views[view].rows) for view in VIEWS}
        base = {view: self.view_residuals_at(view, to_camera(p.vertices, x[self.view_slice(view)]),
                                             to_camera(p.joints, x[self.view_slice(view)])) for view, p in posed.items()}
        base["shape"] = self.shape_residuals(state.vertices, x)
        sizes = {name: len(block) for name, block in base.items()}
        offsets = np.cumsum([0, *sizes.values()])
        start = dict(zip(sizes, offsets[:-1], strict=True))
        jacobian = np.zeros((offsets[-1], len(self.free)))

        def put(name: str, column: int, block: np.ndarray, step: float) -> None:
            jacobian[start[name]:start[name] + sizes[name], column] = (block - base[name]) / step

        shape_columns = [(c, i) for c, i in enumerate(self.free) if i < SHAPE_SIZE]
        if shape_columns:
            shifted = np.repeat(x[None, :SHAPE_SIZE], len(shape_columns), axis=0)
            for row, (_, index) in enumerate(shape_columns):
                shifted[row, index] += FD_STEPS[index]
            coefficients = self.body.coefficients(shifted[:, :PHENOTYPE_SIZE], shifted[:, PHENOTYPE_SIZE:])
            rest_deltas = self.body.rest_delta(coefficients - state.coefficients[None])
            for row, (column, index) in enumerate(shape_columns):
                step = FD_STEPS[index]
                x_shifted = x.copy()
                x_shifted[index] += step
                for view, p in posed.items():
                    pose = x[self.view_slice(view)]
                    moved = p.vertices + np.einsum("sij,sj->si", p.blended_rotations, rest_deltas[row][self.views[view].rows])
                    put(view, column, self.view_residuals_at(view, to_camera(moved, pose), to_camera(p.joints, pose)), step)
                put("shape", column, self.shape_residuals(state.vertices + rest_deltas[row], x_shifted), step)
        for column, index in enumerate(self.free):
            if index < SHAPE_SIZE:
                continue
            view = VIEWS[(index - SHAPE_SIZE) // POSE_SIZE]
            step = FD_STEPS[index]
            x_shifted = x.copy()
            x_shifted[index] += step
            pose = x_shifted[self.view_slice(view)]
            is_rigid = (index - SHAPE_SIZE) % POSE_SIZE < 6
            p = posed[view] if is_rigid else self.body.posed_in_body(state, pose, self.views[view].rows)
            put(view, column, self.view_residuals_at(view, to_camera(p.vertices, pose), to_camera(p.joints, pose)), step)
            put("shape", column, self.shape_residuals(state.vertices, x_shifted), step)
        return jacobian
