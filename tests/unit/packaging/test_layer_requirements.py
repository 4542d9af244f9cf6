"""The Lambda layer installs only layers/tapeless/requirements.txt: every third-party module the
domain package or the handlers import must come from there (or from the Lambda runtime itself)."""

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
LAYER_REQUIREMENTS = ROOT / "layers" / "tapeless" / "requirements.txt"
RUNTIME_PROVIDED = {"boto3", "botocore"}
FUNCTION_REQUIREMENTS = {"chalice", "chalicelib"}  # functions/api/requirements.txt and its own folder
DISTRIBUTION_MODULES = {
    "opencv-python-headless": {"cv2"},
    "pillow": {"PIL"},
    "pillow-heif": {"pillow_heif"},
    "aws-lambda-powertools": {"aws_lambda_powertools"},
    "pyjwt": {"jwt"},
}
FORBIDDEN_ON_LAMBDA = {"torch", "anny", "moto", "tapeless_local", "typer", "rich", "trimesh", "pygltflib"}


def layer_modules() -> set[str]:
    modules = set()
    for line in LAYER_REQUIREMENTS.read_text().splitlines():
        line = line.split("#")[0].strip()
        if not line:
            continue
        name = line.split("==")[0].split("[")[0].strip().lower()
        modules |= DISTRIBUTION_MODULES.get(name, {name.replace("-", "_")})
    return modules


def imported_top_level(paths) -> dict[str, str]:
    found = {}
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                found.setdefault(name.split(".")[0], str(path.relative_to(ROOT)))
    return found


def lambda_sources():
    yield from (ROOT / "layers" / "tapeless" / "tapeless").rglob("*.py")
    yield from (ROOT / "functions").rglob("*.py")


def test_every_third_party_import_on_the_lambda_path_is_installed_by_the_layer():
    allowed = layer_modules() | RUNTIME_PROVIDED | FUNCTION_REQUIREMENTS | {"tapeless"}
    missing = {module: where for module, where in imported_top_level(lambda_sources()).items()
               if module not in sys.stdlib_module_names and module not in allowed}
    assert missing == {}


def test_nothing_on_the_lambda_path_imports_torch_or_local_tooling():
    imported = imported_top_level(lambda_sources())
    assert {m: w for m, w in imported.items() if m in FORBIDDEN_ON_LAMBDA} == {}
