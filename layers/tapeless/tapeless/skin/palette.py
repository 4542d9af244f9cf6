"""A small palette of clothing colours for a skin tone, each with its reason.

A rule of thumb from colour analysis, not a measurement: warm undertones suit warm, earthy colours and cool
ones jewel tones; the depth of the skin sets how much contrast flatters.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class PaletteColour:
    name: str
    hex: str
    reason: str


_BY_UNDERTONE = {
    "warm": (
        PaletteColour("olive", "#708238", "earthy greens echo the golden undertone"),
        PaletteColour("rust", "#b7410e", "warm reds pick up the yellow-orange in the skin"),
        PaletteColour("camel", "#c19a6b", "a warm neutral that does not drain a golden complexion"),
        PaletteColour("teal", "#008080", "a warm-leaning blue that contrasts without clashing"),
    ),
    "cool": (
        PaletteColour("sapphire", "#0f52ba", "jewel blues match the pink-blue undertone"),
        PaletteColour("emerald", "#50c878", "cool greens flatter a rosy complexion"),
        PaletteColour("raspberry", "#c72c61", "blue-based reds suit cool skin better than orange reds"),
        PaletteColour("charcoal", "#36454f", "a cool neutral instead of warm browns"),
    ),
    "neutral": (
        PaletteColour("dusty rose", "#dcae96", "muted, balanced colours suit a neutral undertone"),
        PaletteColour("jade", "#00a86b", "a green between warm and cool"),
        PaletteColour("soft navy", "#39407f", "a neutral dark that works with either leaning"),
        PaletteColour("taupe", "#8b8589", "a neutral that matches neither too warm nor too cool"),
    ),
}
_LIGHT_SKIN_CONTRAST = PaletteColour(
    "deep burgundy", "#6d071a", "light skin gains definition from one deep colour near the face"
)
_DEEP_SKIN_CONTRAST = PaletteColour(
    "bright white", "#f8f8ff", "deep skin looks vivid against clean, high-contrast light colours"
)
_MEDIUM_SKIN_CONTRAST = PaletteColour("cobalt", "#0047ab", "medium skin carries a saturated mid-tone well")


def clothing_palette(undertone: str, lightness: float) -> list[PaletteColour]:
    """Five colours for an undertone ("warm"/"neutral"/"cool") and a skin lightness L* (0–100)."""
    if lightness >= 65:
        contrast = _LIGHT_SKIN_CONTRAST
    elif lightness <= 40:
        contrast = _DEEP_SKIN_CONTRAST
    else:
        contrast = _MEDIUM_SKIN_CONTRAST
    return [*_BY_UNDERTONE[undertone], contrast]
