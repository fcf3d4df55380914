"""The facts every layer shares: taxes and rounding, document kinds and numbers, catalogues, identity
documents, SUNAT states, the Lima clock and the API key format. Imports nothing of the gateway's own."""
