"""Running vmm/mini-kvm from Python with hard limits.

Every run gets a directory of its own for the transcript, the input file
and the captured stdout/stderr, so that runs never share state and can go
in parallel. The VMM's own --timeout is backed by a subprocess timeout a
little above it that kills the whole process group: a run never hangs.
"""

import os
import resource
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import abi
import transcript as transcript_module

REPO = Path(__file__).resolve().parent.parent
DEFAULT_VMM = REPO / "vmm" / "mini-kvm"

# Seconds the hard kill waits beyond the VMM's own --timeout.
HARD_KILL_GRACE = 10.0


def hard_kill_grace():
    """The grace, scaled with the host like time limits: on a slow one (the
    test VM under load) a VMM that ends on time may need more than 10 s."""
    import hostcaps   # here, not at the top: hostcaps imports this module
    return HARD_KILL_GRACE * hostcaps.time_factor()
# Bytes of stdout/stderr kept for messages.
TAIL_BYTES = 4000
# The biggest transcript we read back; the VMM caps output per guest anyway.
MAX_TRANSCRIPT_BYTES = 64 << 20

# Exit statuses (docs/HARNESS.md), from the ABI's one definition (vmm/abi.h).
STATUS_NAMES = {abi.VALUES[name]: words for name, words in abi.STATUS_WORDS.items()}


def status_name(status):
    if status is None:
        return "killed by the runner (hard timeout)"
    if status < 0:
        return "killed by signal %d" % -status
    if status < abi.STATUS_USAGE:
        return "guest exit code %d" % status
    return "%d (%s)" % (status, STATUS_NAMES.get(status, "unknown status"))


def vmm_path():
    """The VMM under test: $MINI_KVM, else vmm/mini-kvm in this repo."""
    return Path(os.environ.get("MINI_KVM") or DEFAULT_VMM)


def not_built(vmm=None):
    """None if the VMM exists, else a message saying how to build it."""
    vmm = Path(vmm) if vmm else vmm_path()
    return None if vmm.exists() else "the VMM %s is not built (make -C vmm)" % vmm


@dataclass
class RunResult:
    argv: list
    status: object            # int, or None when the runner had to kill it
    transcript: object        # str, or None when no transcript was written
    stdout_tail: str
    stderr_tail: str
    elapsed: float
    hard_killed: bool
    ends: list = None         # --transcript-json vCPU records (transcript.read_ends)

    def end_of(self, vcpu=0):
        """The JSON end record of a vCPU, or None if the run wrote none."""
        for record in self.ends or []:
            if record.get("vcpu") == vcpu:
                return record
        return None

    def describe(self):
        """A few lines about the run, for failure messages."""
        lines = ["command: %s" % " ".join(str(a) for a in self.argv),
                 "status: %s, %.2f s" % (status_name(self.status), self.elapsed)]
        if self.hard_killed:
            lines.append("the runner killed the VMM: it outlived its --timeout "
                         "by %.0f s" % hard_kill_grace())
        if self.stderr_tail.strip():
            lines.append("stderr (tail):")
            lines.extend("  " + l for l in self.stderr_tail.rstrip().splitlines())
        return "\n".join(lines)


def _tail(path):
    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            size = f.tell()
            f.seek(max(0, size - TAIL_BYTES))
            data = f.read()
    except OSError:
        return ""
    prefix = "...\n" if size > TAIL_BYTES else ""
    return prefix + data.decode("utf-8", "replace")


def _limit_child():
    # Bound what a runaway run can write to disk (transcript, stdout).
    limit = MAX_TRANSCRIPT_BYTES * 2
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def run(images, workdir, args=(), input_bytes=b"", input_path=None, timeout=10.0,
        vmm=None, extra_env=None, quiet=True, expect_bytes=None, expect_path=None):
    """Run the VMM on IMAGES with a transcript in WORKDIR and return a RunResult.

    The input is INPUT_PATH if given, else INPUT_BYTES written to a file
    in WORKDIR; it is always passed with --input, and stdin is /dev/null.
    An expect script (EXPECT_PATH, or EXPECT_BYTES written to a file)
    replaces it: passed with --expect (docs/HARNESS.md).
    """
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    vmm = Path(vmm) if vmm else vmm_path()
    transcript = workdir / "transcript.txt"
    ends_path = workdir / "ends.jsonl"
    for old in (transcript, ends_path):
        if old.exists():
            old.unlink()
    if expect_bytes is not None and expect_path is None:
        expect_path = workdir / "script.expect"
        expect_path.write_bytes(expect_bytes)
    if input_path is None and expect_path is None:
        input_path = workdir / "input.bin"
        input_path.write_bytes(input_bytes)
    argv = [str(vmm), "--transcript", str(transcript), "--transcript-json", str(ends_path),
            "--timeout", _fmt(timeout)]
    argv += ["--expect", str(expect_path)] if expect_path is not None else ["--input", str(input_path)]
    if quiet:
        argv.append("--quiet")
    argv += [str(a) for a in args] + [str(i) for i in images]

    env = dict(os.environ)
    if extra_env:
        env.update(extra_env)
    out_path, err_path = workdir / "stdout.txt", workdir / "stderr.txt"
    hard_limit = (timeout if timeout and timeout > 0 else 60.0) + hard_kill_grace()
    start = time.monotonic()
    hard_killed = False
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                cwd=workdir, env=env, start_new_session=True,
                                preexec_fn=_limit_child)
        try:
            status = proc.wait(timeout=hard_limit)
        except subprocess.TimeoutExpired:
            hard_killed = True
            _kill_group(proc)
            status = None
    elapsed = time.monotonic() - start

    text = None
    if transcript.exists():
        with open(transcript, "rb") as f:
            data = f.read(MAX_TRANSCRIPT_BYTES)
        text = data.decode("utf-8", "replace")
    ends = None
    if ends_path.exists():
        with open(ends_path, "rb") as f:
            ends, _ = transcript_module.read_ends(f.read(MAX_TRANSCRIPT_BYTES).decode("utf-8", "replace"))
    return RunResult(argv, status, text, _tail(out_path), _tail(err_path),
                     elapsed, hard_killed, ends)


def _kill_group(proc):
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass


def _fmt(seconds):
    text = "%.3f" % float(seconds)
    return text.rstrip("0").rstrip(".") if "." in text else text


# A shell prefix that hides /dev/kvm in a mount namespace (unshare -m): a
# fresh tmpfs on /dev with only /dev/null, /dev/zero and the /dev/shm of
# before (the test VM keeps TMPDIR there, so pytest's files live in it).
HIDE_KVM = ("mount --bind /dev/shm /mnt && mount -t tmpfs none /dev && "
            "mknod -m 666 /dev/null c 1 3 && mknod -m 666 /dev/zero c 1 5 && "
            "mkdir /dev/shm && mount --move /mnt /dev/shm && ")
