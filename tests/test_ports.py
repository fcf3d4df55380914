"""The address a gateway serves on: named in its log, and never shared with a second instance by accident."""

import os
import subprocess
import sys
import time

import pytest
import requests

from tests.live_server import ROOT
from tests.live_server import free_port

pytestmark = pytest.mark.e2e


def start(tmp_path, port, name):
    env = {**os.environ, "GATEWAY_DATABASE_URL": f"sqlite:///{tmp_path}/gateway.db",
           "GATEWAY_BIND": f"127.0.0.1:{port}", "GATEWAY_WORKERS": "1", "GATEWAY_LOG_LEVEL": "info"}
    with open(tmp_path / f"{name}.log", "wb") as log:  # the child keeps its own copy of the descriptor
        process = subprocess.Popen([os.path.join(os.path.dirname(sys.executable), "gunicorn"), "-c",
                                    str(ROOT / "gunicorn.conf.py"), "app:create_app()"],
                                   cwd=ROOT, env=env, stdout=log, stderr=log)
    return process, tmp_path / f"{name}.log"


def wait_healthy(url, process, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, "the first instance exited"
        try:
            if requests.get(f"{url}/health", timeout=5).status_code == 200:
                return
        except (requests.ConnectionError, requests.Timeout):  # not listening yet, or still booting
            time.sleep(0.1)
    raise AssertionError("not ready")


def test_the_log_names_the_address_and_a_second_instance_is_refused(tmp_path):
    port = free_port()
    first, first_log = start(tmp_path, port, "first")
    try:
        wait_healthy(f"http://127.0.0.1:{port}", first)
        assert f"Listening at: http://127.0.0.1:{port}" in first_log.read_text()

        started = time.monotonic()
        second, second_log = start(tmp_path, port, "second")
        assert second.wait(timeout=20) != 0
        assert time.monotonic() - started < 10  # refused at once, not after gunicorn's five retries
        text = second_log.read_text()
        assert f"no se puede iniciar en 127.0.0.1:{port}: otro proceso ya escucha en ese puerto" in text
        assert "GATEWAY_BIND" in text
        # The first one still answers, alone.
        assert requests.get(f"http://127.0.0.1:{port}/health", timeout=30).status_code == 200
    finally:
        first.terminate()
        first.wait(timeout=20)


def test_a_405_names_the_allowed_methods(client):
    response = client.open("/api", method="TRACE")
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) == {"OPTIONS", "POST"}
    body = response.get_json()
    assert body["codigo"] == 30 and "admite OPTIONS, POST" in body["error"]
    response = client.delete("/health")
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "HEAD"}
