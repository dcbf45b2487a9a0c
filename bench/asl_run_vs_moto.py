#!/usr/bin/env python3
"""End-to-end benchmark of what a user runs: the same definitions through the real
`code24 asl run` binary (durable: a fresh data directory, the execution and its whole
history journaled in SQLite) and through moto's Step Functions interpreter
(moto[server] with execute_state_machine), in one run. Prints, per case, state
transitions per second for both, the ratio, and peak memory of both processes.

Each code24 figure is the wall time of one `code24 asl run` process, from spawn to exit
(start-up, opening the database, running, journaling, the result line): the median of
three such runs (`--code24-runs`), each with a fresh data directory. Peak memory is from
one more run under GNU time, which is not timed. Each moto
figure is from StartExecution until DescribeExecution stops saying RUNNING.

Cases: the Choice/Pass loop at N iterations (2N+1 transitions) and an inline Map over
N items. Above Step Functions' 25,000-event history quota a STANDARD execution fails,
as on AWS, so those sizes run as EXPRESS (`--type express`); moto has no quota and
runs them all as STANDARD.

Usage: bench/asl_run_vs_moto.py [--loops 1000,10000,100000] [--maps 1000,10000]
       [--moto-timeout 600]
Needs .ci/venv (from .ci/run), GNU time (/usr/bin/time) and
`cargo build --release -p code24-cli`.
Talks only to 127.0.0.1.
"""
import argparse, json, os, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare_moto import peak_rss_kib, start_moto  # noqa: E402
import boto3  # noqa: E402
import botocore.config  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CODE24 = os.path.join(ROOT, "target", "release", "code24")
HISTORY_QUOTA = 25_000

LOOP = {"StartAt": "Check", "States": {
    "Check": {"Type": "Choice", "Choices": [{"Variable": "$.i", "NumericGreaterThanEqualsPath": "$.n", "Next": "Done"}], "Default": "Step"},
    "Step": {"Type": "Pass", "Parameters": {"i.$": "States.MathAdd($.i, 1)", "n.$": "$.n"}, "Next": "Check"},
    "Done": {"Type": "Succeed"}}}
MAP = {"StartAt": "M", "States": {"M": {"Type": "Map", "MaxConcurrency": 0,
    "Iterator": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}, "End": True}}}


def cases(loops, maps):
    # Events per unit of work, to choose the execution type: a loop iteration records
    # 4 events (two states entered and exited), a Map item 4 (iteration started and
    # succeeded, its Pass entered and exited).
    for n in loops:
        yield f"Choice/Pass loop, {n:,} iterations", LOOP, {"i": 0, "n": n}, 4 * n + 8
    for n in maps:
        yield f"Map over {n:,} items", MAP, list(range(n)), 4 * n + 8


