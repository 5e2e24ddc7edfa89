"""Tests for app/core/library."""
