"""Widgets composed by the main window; each has one job."""
