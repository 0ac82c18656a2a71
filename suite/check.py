"""Running one scenario case and judging it: the logic behind every
scenario test, kept free of pytest so that the benchmark can use it too.
"""

from dataclasses import dataclass
from pathlib import Path

import guestbuild
import hostcaps
import mkvm
import transcript as tx

PASS, FAIL, SKIP = "pass", "fail", "skip"


@dataclass
class Outcome:
    verdict: str
    message: str = ""
    golden_written: object = None     # Path of a golden file rewritten
    elapsed: float = 0.0


def requirements(case):
    """Capabilities the case needs: KVM, each image's mode, and `requires`."""
    needed = ["kvm"]
    for image in case.image_paths():
        mode = hostcaps.image_mode(image, case.args)
        if mode in hostcaps.KNOWN and mode not in needed:
            needed.append(mode)
    for requirement in case.requires:
        if requirement not in needed:
            needed.append(requirement)
    return needed


def rel(path):
    try:
        return Path(path).resolve().relative_to(mkvm.REPO).as_posix()
    except ValueError:
        return str(path)


def update_command(case):
    return ("/usr/bin/python3 -m pytest --update-golden "
            "'suite/test_scenarios.py::test_scenario[%s]'" % case.id)


def run_case(case, workdir, caps=None, vmm=None, update_golden=False):
    if case.error:
        return Outcome(FAIL, "malformed scenario %s: %s" % (rel(case.toml), case.error))
    vmm = Path(vmm) if vmm else mkvm.vmm_path()
    if mkvm.not_built(vmm):
        return Outcome(FAIL, mkvm.not_built(vmm))
    caps = caps or hostcaps.probe(str(vmm))
    known = set(hostcaps.KNOWN) | set(caps.answers)
    unknown = [r for r in case.requires if r.lstrip("!") not in known]
    if unknown:
        return Outcome(FAIL, "%s: unknown capability %s in requires (known: %s)"
                       % (rel(case.toml), ", ".join(unknown), ", ".join(sorted(known))))

    for image in case.image_paths():
        try:
            guestbuild.ensure_suite_guest(image)
        except guestbuild.BuildError as e:
            return Outcome(FAIL, "building %s: %s" % (rel(image), e))
        if not image.exists():
            return Outcome(FAIL, "guest image %s does not exist (build it: make guests os1k)"
                           % rel(image))
    for disk in case.disk_paths():
        if not disk.exists():
            return Outcome(FAIL, "disk image %s does not exist (build it: make guests)" % rel(disk))
    for path in (case.input_path, case.expect_path):
        if path is not None and not path.exists():
            return Outcome(FAIL, "input file %s does not exist" % rel(path))

    reason = caps.first_missing(requirements(case))
    if reason:
        return Outcome(SKIP, reason)

    try:
        result = mkvm.run(case.image_paths(), workdir, args=case.args,
                          input_bytes=case.input_bytes, input_path=case.input_path,
                          expect_bytes=case.expect_bytes, expect_path=case.expect_path,
                          timeout=case.timeout * hostcaps.time_factor(), vmm=vmm)
    except OSError as e:      # e.g. the VMM binary is being relinked right now
        return Outcome(FAIL, "could not start %s: %s" % (vmm, e))
    return judge(case, result, update_golden)


def judge(case, result, update_golden=False):
    problems = []
    outcome = Outcome(PASS, elapsed=result.elapsed)
    if result.status != case.status:
        problems.append("exit status: expected %s, got %s"
                        % (mkvm.status_name(case.status), mkvm.status_name(result.status)))
    if result.transcript is None:
        problems.append("the VMM wrote no transcript")
    elif case.uses_golden:
        problems += _check_golden(case, result, update_golden, not problems, outcome)
    else:
        problems += output_problems(tx.Transcript(result.transcript), case.expect_out,
                                    case.expect_part, case.expect_end)

    if problems:
        if result.transcript is not None:
            ends = tx.Transcript(result.transcript).ends_summary()
            if ends:
                problems.append("how the vCPUs ended:\n" + "\n".join("  " + e for e in ends))
        problems.append(result.describe())
        outcome.verdict = FAIL
        outcome.message = "%s (%s)\n%s" % (case.id, rel(case.toml), "\n\n".join(problems))
    return outcome


def expected_transcript(case):
    """The golden file's text with the case's golden_edits applied (None
    if there is no golden file)."""
    if not case.golden.exists():
        return None
    text = case.golden.read_text()
    for old, new in case.golden_edits:
        text = text.replace(old, new)
    return text


def _check_golden(case, result, update_golden, status_ok, outcome):
    golden = case.golden
    expected = expected_transcript(case)
    if update_golden:
        if case.golden_edits and expected == result.transcript:
            return []                 # the shared golden still fits: nothing of its own
        if case.golden_edits:
            golden = case.own_golden  # the output differs: a golden of its own
        if not status_ok:
            return ["golden file %s NOT written: the exit status is wrong" % rel(golden)]
        old = golden.read_text() if golden.exists() else None
        if old != result.transcript:
            golden.write_text(result.transcript)
            outcome.golden_written = golden
        return []
    if expected is None:
        return ["golden file %s does not exist. Create it on purpose with\n  %s\n"
                "and read it before committing it." % (rel(golden), update_command(case))]
    name = rel(golden) + (" (with its golden_edits)" if case.golden_edits else "")
    report = tx.compare(expected, result.transcript,
                        expected_name=name, actual_name="actual transcript")
    if report:
        return ["transcript differs from %s\n%s" % (rel(golden), report)]
    return []


def output_problems(actual, expect_out=None, expect_part=None, expect_end=None,
                    labels=("vcpu 0 out lines", "vcpu 0 part record", "vcpu 0 end record"),
                    max_diff_lines=80):
    """How vCPU 0's records in the Transcript ACTUAL differ from the
    expectations given (None: not checked). expect_part "" means no
    trailing partial line at all; expect_end matches the end record
    exactly or up to a space (`exit 3`, `fault bad-hypercall al=0x09`)."""
    out_label, part_label, end_label = labels
    problems = []
    if expect_out is not None:
        report = tx.compare_lines(out_label, expect_out, actual.out_lines(0),
                                  max_diff_lines=max_diff_lines)
        if report:
            problems.append(report)
    part = actual.part(0) or ""
    if expect_part is not None and part != expect_part:
        problems.append("%s: expected %s, got %s"
                        % (part_label, repr(expect_part) if expect_part else "none",
                           repr(part) if part else "none"))
    if expect_end is not None:
        end = actual.end(0)
        if end is None or not (end == expect_end or end.startswith(expect_end + " ")):
            problems.append("%s: expected %r, got %r" % (end_label, expect_end, end))
    return problems
