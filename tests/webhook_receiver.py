"""A real HTTP receiver on loopback for webhooks: keeps every request; answers as planned (then 200)."""

import threading
import time
from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer


class Receiver:
    def __init__(self, delay=0.0):
        self.requests = []  # (headers dict, body bytes)
        self.plan = []  # HTTP statuses to answer next, in order
        self.delay = delay
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self.handler_class())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/gateway"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def then(self, *statuses):
        with self.lock:
            self.plan.extend(statuses)

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def handler_class(receiver):
        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                time.sleep(receiver.delay)
                with receiver.lock:
                    receiver.requests.append((dict(self.headers), body))
                    status = receiver.plan.pop(0) if receiver.plan else 200
                try:
                    self.send_response(status)
                    self.send_header("Content-Length", "2")
                    self.end_headers()
                    self.wfile.write(b"ok")
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the sender died waiting for us: it will send again

        return Handler
