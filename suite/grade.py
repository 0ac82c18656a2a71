#!/usr/bin/python3
"""Grade a folder of student guest programs against an assignment.

    ./grade suite/assignments/hello submissions/ [--out DIR] [-j N]
    ./grade suite/assignments/hello alice.asm --gradescope results.json
    ./grade --check suite/assignments/hello

An assignment is a directory with assignment.toml (tests and points, see
docs/GRADING.md), a reference solution and examples/. A submission is a
file (.bin, .elf, .asm, .S, .c) or a directory holding one. Each one is
copied into a private directory (suite/submission.py) and built in a
sandbox (suite/buildbox.py), then run under vmm/mini-kvm once per distinct input with hard
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
import hashlib
import io
import json
import math
import os
import shutil
import sys
import tempfile
import time
import tomllib
import traceback
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import abi  # noqa: E402
import buildbox  # noqa: E402
import check  # noqa: E402
import guestbuild  # noqa: E402
import hostcaps  # noqa: E402
import mkvm  # noqa: E402
import safetext  # noqa: E402
import submission  # noqa: E402
import transcript as tx  # noqa: E402
from assignment import (BITS, Assignment, AssignmentError, Test,  # noqa: E402,F401
                        end_matches, load_assignment)

SOURCE_KINDS = {".c": "gcc -m32 -ffreestanding", ".s": "GNU as + ld",
                ".asm": "nasm", ".elf": "ELF image", ".bin": "flat image",
                ".img": "flat image"}
# How a student is told about each kind of guest fault (docs/HARNESS.md).
FAULTS = {
    "triple-fault": "crashed: triple fault, an exception it could not handle",
    "mmio": "crashed: accessed memory outside RAM",
    "bad-hypercall": "crashed: made a hypercall that does not exist",
    "bad-exit-code": "crashed: exit codes must be 0-99",
}
# Unified diff lines shown to a student per failed test.
STUDENT_DIFF_LINES = 24


# ------------------------------------------------------------ submissions

def find_submissions(path, one_student=None):
    """[(student, entry or None, note)]: see submission.find_submissions.
    With ONE_STUDENT, PATH (a file or folder) is that one student's
    submission whatever its files are called (Gradescope's layout)."""
    if one_student is not None:
        if not os.path.exists(path):
            raise AssignmentError("no such submission or folder: %s" % path)
        return [(one_student, Path(path), "")]
    try:
        return submission.find_submissions(path)
    except FileNotFoundError as e:
        raise AssignmentError(str(e))


# ------------------------------------------------------------ results

HIDDEN_FAILED = "failed (a hidden test: its input, output and ending are not shown)"


@dataclass
class TestResult:
    name: str
    points: float
    max_points: float
    passed: bool
    message: str = ""           # what the student may read
    detail: str = ""            # what the teacher reads (hidden tests: everything)


@dataclass
class StudentResult:
    student: str
    submission: str = ""
    built_with: str = ""
    build_ok: bool = False
    build_log: str = ""
    note: str = ""
    tests: list = field(default_factory=list)
    seconds: float = 0.0

    @property
    def score(self):
        return sum(t.points for t in self.tests)

    def to_json(self, assignment):
        return {"student": safetext.name(self.student),
                "submission": safetext.name(self.submission),
                "built_with": self.built_with, "build_ok": self.build_ok,
                "build_log": safetext.block(self.build_log), "note": safetext.block(self.note),
                "score": self.score, "max_score": assignment.max_points,
                "seconds": round(self.seconds, 3),
                "tests": [{"name": t.name, "points": t.points, "max_points": t.max_points,
                           "passed": t.passed, "message": safetext.block(t.message),
                           "detail": safetext.block(t.detail or t.message)}
                          for t in self.tests]}


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
    problems += check.output_problems(actual, test.expect_out, test.expect_part, None,
                                      labels=("output", "last line without a newline",
                                              "how the run ended"),
                                      max_diff_lines=STUDENT_DIFF_LINES)
    if test.expect_end is not None and not end_matches(test.expect_end, actual.end(0)):
        problems.append("how the run ended: expected %r, got %r"
                        % (test.expect_end, actual.end(0)))
    passed = not problems
    detail = "\n".join(problems)
    # A hidden test tells the student pass or fail and nothing else: its
    # status, fault address or output could carry the hidden input back.
    message = HIDDEN_FAILED if test.hidden and not passed else detail
    return TestResult(test.name, test.points if passed else 0, test.points, passed,
                      message, detail)


# The latency log opens a file at the end of a run, which --sandbox forbids.
_VMM_ENV = {"MINI_KVM_IRQ_LATENCY": ""}


def run_args(assignment, image, test):
    # --sandbox: once set up, the VMM drops root and may make only the
    # system calls its run loop needs (vmm/seccomp.c).
    args = ["--sandbox", "--mem", assignment.mem, "--max-output", str(assignment.max_output)]
    with open(image, "rb") as f:
        is_elf = f.read(4) == b"\x7fELF"
    if not is_elf:
        args += ["--mode", assignment.mode]
    return args + list(test.args)


def grade_student(assignment, student, source, note, workroot, vmm, pool, box=None):
    """Build and run one submission; never raises."""
    started = time.monotonic()
    result = StudentResult(student=student, note=note)
    try:
        return _grade(assignment, result, source, workroot, vmm, pool, box)
    except Exception:      # a grader bug must not sink the whole class
        # The traceback is for the teacher (grades.json): it may quote data
        # from a hidden test.
        result.tests = []
        return _all_failed(result, assignment, "grader error (tell your instructor)",
                           "grader error:\n" + traceback.format_exc())
    finally:
        result.seconds = time.monotonic() - started


def _grade(assignment, result, source, workroot, vmm, pool, box):
    if source is None:
        result.build_log, result.note = result.note, ""
        return _all_failed(result, assignment, "no submission: " + result.build_log)
    box = box or buildbox.Box("bwrap", guestbuild.ASSIGNMENT_LIB)
    workdir = Path(tempfile.mkdtemp(prefix="grade-", dir=workroot))
    os.chmod(workdir, 0o711)
    try:
        try:
            staged = submission.stage(source, workdir / "src",
                                      readable_by_all=box.drops_to_nobody(),
                                      kinds=assignment.suffixes())
        except submission.Refused as e:
            result.submission = os.path.basename(source)
            result.build_log = "refused: %s" % e
            return _all_failed(result, assignment, "no submission: %s" % e)
        result.note = "; ".join(filter(None, [result.note] + staged.notes))
        result.submission = str(staged.source.relative_to(staged.root)) \
            if staged.source.parent != staged.root else staged.source.name
        kind = staged.source.suffix.lower()
        result.built_with = SOURCE_KINDS.get(kind, "?")
        if not assignment.allows(kind):
            result.build_log = ("this assignment accepts %s, not %s"
                                % (", ".join(assignment.languages), kind or "this file"))
            return _all_failed(result, assignment, "not accepted: " + result.build_log)
        try:
            image = guestbuild.build_submission(staged, workdir / "build",
                                                flat_bits=BITS[assignment.mode], box=box)
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
                                        vmm=vmm, extra_env=_VMM_ENV)
        for test in assignment.tests:
            result.tests.append(judge_test(test, runs[test.run_key()].result(), assignment))
        return result
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _all_failed(result, assignment, why, detail=None):
    result.tests = [TestResult(t.name, 0, t.points, False, why, detail or why)
                    for t in assignment.tests]
    return result


