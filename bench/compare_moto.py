#!/usr/bin/env python3
"""Runs the same state machines on Code24's engine and on moto's Step Functions
interpreter (moto[server] with execute_state_machine), side by side in one run, and
prints state transitions per second, the ratio, and peak memory.

Usage: bench/compare_moto.py [--scale N]   (needs .ci/venv from .ci/run, and
`cargo build --release -p code24-asl --example bench`). Talks only to 127.0.0.1.
"""
import argparse, json, os, socket, subprocess, sys, tempfile, time, urllib.request
import boto3

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "target", "release", "examples", "bench")


def cases(scale):
    chain = {"StartAt": "S0", "States": {}}
    for i in range(scale):
        chain["States"][f"S{i}"] = {"Type": "Pass", "Next": f"S{i + 1}"} if i + 1 < scale else {"Type": "Pass", "End": True}
    loop = {"StartAt": "Check", "States": {
        "Check": {"Type": "Choice", "Choices": [{"Variable": "$.i", "NumericGreaterThanEqualsPath": "$.n", "Next": "Done"}], "Default": "Step"},
        "Step": {"Type": "Pass", "Parameters": {"i.$": "States.MathAdd($.i, 1)", "n.$": "$.n"}, "Next": "Check"},
        "Done": {"Type": "Succeed"}}}
    mapped = {"StartAt": "M", "States": {"M": {"Type": "Map", "MaxConcurrency": 0,
        "Iterator": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}, "End": True}}}
    parallel = {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": True, "Branches": [
        {"StartAt": f"B{i}", "States": {f"B{i}": {"Type": "Pass", "End": True}}} for i in range(100)]}}}
    return [
        (f"Pass chain ({scale} states)", chain, {}),
        (f"Choice/Pass loop ({scale} iterations)", loop, {"i": 0, "n": scale}),
        (f"Map over {scale} items", mapped, list(range(scale))),
        ("Parallel with 100 branches", parallel, {"x": 1}),
    ]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def peak_rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return None


def start_moto():
    """Starts moto_server (from this venv) on a free 127.0.0.1 port with Step Functions
    executing state machines; returns the process and its URL."""
    port = free_port()
    server = subprocess.Popen([os.path.join(os.path.dirname(sys.executable), "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(url + "/moto-api/", timeout=1)
            break
        except Exception:
            time.sleep(0.05)
    req = urllib.request.Request(url + "/moto-api/config", method="POST", headers={"Content-Type": "application/json"},
                                 data=json.dumps({"stepfunctions": {"execute_state_machine": True}, "lambda": {"use_docker": False}}).encode())
    urllib.request.urlopen(req, timeout=5)
    return server, url


def run_moto(client, definition, inp, name):
    arn = client.create_state_machine(name=name, definition=json.dumps(definition),
                                      roleArn="arn:aws:iam::123456789012:role/bench")["stateMachineArn"]
    started = time.perf_counter()
    ex = client.start_execution(stateMachineArn=arn, name=f"{name}-run", input=json.dumps(inp))["executionArn"]
    deadline = started + 600
    while True:
        status = client.describe_execution(executionArn=ex)["status"]
        if status != "RUNNING" or time.perf_counter() > deadline:
            break
        time.sleep(0.005)
    seconds = time.perf_counter() - started
    events, token = [], None
    while True:
        kw = {"executionArn": ex, "maxResults": 1000}
        if token:
            kw["nextToken"] = token
        page = client.get_execution_history(**kw)
        events += page["events"]
        token = page.get("nextToken")
        if not token:
            break
    transitions = sum(1 for e in events if e["type"].endswith("StateEntered"))
    return status, transitions, seconds


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=int, default=1000)
    args = ap.parse_args()
    if not os.path.exists(BENCH):
        sys.exit("build the engine benchmark first: cargo build --release -p code24-asl --example bench")
    server, url = start_moto()
    try:
        client = boto3.client("stepfunctions", endpoint_url=url, region_name="us-east-1",
                              aws_access_key_id="bench", aws_secret_access_key="bench")
        print(f"{'case':<36} {'code24 t/s':>12} {'moto t/s':>10} {'ratio':>8}  {'code24 peak':>11} {'moto status':>12}")
        for i, (name, definition, inp) in enumerate(cases(args.scale)):
            with tempfile.TemporaryDirectory() as tmp:
                d, n = os.path.join(tmp, "def.json"), os.path.join(tmp, "in.json")
                json.dump(definition, open(d, "w"))
                json.dump(inp, open(n, "w"))
                ours = json.loads(subprocess.check_output([BENCH, d, n]))
            ours_tps = ours["transitions"] / ours["seconds"]
            status, transitions, seconds = run_moto(client, definition, inp, f"case{i}")
            moto_tps = transitions / seconds if status == "SUCCEEDED" and transitions else 0.0
            ratio = f"{ours_tps / moto_tps:,.0f}x" if moto_tps else "n/a"
            print(f"{name:<36} {ours_tps:>12,.0f} {moto_tps:>10,.0f} {ratio:>8}  {ours['peakRssKiB'] / 1024:>9.1f}MB {status:>12}")
        print(f"moto server peak memory: {peak_rss_kib(server.pid) / 1024:.1f} MB (whole server process)")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
