"""Callbacks, one module per area; each exposes `register(app, dataset, ...)`."""
