"""Calibration failures. Not finding the card is fatal only when the person gave no height: the caller decides."""

from tapeless.errors import TapelessError


class CardNotFound(TapelessError):
    code = "card_not_found"

    def __init__(self, detail: str = "no card-shaped outline was found"):
        super().__init__(
            f"No bank card was found in the front photo ({detail}).",
            advice="Hold a bank-card-sized card flat against your chest, facing the camera, fingers off its edges"
            " — or enter your height instead.",
        )
