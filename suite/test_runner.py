"""Tests of the suite's own machinery: transcript escaping and comparison,
the scenario loader, judging, golden updates, host-capability skips and
the runner's hard kill. Most use fake VMMs and fake results, so they show
that a wrong answer is reported as a failure (and a missing capability as
a skip) independently of the real VMM."""

import stat
import sys
import textwrap
from pathlib import Path

import pytest

import check
import hostcaps
import mkvm
import scenarios
import transcript as tx


# ------------------------------------------------------------ transcripts

def test_escape_follows_the_spec():
    assert tx.escape(b"plain text") == "plain text"
    assert tx.escape(b"a\\b") == "a\\\\b"
    assert tx.escape(b"\r\t") == "\\r\\t"
    assert tx.escape(b"\x00\x1b\x7f\x80\xff") == "\\x00\\x1b\\x7f\\x80\\xff"
    assert tx.escape(b" trailing ") == " trailing "


def test_output_records_split_lines_and_part():
    assert tx.output_records(b"") == []
    assert tx.output_records(b"a\n\nb") == [("out", "a"), ("out", ""), ("part", "b")]
    assert tx.output_records(b"x\n") == [("out", "x")]


TWO_VCPUS = textwrap.dedent("""\
    mini-kvm transcript 1
    vcpu 0 image a.bin mode real
    vcpu 0 out same
    vcpu 0 end exit 0
    vcpu 1 image b.bin mode real
    vcpu 1 out first
    vcpu 1 out second
    vcpu 1 end exit 0
    vm end status 0
    """)


def test_compare_identical_is_none():
    assert tx.compare(TWO_VCPUS, TWO_VCPUS) is None


def test_compare_names_the_vcpu_and_first_differing_line():
    actual = TWO_VCPUS.replace("vcpu 1 out second", "vcpu 1 out SECOND")
    report = tx.compare(TWO_VCPUS, actual)
    assert "vcpu 1: first difference at its record 3" in report
    assert "expected (line 7): vcpu 1 out second" in report
    assert "actual   (line 7): vcpu 1 out SECOND" in report
    assert "vcpu 0" not in report.split("unified diff:")[0]
    assert "-vcpu 1 out second" in report and "+vcpu 1 out SECOND" in report


def test_compare_reports_missing_records_and_vm_lines():
    actual = TWO_VCPUS.replace("vcpu 0 out same\n", "").replace("status 0", "status 104")
    report = tx.compare(TWO_VCPUS, actual)
    assert "vcpu 0: first difference at its record 2" in report
    assert "vm records: first difference" in report


def test_transcript_parse():
    t = tx.Transcript(TWO_VCPUS + "")
    assert t.out_lines(1) == ["first", "second"]
    assert t.end(0) == "exit 0" and t.part(0) is None


# ------------------------------------------------------------ the loader

def write(path, text):
    path.write_text(textwrap.dedent(text))
    return path


def test_single_scenario_defaults(tmp_path):
    toml = write(tmp_path / "hello.toml", """
        images = ["guests/real/hello.bin"]
        input = "ab\\n"
    """)
    [case] = scenarios.load_file(toml, "area/hello")
    assert case.error is None
    assert case.id == "area/hello"
    assert case.golden == tmp_path / "hello.transcript"
    assert case.input_bytes == b"ab\n"
    assert case.status == 0 and case.timeout == scenarios.DEFAULT_TIMEOUT


def test_family_cases_inherit_and_name_goldens(tmp_path):
    toml = write(tmp_path / "shell.toml", """
        images = ["x.bin"]
        timeout = 3
        [[case]]
        name = "calc_add"
        input_hex = "00ff"
        [[case]]
        name = "computed"
        expect_out = ["1"]
        status = 4
    """)
    first, second = scenarios.load_file(toml, "os1k/shell")
    assert first.id == "os1k/shell.calc_add"
    assert first.golden == tmp_path / "shell.calc_add.transcript"
    assert first.input_bytes == b"\x00\xff" and first.timeout == 3
    assert second.golden is None and second.expect_out == ["1"] and second.status == 4


FLAVOURED = """
    images = ["x.bin"]
    status = 0
    golden = "x.transcript"
    [flavour.kvm-pvm]
    status = 106
    expect_end = "timeout"
    [flavour.hardware]
    status = 104
    [[case]]
    name = "plain"
    [[case]]
    name = "own"
    flavour.nested-svm = { status = 3, golden = "x.nested.transcript" }
"""


