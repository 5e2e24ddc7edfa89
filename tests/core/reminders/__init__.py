"""Tests for app/core/reminders."""
