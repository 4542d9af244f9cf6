"""Sample function: greets, reporting the service name it saw at import."""

import os

SERVICE_AT_IMPORT = os.environ.get("POWERTOOLS_SERVICE_NAME")


def lambda_handler(event, context):
    return {"hello": event.get("word", "world"), "service": SERVICE_AT_IMPORT, "table": os.environ.get("ITEMS_TABLE")}
