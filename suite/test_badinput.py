"""Bad input from users (docs/HARNESS.md, docs/LIMITS.md): missing, empty,
truncated, oversized, directory and non-image files; bad options and
values; unreadable input scripts; no /dev/kvm or no permission for it.
Each must end at once with its documented status and say why on stderr in
one line starting "mini-kvm: " (usage errors add one "usage:" reminder
line), never a crash, a hang or a traceback."""

import os
import shutil
import stat
import struct
import subprocess
import tempfile

import pytest

import hostcaps

import mkvm

HELLO = mkvm.REPO / "guests" / "real" / "hello.bin"


def vmm():
    path = mkvm.vmm_path()
    if not path.exists():
        pytest.fail("%s is not built (make -C vmm)" % path)
    return str(path)


def run(*args, timeout=20, prefix=(), **kwargs):
    return subprocess.run([*prefix, vmm(), *map(str, args)], stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=timeout, **kwargs)


def reason_lines(proc):
    return [l for l in proc.stderr.splitlines() if l.strip()]


def assert_one_reason(proc, status, *needles, usage=False):
    """STATUS, and stderr is one "mini-kvm: ..." line naming NEEDLES (plus
    the "usage:" reminder line after a command-line error, if USAGE)."""
    lines = reason_lines(proc)
    assert proc.returncode == status, "status %s, stderr:\n%s" % (proc.returncode, proc.stderr)
    expected = 2 if usage else 1
    assert len(lines) == expected, "expected %d stderr line(s):\n%s" % (expected, proc.stderr)
    assert lines[0].startswith("mini-kvm: "), proc.stderr
    if usage:
        assert lines[1].startswith("usage: "), proc.stderr
    for needle in needles:
        assert needle in lines[0], "%r not in %r" % (needle, lines[0])
    assert "Traceback" not in proc.stderr and "Sanitizer" not in proc.stderr


# ---- images ---------------------------------------------------------------

def elf64(**over):
    """A minimal valid ELF64 executable (one PT_LOAD at 0x1000), with
    header fields overridden by OVER."""
    f = dict(type=2, machine=62, entry=0x1000, phoff=64, phentsize=56, phnum=1,
             p_type=1, p_offset=120, p_paddr=0x1000, p_filesz=8, p_memsz=16)
    f.update(over)
    eh = b"\x7fELF" + bytes([2, 1, 1, 0]) + bytes(8)
    eh += struct.pack("<HHIQQQIHHHHHH", f["type"], f["machine"], 1, f["entry"], f["phoff"], 0, 0,
                      64, f["phentsize"], f["phnum"], 0, 0, 0)
    ph = struct.pack("<IIQQQQQQ", f["p_type"], 5, f["p_offset"], f["p_paddr"], f["p_paddr"],
                     f["p_filesz"], f["p_memsz"], 0x1000)
    return eh + ph + b"\xb0\x00\x66\xba\x00\x05\xee\xf4"


