"""An assignment for the grader: assignment.toml read and checked.

Every key is checked when the file is loaded (type, range, unknown names),
and every mistake gets one line naming the test and the key, so a typo
fails at once with a message instead of as a traceback mid-grading.
docs/GRADING.md lists the keys.
"""

import math
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

BITS = {"real": 16, "pm32": 32, "long": 64}
# Languages a student may hand in, by submission suffix.
LANGUAGES = {"asm": [".asm"], "c": [".c"], "gas": [".s"], "elf": [".elf"],
             "bin": [".bin", ".img"]}
VISIBILITIES = ("visible", "hidden", "after_due_date", "after_published")
# End records docs/ABI.md calls the same outcome: `hlt` with nothing left
# to wait for ends the guest with exit code 0, exactly as HC_EXIT does.
EQUIVALENT_ENDS = {"exit 0": ("exit 0", "halt"), "halt": ("halt", "exit 0")}
_MEM = re.compile(r"^[1-9][0-9]*[KMG]?$")


class AssignmentError(Exception):
    pass


@dataclass
class Test:
    name: str
    points: float
    input_bytes: bytes = b""
    args: list = field(default_factory=list)
    status: int = 0
    expect_out: object = None
    expect_part: object = None
    expect_end: object = None
    hidden: bool = False
    visibility: str = "visible"

    def run_key(self):
        return (self.input_bytes, tuple(self.args))


@dataclass
class Assignment:
    dir: Path
    name: str
    title: str
    mode: str
    timeout: float
    max_output: int
    mem: str
    reference: object
    tests: list
    languages: list = field(default_factory=lambda: list(LANGUAGES))

    @property
    def max_points(self):
        return sum(t.points for t in self.tests)

    def allows(self, suffix):
        return suffix.lower() in self.suffixes()

    def suffixes(self):
        return [s for lang in self.languages for s in LANGUAGES[lang]]


# ------------------------------------------------------------ checks

def _is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _string(v):
    return None if isinstance(v, str) else "expected a string"


def _strings(v):
    if isinstance(v, list) and all(isinstance(x, str) for x in v):
        return None
    return "expected a list of strings"


def _boolean(v):
    return None if isinstance(v, bool) else "expected true or false"


def _number_in(low, high):
    def check(v):
        if _is_number(v) and low <= v <= high:
            return None
        return "expected a number from %g to %g" % (low, high)
    return check


def _int_in(low, high):
    def check(v):
        if isinstance(v, int) and not isinstance(v, bool) and low <= v <= high:
            return None
        return "expected a whole number from %d to %d" % (low, high)
    return check


def _one_of(choices):
    def check(v):
        return None if v in choices else "expected one of %s" % ", ".join(choices)
    return check


def _mem(v):
    return None if isinstance(v, str) and _MEM.match(v) else 'expected a size like "4M"'


def _hex(v):
    if not isinstance(v, str):
        return "expected a string of hex digits"
    try:
        bytes.fromhex(v)
    except ValueError:
        return "expected hex digits (e.g. \"48 69\")"
    return None


def _languages(v):
    if (isinstance(v, list) and v and all(isinstance(x, str) for x in v)
            and all(x in LANGUAGES for x in v)):
        return None
    return "expected a list from %s" % ", ".join(LANGUAGES)


_TOP = {"title": _string, "description": _string, "mode": _one_of(tuple(BITS)),
        "timeout": _number_in(0.01, 600), "max_output": _int_in(1, 64 << 20),
        "mem": _mem, "reference": _string, "languages": _languages, "test": None}
_TEST = {"name": _string, "points": _number_in(0, 1e6), "input": _string,
         "input_hex": _hex, "args": _strings, "status": _int_in(0, 255),
         "expect_out": _strings, "expect_part": _string, "expect_end": _string,
         "allow_trailing_text": _boolean, "hidden": _boolean,
         "visibility": _one_of(VISIBILITIES), "description": _string}


