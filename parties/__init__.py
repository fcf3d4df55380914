"""Clients and suppliers: who the company sells to and buys from, with their contacts and addresses."""
