"""Helpers of the Chalice app that are about HTTP, not the domain."""
