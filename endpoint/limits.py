"""Per-key permissions (action patterns) and rate limits (requests per minute).

Rate counting lives per worker process in memory by default: cheap, and exact for one worker; with
N workers a key may get up to N times its limit. `GATEWAY_RATE_LIMIT_STORAGE=database` counts in the
database instead, shared by every worker and machine, at the cost of one small write per request of a
limited key.
"""

import fnmatch
import threading
import time

from errors import Forbidden
from errors import RateLimited
from models import RateWindow
from models.base import db


def allowed(key, action):
    patterns = [p.strip() for p in (key.permissions or "").split(",") if p.strip()]
    return not patterns or any(fnmatch.fnmatchcase(action, pattern) for pattern in patterns)


class MemoryCounter:
    """Fixed one-minute windows, per worker process."""

    def __init__(self):
        self.windows = {}
        self.lock = threading.Lock()

    def hit(self, key_id, window):
        with self.lock:
            start, count = self.windows.get(key_id, (window, 0))
            count = count + 1 if start == window else 1
            self.windows[key_id] = (window, count)
            return count


class DatabaseCounter:
    """Shared by every worker and machine: an upsert per request of a limited key, outside its transaction."""

    def hit(self, key_id, window):
        with db.atomic():
            (RateWindow.insert(key_id=key_id, window=window, count=1)
             .on_conflict(conflict_target=[RateWindow.key_id, RateWindow.window],
                          update={RateWindow.count: RateWindow.count + 1})
             .execute())
            count = RateWindow.get((RateWindow.key_id == key_id) & (RateWindow.window == window)).count
        RateWindow.delete().where((RateWindow.key_id == key_id) & (RateWindow.window < window - 1)).execute()
        return count


def counter_for(storage):
    if storage == "database":
        return DatabaseCounter()
    if storage == "memory":
        return MemoryCounter()
    raise ValueError(f"GATEWAY_RATE_LIMIT_STORAGE must be memory or database, not {storage!r}")


def guard(key, counter, entry):
    """Raise 21 when the key may not run the action, 22 when it is over its rate this minute."""
    if entry.name == "lote":
        return  # a container: each action in it is authorized and counted on its own
    if not allowed(key, entry.name):
        raise Forbidden(f"la clave {key.prefix}… no puede ejecutar '{entry.name}'; "
                        "pida al administrador que amplíe sus permisos")
    if key.rate_limit:
        now = time.time()
        window = int(now // 60)
        if counter.hit(key.id, window) > key.rate_limit:
            wait = int(60 - now % 60) + 1
            raise RateLimited(f"el límite es {key.rate_limit} solicitudes por minuto; reintente en {wait} s",
                              headers={"Retry-After": str(wait)})
