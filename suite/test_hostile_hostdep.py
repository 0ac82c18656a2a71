"""Hostile guests whose ending depends on the host's KVM (docs/LIMITS.md).

On a VT-x/AMD-V host these instructions run natively and raise the
exception the guest asked for; kvm-pvm hosts emulate ring-0 code and the
emulator cannot run some of them (bound, x87 and SSE control, a far jump
through a wrecked GDT), so the guest is refused (108) instead; a real-mode
triple fault, and `vmcall`, may spin in kvm-pvm's emulator instead of
shutting down or returning, so only --timeout ends them. Each test accepts exactly the documented endings
and nothing else: never a crash, a hang past the timeout, or a pass for a
guest that ran on past the fault.
"""

import pytest

import hostcaps
import mkvm

H = mkvm.REPO / "guests" / "hostile"

# (status, end kind, reason, fields that must match) as --transcript-json gives them
REFUSED = (108, "host-refused", "emulation-failure", {"suberror": 1})
TIMEOUT = (106, "timeout", "timeout", {})


def fault(reason, **fields):
    return (104, "fault", reason, fields)


CASES = [
    # image, args, allowed endings
    ("triple-real", [], [fault("triple-fault"), TIMEOUT]),
    ("exc-br-pm32", ["--mode", "pm32"], [fault("exception", vector=5, name="#BR (bound range)"), REFUSED]),
    ("exc-mf-pm32", ["--mode", "pm32"], [fault("exception", vector=16, name="#MF (x87 error)"), REFUSED]),
    ("exc-mf-long", ["--mode", "long"], [fault("exception", vector=16, name="#MF (x87 error)"), REFUSED]),
    ("exc-xm-pm32", ["--mode", "pm32"], [fault("exception", vector=19, name="#XM (SIMD error)"), REFUSED]),
    ("exc-xm-long", ["--mode", "long"], [fault("exception", vector=19, name="#XM (SIMD error)"), REFUSED]),
    ("clobber-gdt-pm32", ["--mode", "pm32"], [fault("triple-fault"), REFUSED]),
    # KVM answers vmcall itself; kvm-pvm's emulator spins on it in the kernel
    ("misc-vmcall-pm32", ["--mode", "pm32"], [(0, "exit", "exit", {"code": 0}), TIMEOUT]),
    ("misc-vmcall-long", ["--mode", "long"], [(0, "exit", "exit", {"code": 0}), TIMEOUT]),
]

# What an emulated CPU does differently, allowed on that flavour only.
FLAVOUR_EXTRA = {
    # QEMU's TCG keeps SSE exception flags but never raises #XM, so the
    # division by zero the guest unmasked goes on and the guest says so.
    "nested-svm": {"exc-xm-pm32": [(66, "exit", "exit", {"code": 66})],
                   "exc-xm-long": [(66, "exit", "exit", {"code": 66})]},
}


def matches(result, end, allowed):
    status, kind, reason, fields = allowed
    return (result.status == status and end["end"] == kind and end["reason"] == reason
            and all(end["fields"].get(k) == v for k, v in fields.items()))


@pytest.mark.parametrize("image,args,allowed", CASES, ids=[c[0] for c in CASES])
def test_hostile_host_dependent(image, args, allowed, tmp_path, host_caps):
    mode = args[1] if args else "real"
    reason = host_caps.first_missing(["kvm", mode])
    if reason:
        pytest.skip(reason)
    path = H / (image + ".bin")
    if not path.exists():
        pytest.fail("%s is not built (make -C guests/hostile)" % path)
    allowed = allowed + FLAVOUR_EXTRA.get(hostcaps.flavour(), {}).get(image, [])
    result = mkvm.run([path], tmp_path, args=args, timeout=1.0 * hostcaps.time_factor())
    assert not result.hard_killed, result.describe()
    assert result.transcript is not None, result.describe()
    end = result.end_of(0)
    assert end is not None, "no --transcript-json record\n" + result.describe()
    assert any(matches(result, end, a) for a in allowed), "ended %r with %s; allowed: %s\n%s" % (
        end["text"], mkvm.status_name(result.status), allowed, result.describe())
