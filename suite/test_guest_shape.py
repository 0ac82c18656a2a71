"""What the VMM's old shape hid (issue 13): a guest is one keyboard, one
input cursor and one timer line however many vCPUs it has, and vmm/ is
layered, with no two files depending on each other in a loop.

- an SMP guest whose two vCPUs both read the scripted input gets every
  byte exactly once (before, each vCPU replayed the whole script);
- the keyboard ports work under --smp;
- the timer ticks at --timer-hz, single-vCPU and SMP alike;
- vmm/'s include graph and its link-level call graph have no cycle.
"""

import collections
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import mkvm
import transcript as tx

SMP_INPUT_SOURCE = mkvm.REPO / "suite" / "guests" / "smp" / "input.asm"
VMM = mkvm.REPO / "vmm"


def stream_text(transcript, vcpu):
    """A vCPU's output, for input made of characters the transcript keeps as
    they are (letters and digits): its out/part records joined."""
    t = tx.Transcript(transcript)
    lines = [rest for tag, rest in t.vcpus.get(vcpu, []) if tag in ("out", "part")]
    return "\n".join(lines)


def is_subsequence(part, whole):
    it = iter(whole)
    return all(ch in it for ch in part)


@pytest.fixture(scope="module")
def smp_input_image(tmp_path_factory):
    if not shutil.which("nasm"):
        pytest.skip("nasm is not installed")
    image = tmp_path_factory.mktemp("smpinput") / "smpinput.bin"
    subprocess.run(["nasm", "-f", "bin", "-o", str(image), str(SMP_INPUT_SOURCE)], check=True)
    return image


