"""Tests for app/ui/drawing."""
