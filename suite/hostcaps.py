"""What this host's KVM can run, from `mini-kvm --host-check`.

The VMM prints one line per capability, `NAME yes` or `NAME no: REASON`
(kvm, real, pm32, pm32-paging, pm32-iret, long, long-user, irqchip, smp,
and what --gdb can use: gdb-step, gdb-hw-break, gdb-sw-break, gdb-watch,
gdb-user),
and exits 0 when KVM is usable, 108 when it is not. The suite probes once per process
and skips a scenario whose requirement is answered `no`, with the host's
reason. A capability the VMM did not report is "unknown": the scenario
runs, so that a host refusal shows up as a failure rather than a pass.
"""

import errno
import functools
import json
import os
import re
import subprocess

import mkvm

KNOWN = ("kvm", "real", "pm32", "pm32-paging", "pm32-iret", "pm32-int", "long", "long-user",
         "irqchip", "smp", "gdb-step", "gdb-hw-break", "gdb-sw-break", "gdb-watch", "gdb-user", "tsc-deadline")

# The controller of a pytest-xdist run probes once and hands the answers to
# its workers in this environment variable (see conftest.py).
ENV_CACHE = "MINI_KVM_HOST_CAPS"

_LINE = re.compile(r"^([a-z0-9-]+) (yes|no)(?:: (.*))?$")


class HostCaps:
    def __init__(self, answers, note=""):
        self.answers = answers      # name -> (bool, reason)
        self.note = note            # how the answers were obtained

    def missing(self, requirement):
        """None if REQUIREMENT is met (or unknown), else the skip reason."""
        kvm = self.answers.get("kvm")
        if kvm is not None and not kvm[0]:
            reason = kvm[1] or "unusable"
            return reason if reason.startswith("no /dev/kvm") else "no /dev/kvm: " + reason
        if requirement.startswith("!"):
            # "!CAP": the scenario shows how a host that LACKS CAP refuses
            # the guest (e.g. kvm-pvm's emulation failures); a host that
            # has CAP runs the guest another way, so it is skipped there.
            answer = self.answers.get(requirement[1:])
            if answer is None or not answer[0]:
                return None
            return "host can run %s, so the refusal this scenario records does not happen here" % requirement[1:]
        answer = self.answers.get(requirement)
        if answer is None or answer[0]:
            return None
        return "host cannot run %s: %s" % (requirement, answer[1] or "no reason given")

    def first_missing(self, requirements):
        for requirement in requirements:
            reason = self.missing(requirement)
            if reason:
                return reason
        return None


# Host flavours: which kind of KVM is under the suite (docs/HOST.md).
#   kvm-pvm     page-table based KVM (no VT-x/SVM): ring 0 and non-64-bit
#               code emulated, 32-bit paging refused
#   nested-svm  KVM on QEMU TCG's emulated AMD SVM (tools/testvm): hardware
#               semantics, an emulated CPU's quirks, and slow
#   hardware    KVM on VT-x or AMD-V
# A scenario may expect another outcome on a flavour (its `flavour` table,
# docs/SCENARIOS.md); nested-svm falls back to what hardware expects.
FLAVOURS = ("kvm-pvm", "nested-svm", "hardware")
FLAVOUR_FALLBACK = {"kvm-pvm": ("kvm-pvm",), "hardware": ("hardware",),
                    "nested-svm": ("hardware", "nested-svm")}
ENV_FLAVOUR = "MINI_KVM_FLAVOUR"

# How many times longer than on hardware a guest takes, per flavour:
# scenario time limits are multiplied by it, so a correct guest never
# fails and a verdict never changes because the host is slower. Measured
# with bench/flavour_speed.py (docs/HOST.md has the numbers).
TIME_FACTOR = {"kvm-pvm": 1.0, "hardware": 1.0, "nested-svm": 6.0}
ENV_TIME_FACTOR = "MINI_KVM_TIME_FACTOR"

# What a flavour runs correctly but far too slowly to test, as data: the
# workload, and why (a skip reason). Measured, docs/LINUX.md.
FLAVOUR_TOO_SLOW = {
    "kvm-pvm": {
        "stock-linux": "kvm-pvm emulates ring-0 code instruction by instruction: a stock kernel's "
                       "decompressor alone would run for about an hour here (docs/LINUX.md)",
    },
}
# What a flavour runs in time but not reliably enough for a test's verdict,
# whichever VMM runs it, as data: the workload, and why. Measured,
# docs/LINUX.md. A benchmark may still run it and count the failures.
FLAVOUR_UNRELIABLE = {
    "nested-svm": {
        "stock-linux": "the test VM (nested SVM under QEMU TCG) sometimes delivers an interrupt to "
                       "the guest while its interrupts are off, and about one stock-kernel boot in "
                       "eight then stalls or panics, under qemu -accel kvm as under mini-kvm: "
                       "`make check-linux` runs them (docs/LINUX.md)",
    },
}
# Workloads to run even where the tables above say they are too slow or
# unreliable, comma-separated (make check-linux sets stock-linux).
ENV_RUN_SLOW = "MINI_KVM_RUN_SLOW"


