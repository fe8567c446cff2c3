"""A local stand-in for a Slack incoming webhook, for `sam local invoke` in CI.

Answers every POST with 200 "ok", as Slack does, and appends each body as one line to the file given, so
that the workflow can count and check what the function posted. Usage: slack_stand_in.py <port> <file>
"""
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

PORT = int(sys.argv[1])
OUT = sys.argv[2]


class Webhook(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 (the http.server naming)
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with open(OUT, "ab") as f:
            f.write(body.replace(b"\n", b" ") + b"\n")
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(b"ok")


HTTPServer(("127.0.0.1", PORT), Webhook).serve_forever()
