"""Loading scenario TOML files (docs/SCENARIOS.md) into test cases.

Roots: suite/scenarios/**/*.toml (ids relative to that directory, e.g.
`real/hello`, `os1k/shell.calc_add`) and the generated families in
suite/generated/**/*.toml (ids prefixed `gen/`). A file that cannot be
loaded still yields one case, carrying the error, so that it fails loudly
instead of vanishing from the run.

A file with `cases_from` runs every case of another family file with its
own top-level keys on top (another image, more `requires`): the same
scenarios for another build of a guest. Its own [[case]] tables, if any,
change the inherited case of the same name. Such a case compares with its
own golden file where it has one, else with the other file's golden,
edited by `golden_edits` (pairs of [old, new] text).
"""

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import mkvm

ROOTS = (
    (mkvm.REPO / "suite" / "scenarios", ""),
    (mkvm.REPO / "suite" / "generated", "gen/"),
)

DEFAULT_TIMEOUT = 10.0

# Keys a scenario or a case may set. The expect_* keys and input_hex are
# the suite's extensions (docs/SUITE.md).
_COMMON_KEYS = {
    "description": str,
    "images": list,
    "disks": list,
    "args": list,
    "input": str,
    "input_file": str,
    "input_hex": str,
    "input_expect": str,
    "input_expect_file": str,
    "timeout": (int, float),
    "status": int,
    "golden": str,
    "requires": list,
    "modules": list,
    "expect_out": list,
    "expect_part": str,
    "expect_end": str,
    "flavour": dict,
}
_TOP_KEYS = dict(_COMMON_KEYS, case=list, cases_from=str, golden_edits=list)
# What a scenario may expect differently on one host flavour (hostcaps.
# FLAVOURS): only outcomes, where the host truly differs; never the guest,
# its input or its options.
_FLAVOUR_KEYS = {k: _COMMON_KEYS[k] for k in
                 ("status", "golden", "expect_out", "expect_part", "expect_end", "requires")}
_CASE_KEYS = dict(_COMMON_KEYS, name=str)


class ScenarioError(Exception):
    pass


@dataclass
class Case:
    id: str
    toml: Path
    name: object = None               # case name in a family, else None
    description: str = ""
    images: list = field(default_factory=list)
    disks: list = field(default_factory=list)
    args: list = field(default_factory=list)
    input_bytes: bytes = b""
    input_path: object = None        # Path, when input_file is given
    expect_bytes: object = None      # bytes: an inline expect script (input_expect)
    expect_path: object = None       # Path, when input_expect_file is given
    timeout: float = DEFAULT_TIMEOUT
    status: int = 0
    golden: object = None            # Path, or None when expect_* is used
    golden_edits: list = field(default_factory=list)  # [old, new] pairs applied to golden
    own_golden: object = None        # Path --update-golden writes when golden is shared
    requires: list = field(default_factory=list)
    expect_out: object = None
    expect_part: object = None
    expect_end: object = None
    error: object = None             # str: the scenario is malformed

    def image_paths(self):
        return [mkvm.REPO / image for image in self.images]

    def disk_paths(self):
        return [mkvm.REPO / disk for disk in self.disks]

    @property
    def uses_golden(self):
        return self.golden is not None


def _check_types(table, allowed, where):
    for key, value in table.items():
        if key not in allowed:
            raise ScenarioError("%s: unknown key %r (allowed: %s)"
                                % (where, key, ", ".join(sorted(allowed))))
        if not isinstance(value, allowed[key]) or isinstance(value, bool):
            raise ScenarioError("%s: %r has the wrong type (%s)"
                                % (where, key, type(value).__name__))
    for key in ("images", "args", "requires", "modules", "expect_out"):
        if key in table and not all(isinstance(v, str) for v in table[key]):
            raise ScenarioError("%s: every entry of %r must be a string" % (where, key))
    for pair in table.get("golden_edits", []):
        if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(v, str) and v for v in pair)):
            raise ScenarioError("%s: every entry of 'golden_edits' must be a pair of non-empty strings"
                                % where)


