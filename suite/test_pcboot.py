"""PC-style boot (docs/BIOS.md): --disk files and what reaches them, the
first --disk booted without an IMAGE, a second drive, and every bad disk
refused with status 102 (or 100) and one line naming it, before any guest
runs."""

import shutil
import subprocess

import pytest

import hostcaps
import mkvm

BOOT = mkvm.REPO / "guests" / "boot"
DISKWRITE = BOOT / "diskwrite.bin"
MESSAGE = b"written by the guest\0"
SECTOR = 512


def vmm():
    path = mkvm.vmm_path()
    if not path.exists():
        pytest.fail("%s is not built (make -C vmm)" % path)
    return str(path)


def run(*args, timeout=20):
    return subprocess.run([vmm(), "--timeout", "10", *map(str, args)], stdin=subprocess.DEVNULL,
                          capture_output=True, timeout=timeout)


def need_kvm():
    reason = hostcaps.probe().first_missing(["kvm", "real"])
    if reason:
        pytest.skip(reason)


def transcript_lines(path):
    return path.read_text().splitlines()


# ---- what reaches the file --------------------------------------------------

def test_disk_writes_stay_private_by_default(tmp_path):
    need_kvm()
    disk = tmp_path / "disk.img"
    shutil.copyfile(DISKWRITE, disk)
    before = disk.read_bytes()
    proc = run("--quiet", "--transcript", tmp_path / "t", "--disk", disk)
    assert proc.returncode == 0, proc.stderr
    lines = transcript_lines(tmp_path / "t")
    assert "vcpu 0 disk 0x80 disk.img private-copy" in lines
    assert "vcpu 0 out read back: written by the guest\\r" in lines
    assert disk.read_bytes() == before


def test_disk_write_reaches_the_file(tmp_path):
    need_kvm()
    disk = tmp_path / "disk.img"
    shutil.copyfile(DISKWRITE, disk)
    before = disk.read_bytes()
    proc = run("--quiet", "--transcript", tmp_path / "t", "--disk", disk, "--disk-write")
    assert proc.returncode == 0, proc.stderr
    assert "vcpu 0 disk 0x80 disk.img write-through" in transcript_lines(tmp_path / "t")
    after = disk.read_bytes()
    # sector 2 (CHS 0/0/3) holds the message, and nothing else changed
    assert after[2 * SECTOR:2 * SECTOR + len(MESSAGE)] == MESSAGE
    assert after[:2 * SECTOR] == before[:2 * SECTOR]
    assert after[3 * SECTOR:] == before[3 * SECTOR:]


def test_boot_image_is_never_written(tmp_path):
    """A boot-sector IMAGE is drive 0x80 as a private copy, --disk-write or not."""
    need_kvm()
    image = tmp_path / "boot.bin"
    shutil.copyfile(DISKWRITE, image)
    data = tmp_path / "data.img"
    data.write_bytes(bytes(4 * SECTOR))
    proc = run("--quiet", "--transcript", tmp_path / "t", "--disk", data, "--disk-write", image)
    assert proc.returncode == 0, proc.stderr
    lines = transcript_lines(tmp_path / "t")
    assert "vcpu 0 disk 0x80 boot.bin private-copy" in lines
    assert "vcpu 0 disk 0x81 data.img write-through" in lines
    assert image.read_bytes() == DISKWRITE.read_bytes()
    assert data.read_bytes() == bytes(4 * SECTOR)


def test_boot_image_shorter_than_a_sector_multiple_is_padded(tmp_path):
    """A boot-sector IMAGE whose last sector is short (cat boot.bin stage2.bin)
    reads as if padded with zeros, as under QEMU."""
    need_kvm()
    image = tmp_path / "chs-short.bin"
    image.write_bytes((BOOT / "chs.bin").read_bytes()[:SECTOR + 700])
    proc = run("--quiet", "--transcript", tmp_path / "t", image)
    assert proc.returncode == 0, proc.stderr
    assert "vcpu 0 out stage 2: running at 0x7E00\\r" in transcript_lines(tmp_path / "t")


# ---- bad disks --------------------------------------------------------------

def one_line(proc, status, *needles):
    lines = [l for l in proc.stderr.decode().splitlines() if l.strip()]
    assert proc.returncode == status, proc.stderr
    assert lines and lines[0].startswith("mini-kvm: "), proc.stderr
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    assert len(lines) == (2 if status == 100 and "usage" in proc.stderr.decode() else 1), proc.stderr


def test_missing_disk_is_102(tmp_path):
    one_line(run("--disk", tmp_path / "nope.img"), 102, "nope.img", "No such file")


def test_empty_disk_is_102(tmp_path):
    disk = tmp_path / "empty.img"
    disk.write_bytes(b"")
    one_line(run("--disk", disk), 102, "empty.img", "empty")


def test_disk_not_whole_sectors_is_102(tmp_path):
    disk = tmp_path / "odd.img"
    disk.write_bytes(DISKWRITE.read_bytes() + b"x")
    one_line(run("--disk", disk), 102, "odd.img", "not a whole number of 512-byte sectors")