@pytest.mark.parametrize("flavour, plain, own", [
    (None, (0, "x.transcript", None), (0, "x.transcript", None)),
    ("kvm-pvm", (106, None, "timeout"), (106, None, "timeout")),
    ("hardware", (104, "x.transcript", None), (104, "x.transcript", None)),
    # nested-svm takes what hardware expects, then what it says itself
    ("nested-svm", (104, "x.transcript", None), (3, "x.nested.transcript", None)),
])
def test_flavour_tables_pick_the_outcome(tmp_path, flavour, plain, own):
    toml = write(tmp_path / "f.toml", FLAVOURED)
    cases = scenarios.load_file(toml, "area/f", flavour)
    for case, (status, golden, end) in zip(cases, (plain, own)):
        assert case.error is None, case.error
        assert case.status == status
        assert case.golden == (tmp_path / golden if golden else None)
        assert case.expect_end == end


@pytest.mark.parametrize("body, message", [
    ('images = ["x"]\n[flavour.vtx]\nstatus = 1\n', "unknown flavour 'vtx'"),
    ('images = ["x"]\n[flavour.kvm-pvm]\nargs = ["--mode", "long"]\n', "unknown key 'args'"),
    ('images = ["x"]\nflavour = { kvm-pvm = 1 }\n', "is not a table"),
])
def test_flavour_tables_change_only_outcomes(tmp_path, body, message):
    toml = tmp_path / "bad.toml"
    toml.write_text(body)
    [case] = scenarios.load_file(toml, "area/bad", "kvm-pvm")
    assert case.error and message in case.error


@pytest.mark.parametrize("body, message", [
    ('images = ["x"]\nstatsu = 1\n', "unknown key 'statsu'"),
    ('images = ["x"]\n[[case]]\ninput = ""\n', "has no name"),
    ('images = ["x"]\n[[case]]\nname = "a"\n[[case]]\nname = "a"\n', "two cases are named"),
    ('images = ["x"]\ninput = ""\ninput_hex = ""\n', "give only one of"),
    ('images = ["x"]\ninput = "k"\ninput_expect = "end"\n', "give only one of"),
    ('images = ["x"]\ninput_expect = "end"\ninput_expect_file = "s.expect"\n', "give only one of"),
    ('images = "x"\n', "wrong type"),
    ('description = "no images"\n', "no images and no disks"),
    ('images = ["x"]\ntimeout = 0\n', "timeout must be positive"),
    ('images = [\n', "bad.toml: Invalid value"),
])
def test_malformed_scenarios_become_failing_cases(tmp_path, body, message):
    toml = tmp_path / "bad.toml"
    toml.write_text(body)
    [case] = scenarios.load_file(toml, "area/bad")
    assert case.error and message in case.error
    outcome = check.run_case(case, tmp_path / "run")
    assert outcome.verdict == check.FAIL and message in outcome.message


def write_base_family(tmp_path):
    base = tmp_path / "os"
    base.mkdir()
    write(base / "boot.toml", """
        images = ["os/k64.elf"]
        timeout = 3
        [[case]]
        name = "same"
        input = "a"
        [[case]]
        name = "differs"
        input = "b"
        status = 7
    """)
    other = tmp_path / "os32"
    other.mkdir()
    return base, other


def test_cases_from_runs_another_family_on_another_image(tmp_path):
    base, other = write_base_family(tmp_path)
    (other / "boot.differs.transcript").write_text("its own\n")
    toml = write(other / "boot.toml", """
        cases_from = "../os/boot.toml"
        images = ["os/k32.elf"]
        requires = ["pm32-paging"]
        golden_edits = [["mode long", "mode pm32"]]
    """)
    same, differs = scenarios.load_file(toml, "os32/boot")
    assert (same.id, differs.id) == ("os32/boot.same", "os32/boot.differs")
    assert same.images == ["os/k32.elf"] and same.requires == ["pm32-paging"]
    assert same.input_bytes == b"a" and same.timeout == 3 and differs.status == 7
    # no golden of its own: the other family's, edited
    assert same.golden == base / "boot.same.transcript"
    assert same.golden_edits == [("mode long", "mode pm32")]
    assert same.own_golden == other / "boot.same.transcript"
    # a golden of its own: used as it is
    assert differs.golden == other / "boot.differs.transcript" and differs.golden_edits == []


