"""Where a student's build runs: a sandbox around nasm, gcc and ld.

A build reads files the student names (`%include`, `#include`, `incbin`)
and can write where its tools write (`[map all FILE]`, `-o`). So it runs
in one of three boxes, chosen by the grader (docs/GRADING.md says what each
layer stops):

- `bwrap` (the default): bubblewrap with new user, PID, network, IPC, UTS
  and cgroup namespaces; a read-only root holding only /usr (the
  toolchain), /dev/null, the private copy of the one submission at /src
  (read-only), the assignments' public library at /minikvm (read-only) and
  a size-capped tmpfs at /build (the working directory, home and TMPDIR);
  uid 65534; an empty environment; a session of its own.
- `user`: no namespaces; the build runs as uid 65534 (when the grader is
  root) in a private directory, with the same environment and limits. It
  can read whatever that user can read on the host.
- `none`: the same limits, as the grader's own user. Only for trusted code.

In every box: rlimits on CPU time, address space, file size, processes
and core files; a wall-clock timeout that kills the process group (and,
under bwrap, the whole PID namespace). The image comes back on standard
output, the tools' messages on standard error, both into host files and
both bounded by the file-size limit.
"""

import functools
import os
import shlex
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

BOXES = ("bwrap", "user", "none")
NOBODY = 65534
WALL_SECONDS = 30
CPU_SECONDS = 20
ADDRESS_SPACE_KIB = 1 << 20          # 1 GiB
FILE_SIZE_BYTES = 16 << 20
PROCESSES = 32
TMPFS_BYTES = 64 << 20
LOG_TAIL_CHARS = 3000
_ROOT_LINKS = ("bin", "lib", "lib32", "lib64", "libx32", "sbin")


@dataclass
class Paths:
    """Where the build sees its inputs and its working directory."""
    src: str
    build: str
    lib: str


@dataclass
class Outcome:
    ok: bool
    log: str
    timed_out: bool = False
    seconds: float = 0.0


class Box:
    """One kind of sandbox; run() builds in it."""

    def __init__(self, kind, library):
        if kind not in BOXES:
            raise ValueError("unknown build sandbox %r (one of %s)" % (kind, ", ".join(BOXES)))
        self.kind = kind
        self.library = Path(library)

    def paths(self, src_dir, build_dir):
        if self.kind == "bwrap":
            return Paths(src="/src", build="/build", lib="/minikvm")
        return Paths(src=str(src_dir), build=str(build_dir),
                     lib=str(Path(build_dir).parent / "minikvm"))

    def _copy_library(self, build_dir):
        """The library is copied beside the build, so that the grader's own
        folders can stay unreadable to uid 65534 (Gradescope)."""
        lib = Path(build_dir).parent / "minikvm"
        if not lib.exists():
            shutil.copytree(self.library, lib)
            os.chmod(lib, 0o755)
            for f in lib.iterdir():
                os.chmod(f, 0o644)

    def drops_to_nobody(self):
        """Does the grader (root) start the box as uid 65534? bwrap then
        needs unprivileged user namespaces; where the kernel refuses them
        (a sysctl), root starts bwrap itself (uid 65534 inside the sandbox all the
        same, but the process limit is not enforced on root's processes)."""
        if os.geteuid() != 0 or self.kind == "none":
            return False
        return self.kind == "user" or bwrap_works_as_nobody()

    def run(self, steps, src_dir, build_dir, image_name, image_out, log_path,
            timeout=WALL_SECONDS):
        """Run STEPS (argv lists, in this box's Paths) one after another,
        then hand IMAGE_NAME back into the host file IMAGE_OUT."""
        build_dir = Path(build_dir)
        build_dir.mkdir(parents=True, exist_ok=True)
        self._copy_library(build_dir)
        if self.drops_to_nobody() and self.kind == "user":
            os.chown(build_dir, NOBODY, NOBODY)
        paths = self.paths(src_dir, build_dir)
        with open(image_out, "wb") as image, open(log_path, "wb") as log:
            script = _script(steps, paths, image_name)
            argv = ["/bin/sh", "-c", script]
            if self.kind == "bwrap":
                argv = (bwrap_argv(src_dir, build_dir.parent / "minikvm", _env(paths))
                        + ["--"] + argv)
            start = time.monotonic()
            timed_out, status = _run_killing_group(
                argv, image, log, self.drops_to_nobody(),
                cwd=build_dir if self.kind != "bwrap" else "/", timeout=timeout,
                env=_env(paths))
        text = _tail(log_path)
        if timed_out:
            text += "\n(the build took longer than %d s and was stopped)" % timeout
        elif status < 0:
            text += "\n(the build was killed by %s: a limit was reached)" % _signame(-status)
        return Outcome(ok=status == 0 and not timed_out, log=text.strip(),
                       timed_out=timed_out, seconds=time.monotonic() - start)


