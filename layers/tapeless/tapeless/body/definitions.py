"""The registry of body measurements: one stable machine name per measurement, used everywhere (API,
CSV, PDF, README table, `tapeless measure-mesh`).

Names and definitions follow ISO 8559-1:2017 "Size designation of clothes — Part 1: Anthropometric
definitions for body measurement" (the clause cited in `iso_clause` is the measurement's name there;
biacromial breadth is from ISO 7250-1:2017, which ISO 8559-1 refers to for body breadths). Volume, mass
and BMI are derived from the mesh and are not ISO 8559-1 measurements.

`measure.py` computes every entry; the `landmark` text says where on the mesh it is taken (see
`landmarks.py` for the vertex landmarks).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["height", "girth", "length", "breadth", "mass", "volume", "index"]


@dataclass(frozen=True)
class MeasurementDefinition:
    name: str  # machine name with its unit, e.g. "waist_girth_cm"
    label: str  # human label, e.g. "Waist girth"
    kind: Kind
    unit: str  # "cm", "l", "kg" or "kg/m²"
    iso_clause: str  # the measurement's name in ISO 8559-1:2017 (or the standard cited)
    definition: str  # how it is measured, in words
    landmark: str  # where it is taken on the mesh


def _d(name, label, kind, iso_clause, definition, landmark, unit="cm") -> MeasurementDefinition:
    return MeasurementDefinition(name, label, kind, unit, iso_clause, definition, landmark)


MEASUREMENTS: tuple[MeasurementDefinition, ...] = (
    _d("stature_cm", "Stature", "height", "ISO 8559-1 stature (body height)",
       "Vertical distance from the floor (soles) to the highest point of the head.",
       "Top of the head (highest vertex); floor = lowest vertex."),
    _d("head_girth_cm", "Head girth", "girth", "ISO 8559-1 head girth",
       "Maximum girth of the head passing just above the eyebrows and over the back of the head.",
       "Plane through the glabella, tilted about the left-right axis to the largest girth."),
    _d("neck_girth_cm", "Neck girth", "girth", "ISO 8559-1 neck girth",
       "Girth of the neck just below the laryngeal prominence, perpendicular to the neck's axis.",
       "Plane through neck_front and neck_back (perpendicular to the neck axis); the section within the side neck"
       " points (no trapezius)."),
    _d("neck_base_girth_cm", "Neck base girth", "girth", "ISO 8559-1 neck base girth",
       "Girth around the base of the neck through the cervicale, the side neck points and the front neck point.",
       "Plane through the cervicale and the front neck point; the section between the side neck points."),
    _d("chest_girth_cm", "Chest girth", "girth", "ISO 8559-1 chest girth",
       "Horizontal girth of the trunk just under the armpits, over the shoulder blades and the chest.",
       "Horizontal plane at the armpit level (mean of both armpits); arms excluded."),
    _d("bust_girth_cm", "Bust girth", "girth", "ISO 8559-1 bust girth",
       "Horizontal girth of the trunk at the level of the bust points.",
       "Horizontal plane at the bust points; arms excluded."),
    _d("underbust_girth_cm", "Underbust girth", "girth", "ISO 8559-1 underbust girth",
       "Horizontal girth of the trunk just below the breasts.",
       "Horizontal plane at the inframammary fold (underbust points); arms excluded."),
    _d("waist_girth_cm", "Waist girth", "girth", "ISO 8559-1 waist girth",
       "Horizontal girth at the natural waist: the narrowest girth between the top of the hip bones (iliac crests)"
       " and the lowest ribs; midway between them when the trunk barely narrows.",
       "Iliac crest = Anny's waist loop (navel level); lowest rib = 45 % of the way up to the underbust level. Narrowest"
       " horizontal trunk section in that band, blended towards the band's middle when it narrows by less than 2 cm;"
       " arms excluded."),
    _d("hip_girth_cm", "Hip girth", "girth", "ISO 8559-1 hip girth",
       "Horizontal girth of the trunk and both legs at the level of the greatest buttock prominence.",
       "Horizontal plane at the most backward point of the buttocks; arms and hands excluded."),
    _d("thigh_girth_cm", "Thigh girth", "girth", "ISO 8559-1 thigh girth",
       "Maximum horizontal girth of the upper leg, just below the crotch (gluteal fold).",
       "Horizontal planes 1-8 cm below the crotch point, largest girth of the right leg (own half where legs touch)."),
    _d("mid_thigh_girth_cm", "Mid-thigh girth", "girth", "ISO 8559-1 mid-thigh girth",
       "Horizontal girth of the thigh midway between the crotch and the middle of the kneecap.",
       "Horizontal plane midway between the crotch point and the patella; right leg."),
    _d("knee_girth_cm", "Knee girth", "girth", "ISO 8559-1 knee girth",
       "Horizontal girth of the knee at the middle of the kneecap.",
       "Horizontal plane at the patella landmark; right leg."),
    _d("calf_girth_cm", "Calf girth", "girth", "ISO 8559-1 calf girth",
       "Maximum horizontal girth of the calf.",
       "Largest of horizontal planes 20-60 % of the way from the patella down to the malleolus; right leg."),
    _d("ankle_girth_cm", "Ankle girth", "girth", "ISO 8559-1 ankle girth",
       "Minimum horizontal girth of the leg just above the ankle bones.",
       "Smallest of horizontal planes 2-12 cm above the lateral malleolus; right leg."),
    _d("upper_arm_girth_cm", "Upper arm girth", "girth", "ISO 8559-1 upper arm girth",
       "Girth of the upper arm midway between the shoulder point and the elbow, perpendicular to the arm.",
       "Plane at the midpoint of acromion and olecranon, normal along the shoulder-elbow axis; right arm."),
    _d("elbow_girth_cm", "Elbow girth", "girth", "ISO 8559-1 elbow girth",
       "Girth of the arm over the elbow point, perpendicular to the arm.",
       "Plane through the elbow joint, normal along the mean of upper-arm and forearm axes; right arm."),
    _d("wrist_girth_cm", "Wrist girth", "girth", "ISO 8559-1 wrist girth",
       "Girth of the wrist over the wrist point (ulnar styloid), perpendicular to the forearm.",
       "Plane through the wrist point, normal along the elbow-wrist axis; right arm."),
    _d("shoulder_breadth_cm", "Shoulder breadth (biacromial)", "breadth", "ISO 7250-1 biacromial breadth",
       "Straight distance between the left and right shoulder points (acromions).",
       "acromion_left to acromion_right, straight; each a surface point 1.3 cm outside the shoulder joint centre."),
    _d("back_shoulder_width_cm", "Shoulder to shoulder over the back", "length", "ISO 8559-1 back shoulder width",
       "Distance from one shoulder point to the other across the back, following the body (tape bridging hollows).",
       "Section through both acromions and the cervicale; its outline behind the acromion chord."),
    _d("across_back_width_cm", "Across back width", "length", "ISO 8559-1 back width",
       "Horizontal distance across the back between the posterior armpit folds, following the body.",
       "Horizontal plane 3 cm above the armpits; back outline between the points straight behind the armpit points."),
    _d("arm_length_cm", "Arm length", "length", "ISO 8559-1 arm length",
       "Distance from the shoulder point over the elbow point to the wrist point.",
       "acromion -> olecranon -> wrist point, straight segments, with the arm as it is in the rest pose; right arm."),
    _d("upper_arm_length_cm", "Upper arm length", "length", "ISO 8559-1 upper arm length",
       "Distance from the shoulder point to the elbow point (olecranon), with the elbow bent at 90 degrees.",
       "acromion -> centre of the elbow section, plus the elbow's radius (girth / 2 pi): where the olecranon tip lies"
       " when the elbow bends 90 degrees (the rest mesh has the arm straight); right arm."),
    _d("inside_leg_length_cm", "Inside leg length (crotch height)", "height", "ISO 8559-1 inside leg length",
       "Vertical distance from the crotch to the floor.",
       "Crotch point height above the lowest vertex."),
    _d("outside_leg_length_cm", "Outside leg length", "length", "ISO 8559-1 outside leg length",
       "Distance from the waist at the side of the body over the hip to the floor, following the body.",
       "Right side's frontal outline: from the waist section's side point over the hip's widest point, then down"
       " the outer leg to the floor below the lateral malleolus (tape bridging hollows)."),
    _d("waist_height_cm", "Waist height", "height", "ISO 8559-1 waist height",
       "Vertical distance from the floor to the waist level.",
       "Height of the waist girth's plane above the lowest vertex."),
    _d("hip_height_cm", "Hip height", "height", "ISO 8559-1 hip height",
       "Vertical distance from the floor to the hip girth level.",
       "Height of the greatest buttock prominence above the lowest vertex."),
    _d("back_length_cm", "Back neck point to waist (back length)", "length", "ISO 8559-1 back waist length",
       "Distance from the cervicale down the spine to the waist level, following the back (tape bridging hollows).",
       "Back outline of a 5 cm wide midline band from the cervicale to the back of the waist girth's plane."),
    _d("front_neck_to_waist_cm", "Front neck point to waist", "length", "ISO 8559-1 front waist length",
       "Distance from the front neck point down the front of the body to the waist level, bridging the bust.",
       "Front outline of the band between the bust points from the front neck point to the front of the waist girth's"
       " plane."),
    _d("volume_l", "Body volume", "volume", "not in ISO 8559-1 (mesh volume)",
       "Volume enclosed by the body surface.", "Whole watertight mesh.", unit="l"),
    _d("mass_kg", "Mass estimate", "mass", "not in ISO 8559-1 (volume x 980 kg/m³, as Anny)",
       "Body volume times a mean body density of 980 kg/m³.", "Whole mesh.", unit="kg"),
    _d("bmi_kg_m2", "Body mass index", "index", "not in ISO 8559-1 (WHO BMI)",
       "Mass estimate divided by the square of the stature.", "Whole mesh.", unit="kg/m²"),
)

BY_NAME: dict[str, MeasurementDefinition] = {d.name: d for d in MEASUREMENTS}
NAMES: tuple[str, ...] = tuple(BY_NAME)
ISO_NAMES: tuple[str, ...] = tuple(d.name for d in MEASUREMENTS if d.iso_clause.startswith("ISO"))


def markdown_table() -> str:
    """The registry as a Markdown table (name, measurement, standard, definition, landmark on the mesh):
    the source of `docs/measurements.md` and the README's measurement table."""
    rows = ["| name | measurement | standard | definition | where on the mesh |", "| --- | --- | --- | --- | --- |"]
    for d in MEASUREMENTS:
        cells = [f"`{d.name}`", d.label, d.iso_clause, d.definition, d.landmark]
        rows.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(rows) + "\n"
