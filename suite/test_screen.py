"""The text screen outside the transcript (docs/BIOS.md): --screenshot's
PNG, read back by a small decoder of our own here (chunk CRCs and the
inflate from Python's zlib, independent of the VMM's writer), pixel by
pixel against what guests/boot/colours.bin draws; --screen drawn live in
a real terminal (tmux: send-keys, capture-pane), with the terminal given
back at the end of the run, on Ctrl-A x and on a signal; and the options'
bad values."""

import os
import re
import shutil
import struct
import subprocess
import tempfile
import time
import zlib

import pytest

import hostcaps
import mkvm

BOOT = mkvm.REPO / "guests" / "boot"
COLOURS = BOOT / "colours.bin"
KEYS = BOOT / "keys.bin"

VGA_PALETTE = [
    (0x00, 0x00, 0x00), (0x00, 0x00, 0xaa), (0x00, 0xaa, 0x00), (0x00, 0xaa, 0xaa),
    (0xaa, 0x00, 0x00), (0xaa, 0x00, 0xaa), (0xaa, 0x55, 0x00), (0xaa, 0xaa, 0xaa),
    (0x55, 0x55, 0x55), (0x55, 0x55, 0xff), (0x55, 0xff, 0x55), (0x55, 0xff, 0xff),
    (0xff, 0x55, 0x55), (0xff, 0x55, 0xff), (0xff, 0xff, 0x55), (0xff, 0xff, 0xff),
]


def vmm():
    path = mkvm.vmm_path()
    if not path.exists():
        pytest.fail("%s is not built (make -C vmm)" % path)
    return str(path)


def need_kvm():
    reason = hostcaps.probe().first_missing(["kvm", "real"])
    if reason:
        pytest.skip(reason)


def run(*args, timeout=20, **kw):
    return subprocess.run([vmm(), *map(str, args)], stdin=subprocess.DEVNULL,
                          capture_output=True, timeout=timeout, **kw)


# ---- a PNG reader of the test's own ----------------------------------------