def too_slow(workload):
    """None, or why this host's flavour cannot run WORKLOAD in a test's time."""
    if workload in os.environ.get(ENV_RUN_SLOW, "").split(","):
        return None
    return FLAVOUR_TOO_SLOW.get(flavour(), {}).get(workload)


def unreliable(workload):
    """None, or why WORKLOAD fails too often on this host's flavour for a
    test to give a verdict on it."""
    if workload in os.environ.get(ENV_RUN_SLOW, "").split(","):
        return None
    return FLAVOUR_UNRELIABLE.get(flavour(), {}).get(workload)


@functools.lru_cache(maxsize=None)
def flavour():
    """This host's KVM flavour: $MINI_KVM_FLAVOUR, else read off the kernel."""
    forced = os.environ.get(ENV_FLAVOUR)
    if forced:
        if forced not in FLAVOURS:
            raise ValueError("%s=%r: not one of %s" % (ENV_FLAVOUR, forced, ", ".join(FLAVOURS)))
        return forced
    if os.path.isdir("/sys/module/kvm_pvm"):
        return "kvm-pvm"
    try:
        with open("/proc/cpuinfo") as f:
            cpuinfo = f.read(8192)
    except OSError:
        cpuinfo = ""
    # QEMU names its emulated CPU models "QEMU Virtual CPU ..."; KVM under
    # TCG is the test VM's (tools/testvm), never a user's hardware.
    if os.path.isdir("/sys/module/kvm_amd") and "QEMU Virtual CPU" in cpuinfo:
        return "nested-svm"
    return "hardware"


def time_factor():
    forced = os.environ.get(ENV_TIME_FACTOR)
    return float(forced) if forced else TIME_FACTOR[flavour()]


def parse(text):
    answers = {}
    for line in text.splitlines():
        match = _LINE.match(line.strip())
        if match:
            answers[match.group(1)] = (match.group(2) == "yes", match.group(3) or "")
    return answers


def dev_kvm_problem():
    """None if /dev/kvm opens read-write, else why not."""
    try:
        fd = os.open("/dev/kvm", os.O_RDWR | os.O_CLOEXEC)
    except OSError as e:
        name = errno.errorcode.get(e.errno, str(e.errno))
        return "/dev/kvm: %s (%s)" % (e.strerror, name)
    os.close(fd)
    return None


@functools.lru_cache(maxsize=None)
def probe(vmm=None):
    """Ask the VMM once per process (or take the answers the pytest
    controller exported); fall back to opening /dev/kvm."""
    vmm = str(vmm or mkvm.vmm_path())
    cached = os.environ.get(ENV_CACHE)
    if cached:
        data = json.loads(cached)
        if data.get("vmm") == vmm:
            answers = {k: (v[0], v[1]) for k, v in data["answers"].items()}
            return HostCaps(answers, data.get("note", "") + " (probed by the controller)")
    problem = dev_kvm_problem()
    answers, note = {}, ""
    if os.path.exists(vmm):
        try:
            proc = subprocess.run([vmm, "--host-check"], stdin=subprocess.DEVNULL,
                                  capture_output=True, timeout=30)
            answers = parse(proc.stdout.decode("utf-8", "replace"))
            note = "mini-kvm --host-check exited %d" % proc.returncode
            if not answers:
                note += " and printed no capability lines"
        except (OSError, subprocess.TimeoutExpired) as e:
            note = "mini-kvm --host-check failed: %s" % e
    else:
        note = "%s is not built" % vmm
    if "kvm" not in answers and problem:
        answers["kvm"] = (False, "no " + problem)
    return HostCaps(answers, note)


def export(caps, vmm):
    """Put CAPS in the environment, for processes started after this."""
    os.environ[ENV_CACHE] = json.dumps({"vmm": str(vmm), "note": caps.note,
                                        "answers": caps.answers})


def image_mode(path, args):
    """The mode a guest image is entered in: ELF by class, else --mode."""
    try:
        with open(path, "rb") as f:
            head = f.read(5)
    except OSError:
        head = b""
    if head[:4] == b"\x7fELF" and len(head) == 5:
        return {1: "pm32", 2: "long"}.get(head[4], "real")
    mode = "real"
    args = list(args)
    for i, arg in enumerate(args):
        if arg == "--long-mode":
            mode = "long"
        elif arg == "--paging":
            # 32-bit paging from the first instruction; a host without
            # pm32-paging refuses it at once (status 108), an outcome a
            # scenario records in its kvm-pvm flavour table, so only pm32
            # itself is required here
            mode = "pm32"
        elif arg == "--mode" and i + 1 < len(args):
            mode = args[i + 1]
        elif arg.startswith("--mode="):
            mode = arg.split("=", 1)[1]
    return mode
