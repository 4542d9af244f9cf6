"""Record failure: the one place every caught error of the pipeline ends up."""

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit
from tapeless.pipeline.context import PipelineContext
from tapeless.pipeline.failure import record_failure

logger = Logger()
tracer = Tracer()
metrics = Metrics()
context = PipelineContext.from_env()


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
def lambda_handler(event, lambda_context):
    summary = record_failure(context, event)
    metrics.add_metric(name="capture_failed", unit=MetricUnit.Count, value=1)
    logger.warning("capture failed", extra={"capture_id": event["capture_id"], "error": summary["error"]})
    return summary
