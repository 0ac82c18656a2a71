"""bench/xv6_boot.py: benchmark 8, xv6 boot time. xv6 (mit-pdos/xv6-public,
the x86 version; never in this repository) built in its own tree, named by
$XV6_DIR (`make xv6.img fs.img` there), booted from its two IDE disks to
the shell's first `$ ` prompt: by mini-kvm with 1, 2 and 4 vCPUs, and by
`qemu-system-i386 -accel kvm` with its own SeaBIOS, in alternation, round
after round. Time from process start to the prompt on the serial console.

QEMU's SeaBIOS (Debian's 1.16) gives xv6 one CPU whatever -smp says (its
`ncpu`, read from guest memory, is 1), so QEMU is measured with one CPU.
A host that refuses 32-bit paging (kvm-pvm) cannot run xv6 at all: the
benchmark says so and skips; run it in the test VM, e.g.
`XV6_DIR=/tmp/xv6 tools/testvm --lock /tmp/mini-kvm-nested.lock -- \\
/usr/bin/python3 bench/run.py --only xv6`."""

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

PROMPT = b"$ "
LIMIT_SECONDS = 60          # per boot on hardware; times the host's factor
VCPUS = (1, 2, 4)


def images():
    """(xv6.img, fs.img), or why not."""
    tree = os.environ.get("XV6_DIR")
    if not tree:
        return None, "XV6_DIR is not set (an xv6-public tree with `make xv6.img fs.img` done)"
    disks = tuple(os.path.join(tree, name) for name in ("xv6.img", "fs.img"))
    missing = [d for d in disks if not os.path.isfile(d)]
    if missing:
        return None, "%s: not built (`make xv6.img fs.img` in %s)" % (", ".join(missing), tree)
    return disks, None


def mini_kvm_command(mini_kvm, disks, smp):
    # The disks stay as they are: without --disk-write each run writes to a private copy.
    return [mini_kvm, "--mem", "256M", "--smp", str(smp), "--console", "serial",
            "--disk", disks[0], "--disk", disks[1], "--timeout", "0"]


def qemu_command(qemu, disks, smp):
    return [qemu, "-accel", "kvm", "-m", "256M", "-smp", str(smp), "-nographic",
            "-no-reboot", "-monitor", "none", "-serial", "stdio",
            "-drive", "file=%s,index=0,media=disk,format=raw,snapshot=on" % disks[0],
            "-drive", "file=%s,index=1,media=disk,format=raw,snapshot=on" % disks[1]]


def time_to_prompt(argv, limit):
    """Seconds from process start to the first `$ ` on its stdout, or the failure."""
    start = time.monotonic()
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    seen = b""
    try:
        while True:
            left = limit - (time.monotonic() - start)
            if left <= 0:
                return None, "no prompt in %.0f s" % limit
            ready, _, _ = select.select([proc.stdout], [], [], left)
            if not ready:
                continue
            chunk = os.read(proc.stdout.fileno(), 65536)
            if not chunk:
                return None, "exited with status %s before the prompt" % proc.wait()
            seen = (seen + chunk)[-4096:]
            if PROMPT in seen:
                return time.monotonic() - start, "ok"
    finally:
        proc.kill()
        proc.wait()


def bench(args, tmp, mini_kvm, say, table):
    disks, why = images()
    why = why or hostcaps.probe(mini_kvm).missing("pm32-paging")
    if why:
        say("\n8. xv6 boot: skipped: " + why)
        return {"skipped": why}
    qemu = shutil.which("qemu-system-i386")
    rounds = 1 if args.quick else 3
    limit = LIMIT_SECONDS * hostcaps.time_factor()
    peers = [("mini-kvm smp%d" % n, mini_kvm_command(mini_kvm, disks, n)) for n in VCPUS]
    if qemu:
        peers.append(("qemu -accel kvm (1 CPU)", qemu_command(qemu, disks, 1)))
    runs = {name: [] for name, _ in peers}
    for r in range(rounds):
        for name, argv in (peers if r % 2 == 0 else list(reversed(peers))):
            runs[name].append(time_to_prompt(argv, limit))
    result = {"rounds": rounds, "flavour": hostcaps.flavour(), "limit_s": limit}
    rows = []
    for name, _ in peers:
        ok = [t for t, _ in runs[name] if t is not None]
        result[name] = {"runs": runs[name]}
        if ok:
            result[name]["to_prompt_s"] = statistics.median(ok)
        rows.append([name, "%.1f s" % statistics.median(ok) if ok else "-",
                     "%d/%d" % (len(ok), rounds),
                     "; ".join(sorted({note for t, note in runs[name] if t is None}))])
    table("8. xv6 boot to the `$ ` prompt, median of %d alternating rounds, on %s"
          % (rounds, hostcaps.flavour()), ["", "to the prompt", "ok", "failures"], rows)
    return result
