"""bench/linux_boot.py: benchmark 7, Linux boot time. Debian's stock
kernel with the suite's initramfs (suite/linux_image.py), booted by
mini-kvm and by `qemu-system-x86_64 -accel kvm` on the same kernel,
initramfs and command line, in alternation, round after round. Two times
per boot, from process start: to the first line of /init on the serial
console ("mkvm-init: started") and to the process's exit after power-off.

A boot that has not reached /init within STALL_SECONDS (times the host's
factor) is killed, counted as stalled and tried again, up to RETRIES more
times per round: in the test VM (nested SVM under QEMU TCG) about one
boot in eight of either VMM stalls (most of QEMU's on 2 vCPUs), because
that VM sometimes delivers an interrupt to the kernel while its
interrupts are off (docs/LINUX.md). The
stalls are reported beside the times, which are medians of the boots that
finished.

A host whose KVM cannot run a stock kernel in reasonable time (kvm-pvm
emulates ring 0) is reported and skipped, with the reason: run it in the
test VM, e.g. `tools/testvm --lock /tmp/mini-kvm-nested.lock -- \
/usr/bin/python3 bench/run.py --only linux`."""

import os
import select
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "suite"))

import hostcaps  # noqa: E402
import linux_image  # noqa: E402

FIRST_LINE = b"mkvm-init: started"
LIMIT_SECONDS = 60          # per boot on hardware; times the host's factor
STALL_SECONDS = 10          # to /init on hardware (1-2 s there); times the host's factor
                            # (60 s in the test VM, where boots take 12-30 s)
RETRIES = 3                 # more boots per round after a stall


def mini_kvm_command(mini_kvm, kernel, initrd, cmdline, smp):
    return [mini_kvm, "--kernel", kernel, "--initrd", initrd, "--append", cmdline,
            "--mem", "256M", "--smp", str(smp), "--timeout", "0"]


def qemu_command(qemu, kernel, initrd, cmdline, smp):
    return [qemu, "-accel", "kvm", "-cpu", "host", "-m", "256M", "-smp", str(smp),
            "-nodefaults", "-display", "none", "-no-reboot", "-serial", "stdio",
            "-kernel", kernel, "-initrd", initrd, "-append", cmdline]


def timed_boot(argv, limit, stall_limit):
    """(seconds to the first /init line or None, seconds to exit, status);
    the status is a word when the boot was killed: "stalled" (no /init
    within stall_limit) or "killed" (no exit within limit)."""
    start = time.monotonic()
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    first, seen = None, b""
    while True:
        elapsed = time.monotonic() - start
        left = (limit if first is not None else min(limit, stall_limit)) - elapsed
        if left <= 0:
            proc.kill()
            proc.wait()
            return first, None, "killed" if first is not None else "stalled"
        ready, _, _ = select.select([proc.stdout], [], [], left)
        if not ready:
            continue
        chunk = os.read(proc.stdout.fileno(), 65536)
        if not chunk:
            break
        if first is None:
            seen = (seen + chunk)[-4096:]
            if FIRST_LINE in seen:
                first = time.monotonic() - start
    status = proc.wait()
    return first, time.monotonic() - start, status


def boot_round(argv, limit, stall_limit):
    """One round's boot: tried again after a stall. (the finished boot or
    None, the statuses of the boots that did not finish)."""
    lost = []
    for _ in range(1 + RETRIES):
        first, total, status = timed_boot(argv, limit, stall_limit)
        if first is not None and status == 0:
            return (first, total, status), lost
        lost.append(str(status))
        if status != "stalled":
            break               # an error or a hang after /init: no retry hides it
    return None, lost


def bench(args, tmp, mini_kvm, say, table):
    kernel, release = linux_image.find_kernel()
    why = (release if kernel is None else linux_image.busybox_problem()
           or hostcaps.too_slow("stock-linux"))
    if why:
        say("\n7. Linux boot: skipped: " + why)
        return {"skipped": why}
    qemu = shutil.which("qemu-system-x86_64")
    initrd = linux_image.build_initramfs(os.path.join(tmp, "mkvm-initramfs.cpio.gz"))
    cmdline = linux_image.cmdline()
    rounds = 1 if args.quick else 3
    limit = LIMIT_SECONDS * hostcaps.time_factor()
    stall_limit = STALL_SECONDS * hostcaps.time_factor()
    peers = [("mini-kvm", lambda smp: mini_kvm_command(mini_kvm, str(kernel), initrd, cmdline, smp))]
    if qemu:
        peers.append(("qemu -accel kvm", lambda smp: qemu_command(qemu, str(kernel), str(initrd), cmdline, smp)))
    result = {"kernel": release, "cmdline": cmdline, "rounds": rounds, "flavour": hostcaps.flavour(),
              "stall_limit_s": stall_limit}
    rows = []
    for smp in (1, 2):
        runs = {name: [] for name, _ in peers}
        lost = {name: [] for name, _ in peers}
        for r in range(rounds):
            order = peers if r % 2 == 0 else list(reversed(peers))
            for name, command in order:
                done, failed = boot_round(command(smp), limit, stall_limit)
                lost[name] += failed
                if done:
                    runs[name].append(done)
        for name, _ in peers:
            key = "%s smp%d" % (name, smp)
            stalled = lost[name].count("stalled")
            if not runs[name]:
                result[key] = {"failed": lost[name]}
                rows.append([key, "failed", "", "0/%d" % rounds, stalled, ", ".join(sorted(set(lost[name])))])
                continue
            to_init = statistics.median(x[0] for x in runs[name])
            to_exit = statistics.median(x[1] for x in runs[name])
            result[key] = {"to_init_s": to_init, "to_poweroff_s": to_exit, "runs": runs[name],
                           "not_finished": lost[name]}
            others = sorted(set(lost[name]) - {"stalled"})
            rows.append([key, "%.2f s" % to_init, "%.2f s" % to_exit, "%d/%d" % (len(runs[name]), rounds),
                         stalled, ", ".join(others)])
    table("7. Linux boot (%s, %s), median of %d alternating rounds, on %s; a boot not at /init "
          "in %.0f s is stalled and tried again (at most %d times a round)"
          % (release, "initramfs with busybox", rounds, hostcaps.flavour(), stall_limit, RETRIES),
          ["", "to /init", "to power-off", "ok", "stalled", "other failures"], rows)
    return result
