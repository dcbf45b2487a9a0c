"""Test-only forwarder between moto's Step Functions interpreter and `cargo lambda watch`.

moto cannot run Lambda code without Docker. Its Step Functions interpreter sends every
Lambda `Invoke` to http://localhost:$MOTO_PORT, so `.ci/run` starts moto with MOTO_PORT set
to this forwarder, which passes the call to our real binaries under `cargo lambda watch`.

Two things differ between the watcher and the Lambda Invoke API, and are mended here:
- a function named by ARN (`arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]`) is
  sent to the watcher by NAME, the binary it runs;
- a function error comes back from the watcher as HTTP 500 with `{errorType, errorMessage}`;
  Lambda answers 200 with `X-Amz-Function-Error: Unhandled`, which is what Step Functions
  turns into an error named by `errorType` for Retry and Catch.

Usage: lambda_forwarder.py LISTEN_PORT WATCH_PORT
"""

import json
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

INVOKE = re.compile(r"^/2015-03-31/functions/([^/]+)/invocations$")


def function_name(quoted: str) -> str:
    name = urllib.parse.unquote(quoted)
    if name.startswith("arn:"):
        # arn:aws:lambda:region:account:function:name[:qualifier]
        parts = name.split(":")
        if len(parts) >= 7:
            return parts[6]
    return name


class Forwarder(BaseHTTPRequestHandler):
    watch_port = 9000
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # one line per call on stderr
        sys.stderr.write("forwarder: " + (fmt % args) + "\n")

    def reply(self, status, body: bytes, headers: dict):
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("x-amzn-RequestId", str(uuid.uuid4()))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        payload = self.rfile.read(length)
        match = INVOKE.match(urllib.parse.urlsplit(self.path).path)
        if not match:
            body = json.dumps({"Type": "User", "message": f"not a Lambda Invoke path: {self.path}"})
            self.reply(404, body.encode(), {"Content-Type": "application/json",
                                            "x-amzn-ErrorType": "ResourceNotFoundException"})
            return
        name = function_name(match.group(1))
        url = f"http://127.0.0.1:{self.watch_port}/2015-03-31/functions/{name}/invocations"
        request = urllib.request.Request(url, data=payload, method="POST",
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=900) as response:
                self.reply(200, response.read(), {"Content-Type": "application/json"})
        except urllib.error.HTTPError as error:
            body = error.read()
            try:
                is_function_error = "errorType" in json.loads(body)
            except ValueError:
                is_function_error = False
            if is_function_error:
                self.reply(200, body, {"Content-Type": "application/json",
                                       "X-Amz-Function-Error": "Unhandled"})
            else:
                message = json.dumps({"message": body.decode("utf-8", "replace")})
                self.reply(502, message.encode(), {"Content-Type": "application/json",
                                                   "x-amzn-ErrorType": "ServiceException"})
        except OSError as error:
            message = json.dumps({"message": f"cargo lambda watch unreachable: {error}"})
            self.reply(502, message.encode(), {"Content-Type": "application/json",
                                               "x-amzn-ErrorType": "ServiceException"})


def main():
    listen_port, watch_port = int(sys.argv[1]), int(sys.argv[2])
    Forwarder.watch_port = watch_port
    server = ThreadingHTTPServer(("127.0.0.1", listen_port), Forwarder)
    server.daemon_threads = True
    server.serve_forever()


if __name__ == "__main__":
    main()
