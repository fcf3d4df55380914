"""A small HTTP load driver: processes × threads, bounded in time, on loopback only.

Each connection posts bodies from a factory (so every request can differ, e.g. a fresh DNI) and
records latencies; the result is requests per second and p50/p99 latency. Connections are kept open
when the server allows it and reopened when it answers `Connection: close`, as gunicorn's sync
workers do; requests that fail (status 0) are reported but not counted as served. Two driver processes keep
the Python client from being the bottleneck of a 2-core machine.
"""

import http.client
import multiprocessing
import statistics
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Stats:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    statuses: dict

    @property
    def rps(self):
        return self.requests / self.seconds


def _connection_loop(url, headers, factory, deadline, worker_id, results):
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    latencies, statuses, n = [], {}, 0
    while time.perf_counter() < deadline:
        body = factory(worker_id, n)
        n += 1
        started = time.perf_counter()
        try:
            connection.request("POST", parts.path or "/api", body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            status = response.status
            if response.will_close:  # gunicorn's sync workers answer "Connection: close"
                connection.close()
        except (OSError, http.client.HTTPException):
            connection.close()
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
            status = 0
        if status:  # a failed exchange is not a request served: it counts among the statuses only
            latencies.append(time.perf_counter() - started)
        statuses[status] = statuses.get(status, 0) + 1
    connection.close()
    results.append((latencies, statuses))


def _process(url, headers, factory, seconds, threads, process_id, queue):
    deadline = time.perf_counter() + seconds
    results = []
    pool = [threading.Thread(target=_connection_loop,
                             args=(url, headers, factory, deadline, process_id * 1000 + t, results))
            for t in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    latencies = [value for chunk, _ in results for value in chunk]
    statuses = {}
    for _, chunk in results:
        for status, count in chunk.items():
            statuses[status] = statuses.get(status, 0) + count
    queue.put((latencies, statuses))


def run(url, headers, factory, seconds=5.0, processes=2, threads=4):
    """Drive `url` for `seconds` with processes × threads keep-alive connections."""
    queue = multiprocessing.Queue()
    started = time.perf_counter()
    workers = [multiprocessing.Process(target=_process, args=(url, headers, factory, seconds, threads, p, queue))
               for p in range(processes)]
    for worker in workers:
        worker.start()
    latencies, statuses = [], {}
    for _ in workers:
        chunk, counts = queue.get()
        latencies.extend(chunk)
        for status, count in counts.items():
            statuses[status] = statuses.get(status, 0) + count
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] if latencies else 0
    return Stats(len(latencies), elapsed, statistics.median(latencies) * 1e3 if latencies else 0, p99 * 1e3, statuses)
