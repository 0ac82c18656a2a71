"""Without /dev/kvm: pytest alone skips every scenario with "no /dev/kvm:
...", the grader refuses when told not to use the test VM, and the README's
commands (through tools/on-kvm) hand their job to the test VM: checked for
real, by running them in a mount namespace where /dev has no kvm node (the
test VM itself replaced by a stand-in that records what it was asked)."""

import os
import re
import shutil
import subprocess

import pytest

import hostcaps
import mkvm

HIDE_KVM = mkvm.HIDE_KVM
SAMPLE = "gen/echo.real-hello or gen/exitcode.long-42 or harness/hypercalls"


def in_namespace_without_kvm(command, tmp_path, **env_extra):
    if shutil.which("unshare") is None:
        pytest.skip("unshare(1) is not installed")
    probe = subprocess.run(["unshare", "-m", "sh", "-c", HIDE_KVM + "test ! -e /dev/kvm"],
                           capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.skip("cannot hide /dev/kvm in a mount namespace here: "
                    + (probe.stderr.strip() or "unshare failed"))
    # Without the answers this pytest run probed: the namespace must ask anew.
    env = {k: v for k, v in os.environ.items()
           if k not in (hostcaps.ENV_CACHE, "MINI_KVM_TESTVM", "MINI_KVM_IN_TESTVM")}
    env.update(env_extra)
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
        % (tmp_path / "out"), tmp_path, MINI_KVM_TESTVM="never")
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "cannot grade on this host: no /dev/kvm" in proc.stderr
    assert not (tmp_path / "out").exists()


def fake_testvm(tmp_path):
    """A stand-in for tools/testvm that records its arguments and exits 0."""
    fake = tmp_path / "fake-testvm"
    fake.write_text("#!/bin/sh\nprintf '%%s\\n' \"$@\" > %s\n" % (tmp_path / "args"))
    fake.chmod(0o755)
    return str(fake)


@pytest.mark.parametrize("command, what", [
    ("./grade suite/assignments/hello subs", "the grader"),
    ("make -s demo", "the demo"),
    ("make -s suite PYTEST_ARGS=-q", "the suite"),
])
def test_without_kvm_the_job_goes_to_the_test_vm(vmm, tmp_path, command, what):
    proc = in_namespace_without_kvm("exec " + command, tmp_path,
                                    MINI_KVM_TESTVM_RUNNER=fake_testvm(tmp_path))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert ("on-kvm: no /dev/kvm here: running %s in the test VM" % what) in proc.stderr
    args = (tmp_path / "args").read_text().splitlines()
    assert args[0] == "--", args
    assert args[1] in ("/usr/bin/python3", "./vmm/mini-kvm"), args


def test_never_keeps_the_job_here(vmm, tmp_path):
    proc = in_namespace_without_kvm("exec tools/on-kvm 'the demo' ./vmm/mini-kvm guests/real/hello.bin",
                                    tmp_path, MINI_KVM_TESTVM="never",
                                    MINI_KVM_TESTVM_RUNNER=fake_testvm(tmp_path))
    assert proc.returncode == 108, proc.stdout + proc.stderr
    assert "cannot open /dev/kvm" in proc.stderr
    assert not (tmp_path / "args").exists()


def test_a_bad_choice_is_refused(tmp_path):
    proc = subprocess.run(["tools/on-kvm", "x", "true"], cwd=mkvm.REPO, capture_output=True,
                          text=True, env=dict(os.environ, MINI_KVM_TESTVM="sometimes"))
    assert proc.returncode == 2
    assert "say auto, never or always" in proc.stderr


@pytest.mark.parametrize("content, status, needle", [
    (b"", 102, "the disk image is empty"),
    (b"\0" * 513, 102, "not a whole number of 512-byte sectors"),
    (b"\0" * 512, 102, "no boot signature"),
    (b"\0" * 510 + b"\x55\xaa", 108, "/dev/kvm"),   # a good disk gets as far as KVM
])
def test_disks_are_checked_before_kvm(vmm, tmp_path, content, status, needle):
    """A bad --disk gets its own status before /dev/kvm is ever opened (a good
    one gets as far as KVM, which is not there: 108)."""
    disk = tmp_path / "bad.img"
    disk.write_bytes(content)
    proc = in_namespace_without_kvm("exec %s --disk %s" % (vmm, disk), tmp_path)
    assert proc.returncode == status, proc.stderr
    assert needle in proc.stderr, proc.stderr
