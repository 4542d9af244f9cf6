"""Skin tone of one person from a white-balanced front photo: CIELAB, ITA°, Monk bucket, undertone, palette,
with a confidence and a flag for lighting that makes the reading unreliable."""

from dataclasses import dataclass, field

import numpy as np

from tapeless.calibration.colour_space import lab_to_srgb8, srgb8_to_hex
from tapeless.calibration.white_balance import WhiteBalance
from tapeless.errors import TapelessError
from tapeless.skin.ciede2000 import delta_e_2000
from tapeless.skin.monk import monk_bucket, monk_distances
from tapeless.skin.palette import PaletteColour, clothing_palette
from tapeless.skin.sampling import SkinRegion, skin_regions

# Chardon et al. (1991) / Del Bino et al. ITA° classes: lower bounds, lightest first.
ITA_CLASSES = ((55.0, "very light"), (41.0, "light"), (28.0, "intermediate"), (10.0, "tan"), (-30.0, "brown"))
ITA_DARKEST_CLASS = "dark"
# Undertone from the CIELAB hue angle h_ab of skin (typical skin spans ~40–70°): more yellow = warm.
_COOL_BELOW_HUE_DEG = 52.0
_WARM_ABOVE_HUE_DEG = 62.0
_MAX_REGION_SPREAD_DE = 6.0
_MAX_BODY_TO_FACE_DE = 10.0  # ΔE00 between region medians above which the lighting is uneven


class NoSkinVisible(TapelessError):
    code = "no_skin_visible"

    def __init__(self):
        super().__init__(
            "No bare skin could be measured in the front photo.",
            advice="Make sure your face is visible and well lit, without a hat, mask or heavy shadow.",
        )


@dataclass
class SkinTone:
    """lab: (3,) median CIELAB (D65) of the sampled skin; ita_deg: individual typology angle (°);
    monk_bucket: 1–10; confidence: 0–1; regions: names of the regions used; region_spread_de: max ΔE00
    between region medians."""

    lab: np.ndarray
    ita_deg: float
    ita_class: str
    monk_bucket: int
    monk_distance_de: float
    hue_deg: float
    undertone: str
    swatch_hex: str
    palette: list[PaletteColour]
    confidence: float
    unreliable_lighting: bool
    regions: list[str]
    region_spread_de: float
    reasons: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "lab": [round(float(v), 2) for v in self.lab],
            "ita_deg": round(self.ita_deg, 1),
            "ita_class": self.ita_class,
            "monk_bucket": self.monk_bucket,
            "undertone": self.undertone,
            "swatch_hex": self.swatch_hex,
            "palette": [{"name": c.name, "hex": c.hex, "reason": c.reason} for c in self.palette],
            "confidence": round(self.confidence, 3),
            "unreliable_lighting": self.unreliable_lighting,
            "regions": self.regions,
            "reasons": self.reasons,
        }


def individual_typology_angle_deg(lab: np.ndarray) -> float:
    """ITA° = atan2(L* − 50, b*) · 180/π."""
    return float(np.degrees(np.arctan2(lab[0] - 50.0, lab[2])))


def ita_class(ita_deg: float) -> str:
    for lower_bound, name in ITA_CLASSES:
        if ita_deg > lower_bound:
            return name
    return ITA_DARKEST_CLASS


def undertone_from_hue(hue_deg: float) -> str:
    if hue_deg < _COOL_BELOW_HUE_DEG:
        return "cool"
    if hue_deg > _WARM_ABOVE_HUE_DEG:
        return "warm"
    return "neutral"


def _consistent_with_face(regions: list[SkinRegion]) -> list[SkinRegion]:
    """The face is almost always bare; neck and forearms may be covered by a red or beige garment that
    passes the colour gate. Keep those only when their colour is close to the face's."""
    face = [region for region in regions if region.on_face]
    if not face:
        return regions
    face_lab = np.median(np.array([np.median(region.lab, axis=0) for region in face]), axis=0)
    return face + [
        region for region in regions
        if not region.on_face and delta_e_2000(np.median(region.lab, axis=0), face_lab) <= _MAX_BODY_TO_FACE_DE
    ]


def measure_skin_tone(
    rgb: np.ndarray,
    landmarks_px: np.ndarray,
    visibility: np.ndarray,
    person_mask: np.ndarray | None = None,
    white_balance: WhiteBalance | None = None,
    exposure_problems: list[str] | None = None,
) -> SkinTone:
    """Measure skin on `rgb` ((H, W, 3) uint8 sRGB, already white-balanced with `white_balance`).

    landmarks_px: (33, 2) px (MediaPipe Pose order); visibility: (33,); person_mask: (H, W) bool.
    Raises NoSkinVisible when no region yields enough skin pixels.
    """
    regions = _consistent_with_face(skin_regions(rgb, landmarks_px, visibility, person_mask))
    if not regions:
        raise NoSkinVisible()
    medians = np.array([np.median(region.lab, axis=0) for region in regions])
    lab = np.median(medians, axis=0)
    spread = float(max((delta_e_2000(a, b) for a in medians for b in medians), default=0.0))
    ita = individual_typology_angle_deg(lab)
    hue = float(np.degrees(np.arctan2(lab[2], lab[1])) % 360)
    undertone = undertone_from_hue(hue)
    bucket = monk_bucket(lab)
    reasons = []
    if white_balance is None or white_balance.method == "none":
        reasons.append("colours not calibrated")
    elif white_balance.method == "gray_world":
        reasons.append("white balance guessed from the whole scene (no neutral card or white surface)")
    if white_balance is not None and white_balance.method != "none" and white_balance.confidence < 0.5:
        reasons.append("the light's colour is unusual")
    if spread > _MAX_REGION_SPREAD_DE:
        reasons.append("uneven light across the face and arms")
    if exposure_problems:
        reasons.append("photo exposure: " + ", ".join(exposure_problems))
    unreliable = bool(reasons) and not (len(reasons) == 1 and reasons[0].startswith("white balance guessed"))
    n_pixels = sum(len(region.lab) for region in regions)
    confidence = (
        min(1.0, len(regions) / 4)
        * min(1.0, n_pixels / 400)
        * float(np.exp(-spread / 8.0))
        * (white_balance.confidence if white_balance is not None and white_balance.method != "none" else 0.4)
    )
    return SkinTone(
        lab=lab,
        ita_deg=ita,
        ita_class=ita_class(ita),
        monk_bucket=bucket,
        monk_distance_de=float(monk_distances(lab)[bucket - 1]),
        hue_deg=hue,
        undertone=undertone,
        swatch_hex=srgb8_to_hex(lab_to_srgb8(lab)),
        palette=clothing_palette(undertone, float(lab[0])),
        confidence=float(np.clip(confidence, 0.0, 1.0)),
        unreliable_lighting=unreliable,
        regions=[region.name for region in regions],
        region_spread_de=spread,
        reasons=reasons,
    )
