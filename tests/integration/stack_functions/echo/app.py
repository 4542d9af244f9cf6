"""Test function: returns its event, its context's function name and its module-level environment."""

import os

SERVICE_NAME_AT_IMPORT = os.environ.get("POWERTOOLS_SERVICE_NAME")


def lambda_handler(event, context):
    return {
        "event": event,
        "function_name": context.function_name,
        "remaining_ms": context.get_remaining_time_in_millis(),
        "service_at_import": SERVICE_NAME_AT_IMPORT,
    }