def test_boot_disk_without_signature_is_102(tmp_path):
    disk = tmp_path / "nosig.img"
    disk.write_bytes(bytes(SECTOR))
    one_line(run("--disk", disk), 102, "nosig.img", "no boot signature")


def test_second_disk_needs_no_signature_but_whole_sectors(tmp_path):
    data = tmp_path / "data.img"
    data.write_bytes(bytes(SECTOR + 1))
    one_line(run("--disk", data, DISKWRITE), 102, "data.img", "512-byte sectors")


def test_disk_directory_is_102(tmp_path):
    one_line(run("--disk", tmp_path), 102, "not a regular file")


def test_disk_beside_a_non_boot_image_is_102(tmp_path):
    data = tmp_path / "data.img"
    data.write_bytes(bytes(SECTOR))
    hello = mkvm.REPO / "guests" / "real" / "hello.bin"
    one_line(run("--disk", data, hello), 102, "hello.bin", "not a boot sector")


def test_bios_guest_needs_1M_of_ram(tmp_path):
    one_line(run("--mem", "512K", BOOT / "hello.bin"), 100, "--mem", "1M")


def test_disk_with_two_images_is_a_usage_error(tmp_path):
    proc = run("--disk", DISKWRITE, BOOT / "hello.bin", BOOT / "hello.bin")
    assert proc.returncode == 100
    assert b"at most one IMAGE" in proc.stderr


def test_smp_with_disk_and_an_image_is_a_usage_error():
    proc = run("--disk", DISKWRITE, "--smp", "2", BOOT / "hello.bin")
    assert proc.returncode == 100
    assert b"none with --smp" in proc.stderr


def test_disk_write_without_disk_is_a_usage_error():
    proc = run("--disk-write", BOOT / "hello.bin")
    assert proc.returncode == 100
    assert b"--disk-write needs a --disk" in proc.stderr


# ---- the IDE channel (guests/boot/ide.asm) -----------------------------------

IDE = BOOT / "ide.bin"
IDE_WRITTEN_SECTOR = 4


def ide_lines(sectors):
    return ["IDE model: MINI-KVM HARDDIS, sectors 0x%08X" % sectors,
            "LBA 3: sector 3's marker line", "CHS 0/0/4: sector 3's marker line",
            "slave status: 0x0000", "write and read back: ok",
            "past the end: status/error 0x5114", "SRST: status during/after 0x8050"]


def out_lines(path):
    prefix = "vcpu 0 out "
    return [line[len(prefix):].removesuffix("\\r") for line in transcript_lines(path)
            if line.startswith(prefix)]


def test_ide_on_a_pc_of_two_vcpus(tmp_path):
    """--disk with --smp 2: one PC on KVM's in-kernel irqchip; the guest's
    IDE commands behave as on the one-vCPU PC, its write stays private."""
    reason = hostcaps.probe().first_missing(["kvm", "real", "irqchip", "smp"])
    if reason:
        pytest.skip(reason)
    disk = tmp_path / "ide.img"
    shutil.copyfile(IDE, disk)
    before = disk.read_bytes()
    proc = run("--quiet", "--transcript", tmp_path / "t", "--disk", disk, "--smp", "2")
    assert proc.returncode == 1, proc.stderr
    assert out_lines(tmp_path / "t") == ide_lines(len(before) // SECTOR)
    assert disk.read_bytes() == before


def test_ide_write_reaches_the_file_with_disk_write(tmp_path):
    need_kvm()
    disk = tmp_path / "ide.img"
    shutil.copyfile(IDE, disk)
    before = disk.read_bytes()
    proc = run("--quiet", "--disk", disk, "--disk-write")
    assert proc.returncode == 1, proc.stderr
    after = disk.read_bytes()
    start = IDE_WRITTEN_SECTOR * SECTOR
    assert after[start:start + SECTOR] == b"\x5a\xa5" * (SECTOR // 2)
    assert after[:start] == before[:start] and after[start + SECTOR:] == before[start + SECTOR:]


# ---- keys from a terminal ---------------------------------------------------

def test_terminal_keys_reach_int16_with_escape_sequences():
    """On a terminal, an arrow or F-key arrives as one read of an escape
    sequence and reaches the guest as one key; a lone Esc is Esc."""
    need_kvm()
    import os
    import pty
    import select
    import time

    pid, fd = pty.fork()
    if pid == 0:
        os.execv(vmm(), ["mini-kvm", "--timeout", "10", str(BOOT / "keys.bin")])
    out = b""

    def pump(seconds):
        nonlocal out
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if ready:
                try:
                    out += os.read(fd, 4096)
                except OSError:
                    return
    try:
        pump(1.0)
        for keys in (b"ab", b"\x1b[A", b"\x1bOP", b"C\r", b"\x1b"):
            os.write(fd, keys)
            pump(0.3)
        pump(1.0)
    finally:
        _, status = os.waitpid(pid, 0)
        os.close(fd)
    assert os.waitstatus_to_exitcode(status) == 0, out
    assert b"Type (Esc ends): ab[4800][3B00]C\r" in out
    assert b"shift flags: 0x0000" in out
