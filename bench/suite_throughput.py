#!/usr/bin/python3
"""How fast does the conformance suite run? Scenarios per second and wall time.

    /usr/bin/python3 bench/suite_throughput.py                 # pytest -n 1 and -n auto
    /usr/bin/python3 bench/suite_throughput.py --direct 1,2,4  # no pytest: thread pools
    /usr/bin/python3 bench/suite_throughput.py -k gen/ --json out.json

"pytest" rows run suite/test_scenarios.py under pytest-xdist with the given
worker counts and read the counts back from a JUnit XML file; "direct" rows
run every scenario case through suite/check.py in a thread pool, which
shows the VMM's own cost without pytest's. Prints a table and writes JSON
(default build/suite_throughput.json).
"""

import argparse
import concurrent.futures
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "suite"))

import check  # noqa: E402
import guestbuild  # noqa: E402
import hostcaps  # noqa: E402
import mkvm  # noqa: E402
import scenarios  # noqa: E402

PYTHON = "/usr/bin/python3"


def run_pytest(workers, keyword):
    with tempfile.TemporaryDirectory(prefix="suite-bench-") as tmp:
        junit = Path(tmp) / "junit.xml"
        argv = [PYTHON, "-m", "pytest", "suite/test_scenarios.py", "-q", "-p", "no:cacheprovider",
                "-n", str(workers), "--junitxml", str(junit)]
        if keyword:
            argv += ["-k", keyword]
        start = time.monotonic()
        proc = subprocess.run(argv, cwd=REPO, capture_output=True, text=True)
        wall = time.monotonic() - start
        if not junit.exists():
            raise SystemExit("pytest wrote no JUnit XML:\n" + proc.stdout[-2000:] + proc.stderr[-2000:])
        suite = ET.parse(junit).getroot()
        if suite.tag == "testsuites":
            suite = suite[0]
        total = int(suite.get("tests", 0))
        failed = int(suite.get("failures", 0)) + int(suite.get("errors", 0))
        skipped = int(suite.get("skipped", 0))
    return {"runner": "pytest", "workers": str(workers), "scenarios": total,
            "passed": total - failed - skipped, "failed": failed, "skipped": skipped,
            "wall_s": wall}


def run_direct(threads, keyword):
    cases = [c for c in scenarios.load_all() if not keyword or keyword in c.id]
    caps = hostcaps.probe(str(mkvm.vmm_path()))
    counts = {check.PASS: 0, check.FAIL: 0, check.SKIP: 0}
    with tempfile.TemporaryDirectory(prefix="suite-bench-") as tmp:
        # Build the suite's guests first, so that the timing is runs only.
        for case in cases:
            for image in case.image_paths():
                try:
                    guestbuild.ensure_suite_guest(image)
                except guestbuild.BuildError:
                    pass        # run_case reports it as a failure
        start = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(threads) as pool:
            futures = [pool.submit(check.run_case, c, Path(tmp) / ("c%d" % i), caps)
                       for i, c in enumerate(cases)]
            for case, f in zip(cases, futures):
                outcome = f.result()
                counts[outcome.verdict] += 1
                if outcome.verdict == check.FAIL:
                    first = outcome.message.splitlines()[1:2] or [""]
                    print("FAILED %s: %s" % (case.id, first[0]), file=sys.stderr)
        wall = time.monotonic() - start
    return {"runner": "direct", "workers": str(threads), "scenarios": len(cases),
            "passed": counts[check.PASS], "failed": counts[check.FAIL],
            "skipped": counts[check.SKIP], "wall_s": wall}


def table(rows):
    header = ["runner", "workers", "scenarios", "passed", "failed", "skipped", "wall s",
              "scenarios/s"]
    lines = [header]
    for r in rows:
        lines.append([r["runner"], r["workers"], str(r["scenarios"]), str(r["passed"]),
                      str(r["failed"]), str(r["skipped"]), "%.2f" % r["wall_s"],
                      "%.1f" % r["per_second"]])
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = []
    for n, line in enumerate(lines):
        out.append("  ".join(cell.rjust(w) if i >= 2 else cell.ljust(w)
                             for i, (cell, w) in enumerate(zip(line, widths))))
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pytest", default="1,auto",
                        help="pytest-xdist worker counts, comma-separated ('' for none)")
    parser.add_argument("--direct", default="",
                        help="thread counts for direct runs, comma-separated")
    parser.add_argument("-k", dest="keyword", default="",
                        help="only scenarios whose id contains this (pytest: a -k expression)")
    parser.add_argument("--json", default=str(REPO / "build" / "suite_throughput.json"))
    opts = parser.parse_args()

    rows = []
    for workers in filter(None, opts.pytest.split(",")):
        rows.append(run_pytest(workers, opts.keyword))
    for threads in filter(None, opts.direct.split(",")):
        rows.append(run_direct(int(threads), opts.keyword))
    for r in rows:
        r["per_second"] = r["scenarios"] / r["wall_s"] if r["wall_s"] else 0.0
    print(table(rows))
    result = {"host": platform.node(), "cpus": os.cpu_count(),
              "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
              "vmm": str(mkvm.vmm_path()), "rows": rows}
    Path(opts.json).parent.mkdir(parents=True, exist_ok=True)
    Path(opts.json).write_text(json.dumps(result, indent=2) + "\n")
    print("wrote %s" % opts.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
