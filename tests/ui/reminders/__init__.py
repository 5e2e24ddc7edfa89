"""Tests for app/ui/reminders."""
