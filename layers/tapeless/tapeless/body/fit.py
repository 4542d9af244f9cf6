"""Fit Anny to the front and side silhouettes at once ("Fit body model").

Stages (each a bounded Levenberg–Marquardt-style trust-region solve, `scipy.optimize.least_squares`):
1. placement: per view, the body→camera rotation and translation, then the joint angles, with the start
   shape (stature solved from the given stature, or 170 cm); in profile both facing directions are tried;
2. phenotype (gender, muscle, weight, height, proportions) with both poses;
3. + the local sliders that real bodies need (FIT_LOCAL_NAMES);
4. pose refinement with everything free.
The outline vertices are chosen again before each stage, from the whole posed mesh.
"""

import time
from dataclasses import dataclass, field

import cv2
import numpy as np

from tapeless.body.camera import PinholeCamera, view_rotation
from tapeless.body.contour_field import ContourField
from tapeless.body.fit_model import FIT_LOCAL_NAMES, POSE_NAMES, POSE_SIZE, SubsetBody, to_camera
from tapeless.body.fit_problem import (
    LOCAL_SIZE,
    PHENOTYPE_SIZE,
    SHAPE_SIZE,
    VIEWS,
    FitProblem,
    ViewTerms,
)
from tapeless.body.model import BodyModel
from tapeless.body.outline import select_outline_vertices
from tapeless.body.parts import part_vertex_mask
from tapeless.body.solver import levenberg_marquardt
from tapeless.body.stature import ADULT_DEFAULTS, solve_phenotype_for_stature
from tapeless.errors import TapelessError

DEFAULT_STATURE_CM = 170.0
# Tight clothing pushes the outline out by a few millimetres; the synthetic captures and the capture
# protocol both ask for 1–5 mm garments, so the naked body is fitted 3 mm inside the outline.
CLOTHING_THICKNESS_M = 0.003
STAGE_PHENOTYPES = np.array([0, 2, 3, 4, 5])  # gender, muscle, weight, height, proportions (age stays adult)
HEAD_WEIGHT = 0.3  # hair moves the head's outline
START_POSE = {"front": (0.0, [35.0, 35.0, 10.0, 5.0, 5.0, 0.0]), "side": (90.0, [8.0, 8.0, 10.0, 2.0, 2.0, 0.0])}
POSE_LOWER = np.array([-np.pi, -np.pi, -np.pi, -3, -3, 0.5, -5, -5, 0, -10, -10, -40])
POSE_UPPER = np.array([np.pi, np.pi, np.pi, 3, 3, 10, 80, 80, 60, 25, 25, 40])


OUTLINE_POINTS_PER_HEIGHT = 90


def _person_height_px(mask: np.ndarray) -> float:
    rows = np.nonzero((np.asarray(mask, dtype=np.float32) > 0.5).any(axis=1))[0]
    return float(rows.max() - rows.min()) if rows.size else 1.0


class FitFailed(TapelessError):
    code = "fit_failed"


@dataclass(frozen=True)
class ViewObservation:
    """One photo as the fit needs it: intrinsics, the person's mask ((H, W) coverage in [0, 1] or bool),
    and optionally BlazePose landmarks ((33, 2) px) with visibility ((33,) in [0, 1])."""

    camera: PinholeCamera
    mask: np.ndarray
    landmarks_px: np.ndarray | None = None
    landmark_visibility: np.ndarray | None = None


@dataclass(frozen=True)
class CardObservation:
    """The card's centre in the front photo (px) and its distance along the camera axis (metres)."""

    centre_px: np.ndarray
    depth_m: float


