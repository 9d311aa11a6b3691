#!/usr/bin/env python3
"""CLI tests: runs the built mlviz-cli on every tests/cli/*_cases.json and tests/topics/*/cli/*_cases.json
plus built-in checks.

usage: test_cli.py PATH/TO/mlviz-cli [NAME_SUBSTRING]

A cases file is a JSON array of
  {"name": "...", "args": ["cmd", ...],
   "input": <JSON value, or a string sent verbatim (e.g. malformed JSON)>,   (optional: no stdin)
   "exit": 0 or 2,
   "expect": {output key: expected value, ...},                              (optional)
   "error_contains": "substring of the error message",                       (optional)
   "timeout": seconds}                                                       (optional, default 60)
"expect" values may be nested: objects match as subsets (keys not named are not checked),
arrays must have the same length, numbers compare with 1e-9 relative tolerance (1e-12
absolute near 0), booleans, strings and null exactly. Whatever the exit code, stdout must be
one JSON document; with exit 2 it must be exactly {"error": "<message>"}.
Standard library only. Prints one line per case and a final "N passed, M failed".
"""
import glob
import json
import math
import os
import random
import re
import subprocess
import sys
import tempfile
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_TIMEOUT = 60.0


class Failure(Exception):
    pass


def run(cli, args, stdin_bytes=None, timeout=DEFAULT_TIMEOUT, keep_stdin_open=False):
    """Runs the CLI; stdin_bytes=None means no stdin at all (/dev/null). keep_stdin_open gives
    it a pipe that is never written nor closed: a command that reads stdin would then hang."""
    if keep_stdin_open:
        proc = subprocess.Popen([cli] + args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        chunks = {"out": b"", "err": b""}
        readers = [threading.Thread(target=lambda k=k, f=f: chunks.__setitem__(k, f.read()), daemon=True)
                   for k, f in (("out", proc.stdout), ("err", proc.stderr))]
        for t in readers:
            t.start()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            raise Failure("no answer within %.0f s while stdin stayed open: it waits for stdin" % timeout)
        finally:
            proc.stdin.close()
        for t in readers:
            t.join()
        return proc.returncode, chunks["out"], chunks["err"]
    try:
        p = subprocess.run([cli] + args, input=stdin_bytes,
                           stdin=subprocess.DEVNULL if stdin_bytes is None else None,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise Failure("no answer within %.0f s (hang?)" % timeout)
    return p.returncode, p.stdout, p.stderr


def parse_output(out):
    try:
        text = out.decode("utf-8")
    except UnicodeDecodeError as e:
        raise Failure("stdout is not UTF-8: %s" % e)
    try:
        return json.loads(text)
    except ValueError as e:
        raise Failure("stdout is not one JSON document (%s): %r" % (e, text[:300]))


def describe_path(path):
    return path or "output"


def compare(expected, actual, path=""):
    """Raises Failure on the first mismatch, naming the JSON path."""
    where = describe_path(path)
    if isinstance(expected, bool) or expected is None or isinstance(expected, str):
        if type(actual) is not type(expected) or actual != expected:
            raise Failure("%s: expected %s, got %s" % (where, json.dumps(expected, ensure_ascii=False),
                                                      json.dumps(actual, ensure_ascii=False)[:200]))
        return
    if isinstance(expected, (int, float)):
        if isinstance(actual, bool) or not isinstance(actual, (int, float)):
            raise Failure("%s: expected number %r, got %s" % (where, expected, json.dumps(actual)[:200]))
        if not math.isclose(actual, expected, rel_tol=1e-9, abs_tol=1e-12):
            raise Failure("%s: expected %r, got %r" % (where, expected, actual))
        return
    if isinstance(expected, list):
        if not isinstance(actual, list):
            raise Failure("%s: expected an array, got %s" % (where, json.dumps(actual)[:200]))
        if len(actual) != len(expected):
            raise Failure("%s: expected %d values, got %d" % (where, len(expected), len(actual)))
        for i, (e, a) in enumerate(zip(expected, actual)):
            compare(e, a, "%s[%d]" % (path, i))
        return
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            raise Failure("%s: expected an object, got %s" % (where, json.dumps(actual)[:200]))
        for k, e in expected.items():
            if k not in actual:
                raise Failure("%s: missing key '%s' (has: %s)" % (where, k, ", ".join(sorted(actual))))
            compare(e, actual[k], "%s.%s" % (path, k) if path else k)
        return
    raise Failure("unsupported expected value %r" % (expected,))


def check_error_document(doc, needle=None):
    if not isinstance(doc, dict) or set(doc) != {"error"} or not isinstance(doc["error"], str):
        raise Failure('exit 2 must print exactly {"error": "<message>"}, got %s' % json.dumps(doc, ensure_ascii=False)[:300])
    if not doc["error"].strip():
        raise Failure("the error message is empty")
    if needle is not None and needle not in doc["error"]:
        raise Failure("error %r does not contain %r" % (doc["error"], needle))


def run_case(cli, case):
    for field in ("name", "args", "exit"):
        if field not in case:
            raise Failure("case lacks '%s'" % field)
    if not isinstance(case["args"], list) or not all(isinstance(a, str) for a in case["args"]):
        raise Failure("'args' must be an array of strings")
    stdin_bytes = None
    if "input" in case:
        stdin_bytes = (case["input"] if isinstance(case["input"], str) else json.dumps(case["input"])).encode("utf-8")
    code, out, err = run(cli, case["args"], stdin_bytes, float(case.get("timeout", DEFAULT_TIMEOUT)))
    if code < 0:
        raise Failure("killed by signal %d (crash); stderr: %s" % (-code, err.decode("utf-8", "replace")[:300]))
    doc = parse_output(out)
    if code != case["exit"]:
        raise Failure("exit code %d, expected %d; output: %s" % (code, case["exit"], out.decode("utf-8", "replace")[:300]))
    if code == 2:
        check_error_document(doc, case.get("error_contains"))
    elif "error_contains" in case:
        raise Failure("'error_contains' given but the exit code is %d" % code)
    if "expect" in case:
        if not isinstance(case["expect"], dict):
            raise Failure("'expect' must be an object of output keys")
        compare(case["expect"], doc)


def expect_error(cli, args, stdin_bytes=None, needle=None, timeout=DEFAULT_TIMEOUT):
    code, out, err = run(cli, args, stdin_bytes, timeout)
    if code < 0:
        raise Failure("killed by signal %d (crash)" % -code)
    doc = parse_output(out)
    if code != 2:
        raise Failure("exit code %d, expected 2; output %s" % (code, out.decode("utf-8", "replace")[:200]))
    check_error_document(doc, needle)
    return doc


def commands(cli):
    """Command names, read from the unknown-command message ("... (commands: a, b, c)")."""
    code, out, _ = run(cli, ["no-such-command"])
    try:
        msg = json.loads(out.decode("utf-8"))["error"]
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return []
    m = re.search(r"commands: ([a-z0-9_, -]+)", msg)
    return [c.strip() for c in m.group(1).split(",") if c.strip()] if m else []


def builtin_cases(cli):
    """(name, function) pairs; each function raises Failure."""
    cases = []

    def add(name):
        def wrap(f):
            cases.append((name, f))
            return f
        return wrap

    @add("builtin: list reads no stdin (stdin left open) and has the documented shape")
    def _():
        code, out, _ = run(cli, ["list"], keep_stdin_open=True, timeout=30)
        if code != 0:
            raise Failure("exit code %d" % code)
        doc = parse_output(out)
        if set(doc) != {"topics", "questions"}:
            raise Failure("top-level keys %s" % sorted(doc))
        if len(doc["questions"]) != 86:
            raise Failure("%d questions" % len(doc["questions"]))
        for i, q in enumerate(doc["questions"], 1):
            if set(q) != {"id", "title", "section", "topics", "has_answer"}:
                raise Failure("question %d keys %s" % (i, sorted(q)))
            if q["id"] != i or not isinstance(q["has_answer"], bool) or not q["title"] or not q["section"]:
                raise Failure("question %d: %s" % (i, json.dumps(q, ensure_ascii=False)[:200]))
        ids = set()
        for t in doc["topics"]:
            if not {"id", "title", "questions"} <= set(t):
                raise Failure("topic keys %s" % sorted(t))
            if t["id"] in ids:
                raise Failure("topic %s listed twice" % t["id"])
            ids.add(t["id"])
            for q in t["questions"]:
                if not (isinstance(q, int) and 1 <= q <= 86):
                    raise Failure("topic %s has question %r" % (t["id"], q))
                if t["id"] not in doc["questions"][q - 1]["topics"]:
                    raise Failure("question %d does not list topic %s" % (q, t["id"]))
        if "activations" not in ids or doc["questions"][56]["topics"][:1] != ["activations"]:
            raise Failure("question 57 is not linked to the activations topic")

    @add("builtin: --input FILE")
    def _():
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            json.dump({"name": "elu", "alpha": 2.0, "x": [-math.log(2.0), 3.0]}, f)
            path = f.name
        try:
            code, out, _ = run(cli, ["activations", "--input", path], keep_stdin_open=True, timeout=30)
        finally:
            os.unlink(path)
        if code != 0:
            raise Failure("exit code %d: %s" % (code, out[:200]))
        compare({"y": [-1.0, 3.0], "dy": [1.0, 1.0]}, parse_output(out))

    @add("builtin: --input of a missing file names the file")
    def _():
        expect_error(cli, ["activations", "--input", "/nonexistent/mlviz/in.json"], needle="/nonexistent/mlviz/in.json")

    @add("builtin: unknown command")
    def _():
        expect_error(cli, ["no-such-command"], b"{}", needle="no-such-command")

    @add("builtin: no arguments prints usage as an error")
    def _():
        expect_error(cli, [], needle="usage")

    @add("builtin: no input on stdin (/dev/null) is an error, not a hang")
    def _():
        expect_error(cli, ["activations"], None, needle="no input", timeout=20)

    @add("builtin: huge input (2,000,001 numbers) is refused with a message")
    def _():
        data = b'{"name":"relu","x":[' + b",".join([b"0.5"] * 2000001) + b"]}"
        expect_error(cli, ["activations"], data, needle="'x'", timeout=120)

    @add("builtin: large valid input (200,000 numbers) is answered")
    def _():
        xs = [(-1.0) ** i * i * 1e-3 for i in range(200000)]
        code, out, _ = run(cli, ["activations"], json.dumps({"name": "tanh", "x": xs}).encode(), timeout=120)
        if code != 0:
            raise Failure("exit code %d" % code)
        doc = parse_output(out)
        if len(doc["y"]) != len(xs) or len(doc["dy"]) != len(xs):
            raise Failure("lengths %d/%d" % (len(doc["y"]), len(doc["dy"])))
        for i in (0, 1, 777, 199999):
            compare(math.tanh(xs[i]), doc["y"][i], "y[%d]" % i)

    @add("builtin: huge garbage (30 MB of spaces then a brace) is an error")
    def _():
        expect_error(cli, ["activations"], b" " * (30 << 20) + b"{", needle="JSON", timeout=120)

    rng = random.Random(2024)
    garbage = [bytes(rng.randrange(256) for _ in range(rng.randrange(1, 4096))) for _ in range(20)]
    garbage += [b"\xef\xbb\xbf{}", b"\x00" * 100, b"\xff\xfe{\x00}\x00", b"\x1f\x8b\x08\x00" + bytes(range(256))]

    @add("builtin: binary garbage on stdin (24 blobs) gives exit 2 + JSON error")
    def _():
        for i, blob in enumerate(garbage):
            try:
                expect_error(cli, ["activations"], blob, timeout=20)
            except Failure as e:
                raise Failure("blob %d (%d bytes, starts %r): %s" % (i, len(blob), blob[:12], e))

    @add("builtin: every command survives no input, {}, [], garbage and a truncated document")
    def _():
        names = commands(cli)
        if "list" not in names or "activations" not in names:
            raise Failure("cannot read the command list from the unknown-command error (got %r)" % names)
        for name in names:
            code, out, _ = run(cli, [name], None, timeout=30)
            if code == 0:
                continue   # reads no input (like list)
            for label, data in (("no stdin", None), ("{}", b"{}"), ("[]", b"[]"), ("null", b"null"),
                                ("garbage", garbage[0]), ("truncated", b'{"a": [1, 2')):
                code, out, err = run(cli, [name], data, timeout=30)
                if code < 0:
                    raise Failure("%s with %s: killed by signal %d (crash)" % (name, label, -code))
                try:
                    doc = parse_output(out)
                    if code != 0:
                        if code != 2:
                            raise Failure("exit code %d" % code)
                        check_error_document(doc)
                    elif label != "{}":
                        raise Failure("accepted it (exit 0)")
                except Failure as e:
                    raise Failure("%s with %s: %s" % (name, label, e))

    @add("builtin: invalid UTF-8 in arguments still gives a JSON error (no abort)")
    def _():
        for args in (["\udcff\udcfe"], ["activations", "--input", "/nonexistent/\udcff.json"], ["activations", "\udcc3"]):
            shown = [a.encode("utf-8", "surrogateescape") for a in args]
            try:
                code, out, err = run(cli, [a for a in args], b'{"name":"relu","x":[1]}', timeout=20)
            except Failure as e:
                raise Failure("%r: %s" % (shown, e))
            if code < 0:
                raise Failure("%r: killed by signal %d (crash)" % (shown, -code))
            if code != 2:
                raise Failure("%r: exit code %d" % (shown, code))
            check_error_document(parse_output(out))

    return cases


def main():
    if len(sys.argv) < 2:
        print("usage: test_cli.py PATH/TO/mlviz-cli [NAME_SUBSTRING]")
        return 2
    cli = os.path.abspath(sys.argv[1])
    only = sys.argv[2] if len(sys.argv) > 2 else ""
    if not os.access(cli, os.X_OK):
        print("FAIL setup: %s is not an executable" % cli)
        print("0 passed, 1 failed")
        return 1
    passed = failed = 0

    def report(name, error):
        nonlocal passed, failed
        if error is None:
            passed += 1
            print("PASS %s" % name)
        else:
            failed += 1
            print("FAIL %s: %s" % (name, error))
        sys.stdout.flush()

    # Shared cases here, each topic's own in tests/topics/<id>/cli/.
    paths = glob.glob(os.path.join(HERE, "*_cases.json")) + glob.glob(os.path.join(HERE, "..", "topics", "*", "cli", "*_cases.json"))
    for path in sorted(paths, key=os.path.basename):
        file = os.path.basename(path)
        try:
            with open(path, encoding="utf-8") as f:
                cases = json.load(f)
            if not isinstance(cases, list):
                raise ValueError("the file must hold a JSON array of cases")
        except (OSError, ValueError) as e:
            report("%s: (file)" % file, "cannot load: %s" % e)
            continue
        for i, case in enumerate(cases):
            name = "%s: %s" % (file, case.get("name", "#%d" % i) if isinstance(case, dict) else "#%d" % i)
            if only and only not in name:
                continue
            try:
                if not isinstance(case, dict):
                    raise Failure("a case must be an object")
                run_case(cli, case)
                report(name, None)
            except Failure as e:
                report(name, str(e))
            except OSError as e:
                report(name, "cannot run: %s" % e)

    for name, f in builtin_cases(cli):
        if only and only not in name:
            continue
        try:
            f()
            report(name, None)
        except Failure as e:
            report(name, str(e))
        except OSError as e:
            report(name, "cannot run: %s" % e)

    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
