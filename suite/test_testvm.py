"""tools/testvm's refusals, which need no VM: each is one clear line and a
status of its own (docs/HOST.md). Booting the VM is what `make check`
does on a machine without /dev/kvm, and `make check-vm` anywhere."""

import os
import subprocess

import pytest

import mkvm

TESTVM = str(mkvm.REPO / "tools" / "testvm")


def run_testvm(*args, env=None):
    return subprocess.run(["/usr/bin/python3", TESTVM, *args],
                          capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, **(env or {})))


def test_without_qemu_it_says_so(tmp_path):
    proc = run_testvm("--", "true", env={"PATH": str(tmp_path)})
    assert proc.returncode == 120, proc.stderr
    assert proc.stderr == "testvm: qemu-system-x86_64 is not installed (run .ci/install-deps)\n"


def test_too_much_memory_is_refused_before_booting():
    proc = run_testvm("--mem", str(1 << 30), "--", "true")
    if "qemu-system-x86_64 is not installed" in proc.stderr:
        pytest.skip("qemu-system-x86 is not installed here")
    assert proc.returncode == 120, proc.stderr
    assert proc.stderr.startswith("testvm: not enough memory for a 1073741824 MiB VM: ")


def test_no_command_is_a_usage_error():
    proc = run_testvm()
    assert proc.returncode == 2
    assert "no COMMAND" in proc.stderr