def test_cases_from_case_tables_change_inherited_cases(tmp_path):
    _, other = write_base_family(tmp_path)
    toml = write(other / "boot.toml", """
        cases_from = "../os/boot.toml"
        images = ["os/k32.elf"]
        [[case]]
        name = "differs"
        input = "bbb"
        description = "needs more input here"
    """)
    same, differs = scenarios.load_file(toml, "os32/boot")
    assert same.input_bytes == b"a"
    assert differs.input_bytes == b"bbb" and differs.status == 7
    assert differs.description == "needs more input here"


@pytest.mark.parametrize("body, message", [
    ('cases_from = "../os/missing.toml"\n', "missing.toml"),
    ('cases_from = "../os/boot.toml"\n[[case]]\nname = "x"\n', "has no case named x"),
    ('cases_from = "../os/boot.toml"\n[[case]]\ninput = ""\n', "not a table with a name"),
    ('images = ["x"]\ngolden_edits = [["a", "b"]]\n', "golden_edits needs cases_from"),
    ('cases_from = "../os/boot.toml"\ngolden_edits = [["a"]]\n', "pair of non-empty strings"),
])
def test_cases_from_mistakes_become_failing_cases(tmp_path, body, message):
    _, other = write_base_family(tmp_path)
    toml = other / "bad.toml"
    toml.write_text(body)
    [case] = scenarios.load_file(toml, "os32/bad")
    assert case.error and message in case.error


def shared_golden_case(tmp_path):
    base, other = write_base_family(tmp_path)
    (base / "boot.same.transcript").write_text(GOOD.replace("mode real", "mode long"))
    toml = write(other / "boot.toml", """
        cases_from = "../os/boot.toml"
        images = ["g.bin"]
        golden_edits = [["mode long", "mode real"]]
    """)
    case = scenarios.load_file(toml, "os32/boot")[0]
    case.status = 3
    return case, other / "boot.same.transcript"


def test_shared_golden_is_compared_after_its_edits(tmp_path):
    case, own = shared_golden_case(tmp_path)
    assert check.judge(case, result()).verdict == check.PASS
    outcome = check.judge(case, result(text=GOOD.replace("out hello", "out other")))
    assert outcome.verdict == check.FAIL and "with its golden_edits" in outcome.message
    # --update-golden: an output the edited golden still describes writes nothing;
    # a different one becomes the case's own golden, never the shared one
    assert check.judge(case, result(), update_golden=True).golden_written is None
    assert not own.exists()
    other_text = GOOD.replace("out hello", "out other")
    outcome = check.judge(case, result(text=other_text), update_golden=True)
    assert outcome.golden_written == own and own.read_text() == other_text
    assert "mode long" in case.golden.read_text()          # the shared one is untouched


# ------------------------------------------------------------ judging

GOOD = textwrap.dedent("""\
    mini-kvm transcript 1
    vcpu 0 image g.bin mode real
    vcpu 0 out hello
    vcpu 0 part tail
    vcpu 0 end exit 3
    vm end status 3
    """)


def result(status=3, text=GOOD):
    return mkvm.RunResult(["mini-kvm", "g.bin"], status, text, "", "", 0.01, False)


def expect_case(tmp_path, **kw):
    settings = dict(id="t/x", toml=tmp_path / "x.toml", images=["g.bin"], status=3)
    settings.update(kw)
    return scenarios.Case(**settings)


def test_expectations_pass_when_right(tmp_path):
    case = expect_case(tmp_path, expect_out=["hello"], expect_part="tail", expect_end="exit 3")
    assert check.judge(case, result()).verdict == check.PASS


@pytest.mark.parametrize("kw, message", [
    (dict(expect_out=["hello", "more"]), "first difference at line 2"),
    (dict(expect_out=["hullo"]), "'hullo'"),
    (dict(expect_part=""), "part record: expected none, got 'tail'"),
    (dict(expect_end="exit 4"), "end record: expected 'exit 4'"),
    (dict(expect_end="exit", status=4), "exit status: expected guest exit code 4"),
])
def test_expectations_fail_when_wrong(tmp_path, kw, message):
    outcome = check.judge(expect_case(tmp_path, **kw), result())
    assert outcome.verdict == check.FAIL
    assert message in outcome.message


def test_end_prefix_must_stop_at_a_word(tmp_path):
    case = expect_case(tmp_path, expect_end="exit", status=3)
    assert check.judge(case, result()).verdict == check.PASS
    case = expect_case(tmp_path, expect_end="exi", status=3)
    assert check.judge(case, result()).verdict == check.FAIL


