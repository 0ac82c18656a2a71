"""Text that came from a student, made safe to show a person.

Build logs, file names and program output end up in report.txt, the class
table, CSV and JSON files and the teacher's terminal. Control characters
(ANSI escapes, carriage returns, backspaces), Unicode format characters
(bidirectional overrides, zero-width joiners), unpaired surrogates (bytes
of a file name that are not UTF-8) and, in one-line fields, newlines would
let that text redraw or forge what is around it. Here every such character
becomes a visible escape (\\x1b, \\u202e, \\xfc); everything else is kept.
"""

import unicodedata

_KEEP_IN_BLOCKS = {"\n", "\t"}
_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(ch):
    if ch in _SHORT:
        return _SHORT[ch]
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:         # a byte os.fsdecode could not decode
        return "\\x%02x" % (code - 0xDC00)
    if code < 0x100:
        return "\\x%02x" % code
    if code < 0x10000:
        return "\\u%04x" % code
    return "\\U%08x" % code


def _unsafe(ch):
    return unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")


def block(text):
    """Several lines: newlines and tabs kept, everything else unsafe escaped."""
    return "".join(_escape(c) if c not in _KEEP_IN_BLOCKS and _unsafe(c) else c
                   for c in text)


def line(text):
    """One line (a name, a table cell): newlines and tabs escaped too."""
    return "".join(_escape(c) if _unsafe(c) else c for c in text)


def name(raw):
    """A file or student name (str from the file system, possibly holding
    surrogate-escaped bytes) as one safe line."""
    return line(raw)
