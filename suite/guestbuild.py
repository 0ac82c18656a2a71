"""Building guest images: the suite's own nasm guests (suite/guests/), and
student submissions for the grader (nasm, GNU as, gcc -m32).

Suite guests are built lazily, the first time a scenario needs one, with a
file lock so that parallel pytest workers build each image once. One
source serves three modes: suite/guests/NAME.asm becomes NAME.bin (real
mode, BITS=16), NAME-pm32.bin (BITS=32) and NAME-long.bin (BITS=64);
`make -C suite/guests` builds the same files the same way.

Student submissions are never built on the host directly: their steps are
argv lists run in a build box (suite/buildbox.py) over a private copy of
the one submission (suite/submission.py).
"""

import fcntl
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import buildbox
import mkvm

SUITE_GUESTS = mkvm.REPO / "suite" / "guests"
ASSIGNMENT_LIB = mkvm.REPO / "suite" / "assignments" / "lib"
LOCK_DIR = mkvm.REPO / "build"

_SUFFIX_BITS = {"": 16, "-pm32": 32, "-long": 64}
_IMAGE_NAME = re.compile(r"^([a-z0-9_]+)(-pm32|-long)?\.bin$")


class BuildError(Exception):
    """A build failed; the message carries the tool's output."""


def suite_guest_source(image):
    """(source, bits) if IMAGE is one of the suite's own guests, else None."""
    image = Path(image)
    if image.parent.resolve() != SUITE_GUESTS.resolve():
        return None
    match = _IMAGE_NAME.match(image.name)
    if not match:
        return None
    source = SUITE_GUESTS / (match.group(1) + ".asm")
    if not source.exists():
        return None
    return source, _SUFFIX_BITS[match.group(2) or ""]


def ensure_suite_guest(image):
    """Build IMAGE from its suite/guests source if it is missing or stale.
    Returns True if IMAGE is a suite guest (built or up to date)."""
    found = suite_guest_source(image)
    if not found:
        return False
    source, bits = found
    image = Path(image)
    if _up_to_date(image, source):
        return True
    LOCK_DIR.mkdir(exist_ok=True)
    with open(LOCK_DIR / "suite-guests.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not _up_to_date(image, source):
            assemble(source, image, defines={"BITS": bits}, include=SUITE_GUESTS)
    return True


def _up_to_date(image, source):
    if not image.exists():
        return False
    newest = max(p.stat().st_mtime for p in [source, *SUITE_GUESTS.glob("*.inc")])
    return image.stat().st_mtime >= newest


def _run_tool(argv, what, timeout=60):
    try:
        proc = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True,
                              timeout=timeout)
    except FileNotFoundError:
        raise BuildError("%s: %s is not installed" % (what, argv[0]))
    except subprocess.TimeoutExpired:
        raise BuildError("%s: %s took longer than %d s" % (what, argv[0], timeout))
    if proc.returncode != 0:
        output = (proc.stdout + proc.stderr).decode("utf-8", "replace").strip()
        raise BuildError("%s failed (%s exited %d):\n%s"
                         % (what, argv[0], proc.returncode, output[-3000:]))


def assemble(source, output, defines=None, include=None, fmt="bin"):
    """nasm SOURCE into OUTPUT (written atomically)."""
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=output.name + ".", dir=output.parent)
    os.close(fd)
    argv = ["nasm", "-f", fmt, "-o", tmp]
    for name, value in (defines or {}).items():
        argv.append("-D%s=%s" % (name, value))
    if include:
        argv += ["-I", str(include) + "/"]
    argv.append(str(source))
    try:
        _run_tool(argv, "assembling %s" % Path(source).name)
        os.replace(tmp, output)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


# What a student's build runs, as argv lists in the build box's own paths
# (buildbox.Paths). Nothing here runs a tool on the host directly.

_C_FLAGS = ["-m32", "-ffreestanding", "-fno-pic", "-fno-pie", "-nostdlib",
            "-fno-stack-protector", "-fno-asynchronous-unwind-tables", "-O2"]


def _asm_steps(sources, paths, flat_bits):
    source = sources[0]
    return [["nasm", "-f", "bin", "-DBITS=%d" % flat_bits,
             "-I", source.rsplit("/", 1)[0] + "/", "-o", paths.build + "/image.bin", source]]


def _link_step(objects, paths):
    return ["ld", "-m", "elf_i386", "-nostdlib", "-T", paths.lib + "/guest32.ld",
            "-o", paths.build + "/image.elf"] + objects


def _gas_steps(sources, paths, flat_bits):
    obj = paths.build + "/prog.o"
    return [["gcc", "-m32", "-c", "-o", obj, sources[0]], _link_step([obj], paths)]


def _c_steps(sources, paths, flat_bits):
    """gcc -m32 -ffreestanding with the assignment runtime: an ELF32 whose
    _start calls main() and exits with its return value (HC_EXIT_CODE)."""
    flags = ["gcc"] + _C_FLAGS + ["-I", paths.lib]
    start = paths.build + "/start.o"
    steps = [flags + ["-c", "-o", start, paths.lib + "/start.S"]]
    objects = [start]
    for i, source in enumerate(sources):
        obj = "%s/c%d.o" % (paths.build, i)
        steps.append(flags + ["-c", "-o", obj, source])
        objects.append(obj)
    return steps + [_link_step(objects, paths)]


_RECIPES = {".asm": (_asm_steps, "image.bin"), ".s": (_gas_steps, "image.elf"),
            ".c": (_c_steps, "image.elf")}


def build_submission(staged, workdir, flat_bits=16, box=None):
    """Turn a staged submission (submission.Staged) into a guest image in
    WORKDIR; returns the image's path, raises BuildError with the log.

    .bin/.img/.elf are used as they are; .asm is assembled flat (nasm -f
    bin, with BITS defined for the assignment's mode); .S is assembled with
    GNU as and linked; .c files are compiled freestanding and linked with
    start.S. Builds run in BOX (buildbox.Box, default: bwrap).
    """
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    source = Path(staged.source)
    suffix = source.suffix.lower()
    if suffix in (".bin", ".img", ".elf"):
        image = workdir / ("image" + suffix)
        shutil.copyfile(source, image)
    elif suffix in _RECIPES:
        image = _build_in_box(staged, workdir, flat_bits,
                              box or buildbox.Box("bwrap", ASSIGNMENT_LIB))
    else:
        raise BuildError("don't know how to build %s (expected .bin, .elf, .asm, .S or .c)"
                         % source.name)
    if image.stat().st_size == 0:
        raise BuildError("the built image is empty")
    return image


def _build_in_box(staged, workdir, flat_bits, box):
    recipe, image_name = _RECIPES[Path(staged.source).suffix.lower()]
    paths = box.paths(staged.root, workdir / "build")
    sources = [_in_box(p, staged.root, paths) for p in [staged.source] + staged.extra_sources]
    image = workdir / image_name
    outcome = box.run(recipe(sources, paths, flat_bits), staged.root, workdir / "build",
                      image_name, image, workdir / "build.log")
    if not outcome.ok:
        raise BuildError("the build of %s failed:\n%s"
                         % (os.fsdecode(Path(staged.source).name), outcome.log))
    return image


def _in_box(path, root, paths):
    return paths.src + "/" + Path(path).relative_to(root).as_posix()