def _check_table(table, schema, where, errors):
    for key in sorted(table, key=str):
        if key not in schema:
            errors.append("%s: unknown key %r (known: %s)"
                          % (where, key, ", ".join(sorted(schema))))
        elif schema[key]:
            problem = schema[key](table[key])
            if problem:
                errors.append("%s: %s: %s, got %r" % (where, key, problem, table[key]))


def _check_test(table, where, errors):
    _check_table(table, _TEST, where, errors)
    for key in ("name", "points"):
        if key not in table:
            errors.append("%s: needs %s" % (where, key))
    if "name" in table and isinstance(table["name"], str) and not table["name"].strip():
        errors.append("%s: name: must not be empty" % where)
    if "input" in table and "input_hex" in table:
        errors.append("%s: give input or input_hex, not both" % where)


def validate(data, directory):
    """Every mistake in the parsed assignment.toml DATA, one line each."""
    errors = []
    _check_table(data, _TOP, "assignment", errors)
    tests = data.get("test", [])
    if not isinstance(tests, list) or not all(isinstance(t, dict) for t in tests):
        return errors + ["test: expected [[test]] tables"]
    if not tests:
        errors.append("no [[test]] tables")
    names = []
    for i, table in enumerate(tests):
        name = table.get("name")
        where = "test %d (%r)" % (i + 1, name) if isinstance(name, str) else "test %d" % (i + 1)
        _check_test(table, where, errors)
        names.append(name)
    for name in sorted({n for n in names if isinstance(n, str) and names.count(n) > 1}):
        errors.append("test names must be unique: %r appears %d times"
                      % (name, names.count(name)))
    reference = data.get("reference")
    if isinstance(reference, str):
        path = Path(reference)
        if path.is_absolute() or ".." in path.parts:
            errors.append("reference: must be a file inside the assignment folder, got %r"
                          % reference)
        elif not (Path(directory) / path).is_file():
            errors.append("reference: no such file %r" % reference)
    return errors


# ------------------------------------------------------------ loading

def load_assignment(directory):
    directory = Path(directory)
    path = directory / "assignment.toml"
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise AssignmentError("%s: %s" % (path, e))
    errors = validate(data, directory)
    if errors:
        raise AssignmentError("\n".join("%s: %s" % (path, e) for e in errors))
    reference = data.get("reference")
    return Assignment(dir=directory, name=directory.name,
                      title=data.get("title", directory.name),
                      mode=data.get("mode", "real"), timeout=float(data.get("timeout", 2)),
                      max_output=data.get("max_output", 65536), mem=data.get("mem", "4M"),
                      reference=directory / reference if reference else None,
                      tests=[_test(t) for t in data["test"]],
                      languages=list(data.get("languages", LANGUAGES)))


def _test(table):
    expect_out = table.get("expect_out")
    expect_part = table.get("expect_part")
    # Strict by default: after the last expected line, nothing more.
    if expect_out is not None and expect_part is None \
            and not table.get("allow_trailing_text", False):
        expect_part = ""
    test = Test(name=table["name"], points=table["points"], args=list(table.get("args", [])),
                status=table.get("status", 0), expect_out=expect_out,
                expect_part=expect_part, expect_end=table.get("expect_end"),
                hidden=table.get("hidden", False),
                visibility=table.get("visibility", "visible"))
    if "input_hex" in table:
        test.input_bytes = bytes.fromhex(table["input_hex"])
    else:
        test.input_bytes = table.get("input", "").encode("utf-8")
    return test


def end_matches(expected, actual):
    """Does the end record ACTUAL satisfy EXPECTED (exactly, up to a space,
    or an ending docs/ABI.md calls equivalent)?"""
    if actual is None:
        return False
    for wanted in EQUIVALENT_ENDS.get(expected, (expected,)):
        if actual == wanted or actual.startswith(wanted + " "):
            return True
    return False
