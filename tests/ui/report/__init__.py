"""Tests for app/ui/report."""
