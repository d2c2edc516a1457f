"""Helpers the tests share (the fixtures that use them are in tests/conftest.py)."""
