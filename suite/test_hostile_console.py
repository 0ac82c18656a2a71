"""What a flooding guest leaves on stdout (the scenarios run --quiet, so
they see only the transcript): its output up to --max-output, then the
VMM's marker on a line of its own, and nothing after it."""

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
