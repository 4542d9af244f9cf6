"""Writes statemachine/capture.asl.json.

The state machine is generated so that every Task gets the same Retry/Catch policy and the same
small payload (ids only: stages exchange their data through S3 work files, never through the
256 KiB Step Functions payload). Run it after changing the pipeline, then commit the JSON.
"""

import json
from pathlib import Path

TRANSIENT_ERRORS = [
    "TransientError",
    "Lambda.ServiceException",
    "Lambda.AWSLambdaException",
    "Lambda.SdkClientException",
    "Lambda.TooManyRequestsException",
]
RETRY_TRANSIENT = [{"ErrorEquals": TRANSIENT_ERRORS, "IntervalSeconds": 1, "MaxAttempts": 3, "BackoffRate": 2.0}]
RETRY_ANY = [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 1, "MaxAttempts": 3, "BackoffRate": 2.0}]
CATCH_TO_FAILURE = [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Record failure"}]

# (state name, function substitution, result path, next state)
PIPELINE = [
    ("Check photos", "CheckPhotosFunctionArn", "$.checked", "Calibrate"),
    ("Calibrate", "CalibrateFunctionArn", "$.calibrated", "Find body"),
    ("Fit body model", "FitBodyFunctionArn", "$.fitted", "Measure"),
    ("Measure", "MeasureFunctionArn", "$.measured", "Skin and shape"),
    ("Skin and shape", "SkinAndShapeFunctionArn", "$.skin_and_shape", "Save results"),
    ("Save results", "SaveResultsFunctionArn", "$.saved", "Notify"),
    ("Notify", "NotifyFunctionArn", "$.notified", "Clean up"),
    ("Clean up", "CleanUpFunctionArn", "$.cleaned", None),
]


def step_parameters(stage: str, **extra) -> dict:
    return {"capture_id.$": "$.capture_id", "user_id.$": "$.user_id", "stage": stage, **extra}


def pipeline_task(name: str, function: str, result_path: str, next_state: str | None) -> dict:
    state = {
        "Type": "Task",
        "Resource": "${" + function + "}",
        "Parameters": step_parameters(name),
        "ResultPath": result_path,
        "TimeoutSeconds": 300,
        "Retry": RETRY_TRANSIENT,
        "Catch": CATCH_TO_FAILURE,
    }
    if next_state:
        state["Next"] = next_state
    else:
        state["End"] = True
    return state


def find_body_branch(view: str) -> dict:
    name = f"Find body in {view} photo"
    return {
        "StartAt": name,
        "States": {
            name: {
                "Type": "Task",
                "Resource": "${FindBodyFunctionArn}",
                "Parameters": step_parameters("Find body", view=view),
                "TimeoutSeconds": 300,
                "Retry": RETRY_TRANSIENT,
                "End": True,
            }
        },
    }


def build() -> dict:
    states = {name: pipeline_task(name, fn, path, nxt) for name, fn, path, nxt in PIPELINE}
    # A webhook that stays down must not fail a capture whose results are already saved.
    states["Notify"]["Catch"] = [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.notify_error", "Next": "Clean up"}]
    states["Find body"] = {
        "Type": "Parallel",
        "Comment": "The front and side photos are analysed at the same time.",
        "Branches": [find_body_branch("front"), find_body_branch("side")],
        "ResultPath": "$.found",
        "Retry": RETRY_TRANSIENT,
        "Catch": CATCH_TO_FAILURE,
        "Next": "Fit body model",
    }
    states["Record failure"] = {
        "Type": "Task",
        "Comment": "Notes a reason a person can act on; clean-up then deletes the raw photos and ends the capture failed.",
        "Resource": "${RecordFailureFunctionArn}",
        "Parameters": step_parameters("Record failure", **{"error.$": "$.error"}),
        "ResultPath": "$.failure",
        "TimeoutSeconds": 60,
        "Retry": RETRY_ANY,
        "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.failure_error", "Next": "Clean up after failure"}],
        "Next": "Clean up after failure",
    }
    states["Clean up after failure"] = {
        "Type": "Task",
        "Resource": "${CleanUpFunctionArn}",
        "Parameters": step_parameters("Clean up", failed=True),
        "ResultPath": "$.cleaned",
        "TimeoutSeconds": 60,
        "Retry": RETRY_ANY,
        "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.cleanup_error", "Next": "Mark capture failed"}],
        "Next": "Capture failed",
    }
    states["Mark capture failed"] = {
        "Type": "Task",
        "Comment": "Last resort when clean-up itself failed: the capture must still end failed, never processing.",
        "Resource": "${RecordFailureFunctionArn}",
        "Parameters": step_parameters("Record failure", final=True, **{"error.$": "$.error"}),
        "ResultPath": "$.failure",
        "TimeoutSeconds": 60,
        "Retry": RETRY_ANY,
        "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.mark_failed_error", "Next": "Capture failed"}],
        "Next": "Capture failed",
    }
    states["Capture failed"] = {
        "Type": "Fail",
        "Error": "CaptureFailed",
        "Cause": "The capture could not be processed; the reason is stored on the capture.",
    }
    return {
        "Comment": "Tapeless capture pipeline: two photos in; measurements, 3D body, shape and skin out.",
        "StartAt": "Check photos",
        "States": states,
    }


if __name__ == "__main__":
    path = Path(__file__).resolve().parent.parent / "statemachine" / "capture.asl.json"
    path.write_text(json.dumps(build(), indent=2) + "\n")
    print(f"wrote {path}")
