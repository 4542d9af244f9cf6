"""On upload: an S3 ObjectCreated event for a raw photo; starts the pipeline once both are in."""

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.data_classes import S3Event, event_source
from tapeless.captures.errors import CaptureNotFound, UnknownUpload
from tapeless.pipeline.context import PipelineContext
from tapeless.pipeline.uploads import receive_upload

logger = Logger()
tracer = Tracer()
metrics = Metrics()
context = PipelineContext.from_env()


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
@event_source(data_class=S3Event)
def lambda_handler(event: S3Event, lambda_context):
    started = []
    for record in event.records:
        try:
            outcome = receive_upload(context, record.s3.get_object.key, record.s3.get_object.size or 0)
        except (UnknownUpload, CaptureNotFound) as error:
            # Not ours to process; the bucket's lifecycle rule removes the object.
            metrics.add_metric(name="upload_ignored", unit=MetricUnit.Count, value=1)
            logger.warning("upload ignored", extra={"reason": error.message})
            continue
        metrics.add_metric(name=f"upload_{outcome}", unit=MetricUnit.Count, value=1)
        if outcome == "started":
            started.append(record.s3.get_object.key)
    return {"started": len(started)}
