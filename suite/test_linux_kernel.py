"""Debian's stock kernel on mini-kvm (docs/LINUX.md): the suite builds its
initramfs itself (suite/linux_image.py: busybox-static and an /init that
reports the kernel release, the CPU count and the memory, runs a command
from the kernel command line and powers off) and boots the kernel package
`.ci/install-deps --testvm` unpacked into the test VM's cache. Skipped,
with the reason, where the kernel package or busybox-static is missing, on
kvm-pvm (it runs ring 0 emulated: far too slow for a test) and in the test
VM unless asked for (MINI_KVM_RUN_SLOW=stock-linux, as `make check-linux`
does: boots there stall now and then, under QEMU too)."""

import re

import pytest

import hostcaps
import linux_image
import mkvm

KERNEL, RELEASE_OR_WHY = linux_image.find_kernel()
BOOT_SECONDS = 60           # on hardware; times the host's factor (6 in the test VM)


def needs_stock_kernel(*requirements):
    if KERNEL is None:
        pytest.skip(RELEASE_OR_WHY)
    problem = linux_image.busybox_problem()
    if problem:
        pytest.skip(problem)
    reason = hostcaps.probe().first_missing(("long", "irqchip") + requirements)
    if reason:
        pytest.skip(reason)
    why = hostcaps.too_slow("stock-linux") or hostcaps.unreliable("stock-linux")
    if why:
        pytest.skip(why)


@pytest.fixture(scope="module")
def initramfs(tmp_path_factory):
    if linux_image.busybox_problem():
        pytest.skip(linux_image.busybox_problem())
    return linux_image.build_initramfs(tmp_path_factory.mktemp("linux") / "mkvm-initramfs.cpio.gz")


def boot(tmp_path, initramfs, *words, smp=1, mem="256M", expect=None):
    args = ["--kernel", KERNEL, "--initrd", initramfs, "--append", linux_image.cmdline(*words),
            "--mem", mem, "--smp", smp]
    return mkvm.run([], tmp_path, args=args, timeout=BOOT_SECONDS * hostcaps.time_factor(),
                    expect_bytes=expect)


def init_lines(transcript):
    r"""The /init's report lines in the order the kernel logged them. Any
    vCPU may print them and the transcript keeps one stream per vCPU, so
    they are put back in order by the kernel's timestamp (the console ends
    its lines with \r\n, which the transcript shows as a trailing \r)."""
    found = re.finditer(r"^vcpu \d+ out (?:\[ *([\d.]+)\] )?mkvm-init: (.*?)(?:\\r)?$", transcript, re.M)
    return [text for _, text in sorted(((float(m.group(1) or 0), m.group(2)) for m in found),
                                       key=lambda pair: pair[0])]


@pytest.mark.parametrize("smp", [1, 2])
def test_boot_to_init_and_power_off(tmp_path, initramfs, smp):
    needs_stock_kernel(*(["smp"] if smp > 1 else []))
    result = boot(tmp_path, initramfs, 'mkvm_run="uname -r; echo two words"', smp=smp)
    assert result.status == 0, result.describe()
    lines = init_lines(result.transcript)
    assert lines[:3] == ["started", "kernel " + RELEASE_OR_WHY, "cpus %d" % smp], result.transcript
    memory = re.fullmatch(r"memory (\d+) kB", lines[3])
    assert memory and 150 * 1024 < int(memory.group(1)) <= 256 * 1024, lines
    assert lines[4:] == ["run: uname -r; echo two words", "| " + RELEASE_OR_WHY, "| two words",
                         "status 0", "powering off"], result.transcript
    assert result.end_of(0)["reason"] == "poweroff", result.ends
    if smp > 1:
        assert result.end_of(1)["reason"] == "guest-ended", result.ends


def test_panic_ends_as_guest_panic(tmp_path, initramfs):
    """No init to run: the kernel panics, and the run ends at the end of
    its report as guest-panic (status 104), not at the timeout."""
    needs_stock_kernel()
    result = boot(tmp_path, initramfs, "rdinit=/nonexistent", "init=/nonexistent")
    assert result.status == 104, result.describe()
    assert result.end_of(0)["reason"] == "guest-panic", result.ends
    assert re.search(r"Kernel panic - not syncing: ", result.transcript)
    assert "---[ end Kernel panic" in result.transcript
    assert "mkvm-init: started" not in result.transcript


@pytest.mark.parametrize("command, reason, sign", [
    # reboot=k: the kernel pulses the reset line through the i8042
    ("reboot -f", "reboot", "mkvm-init: run: reboot -f"),
    # every CPU sleeps in KVM with interrupts off; the run ends at the
    # kernel's last words as halt
    ("halt -f", "halt", "reboot: System halted"),
])
def test_reboot_and_halt_end_the_run(tmp_path, initramfs, command, reason, sign):
    """busybox's reboot and halt end the run with status 0 and their own end."""
    needs_stock_kernel()
    result = boot(tmp_path, initramfs, 'mkvm_run="%s"' % command)
    assert result.status == 0, result.describe()
    assert result.end_of(0)["reason"] == reason, result.ends
    assert sign in result.transcript


def test_shell_over_the_serial_console(tmp_path, initramfs):
    """Keys typed into busybox's shell on ttyS0 (the UART's receive side,
    IRQ4) by an expect script; the shell's answer comes back on the tty."""
    needs_stock_kernel()
    limit = int(BOOT_SECONDS * hostcaps.time_factor())
    script = ('timeout %d\n'
              'expect "mkvm-init: shell on the console"\n'
              'expect "# "\n'
              'send "echo typed $((6 * 7)) on $(cat /sys/class/tty/console/active)\\n"\n'
              'expect "typed 42 on ttyS0"\n'
              'expect "# "\n'
              'send "exit\\n"\n'
              'expect "mkvm-init: powering off"\n' % limit).encode()
    result = boot(tmp_path, initramfs, "mkvm_shell=1", expect=script)
    assert result.status == 0, result.describe() + "\n" + (result.transcript or "")[-3000:]
    assert result.end_of(0)["reason"] == "poweroff", result.ends
    # (the echoed command line reads "typed $((6 * 7))": only the answer says 42)
    assert "typed 42 on ttyS0" in result.transcript


# ---- the image itself (no KVM needed) ---------------------------------------

def cpio_names(data):
    import gzip
    raw, names, at = gzip.decompress(data), [], 0
    while True:
        assert raw[at:at + 6] == b"070701", "bad cpio header at %d" % at
        fields = [int(raw[at + 6 + 8 * i: at + 14 + 8 * i], 16) for i in range(13)]
        namesize, filesize = fields[11], fields[6]
        name = raw[at + 110: at + 110 + namesize - 1].decode()
        if name == "TRAILER!!!":
            return names
        names.append(name)
        at = (at + 110 + namesize + 3) & ~3
        at = (at + filesize + 3) & ~3


def test_initramfs_is_reproducible(tmp_path):
    if linux_image.busybox_problem():
        pytest.skip(linux_image.busybox_problem())
    first = linux_image.build_initramfs(tmp_path / "a.cpio.gz").read_bytes()
    second = linux_image.build_initramfs(tmp_path / "b.cpio.gz").read_bytes()
    assert first == second
    assert cpio_names(first) == ["bin", "dev", "proc", "sys", "tmp", "root", "dev/console", "dev/kmsg",
                                 "bin/busybox", "bin/sh", "init"]
