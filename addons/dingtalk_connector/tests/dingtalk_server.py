# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A local stand-in for DingTalk's robot endpoint, speaking its documented protocol.

It checks the signature (加签) and the timestamp window like DingTalk does and records
every request so tests can assert on what the real client sent.
"""

import base64
import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


class FakeDingtalk:
    def __init__(self, secrets):
        self.secrets = secrets  # access_token -> signing secret
        self.requests = []
        self.force_errcode = None
        self.http_status = 200  # 500 plays a DingTalk outage
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                query = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
                fake.requests.append(
                    {
                        "path": urlsplit(self.path).path,
                        "query": query,
                        "headers": dict(self.headers),
                        "body": body,
                    }
                )
                answer = fake.answer(urlsplit(self.path).path, query)
                data = json.dumps(answer).encode()
                self.send_response(fake.http_status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, token):
        return f"http://127.0.0.1:{self.port}/robot/send?access_token={token}"

    def answer(self, path, query):
        if path != "/robot/send":
            return {"errcode": 404, "errmsg": "not found"}
        if self.force_errcode:
            return {
                "errcode": self.force_errcode,
                "errmsg": "send too fast, exceed 20 times per minute",
            }
        token = query.get("access_token")
        if token not in self.secrets:
            return {"errcode": 400101, "errmsg": "token not found"}
        secret = self.secrets[token]
        if secret:
            try:
                ts = int(query["timestamp"])
            except (KeyError, ValueError):
                return {"errcode": 310000, "errmsg": "invalid timestamp"}
            if abs(time.time() * 1000 - ts) > 3600 * 1000:
                return {"errcode": 310000, "errmsg": "invalid timestamp"}
            expected = base64.b64encode(
                hmac.new(secret.encode(), f"{ts}\n{secret}".encode(), hashlib.sha256).digest()
            ).decode()
            # parse_qs already URL-decoded the sign
            if not hmac.compare_digest(expected, query.get("sign", "")):
                return {"errcode": 310000, "errmsg": "sign not match"}
        return {"errcode": 0, "errmsg": "ok"}

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
