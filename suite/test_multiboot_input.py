"""Bad Multiboot input (docs/DEVICES.md): headers the VMM cannot honour,
modules that are missing or do not fit, a kernel in too little RAM, and
options that make no sense without a Multiboot kernel. Each ends at once
with its documented status and a reason on stderr; a header with a bad
checksum is no header at all (the kernel then runs as a plain ELF32 and
finds no Multiboot magic in EAX)."""

import struct
import subprocess

import pytest

import hostcaps
import mkvm

MB = mkvm.REPO / "guests" / "multiboot"
HELLO = MB / "hello.elf"
MAGIC = 0x1BADB002


def vmm():
    path = mkvm.vmm_path()
    if not path.exists():
        pytest.fail("%s is not built (make -C vmm)" % path)
    return str(path)


def run(*args, timeout=20):
    return subprocess.run([vmm(), "--timeout", "5", "--quiet", *map(str, args)],
                          stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          timeout=timeout)


@pytest.fixture
def kernel():
    if not HELLO.exists():
        pytest.fail("%s is not built (make -C guests/multiboot)" % HELLO)
    return HELLO.read_bytes()


@pytest.fixture(autouse=True)
def needs_irqchip():
    reason = hostcaps.probe(str(mkvm.vmm_path())).first_missing(["kvm", "irqchip"])
    if reason:
        pytest.skip(reason)


def header_offset(data):
    for off in range(0, min(len(data), 8192) - 12, 4):
        magic, flags, checksum = struct.unpack_from("<III", data, off)
        if magic == MAGIC and (magic + flags + checksum) & 0xffffffff == 0:
            return off
    raise AssertionError("no Multiboot header in hello.elf")


def with_header(data, flags, checksum=None):
    off = header_offset(data)
    if checksum is None:
        checksum = (-(MAGIC + flags)) & 0xffffffff
    patched = bytearray(data)
    struct.pack_into("<II", patched, off + 4, flags, checksum)
    return bytes(patched)


def test_video_mode_flag_is_refused(kernel, tmp_path):
    image = tmp_path / "video.elf"
    image.write_bytes(with_header(kernel, 0x4))
    proc = run("--mem", "32M", image)
    assert proc.returncode == 102, proc.stderr
    assert "video mode" in proc.stderr


def test_unknown_required_flag_is_refused(kernel, tmp_path):
    image = tmp_path / "flag8.elf"
    image.write_bytes(with_header(kernel, 0x100))
    proc = run("--mem", "32M", image)
    assert proc.returncode == 102, proc.stderr
    assert "requires features" in proc.stderr


def test_bad_checksum_is_not_multiboot(kernel, tmp_path):
    image = tmp_path / "badsum.elf"
    image.write_bytes(with_header(kernel, 0, checksum=0x12345678))
    proc = run("--mem", "32M", "--transcript", "-", image)
    # A plain ELF32 guest now: entered without the Multiboot magic in EAX,
    # the kernel says so and fails through the debug-exit port (3 -> 7).
    assert proc.returncode == 7, proc.stderr
    assert "not started by a Multiboot loader" in proc.stdout
    proc = run("--mem", "32M", "--multiboot", image)
    assert proc.returncode == 102, proc.stderr
    assert "no Multiboot header" in proc.stderr


def test_kernel_needs_more_memory(kernel):
    proc = run(HELLO)                  # default 4M: the kernel links at 4 MiB
    assert proc.returncode == 102, proc.stderr
    assert "--mem" in proc.stderr


def test_missing_module(tmp_path):
    proc = run("--mem", "32M", "--module", tmp_path / "nope.env", HELLO)
    assert proc.returncode == 102, proc.stderr
    assert "module" in proc.stderr and "nope.env" in proc.stderr


def test_module_too_large_for_ram(tmp_path):
    big = tmp_path / "big.bin"
    big.write_bytes(b"\0" * (40 << 20))
    proc = run("--mem", "32M", "--module", big, HELLO)
    assert proc.returncode == 102, proc.stderr
    assert "does not fit" in proc.stderr or "limit" in proc.stderr


def test_cmdline_longer_than_a_page():
    # The info block is sized to what it holds (no fixed 4 KiB page any
    # more): a 5000-byte command line reaches the kernel, which keeps
    # what its own buffer holds.
    proc = subprocess.run([vmm(), "--timeout", "5", "--mem", "32M", "--cmdline", "x" * 5000 + " second", HELLO],
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=20)
    assert proc.returncode == 3, proc.stderr
    assert "argv[1] = xxxxxxxx" in proc.stdout


def test_module_without_multiboot_kernel(tmp_path):
    env = tmp_path / "a.env"
    env.write_text("A=1\n")
    proc = run("--module", env, mkvm.REPO / "guests" / "real" / "hello.bin")
    assert proc.returncode == 100, proc.stderr
    assert "Multiboot" in proc.stderr


@pytest.mark.parametrize("args", [["--smp", "5"], ["--smp", "0"], ["--smp", "two"],
                                  ["--smp", "2", "--vcpus", "2"]])
def test_bad_smp_options(args):
    proc = run("--mem", "32M", *args, HELLO)
    assert proc.returncode == 100, proc.stderr
    assert "--smp" in proc.stderr


def test_smp_takes_one_image():
    proc = run("--mem", "32M", "--smp", "2", HELLO, HELLO)
    assert proc.returncode == 100, proc.stderr


def test_multiboot_kernel_runs_alone():
    proc = run("--mem", "32M", HELLO, HELLO)
    assert proc.returncode == 100, proc.stderr
    assert "--smp" in proc.stderr


def test_host_check_reports_irqchip_and_smp():
    proc = subprocess.run([vmm(), "--host-check"], capture_output=True, text=True, timeout=30)
    names = [line.split()[0] for line in proc.stdout.splitlines() if line.strip()]
    assert "irqchip" in names and "smp" in names and "pm32-int" in names, proc.stdout
