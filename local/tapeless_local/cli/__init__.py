"""The `tapeless` command line (typer + rich). Each sub-module adds its own commands to `app`."""

import typer

app = typer.Typer(no_args_is_help=True, help="Tapeless: photos to tailor-grade body measurements.")

# Sub-modules register their commands on `app` when imported.
from tapeless_local.cli import commands as _commands  # noqa: E402,F401
