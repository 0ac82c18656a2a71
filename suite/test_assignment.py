"""assignment.toml is checked when loaded (one line per mistake), output is
strict by default, `expect_end` accepts what docs/ABI.md calls the same
ending, and `languages` restricts what a student may hand in. No KVM."""

import pytest

import buildbox
import grade
import mkvm
import submission
from assignment import AssignmentError, load_assignment

GOOD = 'title = "t"\nmode = "real"\n[[test]]\nname = "a"\npoints = 1\nexpect_out = ["7"]\n'


def load(tmp_path, text):
    (tmp_path / "assignment.toml").write_text(text)
    return load_assignment(tmp_path)


def errors(tmp_path, text):
    with pytest.raises(AssignmentError) as e:
        load(tmp_path, text)
    return [line.split("assignment.toml: ", 1)[1] for line in str(e.value).splitlines()]


def test_every_mistake_gets_one_line(tmp_path):
    found = errors(tmp_path, """
mode = "protected"
timeout = "2"
languages = ["asm", "rust"]
colour = "red"
[[test]]
name = "a"
points = -1
status = "0"
expect_out = "7"
input = "x"
input_hex = "zz"
[[test]]
name = "a"
points = true
""")
    assert found == [
        "assignment: unknown key 'colour' (known: description, languages, "
        "max_output, mem, mode, reference, test, timeout, title)",
        "assignment: languages: expected a list from asm, c, gas, elf, bin, got ['asm', 'rust']",
        "assignment: mode: expected one of real, pm32, long, got 'protected'",
        "assignment: timeout: expected a number from 0.01 to 600, got '2'",
        "test 1 ('a'): expect_out: expected a list of strings, got '7'",
        'test 1 (\'a\'): input_hex: expected hex digits (e.g. "48 69"), got \'zz\'',
        "test 1 ('a'): points: expected a number from 0 to 1e+06, got -1",
        "test 1 ('a'): status: expected a whole number from 0 to 255, got '0'",
        "test 1 ('a'): give input or input_hex, not both",
        "test 2 ('a'): points: expected a number from 0 to 1e+06, got True",
        "test names must be unique: 'a' appears 2 times",
    ]


def test_a_reference_outside_the_folder_is_refused(tmp_path):
    assert errors(tmp_path, 'reference = "../x.asm"\n' + GOOD.split("\n", 1)[1]) == [
        "reference: must be a file inside the assignment folder, got '../x.asm'"]


def test_a_valid_assignment_loads(tmp_path):
    a = load(tmp_path, GOOD)
    assert a.tests[0].expect_part == ""          # strict: nothing after "7"
    assert a.languages == ["asm", "c", "gas", "elf", "bin"]


def transcript(out, part=None, end="exit 0"):
    lines = ["mini-kvm transcript 1", "vcpu 0 image a.bin mode real"]
    lines += ["vcpu 0 out " + o for o in out]
    if part:
        lines.append("vcpu 0 part " + part)
    return "\n".join(lines + ["vcpu 0 end " + end, "vm end status 0"]) + "\n"


def judge(tmp_path, toml, text):
    a = load(tmp_path, toml)
    run = mkvm.RunResult(["mini-kvm"], 0, text, "", "", 0.01, False)
    return grade.judge_test(a.tests[0], run, a)


def test_text_after_the_last_expected_line_fails(tmp_path):
    result = judge(tmp_path, GOOD, transcript(["7"], part="garbage"))
    assert not result.passed
    assert "last line without a newline: expected none, got 'garbage'" in result.message
    assert judge(tmp_path, GOOD, transcript(["7"])).passed


def test_trailing_text_passes_when_the_test_allows_it(tmp_path):
    toml = GOOD + "allow_trailing_text = true\n"
    assert judge(tmp_path, toml, transcript(["7"], part="garbage")).passed


def test_halt_is_exit_0(tmp_path):
    toml = GOOD + 'expect_end = "exit 0"\n'
    assert judge(tmp_path, toml, transcript(["7"], end="halt")).passed
    assert judge(tmp_path, toml, transcript(["7"], end="exit 0")).passed
    assert not judge(tmp_path, toml, transcript(["7"], end="exit 3")).passed


def test_languages_restrict_what_is_accepted(tmp_path):
    a = load(tmp_path, 'languages = ["c"]\n' + GOOD)
    assert a.allows(".c") and not a.allows(".asm") and not a.allows(".bin")


def test_a_folder_is_graded_in_a_language_the_assignment_accepts(tmp_path):
    a = load(tmp_path, 'languages = ["asm"]\n' + GOOD)
    sub = tmp_path / "ann"
    sub.mkdir()
    (sub / "main.c").write_text("int main(void) { return 0; }\n")
    (sub / "sol.asm").write_text("hlt\n")
    staged = submission.stage(sub, tmp_path / "copy", kinds=a.suffixes())
    assert staged.source.name == "sol.asm"


def test_a_language_the_assignment_refuses_scores_0(tmp_path):
    a = load(tmp_path, 'languages = ["asm"]\n' + GOOD)
    (tmp_path / "bob.c").write_text("int main(void) { return 0; }\n")
    result = grade.grade_student(a, "bob", tmp_path / "bob.c", "", str(tmp_path), None, None,
                                 buildbox.Box("none", "."))
    assert result.score == 0 and not result.build_ok
    assert result.build_log == "this assignment accepts asm, not .c"
    assert result.tests[0].message.startswith("not accepted")
