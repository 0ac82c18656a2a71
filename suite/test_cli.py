"""The VMM's command line as docs/HARNESS.md specifies it: --host-check,
--help, and the statuses for usage and image errors."""

import signal
import subprocess
import time

import pytest

import hostcaps


@pytest.fixture
def run(vmm):
    def run_vmm(*args, timeout=20):
        return subprocess.run([str(vmm), *map(str, args)], stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=timeout)
    return run_vmm


def test_host_check_format(run):
    proc = run("--host-check")
    answers = hostcaps.parse(proc.stdout)
    assert set(hostcaps.KNOWN) <= set(answers), proc.stdout
    lines = [l for l in proc.stdout.splitlines() if l.strip()]
    assert len(lines) == len(answers), "unparseable lines:\n" + proc.stdout
    for name, (ok, reason) in answers.items():
        assert ok or reason, "%s no: without a reason" % name
    assert proc.returncode == (0 if answers["kvm"][0] else 108)


def test_help_exits_0_and_lists_statuses(run):
    proc = run("--help")
    assert proc.returncode == 0
    text = proc.stdout + proc.stderr
    for option in ("--transcript", "--timeout", "--max-output", "--host-check"):
        assert option in text


@pytest.mark.parametrize("args", [
    ["--no-such-option", "x.bin"],
    ["--mem", "banana", "x.bin"],
    ["--timeout", "-1", "x.bin"],
    ["--mode", "pm64", "x.bin"],
    ["--vcpus", "9", "x.bin"],
    [],
])
def test_usage_errors_are_100(run, args, tmp_path):
    image = tmp_path / "x.bin"
    image.write_bytes(b"\xf4")
    args = [str(image) if a == "x.bin" else a for a in args]
    proc = run("--transcript", tmp_path / "t", "--timeout", "5", *args)
    assert proc.returncode == 100, proc.stderr


def test_missing_and_empty_images_are_102(run, tmp_path):
    empty = tmp_path / "empty.bin"
    empty.write_bytes(b"")
    for image in (tmp_path / "missing.bin", empty):
        proc = run("--timeout", "5", "--quiet", image)
        assert proc.returncode == 102, (image.name, proc.stderr)
        assert proc.stderr.strip(), "an image error must say why"


def suite_guest(name):
    import guestbuild
    import mkvm
    image = mkvm.REPO / "suite" / "guests" / name
    guestbuild.ensure_suite_guest(image)
    return image


@pytest.fixture
def kvm_real(host_caps):
    reason = host_caps.first_missing(["kvm", "real"])
    if reason:
        pytest.skip(reason)


def test_timeout_is_kept(run, kvm_real, tmp_path):
    start = time.monotonic()
    proc = run("--transcript", tmp_path / "t", "--timeout", "0.5", "--quiet",
               suite_guest("spin.bin"))
    elapsed = time.monotonic() - start
    assert proc.returncode == 106
    assert 0.45 <= elapsed < 3, "--timeout 0.5 took %.2f s" % elapsed
    assert "vcpu 0 end timeout" in (tmp_path / "t").read_text()


def test_a_signal_stops_the_run_with_112(vmm, kvm_real, tmp_path):
    transcript = tmp_path / "t"
    proc = subprocess.Popen([str(vmm), "--transcript", str(transcript), "--timeout", "20",
                             "--quiet", str(suite_guest("spin.bin"))],
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    time.sleep(0.5)
    proc.send_signal(signal.SIGTERM)
    try:
        proc.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        pytest.fail("mini-kvm did not stop within 10 s of SIGTERM")
    assert proc.returncode == 112
    text = transcript.read_text()
    assert "vcpu 0 end stopped" in text and "vm end status 112" in text


def test_input_from_a_pipe_on_stdin(vmm, kvm_real):
    for args in (["--input", "-"], []):
        proc = subprocess.run([str(vmm), "--transcript", "-", "--timeout", "5", "--quiet",
                               *args, str(suite_guest("upper.bin"))],
                              input=b"piped in\nend", capture_output=True, timeout=20)
        assert proc.returncode == 0, (args, proc.stderr)
        lines = proc.stdout.decode().splitlines()
        assert "vcpu 0 out PIPED IN" in lines and "vcpu 0 part END" in lines, (args, lines)
