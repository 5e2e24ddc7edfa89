"""Tests for app/core/session."""
