"""Tests for app/db/transfer."""
