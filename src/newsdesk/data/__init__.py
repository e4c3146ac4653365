"""Data files shipped with newsdesk (outlet registry, tables)."""
