"""Runs one stage: marks progress, injects configured faults, times it, remembers failures."""

import time
from collections.abc import Callable

from tapeless.captures.errors import InjectedFault
from tapeless.config import fault_inject_stage
from tapeless.errors import TapelessError
from tapeless.pipeline.context import PipelineContext

StageFunction = Callable[[PipelineContext, dict], dict]


def run_stage(ctx: PipelineContext, event: dict, stage_function: StageFunction) -> dict:
    """Calls `stage_function(ctx, event)` for the capture in `event` and returns its small summary.

    A TapelessError is noted on the capture (its human message and advice) and re-raised under its
    own class name, so the state machine's Catch routes it to "Record failure".
    """
    capture_id = event["capture_id"]
    stage = event["stage"]
    ctx.captures.mark_stage(capture_id, stage)
    started = time.perf_counter()
    try:
        if fault_inject_stage() == stage:
            raise InjectedFault(f"A fault was injected into the stage {stage!r} for testing.",
                                advice="Unset FAULT_INJECT_STAGE to process captures normally.")
        summary = stage_function(ctx, event)
    except TapelessError as error:
        ctx.captures.note_failure(capture_id, error.code, error.message, error.advice, stage)
        raise
    label = stage if "view" not in event else f"{stage} ({event['view']})"
    ctx.captures.record_stage_seconds(capture_id, label, time.perf_counter() - started)
    return summary
