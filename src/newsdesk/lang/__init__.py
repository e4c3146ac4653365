"""Shared language resources used by several stages."""
