"""The GDB stub (--gdb, docs/DEBUGGING.md) against real guests.

Two kinds of test: sessions of Debian's `gdb` in batch mode (break at a
label or function, read and change registers and memory, step, watch,
continue to the exit code) on a real-mode, a 32-bit C, a 64-bit C guest
and the 1K OS; and a small protocol client for what batch gdb cannot do
(Ctrl-C, a long stop that must not count against --timeout, --smp
threads). Every session listens on a unix socket in the test's own
directory, so tests can run in parallel.

What the host's KVM honours is data (`mini-kvm --host-check`: gdb-step,
gdb-hw-break, gdb-sw-break, gdb-watch): on kvm-pvm, int3 does not trap, so
the stub puts breakpoints in debug registers, and data breakpoints do not
fire, so the watchpoint test there uses GDB's software watchpoints. GDB
sessions with breakpoints need one kind or the other; the rest need
stepping only (all the nested SVM test VM offers: QEMU's TCG emulation of
SVM does not intercept int3 nor honour DR0-DR3 for its guest).
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

import mkvm

REPO = mkvm.REPO
GDB = shutil.which("gdb")
needs_gdb = pytest.mark.skipif(GDB is None, reason="gdb is not installed (.ci/install-deps installs Debian's gdb)")


@pytest.fixture
def stepping_host(host_caps):
    """Skips unless the host single-steps guests for the debugger."""
    reason = host_caps.missing("gdb-step")
    if reason:
        pytest.skip(reason)
    return host_caps


@pytest.fixture
def debug_host(host_caps):
    """Skips unless the host steps and takes breakpoints of one kind or the other."""
    reason = host_caps.missing("gdb-step")
    if reason:
        pytest.skip(reason)
    no_sw, no_hw = host_caps.missing("gdb-sw-break"), host_caps.missing("gdb-hw-break")
    if no_sw and no_hw:
        pytest.skip("%s; %s" % (no_sw, no_hw))
    return host_caps


_live_stubs = []


@pytest.fixture(autouse=True)
def no_stub_left_running():
    """A guest stopped in the debugger never times out: whatever a test
    leaves running (it failed half-way) is killed, with its process group."""
    yield
    while _live_stubs:
        stub = _live_stubs.pop()
        if stub.proc.poll() is None:
            os.killpg(stub.proc.pid, signal.SIGKILL)
            stub.proc.communicate()


class Stub:
    """mini-kvm --gdb unix:SOCK --gdb-wait on IMAGE, in its own process group."""

    def __init__(self, vmm, image, tmp_path, *args, stdin=b"", timeout=20):
        self.sock = tmp_path / "gdb.sock"
        keys = tmp_path / "keys"
        keys.write_bytes(stdin)
        with open(keys, "rb") as keyboard:
            self.proc = subprocess.Popen(
                [str(vmm), "--gdb", "unix:%s" % self.sock, *args, "--timeout", str(timeout), str(image)],
                stdin=keyboard, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        _live_stubs.append(self)
        deadline = time.monotonic() + 15
        while not self.sock.exists():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                out, err = self.finish()
                pytest.fail("the stub never listened (status %s): %s" % (self.proc.returncode, err))
            time.sleep(0.02)

    def finish(self, timeout=30):
        try:
            out, err = self.proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, err = self.proc.communicate()
            pytest.fail("mini-kvm did not end after the debugging session: %s" % err.decode(errors="replace"))
        return out.decode(errors="replace"), err.decode(errors="replace")


def gdb_batch(stub, commands, symbols=None, timeout=60):
    argv = [GDB, "-batch", "-nx", "-ex", "set confirm off", "-ex", "set pagination off",
            "-ex", "target remote %s" % stub.sock]
    for command in commands:
        argv += ["-ex", command]
    if symbols:
        argv.append(str(symbols))
    proc = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout)
    return proc.stdout + proc.stderr


def value(text, name):
    """The value GDB printed for `p NAME` as `$N = VALUE` after the echo line
    `>>> NAME` (each command is preceded by an `echo`)."""
    match = re.search(r">>> %s\n(?:.*\n)*?\$\d+ = (.*)" % re.escape(name), text)
    assert match, "no value printed for %s in:\n%s" % (name, text)
    return match.group(1).strip()


def labelled(commands):
    """Each `p X` command preceded by an echo of `>>> X`, to find its value."""
    out = []
    for command in commands:
        if command.startswith("p ") or command.startswith("p/"):
            out.append("echo >>> %s\\n" % command.split(" ", 1)[1])
        out.append(command)
    return out


def nasm_labels(source, out_dir):
    """Assemble SOURCE as the guest build does, with a symbol map: label -> address."""
    image, map_file = out_dir / "guest.bin", out_dir / "guest.map"
    subprocess.run(["nasm", "-f", "bin", "-I", "%s/" % (REPO / "guests" / "include"),
                    "-I", "%s/" % source.parent, "--before", "[map symbols %s]" % map_file,
                    "-o", str(image), str(source)], check=True)
    labels = {}
    for line in map_file.read_text().splitlines():
        match = re.match(r"\s+([0-9A-Fa-f]+)\s+[0-9A-Fa-f]+\s+(\S+)$", line)
        if match:
            labels[match.group(2)] = int(match.group(1), 16)
    return image, labels


@needs_gdb
def test_real_mode_guest(vmm, tmp_path, debug_host):
    image, labels = nasm_labels(REPO / "guests" / "real" / "hello.asm", tmp_path)
    loop, message = labels["start.next_char"], labels["message"]
    stub = Stub(vmm, image, tmp_path, "--gdb-wait")
    text = gdb_batch(stub, labelled([
        "p/x $pc", "p $cs",
        "break *%#x" % loop, "continue",
        "p/x $pc", "p/x $esi", "x/s $esi", "x/i $pc",
        "stepi", "p/x $pc", "p/c $al",
        "set var *(char *)%#x = 'a'" % (message + 1),     # "Hello" -> "Hallo"
        "delete", "continue",
    ]))
    out, err = stub.finish()
    assert "Breakpoint 1, 0x%08x in ?? ()" % loop in text, text
    assert '"Hello, world!\\n"' in text, text
    assert re.search(r"=> 0x%x:\s+lods\s+%%ds:\(%%si\),%%al" % loop, text), text   # 16-bit disassembly
    pcs = re.findall(r"\$\d+ = (0x[0-9a-f]+)", text)
    # Before the first instruction, at the label with SI at the message, one byte on.
    assert pcs == ["0x0", hex(loop), hex(message), hex(loop + 1)], text
    assert "$6 = 72 'H'" in text, text
    assert "[Inferior 1 (Remote target) exited normally]" in text, text
    assert out == "Hallo, world!\n", (out, err)             # 'H' was loaded before the write
    assert stub.proc.returncode == 0, err


@needs_gdb
def test_real_mode_stepping(vmm, tmp_path, stepping_host):
    """Stepping, registers and memory only: what a host without breakpoints
    (the nested SVM test VM) can do too."""
    stub = Stub(vmm, REPO / "guests" / "real" / "hello.bin", tmp_path, "--gdb-wait")
    text = gdb_batch(stub, labelled([
        "stepi", "stepi", "p/x $pc", "p/x $edx", "x/i $pc", "x/s $esi",
        "set var *(char *)0x17 = 'a'", "set $esi = 0x17",      # skip the H, and "ello" -> "allo"
        "stepi", "p/c $al", "continue",
    ]))
    out, err = stub.finish()
    pcs = re.findall(r"\$\d+ = (0x[0-9a-f]+)", text)
    assert pcs == ["0x6", "0x500"], text                     # past two movs: DX = the hypercall port
    assert re.search(r"=> 0x6:\s+lods\s+%ds:\(%si\),%al", text), text
    assert '0x16:\t"Hello, world!\\n"' in text, text
    assert "$3 = 97 'a'" in text, text
    assert "exited normally" in text, text
    assert out == "allo, world!\n" and stub.proc.returncode == 0, (out, err)


@needs_gdb
def test_pm32_c_guest_break_step_watch(vmm, tmp_path, debug_host):
    elf = REPO / "guests" / "c32" / "primes.elf"
    stub = Stub(vmm, elf, tmp_path, "--gdb-wait")
    hardware = debug_host.missing("gdb-watch") is None
    text = gdb_batch(stub, labelled([
        "break primes.c:29", "continue",
        "p n", "p found", "next", "p primes[0]",
        "delete",
        "set can-use-hw-watchpoints %d" % (1 if hardware else 0),
        "watch primes[3]", "continue",
        "p primes[3]", "p found",
        "delete", "set var primes[0] = 1000", "continue",
    ]), symbols=elf)
    out, err = stub.finish()
    assert "Breakpoint 1, main () at c32/primes.c:29" in text, text
    assert value(text, "n") == "2" and value(text, "found") == "0", text
    assert value(text, "primes[0]") == "2", text
    assert re.search(r"(Hardware w|W)atchpoint 2: primes\[3\]\s+Old value = 0\s+New value = 7", text), text
    assert value(text, "primes[3]") == "7", text
    assert "exited normally" in text, text
    assert out.startswith("1000 3 5 7 "), (out, err)
    assert stub.proc.returncode == 0, err


@needs_gdb
def test_long_mode_c_guest(vmm, tmp_path, debug_host):
    elf = REPO / "guests" / "c64" / "hello.elf"
    stub = Stub(vmm, elf, tmp_path, "--gdb-wait")
    text = gdb_batch(stub, labelled([
        "p $pc",
        "find /b 0x1000, 0x2000, 'H', 'e', 'l', 'l', 'o'",     # the string, in .rodata
        "set var *(char *)$_ = 'J'",
        "break print_u64", "continue",
        "p n", "bt", "info threads",
        "next", "next", "p count",
        "break *(_start + 9)", "continue",                     # main returned: movb %al, %bl
        "p $rax", "set $rax = 5",
        "delete", "continue",
    ]), symbols=elf)
    out, err = stub.finish()
    assert "Breakpoint 1, print_u64 (n=1099511627776) at c64/hello.c" in text, text
    assert value(text, "n") == "1099511627776", text
    assert re.search(r"#1 .*main \(\) at c64/hello.c", text), text
    assert re.search(r"\* 1 +Thread 1 \(cpu0 hello.elf, long mode\)", text), text
    assert value(text, "count") == "1", text                 # one digit written
    assert value(text, "$rax") == "0", text                  # main's return value...
    assert "exited with code 05" in text, text               # ...changed to 5
    assert out.startswith("Jello from C in 64-bit long mode!\n"), (out, err)
    assert stub.proc.returncode == 5, err


@needs_gdb
def test_os1k_kernel(vmm, tmp_path, debug_host):
    elf = REPO / "os1k" / "build" / "kernel.elf"
    if not elf.exists():
        pytest.fail("os1k/build/kernel.elf is not built (make os1k)")
    stub = Stub(vmm, elf, tmp_path, "--gdb-wait", stdin=b"echo hi\nshutdown 7\n")
    text = gdb_batch(stub, labelled([
        "break *pmm_init", "continue",
        "p/x $pc", "p/x $rsi", "bt 1",
        "stepi", "p/x $pc",
        "x/2gx $sp",
        "delete", "continue",
    ]), symbols=elf)
    out, err = stub.finish()
    pmm_init = int(subprocess.run(["nm", str(elf)], capture_output=True, text=True, check=True)
                   .stdout.split(" T pmm_init")[0].split("\n")[-1], 16)
    pcs = re.findall(r"\$\d+ = (0x[0-9a-f]+)", text)
    assert pcs[0] == hex(pmm_init), text                     # a higher-half address
    assert pcs[1] == "0x400000", text                        # end of RAM, the 2nd argument
    step = int(pcs[2], 16) - pmm_init
    assert 0 < step < 16, text                               # one instruction on, not in an IRQ handler
    assert re.search(r"0x[0-9a-f]+:\s+0x[0-9a-f]{16}\s+0x[0-9a-f]{16}", text), text   # stack readable
    assert "exited with code 07" in text, text
    assert "hi\n" in out, (out, err)
    assert stub.proc.returncode == 7, err


# ---- the protocol, spoken directly ----

class Client:
    def __init__(self, path):
        self.s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.s.settimeout(10)
        self.s.connect(str(path))
        self.buf = b""

    def send(self, body):
        data = body.encode()
        self.s.sendall(b"$%s#%02x" % (data, sum(data) & 0xff))

    def packet(self):
        while True:
            match = re.search(rb"\$([^#]*)#([0-9a-f]{2})", self.buf)
            if match:
                self.buf = self.buf[match.end():]
                assert sum(match.group(1)) & 0xff == int(match.group(2), 16)
                return match.group(1).decode()
            chunk = self.s.recv(65536)
            assert chunk, "the stub closed the connection"
            self.buf += chunk

    def ask(self, body):
        self.send(body)
        return self.packet()


def test_interrupt_and_kill(vmm, tmp_path, stepping_host):
    stub = Stub(vmm, REPO / "guests" / "real" / "loop.bin", tmp_path)    # runs until stopped
    c = Client(stub.sock)
    assert c.ask("?").startswith("T05thread:1;")
    c.send("c")
    time.sleep(0.3)
    c.s.sendall(b"\x03")                                     # Ctrl-C
    assert c.packet() == "T02thread:1;"
    assert len(c.ask("g")) == 2 * 308                        # real mode: the i386 layout
    c.send("k")
    out, err = stub.finish()
    assert stub.proc.returncode == 112, err                  # stopped by the user


def test_stopped_time_is_not_timeout(vmm, tmp_path, stepping_host):
    stub = Stub(vmm, REPO / "guests" / "real" / "hello.bin", tmp_path, "--gdb-wait", timeout=1)
    c = Client(stub.sock)
    assert c.ask("?").startswith("T05")
    time.sleep(2)                                            # twice the timeout, stopped
    assert c.ask("m16,5") == b"Hello".hex()
    assert c.ask("c") == "W00"
    out, err = stub.finish()
    assert out == "Hello, world!\n" and stub.proc.returncode == 0, err


def test_signal_ends_a_stopped_guest(vmm, tmp_path, stepping_host):
    stub = Stub(vmm, REPO / "guests" / "real" / "loop.bin", tmp_path, "--gdb-wait")
    c = Client(stub.sock)
    assert c.ask("?").startswith("T05")
    stub.proc.send_signal(signal.SIGTERM)                    # as Ctrl-A x or a harness would
    assert c.packet() == "W70"                               # GDB hears the end: status 112
    out, err = stub.finish()
    assert stub.proc.returncode == 112, err


def test_disconnect_keeps_stopped_detach_resumes(vmm, tmp_path, stepping_host):
    stub = Stub(vmm, REPO / "guests" / "real" / "hello.bin", tmp_path, "--gdb-wait")
    c = Client(stub.sock)
    assert "<architecture>i8086</architecture>" in c.ask("qXfer:features:read:target.xml:0,fff")
    c.s.close()                                              # GDB's `disconnect`
    time.sleep(0.5)
    c = Client(stub.sock)
    assert c.ask("?").startswith("T05") and c.ask("p8") == "00000000"   # never ran
    assert c.ask("D") == "OK"                                # runs on
    out, err = stub.finish()
    assert out == "Hello, world!\n" and stub.proc.returncode == 0, err
    assert not stub.sock.exists()


def test_smp_threads(vmm, tmp_path, stepping_host, host_caps):
    reason = host_caps.missing("smp")
    if reason:
        pytest.skip(reason)
    stub = Stub(vmm, REPO / "guests" / "multiboot" / "smp.elf", tmp_path, "--smp", "2", "--mem", "32M",
                "--gdb-wait")
    c = Client(stub.sock)
    assert c.ask("qfThreadInfo") == "m1,2"
    assert c.ask("qsThreadInfo") == "l"
    assert c.ask("Hg2") == "OK" and len(c.ask("g")) == 2 * 308   # the AP, in real mode (wait for SIPI)
    assert bytes.fromhex(c.ask("qThreadExtraInfo,2")).decode().startswith("cpu1 smp.elf")
    assert c.ask("T3").startswith("E")
    c.send("D")
    assert c.packet() == "OK"
    out, err = stub.finish()
    assert stub.proc.returncode == 3, err                    # the kernel's own pass code, undebugged


def test_bad_gdb_address(vmm, tmp_path):
    proc = subprocess.run([str(vmm), "--gdb", "unix:%s" % (tmp_path / "no" / "dir" / "sock"),
                           str(REPO / "guests" / "real" / "hello.bin")],
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=30)
    if "no usable /dev/kvm" in proc.stderr or proc.returncode == 108:
        pytest.skip("needs /dev/kvm: %s" % proc.stderr.strip())
    assert proc.returncode == 100 and "cannot listen on" in proc.stderr, proc.stderr


@pytest.mark.parametrize("args", [["--gdb", "99999"], ["--gdb", "unix:"], ["--gdb-wait"],
                                  ["--gdb", "1234", "--vcpus", "2"]])
def test_bad_gdb_options_are_usage_errors(vmm, args):
    proc = subprocess.run([str(vmm), *args, str(REPO / "guests" / "real" / "hello.bin")],
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=30)
    assert proc.returncode == 100 and "--gdb" in proc.stderr, proc.stderr


def test_no_client_runs_the_guest(vmm, tmp_path, stepping_host):
    sock = tmp_path / "gdb.sock"
    proc = subprocess.run([str(vmm), "--gdb", "unix:%s" % sock, "--timeout", "20",
                           str(REPO / "guests" / "real" / "exitcode.bin")],
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 42 and "exiting with code 42" in proc.stdout, proc.stderr
    assert "waiting for gdb on unix:%s" % sock in proc.stderr
    assert not sock.exists()