@dataclass
class FitResult:
    """The fitted body: phenotype (6,), local sliders (len(FIT_LOCAL_NAMES),), per-view pose vectors
    (12,) (see fit_model.POSE_NAMES), outline residuals per view (px) and the data the overlay needs."""

    phenotype: np.ndarray
    local: np.ndarray
    poses: dict[str, np.ndarray]
    silhouette_residuals_px: dict[str, np.ndarray]
    outline_px: dict[str, np.ndarray]
    depth_m: dict[str, float]
    seconds: float = 0.0
    stages: list = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "phenotype": dict(zip(BodyModel.load().phenotype_names, self.phenotype.tolist(), strict=True)),
            "local": dict(zip(FIT_LOCAL_NAMES, self.local.tolist(), strict=True)),
            "poses": {view: dict(zip(POSE_NAMES, pose.tolist(), strict=True)) for view, pose in self.poses.items()},
            "silhouette_rms_px": {v: float(np.sqrt(np.mean(r**2))) for v, r in self.silhouette_residuals_px.items()},
        }

    def to_state(self) -> dict:
        """Everything `measure_fit` needs, JSON-serialisable (~20 KB), for the pipeline's hand-over."""
        return {
            "phenotype": self.phenotype.tolist(),
            "local": self.local.tolist(),
            "poses": {view: pose.tolist() for view, pose in self.poses.items()},
            "silhouette_residuals_px": {v: np.round(r, 3).tolist() for v, r in self.silhouette_residuals_px.items()},
            "outline_px": {v: np.round(p, 2).tolist() for v, p in self.outline_px.items()},
            "depth_m": self.depth_m,
            "seconds": self.seconds,
            "stages": self.stages,
        }

    @classmethod
    def from_state(cls, state: dict) -> "FitResult":
        def arrays(mapping: dict) -> dict:
            return {key: np.asarray(value, dtype=np.float64) for key, value in mapping.items()}

        return cls(
            phenotype=np.asarray(state["phenotype"], dtype=np.float64),
            local=np.asarray(state["local"], dtype=np.float64),
            poses=arrays(state["poses"]),
            silhouette_residuals_px=arrays(state["silhouette_residuals_px"]),
            outline_px=arrays(state["outline_px"]),
            depth_m=dict(state["depth_m"]),
            seconds=float(state.get("seconds", 0.0)),
            stages=list(state.get("stages", [])),
        )


def _start_pose(view: str, yaw_deg: float, mask: np.ndarray, camera: PinholeCamera, stature_m: float) -> np.ndarray:
    rows, cols = np.nonzero(np.asarray(mask, dtype=np.float32) > 0.5)
    if rows.size == 0:
        raise FitFailed(f"the {view} photo's person mask is empty")
    height_px = rows.max() - rows.min()
    centre_u, centre_v = (cols.min() + cols.max()) / 2, (rows.min() + rows.max()) / 2
    depth_m = camera.focal_px * stature_m / max(height_px, 1)
    rotation = view_rotation(yaw_deg)
    rotvec = cv2.Rodrigues(rotation)[0].ravel()
    mid_body = rotation @ np.array([0.0, 0.0, stature_m / 2 - 0.82 * stature_m / 1.7])
    target = depth_m * np.array([(centre_u - camera.cx_px) / camera.focal_px, (centre_v - camera.cy_px) / camera.focal_px, 1.0])
    return np.concatenate([rotvec, target - mid_body, START_POSE[view][1]])


