"""Repository-wide pytest setup for the Mini-KVM conformance suite.

Options:
  --update-golden   rewrite golden transcripts from the VMM's output (only
                    when the exit status is as expected); lists each file
                    written at the end of the run. Read them before committing.
  --vmm=PATH        the VMM to test (default vmm/mini-kvm, or $MINI_KVM); write
                    it with "=", or pytest takes PATH for a test path.
"""

import os
import sys
from pathlib import Path

import pytest

SUITE = Path(__file__).resolve().parent / "suite"
if str(SUITE) not in sys.path:
    sys.path.insert(0, str(SUITE))

_written = []


def pytest_addoption(parser):
    group = parser.getgroup("mini-kvm")
    group.addoption("--update-golden", action="store_true", default=False,
                    help="rewrite golden transcript files from the VMM's output")
    group.addoption("--vmm", default=None, metavar="PATH",
                    help="the mini-kvm binary to test (default vmm/mini-kvm or $MINI_KVM)")


def pytest_configure(config):
    vmm = config.getoption("--vmm")
    if vmm:
        # Environment, so that xdist workers and helper modules see it too.
        os.environ["MINI_KVM"] = str(Path(vmm).resolve())
    if not hasattr(config, "workerinput"):
        # The controller (or a run without xdist) asks `mini-kvm --host-check`
        # once; xdist workers inherit the answers through the environment.
        import hostcaps
        import mkvm
        os.environ.pop(hostcaps.ENV_CACHE, None)
        hostcaps.export(hostcaps.probe(str(mkvm.vmm_path())), mkvm.vmm_path())


@pytest.fixture(scope="session")
def update_golden(request):
    return request.config.getoption("--update-golden")


@pytest.fixture(scope="session")
def vmm():
    """The VMM binary under test; the test fails if it is not built."""
    import mkvm
    if mkvm.not_built():
        pytest.fail(mkvm.not_built(), pytrace=False)
    return mkvm.vmm_path()


@pytest.fixture(scope="session")
def host_caps():
    import hostcaps
    return hostcaps.probe()


def pytest_runtest_logreport(report):
    # Runs in the controller for xdist workers' reports too.
    for key, value in getattr(report, "user_properties", []):
        if key == "golden_written" and report.when == "call":
            _written.append(value)


def pytest_terminal_summary(terminalreporter, config):
    if not config.getoption("--update-golden"):
        return
    terminalreporter.section("golden files written")
    if not _written:
        terminalreporter.write_line("none: every golden file already matched")
    for path in sorted(set(_written)):
        terminalreporter.write_line("wrote %s" % path)
    if _written:
        terminalreporter.write_line("read every file listed above before committing it")


def pytest_report_header(config):
    import hostcaps
    return "mini-kvm host flavour: %s (time limits x%g; docs/HOST.md)" % (
        hostcaps.flavour(), hostcaps.time_factor())
