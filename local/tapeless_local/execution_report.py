"""The states an execution went through, with their durations, from its event history."""

from dataclasses import dataclass


@dataclass(frozen=True)
class StateTiming:
    name: str
    seconds: float
    outcome: str  # "ok" | "failed" | "caught"


def state_timings(sfn, execution_arn: str) -> list[StateTiming]:
    """(state, seconds, outcome) in the order the states were entered."""
    events = []
    paginator_args = {"executionArn": execution_arn, "maxResults": 1000}
    while True:
        page = sfn.get_execution_history(**paginator_args)
        events.extend(page["events"])
        if not page.get("nextToken"):
            break
        paginator_args["nextToken"] = page["nextToken"]
    entered: dict[str, object] = {}
    failed: set[str] = set()
    timings = []
    current = None
    for event in events:
        kind = event["type"]
        if kind.endswith("StateEntered"):
            current = event["stateEnteredEventDetails"]["name"]
            entered[current] = event["timestamp"]
        elif kind in ("TaskFailed", "LambdaFunctionFailed", "ExecutionFailed") and current:
            failed.add(current)
        elif kind.endswith("StateExited"):
            name = event["stateExitedEventDetails"]["name"]
            start = entered.pop(name, event["timestamp"])
            outcome = "caught" if name in failed else "ok"
            timings.append(StateTiming(name, (event["timestamp"] - start).total_seconds(), outcome))
    return timings
