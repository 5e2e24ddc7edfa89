"""Tests for app/ui/checks."""