def read_png(data):
    """(width, height, palette, rows of palette indexes) of an 8-bit
    palette PNG; every chunk's CRC checked, the zlib stream (and so its
    Adler-32) checked by zlib.decompress."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG signature"
    at, chunks = 8, []
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + length]
        crc, = struct.unpack(">I", data[at + 8 + length:at + 12 + length])
        assert crc == zlib.crc32(kind + body), "bad CRC in %s" % kind
        chunks.append((kind, body))
        at += 12 + length
    kinds = [k for k, _ in chunks]
    assert kinds[0] == b"IHDR" and kinds[-1] == b"IEND" and b"PLTE" in kinds
    width, height, depth, colour, compression, filters, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    assert (depth, colour, compression, filters, interlace) == (8, 3, 0, 0, 0)
    plte = dict(chunks)[b"PLTE"]
    palette = [tuple(plte[i:i + 3]) for i in range(0, len(plte), 3)]
    raw = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
    assert len(raw) == height * (width + 1)
    rows = []
    for y in range(height):
        line = raw[y * (width + 1):(y + 1) * (width + 1)]
        assert line[0] == 0, "row %d uses filter %d" % (y, line[0])
        rows.append(line[1:])
    return width, height, palette, rows


def cell(rows, row, col):
    """The 8x16 pixels of a text cell, as 16 byte strings."""
    return [rows[row * 16 + y][col * 8:col * 8 + 8] for y in range(16)]


def colours_in(pixels):
    return set(b for line in pixels for b in line)


def test_screenshot_is_the_screen_as_a_png(tmp_path):
    need_kvm()
    png = tmp_path / "shot.png"
    proc = run("--quiet", "--screenshot", png, COLOURS)
    assert proc.returncode == 0, proc.stderr
    width, height, palette, rows = read_png(png.read_bytes())
    assert (width, height) == (640, 400)
    assert palette == VGA_PALETTE
    # "Yellow on blue" (attribute 0x1E): blue background, yellow glyphs
    for col in range(14):
        want = {1} if col in (6, 9) else {1, 14}          # the blanks between the words
        assert colours_in(cell(rows, 0, col)) == want, col
    assert cell(rows, 0, 0) != cell(rows, 0, 1)              # 'Y' and 'e' are different glyphs
    # row 2: foreground c on black; '0' in black on black shows nothing
    assert colours_in(cell(rows, 2, 0)) == {0}
    for c in range(1, 16):
        assert colours_in(cell(rows, 2, c)) == {0, c}, c
    # row 3: background k under bright white
    for k in range(8):
        assert colours_in(cell(rows, 3, 16 + k)) == {k, 15}, k
    # row 4: 0xCE after AX=0x1003 BL=0: yellow on bright red, not blinking
    assert colours_in(cell(rows, 4, 24)) == {12, 14}
    # 'Z' written to 0xB8000 at the bottom right: white on red
    assert colours_in(cell(rows, 24, 79)) == {4, 15}
    # the block cursor (AH=0x01 CX=0x0007: scan lines 1-15) at row 5, column 31
    cursor = cell(rows, 5, 31)
    assert cursor[0] == bytes(8)
    assert all(line == bytes([7]) * 8 for line in cursor[1:])
    assert colours_in(cell(rows, 12, 40)) == {0}             # a blank cell
    if shutil.which("file"):
        out = subprocess.run(["file", str(png)], capture_output=True, text=True).stdout
        assert "PNG image data, 640 x 400, 8-bit colormap" in out


def test_screenshot_of_a_guest_without_the_bios(tmp_path):
    """A flat guest's RAM at 0xB8000 drawn the same way: it wrote nothing
    there, so the picture is black, with the CRTC's cursor (no BIOS, no
    CRTC: at 0,0) in its reset shape."""
    need_kvm()
    png = tmp_path / "flat.png"
    proc = run("--quiet", "--screenshot", png, mkvm.REPO / "guests" / "real" / "hello.bin")
    assert proc.returncode == 0, proc.stderr
    _, _, _, rows = read_png(png.read_bytes())
    assert colours_in(cell(rows, 10, 10)) == {0}


# ---- bad values --------------------------------------------------------------

@pytest.mark.parametrize("args, words", [
    (["--screen-at", "out:0"], "--screen-at: 'out:0'"),
    (["--screen-at", "later"], "--screen-at: 'later'"),
    (["--screen-at", "text:"], "--screen-at: 'text:'"),
    (["--screen-at", "input:x"], "--screen-at: 'input:x'"),
    (["--screen-at", "text:" + "x" * 65], "1-64 bytes"),
    (["--screen-at", "out:1"] * 17, "at most 16 events"),
    (["--screenshot", ""], "--screenshot needs a file name"),
    (["--mem", "512K", "--screenshot", "x.png"], "--mem of at least 744K"),
    (["--sandbox", "--screen"], "--sandbox is for graded runs"),
])
def test_bad_screen_options_are_usage_errors(args, words):
    proc = run(*args, COLOURS)
    assert proc.returncode == 100, proc.stderr
    assert words.encode() in proc.stderr


def test_screenshot_that_cannot_be_written_is_a_usage_error(tmp_path):
    proc = run("--screenshot", tmp_path / "missing" / "shot.png", COLOURS)
    assert proc.returncode == 100
    assert b"--screenshot" in proc.stderr and b"No such file or directory" in proc.stderr


def test_screenshot_of_a_run_that_never_began_is_not_left_behind(tmp_path):
    png = tmp_path / "shot.png"
    proc = run("--screenshot", png, tmp_path / "missing.bin")
    assert proc.returncode == 102
    assert not png.exists()


def test_screenshot_under_the_sandbox(tmp_path):
    """--sandbox opens nothing once the guest runs: the file is opened
    before, and written after."""
    need_kvm()
    png = tmp_path / "shot.png"
    proc = run("--sandbox", "--quiet", "--screenshot", png, COLOURS)
    if proc.returncode == 110 and b"--sandbox" in proc.stderr:
        pytest.skip("this host cannot enter the sandbox: %s" % proc.stderr.decode().strip())
    assert proc.returncode == 0, proc.stderr
    _, _, _, rows = read_png(png.read_bytes())
    assert colours_in(cell(rows, 24, 79)) == {4, 15}


def test_screen_needs_a_terminal():
    proc = run("--screen", COLOURS)
    assert proc.returncode == 100
    assert b"--screen draws on a terminal" in proc.stderr


# ---- --screen in a real terminal -------------------------------------------

class Tmux:
    """A tmux server of the test's own with one 100x30 pane running a
    plain shell in a UTF-8 locale."""

    def __init__(self, tmp_path):
        if not shutil.which("tmux"):
            pytest.skip("tmux is not installed (.ci/install-deps installs it)")
        # In TMPDIR, not tmux's /tmp default: in the test VM /tmp is the
        # host's over 9p, which cannot hold a socket.
        self.socket = os.path.join(tempfile.gettempdir(),
                                   "mkvm-screen-%d-%d" % (os.getpid(), time.monotonic_ns()))
        self.tmp = tmp_path
        env = dict(os.environ, LANG="C.UTF-8")
        env.pop("TMUX", None)
        subprocess.run(self.cmd("-f", "/dev/null", "new-session", "-d", "-x", "100", "-y", "30",
                                "bash --norc --noprofile"), check=True, env=env)
        self.wait_for(lambda text: text.strip() != "", "the shell's prompt")

    def cmd(self, *args):
        return ["tmux", "-S", self.socket, *args]

    def send(self, *keys):
        subprocess.run(self.cmd("send-keys", "-t", "0", *keys), check=True)

    def type_line(self, line):
        self.send("-l", line)
        self.send("Enter")

    def capture(self, escapes=False):
        args = ["capture-pane", "-p", "-t", "0"] + (["-e"] if escapes else [])
        return subprocess.run(self.cmd(*args), check=True, capture_output=True, text=True).stdout

    def cursor(self):
        """(visible, x, y) of the pane's cursor."""
        out = subprocess.run(self.cmd("display", "-p", "-t", "0", "#{cursor_flag} #{cursor_x} #{cursor_y}"),
                             check=True, capture_output=True, text=True).stdout.split()
        return out[0] == "1", int(out[1]), int(out[2])

    def wait_for(self, ready, what, seconds=15):
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            text = self.capture()
            if ready(text):
                return text
            time.sleep(0.1)
        pytest.fail("timed out waiting for %s; the pane shows:\n%s" % (what, self.capture()))

    def close(self):
        subprocess.run(self.cmd("kill-server"), capture_output=True)


