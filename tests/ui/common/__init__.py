"""Tests for app/ui/common."""
