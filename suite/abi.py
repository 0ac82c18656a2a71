"""The guest ABI for the Python side, read from its one definition,
vmm/abi.h (numbers, ports, vectors and process statuses), so nothing
here is a copy: mkvm, the grader and the tests import it.

    import abi
    abi.HC_PORT, abi.STATUS_TIMEOUT, abi.VALUES["HC_EXIT_CODE"]
"""

import re
from pathlib import Path

HEADER = Path(__file__).resolve().parent.parent / "vmm" / "abi.h"
_DEFINE = re.compile(r"^\s*#\s*define\s+([A-Z][A-Z0-9_]*)\s+(0x[0-9A-Fa-f]+|\d+)\b", re.M)


def parse_defines(text):
    """NAME -> integer for every `#define NAME NUMBER` in C text."""
    return {name: int(value, 0) for name, value in _DEFINE.findall(text)}


VALUES = parse_defines(HEADER.read_text())
globals().update(VALUES)

# How each VMM status reads in messages (docs/HARNESS.md).
STATUS_WORDS = {
    "STATUS_USAGE": "usage error",
    "STATUS_IMAGE": "image error",
    "STATUS_GUEST_FAULT": "guest fault",
    "STATUS_TIMEOUT": "timeout",
    "STATUS_HOST_REFUSED": "host refused",
    "STATUS_VMM_ERROR": "internal VMM error",
    "STATUS_STOPPED": "stopped by the user",
    "STATUS_SCRIPT_TIMEOUT": "an --expect step timed out",
}
