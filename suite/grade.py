#!/usr/bin/python3
"""Grade a folder of student guest programs against an assignment.

    ./grade suite/assignments/hello submissions/ [--out DIR] [-j N]
    ./grade suite/assignments/hello alice.asm --gradescope results.json
    ./grade --check suite/assignments/hello

An assignment is a directory with assignment.toml (tests and points, see
docs/GRADING.md), a reference solution and examples/. A submission is a
file (.bin, .elf, .asm, .S, .c) or a directory holding one. Each one is
built, then run under vmm/mini-kvm once per distinct input with hard
limits (--timeout plus a kill, --max-output, --mem), every run in a
directory of its own. A submission that fails to build, hangs, faults or
floods loses the points of the tests it fails, and nothing else.

Results (in --out, default grades/): a report per student
(students/NAME/report.txt), Gradescope's results.json per student
(students/NAME/results.json), the class summary (summary.txt, summary.csv)
and everything in one machine-readable file (grades.json).
"""

import argparse
import concurrent.futures
import csv
import io
import json
import os
import shutil
import sys
import tempfile
import tomllib
import traceback
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import abi  # noqa: E402
import check  # noqa: E402
import guestbuild  # noqa: E402
import hostcaps  # noqa: E402
import mkvm  # noqa: E402
import transcript as tx  # noqa: E402

SOURCE_KINDS = {".c": "gcc -m32 -ffreestanding", ".s": "GNU as + ld",
                ".asm": "nasm", ".elf": "ELF image", ".bin": "flat image",
                ".img": "flat image"}
# When a submission directory holds several candidates, the first kind wins.
PREFERENCE = [".c", ".s", ".asm", ".elf", ".bin", ".img"]
BITS = {"real": 16, "pm32": 32, "long": 64}
# How a student is told about each kind of guest fault (docs/HARNESS.md).
FAULTS = {
    "triple-fault": "crashed: triple fault, an exception it could not handle",
    "mmio": "crashed: accessed memory outside RAM",
    "bad-hypercall": "crashed: made a hypercall that does not exist",
    "bad-exit-code": "crashed: exit codes must be 0-99",
}
# Unified diff lines shown to a student per failed test.
STUDENT_DIFF_LINES = 24


# ------------------------------------------------------------ assignments

class AssignmentError(Exception):
    pass


@dataclass
class Test:
    name: str
    points: float
    input_bytes: bytes = b""
    args: list = field(default_factory=list)
    status: int = 0
    expect_out: object = None
    expect_part: object = None
    expect_end: object = None
    hidden: bool = False

    def run_key(self):
        return (self.input_bytes, tuple(self.args))


@dataclass
class Assignment:
    dir: Path
    name: str
    title: str
    mode: str
    timeout: float
    max_output: int
    mem: str
    reference: object
    tests: list

    @property
    def max_points(self):
        return sum(t.points for t in self.tests)


_TEST_KEYS = {"name", "points", "input", "input_hex", "args", "status", "expect_out",
              "expect_part", "expect_end", "hidden", "description"}
_TOP_KEYS = {"title", "description", "mode", "timeout", "max_output", "mem",
             "reference", "test"}


