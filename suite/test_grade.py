"""The grader: the example submissions of every shipped assignment get the
scores worked out by hand in examples/expected.toml, the reports say why
points were lost, and the output formats hold what they should."""

import json
import shutil
from pathlib import Path

import pytest

import buildbox
import grade
import guestbuild
import hostcaps
import mkvm

ASSIGNMENTS = Path(__file__).resolve().parent / "assignments"
SHIPPED = sorted(p.name for p in ASSIGNMENTS.iterdir() if (p / "assignment.toml").exists())


@pytest.fixture(scope="module")
def kvm_real(vmm):
    reason = hostcaps.probe(str(vmm)).first_missing(["kvm", "real", "pm32"])
    if reason:
        pytest.skip(reason)


# The scores and reports here do not depend on the build sandbox; the
# sandbox's own tests are in test_attacks.py (and need bwrap).
BOX = buildbox.strongest_available(guestbuild.ASSIGNMENT_LIB)


@pytest.fixture(scope="module")
def graded(kvm_real):
    """{assignment: {student: StudentResult}} for the reference and examples."""
    out = {}
    box = buildbox.Box(BOX, guestbuild.ASSIGNMENT_LIB)
    for name in SHIPPED:
        assignment = grade.load_assignment(ASSIGNMENTS / name)
        results, problems = grade.check_assignment(assignment, jobs=4, box=box)
        out[name] = (assignment, {r.student: r for r in results}, problems)
    return out


def test_two_assignments_ship():
    assert {"hello", "echo-upper"} <= set(SHIPPED)
    for name in SHIPPED:
        examples = list((ASSIGNMENTS / name / "examples").iterdir())
        assert len(examples) >= 5, name


@pytest.mark.parametrize("name", SHIPPED)
def test_examples_get_the_expected_scores(graded, name):
    assignment, results, problems = graded[name]
    assert not problems, "\n".join(problems)
    assert results["reference"].score == assignment.max_points
    expected = grade.load_expected(assignment)
    assert set(expected) == set(results) - {"reference"}


def report(graded, name, student):
    assignment, results, _ = graded[name]
    return grade.student_report(assignment, results[student])


def test_reports_say_why(graded):
    carol = report(graded, "hello", "carol")
    assert "expected: 'Hello, world!'" in carol and "actual:   'Hello world!'" in carol
    assert "did not finish within 2 s (timeout)" in report(graded, "hello", "dave")
    assert "crashed: triple fault, an exception it could not handle" \
        in report(graded, "hello", "erin")
    assert "stopped at the output limit" in report(graded, "hello", "frank")
    gina = report(graded, "hello", "gina")
    assert "BUILD FAILED" in gina and "nasm exited" in gina
    ken = report(graded, "echo-upper", "ken")
    assert "[FAIL] non-letters unchanged" in ken and "'A@[`[Z 0-9 ^'" in ken
    leo = report(graded, "echo-upper", "leo")
    assert "last line without a newline: expected 'TAIL', got 'TAI'" in leo


def test_student_diffs_are_short(graded):
    frank = report(graded, "hello", "frank")
    assert len(frank.splitlines()) < 120


def test_gradescope_format(graded):
    assignment, results, _ = graded["echo-upper"]
    for result in results.values():
        data = grade.gradescope_json(assignment, result)
        assert data["score"] == sum(t["score"] for t in data["tests"])
        assert {t["name"] for t in data["tests"]} == {t.name for t in assignment.tests}
        for t in data["tests"]:
            assert t["status"] in ("passed", "failed")
            assert t["score"] in (0, t["max_score"])
    ken = grade.gradescope_json(assignment, results["ken"])
    assert ken["score"] == 8