def run_code24(definition, inp, events, runs):
    """The median wall time of `runs` runs, each in a fresh data directory, and the peak
    memory of one more run under GNU time (whose own fork and exec, about 4 ms, are kept
    out of the timed runs: a user does not run code24 under it)."""
    timed = [run_code24_once(definition, inp, events, measure_peak=False) for _ in range(runs)]
    seconds = sorted(r[3] for r in timed)[len(timed) // 2]
    status, kind, transitions = timed[0][:3]
    peak = run_code24_once(definition, inp, events, measure_peak=True)[4]
    return status, kind, transitions, seconds, peak


def run_code24_once(definition, inp, events, measure_peak):
    with tempfile.TemporaryDirectory() as tmp:
        d, n = os.path.join(tmp, "def.json"), os.path.join(tmp, "in.json")
        with open(d, "w") as f:
            json.dump(definition, f)
        with open(n, "w") as f:
            json.dump(inp, f)
        kind = "express" if events > HISTORY_QUOTA else "standard"
        data = os.path.join(tmp, "data")
        cmd = [CODE24, "asl", "run", "--name", "bench", "--definition", d, "--input", n,
               "--type", kind, "--virtual-clock", "--data-dir", data]
        # Peak memory from GNU time's %M (maximum resident set, KiB): a child's own
        # rusage would count the pages of this Python process it was forked from.
        peak_file = os.path.join(tmp, "peak")
        wrapper = ["/usr/bin/time", "-f", "%M", "-o", peak_file] if measure_peak else []
        started = time.perf_counter()
        proc = subprocess.run(wrapper + cmd, capture_output=True)
        seconds = time.perf_counter() - started
        out, err = proc.stdout, proc.stderr
        line = json.loads(out) if out.strip() else {"status": f"exit {proc.returncode}: {err.decode()[:200]}"}
        peak = None
        if measure_peak:
            with open(peak_file) as f:
                peak = int(f.read().split()[-1])
        history = json.loads(subprocess.check_output([CODE24, "asl", "history", "bench", "--json", "--data-dir", data]))
        transitions = sum(1 for e in history["events"] if e["type"].endswith("StateEntered"))
        return line["status"], kind, transitions, seconds, peak


def run_moto(client, definition, inp, name, timeout):
    arn = client.create_state_machine(name=name, definition=json.dumps(definition),
                                      roleArn="arn:aws:iam::123456789012:role/bench")["stateMachineArn"]
    started = time.perf_counter()
    ex = client.start_execution(stateMachineArn=arn, name=f"{name}-run", input=json.dumps(inp))["executionArn"]
    while True:
        status = client.describe_execution(executionArn=ex)["status"]
        if status != "RUNNING":
            break
        if time.perf_counter() - started > timeout:
            return f"> {timeout} s", None, None
        time.sleep(0.005)
    seconds = time.perf_counter() - started
    transitions, token = 0, None
    while True:
        kw = {"executionArn": ex, "maxResults": 1000}
        if token:
            kw["nextToken"] = token
        page = client.get_execution_history(**kw)
        transitions += sum(1 for e in page["events"] if e["type"].endswith("StateEntered"))
        token = page.get("nextToken")
        if not token:
            break
    return status, transitions, seconds


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--loops", default="1000,10000,100000")
    ap.add_argument("--maps", default="1000,10000")
    ap.add_argument("--moto-timeout", type=float, default=600)
    ap.add_argument("--code24-runs", type=int, default=3,
                    help="runs of code24 per case, the median reported (moto runs once: minutes)")
    args = ap.parse_args()
    if not os.path.exists(CODE24):
        sys.exit("build the binary first: cargo build --release -p code24-cli")
    loops = [int(x) for x in args.loops.split(",") if x]
    maps = [int(x) for x in args.maps.split(",") if x]
    server, url = start_moto()
    try:
        # moto answers a page of a 400,000-event history slowly: wait for it.
        client = boto3.client("stepfunctions", endpoint_url=url, region_name="us-east-1",
                              aws_access_key_id="bench", aws_secret_access_key="bench",
                              config=botocore.config.Config(read_timeout=900, retries={"max_attempts": 1}))
        print(f"{'case':<36} {'type':>8} {'transitions':>11} {'code24 s':>9} {'code24 t/s':>11} "
              f"{'moto s':>8} {'moto t/s':>9} {'ratio':>7} {'code24 peak':>11}")
        previous = {}
        for i, (name, definition, inp, events) in enumerate(cases(loops, maps)):
            status, kind, transitions, seconds, peak = run_code24(definition, inp, events, args.code24_runs)
            ours_tps = transitions / seconds
            print(f"  code24: {status}, {transitions:,} transitions in {seconds:.3f} s, peak {peak / 1024:.1f} MB", flush=True)
            m_status, m_transitions, m_seconds = run_moto(client, definition, inp, f"case{i}", args.moto_timeout)
            if m_seconds:
                moto_s, moto_tps = f"{m_seconds:.2f}", f"{m_transitions / m_seconds:,.0f}"
                ratio = f"{m_seconds / seconds * transitions / m_transitions:,.0f}x"
            else:
                moto_s, moto_tps, ratio = m_status, "-", "-"
            print(f"{name:<36} {kind:>8} {transitions:>11,} {seconds:>9.3f} {ours_tps:>11,.0f} "
                  f"{moto_s:>8} {moto_tps:>9} {ratio:>7} {peak / 1024:>9.1f}MB"
                  + ("" if status == "SUCCEEDED" else f"  code24 {status}")
                  + ("" if m_status in ("SUCCEEDED",) or not m_seconds else f"  moto {m_status}"))
            # Growth: time per transition against the previous size of the same case.
            kind_of_case = name.split(",")[0].split(" over ")[0]
            if kind_of_case in previous:
                p_t, p_s = previous[kind_of_case]
                print(f"{'':<36} {transitions / p_t:,.1f}x the work in {seconds / p_s:,.1f}x the time")
            previous[kind_of_case] = (transitions, seconds)
        print(f"moto server peak memory: {peak_rss_kib(server.pid) / 1024:.1f} MB (whole server process)")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
