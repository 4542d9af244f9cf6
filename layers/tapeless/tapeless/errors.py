"""The common base of every named domain error.

Each error has a stable machine `code` (used in API responses and by the state machine's Catch) and a
human `message`; `advice` tells the person what to do differently, when there is something to do.
"""


class TapelessError(Exception):
    """Base of all Tapeless domain errors."""

    code: str = "tapeless_error"

    def __init__(self, message: str, *, advice: str | None = None):
        super().__init__(message)
        self.message = message
        self.advice = advice

    def to_dict(self) -> dict[str, str | None]:
        """The error as the API and the state machine report it: {"code", "message", "advice"}."""
        return {"code": self.code, "message": self.message, "advice": self.advice}
