"""Shared fixtures. `local_stack`: the embedded AWS stack, started once per session on free ports.

Tests never need a stack started by hand. The stack runs in this process (handlers run in-process,
moto's backends are process-global) and sets `AWS_ENDPOINT_URL` and friends in `os.environ` until the
session ends; so that neither leaks into tests that use moto's in-process mocks, every test that uses
the stack is moved to the end of the run.
"""

import pytest

STACK_FIXTURE = "local_stack"
_TEST_TIME_SCALE = 0.01  # ASL Retry/Wait intervals of 1 s take 10 ms on the test stack


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    without_stack = [item for item in items if STACK_FIXTURE not in getattr(item, "fixturenames", ())]
    with_stack = [item for item in items if STACK_FIXTURE in getattr(item, "fixturenames", ())]
    items[:] = without_stack + with_stack


@pytest.fixture(scope="session")
def local_stack():
    # Imported here, not at the top: moto & co. take ~1.5 s to import, which unit-only runs need not pay.
    from tapeless_local.stack import LocalStack, StackConfig

    stack = LocalStack(StackConfig(port=0, api_port=0, time_scale=_TEST_TIME_SCALE))
    stack.start()
    try:
        yield stack
    finally:
        stack.stop()