def _flavour_overrides(tables, flavour, where):
    """The keys FLAVOUR changes, from each `flavour` table in TABLES (the
    file's, then the case's: the case wins), the fallbacks first (what
    hardware expects holds for nested-svm unless nested-svm says more)."""
    import hostcaps
    for table in tables:
        for name, keys in table.items():
            if name not in hostcaps.FLAVOURS:
                raise ScenarioError("%s: unknown flavour %r (known: %s)"
                                    % (where, name, ", ".join(hostcaps.FLAVOURS)))
            if not isinstance(keys, dict):
                raise ScenarioError("%s: flavour %r is not a table" % (where, name))
            _check_types(keys, _FLAVOUR_KEYS, "%s flavour %r" % (where, name))
    overrides = {}
    for name in hostcaps.FLAVOUR_FALLBACK[flavour] if flavour else ():
        for table in tables:
            overrides.update(table.get(name, {}))
    return overrides


def _make_case(case_id, toml_path, settings, name, flavour_tables=(), flavour=None):
    where = "%s%s" % (toml_path.name, " case %r" % name if name else "")
    overrides = _flavour_overrides(flavour_tables, flavour, where)
    if "golden" in overrides or any(k.startswith("expect_") for k in overrides):
        # An outcome given for this flavour replaces the default one whole.
        for key in ("golden", "expect_out", "expect_part", "expect_end"):
            settings.pop(key, None)
    settings = dict(settings, **overrides)
    case = Case(id=case_id, toml=toml_path, name=name)
    case.description = settings.get("description", "")
    case.images = list(settings.get("images", []))
    case.disks = list(settings.get("disks", []))
    if not case.images and not case.disks:
        raise ScenarioError("%s: no images and no disks" % where)
    case.args = list(settings.get("args", []))
    # Disk images (paths from the repo root) go as --disk with absolute
    # paths (the VMM runs in a scratch directory); with no images, the
    # first one boots.
    for disk in case.disk_paths():
        case.args += ["--disk", str(disk)]
    # Multiboot modules: files next to the TOML, passed as --module PATH
    # (the VMM runs in a scratch directory, so the path is made absolute).
    for module in settings.get("modules", []):
        case.args += ["--module", str(toml_path.parent / module)]
    inputs = [k for k in ("input", "input_file", "input_hex", "input_expect", "input_expect_file")
              if k in settings]
    if len(inputs) > 1:
        raise ScenarioError("%s: give only one of %s" % (where, ", ".join(inputs)))
    if "input" in settings:
        case.input_bytes = settings["input"].encode("utf-8")
    elif "input_hex" in settings:
        try:
            case.input_bytes = bytes.fromhex(settings["input_hex"])
        except ValueError as e:
            raise ScenarioError("%s: bad input_hex: %s" % (where, e))
    elif "input_file" in settings:
        case.input_path = toml_path.parent / settings["input_file"]
    elif "input_expect" in settings:
        case.expect_bytes = settings["input_expect"].encode("utf-8")
    elif "input_expect_file" in settings:
        case.expect_path = toml_path.parent / settings["input_expect_file"]
    case.timeout = float(settings.get("timeout", DEFAULT_TIMEOUT))
    if case.timeout <= 0:
        raise ScenarioError("%s: timeout must be positive (the suite never runs "
                            "a scenario without one)" % where)
    case.status = settings.get("status", 0)
    case.requires = list(settings.get("requires", []))
    case.expect_out = settings.get("expect_out")
    case.expect_part = settings.get("expect_part")
    case.expect_end = settings.get("expect_end")
    expects = any(k in settings for k in ("expect_out", "expect_part", "expect_end"))
    if "golden" in settings:
        case.golden = toml_path.parent / settings["golden"]
    elif not expects:
        stem = toml_path.stem + ("." + name if name else "")
        case.golden = toml_path.parent / (stem + ".transcript")
    return case


def _read_toml(toml_path):
    with open(toml_path, "rb") as f:
        data = tomllib.load(f)
    _check_types(data, _TOP_KEYS, toml_path.name)
    return data


def _case_changes(toml_path, tables):
    """A cases_from file's own [[case]] tables: each changes the inherited
    case of its name (e.g. an input that needs to differ); name -> table."""
    changes = {}
    for index, table in enumerate(tables):
        if not isinstance(table, dict) or not table.get("name"):
            raise ScenarioError("%s: case %d is not a table with a name" % (toml_path.name, index))
        _check_types(table, _CASE_KEYS, "%s case %d" % (toml_path.name, index))
        if table["name"] in changes:
            raise ScenarioError("%s: two cases are named %r" % (toml_path.name, table["name"]))
        changes[table["name"]] = table
    return changes