def load_assignment(directory):
    directory = Path(directory)
    path = directory / "assignment.toml"
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise AssignmentError("%s: %s" % (path, e))
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise AssignmentError("%s: unknown keys %s" % (path, ", ".join(sorted(unknown))))
    mode = data.get("mode", "real")
    if mode not in BITS:
        raise AssignmentError("%s: mode must be one of %s" % (path, ", ".join(BITS)))
    tests = []
    for table in data.get("test", []):
        unknown = set(table) - _TEST_KEYS
        if unknown:
            raise AssignmentError("%s: test %r: unknown keys %s"
                                  % (path, table.get("name"), ", ".join(sorted(unknown))))
        if "name" not in table or "points" not in table:
            raise AssignmentError("%s: every [[test]] needs a name and points" % path)
        test = Test(name=table["name"], points=table["points"],
                    args=list(table.get("args", [])), status=table.get("status", 0),
                    expect_out=table.get("expect_out"), expect_part=table.get("expect_part"),
                    expect_end=table.get("expect_end"), hidden=table.get("hidden", False))
        if "input_hex" in table:
            test.input_bytes = bytes.fromhex(table["input_hex"])
        else:
            test.input_bytes = table.get("input", "").encode("utf-8")
        tests.append(test)
    if not tests:
        raise AssignmentError("%s: no [[test]] tables" % path)
    if len({t.name for t in tests}) != len(tests):
        raise AssignmentError("%s: test names must be unique" % path)
    reference = data.get("reference")
    return Assignment(dir=directory, name=directory.name, title=data.get("title", directory.name),
                      mode=mode, timeout=float(data.get("timeout", 2)),
                      max_output=int(data.get("max_output", 65536)),
                      mem=str(data.get("mem", "4M")),
                      reference=directory / reference if reference else None, tests=tests)


# ------------------------------------------------------------ submissions

def pick_source(directory):
    """(file, note) for a submission directory: its one buildable file."""
    candidates = [p for p in sorted(directory.rglob("*"))
                  if p.is_file() and p.suffix.lower() in PREFERENCE]
    if not candidates:
        return None, "no .c, .S, .asm, .elf or .bin file in %s" % directory.name
    candidates.sort(key=lambda p: PREFERENCE.index(p.suffix.lower()))
    note = ""
    if len(candidates) > 1:
        note = "several candidate files; graded %s" % candidates[0].relative_to(directory)
    return candidates[0], note