def test_missing_transcript_fails(tmp_path):
    outcome = check.judge(expect_case(tmp_path, expect_out=[]), result(text=None))
    assert outcome.verdict == check.FAIL and "wrote no transcript" in outcome.message


def test_missing_golden_fails_and_says_how_to_create_it(tmp_path):
    case = expect_case(tmp_path, golden=tmp_path / "x.transcript")
    outcome = check.judge(case, result())
    assert outcome.verdict == check.FAIL
    assert "does not exist" in outcome.message and "--update-golden" in outcome.message
    assert not (tmp_path / "x.transcript").exists()


def test_golden_mismatch_fails_with_the_vcpu(tmp_path):
    golden = tmp_path / "x.transcript"
    golden.write_text(GOOD.replace("out hello", "out goodbye"))
    outcome = check.judge(expect_case(tmp_path, golden=golden), result())
    assert outcome.verdict == check.FAIL
    assert "vcpu 0: first difference at its record 2" in outcome.message


def test_update_golden_writes_only_on_purpose(tmp_path):
    golden = tmp_path / "x.transcript"
    case = expect_case(tmp_path, golden=golden)
    outcome = check.judge(case, result(), update_golden=True)
    assert outcome.verdict == check.PASS and outcome.golden_written == golden
    assert golden.read_text() == GOOD
    again = check.judge(case, result(), update_golden=True)
    assert again.golden_written is None          # unchanged: not rewritten


def test_update_golden_refuses_a_wrong_status(tmp_path):
    golden = tmp_path / "x.transcript"
    case = expect_case(tmp_path, golden=golden, status=0)
    outcome = check.judge(case, result(), update_golden=True)
    assert outcome.verdict == check.FAIL and "NOT written" in outcome.message
    assert not golden.exists()


# ------------------------------------------------------------ host capabilities

HOST_CHECK = """kvm yes
real yes
pm32 yes
pm32-paging no: the host's KVM shuts the guest down
long yes
"""


def test_capabilities_parse_and_reasons():
    caps = hostcaps.HostCaps(hostcaps.parse(HOST_CHECK))
    assert caps.missing("real") is None
    assert caps.missing("pm32-paging") == \
        "host cannot run pm32-paging: the host's KVM shuts the guest down"
    assert caps.missing("long-user") is None          # unknown: run it
    assert caps.first_missing(["kvm", "real", "pm32-paging"]).startswith("host cannot")


def test_no_kvm_skips_everything_with_the_reason():
    caps = hostcaps.HostCaps(hostcaps.parse("kvm no: /dev/kvm: No such file or directory\n"
                                            "real no: no KVM\n"))
    assert caps.missing("real") == "no /dev/kvm: /dev/kvm: No such file or directory"
    caps = hostcaps.HostCaps({"kvm": (False, "no /dev/kvm: Permission denied")})
    assert caps.missing("long") == "no /dev/kvm: Permission denied"


def test_image_mode_from_elf_class_and_args(tmp_path):
    elf32 = tmp_path / "a.elf"
    elf32.write_bytes(b"\x7fELF\x01" + bytes(60))
    elf64 = tmp_path / "b.elf"
    elf64.write_bytes(b"\x7fELF\x02" + bytes(60))
    flat = tmp_path / "c.bin"
    flat.write_bytes(b"\xf4")
    assert hostcaps.image_mode(elf32, []) == "pm32"
    assert hostcaps.image_mode(elf64, ["--mode", "real"]) == "long"
    assert hostcaps.image_mode(flat, []) == "real"
    assert hostcaps.image_mode(flat, ["--mode", "pm32"]) == "pm32"
    assert hostcaps.image_mode(flat, ["--long-mode"]) == "long"
    assert hostcaps.image_mode(flat, ["--paging", "--entry", "0x1000"]) == "pm32"


# ------------------------------------------------------------ with a fake VMM

def fake_vmm(tmp_path, body):
    """A stand-in for mini-kvm: a Python script with BODY after the argv parse."""
    script = tmp_path / "fake-vmm"
    script.write_text("#!%s\nimport sys, time, pathlib\n"
                      "args = sys.argv[1:]\n"
                      "transcript = pathlib.Path(args[args.index('--transcript') + 1])\n"
                      "pathlib.Path(%r).write_text('ran')\n%s\n"
                      % (sys.executable, str(tmp_path / "ran"), textwrap.dedent(body)))
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def flat_case(tmp_path, **kw):
    image = tmp_path / "g.bin"
    image.write_bytes(b"\xf4")
    settings = dict(id="t/fake", toml=tmp_path / "x.toml", images=[str(image)],
                    expect_out=["hello"], status=0, timeout=1.0)
    settings.update(kw)
    return scenarios.Case(**settings)


