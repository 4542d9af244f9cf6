"""The embedded local AWS stack (moto server + the template's resources + in-process handlers)."""

from tapeless_local.stack.local_stack import LocalStack, StackConfig

__all__ = ["LocalStack", "StackConfig"]
