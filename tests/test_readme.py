"""The README stays true: its curl examples work as pasted, and its error table lists every code."""

import os
import re
import subprocess
import sys
import pytest
import simplejson

import errors
from app import create_app
from models.base import db
from tests.live_server import ROOT
from tests.live_server import LiveServer
from tests.sunat_peer import SunatPeer

README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCUMENTED_URL = "http://127.0.0.1:8000"


def curl_blocks():
    """(section title, command) for every sh block that runs curl, in README order."""
    blocks, section = [], ""
    for match in re.finditer(r"^(#+ [^\n]*)$|^```sh\n(.*?)^```", README, re.S | re.M):
        if match.group(1):
            section = match.group(1)
        elif "curl" in match.group(2):
            blocks.append((section, match.group(2)))
    return blocks


def body_of(output):
    if output.startswith("HTTP/"):
        output = output.split("\n\n", 1)[1]  # text mode folded \r\n
    return simplejson.loads(output)


def test_every_error_code_is_unique_and_in_the_readme_table():
    codes = [cls.codigo for cls in errors.ERROR_CLASSES]
    assert len(codes) == len(set(codes))
    table = {int(m) for m in re.findall(r"^\| (\d\d) \|", README, re.M)}
    assert table == set(codes)
    for cls in errors.ERROR_CLASSES:
        assert f"| {cls.codigo} | {cls.http_status}" in README, cls


@pytest.mark.e2e
def test_the_curl_examples_work_as_pasted(tmp_path):
    """The quick start as a newcomer runs it: SQLite, `flask demo`, gunicorn, then each curl in order."""
    database_url = f"sqlite:///{tmp_path}/gateway.db"
    app = create_app({"DATABASE_URL": database_url, "LOG_LEVEL": "WARNING"})
    result = app.test_cli_runner().invoke(args=["demo", "--key-file", str(tmp_path / ".demo-key")])
    assert result.exit_code == 0, result.output
    # The demo issuer talks to SUNAT beta; here the local SUNAT peer stands in for it (no network in tests).
    peer = SunatPeer("20000000001MODDATOS", "moddatos")
    result = app.test_cli_runner().invoke(args=["issuer", "set", "--company", "1", "--entorno", peer.url,
                                                "--url-consultas", peer.url])
    assert result.exit_code == 0, result.output
    db.close_all()
    server = LiveServer(database_url, workers=2)
    # As `make run`: the worker runs beside gunicorn (it would send what the demo issuer queued).
    env = {**os.environ, "GATEWAY_DATABASE_URL": database_url, "GATEWAY_LOG_LEVEL": "WARNING"}
    worker = subprocess.Popen([sys.executable, "-m", "flask", "--app", "app", "sunat-worker"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        blocks = curl_blocks()
        shown = set(re.findall(r'"action": "([a-z-]+)"', "".join(command for _, command in blocks)))
        assert shown == set(app.extensions["gateway.registry"]), "every action has a curl example"
        for section, command in blocks:
            command = command.replace(DOCUMENTED_URL, server.url)
            done = subprocess.run(["bash", "-c", command], cwd=tmp_path, capture_output=True, text=True, timeout=30)
            assert done.returncode == 0, (command, done.stderr)
            if "/metrics" in command:  # Prometheus text, not JSON
                assert "gateway_requests_total{" in done.stdout, (command, done.stdout[:500])
                continue
            body = body_of(done.stdout)
            if section == "### Errors":
                assert isinstance(body, dict) and body["codigo"] in (11, 20), (command, body)
            else:
                assert not (isinstance(body, dict) and "codigo" in body), (command, body)
        assert len(peer.registered) == 1, "the README's factura reached SUNAT"
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        server.stop()
        peer.stop()
