"""Tests for app/ui/history."""
