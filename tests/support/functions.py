"""Imports a function's `app.py` under its own module name, as the Lambda runtime would."""

import importlib.util
import sys
from pathlib import Path

FUNCTIONS_DIR = Path(__file__).resolve().parents[2] / "functions"


def load_function_module(name: str):
    """Fresh import of `functions/<name>/app.py` (module-level clients pick up the current env)."""
    code_dir = FUNCTIONS_DIR / name
    if str(code_dir) not in sys.path:
        sys.path.append(str(code_dir))
    module_name = f"tapeless_test_fn_{name}"
    spec = importlib.util.spec_from_file_location(module_name, code_dir / "app.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module
