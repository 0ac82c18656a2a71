#!/usr/bin/python3
"""How much slower is one host flavour than another? The measurement
behind hostcaps.TIME_FACTOR (docs/HOST.md).

    /usr/bin/python3 bench/flavour_speed.py --out build/speed-native.json
    tools/testvm -- /usr/bin/python3 bench/flavour_speed.py --out build/speed-vm.json
    /usr/bin/python3 bench/flavour_speed.py --compare build/speed-native.json build/speed-vm.json

The first two run every hand-written scenario case (not the generated
families) one at a time, time limits unscaled (x1), and record each case's
wall time and verdict. --compare prints the distribution of the per-case
ratios and, for the flavour's time factor, how close the slowest case
comes to its scaled limit: a factor is safe when every case that passes on
the baseline stays well under its limit times the factor.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "suite"))

import check  # noqa: E402
import hostcaps  # noqa: E402
import scenarios  # noqa: E402


def measure(keyword):
    os.environ[hostcaps.ENV_TIME_FACTOR] = "1"
    caps = hostcaps.probe()
    cases = [c for c in scenarios.load_all(flavour=hostcaps.flavour())
             if not c.id.startswith("gen/") and (not keyword or keyword in c.id)]
    rows = {}
    for case in cases:
        with tempfile.TemporaryDirectory(prefix="speed-") as tmp:
            outcome = check.run_case(case, Path(tmp), caps=caps)
        rows[case.id] = {"seconds": round(outcome.elapsed, 4), "verdict": outcome.verdict,
                         "timeout": case.timeout}
    return {"flavour": hostcaps.flavour(), "cases": rows}


def compare(base_path, other_path):
    base, other = (json.loads(Path(p).read_text()) for p in (base_path, other_path))
    ratios, tightest = [], []
    for case_id, row in other["cases"].items():
        ref = base["cases"].get(case_id)
        if not ref or ref["verdict"] != "pass" or row["verdict"] == "skip":
            continue
        if ref["seconds"] >= 0.9 * ref["timeout"]:
            continue                         # it runs to its limit by design
        if ref["seconds"] >= 0.05:          # below that, start-up noise dominates
            ratios.append((row["seconds"] / ref["seconds"], case_id))
        tightest.append((row["seconds"] / row["timeout"], case_id, row["seconds"], row["timeout"]))
    ratios.sort()
    values = [r for r, _ in ratios]
    print("%s against %s: %d cases timed (>= 50 ms on the baseline; cases that run to "
          "their limit by design left out)"
          % (other["flavour"], base["flavour"], len(values)))
    if values:
        q = statistics.quantiles(values, n=10)
        print("  ratio median %.2f  p90 %.2f  max %.2f (%s)" % (statistics.median(values), q[-1],
                                                               ratios[-1][0], ratios[-1][1]))
    tightest.sort(reverse=True)
    print("  slowest cases against their unscaled limit on %s:" % other["flavour"])
    for share, case_id, seconds, timeout in tightest[:8]:
        print("    %5.1f%%  %6.2f s of %5.1f s  %s" % (100 * share, seconds, timeout, case_id))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(REPO / "build" / "flavour_speed.json"))
    parser.add_argument("-k", dest="keyword", default="", help="only cases whose id contains this")
    parser.add_argument("--compare", nargs=2, metavar=("BASE", "OTHER"))
    args = parser.parse_args()
    if args.compare:
        compare(*args.compare)
        return 0
    result = measure(args.keyword)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=1) + "\n")
    passed = sum(r["verdict"] == "pass" for r in result["cases"].values())
    print("%s: %d cases, %d passed, total %.1f s; wrote %s" % (
        result["flavour"], len(result["cases"]), passed,
        sum(r["seconds"] for r in result["cases"].values()), args.out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
