"""Supplier bills: what suppliers billed, with the goods they bring into stock."""
