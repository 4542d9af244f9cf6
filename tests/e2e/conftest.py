import json
import uuid
from pathlib import Path

import pytest
from tapeless_local.client import TapelessClient

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "captures"
PASSWORD = "Tapeless-E2e-Test-1"


def sample_folders() -> list[Path]:
    return sorted(p for p in SAMPLES.iterdir() if (p / "front.jpg").exists())


@pytest.fixture(scope="session")
def sample() -> Path:
    return sample_folders()[0]


@pytest.fixture(scope="session")
def sample_truth(sample) -> dict:
    return json.loads((sample / "truth.json").read_text())


@pytest.fixture
def user_client(local_stack):
    """A signed-in new user of the local stack's pool, talking to the local API over HTTP."""

    def make() -> TapelessClient:
        tokens = local_stack.create_user(f"user-{uuid.uuid4().hex[:8]}@example.com", PASSWORD)
        return TapelessClient(local_stack.api_url, tokens["IdToken"])

    return make