def _signame(signum):
    try:
        return signal.Signals(signum).name
    except ValueError:
        return "signal %d" % signum


def _env(paths):
    return {"PATH": "/usr/bin:/bin", "HOME": paths.build, "TMPDIR": paths.build,
            "LC_ALL": "C"}


def _script(steps, paths, image_name):
    limits = ("ulimit -c 0; ulimit -t %d; ulimit -v %d; ulimit -f %d; ulimit -p %d"
              % (CPU_SECONDS, ADDRESS_SPACE_KIB, FILE_SIZE_BYTES // 512, PROCESSES))
    # Standard output is the image, standard error the log.
    commands = ["%s >&2 || { s=$?; echo '(%s exited '$s')' >&2; exit 1; }"
                % (" ".join(shlex.quote(a) for a in step), step[0]) for step in steps]
    commands.append("exec cat %s" % shlex.quote(paths.build + "/" + image_name))
    return "%s || exit 125\ncd %s || exit 125\n%s\n" % (
        limits, shlex.quote(paths.build), "\n".join(commands))


def bwrap_argv(src_dir, library, env):
    argv = ["bwrap", "--unshare-all", "--unshare-user", "--disable-userns",
            "--uid", str(NOBODY), "--gid", str(NOBODY),
            "--die-with-parent", "--new-session", "--clearenv",
            "--ro-bind", "/usr", "/usr"]
    for name in _ROOT_LINKS:
        host = "/" + name
        if os.path.islink(host):
            argv += ["--symlink", os.readlink(host), host]
        elif os.path.isdir(host):
            argv += ["--ro-bind", host, host]
    argv += ["--dev-bind", "/dev/null", "/dev/null",
             "--ro-bind", str(src_dir), "/src",
             "--ro-bind", str(library), "/minikvm",
             "--size", str(TMPFS_BYTES), "--tmpfs", "/build",
             "--remount-ro", "/", "--chdir", "/build"]
    for name, value in sorted(env.items()):
        argv += ["--setenv", name, value]
    return argv


def _run_killing_group(argv, image, log, drop, cwd, timeout, env):
    """(timed_out, status). The whole process group goes on any exit."""
    who = dict(user=NOBODY, group=NOBODY, extra_groups=[]) if drop else {}
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=image, stderr=log,
                            cwd=cwd, env=env,
                            start_new_session=True, **who)
    timed_out = False
    try:
        status = proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        status = None
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    if status is None:
        status = proc.wait()
    return timed_out, status


def _tail(path):
    with open(path, "rb") as f:
        f.seek(0, os.SEEK_END)
        size = f.tell()
        f.seek(max(0, size - LOG_TAIL_CHARS))
        data = f.read()
    text = data.decode("utf-8", "replace")
    return ("...\n" + text) if size > LOG_TAIL_CHARS else text


def strongest_available(library):
    """The strongest box that works here: for grading trusted examples on
    a host without bwrap (the test VM runs its job in a chroot, where no
    user namespace can be made). Real grading never picks one silently."""
    return next(k for k in BOXES if not unavailable(k, library))


@functools.lru_cache(maxsize=None)
def bwrap_works_as_nobody():
    try:
        return subprocess.run(["bwrap", "--unshare-all", "--unshare-user", "--ro-bind", "/",
                               "/", "/usr/bin/true"], user=NOBODY, group=NOBODY,
                              extra_groups=[], capture_output=True, timeout=20).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


@functools.lru_cache(maxsize=None)
def unavailable(kind, library):
    """None if a box of KIND works on this host, else why not (cached)."""
    if kind == "none":
        return None
    if kind == "user" and os.geteuid() != 0:
        return "the `user` build sandbox needs the grader to run as root"
    box = Box(kind, library)
    with tempfile.TemporaryDirectory(prefix="mini-kvm-box-") as tmp:
        tmp = Path(tmp)
        src = tmp / "src"
        src.mkdir()
        os.chmod(tmp, 0o711)
        os.chmod(src, 0o755)
        try:
            outcome = box.run([["sh", "-c", "echo ok > probe"]], src, tmp / "build",
                              "probe", tmp / "probe.out", tmp / "probe.log", timeout=20)
        except OSError as e:
            return "%s: %s" % (kind, e)
        if not outcome.ok or (tmp / "probe.out").read_bytes() != b"ok\n":
            return ("the %s build sandbox does not work on this host: %s"
                    % (kind, outcome.log.strip()[-300:] or "no output"))
    return None


if __name__ == "__main__":      # python3 suite/buildbox.py [KIND]: does it work here?
    import sys
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import guestbuild
    why = unavailable(sys.argv[1] if len(sys.argv) > 1 else "bwrap", guestbuild.ASSIGNMENT_LIB)
    print(why or "the build sandbox works here")
    sys.exit(1 if why else 0)
