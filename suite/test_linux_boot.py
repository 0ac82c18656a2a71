"""The Linux boot protocol's loader (vmm/bzimage.c, vmm/linux_boot.c,
docs/LINUX.md), with crafted kernels: guests/linux/bootinfo.bzImage is a
tiny kernel in the bzImage format that prints what it was handed at its
64-bit entry (the zero page's command line, initrd and e820 map, its
selectors and RSI) and powers off through ACPI; patched copies of it are
the bad kernels, each refused with status 102 and one line naming what is
wrong, before /dev/kvm is opened."""

import struct
import subprocess

import pytest

import hostcaps
import linux_image
import mkvm

BOOTINFO = mkvm.REPO / "guests" / "linux" / "bootinfo.bzImage"
MIB = 1 << 20


@pytest.fixture(scope="module")
def bootinfo():
    subprocess.run(["make", "-s", "-C", str(BOOTINFO.parent)], check=True)
    return BOOTINFO.read_bytes()


def needs(*requirements):
    reason = hostcaps.probe().first_missing(requirements)
    if reason:
        pytest.skip(reason)


def run_vmm(vmm, *args, timeout=20):
    return subprocess.run([str(vmm), *map(str, args)], stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=timeout)


def patched(data, offset, fmt, value):
    out = bytearray(data)
    struct.pack_into(fmt, out, offset, value)
    return bytes(out)


def assert_refused(proc, status, *needles):
    lines = [l for l in proc.stderr.splitlines() if l.strip()]
    assert proc.returncode == status, "status %s, stderr:\n%s" % (proc.returncode, proc.stderr)
    assert lines and lines[0].startswith("mini-kvm: "), proc.stderr
    for needle in needles:
        assert needle in lines[0], "%r not in %r" % (needle, lines[0])
    assert "Sanitizer" not in proc.stderr


# ---- what the kernel is handed ----------------------------------------------

def expected_report(cmdline, initrd, mem):
    initrd_addr = (mem - len(initrd)) & ~0xfff if initrd else 0
    first_line = initrd.split(b"\n")[0][:32].decode() if initrd else None
    lines = ["bootinfo: entered at 0x%016x rsi=0x%016x" % (0x1000000 + 0x200, 0x7000),
             "selectors: cs=0x0010 ds=0x0018 ss=0x0018 interrupts=0",
             "type_of_loader: 0xff",
             "cmdline: " + cmdline,
             "initrd: at 0x%08x size 0x%08x" % (initrd_addr, len(initrd))
             + (": " + first_line if initrd else ""),
             "e820 entries: 0x04",
             " %016x %016x 01" % (0, 0x9fc00),
             " %016x %016x 02" % (0x9fc00, 0x400),
             " %016x %016x 02" % (0xe0000, 0x20000),
             " %016x %016x 01" % (0x100000, mem - 0x100000),
             "powering off"]
    return lines


@pytest.mark.parametrize("smp", [1, 2])
def test_bootinfo_sees_the_zero_page(vmm, bootinfo, tmp_path, smp):
    needs("long", "irqchip", *(["smp"] if smp > 1 else []))
    initrd = tmp_path / "initrd.img"
    initrd.write_bytes(b"an initrd's first line\nand more" + bytes(5000))
    cmdline = "console=ttyS0 quiet mkvm.run=uname"
    result = mkvm.run([], tmp_path, args=["--kernel", BOOTINFO, "--initrd", initrd, "--append", cmdline,
                                          "--mem", "64M", "--smp", smp],
                      timeout=20 * hostcaps.time_factor())
    assert result.status == 0, result.describe()
    out = [l[len("vcpu 0 out "):] for l in result.transcript.splitlines() if l.startswith("vcpu 0 out ")]
    assert out == expected_report(cmdline, initrd.read_bytes(), 64 * MIB), result.transcript
    assert "vcpu 0 end poweroff" in result.transcript


def test_default_memory_is_256m_and_no_initrd(vmm, bootinfo, tmp_path):
    needs("long", "irqchip")
    result = mkvm.run([], tmp_path, args=["--kernel", BOOTINFO], timeout=20 * hostcaps.time_factor())
    assert result.status == 0, result.describe()
    out = [l[len("vcpu 0 out "):] for l in result.transcript.splitlines() if l.startswith("vcpu 0 out ")]
    assert out == expected_report("", b"", 256 * MIB)