def grade_all(assignment, submissions, jobs=None, vmm=None, box=None):
    """Grade every (student, source, note); results in submission order."""
    jobs = jobs or os.cpu_count() or 2
    vmm = Path(vmm) if vmm else mkvm.vmm_path()
    with tempfile.TemporaryDirectory(prefix="mini-kvm-grade-") as workroot, \
            concurrent.futures.ThreadPoolExecutor(jobs) as runs, \
            concurrent.futures.ThreadPoolExecutor(jobs) as students:
        os.chmod(workroot, 0o711)
        futures = [students.submit(grade_student, assignment, student, source, note,
                                   workroot, vmm, runs, box)
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
    """report.txt: everything in it that a student or a file name chose is
    passed through safetext, so it cannot redraw the teacher's terminal."""
    out = io.StringIO()
    w = out.write
    w("Assignment: %s (%s)\n" % (safetext.line(assignment.title), assignment.name))
    w("Student:    %s\n" % safetext.name(result.student))
    if result.submission:
        w("Submission: %s (%s)\n" % (safetext.name(result.submission), result.built_with))
    if result.note:
        w("Note:       %s\n" % safetext.line(result.note))
    w("Score:      %s / %s\n\n" % (_fmt_points(result.score), _fmt_points(assignment.max_points)))
    if not result.build_ok:
        w("BUILD FAILED\n")
        w(_indent(safetext.block(result.build_log) or "(no output)") + "\n\n")
    by_name = {t.name: t for t in assignment.tests}
    for t in result.tests:
        w("[%s] %s (%s/%s)\n" % ("PASS" if t.passed else "FAIL", safetext.line(t.name),
                                 _fmt_points(t.points), _fmt_points(t.max_points)))
        if not t.passed and result.build_ok:
            test = by_name[t.name]
            if not test.hidden:
                w("    input: %s\n" % (repr(test.input_bytes.decode("latin-1"))
                                       if test.input_bytes else "(none)"))
            w(_indent(safetext.block(t.message), "    ") + "\n")
    return out.getvalue()


def _indent(text, prefix="    "):
    return "\n".join(prefix + line for line in text.splitlines())


def gradescope_json(assignment, result):
    """Gradescope's autograder results.json for one student: per test its
    score, status, the student's message and the teacher's visibility."""
    by_name = {t.name: t for t in assignment.tests}
    tests = [{"name": safetext.line(t.name), "score": t.points, "max_score": t.max_points,
              "status": "passed" if t.passed else "failed",
              "output": safetext.block(t.message),
              "visibility": by_name[t.name].visibility if t.name in by_name else "visible"}
             for t in result.tests]
    output = "" if result.build_ok else "Build failed:\n" + safetext.block(result.build_log)
    if result.note:
        output = ("Note: %s\n" % safetext.line(result.note)) + output
    return {"score": result.score, "output": output, "tests": tests,
            # Whole seconds: finer times would let a program that waits
            # input-dependent lengths of time spell out a hidden input.
            "execution_time": math.ceil(result.seconds),
            "visibility": "visible", "stdout_visibility": "hidden"}


def summary_table(assignment, results):
    names = [t.name for t in assignment.tests]
    header = ["student", "score"] + ["t%d" % (i + 1) for i in range(len(names))]
    rows = []
    for r in results:
        marks = ["ok" if t.passed else ("--" if not r.build_ok else "X") for t in r.tests]
        rows.append([safetext.name(r.student),
                     "%s/%s" % (_fmt_points(r.score), _fmt_points(assignment.max_points))]
                    + marks)
    widths = [max(len(str(row[i])) for row in [header] + rows) for i in range(len(header))]
    lines = ["%s: %s" % (assignment.name, safetext.line(assignment.title))]
    lines.append("  ".join(h.ljust(w) for h, w in zip(header, widths)))
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        lines.append("  ".join(str(c).ljust(w) for c, w in zip(row, widths)).rstrip())
    lines.append("")
    for i, name in enumerate(names):
        lines.append("t%d = %s (%s points)" % (i + 1, safetext.line(name),
                                               _fmt_points(assignment.tests[i].points)))
    lines.append("ok = passed, X = failed, -- = did not build")
    if results:
        mean = sum(r.score for r in results) / len(results)
        lines.append("mean %.2f / %s over %d submissions"
                     % (mean, _fmt_points(assignment.max_points), len(results)))
    return "\n".join(lines) + "\n"


MAX_FOLDER_NAME = 100      # then "-" and a hash: well inside NAME_MAX


def report_folders(results):
    """One folder name per student, unique even when two names differ only
    in characters a folder name cannot hold (o'brien, o_brien)."""
    folders, used = [], set()
    for r in results:
        raw = os.fsencode(r.student)
        base = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "_"
                       for c in r.student).lstrip(".")[:MAX_FOLDER_NAME] or "student"
        if base != r.student:
            base += "-" + hashlib.sha256(raw).hexdigest()[:8]
        folder, n = base, 2
        while folder in used:
            folder, n = "%s-%d" % (base, n), n + 1
        used.add(folder)
        folders.append(folder)
    return folders


