"""The Gradescope autograder (gradescope/): the zip that `package` makes,
unpacked as Gradescope would, grades /autograder/submission as one student
whatever the files are called, and writes a valid results.json."""

import json
import os
import shutil
import subprocess
import zipfile

import pytest

import buildbox
import guestbuild
import hostcaps
import mkvm

REPO = mkvm.REPO


@pytest.fixture(scope="module")
def kvm(vmm):
    reason = hostcaps.probe(str(vmm)).first_missing(["kvm", "real"])
    if reason:
        pytest.skip(reason)


def autograder(tmp_path, files):
    """A fake /autograder with the packaged source and FILES as the submission."""
    zip_path = tmp_path / "autograder.zip"
    subprocess.run([str(REPO / "gradescope" / "package"), "suite/assignments/hello",
                    str(zip_path)], check=True, capture_output=True, cwd=REPO)
    root = tmp_path / "autograder"
    with zipfile.ZipFile(zip_path) as z:
        names = z.namelist()
    assert "setup.sh" in names and "gradescope/run_autograder" in names
    # As Gradescope does (unzip keeps the scripts' modes).
    (root / "source").mkdir(parents=True)
    subprocess.run(["unzip", "-q", str(zip_path), "-d", str(root / "source")], check=True)
    # setup.sh would build the VMM; the one already built is the same source.
    shutil.copy(mkvm.vmm_path(), root / "source" / "vmm" / "mini-kvm")
    for name, data in files.items():
        path = root / "submission" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


def run(root):
    proc = subprocess.run([str(root / "source" / "gradescope" / "run_autograder")],
                          env=dict(os.environ, AUTOGRADER=str(root)),
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # Where bubblewrap works the autograder must use it; where it cannot
    # (the test VM's chroot) it must say that it falls back.
    fell_back = "sandbox user" in proc.stdout + proc.stderr
    assert fell_back == bool(buildbox.unavailable("bwrap", guestbuild.ASSIGNMENT_LIB))
    return json.loads((root / "results" / "results.json").read_text())


def test_one_student_whatever_the_file_names(kvm, tmp_path):
    hello = (REPO / "suite/assignments/hello/examples/alice.asm").read_bytes()
    root = autograder(tmp_path, {"My Solution (final).asm": hello,
                                 "__MACOSX/._My Solution (final).asm": b"\x00\x05junk",
                                 ".draft.c": b"int main(void) { return 1; }"})
    results = run(root)
    assert results["score"] == 10
    assert [t["status"] for t in results["tests"]] == ["passed"] * 3
    assert all(t["visibility"] == "visible" for t in results["tests"])
    assert results["execution_time"] >= 0
    assert (root / "source").stat().st_mode & 0o777 == 0o700


def test_a_submission_that_does_not_build_gets_its_log(kvm, tmp_path):
    root = autograder(tmp_path, {"main.c": b"int main(void) { return oops; }\n"})
    results = run(root)
    assert results["score"] == 0
    assert "oops" in results["output"] and "Build failed" in results["output"]
