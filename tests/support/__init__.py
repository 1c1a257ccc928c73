"""Fixtures and helpers that tests in several folders share, loaded as pytest
plugins from tests/conftest.py."""
