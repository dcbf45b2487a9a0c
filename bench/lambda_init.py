#!/usr/bin/env python3
"""Measures a Lambda binary's init (cold start) time locally: a minimal Lambda Runtime
API on 127.0.0.1 records when the process, started fresh, first asks for an invocation,
serves one event, and checks the answer. Usage:

    bench/lambda_init.py PATH/TO/bootstrap EVENT.json [runs]

Init here is process start to the first GET /invocation/next: loading configuration and
building the AWS clients, without AWS's sandbox or network. Report the median of runs.
"""
import http.server, json, os, socket, statistics, subprocess, sys, threading, time

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

def measure(binary, event):
    state = {"first_next": None, "served": False, "response": None}
    done = threading.Event()

    class Runtime(http.server.BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def do_GET(self):
            if self.path.endswith("/invocation/next"):
                if state["first_next"] is None:
                    state["first_next"] = time.perf_counter()
                if state["served"]:
                    done.wait(5)
                    self.send_response(500)
                    self.end_headers()
                    return
                state["served"] = True
                body = json.dumps(event).encode()
                self.send_response(200)
                self.send_header("Lambda-Runtime-Aws-Request-Id", "req-1")
                self.send_header("Lambda-Runtime-Deadline-Ms", str(int(time.time() * 1000) + 30000))
                self.send_header("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:123456789012:function:bench")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        def do_POST(self):
            length = int(self.headers.get("Content-Length", 0))
            state["response"] = (self.path, self.rfile.read(length).decode())
            self.send_response(202)
            self.end_headers()
            done.set()

    port = free_port()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Runtime)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    env = dict(os.environ, AWS_LAMBDA_RUNTIME_API=f"127.0.0.1:{port}", AWS_REGION="us-east-1",
               AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", AWS_LAMBDA_FUNCTION_NAME="bench",
               AWS_LAMBDA_FUNCTION_MEMORY_SIZE="512", AWS_LAMBDA_FUNCTION_VERSION="$LATEST",
               STATUS_TABLE="t", SITE_BUCKET="b", SITE_BASE_URL="https://sites.example.test/sites",
               API_BASE_URL="https://api.example.test", BUILD_STATE_MACHINE_ARN="arn:aws:states:us-east-1:123456789012:stateMachine:B")
    started = time.perf_counter()
    proc = subprocess.Popen([binary], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    done.wait(30)
    proc.kill()
    proc.wait()
    server.shutdown()
    if state["first_next"] is None:
        sys.exit("the binary never called the Runtime API")
    return (state["first_next"] - started) * 1000, state["response"]

def main():
    binary, event_file = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 7
    event = json.load(open(event_file))
    times, response = [], None
    for _ in range(runs):
        ms, response = measure(binary, event)
        times.append(ms)
    print(json.dumps({"binary": binary, "initMsMedian": round(statistics.median(times), 1), "initMsRuns": [round(t, 1) for t in times], "firstResponse": response}))

if __name__ == "__main__":
    main()
