"""--expect and --console on the command line (docs/HARNESS.md): every
malformed script and every bad combination is a usage error (100) whose
message names the file and the line, found before any guest runs; a step
whose text never appears ends the run at that step's own limit with its
own end (expect-timeout, status 114), never at --timeout and never a hang;
a guest that ends first leaves the step it was in noted in the transcript.
The dialogues themselves are scenarios: suite/scenarios/serial/."""

import json
import subprocess
import time

import pytest

import abi
import hostcaps
import mkvm

SPIN = mkvm.REPO / "suite" / "guests" / "uartspin.bin"
POLL = mkvm.REPO / "suite" / "guests" / "uartpoll.bin"


@pytest.fixture
def run(vmm):
    def run_vmm(*args, timeout=30):
        return subprocess.run([str(vmm), *map(str, args)], stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=timeout)
    return run_vmm


@pytest.fixture
def image(tmp_path):
    path = tmp_path / "halt.bin"
    path.write_bytes(b"\xf4")
    return path


@pytest.fixture
def kvm_real(host_caps):
    import guestbuild
    reason = host_caps.first_missing(["kvm", "real"])
    if reason:
        pytest.skip(reason)
    for guest in (SPIN, POLL):
        guestbuild.ensure_suite_guest(guest)


@pytest.mark.parametrize("text, says", [
    ("", "no steps"),
    ("expect $ \n", "line 1: expect needs a text in double quotes"),
    ('send "unterminated\n', "line 1: the text has no closing quote"),
    ('expect "a"\nsend "\\q"\n', "line 2: unknown escape"),
    ('expect "a" within soon\n', "line 1: within needs a number of seconds"),
    ('end\nsend "x"\n', "line 2: nothing may follow 'end' (line 1)"),
    ('expect "a"\nsleep 1\n', "line 2: unknown command 'sleep'"),
    ('send "a"\x00\n', "line 1: a NUL byte"),
])
def test_malformed_scripts_are_usage_errors(run, image, tmp_path, text, says):
    script = tmp_path / "bad.expect"
    script.write_bytes(text.encode())
    proc = run("--expect", script, "--timeout", "5", "--quiet", image)
    assert proc.returncode == abi.STATUS_USAGE, proc.stderr
    assert "--expect %s: %s" % (script, says) in proc.stderr


@pytest.mark.parametrize("args, says", [
    (["--input", "IN"], "--expect and --input both script the input"),
    (["--vcpus", "2"], "--expect talks to one guest"),
    (["IMAGE"], "--expect talks to one guest"),
    (["--console", "modem"], "--console: 'modem' is not one of serial, keyboard, auto"),
])
def test_bad_combinations_are_usage_errors(run, image, tmp_path, args, says):
    script = tmp_path / "ok.expect"
    script.write_text('expect "$ "\nend\n')
    (tmp_path / "in").write_text("x")
    args = [tmp_path / "in" if a == "IN" else image if a == "IMAGE" else a for a in args]
    proc = run("--expect", script, "--timeout", "5", *args, image)
    assert proc.returncode == abi.STATUS_USAGE, proc.stderr
    assert says in proc.stderr


def test_missing_or_odd_script_files(run, image, tmp_path):
    for path, says in ((tmp_path / "missing.expect", "No such file"), (tmp_path, "not a regular file")):
        proc = run("--expect", path, "--timeout", "5", image)
        assert proc.returncode == abi.STATUS_USAGE
        assert "--expect %s: %s" % (path, says) in proc.stderr


def test_a_step_that_never_matches_ends_at_its_own_limit(run, kvm_real, tmp_path):
    script = tmp_path / "never.expect"
    script.write_text('expect "$ "\nsend "hi\\n"\n\n# the guest answers, but not this\n'
                      'expect "no such text" within 0.4\nend\n')
    ends = tmp_path / "ends.jsonl"
    start = time.monotonic()
    proc = run("--console", "serial", "--expect", script, "--timeout", "20", "--quiet",
               "--transcript-json", ends, SPIN)
    elapsed = time.monotonic() - start
    assert proc.returncode == abi.STATUS_SCRIPT_TIMEOUT == 114, proc.stderr
    assert elapsed < 5 * hostcaps.time_factor(), "a 0.4 s step took %.1f s" % elapsed
    assert ('--expect step 3 (line 5): the text "no such text" did not appear within 0.4 s'
            in proc.stderr)
    record = json.loads(ends.read_text().splitlines()[0])
    assert (record["end"], record["reason"], record["status"]) == ("script-timeout", "expect-timeout", 114)
    assert record["fields"] == {"step": 3, "ms": 400}


def test_the_guest_ending_first_leaves_the_step_noted(run, kvm_real, tmp_path):
    script = tmp_path / "early.expect"
    script.write_text('expect "lsr="\nsend "ab."\nexpect "after the end"\nend\n')
    transcript = tmp_path / "t"
    proc = run("--console", "serial", "--expect", script, "--timeout", "10", "--quiet",
               "--transcript", transcript, POLL)
    assert proc.returncode == 0, proc.stderr          # the guest's own end: exit 0
    lines = transcript.read_text().splitlines()
    assert lines[-4:] == ["vcpu 0 out bye", 'vcpu 0 script 3 unfinished expect "after the end"',
                          "vcpu 0 end exit 0", "vm end status 0"]


def test_expect_runs_under_the_sandbox(run, kvm_real, tmp_path):
    script = tmp_path / "s.expect"
    script.write_text('expect "$ "\nsend "boxed\\n"\nexpect "you typed: boxed"\nend\n')
    proc = run("--sandbox", "--console", "serial", "--expect", script, "--timeout", "10",
               "--quiet", SPIN)
    assert proc.returncode == 0, proc.stderr