class BodyFitter:
    """Runs the staged fit for one capture (not thread-safe: one instance per capture)."""

    def __init__(self, model: BodyModel, views: dict[str, ViewObservation], *, stature_cm: float | None,
                 card: CardObservation | None, gender: float | None = None, weight_hint: float | None = None):
        self.model = model
        self.observations = views
        self.fields = {view: ContourField.from_mask(obs.mask) for view, obs in views.items()}
        self.stature_cm = stature_cm
        self.card = card
        start = solve_phenotype_for_stature(
            stature_cm or DEFAULT_STATURE_CM,
            gender=ADULT_DEFAULTS["gender"] if gender is None else gender,
            weight=ADULT_DEFAULTS["weight"] if weight_hint is None else weight_hint,
        )
        self.phenotype_prior = np.asarray(start, dtype=np.float64)
        self.allowed = ~part_vertex_mask(model, "arm_left", "arm_right") | self._arm_without_hands()
        self.head = part_vertex_mask(model, "head")
        self.x = np.zeros(SHAPE_SIZE + len(VIEWS) * POSE_SIZE)
        self.x[:PHENOTYPE_SIZE] = self.phenotype_prior
        self.stages: list[dict] = []
        # About OUTLINE_POINTS_PER_HEIGHT outline vertices per body height, whatever the photo's size.
        self.spacing_px = {view: _person_height_px(obs.mask) / OUTLINE_POINTS_PER_HEIGHT for view, obs in views.items()}

    def _arm_without_hands(self) -> np.ndarray:
        hand_bones = [i for i, label in enumerate(self.model.bone_labels) if label.startswith(("finger", "metacarpal", "wrist"))]
        return self.model.skinning_weights[:, hand_bones].sum(axis=1) < 0.3

    # ---- problem construction ---------------------------------------------------------------------
    def _build(self, x: np.ndarray) -> FitProblem:
        full = {}
        outlines = {}
        body = SubsetBody(self.model, np.arange(0))
        skeleton = self.model.rest_skeleton(x[:PHENOTYPE_SIZE], body.local_vector(x[PHENOTYPE_SIZE:SHAPE_SIZE]))
        rest_z = skeleton.vertices[0, :, 2]
        top = np.argsort(rest_z)[-30:]
        bottom = np.argsort(rest_z)[:60]
        subset_parts = [top, bottom]
        for view in VIEWS:
            pose = x[SHAPE_SIZE + VIEWS.index(view) * POSE_SIZE:][:POSE_SIZE]
            full[view] = body.full_mesh_in_camera(skeleton, pose)
            outlines[view] = select_outline_vertices(full[view], self.model.faces, self.observations[view].camera,
                                                     candidate_mask=self.allowed, spacing_px=self.spacing_px[view])
            subset_parts.append(outlines[view])
        card_patch = self._card_patch(full["front"]) if self.card is not None else np.zeros(0, dtype=np.int64)
        subset_parts.append(card_patch)
        subset, inverse = np.unique(np.concatenate(subset_parts), return_inverse=True)
        positions = np.split(inverse, np.cumsum([len(p) for p in subset_parts])[:-1])
        terms = {}
        for i, view in enumerate(VIEWS):
            observation = self.observations[view]
            card_rows = positions[4] if view == "front" else np.zeros(0, dtype=np.int64)
            rows = np.concatenate([positions[2 + i], card_rows])
            count = len(positions[2 + i])
            terms[view] = ViewTerms(
                camera=observation.camera,
                rows=rows,
                field=self.fields[view],
                outline=np.arange(count),
                outline_weights=np.where(self.head[outlines[view]], HEAD_WEIGHT, 1.0),
                landmarks_px=observation.landmarks_px,
                landmark_weights=observation.landmark_visibility,
                card_patch=np.arange(count, len(rows)) if len(card_rows) else None,
            )
        return FitProblem(
            body=SubsetBody(self.model, subset),
            views=terms,
            stature_top=positions[0],
            stature_bottom=positions[1],
            phenotype_prior=self.phenotype_prior,
            clothing_m=CLOTHING_THICKNESS_M,
            stature_cm=self.stature_cm,
            card_depth_m=self.card.depth_m if self.card else None,
        )

    def _card_patch(self, vertices_cam: np.ndarray) -> np.ndarray:
        """Vertices of the body's visible front surface under the card's centre (≤ 12 px away)."""
        camera = self.observations["front"].camera
        distance_px = np.linalg.norm(camera.project(vertices_cam) - self.card.centre_px, axis=1)
        near = np.nonzero(distance_px < 12.0)[0]
        if near.size == 0:
            near = np.argsort(distance_px)[:20]
        nearest_depth = vertices_cam[near, 2].min()
        return near[vertices_cam[near, 2] < nearest_depth + 0.02]

    # ---- stages -----------------------------------------------------------------------------------
    def _solve(self, name: str, free: np.ndarray, max_nfev: int) -> float:
        problem = self._build(self.x)
        problem.free = free
        lower, upper = self._bounds(free)
        x0 = np.clip(self.x[free], lower + 1e-9, upper - 1e-9)
        solution = levenberg_marquardt(lambda z: problem.fun(z, self.x), lambda z: problem.jac(z, self.x), x0,
                                       lower, upper, max_iterations=max_nfev, robust=problem.data_rows(self.x))
        self.x = problem.expand(solution.x, self.x)
        self.stages.append({"stage": name, "cost": float(solution.cost), "iterations": solution.iterations, "evaluations": solution.evaluations})
        return float(solution.cost)

    def _bounds(self, free: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        lower = np.concatenate([np.zeros(PHENOTYPE_SIZE), -np.ones(LOCAL_SIZE), POSE_LOWER, POSE_LOWER])
        upper = np.concatenate([np.ones(PHENOTYPE_SIZE), np.ones(LOCAL_SIZE), POSE_UPPER, POSE_UPPER])
        return lower[free], upper[free]

    def _pose_indices(self, view: str, rigid_only: bool = False) -> np.ndarray:
        start = SHAPE_SIZE + VIEWS.index(view) * POSE_SIZE
        return np.arange(start, start + (6 if rigid_only else POSE_SIZE))

    def run(self) -> FitResult:
        started = time.perf_counter()
        stature_m = (self.stature_cm or DEFAULT_STATURE_CM) / 100.0
        for view in VIEWS:
            self.x[self._pose_indices(view)] = _start_pose(view, START_POSE[view][0], self.observations[view].mask,
                                                           self.observations[view].camera, stature_m)
        self._solve("front placement", self._pose_indices("front", rigid_only=True), 8)
        self._place_profile(stature_m)
        both_poses = np.concatenate([self._pose_indices(v) for v in VIEWS])
        self._solve("poses", both_poses, 8)
        phenotype = STAGE_PHENOTYPES
        self._solve("phenotype", np.concatenate([phenotype, both_poses]), 10)
        local = np.arange(PHENOTYPE_SIZE, SHAPE_SIZE)
        everything = np.concatenate([phenotype, local, both_poses])
        self._solve("local shape", everything, 8)
        self._solve("local shape, outline chosen again", everything, 8)
        self._solve("refine", everything, 5)
        result = self._result()
        result.seconds = time.perf_counter() - started
        return result

    def _place_profile(self, stature_m: float) -> None:
        """Profile photos face left or right: fit the placement both ways and keep the better."""
        best = None
        for yaw in (90.0, -90.0):
            trial = self.x.copy()
            trial[self._pose_indices("side")] = _start_pose("side", yaw, self.observations["side"].mask,
                                                            self.observations["side"].camera, stature_m)
            saved, self.x = self.x, trial
            cost = self._solve(f"side placement {yaw:+.0f}", self._pose_indices("side", rigid_only=True), 8)
            if best is None or cost < best[0]:
                best = (cost, self.x.copy())
            self.x = saved
        self.x = best[1]

    def _result(self) -> FitResult:
        problem = self._build(self.x)
        state = problem.shape_state(self.x)
        residuals, outline_px, depth_m = {}, {}, {}
        for view in VIEWS:
            terms = problem.views[view]
            pose = self.x[problem.view_slice(view)]
            points = to_camera(problem.body.posed_in_body(state, pose, terms.rows).vertices, pose)
            outline = points[terms.outline]
            uv = terms.camera.project(outline)
            residuals[view] = terms.field.sample(uv) + CLOTHING_THICKNESS_M * terms.camera.focal_px / outline[:, 2]
            outline_px[view] = uv
            depth_m[view] = float(np.median(outline[:, 2]))
        return FitResult(
            phenotype=self.x[:PHENOTYPE_SIZE].copy(),
            local=self.x[PHENOTYPE_SIZE:SHAPE_SIZE].copy(),
            poses={view: self.x[problem.view_slice(view)].copy() for view in VIEWS},
            silhouette_residuals_px=residuals,
            outline_px=outline_px,
            depth_m=depth_m,
            stages=self.stages,
        )
