"""Tests for app/core/content."""