def test_skipped_scenario_never_runs(tmp_path):
    vmm = fake_vmm(tmp_path, "transcript.write_text('')")
    caps = hostcaps.HostCaps({"kvm": (False, "no /dev/kvm: No such file or directory")})
    outcome = check.run_case(flat_case(tmp_path), tmp_path / "run", caps=caps, vmm=vmm)
    assert outcome.verdict == check.SKIP
    assert outcome.message == "no /dev/kvm: No such file or directory"
    assert not (tmp_path / "ran").exists()


def test_requires_skips_with_the_hosts_reason(tmp_path):
    vmm = fake_vmm(tmp_path, "transcript.write_text('')")
    caps = hostcaps.HostCaps(hostcaps.parse(HOST_CHECK))
    case = flat_case(tmp_path, requires=["pm32-paging"])
    outcome = check.run_case(case, tmp_path / "run", caps=caps, vmm=vmm)
    assert outcome.verdict == check.SKIP and "shuts the guest down" in outcome.message


def test_unknown_capability_is_an_error(tmp_path):
    vmm = fake_vmm(tmp_path, "transcript.write_text('')")
    case = flat_case(tmp_path, requires=["pm64"])
    outcome = check.run_case(case, tmp_path / "run", caps=hostcaps.HostCaps({}), vmm=vmm)
    assert outcome.verdict == check.FAIL and "unknown capability pm64" in outcome.message
    assert not (tmp_path / "ran").exists()


def test_a_capability_the_host_reports_may_be_required(tmp_path):
    vmm = fake_vmm(tmp_path, "transcript.write_text('')")
    caps = hostcaps.HostCaps(hostcaps.parse(HOST_CHECK + "smp no: one CPU\n"))
    outcome = check.run_case(flat_case(tmp_path, requires=["smp"]), tmp_path / "run",
                             caps=caps, vmm=vmm)
    assert (outcome.verdict, outcome.message) == (check.SKIP, "host cannot run smp: one CPU")


def test_fake_vmm_pass_and_fail(tmp_path):
    vmm = fake_vmm(tmp_path, """
        transcript.write_text('mini-kvm transcript 1\\nvcpu 0 image g.bin mode real\\n'
                              'vcpu 0 out hello\\nvcpu 0 end exit 0\\nvm end status 0\\n')
        """)
    caps = hostcaps.HostCaps(hostcaps.parse(HOST_CHECK))
    assert check.run_case(flat_case(tmp_path), tmp_path / "a", caps=caps,
                          vmm=vmm).verdict == check.PASS
    wrong = flat_case(tmp_path, expect_out=["bye"])
    assert check.run_case(wrong, tmp_path / "b", caps=caps, vmm=vmm).verdict == check.FAIL


def test_runner_kills_a_vmm_that_ignores_its_timeout(tmp_path, monkeypatch):
    monkeypatch.setattr(mkvm, "HARD_KILL_GRACE", 0.5)
    vmm = fake_vmm(tmp_path, "time.sleep(60)")
    caps = hostcaps.HostCaps(hostcaps.parse(HOST_CHECK))
    outcome = check.run_case(flat_case(tmp_path, timeout=0.2), tmp_path / "run",
                             caps=caps, vmm=vmm)
    assert outcome.verdict == check.FAIL
    assert "killed by the runner" in outcome.message
    assert outcome.elapsed < 5


def test_missing_image_fails(tmp_path):
    vmm = fake_vmm(tmp_path, "")
    case = flat_case(tmp_path, images=[str(tmp_path / "nothing.bin")])
    outcome = check.run_case(case, tmp_path / "run", caps=hostcaps.HostCaps({}), vmm=vmm)
    assert outcome.verdict == check.FAIL and "does not exist" in outcome.message


# ------------------------------------------------------------ the real VMM

