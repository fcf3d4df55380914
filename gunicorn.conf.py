"""gunicorn settings for the gateway: `gunicorn -c gunicorn.conf.py 'app:create_app()'`.

Sync workers: SQLite writes queue on one lock, and threads only add latency there (measured on this kind
of machine: p99 17 ms with sync workers against 350 ms with threads).
"""

import errno
import os
import shutil
import socket
import sys
import tempfile

bind = os.environ.get("GATEWAY_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GATEWAY_WORKERS", "2"))
worker_class = "sync"
timeout = int(os.environ.get("GATEWAY_WORKER_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# No SO_REUSEPORT: sync workers close every connection after its answer (no keep-alive to spread), so it
# bought nothing, and it let a second instance bind the same port silently and share the traffic. Without
# it the arbiter owns the one socket, its log names the address, and a busy port is refused (on_starting).
reuse_port = False
# gunicorn's control socket defaults to one path per user ($HOME/.gunicorn/gunicorn.ctl): two instances
# would share it. The gateway does not use it.
control_socket_disable = True
accesslog = None  # the gateway logs one structured line per request itself
errorlog = "-"
loglevel = os.environ.get("GATEWAY_LOG_LEVEL", "info").lower()

# /metrics in multiprocess mode: every worker writes its counters to files here, a scrape sums them.
# Set before any worker imports prometheus_client; emptied at each start (on_starting).
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = OWN_METRICS_DIR = tempfile.mkdtemp(prefix="gateway-metrics-")
else:
    OWN_METRICS_DIR = None


def busy(address):
    """The reason `address` (host:port) cannot be bound, or None when it is free."""
    host, _, port = address.rpartition(":")
    if not port.isdigit() or address.startswith(("unix:", "fd://")):
        return None
    host = host.strip("[]") or "0.0.0.0"
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    probe = socket.socket(family, socket.SOCK_STREAM)
    probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn binds: TIME_WAIT is no obstacle
    try:
        probe.bind((host, int(port)))
    except OSError as error:
        return "otro proceso ya escucha en ese puerto" if error.errno == errno.EADDRINUSE else error.strerror
    finally:
        probe.close()
    return None


def on_starting(server):
    """Refuse at once, in words, to start on a port someone else holds (gunicorn would retry 5 s, then exit)."""
    for address in server.cfg.bind:
        reason = busy(address)
        if reason:
            server.log.error("no se puede iniciar en %s: %s. Detenga la otra instancia o elija otra dirección "
                             "con GATEWAY_BIND=host:puerto", address, reason)
            sys.exit(1)
    directory = os.environ["PROMETHEUS_MULTIPROC_DIR"]
    os.makedirs(directory, exist_ok=True)
    for name in os.listdir(directory):  # counters of an earlier run are not this run's
        if name.endswith(".db"):
            os.unlink(os.path.join(directory, name))


def child_exit(server, worker):
    """A dead worker's live gauges leave with it (its counters stay, as Prometheus expects)."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    if OWN_METRICS_DIR:
        shutil.rmtree(OWN_METRICS_DIR, ignore_errors=True)
