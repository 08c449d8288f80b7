"""Helpers shared by test suites (builders of test data)."""
