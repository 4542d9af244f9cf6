"""Expire captures: captures still awaiting their photos after the deadline fail with a reason."""

from datetime import UTC, datetime

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.data_classes import EventBridgeEvent, event_source
from tapeless.pipeline.context import PipelineContext
from tapeless.pipeline.expiry import expire_captures

logger = Logger()
tracer = Tracer()
metrics = Metrics()
context = PipelineContext.from_env()


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
@event_source(data_class=EventBridgeEvent)
def lambda_handler(event: EventBridgeEvent, lambda_context):
    # The scheduled event's own time, so a replayed event judges deadlines as of its schedule.
    now = datetime.fromisoformat(event.time.replace("Z", "+00:00")) if event.time else datetime.now(UTC)
    expired = expire_captures(context, now)
    metrics.add_metric(name="captures_expired", unit=MetricUnit.Count, value=len(expired))
    logger.info("expired stale captures", extra={"count": len(expired)})
    return {"expired": expired}
