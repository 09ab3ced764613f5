"""Layout pieces, pure figure builders, ids, strings and theme of the dashboard."""
