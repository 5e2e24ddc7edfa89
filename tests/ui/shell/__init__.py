"""Tests for app/ui/shell."""
