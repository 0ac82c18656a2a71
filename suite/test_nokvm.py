"""Without /dev/kvm, every scenario is skipped with "no /dev/kvm: ..." and
the grader refuses to grade: checked for real, by running the VMM, pytest
and the grader in a mount namespace where /dev has no kvm node."""

import os
import re
import shutil
import subprocess

import pytest

import hostcaps
import mkvm

HIDE_KVM = "mount -t tmpfs none /dev && mknod -m 666 /dev/null c 1 3 && "
SAMPLE = "gen/echo.real-hello or gen/exitcode.long-42 or harness/hypercalls"


def in_namespace_without_kvm(command, tmp_path):
    if shutil.which("unshare") is None:
        pytest.skip("unshare(1) is not installed")
    probe = subprocess.run(["unshare", "-m", "sh", "-c", HIDE_KVM + "test ! -e /dev/kvm"],
                           capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.skip("cannot hide /dev/kvm in a mount namespace here: "
                    + (probe.stderr.strip() or "unshare failed"))
    # Without the answers this pytest run probed: the namespace must ask anew.
    env = {k: v for k, v in os.environ.items() if k != hostcaps.ENV_CACHE}
    return subprocess.run(["unshare", "-m", "sh", "-c", HIDE_KVM + command], env=env,
                          cwd=mkvm.REPO, capture_output=True, text=True, timeout=300)


def test_host_check_says_no_kvm(vmm, tmp_path):
    proc = in_namespace_without_kvm("exec %s --host-check" % vmm, tmp_path)
    assert proc.returncode == 108, proc.stdout + proc.stderr
    assert re.search(r"^kvm no: .+", proc.stdout, re.M), proc.stdout


def test_every_scenario_is_skipped_never_passed(vmm, tmp_path):
    proc = in_namespace_without_kvm(
        "exec /usr/bin/python3 -m pytest -p no:cacheprovider -p no:xdist -q -rs "
        "--basetemp %s -k '%s' suite/test_scenarios.py" % (tmp_path / "inner", SAMPLE),
        tmp_path)
    output = proc.stdout + proc.stderr
    summary = output.strip().splitlines()[-1]
    assert re.fullmatch(r"=* *\d+ skipped, \d+ deselected in .*", summary), output
    skips = [l for l in output.splitlines() if l.startswith("SKIPPED")]
    assert skips and all("no /dev/kvm: " in l for l in skips), output


def test_grader_refuses(vmm, tmp_path):
    proc = in_namespace_without_kvm(
        "exec ./grade suite/assignments/hello suite/assignments/hello/examples --out %s"
        % (tmp_path / "out"), tmp_path)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "cannot grade on this host: no /dev/kvm" in proc.stderr
    assert not (tmp_path / "out").exists()
