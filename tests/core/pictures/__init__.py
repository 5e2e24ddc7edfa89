"""Tests for app/core/pictures."""