@pytest.fixture
def tmux(tmp_path):
    need_kvm()
    t = Tmux(tmp_path)
    yield t
    t.close()


def start(tmux, args):
    """Run mini-kvm in the pane between two `stty -g`s, its pid in a
    file; the status and the terminal's modes after it end up in files."""
    tmp = tmux.tmp
    tmux.type_line("stty -g > %s/before; sh -c 'echo $$ > %s/pid; exec %s %s'; echo status=$? > %s/status; "
                   "stty -g > %s/after" % (tmp, tmp, vmm(), " ".join(map(str, args)), tmp, tmp))


def finished(tmux):
    tmp = tmux.tmp
    end = time.monotonic() + 15
    while time.monotonic() < end:
        if (tmp / "after").exists() and (tmp / "after").read_text():
            return int((tmp / "status").read_text().split("=")[1])
        time.sleep(0.1)
    pytest.fail("mini-kvm did not end; the pane shows:\n%s" % tmux.capture())


def assert_terminal_given_back(tmux):
    assert (tmux.tmp / "before").read_text() == (tmux.tmp / "after").read_text(), "stty modes changed"
    visible, x, y = tmux.cursor()
    assert visible, "the cursor was left hidden"
    assert y > 25                      # below the last picture


SGR = re.compile(r"\x1b\[([0-9;]*)m")


def colours_before(line, text):
    """The SGR parameters in force where TEXT starts in LINE (tmux's
    capture -e re-encodes them, so only their numbers are compared)."""
    at = line.index(text)
    params = set()
    for m in SGR.finditer(line[:at]):
        codes = m.group(1).split(";") if m.group(1) else ["0"]
        for code in codes:
            if code in ("", "0"):
                params.clear()
            else:
                params.add(int(code))
    return params


def test_screen_draws_colours_and_gives_the_terminal_back(tmux):
    start(tmux, ["--screen", COLOURS])
    assert finished(tmux) == 0
    text = tmux.capture().splitlines()
    assert text[0] == "Yellow on blue"
    assert text[2] == "0123456789ABCDEF"
    assert text[5] == "colours done, cursor shape 0007"
    assert text[24].endswith("Z") and len(text[24]) == 80
    lines = tmux.capture(escapes=True).splitlines()
    assert {93, 44} <= colours_before(lines[0], "Yellow")       # yellow (bright brown) on blue
    assert {97, 41} <= colours_before(lines[24], "Z")           # white on red
    assert {93, 101} <= colours_before(lines[4], "!")           # bright red background after AX=0x1003
    assert_terminal_given_back(tmux)


def test_screen_takes_live_keys_and_ctrl_a_x_gives_the_terminal_back(tmux):
    start(tmux, ["--screen", KEYS])
    tmux.wait_for(lambda text: text.startswith("Type (Esc ends):"), "the prompt")
    tmux.send("-l", "ab")
    tmux.send("Up")
    tmux.wait_for(lambda text: "Type (Esc ends): ab[4800]" in text, "the keys on the screen")
    visible, x, y = tmux.cursor()
    assert (visible, x, y) == (True, len("Type (Esc ends): ab[4800]"), 0)   # the guest's cursor
    tmux.send("C-a")
    tmux.send("x")
    assert finished(tmux) == 112
    assert_terminal_given_back(tmux)


def hidden_cursor_guest(path):
    """A boot sector that hides the cursor (int 0x10 AH=0x01 CX=0x2000)
    and waits for ever with interrupts on."""
    code = bytes([0xb4, 0x01, 0xb9, 0x00, 0x20, 0xcd, 0x10,   # mov ah,1; mov cx,0x2000; int 0x10
                  0xfb, 0xf4, 0xeb, 0xfd])                    # sti; hlt; jmp hlt
    path.write_bytes(code + bytes(510 - len(code)) + b"\x55\xaa")
    return path


def test_screen_gives_the_terminal_back_on_a_signal(tmux):
    guest = hidden_cursor_guest(tmux.tmp / "hide.bin")
    start(tmux, ["--screen", guest])
    end = time.monotonic() + 10
    while tmux.cursor()[0] and time.monotonic() < end:
        time.sleep(0.05)
    assert not tmux.cursor()[0], "the guest's hidden cursor is not hidden on the terminal"
    pid = int((tmux.tmp / "pid").read_text())
    os.kill(pid, 15)
    assert finished(tmux) == 112
    assert_terminal_given_back(tmux)
