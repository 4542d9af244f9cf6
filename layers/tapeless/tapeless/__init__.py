"""Tapeless domain package: everything the Lambdas do, with no Lambda or transport code."""

__version__ = "0.1.0"
