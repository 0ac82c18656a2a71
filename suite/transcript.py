"""Mini-KVM transcripts (docs/HARNESS.md, "Transcript format"): escaping,
parsing into per-vCPU records, and comparison with a readable report.

The escaping here is written from the spec, independently of the VMM, so
that generated scenarios can compute the transcript text they expect.
"""

import difflib
import json
import re

_VCPU_LINE = re.compile(r"^vcpu (\d+) (\S+)(?: (.*))?$")


def escape(data):
    """Escape guest output bytes the way a transcript TEXT field does."""
    out = []
    for byte in data:
        if byte == 0x5C:
            out.append("\\\\")
        elif byte == 0x0D:
            out.append("\\r")
        elif byte == 0x09:
            out.append("\\t")
        elif 0x20 <= byte <= 0x7E:
            out.append(chr(byte))
        else:
            out.append("\\x%02x" % byte)
    return "".join(out)


def output_records(data):
    """Split guest output bytes into (tag, TEXT) records: one `out` per
    complete line and a final `part` for a trailing piece without `\\n`."""
    records = []
    lines = data.split(b"\n")
    for line in lines[:-1]:
        records.append(("out", escape(line)))
    if lines[-1]:
        records.append(("part", escape(lines[-1])))
    return records


class Transcript:
    """A parsed transcript: its lines, grouped by the vCPU they belong to."""

    def __init__(self, text):
        self.text = text
        self.lines = text.splitlines()
        self.vcpus = {}          # vcpu number -> list of (tag, rest)
        self.vm_lines = []       # lines that are not `vcpu N ...`
        for line in self.lines:
            match = _VCPU_LINE.match(line)
            if match:
                number = int(match.group(1))
                rest = match.group(3) if match.group(3) is not None else ""
                self.vcpus.setdefault(number, []).append((match.group(2), rest))
            else:
                self.vm_lines.append(line)

    def records(self, vcpu, tag):
        return [rest for t, rest in self.vcpus.get(vcpu, []) if t == tag]

    def out_lines(self, vcpu=0):
        return self.records(vcpu, "out")

    def part(self, vcpu=0):
        parts = self.records(vcpu, "part")
        return parts[-1] if parts else None

    def end(self, vcpu=0):
        ends = self.records(vcpu, "end")
        return ends[-1] if ends else None

    def ends_summary(self):
        """`vcpu N end ...` lines, for failure messages."""
        return [line for line in self.lines
                if _VCPU_LINE.match(line) and line.split(" ", 3)[2] == "end"]


def _group_of(line):
    match = _VCPU_LINE.match(line)
    return "vcpu %s" % match.group(1) if match else "vm"


def _group_sort_key(name):
    if name == "vm":
        return (1, 0)
    return (0, int(name.split()[1]))


def compare(expected_text, actual_text, expected_name="expected",
            actual_name="actual", max_diff_lines=120):
    """Return None when the transcripts are identical, else a report that
    names every vCPU whose records differ, its first differing line (both
    versions, with transcript line numbers), and a unified diff."""
    if expected_text == actual_text:
        return None
    expected = expected_text.splitlines()
    actual = actual_text.splitlines()
    if expected == actual:
        return ("transcripts differ only in line endings or a final newline "
                "(expected %d bytes, got %d)" % (len(expected_text), len(actual_text)))

    def grouped(lines):
        groups = {}
        for number, line in enumerate(lines, 1):
            groups.setdefault(_group_of(line), []).append((number, line))
        return groups

    exp_groups, act_groups = grouped(expected), grouped(actual)
    report = []
    for name in sorted(set(exp_groups) | set(act_groups), key=_group_sort_key):
        exp = exp_groups.get(name, [])
        act = act_groups.get(name, [])
        if [l for _, l in exp] == [l for _, l in act]:
            continue
        index = 0
        while index < len(exp) and index < len(act) and exp[index][1] == act[index][1]:
            index += 1
        who = "vm records" if name == "vm" else name
        report.append("%s: first difference at its record %d:" % (who, index + 1))
        if index < len(exp):
            report.append("  expected (line %d): %s" % exp[index])
        else:
            report.append("  expected: no more %s records" % name)
        if index < len(act):
            report.append("  actual   (line %d): %s" % act[index])
        else:
            report.append("  actual:   no more %s records" % name)
    return "\n".join(report + _unified_diff(expected, actual, expected_name, actual_name,
                                            max_diff_lines))


def _unified_diff(expected, actual, expected_name, actual_name, max_lines):
    diff = list(difflib.unified_diff(expected, actual, expected_name, actual_name,
                                     lineterm="", n=2))
    if len(diff) > max_lines:
        diff = diff[:max_lines] + ["... (%d more diff lines)" % (len(diff) - max_lines)]
    return ["", "unified diff:"] + diff


def compare_lines(label, expected, actual, max_diff_lines=80):
    """Compare two lists of strings (e.g. expected `out` TEXTs); None when
    equal, else the first differing entry and a unified diff."""
    if expected == actual:
        return None
    index = 0
    while index < len(expected) and index < len(actual) and expected[index] == actual[index]:
        index += 1
    lines = ["%s: first difference at line %d:" % (label, index + 1)]
    lines.append("  expected: %s" % (repr(expected[index]) if index < len(expected)
                                      else "(no more lines; %d expected)" % len(expected)))
    lines.append("  actual:   %s" % (repr(actual[index]) if index < len(actual)
                                      else "(no more lines; %d produced)" % len(actual)))
    return "\n".join(lines + _unified_diff(expected, actual, "expected", "actual",
                                           max_diff_lines))


def read_ends(text):
    """The VMM's --transcript-json lines: (list of per-vCPU end records,
    the vm record), in vCPU order. Each vCPU record is a dict with keys
    vcpu, image, mode, end (the kind: exit, halt, fault, timeout, ...),
    reason (exit, triple-fault, mmio, exception, ...), status, fields (the
    reason's own fields, numbers as numbers), output_bytes and text (the
    transcript's `end` record). Programs read these instead of parsing
    messages."""
    vcpus, vm = [], None
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        if record.get("record") == "vcpu":
            vcpus.append(record)
        elif record.get("record") == "vm":
            vm = record
    return vcpus, vm
