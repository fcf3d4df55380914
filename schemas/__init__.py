"""Payload schemas: one module per entity; field types in `fields`, shared behaviour in `base`."""
