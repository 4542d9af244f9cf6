"""Calibrate: find the card for scale and estimate the white balance."""

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.idempotency import (
    DynamoDBPersistenceLayer,
    IdempotencyConfig,
    idempotent,
)
from tapeless.pipeline.calibrate import calibrate
from tapeless.pipeline.context import PipelineContext
from tapeless.pipeline.runner import run_stage

logger = Logger()
tracer = Tracer()
metrics = Metrics()
context = PipelineContext.from_env()
persistence = DynamoDBPersistenceLayer(table_name=context.settings.idempotency_table)
idempotency = IdempotencyConfig(event_key_jmespath="[capture_id, stage]", expires_after_seconds=3600)


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
@idempotent(persistence_store=persistence, config=idempotency)
def lambda_handler(event, lambda_context):
    summary = run_stage(context, event, calibrate)
    metrics.add_metric(name="calibrate_succeeded", unit=MetricUnit.Count, value=1)
    logger.info("stage finished", extra={"capture_id": event["capture_id"], "summary": summary})
    return summary
