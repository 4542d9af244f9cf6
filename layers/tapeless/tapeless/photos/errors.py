"""Why a photo is refused: one named exception per reason, each with a message naming the view.

The class name is what the state machine's Catch matches; `code` is what the API returns. Every message is
a full sentence a person can act on, e.g. "The side photo is too dark: turn on a light or face a window."
"""

from tapeless.errors import TapelessError


class PhotoRejected(TapelessError):
    """Base of all photo-check failures. Subclasses set `code`, `problem` and `advice_text`."""

    code = "photo_rejected"
    problem = "cannot be used"
    advice_text = "Take the photo again with the phone's camera app."

    def __init__(self, view: str, detail: str | None = None):
        self.view = view
        self.detail = detail
        problem = f"{self.problem} ({detail})" if detail else self.problem
        advice = self.advice_text
        super().__init__(f"The {view} photo {problem}: {advice[0].lower()}{advice[1:]}", advice=advice)


class ImageUnreadable(PhotoRejected):
    code = "image_unreadable"
    problem = "could not be read"
    advice_text = "Upload the original JPEG, PNG, WebP or HEIC file from the camera."


class UnsupportedImageType(PhotoRejected):
    code = "unsupported_image_type"
    problem = "is not a supported picture type"
    advice_text = "Upload a JPEG, PNG, WebP or HEIC photo."


class UnsupportedColourMode(PhotoRejected):
    code = "unsupported_colour_mode"
    problem = "uses colours that cannot be measured"
    advice_text = "Upload the original colour photo from the camera, not an edited copy."


class ImageTooLarge(PhotoRejected):
    code = "image_too_large"
    problem = "is too large"
    advice_text = "Upload the photo at the camera's normal size."


class ImageTooSmall(PhotoRejected):
    code = "image_too_small"
    problem = "is too small"
    advice_text = "Upload the full-size photo, not a thumbnail or a screenshot."


class DecompressionBomb(PhotoRejected):
    code = "decompression_bomb"
    problem = "declares far more pixels than a camera makes"
    advice_text = "Upload the original photo from the camera."


class ImageTooDark(PhotoRejected):
    code = "image_too_dark"
    problem = "is too dark"
    advice_text = "Turn on a light or face a window."


class ImageTooBright(PhotoRejected):
    code = "image_too_bright"
    problem = "is overexposed"
    advice_text = "Move out of direct sunlight or away from the lamp, and do not use the flash."


class ImageBlurred(PhotoRejected):
    code = "image_blurred"
    problem = "is blurred"
    advice_text = "Hold the phone still (or lean it on something) and tap the screen to focus on the person."


class DuplicatePhoto(PhotoRejected):
    code = "duplicate_photo"
    problem = "is the same picture as the other photo"
    advice_text = "Take one photo facing the camera and one standing sideways."
