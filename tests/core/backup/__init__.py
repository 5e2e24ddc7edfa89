"""Tests for app/core/backup."""