def find_submissions(path):
    """[(student, source or None, note)] for a folder of submissions or one file."""
    path = Path(path)
    if path.is_file():
        return [(path.stem, path, "")]
    if not path.is_dir():
        raise AssignmentError("no such submission or folder: %s" % path)
    found = []
    for entry in sorted(path.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            source, note = pick_source(entry)
            found.append((entry.name, source, note))
        elif entry.suffix.lower() in PREFERENCE:
            found.append((entry.stem, entry, ""))
    names = [s for s, _, _ in found]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise AssignmentError("two submissions for %s (e.g. alice.asm and alice/)"
                              % ", ".join(sorted(duplicates)))
    return found


# ------------------------------------------------------------ results

@dataclass
class TestResult:
    name: str
    points: float
    max_points: float
    passed: bool
    message: str = ""


@dataclass
class StudentResult:
    student: str
    submission: str = ""
    built_with: str = ""
    build_ok: bool = False
    build_log: str = ""
    note: str = ""
    tests: list = field(default_factory=list)

    @property
    def score(self):
        return sum(t.points for t in self.tests)

    def to_json(self, assignment):
        return {"student": self.student, "submission": self.submission,
                "built_with": self.built_with, "build_ok": self.build_ok,
                "build_log": self.build_log, "note": self.note,
                "score": self.score, "max_score": assignment.max_points,
                "tests": [vars(t) for t in self.tests]}


# ------------------------------------------------------------ grading

def _fields_text(end):
    """A fault's fields as the transcript writes them, e.g. "rip=0x7c05"."""
    return end["text"].split(" ", 2)[2] if end["text"].count(" ") >= 2 else ""


def describe_end(result, assignment):
    """What happened to a run, in words a student can act on."""
    if result.status is None:
        return ("did not stop: killed by the grader after %.0f s"
                % (assignment.timeout + mkvm.HARD_KILL_GRACE))
    end = result.end_of(0)          # the VMM's typed end record (--transcript-json)
    if result.status == abi.STATUS_TIMEOUT:
        return "did not finish within %g s (timeout)" % assignment.timeout
    if end and end["end"] == "fault":
        reason = end["reason"]
        if reason == "output-limit":
            return ("printed more than %d bytes: stopped at the output limit"
                    % assignment.max_output)
        what = FAULTS.get(reason, "crashed: " + reason)
        details = _fields_text(end)
        return "%s (%s)" % (what, details) if details else what
    if end and end["end"] == "host-refused":
        return "the host refused to run it: %s" % end["text"][len("host-refused "):]
    if result.status == abi.STATUS_IMAGE:
        return "the VMM could not load the image: %s" % result.stderr_tail.strip()[-300:]
    if result.status is not None and result.status < abi.STATUS_USAGE:
        return "exited with status %d" % result.status
    return "ended with %s" % mkvm.status_name(result.status)


def judge_test(test, result, assignment):
    problems = []
    if result.status != test.status:
        wanted = ("exit status %d" % test.status if test.status < abi.STATUS_USAGE
                  else mkvm.status_name(test.status))
        problems.append("expected %s, but it %s" % (wanted, describe_end(result, assignment)))
    actual = tx.Transcript(result.transcript or "")
    output = check.output_problems(actual, test.expect_out, test.expect_part, test.expect_end,
                                   labels=("output", "last line without a newline",
                                           "how the run ended"),
                                   max_diff_lines=STUDENT_DIFF_LINES)
    if output and test.hidden:
        output = ["the output differs (this test's input and output are hidden)"]
    problems += output
    passed = not problems
    return TestResult(test.name, test.points if passed else 0, test.points, passed,
                      "\n".join(problems))


def run_args(assignment, image, test):
    args = ["--mem", assignment.mem, "--max-output", str(assignment.max_output)]
    with open(image, "rb") as f:
        is_elf = f.read(4) == b"\x7fELF"
    if not is_elf:
        args += ["--mode", assignment.mode]
    return args + list(test.args)


def grade_student(assignment, student, source, note, workroot, vmm, pool):
    """Build and run one submission; never raises."""
    result = StudentResult(student=student, note=note)
    workdir = Path(tempfile.mkdtemp(prefix="grade-%s-" % _safe(student), dir=workroot))
    try:
        if source is None:
            result.build_log = note
            result.note = ""
            return _all_failed(result, assignment, "no submission: " + note)
        result.submission = source.name
        result.built_with = SOURCE_KINDS.get(source.suffix.lower(), "?")
        try:
            image = guestbuild.build_submission(source, workdir / "build",
                                                flat_bits=BITS[assignment.mode])
        except guestbuild.BuildError as e:
            result.build_log = str(e)
            return _all_failed(result, assignment, "the submission did not build")
        result.build_ok = True
        runs = {}
        for test in assignment.tests:
            key = test.run_key()
            if key not in runs:
                rundir = workdir / ("run%d" % len(runs))
                runs[key] = pool.submit(mkvm.run, [image], rundir,
                                        args=run_args(assignment, image, test),
                                        input_bytes=test.input_bytes,
                                        # a slower host gets longer, not other verdicts
                                        timeout=assignment.timeout * hostcaps.time_factor(),
                                        vmm=vmm)
        for test in assignment.tests:
            result.tests.append(judge_test(test, runs[test.run_key()].result(), assignment))
        return result
    except Exception:      # a grader bug must not sink the whole class
        result.tests = []
        return _all_failed(result, assignment,
                           "grader error (tell your instructor):\n" + traceback.format_exc())
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _all_failed(result, assignment, why):
    result.tests = [TestResult(t.name, 0, t.points, False, why) for t in assignment.tests]
    return result


def _safe(name):
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name) or "student"


def grade_all(assignment, submissions, jobs=None, vmm=None):
    """Grade every (student, source, note); results in submission order."""
    jobs = jobs or os.cpu_count() or 2
    vmm = Path(vmm) if vmm else mkvm.vmm_path()
    with tempfile.TemporaryDirectory(prefix="mini-kvm-grade-") as workroot, \
            concurrent.futures.ThreadPoolExecutor(jobs) as runs, \
            concurrent.futures.ThreadPoolExecutor(jobs) as students:
        futures = [students.submit(grade_student, assignment, student, source, note,
                                   workroot, vmm, runs)
                   for student, source, note in submissions]
        return [f.result() for f in futures]


def check_host(assignment, vmm):
    """None if this host can grade the assignment, else why not."""
    if mkvm.not_built(vmm):
        return mkvm.not_built(vmm)
    caps = hostcaps.probe(str(vmm))
    return caps.first_missing(["kvm", assignment.mode])