def test_a_bzimage_given_as_the_image_is_detected(vmm, bootinfo, tmp_path):
    needs("long", "irqchip")
    result = mkvm.run([BOOTINFO], tmp_path, args=["--append", "detected"], timeout=20 * hostcaps.time_factor())
    assert result.status == 0, result.describe()
    assert "vcpu 0 out cmdline: detected" in result.transcript


# ---- bad kernels: status 102 before KVM -------------------------------------

BAD_KERNELS = {
    "truncated-header": (lambda d: d[:0x230], "truncated Linux kernel", "inside the setup header"),
    "truncated-kernel": (lambda d: d[:-64], "truncated Linux kernel", "the file holds"),
    "setup-only": (lambda d: d[:1024], "truncated Linux kernel", "setup code"),
    "wrong-magic": (lambda d: patched(d, 0x202, "4s", b"HdrX"), "not a Linux kernel", "HdrS"),
    "wrong-boot-flag": (lambda d: patched(d, 0x1fe, "<H", 0x1234), "not a Linux kernel", "boot flag 0x1234"),
    "protocol-2.10": (lambda d: patched(d, 0x206, "<H", 0x020a), "protocol 2.10 is too old", "2.12"),
    "no-64-bit-entry": (lambda d: patched(d, 0x236, "<H", 0x0000), "no 64-bit entry", "XLF_KERNEL_64"),
    "zimage": (lambda d: patched(d, 0x211, "B", 0x00), "zImage"),
    "odd-alignment": (lambda d: patched(d, 0x230, "<I", 0x300000), "kernel_alignment 0x300000"),
    "init-size-too-small": (lambda d: patched(d, 0x260, "<I", 0x10), "init_size 0x10"),
    "needs-more-ram": (lambda d: patched(d, 0x260, "<I", 0x7000000), "needs RAM up to 128 MiB", "--mem"),
    "short-header": (lambda d: patched(d, 0x201, "B", 0x10), "setup header ends at 0x212"),
}


@pytest.mark.parametrize("name", sorted(BAD_KERNELS))
def test_bad_kernel_is_refused(vmm, bootinfo, tmp_path, name):
    make, *needles = BAD_KERNELS[name]
    kernel = tmp_path / ("%s.bzImage" % name)
    kernel.write_bytes(make(bootinfo))
    proc = run_vmm(vmm, "--kernel", kernel, "--mem", "64M")
    assert_refused(proc, 102, *needles)


def test_initrd_too_large_for_the_room_above_the_kernel(vmm, bootinfo, tmp_path):
    kernel = tmp_path / "big.bzImage"
    kernel.write_bytes(patched(bootinfo, 0x260, "<I", 40 * MIB))   # the kernel needs 16 M + 40 M
    initrd = tmp_path / "initrd.img"
    initrd.write_bytes(bytes(9 * MIB))
    assert_refused(run_vmm(vmm, "--kernel", kernel, "--initrd", initrd, "--mem", "64M"), 102,
                   "initrd too large", "9437184 bytes")


def test_initrd_larger_than_ram(vmm, bootinfo, tmp_path):
    initrd = tmp_path / "initrd.img"
    with open(initrd, "wb") as f:
        f.truncate(65 * MIB)
    assert_refused(run_vmm(vmm, "--kernel", BOOTINFO, "--initrd", initrd, "--mem", "64M"), 102,
                   "initrd too large for 64 MiB")


def test_initrd_below_initrd_addr_max(vmm, bootinfo, tmp_path):
    """Without CAN_BE_LOADED_ABOVE_4G the initrd stays below initrd_addr_max."""
    needs("long", "irqchip")
    kernel = tmp_path / "low.bzImage"
    data = patched(patched(bootinfo, 0x22c, "<I", 0x1ffffff), 0x236, "<H", 0x0001)
    kernel.write_bytes(data)
    initrd = tmp_path / "initrd.img"
    initrd.write_bytes(b"x" * 100)
    result = mkvm.run([], tmp_path, args=["--kernel", kernel, "--initrd", initrd, "--mem", "64M"],
                      timeout=20 * hostcaps.time_factor())
    assert result.status == 0, result.describe()
    assert "initrd: at 0x01fff000 size 0x00000064" in result.transcript


def test_missing_initrd(vmm, bootinfo, tmp_path):
    assert_refused(run_vmm(vmm, "--kernel", BOOTINFO, "--initrd", tmp_path / "nothing"), 102,
                   "--initrd", "cannot open")


def test_command_line_longer_than_the_kernel_takes(vmm, bootinfo, tmp_path):
    assert_refused(run_vmm(vmm, "--kernel", BOOTINFO, "--append", "x" * 2048), 102,
                   "2048 bytes", "at most 2047")