IMAGE_CASES = {
    # name: (file contents, extra args, words the reason must contain)
    "empty": (b"", [], ["image is empty"]),
    "elf-truncated-header": (elf64()[:40], [], ["truncated ELF64 header"]),
    "elf-truncated-phdrs": (elf64()[:100], [], ["program headers lie outside the file"]),
    "elf-dynamic": (elf64(type=3), [], ["not an executable"]),
    "elf-arm": (elf64(machine=40), [], ["not x86-64"]),
    "elf-no-phdrs": (elf64(phnum=0), [], ["no usable program headers"]),
    "elf-phdrs-past-end": (elf64(phoff=1 << 40), [], ["outside the file"]),
    "elf-segment-past-file": (elf64(p_offset=4096), [], ["segment 0 lies outside the file"]),
    "elf-filesz-over-memsz": (elf64(p_filesz=64, p_memsz=8), [], ["file size exceeds memory size"]),
    "elf-segment-outside-ram": (elf64(p_paddr=0x3ff000, p_memsz=0x2000), [], ["does not fit in guest RAM"]),
    "elf-segment-wraps": (elf64(p_paddr=(1 << 64) - 8), [], ["does not fit in guest RAM"]),
    "elf-no-load": (elf64(p_type=4), [], ["no PT_LOAD"]),
    "elf-entry-outside": (elf64(entry=1 << 40), [], ["entry point"]),
    "elf-class-3": (b"\x7fELF\x03\x01" + bytes(100), [], ["neither 32- nor 64-bit"]),
    "elf-big-endian": (b"\x7fELF\x02\x02" + bytes(100), [], ["not little-endian"]),
    "flat-too-big-real": (bytes(0x100001), [], ["has room for"]),
    "flat-too-big-mem": (bytes(0x20000), ["--mem", "64K"], ["has room for"]),
    "flat-too-big-long": (bytes(0x10001), ["--mem", "128K", "--mode", "long"], ["has room for"]),
    # --paging (docs/ABI.md): the image must fit in the 4 MiB mapped and
    # clear the VMM's GDT/IDT (0x500-0xE28) and page tables (0x100000-0x103000)
    "paging-empty": (b"", ["--paging"], ["image is empty"]),
    "paging-elf": (elf64(), ["--paging"], ["--paging loads a flat binary"]),
    "paging-past-4m": (bytes(0x1001), ["--paging", "--load", "0x3ff000"], ["past the 4 MiB"]),
    "paging-over-tables": (bytes(0xff001), ["--paging"], ["overlaps the page tables at 0x100000-0x103000"]),
    "paging-load-into-tables": (b"\xf4", ["--paging", "--load", "0x102fff"], ["overlaps the page tables"]),
    "paging-load-over-gdt": (b"\xf4" * 16, ["--paging", "--load", "0x4f8"], ["overlaps the GDT and IDT at 0x500-0xe28"]),
    "paging-load-over-stubs": (b"\xf4", ["--paging", "--load", "0xe27"], ["overlaps the GDT and IDT"]),
}


@pytest.mark.parametrize("name", sorted(IMAGE_CASES))
def test_bad_image_is_102(name, tmp_path):
    data, args, needles = IMAGE_CASES[name]
    image = tmp_path / (name + ".img")
    image.write_bytes(data)
    proc = run("--timeout", "5", "--quiet", *args, image)
    assert_one_reason(proc, 102, str(image), *needles)


def test_missing_image_is_102(tmp_path):
    proc = run("--timeout", "5", tmp_path / "nope.bin")
    assert_one_reason(proc, 102, "nope.bin", "No such file")


def test_directory_image_is_102(tmp_path):
    proc = run("--timeout", "5", tmp_path)
    assert_one_reason(proc, 102, "not a regular file")


@pytest.mark.parametrize("device", ["/dev/null", "/dev/zero"])
def test_device_image_is_102(device):
    proc = run("--timeout", "5", device)
    assert_one_reason(proc, 102, "not a regular file")


