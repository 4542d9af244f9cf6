"""Settings read once from the environment the template (or the local stack) sets.

One configuration path for AWS, the embedded emulator and moto in-process: endpoints come from
`AWS_ENDPOINT_URL` (honoured by boto3 itself), names from the template's Globals.
"""

import os
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    stage: str
    region: str
    photos_bucket: str
    artifacts_bucket: str
    captures_table: str
    results_table: str
    audit_table: str
    idempotency_table: str
    state_machine_arn: str
    user_pool_id: str
    user_pool_client_id: str
    endpoint_url: str | None
    upload_expiry_seconds: int

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> "Settings":
        env = os.environ if environ is None else environ
        stage = env.get("TAPELESS_STAGE", "dev")
        return cls(
            stage=stage,
            region=env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or "us-east-1",
            photos_bucket=env.get("PHOTOS_BUCKET", f"tapeless-{stage}-photos"),
            artifacts_bucket=env.get("ARTIFACTS_BUCKET", f"tapeless-{stage}-artifacts"),
            captures_table=env.get("CAPTURES_TABLE", f"tapeless-{stage}-captures"),
            results_table=env.get("RESULTS_TABLE", f"tapeless-{stage}-results"),
            audit_table=env.get("AUDIT_TABLE", f"tapeless-{stage}-audit"),
            idempotency_table=env.get("IDEMPOTENCY_TABLE", f"tapeless-{stage}-idempotency"),
            state_machine_arn=env.get("STATE_MACHINE_ARN", ""),
            user_pool_id=env.get("USER_POOL_ID", ""),
            user_pool_client_id=env.get("USER_POOL_CLIENT_ID", ""),
            endpoint_url=env.get("AWS_ENDPOINT_URL") or None,
            upload_expiry_seconds=int(env.get("UPLOAD_EXPIRY_SECONDS", "900")),
        )


def fault_inject_stage() -> str:
    """The pipeline stage that must fail on purpose (testing only; empty = none).

    Read on every call, not once, so a test or an operator can switch it on a running deployment.
    """
    return os.environ.get("FAULT_INJECT_STAGE", "")