def test_too_little_ram(vmm, bootinfo):
    assert_refused(run_vmm(vmm, "--kernel", BOOTINFO, "--mem", "1M"), 102, "needs more than 1024 KiB")


def test_kernel_with_an_image_is_a_usage_error(vmm, bootinfo):
    proc = run_vmm(vmm, "--kernel", BOOTINFO, BOOTINFO)
    assert_refused(proc, 100, "--kernel boots one Linux kernel")


def test_initrd_for_a_flat_image_is_a_usage_error(vmm, tmp_path):
    proc = run_vmm(vmm, "--initrd", mkvm.REPO / "guests" / "real" / "hello.bin",
                   mkvm.REPO / "guests" / "real" / "hello.bin")
    assert_refused(proc, 100, "--initrd is for Linux kernels")


def test_bad_kernel_is_refused_before_kvm(vmm, bootinfo, tmp_path):
    """Without /dev/kvm a bad kernel still gets 102, not 108."""
    import shutil
    if shutil.which("unshare") is None:
        pytest.skip("unshare(1) is not installed")
    kernel = tmp_path / "old.bzImage"
    kernel.write_bytes(patched(bootinfo, 0x206, "<H", 0x0209))
    proc = subprocess.run(["unshare", "-m", "sh", "-c", mkvm.HIDE_KVM + "test ! -e /dev/kvm && exec %s --kernel %s"
                           % (vmm, kernel)], capture_output=True, text=True, timeout=30)
    if "cannot" in proc.stderr and proc.returncode not in (102,):
        pytest.skip("cannot hide /dev/kvm here: " + proc.stderr.strip())
    assert_refused(proc, 102, "protocol 2.09 is too old")


# ---- Debian's stock kernel, damaged: the same refusals on a real image ------

@pytest.fixture(scope="module")
def stock_kernel():
    """The bytes of the kernel suite/test_linux_kernel.py boots (none is
    booted here: each is refused before /dev/kvm, so this runs anywhere)."""
    kernel, why = linux_image.find_kernel()
    if kernel is None:
        pytest.skip(why)
    return kernel.read_bytes()


STOCK_DAMAGE = {
    "cut-in-half": (lambda d: d[:len(d) // 2], "truncated Linux kernel", "the file holds"),
    "cut-in-the-header": (lambda d: d[:0x220], "truncated Linux kernel", "inside the setup header"),
    "wrong-magic": (lambda d: patched(d, 0x202, "4s", b"hdrs"), "not a Linux kernel", "HdrS"),
    "protocol-2.11": (lambda d: patched(d, 0x206, "<H", 0x020b), "protocol 2.11 is too old", "2.12"),
}


@pytest.mark.parametrize("name", sorted(STOCK_DAMAGE))
def test_damaged_stock_kernel_is_refused(vmm, stock_kernel, tmp_path, name):
    make, *needles = STOCK_DAMAGE[name]
    kernel = tmp_path / ("vmlinuz-%s" % name)
    kernel.write_bytes(make(stock_kernel))
    assert_refused(run_vmm(vmm, "--kernel", kernel), 102, *needles)


def test_stock_kernel_needs_more_ram_than_given(vmm, stock_kernel, tmp_path):
    """Debian's kernel decompresses to 16 MiB + its init_size (about 80 MiB)."""
    init_size, = struct.unpack_from("<I", stock_kernel, 0x260)
    needed = -(-(0x1000000 + init_size) // MIB)
    kernel = tmp_path / "vmlinuz"
    kernel.write_bytes(stock_kernel)
    assert_refused(run_vmm(vmm, "--kernel", kernel, "--mem", "%dM" % (needed - 1)), 102,
                   "needs RAM up to %d MiB" % needed, "--mem")


def test_initrd_too_large_for_the_stock_kernel(vmm, stock_kernel, tmp_path):
    """Room for the initrd is what RAM leaves above the kernel's init_size."""
    init_size, = struct.unpack_from("<I", stock_kernel, 0x260)
    mem = -(-(0x1000000 + init_size) // MIB) + 8            # 8 MiB or less above the kernel
    kernel = tmp_path / "vmlinuz"
    kernel.write_bytes(stock_kernel)
    initrd = tmp_path / "initrd.img"
    with open(initrd, "wb") as f:
        f.truncate(9 * MIB)
    assert_refused(run_vmm(vmm, "--kernel", kernel, "--initrd", initrd, "--mem", "%dM" % mem), 102,
                   "initrd too large", "%d bytes" % (9 * MIB))
