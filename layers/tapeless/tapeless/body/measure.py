"""ISO 8559-1 body measurements of a rest-pose Anny mesh: `measure(rest_vertices) -> Measurements`.

Each measurement is taken where a tailor would take it (definitions, clause names and landmarks in
`definitions.MEASUREMENTS`, which this module fills entry by entry):
- girths: the convex outline (a tape bridges hollows) of the right body part's own cross-section, in a
  plane placed at a landmark found on this mesh — vertex landmarks (`landmarks.py`) and joint centres
  from Anny's keypoint regressor, never fixed heights. Trunk girths leave the arms out; limb girths keep
  the section piece around that limb's axis, and only its own half of the body when the legs touch.
- lengths: straight between landmarks, or along the body's outline with hollows bridged, as the standard
  says; heights are vertical distances from the floor (the lowest vertex). The rest pose has the arms
  straight (A-pose): arm length is measured as posed, upper arm length as ISO takes it, elbow bent 90°.
Limb measurements are on the body's right side unless `side="left"`.

Input: (V, 3) or (1, V, 3) rest vertices in Anny topology, metres, Anny frame (Z up, faces -Y, +X left).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from tapeless.body import sections
from tapeless.body.definitions import BY_NAME, NAMES
from tapeless.body.landmarks import ANNY_WAIST_LOOP, landmark, pair_mean
from tapeless.body.model import BodyModel, BodyModelError
from tapeless.body.parts import part_faces, part_vertex_mask

UP = np.array([0.0, 0.0, 1.0])
X_AXIS = np.array([1.0, 0.0, 0.0])
BODY_DENSITY_KG_M3 = 980.0  # Anny's Anthropometry uses the same mean density
PROFILE_BIN_M = 0.01
# Lowest rib (10th rib margin at the side) as a fraction of the way from the iliac crest to the
# inframammary fold: adults have crest ~0.61, lowest rib ~0.645, underbust ~0.69 x stature.
LOWEST_RIB_FRACTION = 0.45
WAIST_SEARCH_LEVELS = 9
WAIST_CLEAR_NARROWING_M = 0.02  # a waist narrower by 2 cm than both ends of the band is a clear waist
FOLD_WINDOW_M = 0.01  # half-width of the column behind an armpit point searched for the armpit fold
# The gluteal fold lies 0-8 cm below the crotch point (lower on heavy bodies): the thigh girth is the
# largest there.
THIGH_DEPTHS_BELOW_CROTCH_M = (0.01, 0.02, 0.03, 0.045, 0.06, 0.08)


@dataclass(frozen=True)
class Measurements:
    """Measured values by registry name (`definitions.NAMES`), in the unit the name carries."""

    values: dict[str, float]
    side: str = "right"
    levels_m: dict[str, float] = field(default_factory=dict)  # z of each measuring level, Anny frame

    def __getitem__(self, name: str) -> float:
        return self.values[name]

    def to_json(self) -> dict:
        """{"measurements": {name: {"value_cm": v}}} ({"value": v, "unit": u} for non-length ones)."""
        out = {}
        for name, value in self.values.items():
            unit = BY_NAME[name].unit
            out[name] = {"value_cm": round(value, 2)} if unit == "cm" else {"value": round(value, 3), "unit": unit}
        return {"measurements": out}


class _Body:
    """One mesh with what the measurements share: landmarks, joints, floor, body-part faces."""

    def __init__(self, vertices: np.ndarray, model: BodyModel, side: str):
        self.v = vertices
        self.model = model
        self.side = side
        self.sign = 1.0 if side == "left" else -1.0
        self.joint = dict(zip(model.keypoint_names, model.keypoints(vertices)[0], strict=True))
        self.floor_z = float(vertices[:, 2].min())
        self.no_arms = part_faces(model, ("head", "neck", "trunk", "leg_left", "leg_right"))
        self.trunk_and_legs = part_faces(model, ("trunk", "leg_left", "leg_right"))
        corners = vertices[model.faces]  # (F, 3, 3)
        self.max_edge_m = float(np.linalg.norm(corners - np.roll(corners, 1, axis=1), axis=2).max())

    def cut(self, faces, origin, normal) -> sections.Section:
        return sections.cut(self.v, faces, origin, normal, self.max_edge_m)

    def lm(self, name: str) -> np.ndarray:
        return landmark(self.v, f"{name}_{self.side}")

    def kp(self, name: str) -> np.ndarray:
        return self.joint[f"{self.side}_{name}"]

    def girth_m(self, faces, origin, normal, anchor=None, own_half=False, extra=None) -> float:
        section = self.cut(faces, origin, normal)
        if anchor is not None:
            section = section.nearest_piece(anchor)
        points = section.points
        if own_half:  # legs pressed together: the tape runs along the midline between them
            points = points[points[:, 0] * self.sign >= 0]
        if extra is not None:
            points = np.vstack([points, extra])
        return sections.convex_perimeter_m(section.flat(points))

    def horizontal_girth_m(self, z: float, faces=None, anchor=None, own_half=False) -> float:
        faces = self.no_arms if faces is None else faces
        return self.girth_m(faces, np.array([0.0, 0.0, z]), UP, anchor, own_half)

    def leg_axis_point(self, z: float) -> np.ndarray:
        """Point of the hip-knee-ankle joint line at height z."""
        hip, knee, ankle = self.kp("hip"), self.kp("knee"), self.kp("ankle")
        top, bottom = (hip, knee) if z >= knee[2] else (knee, ankle)
        t = (z - top[2]) / (bottom[2] - top[2])
        return top + t * (bottom - top)

    def leg_girth_m(self, z: float) -> float:
        faces = part_faces(self.model, ("trunk", f"leg_{self.side}"))
        return self.horizontal_girth_m(z, faces, anchor=self.leg_axis_point(z), own_half=True)

    def profile(self, mask: np.ndarray, z_low: float, z_high: float, coordinate, extreme) -> np.ndarray:
        """(N, 2) outline points (coordinate value, z) of the vertices in `mask`: the extreme (np.max or
        np.min) of `coordinate` (V,) per 1 cm height bin between z_low and z_high."""
        z = self.v[:, 2]
        keep = mask & (z >= z_low) & (z <= z_high)
        bins = np.floor((z[keep] - z_low) / PROFILE_BIN_M).astype(int)
        values = coordinate[keep]
        order = np.lexsort((values if extreme is np.max else -values, bins))
        last = np.r_[bins[order][1:] != bins[order][:-1], True]
        chosen = np.flatnonzero(keep)[order[last]]
        return np.stack([coordinate[chosen], z[chosen]], axis=1)


def natural_waist_z(body: _Body, underbust_z: float) -> float:
    """Height of the natural waist (ISO 8559-1: between the top of the hip bones and the lowest ribs).

    The band runs from the iliac crest (Anny's waist loop, at the navel) to the lowest rib, taken
    LOWEST_RIB_FRACTION of the way up to the inframammary fold. A measurer takes the narrowest trunk girth
    in that band; when the trunk barely narrows (many men), the level midway between rib and crest. The
    two are blended by the depth of the narrowing (a minimum at an end of the band is no narrowing inside
    it) so that the level moves smoothly with the body shape (the fitting loop relies on it). The minimum
    is refined by a parabola through its neighbours."""
    crest = float(body.v[list(ANNY_WAIST_LOOP), 2].mean())
    rib = crest + LOWEST_RIB_FRACTION * max(underbust_z - crest, 0.0)
    if rib - crest < 1e-3:
        return crest
    levels = np.linspace(crest, rib, WAIST_SEARCH_LEVELS)
    girths = np.array([body.horizontal_girth_m(z, body.trunk_and_legs) for z in levels])
    i = int(np.clip(np.argmin(girths), 1, len(levels) - 2))
    curvature = girths[i - 1] - 2 * girths[i] + girths[i + 1]
    shift = 0.5 * (girths[i - 1] - girths[i + 1]) / curvature if curvature > 0 else 0.0
    narrowest = float(np.clip(levels[i] + np.clip(shift, -1.0, 1.0) * (levels[1] - levels[0]), crest, rib))
    depth_m = min(girths[0], girths[-1]) - girths.min()  # how much the trunk narrows inside the band
    weight = float(np.clip(depth_m / WAIST_CLEAR_NARROWING_M, 0.0, 1.0))
    return weight * narrowest + (1.0 - weight) * 0.5 * (crest + rib)


def _as_single_mesh(rest_vertices: np.ndarray, model: BodyModel) -> np.ndarray:
    vertices = np.asarray(rest_vertices, dtype=np.float64)
    if vertices.ndim == 3 and len(vertices) == 1:
        vertices = vertices[0]
    if vertices.shape != (model.vertex_count, 3):
        raise BodyModelError(
            f"expected a ({model.vertex_count}, 3) Anny-topology mesh, got {vertices.shape}",
            advice="measure one body at a time, in Anny topology and rest pose, in metres",
        )
    return vertices


def measure(rest_vertices: np.ndarray, side: str = "right", model: BodyModel | None = None) -> Measurements:
    """All registry measurements of one rest-pose Anny body (see the module docstring)."""
    if side not in ("left", "right"):
        raise ValueError("side must be 'left' or 'right'")
    model = model or BodyModel.load()
    body = _Body(_as_single_mesh(rest_vertices, model), model, side)
    v, floor = body.v, body.floor_z
    m: dict[str, float] = {}
    levels: dict[str, float] = {}

    m["stature_cm"] = v[:, 2].max() - floor

    # Head: plane through the glabella, tilted about X to the largest girth.
    head_faces = part_faces(model, ("head",))
    head_centre = 0.5 * (body.joint["left_ear"] + body.joint["right_ear"])
    glabella = landmark(v, "glabella")
    m["head_girth_cm"] = max(
        body.girth_m(head_faces, glabella, np.array([0.0, np.sin(t), np.cos(t)]), anchor=head_centre)
        for t in np.radians(np.arange(-6.0, 24.0, 3.0))
    )

    # Neck: planes containing the left-right axis through front and back landmarks. Nothing of the neck
    # lies farther out than the side neck points: beyond them a plane cuts the trapezius (muscular or
    # heavy bodies), which the tape does not go around.
    side_points = np.stack([landmark(v, "side_neck_point_left"), landmark(v, "side_neck_point_right")])
    neck_half_width = np.abs(side_points[:, 0]).mean()
    front, back = landmark(v, "neck_front"), landmark(v, "neck_back")
    section = body.cut(part_faces(model, ("head", "neck", "trunk")), front, np.cross(X_AXIS, back - front))
    points = section.nearest_piece(0.5 * (front + back)).points
    m["neck_girth_cm"] = sections.convex_perimeter_m(section.flat(points[np.abs(points[:, 0]) <= neck_half_width]))
    front, back = landmark(v, "front_neck_point"), landmark(v, "cervicale")
    section = body.cut(part_faces(model, ("neck", "trunk")), front, np.cross(X_AXIS, back - front))
    within = section.points[np.abs(section.points[:, 0]) <= neck_half_width]
    m["neck_base_girth_cm"] = sections.convex_perimeter_m(section.flat(np.vstack([within, side_points])))

    # Trunk girths at landmark levels, arms excluded.
    levels["chest"] = pair_mean(v, "armpit")[2]
    levels["bust"] = pair_mean(v, "bust_point")[2]
    levels["underbust"] = pair_mean(v, "underbust")[2]
    levels["waist"] = natural_waist_z(body, levels["underbust"])
    crotch_z = landmark(v, "crotch")[2]
    # Buttock prominence: the most backward point of the lower 60 % between the crotch and the waist (above
    # that, a flat or hollow buttock would let the lower back win).
    buttock_top_z = crotch_z + 0.6 * (levels["waist"] - crotch_z)
    buttocks = np.flatnonzero(part_vertex_mask(model, "trunk", "leg_left", "leg_right")
                              & (v[:, 2] > crotch_z) & (v[:, 2] < buttock_top_z))
    levels["hip"] = v[buttocks[np.argmax(v[buttocks, 1])], 2]
    for name in ("chest", "bust", "underbust", "waist", "hip"):
        m[f"{name}_girth_cm"] = body.horizontal_girth_m(levels[name], body.trunk_and_legs)

    # Legs (horizontal planes, joint-line anchored).
    patella_z, malleolus_z = body.lm("patella")[2], body.lm("malleolus")[2]
    m["thigh_girth_cm"] = max(body.leg_girth_m(crotch_z - d) for d in THIGH_DEPTHS_BELOW_CROTCH_M)
    m["mid_thigh_girth_cm"] = body.leg_girth_m(0.5 * (crotch_z + patella_z))
    m["knee_girth_cm"] = body.leg_girth_m(patella_z)
    m["calf_girth_cm"] = max(body.leg_girth_m(patella_z + f * (malleolus_z - patella_z))
                             for f in np.linspace(0.2, 0.6, 9))
    m["ankle_girth_cm"] = min(body.leg_girth_m(malleolus_z + d) for d in np.linspace(0.02, 0.12, 11))

    # Arms (planes across the limb's own axis).
    arm_faces = part_faces(model, (f"arm_{side}",))
    shoulder, elbow, wrist = body.kp("shoulder"), body.kp("elbow"), body.kp("wrist")
    upper_axis = (elbow - shoulder) / np.linalg.norm(elbow - shoulder)
    fore_axis = (wrist - elbow) / np.linalg.norm(wrist - elbow)
    acromion, olecranon, wrist_point = body.lm("acromion"), body.lm("olecranon"), body.lm("wrist")
    middle = 0.5 * (acromion + olecranon)
    m["upper_arm_girth_cm"] = body.girth_m(arm_faces, middle, upper_axis, anchor=shoulder + upper_axis * (
        (middle - shoulder) @ upper_axis))
    elbow_section = body.cut(arm_faces, elbow, upper_axis + fore_axis).nearest_piece(elbow)
    m["elbow_girth_cm"] = sections.convex_perimeter_m(elbow_section.flat())
    m["wrist_girth_cm"] = body.girth_m(arm_faces, wrist_point, fore_axis, anchor=wrist)
    # ISO 8559-1 takes the upper arm length with the elbow bent 90 degrees: the olecranon tip then lies
    # on the upper arm's axis, one elbow radius beyond the elbow joint's centre. The rest mesh has the
    # arm straight, so the length is the acromion to the elbow section's centre plus that radius.
    elbow_centre = elbow_section.points.mean(axis=0)
    m["upper_arm_length_cm"] = np.linalg.norm(elbow_centre - acromion) + m["elbow_girth_cm"] / (2 * np.pi)
    # Arm length with the arm as it is: shoulder point, over the elbow point, to the wrist point.
    m["arm_length_cm"] = np.linalg.norm(olecranon - acromion) + np.linalg.norm(wrist_point - olecranon)

    # Shoulders and back.
    acromions = np.stack([landmark(v, "acromion_left"), landmark(v, "acromion_right")])
    cervicale = landmark(v, "cervicale")
    m["shoulder_breadth_cm"] = np.linalg.norm(acromions[0] - acromions[1])
    section = body.cut(part_faces(model, ("neck", "trunk", "arm_left", "arm_right")), cervicale,
                       np.cross(acromions[0] - acromions[1], cervicale - acromions[1]))
    inside = section.points[np.abs(section.points[:, 0]) <= np.abs(acromions[:, 0]).max()]
    flat_acromions = section.flat(acromions)
    m["back_shoulder_width_cm"] = sections.arc_beyond_chord_m(
        section.flat(inside), flat_acromions[0], flat_acromions[1], section.flat(cervicale[None])[0])
    # Across the back between the posterior armpit folds, 3 cm above the armpits: the folds lie on the
    # back outline straight behind the armpit points (where the arms leave the trunk); the tape follows
    # the back between them, bridging the hollow between the shoulder blades.
    level = pair_mean(v, "armpit")[2] + 0.03
    fold_x = np.abs([landmark(v, "armpit_left")[0], landmark(v, "armpit_right")[0]]).mean()
    section = body.cut(part_faces(model, ("neck", "trunk", "arm_left", "arm_right")), np.array([0.0, 0.0, level]),
                       UP)
    flat = section.flat()  # (x, y): the horizontal plane's frame is X, Y
    back = flat[flat[:, 1] > np.median(flat[:, 1])]
    folds = []
    for sign in (1.0, -1.0):
        offset = np.abs(back[:, 0] - sign * fold_x)
        near = back[offset <= max(FOLD_WINDOW_M, offset.min())]
        folds.append(np.array([sign * fold_x, near[:, 1].max()]))
    inside = flat[np.abs(flat[:, 0]) <= fold_x]
    m["across_back_width_cm"] = sections.arc_beyond_chord_m(inside, folds[0], folds[1], np.array([0.0, 10.0]))

    # Heights and lengths along the body's outline.
    m["inside_leg_length_cm"] = crotch_z - floor
    m["waist_height_cm"] = levels["waist"] - floor
    m["hip_height_cm"] = levels["hip"] - floor
    outward = v[:, 0] * body.sign
    leg_side = part_vertex_mask(model, "trunk", f"leg_{side}") & (outward > 0)
    outline = body.profile(leg_side, floor, levels["waist"], outward, np.max)  # (outward, z), low to high
    waist_section = body.cut(body.trunk_and_legs, np.array([0.0, 0.0, levels["waist"]]), UP).points
    waist_side = np.array([(waist_section[:, 0] * body.sign).max(), levels["waist"]])
    # The tape runs from the waist at the side over the hip's widest point (between crotch and waist),
    # then down the outer side of the leg to the floor below the ankle bone.
    upper = outline[:, 1] > crotch_z
    hip_side = outline[upper][np.argmax(outline[upper, 0])]
    floor_point = np.array([body.lm("malleolus")[0] * body.sign, floor])
    outward_dir = np.array([10.0, 0.0])
    m["outside_leg_length_cm"] = (
        sections.arc_beyond_chord_m(outline[outline[:, 1] >= hip_side[1]], waist_side, hip_side, outward_dir)
        + sections.arc_beyond_chord_m(outline[outline[:, 1] <= hip_side[1]], hip_side, floor_point, outward_dir))
    # The coronal plane through the shoulder and hip joints splits the trunk's back from its front. Both
    # lengths follow the midline outline (tape bridging hollows) and end on the waist girth's plane.
    coronal_y = np.mean([body.joint[f"{s}_{j}"][1] for s in ("left", "right") for j in ("shoulder", "hip")])
    midline = np.abs(waist_section[:, 0]) < 0.025
    band = part_vertex_mask(model, "trunk", "neck") & (np.abs(v[:, 0]) < 0.025) & (v[:, 1] > coronal_y)
    outline = body.profile(band, levels["waist"], cervicale[2], v[:, 1], np.max)
    waist_back = np.array([waist_section[midline, 1].max(), levels["waist"]])
    m["back_length_cm"] = sections.arc_beyond_chord_m(
        outline, np.array([cervicale[1], cervicale[2]]), waist_back, np.array([10.0, 0.0]))
    front_neck = landmark(v, "front_neck_point")
    bust_x = np.abs(landmark(v, "bust_point_left")[0])
    band = part_vertex_mask(model, "trunk") & (np.abs(v[:, 0]) <= bust_x) & (v[:, 1] < coronal_y)
    outline = body.profile(band, levels["waist"], front_neck[2], v[:, 1], np.min)
    waist_front = np.array([waist_section[np.abs(waist_section[:, 0]) <= bust_x, 1].min(), levels["waist"]])
    m["front_neck_to_waist_cm"] = sections.arc_beyond_chord_m(
        outline, np.array([front_neck[1], front_neck[2]]), waist_front, np.array([-10.0, 0.0]))

    # Volume, mass, BMI.
    faces = model.faces
    volume_m3 = abs(np.einsum("ij,ij->i", v[faces[:, 0]], np.cross(v[faces[:, 1]], v[faces[:, 2]])).sum()) / 6.0
    values = {name: float(value) * 100.0 for name, value in m.items()}
    values["volume_l"] = volume_m3 * 1000.0
    values["mass_kg"] = volume_m3 * BODY_DENSITY_KG_M3
    values["bmi_kg_m2"] = values["mass_kg"] / (values["stature_cm"] / 100.0) ** 2
    return Measurements({name: values[name] for name in NAMES}, side, {k: float(z) for k, z in levels.items()})
