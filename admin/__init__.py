"""Administration: companies, keys and series, and the Flask CLI commands that manage them."""
