"""Named errors of the capture lifecycle (API and pipeline bookkeeping)."""

from tapeless.errors import TapelessError


class CaptureNotFound(TapelessError):
    code = "not_found"


class InvalidRequest(TapelessError):
    code = "invalid_request"


class CaptureNotReady(TapelessError):
    code = "not_ready"


class UnknownUpload(TapelessError):
    """An object landed in the photos bucket that no capture asked for."""

    code = "unknown_upload"


class UploadExpired(TapelessError):
    code = "upload_expired"


class InjectedFault(TapelessError):
    """Raised by a stage named in FAULT_INJECT_STAGE: proves failures end cleanly."""

    code = "injected_fault"


class TransientError(TapelessError):
    """A temporary problem (throttling, timeouts): the state machine retries it."""

    code = "transient"
