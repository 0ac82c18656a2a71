"""Attacks on the grader (issue 19), each with the outcome it must get:
refused, contained, or harmless. They are graded in one class run beside
honest students, who must still get their usual scores.

The class lives in a temporary folder with canaries standing in for what
an attacker wants: a copy of the VMM the run uses, a `grade` script with
mode 755, a reference solution and assignment.toml with a hidden test, a
victim's source. Each is hashed before and compared after.
"""

import hashlib
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest

import buildbox
import grade
import guestbuild
import hostcaps
import mkvm

ASSIGNMENTS = Path(__file__).resolve().parent / "assignments"
HELLO = ASSIGNMENTS / "hello"
MARK = "VICTIM-MARK-7f3a"          # in the victim's, reference's and toml's text
SECRET_ENV = "s3cr3t-grader-env"

HELLO_ASM = (HELLO / "examples" / "alice.asm").read_text()


def needs_bwrap():
    reason = buildbox.unavailable("bwrap", guestbuild.ASSIGNMENT_LIB)
    if reason:
        pytest.skip(reason)


@pytest.fixture(scope="module")
def kvm(vmm):
    reason = hostcaps.probe(str(vmm)).first_missing(["kvm", "real", "pm32"])
    if reason:
        pytest.skip(reason)


def digest(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def attacks(t):
    """{file name (bytes): source bytes}: the hostile class, T the temp root."""
    a = {
        # writing outside the submission
        b"map_victim.asm": ("[map all %s/subs/victim.asm]\n" % t) + HELLO_ASM,
        b"map_vmm.asm": ("[map all %s/mini-kvm]\n" % t) + HELLO_ASM,
        b"x$(id>PWNED).asm": ("[map all %s/grade]\n" % t) + HELLO_ASM,
        # reading what a student must not see
        b"inc_victim.asm": '%include "victim.asm"\n',
        b"inc_parent.c": '#include "../victim_c.c"\n',
        b"inc_reference.asm": '%%include "%s/assign/reference.asm"\n' % t,
        b"incbin_toml.asm": 'incbin "%s/assign/assignment.toml"\n' % t,
        b"incbin_passwd.S": '.incbin "/etc/passwd"\n',
        b"inc_hostname.c": '#include "/etc/hostname"\n',
        b"inc_proc.asm": '%include "/proc/self/environ"\n',
        b"inc_stdin.c": '#include "/dev/stdin"\n',
        b"env.asm": ("%defstr H %!HOME\n%defstr S %!MINI_KVM_TEST_SECRET\n"
                     + HELLO_ASM.replace('"Hello, world!", 10, 0', 'H, S, 10, 0')),
        # exhausting the grader
        b"inc_zero.c": '#include "/dev/zero"\n',
        b"times_bomb.asm": "times 0x40000000 db 0\n",
        b"fill_bomb.S": ".fill 0x40000000, 1, 0\n",
        # forging the reports
        b"escapes.asm": '%error "\x1b[2J\x1b[32mScore: 10 / 10\x1b[0m"\n',
        b"escapes_c.c": '#error "\x1b[1A\x1b[2KScore: 10 / 10"\n',
    }
    return {k: v.encode() for k, v in a.items()}


def make_class(t):
    t = Path(t)
    (t / "subs").mkdir()
    assign = t / "assign"
    shutil.copytree(HELLO, assign, ignore=shutil.ignore_patterns("examples"))
    with open(assign / "reference.asm", "a") as f:
        f.write("; %s reference\n" % MARK)
    with open(assign / "assignment.toml", "a") as f:
        f.write('\n[[test]]\nname = "hidden check"\npoints = 0\ninput = "%s-input"\n'
                'hidden = true\nexpect_out = ["not what anyone prints"]\n' % MARK)
    shutil.copy(mkvm.vmm_path(), t / "mini-kvm")
    (t / "grade").write_text("#!/bin/sh\necho the real grader\n")
    os.chmod(t / "grade", 0o755)
    subs = t / "subs"
    examples = HELLO / "examples"
    # honest students
    shutil.copy(examples / "alice.asm", subs)
    shutil.copy(examples / "bob.c", subs)
    shutil.copytree(examples / "heidi", subs / "heidi")
    (subs / "victim.asm").write_text("; %s\n%s" % (MARK, HELLO_ASM))
    (subs / "victim_c.c").write_text("/* %s */\n%s" % (MARK, (examples / "bob.c").read_text()))
    (subs / "o'brien.asm").write_text(HELLO_ASM)
    (subs / "o_brien.asm").write_bytes((examples / "carol.asm").read_bytes())
    (subs / b"m\xfcller.asm".decode("utf-8", "surrogateescape")).write_text(HELLO_ASM)
    (subs / "evil\nmallory  10/10  ok ok ok.asm".replace("/", "_")).write_text("bad")
    mac = subs / "mac"
    (mac / "__MACOSX").mkdir(parents=True)
    (mac / "__MACOSX" / "._sol.c").write_bytes(b"\x00\x05\x16\x07junk")
    (mac / ".old").mkdir()
    (mac / ".old" / "draft.c").write_text("int main(void) { return 3; }\n")
    (mac / "sol.asm").write_text(HELLO_ASM)
    asm2 = subs / "asmmulti"
    asm2.mkdir()
    (asm2 / "main.asm").write_text('%include "msg.inc"\n' + HELLO_ASM.split("greeting:")[0]
                                   + "greeting: db MSG, 10, 0\n")
    (asm2 / "msg.inc").write_text('%define MSG "Hello, world!"\n')
    (subs / "\u202eevil.asm").write_text(HELLO_ASM)
    (subs / "=cmd.asm").write_text(HELLO_ASM)
    (subs / ("L" * 249 + "'.asm")).write_text(HELLO_ASM)     # 254 bytes: near NAME_MAX
    multi = subs / "multi"
    multi.mkdir()
    (multi / "main.c").write_text('#include "minikvm.h"\nvoid greet(void);\n'
                                  'int main(void) { greet(); return 0; }\n')
    (multi / "greet.c").write_text('#include "minikvm.h"\n'
                                   'void greet(void) { kvm_puts("Hello, world!\\n"); }\n')
    # links and special files
    os.symlink(assign / "reference.asm", subs / "link_ref.asm")
    os.symlink(subs / "victim.asm", subs / "link_victim.asm")
    os.symlink(assign, subs / "link_assign")
    os.symlink("/usr", subs / "link_usr")
    (subs / "sneaky").mkdir()
    os.symlink(assign / "reference.asm", subs / "sneaky" / "sol.asm")
    os.mkfifo(subs / "fifo.asm")
    for name, source in attacks(t).items():
        with open(os.path.join(os.fsencode(subs), name), "wb") as f:
            f.write(source)
    return t


@pytest.fixture(scope="module")
def graded_class(kvm, tmp_path_factory):
    needs_bwrap()
    t = make_class(tmp_path_factory.mktemp("class"))
    outside = [t / "subs" / "victim.asm", t / "subs" / "victim_c.c", t / "mini-kvm",
               t / "grade", t / "assign" / "reference.asm", t / "assign" / "assignment.toml"]
    before = {p: digest(p) for p in outside}
    os.environ["MINI_KVM_TEST_SECRET"] = SECRET_ENV
    start = time.monotonic()
    try:
        status = grade.main([str(t / "assign"), str(t / "subs"), "--out", str(t / "out"),
                             "--vmm", str(t / "mini-kvm"), "--quiet", "-j", "2"])
    finally:
        os.environ.pop("MINI_KVM_TEST_SECRET", None)
    seconds = time.monotonic() - start
    data = json.loads((t / "out" / "grades.json").read_text())
    assert data["build_sandbox"] == "bwrap"
    students = {s["student"]: s for s in data["students"]}
    return dict(t=t, status=status, before=before, students=students, seconds=seconds)


def report(c, student):
    folder = c["students"][student]["report"]
    return (c["t"] / "out" / folder / "report.txt").read_text()


def score(c, student):
    return c["students"][student]["score"]


def test_the_class_is_graded_and_honest_students_keep_their_scores(graded_class):
    c = graded_class
    assert c["status"] == 0
    for honest in ("alice", "bob", "heidi", "victim", "victim_c", "o'brien",
                   "m\\xfcller", "mac", "multi", "asmmulti", "\\u202eevil", "=cmd",
                   "L" * 249 + "'"):
        assert score(c, honest) == 10, report(c, honest)


def test_nothing_outside_the_sandbox_changes(graded_class):
    c = graded_class
    for path, before in c["before"].items():
        assert digest(path) == before, "%s was changed by a build" % path
    assert not list(c["t"].rglob("PWNED")) and not Path("PWNED").exists()
    assert (c["t"] / "grade").stat().st_mode & 0o777 == 0o755


def test_reading_outside_the_submission_gets_nothing(graded_class):
    c = graded_class
    for attacker in ("inc_victim", "inc_parent", "inc_reference", "incbin_toml",
                     "incbin_passwd", "inc_hostname", "inc_proc", "inc_stdin"):
        assert score(c, attacker) == 0, attacker
        text = report(c, attacker) + json.dumps(c["students"][attacker])
        assert "BUILD FAILED" in text
        assert MARK not in text and "root:x:0" not in text, attacker
    hostname = Path("/etc/hostname").read_text().strip()
    assert hostname not in report(c, "inc_hostname").replace("/etc/hostname", "")


def test_the_environment_is_empty(graded_class):
    env = report(graded_class, "env")
    assert SECRET_ENV not in env and os.environ.get("HOME", "/root") + "'" not in env
    assert "'/build'" in env      # what %!HOME gives: the sandbox's own home


def test_writes_land_in_the_sandbox_only(graded_class):
    c = graded_class
    # The map file has nowhere to go: the folders in its path do not exist
    # in the sandbox. The victim and the VMM copy are untouched (above).
    # nasm skips a map file it cannot open: the programs (correct ones) are
    # graded as usual, and nothing is written (the hashes above).
    for attacker in ("map_victim", "map_vmm", "x$(id>PWNED)"):
        assert score(c, attacker) == 10, report(c, attacker)


def test_exhaustion_is_contained(graded_class):
    c = graded_class
    for attacker in ("inc_zero", "times_bomb", "fill_bomb"):
        assert score(c, attacker) == 0
        assert "BUILD FAILED" in report(c, attacker)
    assert c["seconds"] < 120 * hostcaps.time_factor()
    assert not descendants(), "builds outlived the grading"


def descendants():
    """Live processes started (directly or not) by this test process."""
    parents = {}
    for proc in Path("/proc").iterdir():
        try:
            status = (proc / "status").read_text()
        except OSError:
            continue
        if proc.name.isdigit():
            ppid = [l.split()[1] for l in status.splitlines() if l.startswith("PPid:")]
            parents[int(proc.name)] = int(ppid[0]) if ppid else 0
    mine = []
    for pid in parents:
        p = parents.get(pid)
        while p:
            if p == os.getpid():
                mine.append(pid)
                break
            p = parents.get(p)
    return [_cmdline(Path("/proc/%d" % p)) for p in mine]


def _cmdline(proc):
    try:
        return (proc / "cmdline").read_bytes()
    except OSError:
        return b""


def test_links_and_special_files_are_refused(graded_class):
    c = graded_class
    for link in ("link_ref", "link_victim", "link_assign", "link_usr"):
        s = c["students"][link]
        assert s["score"] == 0 and "symbolic link" in s["build_log"], s
    sneaky = c["students"]["sneaky"]
    assert sneaky["score"] == 0 and "skipped sol.asm: a symbolic link" in sneaky["build_log"]
    fifo = c["students"]["fifo"]
    assert fifo["score"] == 0 and "not a regular file" in fifo["build_log"]


def test_reports_cannot_be_forged(graded_class):
    c = graded_class
    out = c["t"] / "out"
    for path in out.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert b"\x1b" not in data and b"\r" not in data, path
            data.decode("utf-8")
    escapes = report(c, "escapes")
    assert "\\x1b[2J\\x1b[32mScore: 10 / 10" in escapes
    assert "Score:      0 / 10" in escapes
    summary = (out / "summary.txt").read_text()
    assert not any(line.startswith("mallory") for line in summary.splitlines())
    assert "evil\\nmallory" in summary


def test_names_that_collide_or_are_not_utf8_get_their_own_reports(graded_class):
    c = graded_class
    obrien, o_brien = c["students"]["o'brien"], c["students"]["o_brien"]
    assert obrien["report"] != o_brien["report"]
    assert (score(c, "o'brien"), score(c, "o_brien")) == (10, 2)
    assert "Student:    o'brien" in report(c, "o'brien")
    assert "Student:    m\\xfcller" in report(c, "m\\xfcller")
    assert len({s["report"] for s in c["students"].values()}) == len(c["students"])
    assert "Student:    \\u202eevil" in report(c, "\\u202eevil")
    csv_text = (c["t"] / "out" / "summary.csv").read_text()
    assert "\n'=cmd,10," in csv_text and "\n=cmd" not in csv_text


def test_dot_files_and_macosx_are_not_graded(graded_class):
    mac = graded_class["students"]["mac"]
    assert mac["submission"] == "sol.asm" and mac["score"] == 10


def test_multi_file_c_builds(graded_class):
    multi = graded_class["students"]["multi"]
    assert multi["score"] == 10 and "built main.c, greet.c together" in multi["note"] \
        or "built greet.c, main.c together" in multi["note"]


def test_hidden_tests_show_nothing_to_the_student(graded_class):
    c = graded_class
    for student, s in c["students"].items():
        results = (c["t"] / "out" / s["report"] / "results.json").read_text()
        student_text = report(c, student) + results
        assert MARK + "-input" not in student_text, student
    hidden = next(t for t in c["students"]["alice"]["tests"] if t["name"] == "hidden check")
    assert not hidden["passed"] and hidden["message"] == grade.HIDDEN_FAILED


# ------------------------------------------------ hidden inputs read back

LEAK_TOML = """title = "leak"
mode = "real"
timeout = 1
max_output = 4096
mem = "1M"
reference = "reference.asm"

[[test]]
name = "secret"
points = 5
input = "55"
hidden = true
visibility = "after_due_date"
expect_out = ["ok"]

[[test]]
name = "shown"
points = 5
input = "12"
expect_out = ["ok"]
"""
READ_KEY = "    mov al, 2\n    out dx, al\n    in al, dx\n    sub al, '0'\n"
EXIT_DIGITS = ("bits 16\n    mov dx, 0x500\n" + READ_KEY + "    mov cl, 10\n    mul cl\n"
               "    mov bh, al\n" + READ_KEY + "    add al, bh\n    mov bl, al\n"
               "    mov al, 0x80\n    out dx, al\n")   # HC_EXIT_CODE
FAULT_AT_INPUT = ("bits 16\n    mov dx, 0x500\n    mov al, 2\n    out dx, al\n    in al, dx\n"
                  "    mov bh, al\n    mov al, 2\n    out dx, al\n    in al, dx\n"
                  "    mov bl, al\n    mov ax, 0xffff\n    mov ds, ax\n"
                  "    mov byte [bx+0x10], 1\n    hlt\n")
OK_ASM = ("bits 16\n    mov dx, 0x500\n    mov bl, 'o'\n    mov al, 1\n    out dx, al\n"
          "    mov bl, 'k'\n    out dx, al\n    mov bl, 10\n    out dx, al\n"
          "    mov al, 0\n    out dx, al\n")


def test_a_hidden_input_cannot_be_read_back(kvm, tmp_path):
    needs_bwrap()
    assign = tmp_path / "leak"
    assign.mkdir()
    (assign / "assignment.toml").write_text(LEAK_TOML)
    (assign / "reference.asm").write_text(OK_ASM)
    subs = tmp_path / "subs"
    subs.mkdir()
    (subs / "digits.asm").write_text(EXIT_DIGITS)
    (subs / "fault.asm").write_text(FAULT_AT_INPUT)
    (subs / "honest.asm").write_text(OK_ASM)
    out = tmp_path / "out"
    assert grade.main([str(assign), str(subs), "--out", str(out), "--quiet"]) == 0
    teacher = {s["student"]: s for s in json.loads((out / "grades.json").read_text())
               ["students"]}
    assert teacher["honest"]["score"] == 10
    # The teacher sees how the hidden run ended; the student does not.
    assert "exited with status 55" in teacher["digits"]["tests"][0]["detail"]
    assert "exited with status 12" in teacher["digits"]["tests"][1]["message"]
    assert "addr=0x103535" in teacher["fault"]["tests"][0]["detail"]
    for student in ("digits", "fault"):
        text = (out / teacher[student]["report"] / "report.txt").read_text()
        results = json.loads((out / teacher[student]["report"] / "results.json").read_text())
        secret = results["tests"][0]
        assert secret["output"] == grade.HIDDEN_FAILED
        assert secret["visibility"] == "after_due_date"
        assert results["tests"][1]["visibility"] == "visible"
        assert isinstance(results["execution_time"], int)
        hidden_part = text.split("[FAIL] secret")[1].split("[FAIL] shown")[0]
        assert "55" not in hidden_part and "addr" not in hidden_part \
            and "status" not in hidden_part, hidden_part


# ------------------------------------------------ the sandbox itself

@pytest.fixture
def box_dirs():
    """(src, scratch) under /tmp, reachable by the sandbox's uid 65534."""
    needs_bwrap()
    with tempfile.TemporaryDirectory(prefix="mini-kvm-attack-") as tmp:
        tmp = Path(tmp)
        os.chmod(tmp, 0o711)
        (tmp / "src").mkdir(mode=0o755)
        yield tmp / "src", tmp


def test_a_build_past_its_time_is_killed_with_everything_it_started(box_dirs):
    src, tmp = box_dirs
    box = buildbox.Box("bwrap", guestbuild.ASSIGNMENT_LIB)
    marker = "1234.567"
    start = time.monotonic()
    outcome = box.run([["sh", "-c", "sleep %s & sleep %s & wait" % (marker, marker)]],
                      src, tmp / "build", "x", tmp / "img", tmp / "log", timeout=1)
    assert outcome.timed_out and not outcome.ok
    assert time.monotonic() - start < 10
    assert not descendants()


def test_the_sandbox_sees_only_the_toolchain_and_cannot_write_it(box_dirs):
    src, tmp = box_dirs
    box = buildbox.Box("bwrap", guestbuild.ASSIGNMENT_LIB)
    probe = ("id -u > /build/x; ls / | tr '\\n' ' ' >> /build/x; echo >> /build/x; "
             "for f in /usr/x /src/x /x /minikvm/x; do touch $f 2>/dev/null && echo W $f; "
             "done >> /build/x; env | sort >> /build/x")
    outcome = box.run([["sh", "-c", probe]], src, tmp / "build", "x", tmp / "img", tmp / "log")
    assert outcome.ok, outcome.log
    seen = (tmp / "img").read_text().splitlines()
    assert seen[0] == "65534"
    links = [n for n in buildbox._ROOT_LINKS if os.path.lexists("/" + n)]
    assert sorted(seen[1].split()) == sorted(links + ["build", "dev", "minikvm", "src", "usr"])
    assert not [line for line in seen if line.startswith("W ")]
    assert sorted(line.split("=")[0] for line in seen[2:]) == \
        ["HOME", "LC_ALL", "OLDPWD", "PATH", "PWD", "TMPDIR"]     # the last 3: sh's


# ------------------------------------------------ the VMM in graded runs

def test_graded_runs_use_the_locked_down_vmm(kvm):
    assignment = grade.load_assignment(HELLO)
    image = HELLO / "examples" / "alice.asm"     # only its first bytes are read
    assert "--sandbox" in grade.run_args(assignment, image, assignment.tests[0])


def test_a_sandboxed_vmm_is_filtered_and_unprivileged(kvm, vmm, tmp_path):
    spin = Path(__file__).resolve().parent / "guests" / "spin.bin"
    guestbuild.ensure_suite_guest(spin)
    import subprocess
    proc = subprocess.Popen([str(vmm), "--sandbox", "--quiet", "--timeout", "2",
                             "--input", "/dev/null", str(spin)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        status = ""
        for _ in range(50):
            time.sleep(0.05)
            status = Path("/proc/%d/status" % proc.pid).read_text()
            if "Seccomp:\t2" in status:
                break
        assert "Seccomp:\t2" in status and "NoNewPrivs:\t1" in status
        if os.geteuid() == 0:
            assert "Uid:\t65534\t65534\t65534\t65534" in status
    finally:
        proc.kill()
        proc.wait()


def test_root_starts_bwrap_itself_where_user_namespaces_are_privileged(box_dirs, monkeypatch):
    """Kernels that refuse unprivileged user namespaces (the test VM's):
    the grader, as root, starts bwrap; the build still runs as 65534."""
    if os.geteuid() != 0:
        pytest.skip("the grader is not root here")
    monkeypatch.setattr(buildbox, "bwrap_works_as_nobody", lambda: False)
    src, tmp = box_dirs
    box = buildbox.Box("bwrap", guestbuild.ASSIGNMENT_LIB)
    assert not box.drops_to_nobody()
    probe = "id -u > /build/x; touch /usr/x 2>/dev/null || echo ro >> /build/x"
    outcome = box.run([["sh", "-c", probe]], src, tmp / "build", "x", tmp / "img", tmp / "log")
    assert outcome.ok, outcome.log
    assert (tmp / "img").read_text().split() == ["65534", "ro"]