def test_command_line_writes_every_result(kvm_real, tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir()
    examples = ASSIGNMENTS / "hello" / "examples"
    shutil.copy(examples / "alice.asm", subs)
    shutil.copy(examples / "frank.asm", subs)
    (subs / "nobody").mkdir()                       # an empty folder: 0 points
    both = subs / "zoe"
    both.mkdir()
    shutil.copy(examples / "bob.c", both / "main.c")
    shutil.copy(examples / "carol.asm", both / "old.asm")
    (subs / "notes.txt").write_text("not a submission")
    out = tmp_path / "out"
    status = grade.main([str(ASSIGNMENTS / "hello"), str(subs), "--out", str(out), "--quiet",
                         "--sandbox", BOX])
    assert status == 0
    data = json.loads((out / "grades.json").read_text())
    scores = {s["student"]: s["score"] for s in data["students"]}
    assert scores == {"alice": 10, "frank": 0, "nobody": 0, "zoe": 10}
    zoe = next(s for s in data["students"] if s["student"] == "zoe")
    assert "graded main.c" in zoe["note"]
    for student in scores:
        assert (out / "students" / student / "report.txt").exists()
        json.loads((out / "students" / student / "results.json").read_text())
    summary = (out / "summary.txt").read_text()
    assert "alice" in summary and "10/10" in summary
    assert (out / "summary.csv").read_text().startswith("student,score,max_score")


def test_single_submission_gradescope(kvm_real, tmp_path):
    results = tmp_path / "results.json"
    status = grade.main([str(ASSIGNMENTS / "echo-upper"),
                         str(ASSIGNMENTS / "echo-upper" / "examples" / "ken.asm"),
                         "--out", str(tmp_path / "out"), "--gradescope", str(results),
                         "--quiet", "--sandbox", BOX])
    assert status == 0
    assert json.loads(results.read_text())["score"] == 8


def test_refuses_without_a_vmm(tmp_path, capsys):
    status = grade.main([str(ASSIGNMENTS / "hello"), str(tmp_path),
                         "--vmm", str(tmp_path / "no-vmm")])
    assert status == 2
    assert "cannot grade on this host" in capsys.readouterr().err


def test_bad_assignment_is_reported(tmp_path, capsys):
    (tmp_path / "assignment.toml").write_text('title = "x"\n[[test]]\nname = "a"\n')
    assert grade.main([str(tmp_path), str(tmp_path)]) == 2
    assert "test 1 ('a'): needs points" in capsys.readouterr().err


def test_a_grader_error_costs_only_that_student(kvm_real, monkeypatch):
    real_build = grade.guestbuild.build_submission

    def flaky_build(staged, *args, **kwargs):
        if Path(staged.source).stem == "bob":
            raise RuntimeError("simulated grader bug")
        return real_build(staged, *args, **kwargs)

    monkeypatch.setattr(grade.guestbuild, "build_submission", flaky_build)
    assignment = grade.load_assignment(ASSIGNMENTS / "hello")
    examples = ASSIGNMENTS / "hello" / "examples"
    results = grade.grade_all(assignment, [("alice", examples / "alice.asm", ""),
                                           ("bob", examples / "bob.c", "")], jobs=2,
                              box=buildbox.Box(BOX, guestbuild.ASSIGNMENT_LIB))
    alice, bob = results
    assert alice.score == 10
    assert bob.score == 0
    assert all("grader error" in t.message and "simulated grader bug" in t.detail
               and "simulated" not in t.message
               for t in bob.tests)


def test_hidden_tests_do_not_reveal_the_expected_output():
    assignment = grade.load_assignment(ASSIGNMENTS / "echo-upper")
    test = grade.Test(name="secret", points=3, input_bytes=b"secret input\n",
                      expect_out=["SECRET INPUT"], expect_part="", hidden=True)
    transcript = ("mini-kvm transcript 1\nvcpu 0 image a.bin mode real\n"
                  "vcpu 0 out secret input\nvcpu 0 end exit 0\nvm end status 0\n")
    run = mkvm.RunResult(["mini-kvm"], 0, transcript, "", "", 0.01, False)
    result = grade.judge_test(test, run, assignment)
    assert not result.passed and result.points == 0
    assert "SECRET" not in result.message and "hidden" in result.message
    student = grade.StudentResult("x", build_ok=True, tests=[result])
    assignment.tests.append(test)
    assert "secret input" not in grade.student_report(assignment, student)


def test_no_working_sandbox_means_no_grading(kvm_real, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(grade.buildbox, "unavailable",
                        lambda kind, library: "bwrap: simulated refusal")
    status = grade.main([str(ASSIGNMENTS / "hello"),
                         str(ASSIGNMENTS / "hello" / "examples" / "alice.asm"),
                         "--out", str(tmp_path / "out")])
    assert status == 2
    err = capsys.readouterr().err
    assert "simulated refusal" in err and "never run unsandboxed" in err
    assert not (tmp_path / "out").exists()