# ------------------------------------------------------------ reports

def _fmt_points(points):
    return ("%g" % points)


def student_report(assignment, result):
    out = io.StringIO()
    w = out.write
    w("Assignment: %s (%s)\n" % (assignment.title, assignment.name))
    w("Student:    %s\n" % result.student)
    if result.submission:
        w("Submission: %s (%s)\n" % (result.submission, result.built_with))
    if result.note:
        w("Note:       %s\n" % result.note)
    w("Score:      %s / %s\n\n" % (_fmt_points(result.score), _fmt_points(assignment.max_points)))
    if not result.build_ok:
        w("BUILD FAILED\n")
        w(_indent(result.build_log or "(no output)") + "\n\n")
    by_name = {t.name: t for t in assignment.tests}
    for t in result.tests:
        w("[%s] %s (%s/%s)\n" % ("PASS" if t.passed else "FAIL", t.name,
                                 _fmt_points(t.points), _fmt_points(t.max_points)))
        if not t.passed and result.build_ok:
            test = by_name[t.name]
            if not test.hidden:
                w("    input: %s\n" % (repr(test.input_bytes.decode("latin-1"))
                                       if test.input_bytes else "(none)"))
            w(_indent(t.message, "    ") + "\n")
    return out.getvalue()


def _indent(text, prefix="    "):
    return "\n".join(prefix + line for line in text.splitlines())


def gradescope_json(assignment, result):
    """Gradescope's autograder results.json for one student."""
    tests = [{"name": t.name, "score": t.points, "max_score": t.max_points,
              "status": "passed" if t.passed else "failed",
              "output": t.message} for t in result.tests]
    output = "" if result.build_ok else "Build failed:\n" + result.build_log
    return {"score": result.score, "output": output, "tests": tests,
            "visibility": "visible", "stdout_visibility": "hidden"}


def summary_table(assignment, results):
    names = [t.name for t in assignment.tests]
    header = ["student", "score"] + ["t%d" % (i + 1) for i in range(len(names))]
    rows = []
    for r in results:
        marks = ["ok" if t.passed else ("--" if not r.build_ok else "X") for t in r.tests]
        rows.append([r.student, "%s/%s" % (_fmt_points(r.score),
                                           _fmt_points(assignment.max_points))] + marks)
    widths = [max(len(str(row[i])) for row in [header] + rows) for i in range(len(header))]
    lines = ["%s: %s" % (assignment.name, assignment.title)]
    lines.append("  ".join(h.ljust(w) for h, w in zip(header, widths)))
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        lines.append("  ".join(str(c).ljust(w) for c, w in zip(row, widths)).rstrip())
    lines.append("")
    for i, name in enumerate(names):
        lines.append("t%d = %s (%s points)" % (i + 1, name,
                                               _fmt_points(assignment.tests[i].points)))
    lines.append("ok = passed, X = failed, -- = did not build")
    if results:
        mean = sum(r.score for r in results) / len(results)
        lines.append("mean %.2f / %s over %d submissions"
                     % (mean, _fmt_points(assignment.max_points), len(results)))
    return "\n".join(lines) + "\n"


