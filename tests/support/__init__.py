"""Helpers shared by the handler tests and the lifecycle scenarios."""
