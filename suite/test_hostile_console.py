"""What guests leave on stdout and stderr (the scenarios run --quiet, so
they see only the transcript): a flooding guest's output up to
--max-output, then the VMM's marker on a line of its own, and nothing
after it; a guest that ends mid-line gets nobody's text glued to its line,
and no stray newline on stderr."""

import subprocess

import pytest

import mkvm

FLOOD = mkvm.REPO / "guests" / "hostile" / "calls-flood-real.bin"


def test_flood_stops_at_cap_with_marker(host_caps):
    reason = host_caps.first_missing(["kvm", "real"])
    if reason:
        pytest.skip(reason)
    if not FLOOD.exists():
        pytest.fail("%s is not built (make -C guests/hostile)" % FLOOD)
    proc = subprocess.run([str(mkvm.vmm_path()), "--timeout", "10", "--max-output", "25", str(FLOOD)],
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=30)
    assert proc.returncode == 104, proc.stderr
    # 25 bytes: two whole lines of 11, then "012"
    assert proc.stdout == "0123456789\n0123456789\n012\n[mini-kvm: output limit reached]\n"
    assert "output-limit bytes=25" in proc.stderr


def _guest(name):
    import guestbuild
    image = mkvm.REPO / "suite" / "guests" / name
    guestbuild.ensure_suite_guest(image)
    return image


def test_a_guest_ending_mid_line_gets_nothing_glued_to_it(host_caps):
    """Four guests on four vCPUs: midline prints "0123456789" with no newline
    and ends at once; the three others print "late" lines after a delay.
    On stdout (a pipe) every guest's text is on lines of its own, and
    stderr has the VMM's end reports and nothing else (no stray newline)."""
    reason = host_caps.first_missing(["kvm", "real"])
    if reason:
        pytest.skip(reason)
    images = [_guest("midline.bin")] + [_guest("late.bin")] * 3
    proc = subprocess.run([str(mkvm.vmm_path()), "--timeout", "20", *map(str, images)],
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    # Whatever order the guests ended in, no line holds two guests' text.
    assert sorted(proc.stdout.split("\n")) in (
        sorted(["0123456789", "late", "late", "late", ""]),   # midline first: its line ended
        sorted(["late", "late", "late", "0123456789"]),       # midline last: left as it was
    ), repr(proc.stdout)
    assert proc.stderr.splitlines() == [
        "mini-kvm: cpu%d (%s) ended: exit 0" % (i, image.name) for i, image in enumerate(images)
    ], repr(proc.stderr)


def test_one_guest_ending_mid_line_leaves_its_bytes_and_stderr_alone(host_caps):
    """stdout (a pipe) gets exactly the guest's bytes; stderr gets nothing."""
    reason = host_caps.first_missing(["kvm", "real"])
    if reason:
        pytest.skip(reason)
    proc = subprocess.run([str(mkvm.vmm_path()), "--timeout", "20", str(_guest("midline.bin"))],
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "0123456789"
    assert proc.stderr == ""
