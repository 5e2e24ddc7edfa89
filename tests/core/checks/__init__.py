"""Tests for app/core/checks."""