def write_results(assignment, results, outdir):
    outdir = Path(outdir)
    (outdir / "students").mkdir(parents=True, exist_ok=True)
    for r in results:
        sdir = outdir / "students" / _safe(r.student)
        sdir.mkdir(parents=True, exist_ok=True)
        (sdir / "report.txt").write_text(student_report(assignment, r))
        (sdir / "results.json").write_text(json.dumps(gradescope_json(assignment, r), indent=2))
    table = summary_table(assignment, results)
    (outdir / "summary.txt").write_text(table)
    with open(outdir / "summary.csv", "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["student", "score", "max_score"] + [t.name for t in assignment.tests])
        for r in results:
            writer.writerow([r.student, r.score, assignment.max_points]
                            + [t.points for t in r.tests])
    everything = {"assignment": assignment.name, "title": assignment.title,
                  "max_score": assignment.max_points,
                  "students": [r.to_json(assignment) for r in results]}
    (outdir / "grades.json").write_text(json.dumps(everything, indent=2))
    return table


# ------------------------------------------------------------ --check

def load_expected(assignment):
    path = assignment.dir / "examples" / "expected.toml"
    with open(path, "rb") as f:
        return tomllib.load(f).get("scores", {})


def check_assignment(assignment, jobs=None, vmm=None):
    """Grade the reference and the examples; list every mismatch with
    examples/expected.toml (the reference must get full marks)."""
    problems = []
    subs = []
    if assignment.reference:
        subs.append(("reference", assignment.reference, ""))
    subs += find_submissions(assignment.dir / "examples")
    results = grade_all(assignment, subs, jobs=jobs, vmm=vmm)
    expected = dict(load_expected(assignment))
    if assignment.reference:
        expected["reference"] = assignment.max_points
    for r in results:
        if r.student not in expected:
            problems.append("%s: no expected score in examples/expected.toml" % r.student)
        elif r.score != expected[r.student]:
            problems.append("%s: scored %s, expected %s\n%s"
                            % (r.student, _fmt_points(r.score),
                               _fmt_points(expected[r.student]),
                               _indent(student_report(assignment, r))))
    return results, problems


# ------------------------------------------------------------ command line

def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="grade", description="Grade Mini-KVM guest programs against an assignment.")
    parser.add_argument("assignment", help="assignment directory (with assignment.toml)")
    parser.add_argument("submissions", nargs="?",
                        help="folder of submissions (one file or folder each), or one file")
    parser.add_argument("--out", default="grades", help="results directory (default grades/)")
    parser.add_argument("-j", "--jobs", type=int, default=None,
                        help="parallel runs (default: number of CPUs)")
    parser.add_argument("--vmm", default=None, help="mini-kvm binary (default vmm/mini-kvm)")
    parser.add_argument("--gradescope", metavar="FILE",
                        help="with one submission: also write Gradescope results.json to FILE")
    parser.add_argument("--check", action="store_true",
                        help="grade the reference and examples/, compare with "
                             "examples/expected.toml")
    parser.add_argument("--quiet", action="store_true", help="print only the summary table")
    opts = parser.parse_args(argv)
    # Ask this host ourselves, even when started from a pytest run that
    # exported its own answers.
    os.environ.pop(hostcaps.ENV_CACHE, None)
    hostcaps.probe.cache_clear()

    try:
        assignment = load_assignment(opts.assignment)
        vmm = Path(opts.vmm) if opts.vmm else mkvm.vmm_path()
        refusal = check_host(assignment, vmm)
        if refusal:
            print("grade: cannot grade on this host: %s" % refusal, file=sys.stderr)
            return 2
        if opts.check:
            results, problems = check_assignment(assignment, opts.jobs, vmm)
            print(summary_table(assignment, results))
            for p in problems:
                print("MISMATCH " + p)
            print("%s: %s" % (assignment.name, "FAILED" if problems else "all scores as expected"))
            return 1 if problems else 0
        if not opts.submissions:
            parser.error("give a submissions folder or file (or --check)")
        submissions = find_submissions(opts.submissions)
        if not submissions:
            print("grade: no submissions in %s" % opts.submissions, file=sys.stderr)
            return 2
        results = grade_all(assignment, submissions, opts.jobs, vmm)
    except AssignmentError as e:
        print("grade: %s" % e, file=sys.stderr)
        return 2
    table = write_results(assignment, results, opts.out)
    if opts.gradescope:
        if len(results) != 1:
            print("grade: --gradescope needs exactly one submission", file=sys.stderr)
            return 2
        Path(opts.gradescope).write_text(json.dumps(gradescope_json(assignment, results[0]),
                                                    indent=2))
    if not opts.quiet and len(results) == 1:
        print(student_report(assignment, results[0]))
    print(table, end="")
    print("reports, results.json per student, summary.csv and grades.json in %s/" % opts.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