def _cases_from(toml_path, case_prefix, data, flavour):
    """The cases of the family file data["cases_from"] names, with DATA's
    top-level keys on top of that file's, and their goldens."""
    source = (toml_path.parent / data.pop("cases_from")).resolve()
    edits = data.pop("golden_edits", [])
    changes = _case_changes(toml_path, data.pop("case", []))
    base = _read_toml(source)
    if "cases_from" in base or not base.get("case"):
        raise ScenarioError("%s: cases_from must name a family file without cases_from (%s)"
                            % (toml_path.name, source.name))
    family = base.pop("case")
    unknown = set(changes) - {table.get("name") for table in family}
    if unknown:
        raise ScenarioError("%s: %s has no case named %s" % (toml_path.name, source.name,
                                                             ", ".join(sorted(unknown))))
    top_flavours = [base.pop("flavour", {}), data.pop("flavour", {})]
    base.update(data)
    cases = []
    for table in family:
        _check_types(table, _CASE_KEYS, "%s case" % source.name)
        settings = dict(base)
        settings.update(table)
        settings.update(changes.get(table.get("name"), {}))
        name = settings.pop("name")
        case_flavours = settings.pop("flavour", {})
        case = _make_case("%s.%s" % (case_prefix, name), toml_path, settings, name,
                          top_flavours + [case_flavours], flavour)
        own = toml_path.parent / ("%s.%s.transcript" % (toml_path.stem, name))
        if case.golden == own:          # the default golden, not one named on purpose
            case.own_golden = own
            if not own.exists():
                case.golden = source.parent / ("%s.%s.transcript" % (source.stem, name))
                case.golden_edits = [tuple(pair) for pair in edits]
        cases.append(case)
    return cases


def load_file(toml_path, case_prefix, flavour=None):
    """All cases of one TOML file; CASE_PREFIX is its id without cases.
    FLAVOUR (hostcaps.FLAVOURS, None: none) picks the outcomes its
    `flavour` tables give for that host."""
    try:
        data = _read_toml(toml_path)
        if "cases_from" in data:
            return _cases_from(toml_path, case_prefix, data, flavour)
        if "golden_edits" in data:
            raise ScenarioError("%s: golden_edits needs cases_from" % toml_path.name)
        family = data.pop("case", None)
        top_flavours = data.pop("flavour", {})
        if family is None:
            return [_make_case(case_prefix, toml_path, data, None, [top_flavours], flavour)]
        if not family:
            raise ScenarioError("%s: [[case]] list is empty" % toml_path.name)
        cases, seen = [], set()
        for index, table in enumerate(family):
            if not isinstance(table, dict):
                raise ScenarioError("%s: case %d is not a table" % (toml_path.name, index))
            _check_types(table, _CASE_KEYS, "%s case %d" % (toml_path.name, index))
            name = table.get("name")
            if not name:
                raise ScenarioError("%s: case %d has no name" % (toml_path.name, index))
            if name in seen:
                raise ScenarioError("%s: two cases are named %r" % (toml_path.name, name))
            seen.add(name)
            settings = dict(data)
            settings.update(table)
            settings.pop("name")
            case_flavours = settings.pop("flavour", {})
            cases.append(_make_case("%s.%s" % (case_prefix, name), toml_path, settings, name,
                                    [top_flavours, case_flavours], flavour))
        return cases
    except (OSError, tomllib.TOMLDecodeError) as e:
        return [Case(id=case_prefix, toml=toml_path, error="%s: %s" % (toml_path.name, e))]
    except ScenarioError as e:
        return [Case(id=case_prefix, toml=toml_path, error=str(e))]


def load_all(roots=ROOTS, flavour=None):
    cases, ids = [], {}
    for root, prefix in roots:
        if not root.is_dir():
            continue
        for toml_path in sorted(root.rglob("*.toml")):
            rel = toml_path.relative_to(root).with_suffix("").as_posix()
            for case in load_file(toml_path, prefix + rel, flavour):
                if case.id in ids:
                    case.error = "duplicate test id %r (also from %s)" % (case.id, ids[case.id])
                    case.id += "#dup"
                ids.setdefault(case.id, toml_path)
                cases.append(case)
    return cases


def main():
    """Print the number of cases per area (and any malformed scenario)."""
    import collections
    cases = load_all()
    areas = collections.Counter(case.id.split("/")[0] for case in cases)
    for area, count in sorted(areas.items()):
        print("%-10s %4d" % (area, count))
    print("%-10s %4d" % ("total", len(cases)))
    broken = [case for case in cases if case.error]
    for case in broken:
        print("MALFORMED %s: %s" % (case.id, case.error))
    return 1 if broken else 0


if __name__ == "__main__":
    raise SystemExit(main())
