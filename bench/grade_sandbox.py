#!/usr/bin/python3
"""What the build sandbox costs: the time to stage and build one submission
in each box (bwrap, user, none), and the time a --sandbox VMM run adds.

    /usr/bin/python3 bench/grade_sandbox.py [--rounds 15]

The boxes are timed in alternation, round after round, and each figure is
a median over the rounds (the host is shared and noisy). The build is the
whole of it: copying the submission, the tools, the image coming back.
"""
import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "suite"))

import buildbox  # noqa: E402
import guestbuild  # noqa: E402
import mkvm  # noqa: E402
import submission  # noqa: E402

EXAMPLES = REPO / "suite" / "assignments" / "hello" / "examples"
SOURCES = {"asm": EXAMPLES / "alice.asm", "c": EXAMPLES / "bob.c"}


def build_once(box, source, root):
    work = Path(tempfile.mkdtemp(dir=root))
    work.chmod(0o711)
    start = time.monotonic()
    staged = submission.stage(source, work / "src", readable_by_all=box.drops_to_nobody())
    guestbuild.build_submission(staged, work / "build", box=box)
    elapsed = time.monotonic() - start
    shutil.rmtree(work)
    return elapsed


def run_once(image, sandbox, root):
    args = ["--sandbox"] if sandbox else []
    result = mkvm.run([image], Path(tempfile.mkdtemp(dir=root)), args=args + ["--mode", "real"],
                      timeout=5)
    assert result.status == 0, result.describe()
    return result.elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    opts = parser.parse_args()
    kinds = [k for k in buildbox.BOXES
             if not buildbox.unavailable(k, guestbuild.ASSIGNMENT_LIB)]
    times = {(k, lang): [] for k in kinds for lang in SOURCES}
    runs = {True: [], False: []}
    with tempfile.TemporaryDirectory(prefix="bench-sandbox-") as root:
        Path(root).chmod(0o711)
        image = guestbuild.build_submission(
            submission.stage(SOURCES["asm"], Path(root) / "img-src"), Path(root) / "img",
            box=buildbox.Box("none", guestbuild.ASSIGNMENT_LIB))
        for r in range(opts.rounds):
            order = kinds if r % 2 == 0 else kinds[::-1]
            for kind in order:
                box = buildbox.Box(kind, guestbuild.ASSIGNMENT_LIB)
                for lang, source in SOURCES.items():
                    times[(kind, lang)].append(build_once(box, source, root))
            for sandbox in ((True, False) if r % 2 == 0 else (False, True)):
                runs[sandbox].append(run_once(image, sandbox, root))
    print("build of one submission, median of %d rounds (ms):" % opts.rounds)
    print("%-6s %10s %10s" % ("box", "asm", "c"))
    for kind in kinds:
        print("%-6s %10.1f %10.1f" % (kind, *(1000 * statistics.median(times[(kind, lang)])
                                              for lang in SOURCES)))
    if "none" in kinds:
        for kind in kinds:
            if kind != "none":
                print("%s adds %s" % (kind, ", ".join(
                    "%s %+.1f ms" % (lang, 1000 * (statistics.median(times[(kind, lang)])
                                                   - statistics.median(times[("none", lang)])))
                    for lang in SOURCES)))
    print("one VMM run (hello, real mode), median (ms): plain %.1f, --sandbox %.1f"
          % (1000 * statistics.median(runs[False]), 1000 * statistics.median(runs[True])))


if __name__ == "__main__":
    main()
