"""Benchmarks: programs, not tests. `python -m bench` runs them all; bench/README.md says more."""

import base64 as _base64
import os as _os

# Benchmarks make throwaway databases with issuers: their secrets are sealed under a key of the run's own
# (inherited by the gunicorns they start), unless one is configured.
_os.environ.setdefault("GATEWAY_SECRET_KEY", _base64.urlsafe_b64encode(_os.urandom(32)).decode())
