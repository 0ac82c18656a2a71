"""The generated families are up to date, and a few of their expected
values, spot-checked here by hand, are what the generator wrote."""

import subprocess
import sys
from pathlib import Path

import scenarios

GENERATOR = Path(__file__).resolve().parent / "generated" / "generate.py"


def generated_cases():
    return {c.id: c for c in scenarios.load_all() if c.id.startswith("gen/")}


def test_generated_files_are_up_to_date():
    proc = subprocess.run([sys.executable, str(GENERATOR), "--check"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, (
        "suite/generated is stale; run /usr/bin/python3 suite/generated/generate.py\n"
        + proc.stdout + proc.stderr)


def test_generated_cases_load_cleanly():
    cases = generated_cases()
    assert len(cases) >= 400
    broken = [c.id + ": " + c.error for c in cases.values() if c.error]
    assert not broken, "\n".join(broken)
    assert all(c.golden is None and c.expect_end for c in cases.values())


def test_spot_checks_by_hand():
    cases = generated_cases()
    c = cases["gen/exitcode.real-42"]
    assert (c.input_bytes, c.status, c.expect_end) == (b"42\n", 42, "exit 42")
    c = cases["gen/exitcode.real-100"]
    assert (c.status, c.expect_end) == (104, "fault bad-exit-code code=100")
    c = cases["gen/badcall.real-255"]
    assert (c.status, c.expect_end) == (104, "fault bad-hypercall al=0xff")
    c = cases["gen/badcall.real-3"]
    assert (c.status, c.expect_end) == (0, "unknown-hypercall al=0x03")
    c = cases["gen/sum.real-wrap-2-32"]
    assert c.expect_out == ["count=2 sum=0"]
    c = cases["gen/wc.long-text"]
    assert c.expect_out == ["3 9 45"]
    c = cases["gen/reverse.pm32-no-newline"]
    assert (c.expect_out, c.expect_part) == ([], "dne eht ta enilwen on")
    c = cases["gen/upper.real-mixed"]
    assert c.expect_out == ["MIXED CASE 123 @[`{ ZZ AA"]
    c = cases["gen/echo.real-tab-cr"]
    assert c.expect_out == ["a\\tb\\r", "c\\r"]
    c = cases["gen/flood.real-cap64-n65"]
    assert (c.args, c.status) == (["--max-output", "64"], 104)
    c = cases["gen/memory.real-64K-r10000"]
    assert (c.input_bytes, c.args, c.status) == (b"r65536\n", ["--mem", "64K"], 104)
    assert c.expect_end == "fault mmio addr=0x10000"
    assert cases["gen/memory.pm32-1M-rfffff"].status == 0
    c = cases["gen/flood.real-cap64-n64"]
    assert c.expect_out == ["abcdefghijklmnopqrstuvwxyzabcde", "ghijklmnopqrstuvwxyzabcdefghijk"]
