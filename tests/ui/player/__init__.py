"""Tests for app/ui/player."""
