"""What a student handed in: finding the submissions in a folder, and
copying one of them into a private directory for its build.

Everything here treats the submissions folder as hostile. Nothing follows a
symbolic link: a link at the top level is a refused submission, a link
inside a student's folder is skipped (and said so); files are opened with
O_NOFOLLOW relative to their already-opened parent directory, so a link
swapped in between the look and the open is refused too. Hidden files and
`__MACOSX` folders are skipped. Copies are bounded in files, depth and
bytes. The build then sees only the copy (suite/buildbox.py).
"""

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

# When a submission directory holds several candidates, the first kind wins.
PREFERENCE = [".c", ".s", ".asm", ".elf", ".bin", ".img"]
KIND_NAMES = {".c": "c", ".s": "gas", ".asm": "asm", ".elf": "elf", ".bin": "bin",
              ".img": "bin"}
MAX_FILES = 200
MAX_DEPTH = 8
MAX_FILE_BYTES = 4 << 20
MAX_TOTAL_BYTES = 16 << 20
_SKIPPED_DIRS = {"__MACOSX"}


class Refused(Exception):
    """The submission cannot be graded as handed in; the message says why."""


@dataclass
class Staged:
    root: Path                  # the private copy
    source: Path                # the file graded (inside root)
    extra_sources: list = field(default_factory=list)   # more .c files to link
    notes: list = field(default_factory=list)


def suffix(name):
    return os.path.splitext(name)[1].lower()


def ignored(name):
    return name.startswith(".") or name in _SKIPPED_DIRS


def find_submissions(path):
    """[(student, entry or None, note)] for a folder of submissions or one
    file. ENTRY is the file or folder to stage; None means refused (NOTE
    says why). Names are str with undecodable bytes kept (surrogateescape)."""
    path = Path(path)
    if path.is_file():
        return [(path.stem, path, "")]
    if not path.is_dir():
        raise FileNotFoundError("no such submission or folder: %s" % path)
    found = []
    with os.scandir(path) as entries:
        for entry in sorted(entries, key=lambda e: os.fsencode(e.name)):
            found += _classify(entry, path)
    return _unique_names(found)


def _classify(entry, folder):
    name = entry.name
    if ignored(name):
        return []
    student, kind = os.path.splitext(name)[0] or name, suffix(name)
    if entry.is_symlink():
        if kind in PREFERENCE or not kind:
            return [(student, None, "refused: %s is a symbolic link; hand in the file itself"
                     % name)]
        return []
    if entry.is_dir(follow_symlinks=False):
        return [(name, folder / name, "")]
    if kind not in PREFERENCE:
        return []
    if not entry.is_file(follow_symlinks=False):
        return [(student, None, "refused: %s is not a regular file" % name)]
    return [(student, folder / name, "")]


def _unique_names(found):
    """Two entries with one student name (alice.asm and alice/) are both
    graded, each under its full entry name."""
    stems = [s for s, _, _ in found]
    out = []
    for student, entry, note in found:
        if stems.count(student) > 1 and entry is not None and entry.name != student:
            student = entry.name
        out.append((student, entry, note))
    return out


# ------------------------------------------------------------ staging

def stage(entry, dest, readable_by_all=False, kinds=None):
    """Copy ENTRY (a file, or a folder walked without following links) into
    DEST and pick what to build among KINDS (suffixes; default: all).
    Returns a Staged; raises Refused."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    notes = []
    budget = _Budget()
    entry = Path(entry)
    try:
        fd = os.open(entry, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as e:
        raise Refused("cannot open %s without following links: %s"
                      % (entry.name, e.strerror))
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            _copy_tree(fd, dest, 0, notes, budget, Path())
        elif stat.S_ISREG(mode):
            _copy_file(fd, dest / entry.name, budget)
        else:
            raise Refused("%s is not a regular file or folder" % entry.name)
    finally:
        os.close(fd)
    if readable_by_all:
        _open_up(dest)
    return _pick(dest, notes, kinds or PREFERENCE)


class _Budget:
    def __init__(self):
        self.files = 0
        self.bytes = 0


def _copy_tree(dir_fd, dest, depth, notes, budget, rel):
    if depth > MAX_DEPTH:
        raise Refused("folders nested deeper than %d levels" % MAX_DEPTH)
    with os.scandir(dir_fd) as entries:
        names = sorted(e.name for e in entries)
    for name in names:
        if ignored(name):
            continue
        flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
        try:
            fd = os.open(name, flags, dir_fd=dir_fd)
        except OSError as e:
            notes.append("skipped %s: %s" % (rel / name, "a symbolic link"
                                               if e.errno == 40 else e.strerror))
            continue
        try:
            mode = os.fstat(fd).st_mode
            if stat.S_ISDIR(mode):
                (dest / name).mkdir()
                _copy_tree(fd, dest / name, depth + 1, notes, budget, rel / name)
            elif stat.S_ISREG(mode):
                _copy_file(fd, dest / name, budget)
            else:
                notes.append("skipped %s: not a regular file" % (rel / name))
        finally:
            os.close(fd)


def _copy_file(fd, target, budget):
    budget.files += 1
    if budget.files > MAX_FILES:
        raise Refused("more than %d files" % MAX_FILES)
    size = os.fstat(fd).st_size
    if size > MAX_FILE_BYTES:
        raise Refused("%s is larger than %d MiB" % (target.name, MAX_FILE_BYTES >> 20))
    with open(target, "xb") as out:
        while True:
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                break
            budget.bytes += len(chunk)
            if budget.bytes > MAX_TOTAL_BYTES or out.tell() + len(chunk) > MAX_FILE_BYTES:
                raise Refused("more than %d MiB in all" % (MAX_TOTAL_BYTES >> 20))
            out.write(chunk)


def _open_up(root):
    """Let the build's unprivileged user read the copy (and nothing else)."""
    os.chmod(root, 0o755)
    for parent, dirs, files in os.walk(root):
        for d in dirs:
            os.chmod(os.path.join(parent, d), 0o755)
        for f in files:
            os.chmod(os.path.join(parent, f), 0o644)


def _pick(root, notes, kinds):
    candidates, not_accepted = [], []
    for parent, dirs, files in os.walk(root):
        dirs.sort()
        for f in sorted(files):
            if suffix(f) in PREFERENCE:
                (candidates if suffix(f) in kinds else not_accepted).append(Path(parent) / f)
    if not candidates:
        # Only kinds the assignment refuses: the grader says "not accepted".
        candidates = not_accepted
    if not candidates:
        raise Refused("; ".join(["no .c, .S, .asm, .elf or .bin file"] + notes))
    candidates.sort(key=lambda p: PREFERENCE.index(suffix(p.name)))
    source = candidates[0]
    extra = []
    if suffix(source.name) == ".c":
        extra = [p for p in candidates[1:] if suffix(p.name) == ".c"]
    others = [p for p in candidates[1:] if p not in extra]
    if extra:
        notes.append("built %s together" % ", ".join(
            str(p.relative_to(root)) for p in [source] + extra))
    if others:
        notes.append("several candidate files; graded %s" % source.relative_to(root))
    return Staged(root=root, source=source, extra_sources=extra, notes=notes)