def test_a_wrong_expectation_fails_against_the_real_vmm(vmm, host_caps, tmp_path):
    reason = host_caps.missing("real")
    if reason:
        pytest.skip(reason)
    case = scenarios.Case(id="t/echo", toml=tmp_path / "x.toml",
                          images=["suite/guests/echo.bin"], input_bytes=b"real\n",
                          expect_out=["real"], expect_part="", expect_end="exit 0", timeout=5)
    assert check.run_case(case, tmp_path / "right").verdict == check.PASS
    case.expect_out = ["rael"]
    outcome = check.run_case(case, tmp_path / "wrong")
    assert outcome.verdict == check.FAIL and "'rael'" in outcome.message


def test_a_vmm_that_cannot_start_is_a_failure(tmp_path):
    vmm = tmp_path / "not-executable"
    vmm.write_text("")
    outcome = check.run_case(flat_case(tmp_path), tmp_path / "run",
                             caps=hostcaps.HostCaps({}), vmm=vmm)
    assert outcome.verdict == check.FAIL and "could not start" in outcome.message


def test_negated_requirement_runs_only_where_the_host_lacks_it(tmp_path):
    vmm = fake_vmm(tmp_path, "transcript.write_text('')")
    case = flat_case(tmp_path, requires=["!pm32-paging", "!long"])
    caps = hostcaps.HostCaps(hostcaps.parse(HOST_CHECK))
    assert caps.missing("!pm32-paging") is None
    outcome = check.run_case(case, tmp_path / "run", caps=caps, vmm=vmm)
    assert outcome.verdict == check.SKIP and outcome.message.startswith("host can run long")
    assert not (tmp_path / "ran").exists()
    no_kvm = hostcaps.HostCaps({"kvm": (False, "no /dev/kvm: gone")})
    assert no_kvm.missing("!pm32-paging") == "no /dev/kvm: gone"


def test_modules_become_absolute_module_options(tmp_path):
    toml = write(tmp_path / "mb.toml", """
        images = ["k.elf"]
        args = ["--smp", "2"]
        modules = ["initrd.txt", "sub/two.bin"]
        expect_end = "exit 0"
    """)
    [case] = scenarios.load_file(toml, "multiboot/mb")
    assert case.error is None
    assert case.args == ["--smp", "2", "--module", str(tmp_path / "initrd.txt"),
                         "--module", str(tmp_path / "sub" / "two.bin")]


def test_an_expect_script_replaces_the_input(tmp_path):
    """input_expect reaches the VMM as --expect FILE (and no --input);
    input_expect_file names a file next to the TOML."""
    toml = tmp_path / "e.toml"
    toml.write_text('images = ["x"]\n[[case]]\nname = "inline"\ninput_expect = "expect \\"$ \\"\\nend\\n"\n'
                    '[[case]]\nname = "file"\ninput_expect_file = "s.expect"\n')
    inline, from_file = scenarios.load_file(toml, "area/e")
    assert inline.expect_bytes == b'expect "$ "\nend\n' and inline.expect_path is None
    assert from_file.expect_path == tmp_path / "s.expect" and from_file.expect_bytes is None
    fake = tmp_path / "fake-vmm"
    fake.write_text("#!/bin/sh\necho \"$@\" > args.txt\n")
    fake.chmod(0o755)
    result = mkvm.run([tmp_path / "x"], tmp_path / "run", expect_bytes=inline.expect_bytes, vmm=fake)
    args = (tmp_path / "run" / "args.txt").read_text().split()
    assert "--input" not in args
    script = Path(args[args.index("--expect") + 1])
    assert script.read_bytes() == b'expect "$ "\nend\n'
    assert result.status == 0


def test_disks_become_absolute_disk_options_and_may_boot_alone(tmp_path):
    toml = write(tmp_path / "pc.toml", """
        disks = ["guests/pcos/pcos.img", "data.img"]
        args = ["--smp", "2"]
        expect_end = "exit 0"
    """)
    [case] = scenarios.load_file(toml, "pcos/pc")
    assert case.error is None and case.images == []
    assert case.args == ["--smp", "2", "--disk", str(mkvm.REPO / "guests/pcos/pcos.img"),
                         "--disk", str(mkvm.REPO / "data.img")]


def test_missing_disk_fails(tmp_path):
    vmm = fake_vmm(tmp_path, "")
    case = flat_case(tmp_path, images=[], disks=[str(tmp_path / "nothing.img")])
    outcome = check.run_case(case, tmp_path / "run", caps=hostcaps.HostCaps({}), vmm=vmm)
    assert outcome.verdict == check.FAIL and "disk image" in outcome.message