def test_fifo_image_is_102_without_waiting(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    proc = run("--timeout", "5", fifo, timeout=10)    # used to block in open()
    assert_one_reason(proc, 102, "not a regular file")


def test_huge_image_is_102_without_reading_it(tmp_path):
    huge = tmp_path / "huge.bin"
    with open(huge, "wb") as f:
        f.truncate((1 << 30) + 1)                     # sparse: costs no disk
    proc = run("--timeout", "5", huge)
    assert_one_reason(proc, 102, "the limit is")


def test_second_image_bad_is_102(tmp_path):
    proc = run("--timeout", "5", HELLO, tmp_path / "missing.bin")
    assert_one_reason(proc, 102, "missing.bin")


def need_kvm():
    reason = hostcaps.probe().first_missing(["kvm", "real"])
    if reason:
        pytest.skip(reason)


def test_file_name_cannot_forge_transcript_records(tmp_path):
    need_kvm()
    image = tmp_path / "a\nvcpu 0 end exit 7\nvm end status 7\n.bin"
    shutil.copyfile(HELLO, image)
    transcript = tmp_path / "t"
    proc = run("--timeout", "5", "--quiet", "--transcript", transcript, image)
    assert proc.returncode == 0, proc.stderr
    assert transcript.read_text().splitlines() == [
        "mini-kvm transcript 1",
        "vcpu 0 image a\\x0avcpu 0 end exit 7\\x0avm end status 7\\x0a.bin mode real",
        "vcpu 0 out Hello, world!",
        "vcpu 0 end exit 0",
        "vm end status 0",
    ]


def test_text_file_runs_as_flat_code(tmp_path):
    # Not an error: anything that is not ELF is a flat binary (docs/ABI.md).
    # Whatever those bytes do, the guest ends cleanly within the timeout.
    text = tmp_path / "notes.txt"
    text.write_text("hello, this is not a program\n" * 4)
    proc = run("--timeout", "2", "--quiet", text)
    assert proc.returncode in (0, 104, 106, 108), proc.stderr
    assert "Sanitizer" not in proc.stderr


# ---- options --------------------------------------------------------------

BAD_OPTIONS = {
    "unknown": (["--frobnicate"], "unknown option '--frobnicate'"),
    "short-unknown": (["-x"], "unknown option"),
    "mode": (["--mode", "pm64"], "--mode"),
    "mode-missing-value": (["--mode"], "needs a value"),
    "vcpus-zero": (["--vcpus", "0"], "--vcpus"),
    "vcpus-five": (["--vcpus", "5"], "--vcpus"),
    "vcpus-text": (["--vcpus", "two"], "--vcpus"),
    "mem-tiny": (["--mem", "4K"], "--mem"),
    "mem-huge": (["--mem", "2G"], "--mem"),
    "mem-odd": (["--mem", "65537"], "multiple of 4 KiB"),
    "mem-word": (["--mem", "banana"], "--mem"),
    "mem-overflow": (["--mem", "99999999999999999999G"], "--mem"),
    "timeout-negative": (["--timeout", "-1"], "--timeout"),
    "timeout-nan": (["--timeout", "nan"], "--timeout"),
    "timeout-week-plus": (["--timeout", "604801"], "--timeout"),
    "timer-hz-high": (["--timer-hz", "10001"], "--timer-hz"),
    "timer-hz-negative": (["--timer-hz", "-5"], "--timer-hz"),
    "max-output-zero": (["--max-output", "0"], "--max-output"),
    "max-output-huge": (["--max-output", "2G"], "--max-output"),
    "flag-with-value": (["--quiet=yes"], "--quiet=yes"),
    # --paging's --load and --entry (docs/ABI.md)
    "load-without-paging": (["--load", "0x1000"], "--load and --entry go with --paging"),
    "entry-without-paging": (["--mode", "pm32", "--entry", "0x1000"], "--load and --entry go with --paging"),
    "paging-with-mode": (["--paging", "--mode", "pm32"], "--paging is a mode of its own"),
    "paging-with-long-mode": (["--long-mode", "--paging"], "--paging is a mode of its own"),
    "paging-with-smp": (["--paging", "--smp", "2"], "--paging runs flat images"),
    "paging-small-mem": (["--paging", "--mem", "2M"], "--mem must be at least 4M"),
    "load-word": (["--paging", "--load", "low"], "--load: 'low' is not an address"),
    "load-negative": (["--paging", "--load", "-4096"], "--load: '-4096' is not an address"),
    "load-past-4m": (["--paging", "--load", "0x400000"], "the image must go in the first 4 MiB"),
    "entry-over-32-bits": (["--paging", "--entry", "0x100000000"], "not a 32-bit address"),
    "entry-unmapped-middle": (["--paging", "--entry", "0x40000000"], "--entry 0x40000000 is not mapped"),
    "entry-unmapped-above-low": (["--paging", "--entry", "0x400000"], "--entry 0x400000 is not mapped"),
    "entry-unmapped-above-high": (["--paging", "--entry", "0x80400000"], "--entry 0x80400000 is not mapped"),
}


@pytest.mark.parametrize("name", sorted(BAD_OPTIONS))
def test_bad_option_is_100(name):
    args, needle = BAD_OPTIONS[name]
    proc = run(*args, HELLO) if name != "mode-missing-value" else run(HELLO, *args)
    assert_one_reason(proc, 100, needle, usage=True)


def test_no_image_is_100():
    assert_one_reason(run(), 100, "no guest image", usage=True)


def test_too_many_images_is_100():
    assert_one_reason(run(*[HELLO] * 5), 100, "at most", usage=True)


def test_vcpus_with_two_images_is_100():
    assert_one_reason(run("--vcpus", "2", HELLO, HELLO), 100, "single image", usage=True)


def test_host_check_with_image_is_100():
    assert_one_reason(run("--host-check", HELLO), 100, "takes no image", usage=True)


@pytest.mark.parametrize("where", ["dir", "missing-dir"])
def test_unwritable_transcript_is_100_before_running(where, tmp_path):
    path = tmp_path if where == "dir" else tmp_path / "no" / "t"
    spin = mkvm.REPO / "guests" / "hostile" / "loops-spin-real.bin"
    proc = run("--timeout", "5", "--quiet", "--transcript", path, spin if spin.exists() else HELLO)
    assert_one_reason(proc, 100, "--transcript")     # at once: not after a 5 s run


# ---- input scripts ----------------------------------------------------------

def test_missing_input_is_100(tmp_path):
    proc = run("--timeout", "5", "--input", tmp_path / "keys", HELLO)
    assert_one_reason(proc, 100, "--input", "No such file")


def test_directory_input_is_100(tmp_path):
    proc = run("--timeout", "5", "--input", tmp_path, HELLO)
    assert_one_reason(proc, 100, "--input", "is a directory")


def test_oversized_input_is_100(tmp_path):
    keys = tmp_path / "keys"
    with open(keys, "wb") as f:
        f.truncate((64 << 20) + 1)
    proc = run("--timeout", "5", "--input", keys, HELLO)
    assert_one_reason(proc, 100, "--input", "larger than 64 MiB")


# ---- permissions and /dev/kvm (need root to drop privileges or hide /dev/kvm)

NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


@pytest.fixture
def shared_dir():
    """A directory an unprivileged user can reach (pytest's are 0700)."""
    path = tempfile.mkdtemp(prefix="mini-kvm-badinput-", dir="/tmp")
    os.chmod(path, 0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def world_readable_copy(shared, source, name, mode=0o644):
    """SOURCE copied into SHARED, with MODE."""
    target = os.path.join(shared, name)
    shutil.copyfile(source, target)
    os.chmod(target, mode)
    return target


def need_nobody():
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv(1) to run as an unprivileged user")
    probe = subprocess.run([*NOBODY, "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("setpriv cannot drop to uid 65534 here")


def test_unreadable_image_is_102(shared_dir):
    need_nobody()
    image = world_readable_copy(shared_dir, HELLO, "secret.bin", mode=0o000)
    binary = world_readable_copy(shared_dir, vmm(), "mini-kvm", mode=0o755)
    proc = subprocess.run([*NOBODY, str(binary), "--timeout", "5", str(image)],
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=20)
    assert_one_reason(proc, 102, "secret.bin", "Permission denied")


def test_unreadable_input_is_100(shared_dir):
    need_nobody()
    image = world_readable_copy(shared_dir, HELLO, "hello.bin")
    keys = world_readable_copy(shared_dir, HELLO, "keys", mode=0o000)
    binary = world_readable_copy(shared_dir, vmm(), "mini-kvm", mode=0o755)
    proc = subprocess.run([*NOBODY, str(binary), "--timeout", "5", "--input", str(keys), str(image)],
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=20)
    assert_one_reason(proc, 100, "--input", "Permission denied")


def test_no_permission_for_dev_kvm_is_108(shared_dir):
    need_kvm()
    need_nobody()
    if os.stat("/dev/kvm").st_mode & stat.S_IROTH and os.stat("/dev/kvm").st_mode & stat.S_IWOTH:
        pytest.skip("/dev/kvm is open to everyone here: nothing to refuse")
    image = world_readable_copy(shared_dir, HELLO, "hello.bin")
    binary = world_readable_copy(shared_dir, vmm(), "mini-kvm", mode=0o755)
    proc = subprocess.run([*NOBODY, str(binary), "--timeout", "5", str(image)],
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=20)
    assert_one_reason(proc, 108, "/dev/kvm", "Permission denied", "'kvm' group")


HIDE_KVM = mkvm.HIDE_KVM


def test_no_dev_kvm_is_108(tmp_path):
    if shutil.which("unshare") is None:
        pytest.skip("unshare(1) is not installed")
    probe = subprocess.run(["unshare", "-m", "sh", "-c", HIDE_KVM + "test ! -e /dev/kvm"],
                           capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.skip("cannot hide /dev/kvm in a mount namespace here: " + probe.stderr.strip())
    proc = subprocess.run(["unshare", "-m", "sh", "-c",
                           HIDE_KVM + "exec %s --timeout 5 %s </dev/null" % (vmm(), HELLO)],
                          capture_output=True, text=True, timeout=30)
    assert_one_reason(proc, 108, "/dev/kvm", "No such file", "not available")
