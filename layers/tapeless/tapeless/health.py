"""Readiness: can this deployment reach its bucket, tables and state machine?"""

from botocore.exceptions import BotoCoreError, ClientError

from tapeless.pipeline.context import PipelineContext


def readiness(ctx: PipelineContext) -> dict:
    """{"status": "ok"|"unavailable", "checks": {name: "ok" | reason}}."""
    settings = ctx.settings
    probes = {
        "photos_bucket": lambda: ctx.clients.s3.head_bucket(Bucket=settings.photos_bucket),
        "artifacts_bucket": lambda: ctx.clients.s3.head_bucket(Bucket=settings.artifacts_bucket),
        "captures_table": lambda: ctx.clients.dynamodb.describe_table(TableName=settings.captures_table),
        "results_table": lambda: ctx.clients.dynamodb.describe_table(TableName=settings.results_table),
        "state_machine": lambda: ctx.clients.stepfunctions.describe_state_machine(
            stateMachineArn=settings.state_machine_arn),
    }
    checks = {}
    for name, probe in probes.items():
        try:
            probe()
            checks[name] = "ok"
        except (ClientError, BotoCoreError, ValueError) as error:
            checks[name] = f"unreachable: {type(error).__name__}"
    status = "ok" if all(v == "ok" for v in checks.values()) else "unavailable"
    return {"status": status, "checks": checks}
