"""Runs executions recorded on real AWS Step Functions through `code24 asl run` and
counts how many end the same way (status, output, error, cause).

The recordings are LocalStack's snapshot tests (validated against AWS; Apache-2.0),
read from a git checkout kept outside this repository so that they stay an outside
measure: `--localstack DIR`. Only executions whose definition is one fixed template
without Task states are run (the others call AWS services or change the template in
code). A recording whose expected values LocalStack masked (`<timestamp>`, `date`, ...)
counts as "masked" when the status matches.

    python3 bench/compare_recorded.py --localstack /path/to/localstack \
        --code24 target/release/code24 [--show-differences]
"""
import argparse, collections, json, os, re, subprocess, tempfile

SFN = "tests/aws/services/stepfunctions/"
SUITES = ["intrinsic_functions", "scenarios", "base", "assign", "choice_operators",
          "context_object", "error_handling", "evaluate_jsonata", "outputdecl",
          "query_language", "states_variables", "arguments", "comments"]


def json5(text):
    text = re.sub(r"(?m)^\s*//.*$", "", text)
    return json.loads(re.sub(r",(\s*[}\]])", r"\1", text))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--localstack", required=True)
    ap.add_argument("--code24", default="target/release/code24")
    ap.add_argument("--show-differences", action="store_true")
    args = ap.parse_args()
    repo = args.localstack

    def read(path):
        with open(os.path.join(repo, path)) as f:
            return f.read()

    files = [os.path.relpath(os.path.join(d, f), repo)
             for d, _, fs in os.walk(os.path.join(repo, SFN)) for f in fs]
    files = set(files)
    consts = {}
    for f in files:
        if f.endswith("_templates.py"):
            src, base = read(f), os.path.dirname(f)
            for cls in re.findall(r"class (\w+)\(", src):
                for name, rel in re.findall(
                        r'(\w+): Final\[str\] = os\.path\.join\(\s*_THIS_FOLDER,\s*"([^"]+)"\s*,?\s*\)', src):
                    consts[(cls, name)] = os.path.normpath(os.path.join(base, rel))
    counts, differences = collections.Counter(), []
    for f in sorted(files):
        suite = f.split("/v2/")[-1].split("/")[0] if "/v2/" in f else None
        if suite not in SUITES or not os.path.basename(f).startswith("test_") or not f.endswith(".py"):
            continue
        if f[:-3] + ".snapshot.json" not in files:
            continue
        src, snaps = read(f), json.loads(read(f[:-3] + ".snapshot.json"))
        alias = {a: c for c, a in re.findall(r"import\s+\(?\s*(\w+)\s+as\s+(\w+)", src)}
        for block in re.split(r"\n    (?:async )?def ", src):
            m = re.match(r"(test_\w+)\(", block)
            if not m:
                continue
            test = m.group(1)
            loads = set(re.findall(r"(\w+)\.load_sfn_template\(\s*(\w+)\.(\w+)\s*\)", block))
            template = None
            if len(loads) == 1 and not re.search(r"template\[", block):
                _, cls, name = loads.pop()
                template = consts.get((alias.get(cls, cls), name))
            if template is None and not re.search(r"template\[", block):
                # A helper given the template's name (`IFT.MATH_ADD`) loads it.
                named = {consts.get((alias.get(c, c), n))
                         for c, n in re.findall(r"\b(\w+)\.([A-Z][A-Z0-9_]+)\b", block)} - {None}
                if len(named) == 1:
                    template = named.pop()
            # A parametrized test (`test_x[BASE_REFERENCE_IN_CHOICE]`) whose body loads
            # the template it is given: the id names the template constant.
            by_id = {}
            if template is None and not re.search(r"template\[|definition\s*=\s*definition", block) and (
                    re.search(r"load_sfn_template\(\s*[a-z_]+\s*\)", block)
                    or re.search(r"definition\s*=\s*json\.dumps\(\s*template\s*\)", block)):
                imported = {alias.get(c, c) for c in re.findall(r"\b(\w+)\.load_sfn_template", src)}
                for (cls, name), path in consts.items():
                    if cls in imported:
                        by_id.setdefault(name, set()).add(path)
            for key, record in snaps.items():
                if key.split("::")[-1].split("[")[0] != test:
                    continue
                chosen = template
                if chosen is None and "[" in key:
                    paths = by_id.get(key.rsplit("[", 1)[1].rstrip("]"), set())
                    chosen = paths.pop() if len(paths) == 1 else None
                if not chosen or chosen not in files:
                    counts["not run: no single fixed template"] += 1
                    continue
                text = read(chosen)
                if "Resource" in text:
                    counts["not run: calls a service"] += 1
                    continue
                try:
                    definition = json5(text)
                except ValueError:
                    counts["not run: JSON5 this reader does not parse"] += 1
                    continue
                for name, content in record["recorded-content"].items():
                    events = content.get("events", []) if isinstance(content, dict) else []
                    if not events or events[0]["type"] != "ExecutionStarted":
                        continue
                    last = events[-1]
                    status = {"ExecutionSucceeded": "SUCCEEDED", "ExecutionFailed": "FAILED",
                              "ExecutionTimedOut": "TIMED_OUT"}.get(last["type"])
                    if status is None:
                        counts["not run: recording ends early"] += 1
                        continue
                    details = next((v for k, v in last.items() if k.endswith("Details")), {})
                    want = {"status": status}
                    for k in ("output", "error", "cause"):
                        if k in details:
                            want[k] = details[k]
                    given = events[0]["executionStartedEventDetails"].get("input")
                    for k, v in [("input", given), ("output", want.get("output"))]:
                        if isinstance(v, str):
                            try:
                                v = json.loads(v)
                            except ValueError:
                                pass
                        if k == "input":
                            given = v
                        elif "output" in want:
                            want["output"] = v
                    with tempfile.TemporaryDirectory() as t:
                        for n, v in [("d", definition), ("i", given)]:
                            with open(f"{t}/{n}.json", "w") as out:
                                json.dump(v, out)
                        r = subprocess.run([args.code24, "asl", "run", "--virtual-clock",
                                            "--definition", f"{t}/d.json", "--input", f"{t}/i.json",
                                            "--data-dir", f"{t}/data"],
                                           capture_output=True, text=True, timeout=120)
                    try:
                        got = json.loads(r.stdout)
                    except ValueError:
                        got = {"status": "REFUSED", "cause": r.stderr.strip()}
                    got = {k: got.get(k) for k in want}
                    masked = re.search(r"<[A-Za-z_:0-9-]+>|\"date\"|\"timestamp\"|%[A-Z_]+%|RandomNumberGenerated|generated-uuid", json.dumps(want) + json.dumps(given) + text)
                    if got == want:
                        counts["agree"] += 1
                    elif masked and got["status"] == want["status"]:
                        counts["masked, same status"] += 1
                    elif masked:
                        counts["masked, differ"] += 1
                        differences.append(f"(masked) {key.split('::')[-1]} {name}\n  want {json.dumps(want)[:400]}\n  got  {json.dumps(got)[:400]}")
                    else:
                        counts["differ"] += 1
                        differences.append(f"{key.split('::')[-1]} {name}\n  want {json.dumps(want)[:400]}\n  got  {json.dumps(got)[:400]}")
    print(json.dumps(counts, indent=1))
    compared = counts["agree"] + counts["differ"]
    if compared:
        print(f"agree on {counts['agree']} of {compared} unmasked recordings ({100 * counts['agree'] / compared:.1f}%)")
    if args.show_differences:
        print("\n".join(differences))


if __name__ == "__main__":
    main()
