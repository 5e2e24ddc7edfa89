"""Tests for app/core/plan."""
