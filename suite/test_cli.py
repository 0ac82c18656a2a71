"""The VMM's command line as docs/HARNESS.md specifies it: --host-check,
--help, and the statuses for usage and image errors."""

import subprocess

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