def _csv_cell(text):
    """A student name as a CSV cell no spreadsheet runs as a formula."""
    text = safetext.name(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def write_results(assignment, results, outdir, sandbox="bwrap"):
    outdir = Path(outdir)
    (outdir / "students").mkdir(parents=True, exist_ok=True)
    folders = report_folders(results)
    for r, folder in zip(results, folders):
        sdir = outdir / "students" / folder
        sdir.mkdir(parents=True, exist_ok=True)
        (sdir / "report.txt").write_text(student_report(assignment, r), encoding="utf-8")
        (sdir / "results.json").write_text(json.dumps(gradescope_json(assignment, r),
                                                      indent=2), encoding="utf-8")
    table = summary_table(assignment, results)
    (outdir / "summary.txt").write_text(table, encoding="utf-8")
    with open(outdir / "summary.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["student", "score", "max_score", "report"]
                        + [safetext.line(t.name) for t in assignment.tests])
        for r, folder in zip(results, folders):
            writer.writerow([_csv_cell(r.student), r.score, assignment.max_points,
                             "students/" + folder] + [t.points for t in r.tests])
    everything = {"assignment": assignment.name, "title": assignment.title,
                  "max_score": assignment.max_points, "build_sandbox": sandbox,
                  "students": [dict(r.to_json(assignment), report="students/" + folder)
                               for r, folder in zip(results, folders)]}
    (outdir / "grades.json").write_text(json.dumps(everything, indent=2), encoding="utf-8")
    return table


# ------------------------------------------------------------ --check

def load_expected(assignment):
    path = assignment.dir / "examples" / "expected.toml"
    with open(path, "rb") as f:
        return tomllib.load(f).get("scores", {})


def check_assignment(assignment, jobs=None, vmm=None, box=None):
    """Grade the reference and the examples; list every mismatch with
    examples/expected.toml (the reference must get full marks)."""
    problems = []
    subs = []
    if assignment.reference:
        subs.append(("reference", assignment.reference, ""))
    subs += find_submissions(assignment.dir / "examples")
    results = grade_all(assignment, subs, jobs=jobs, vmm=vmm, box=box)
    expected = dict(load_expected(assignment))
    if assignment.reference:
        expected["reference"] = assignment.max_points
    for r in results:
        if r.student not in expected:
            problems.append("%s: no expected score in examples/expected.toml"
                            % safetext.name(r.student))
        elif r.score != expected[r.student]:
            problems.append("%s: scored %s, expected %s\n%s"
                            % (safetext.name(r.student), _fmt_points(r.score),
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
    parser.add_argument("--sandbox", choices=buildbox.BOXES, default="bwrap",
                        help="where builds run: bwrap (default; refuses to grade if it "
                             "does not work here), user (uid 65534 and limits, no "
                             "namespaces), none (trusted code only); docs/GRADING.md")
    parser.add_argument("--one-student", metavar="NAME",
                        help="SUBMISSIONS (a folder or file) is one student's work, "
                             "whatever its files are called (Gradescope)")
    opts = parser.parse_args(argv)
    # Ask this host ourselves, even when started from a pytest run that
    # exported its own answers.
    os.environ.pop(hostcaps.ENV_CACHE, None)
    hostcaps.probe.cache_clear()

    try:
        assignment = load_assignment(opts.assignment)
        vmm = Path(opts.vmm) if opts.vmm else mkvm.vmm_path()
        refusal = check_host(assignment, vmm) or _box_refusal(opts.sandbox)
        if refusal:
            print("grade: cannot grade on this host: %s" % refusal, file=sys.stderr)
            return 2
        box = buildbox.Box(opts.sandbox, guestbuild.ASSIGNMENT_LIB)
        if opts.sandbox != "bwrap":
            print("grade: builds run in the weaker %r sandbox (docs/GRADING.md)"
                  % opts.sandbox, file=sys.stderr)
        if opts.check:
            results, problems = check_assignment(assignment, opts.jobs, vmm, box)
            print(summary_table(assignment, results))
            for p in problems:
                print("MISMATCH " + p)
            print("%s: %s" % (assignment.name, "FAILED" if problems else "all scores as expected"))
            return 1 if problems else 0
        if not opts.submissions:
            parser.error("give a submissions folder or file (or --check)")
        submissions = find_submissions(opts.submissions, opts.one_student)
        if not submissions:
            print("grade: no submissions in %s" % opts.submissions, file=sys.stderr)
            return 2
        results = grade_all(assignment, submissions, opts.jobs, vmm, box)
    except (AssignmentError, OSError) as e:
        print("grade: %s" % e, file=sys.stderr)
        return 2
    table = write_results(assignment, results, opts.out, opts.sandbox)
    if opts.gradescope:
        if len(results) != 1:
            print("grade: --gradescope needs exactly one submission", file=sys.stderr)
            return 2
        Path(opts.gradescope).write_text(json.dumps(gradescope_json(assignment, results[0]),
                                                    indent=2), encoding="utf-8")
    if not opts.quiet and len(results) == 1:
        print(student_report(assignment, results[0]))
    print(table, end="")
    print("reports, results.json per student, summary.csv and grades.json in %s/" % opts.out)
    return 0


def _box_refusal(kind):
    reason = buildbox.unavailable(kind, guestbuild.ASSIGNMENT_LIB)
    if reason:
        return ("%s. Student builds are never run unsandboxed without being asked: "
                "install bubblewrap, or choose a weaker layer with --sandbox user|none "
                "(docs/GRADING.md)" % reason)
    return None


if __name__ == "__main__":
    sys.exit(main())
