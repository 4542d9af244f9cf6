"""Imports every command module so that each registers itself on the shared typer app."""

from tapeless_local.cli import (  # noqa: F401,E402
    capture,
    demo,
    estimate,
    local,  # noqa: F401,E402
    measure,
    synth,
)