def test_smp_guest_reads_each_input_byte_once(smp_input_image, tmp_path, host_caps):
    reason = host_caps.first_missing(["kvm", "pm32", "irqchip", "smp"])
    if reason:
        pytest.skip(reason)
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
    data = "".join(alphabet[(i * 7 + i // 36) % len(alphabet)] for i in range(3000))
    result = mkvm.run([smp_input_image], tmp_path, args=["--smp", "2", "--mode", "pm32"],
                      input_bytes=data.encode(), timeout=30)
    assert result.status == 0, result.describe()
    streams = [stream_text(result.transcript, v) for v in (0, 1)]
    # every key once, in all: no vCPU replayed what another one took
    assert collections.Counter(streams[0] + streams[1]) == collections.Counter(data), \
        "keys read: cpu0 %d, cpu1 %d, of %d\n%s" % (len(streams[0]), len(streams[1]),
                                                    len(data), result.describe())
    # and each vCPU got its keys in script order
    assert is_subsequence(streams[0], data) and is_subsequence(streams[1], data)
    ends = [result.end_of(v) for v in (0, 1)]
    assert [e["reason"] for e in ends] == ["exit", "guest-ended"]
    assert ends[0]["output_bytes"] + ends[1]["output_bytes"] == len(data)


@pytest.mark.parametrize("smp", ["1", "2"])
def test_keyboard_ports_under_smp(smp, tmp_path, host_caps):
    reason = host_caps.first_missing(["kvm", "real", "irqchip"] + (["smp"] if smp != "1" else []))
    if reason:
        pytest.skip(reason)
    image = mkvm.REPO / "suite" / "guests" / "kbdpoll.bin"
    import guestbuild
    guestbuild.ensure_suite_guest(image)
    result = mkvm.run([image], tmp_path, args=["--smp", smp], input_bytes=b"keys 1\nkeys 2\n",
                      timeout=10)
    assert result.status == 0, result.describe()
    t = tx.Transcript(result.transcript)
    assert t.out_lines(0) == ["keys 1", "keys 2"], result.describe()
    assert result.end_of(0)["reason"] == "exit"


# (image, extra args, ticks the guest waits for, --timer-hz, requirements)
TIMER_CASES = [
    ("suite/guests/timer.bin", [], 25, 50, ["kvm", "real"]),
    ("guests/multiboot/timer.elf", ["--mem", "32M"], 5, 10, ["kvm", "irqchip"]),
    ("guests/multiboot/timer.elf", ["--mem", "32M", "--smp", "2"], 5, 10, ["kvm", "irqchip", "smp"]),
]


@pytest.mark.parametrize("image,args,ticks,hz,needs", TIMER_CASES,
                         ids=["real", "multiboot", "multiboot-smp2"])
def test_timer_rate(image, args, ticks, hz, needs, tmp_path, host_caps):
    """N ticks at HZ take N/HZ seconds: never less (a tick never comes before
    its deadline, and one per guest, not one per vCPU), and not much more."""
    reason = host_caps.first_missing(needs)
    if reason:
        pytest.skip(reason)
    path = mkvm.REPO / image
    import guestbuild
    guestbuild.ensure_suite_guest(path)
    if not path.exists():
        pytest.fail("%s is not built (make)" % path)
    result = mkvm.run([path], tmp_path, args=args + ["--timer-hz", str(hz)],
                      input_bytes=b"%d\n" % ticks, timeout=20)
    assert result.status in (0, 3), result.describe()
    want = ticks / hz
    rate = ticks / result.elapsed
    # elapsed includes start-up, so the measured rate is a lower bound
    assert result.elapsed >= want * 0.98, "%d ticks in %.3f s: %.1f/s at --timer-hz %d" % (
        ticks, result.elapsed, rate, hz)
    assert result.elapsed <= want * 2.5 + 1.0, "%d ticks took %.3f s at --timer-hz %d" % (
        ticks, result.elapsed, hz)


# ------------------------------------------------------------ layering

_INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def module_of(name):
    return Path(name).stem


def include_graph():
    """module -> modules it includes (a module is NAME.c + NAME.h)."""
    graph = collections.defaultdict(set)
    for path in list(VMM.glob("*.c")) + list(VMM.glob("*.h")):
        for inc in _INCLUDE.findall(path.read_text()):
            if (VMM / inc).exists() and module_of(inc) != module_of(path.name):
                graph[module_of(path.name)].add(module_of(inc))
    return graph


def link_graph():
    """module -> modules whose functions or data it uses (from nm on the objects)."""
    objects = sorted(VMM.glob("*.o"))
    if not objects or not shutil.which("nm"):
        pytest.skip("vmm/ is not built or nm is missing")
    defined, undefined = {}, collections.defaultdict(set)
    for obj in objects:
        out = subprocess.run(["nm", str(obj)], capture_output=True, text=True, check=True).stdout
        for line in out.splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[1] in "TDBR":
                defined[parts[2]] = obj.stem
            elif len(parts) == 2 and parts[0] == "U":
                undefined[obj.stem].add(parts[1])
    graph = collections.defaultdict(set)
    for module, symbols in undefined.items():
        for sym in symbols:
            if sym in defined and defined[sym] != module:
                graph[module].add(defined[sym])
    return graph


def find_cycle(graph):
    state, stack = {}, []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


@pytest.mark.parametrize("which", ["includes", "calls"])
def test_vmm_has_no_dependency_loop(which):
    graph = include_graph() if which == "includes" else link_graph()
    cycle = find_cycle(graph)
    assert cycle is None, "vmm/ %s loop: %s" % (which, " -> ".join(cycle))


def test_layers_point_down():
    """Devices below the bus's users, the guest above its devices and vCPUs,
    the machine above the guest: no lower layer includes a higher one."""
    graph = include_graph()
    devices = {"pic", "serial", "fw_cfg", "debug_exit", "keyboard", "hypercall"}
    for low, high in [("bus", "vcpu"), ("bus", "guest"), ("vcpu", "guest"), ("vcpu", "machine"),
                      ("guest", "machine"), ("bus", "machine")] + \
                     [(d, "guest") for d in devices] + [(d, "machine") for d in devices]:
        assert high not in graph.get(low, set()), "%s includes %s" % (low, high)
    for d in devices:
        assert not (graph.get(d, set()) & (devices - {d, "keyboard"})), \
            "device %s includes another device: %s" % (d, graph.get(d))
