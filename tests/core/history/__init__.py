"""Tests for app/core/history."""
