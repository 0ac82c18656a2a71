"""The guest ABI is defined once, in vmm/abi.h; every copy a guest carries
(NASM includes, C headers, the 1K OS, the benchmark floor, the suite's own
guests) must say the same, and the Python side reads the header itself
(suite/abi.py). A copy that drifts fails here, naming the file and value."""

import re

import pytest

import abi
import mkvm

R = mkvm.REPO
NASM = re.compile(r"^\s*(?:%define\s+([A-Z][A-Z0-9_]*)|([A-Z][A-Z0-9_]*)\s+equ)\s+(0x[0-9A-Fa-f]+|\d+)\b", re.M)

# file, and names it spells differently from abi.h
COPIES = [
    ("guests/include/abi.inc", {}),
    ("guests/include/mkvm.h", {"MKVM_PORT": "HC_PORT"}),
    ("guests/hostile/hostile.inc", {}),
    ("suite/guests/io.inc", {}),
    ("suite/guests/smp/input.asm", {}),
    ("suite/assignments/lib/minikvm.h", {}),
    ("os1k/kernel/hc.c", {}),
    ("bench/tools/kvm-floor.c", {}),
    ("guests/multiboot/lib.c", {}),
    ("guests/c32/start.S", {}),
    ("guests/c64/start.S", {}),
    ("suite/assignments/lib/start.S", {}),
]


def constants(path):
    text = path.read_text()
    if path.suffix in (".inc", ".asm"):
        return {(a or b): int(v, 0) for a, b, v in NASM.findall(text)}
    return abi.parse_defines(text)


def test_the_header_defines_the_abi():
    for name in ("HC_PORT", "HC_EXIT", "HC_PUTCHAR", "HC_GETCHAR", "HC_EXIT_CODE",
                 "EXCEPTION_PORT", "DEBUG_EXIT_PORT", "STATUS_TIMEOUT"):
        assert name in abi.VALUES, name
    assert (abi.HC_PORT, abi.HC_EXIT_CODE, abi.STATUS_STOPPED) == (0x500, 0x80, 112)
    # the VMM's statuses: even, >= 100, distinct (docs/HARNESS.md)
    statuses = [v for k, v in abi.VALUES.items() if k.startswith("STATUS_") and v >= 100]
    assert len(set(statuses)) == len(statuses) == 8
    assert all(s % 2 == 0 for s in statuses)


def test_extensions_stay_out_of_the_originals_numbers():
    """0-2 are the original Mini-KVM's calls; an original guest may make any
    other number below 0x80 (its hctest makes 3), so every call this
    project adds is numbered from HC_FIRST_EXTENSION (docs/ABI.md)."""
    assert abi.HC_FIRST_EXTENSION == 0x80
    assert (abi.HC_EXIT, abi.HC_PUTCHAR, abi.HC_GETCHAR) == (0, 1, 2)
    calls = {k: v for k, v in abi.VALUES.items()
             if k.startswith("HC_") and k not in ("HC_PORT", "HC_NO_KEY", "HC_EXIT_CODE_MAX",
                                                  "HC_FIRST_EXTENSION")}
    extensions = {k: v for k, v in calls.items() if k not in ("HC_EXIT", "HC_PUTCHAR", "HC_GETCHAR")}
    assert extensions, "no extension calls found in vmm/abi.h"
    low = {k: v for k, v in extensions.items() if not abi.HC_FIRST_EXTENSION <= v <= 0xFF}
    assert not low, "extension calls outside 0x80-0xFF: %s" % low


@pytest.mark.parametrize("copy,renames", COPIES, ids=[c[0] for c in COPIES])
def test_copy_agrees_with_abi_h(copy, renames):
    path = R / copy
    found = constants(path)
    shared = {renames.get(k, k): v for k, v in found.items() if renames.get(k, k) in abi.VALUES}
    assert shared, "%s defines none of vmm/abi.h's names" % copy
    wrong = {k: (v, abi.VALUES[k]) for k, v in shared.items() if v != abi.VALUES[k]}
    assert not wrong, "%s disagrees with vmm/abi.h (its value, abi.h's): %s" % (copy, wrong)


def test_mkvm_statuses_come_from_the_header():
    assert mkvm.STATUS_NAMES[abi.STATUS_TIMEOUT] == "timeout"
    assert set(mkvm.STATUS_NAMES) == {v for k, v in abi.VALUES.items()
                                      if k.startswith("STATUS_") and v >= 100}
