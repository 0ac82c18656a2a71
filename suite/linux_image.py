"""The Linux test image the suite builds itself (docs/LINUX.md): Debian's
stock kernel, from the kernel package `.ci/install-deps --testvm` unpacks
into the test VM's cache, and a tiny initramfs written here: a cpio
"newc" archive holding busybox (Debian's busybox-static) and an /init
that reports the kernel release, the CPU count and the memory size, runs
the command the kernel command line gives it, and powers off.

The archive is reproducible: fixed inode numbers, owners and times, the
entries in one order, gzip without a time stamp; the same busybox gives
the same bytes."""

import gzip
import os
import shutil
import stat
from pathlib import Path

BUSYBOX = Path("/usr/bin/busybox")

# The /init script. Its report lines go to /dev/kmsg, so they reach the
# serial console through printk (polled output) whatever the tty layer
# can do; "<2>" makes them show under `quiet` too. The command comes from
# the kernel command line as `mkvm_run="..."`: a parameter without a dot
# that the kernel does not know is handed to init in its environment.
INIT = r"""#!/bin/busybox sh
# mini-kvm's test /init (suite/linux_image.py): report, run, power off.
b=/bin/busybox
say() { echo "<2>mkvm-init: $*" > /dev/kmsg; }
$b mount -t devtmpfs dev /dev 2>/dev/null
say "started"
$b mount -t proc proc /proc
$b mount -t sysfs sys /sys
say "kernel $($b uname -r)"
say "cpus $($b grep -c ^processor /proc/cpuinfo)"
say "memory $($b awk '/^MemTotal/ { print $2 " " $3 }' /proc/meminfo)"
if [ -n "$mkvm_run" ]; then
	say "run: $mkvm_run"
	( eval "$mkvm_run" ) > /tmp/out 2>&1
	status=$?
	while IFS= read -r line; do say "| $line"; done < /tmp/out
	say "status $status"
fi
if [ -n "$mkvm_shell" ]; then
	say "shell on the console"
	$b setsid $b cttyhack $b sh -l
fi
say "powering off"
$b poweroff -f
"""


def kernel_cache():
    return Path(os.environ.get("MINI_KVM_TESTVM_CACHE") or
                Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "mini-kvm-testvm")


def find_kernel():
    """(vmlinuz path, release) of the newest unpacked Debian kernel package
    in the test VM's cache (the same choice tools/testvm makes), or
    (None, reason)."""
    root = kernel_cache() / "kernel"
    packages = sorted(p for p in root.glob("linux-image-*") if (p / "boot").is_dir()
                      and not p.name.endswith(".partial")) if root.is_dir() else []
    for package in reversed(packages):
        images = sorted((package / "boot").glob("vmlinuz-*"))
        if images:
            return images[-1], images[-1].name[len("vmlinuz-"):]
    return None, ("no Debian kernel package in %s (run .ci/install-deps --testvm)" % root)


def busybox_problem():
    if not BUSYBOX.exists():
        return "%s is missing (busybox-static; run .ci/install-deps --testvm)" % BUSYBOX
    with open(BUSYBOX, "rb") as f:
        if _has_interp(f.read()):
            return "%s is dynamically linked: install busybox-static" % BUSYBOX
    return None


def _has_interp(elf):
    """True if the ELF64 image has a PT_INTERP program header."""
    import struct
    if elf[:4] != b"\x7fELF" or elf[4] != 2:
        return True
    phoff, = struct.unpack_from("<Q", elf, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", elf, 0x36)
    for i in range(phnum):
        ptype, = struct.unpack_from("<I", elf, phoff + i * phentsize)
        if ptype == 3:
            return True
    return False


class Cpio:
    """A cpio archive in the "newc" format the kernel unpacks."""

    def __init__(self):
        self.data = bytearray()
        self.ino = 1

    def _entry(self, name, mode, body=b"", rdev=(0, 0), nlink=1):
        name_bytes = name.encode() + b"\0"
        fields = [self.ino, mode, 0, 0, nlink, 0, len(body), 0, 0, rdev[0], rdev[1], len(name_bytes), 0]
        self.ino += 1
        self.data += b"070701" + b"".join(b"%08X" % f for f in fields) + name_bytes
        self._pad()
        self.data += body
        self._pad()

    def _pad(self):
        self.data += b"\0" * (-len(self.data) % 4)

    def directory(self, name):
        self._entry(name, stat.S_IFDIR | 0o755, nlink=2)

    def file(self, name, body, mode=0o755):
        self._entry(name, stat.S_IFREG | mode, body)

    def symlink(self, name, target):
        self._entry(name, stat.S_IFLNK | 0o777, target.encode())

    def char_device(self, name, major, minor, mode=0o600):
        self._entry(name, stat.S_IFCHR | mode, rdev=(major, minor))

    def finish(self):
        self._entry("TRAILER!!!", 0)
        return bytes(self.data)


def initramfs_bytes(busybox=BUSYBOX):
    archive = Cpio()
    for d in ("bin", "dev", "proc", "sys", "tmp", "root"):
        archive.directory(d)
    archive.char_device("dev/console", 5, 1)
    archive.char_device("dev/kmsg", 1, 11, mode=0o644)
    archive.file("bin/busybox", Path(busybox).read_bytes())
    archive.symlink("bin/sh", "busybox")
    archive.file("init", INIT.encode())
    return gzip.compress(archive.finish(), compresslevel=6, mtime=0)


def build_initramfs(path, busybox=BUSYBOX):
    """Write the initramfs to PATH (if it is not already those bytes)."""
    data = initramfs_bytes(busybox)
    path = Path(path)
    if not path.exists() or path.read_bytes() != data:
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    return path


def cmdline(*extra, quiet=True):
    """The command line the suite boots the test image with: the serial
    console, no KASLR (the same layout every run), a panic that stays put
    (so the run ends at its report as guest-panic), and EXTRA."""
    words = ["console=ttyS0", "nokaslr", "printk.devkmsg=on", "reboot=k", "panic=0"]
    if quiet:
        words.append("quiet")
    return " ".join(words + list(extra))


if __name__ == "__main__":
    import sys
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "mkvm-initramfs.cpio.gz")
    build_initramfs(out)
    print(out)
