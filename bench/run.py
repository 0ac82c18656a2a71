#!/usr/bin/python3
"""bench/run.py: Mini-KVM's performance benchmarks (six, and Linux and xv6 boot times), each against its
floor (the least any VMM could do on this host) or its peer (QEMU TCG).

    make -C bench bench                 # build, then run all six
    /usr/bin/python3 bench/run.py [--quick] [--only start,hypercall,...]

Each benchmark prints a table and writes the same numbers as JSON to
bench/results/<name>.json; all of them together go to
bench/results/latest.json with a note of the host. docs/PERFORMANCE.md
explains every number and keeps the latest table.

How timing stays honest on a shared, noisy 2-core host: the commands being
compared run in alternation, round after round (bench/tools/spawn-time.c
reverses the order every other round), and every figure is a median over
the rounds. Per-call and per-round costs are slopes: the same guest is run
at two sizes and the difference in time is divided by the difference in
work, so process start-up and VM set-up cancel out.
"""
import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "bench")
BIN = os.path.join(BENCH, "bin")
GUESTS = os.path.join(ROOT, "guests", "bench")
RESULTS = os.path.join(BENCH, "results")
MINI_KVM = os.path.join(ROOT, "vmm", "mini-kvm")
QEMU = shutil.which("qemu-system-x86_64")

# QEMU as a comparison peer: TCG (kvm-pvm hosts cannot run QEMU's KVM mode
# usefully, see /work/shared/HOST.md), no default devices, the boot sector
# on a floppy, 4 MiB of RAM like mini-kvm, and the debug-exit port at 0xf4.
QEMU_ARGS = ["-accel", "tcg", "-nodefaults", "-nographic", "-display", "none",
             "-no-reboot", "-m", "4M", "-boot", "a",
             "-device", "isa-debug-exit,iobase=0xf4,iosize=4"]


def qemu_command(image, smp=1):
    return [QEMU] + QEMU_ARGS + ["-smp", str(smp), "-drive",
                                 "file=%s,format=raw,if=floppy" % image]


def guest(name):
    return os.path.join(GUESTS, name)


def patched(name, count, tmpdir):
    """A copy of a benchmark guest with its BENCH-N count set (count.inc)."""
    data = bytearray(open(guest(name), "rb").read())
    at = data.index(b"BENCH-N:") + 8
    data[at:at + 8] = count.to_bytes(8, "little")
    path = os.path.join(tmpdir, "%s-%d%s" % (os.path.splitext(name)[0], count,
                                            os.path.splitext(name)[1]))
    with open(path, "wb") as f:
        f.write(data)
    return path


def spawn_time(rounds, commands):
    """Run commands in alternation; per command a list of (ns, kib, status)."""
    argv = [os.path.join(BIN, "spawn-time"), str(rounds)]
    for i, cmd in enumerate(commands):
        argv += (["::"] if i else []) + cmd
    proc = subprocess.run(argv, capture_output=True, text=True)
    if proc.returncode:
        sys.exit("bench: spawn-time failed: " + proc.stderr.strip())
    out = proc.stdout
    runs = [[] for _ in commands]
    for line in out.splitlines():
        index, wall, rss, status = (int(x) for x in line.split())
        runs[index].append((wall, rss, status))
    return runs


def check_status(runs, expected, what):
    bad = [s for _, _, s in runs if s != expected]
    if bad:
        sys.exit("bench: %s ended with status %d (expected %d)" % (what, bad[0], expected))


def median(values):
    return statistics.median(values)


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def slope(runs_small, runs_big, work_small, work_big):
    """Median over rounds of (time at big - time at small) / extra work."""
    per_round = [(b[0] - s[0]) / (work_big - work_small)
                 for s, b in zip(runs_small, runs_big)]
    return median(per_round)


REPORT = []          # every line printed, for bench/results/latest.txt


def say(text=""):
    print(text)
    REPORT.append(text)


def table(title, header, rows):
    say("\n" + title)
    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]
    for r in [header] + rows:
        say("  " + "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w)
                               for i, (c, w) in enumerate(zip(r, widths))))


def fmt_us(ns):
    return "%.1f us" % (ns / 1e3) if ns < 1e7 else "%.1f ms" % (ns / 1e6)


def ratio(a, b):
    return round(a / b, 3) if b else None


# ---- 1. start to exit ------------------------------------------------------

def bench_start(args, tmp):
    rounds = 40 if args.quick else 300
    commands = [[os.path.join(BIN, "kvm-probe"), "hlt"],
                [MINI_KVM, guest("hlt.bin")],
                [os.path.join(BIN, "kvm-floor"), "--cpuid", "real", guest("hlt.bin")]]
    if QEMU:
        commands.append(qemu_command(guest("qemu_hlt.bin")))
    runs = spawn_time(rounds, commands)
    check_status(runs[0], 0, "kvm-probe hlt")
    check_status(runs[1], 0, "mini-kvm hlt.bin")
    check_status(runs[2], 0, "kvm-floor --cpuid real hlt.bin")
    floor, ours, cpuid = (median([r[0] for r in x]) for x in runs[:3])
    p10 = [percentile([r[0] for r in x], 10) for x in runs[:3]]
    res = {"rounds": rounds, "floor_ns": floor, "mini_kvm_ns": ours,
           "floor_with_cpuid_ns": cpuid, "ratio_to_floor": ratio(ours, floor),
           "floor_with_cpuid_ratio": ratio(cpuid, floor),
           "p10_ns": {"floor": p10[0], "mini_kvm": p10[1], "floor_with_cpuid": p10[2]},
           "p10_ratio_to_floor": ratio(p10[1], p10[0]), "goal_ratio_to_floor": 1.25}
    rows = [["floor: kvm-probe hlt", fmt_us(floor), "1.00", fmt_us(p10[0]), "1.00"],
            ["floor + CPUID (kvm-floor --cpuid)", fmt_us(cpuid), "%.2f" % (cpuid / floor),
             fmt_us(p10[2]), "%.2f" % (p10[2] / p10[0])],
            ["mini-kvm hlt.bin", fmt_us(ours), "%.2f" % res["ratio_to_floor"],
             fmt_us(p10[1]), "%.2f" % res["p10_ratio_to_floor"]]]
    if QEMU:
        check_status(runs[3], 1, "qemu qemu_hlt.bin")   # debug-exit: (0 << 1) | 1
        qemu = median([r[0] for r in runs[3]])
        res.update(qemu_tcg_ns=qemu, qemu_over_mini_kvm=ratio(qemu, ours))
        qemu_p10 = percentile([r[0] for r in runs[3]], 10)
        rows.append(["qemu -accel tcg (boot sector)", fmt_us(qemu), "%.2f" % (qemu / floor),
                     fmt_us(qemu_p10), "%.2f" % (qemu_p10 / p10[0])])
    table("1. Start to exit (1-byte hlt guest), %d alternating rounds" % rounds,
          ["", "median", "x floor", "p10", "x floor"], rows)
    if QEMU:
        say("  QEMU TCG takes %.0fx as long as mini-kvm" % res["qemu_over_mini_kvm"])
    return res


# ---- 2. hypercall round trip --------------------------------------------------

def bench_hypercall(args, tmp):
    rounds = 5 if args.quick else 31
    sizes = {"real": (1000, 11000), "long": (200, 2200)}
    images = {"real": "putchar_real.bin", "long": "putchar_ring3.bin"}
    commands, keys = [], []
    for mode in ("real", "long"):
        for n in sizes[mode]:
            image = patched(images[mode], n, tmp)
            commands.append([os.path.join(BIN, "kvm-floor"), mode, image])
            keys.append(("floor", mode, n))
            commands.append([MINI_KVM, "--quiet", "--mode", mode, image])
            keys.append(("mini-kvm", mode, n))
    runs = dict(zip(keys, spawn_time(rounds, commands)))
    for key, r in runs.items():
        check_status(r, 0, "%s %s putchar x%d" % key)
    res, rows = {"rounds": rounds, "goal_ratio_to_floor": 1.1}, []
    names = {"real": "emulated (real mode, ring 0)", "long": "native (64-bit ring 3)"}
    for mode in ("real", "long"):
        small, big = sizes[mode]
        per = {who: slope(runs[(who, mode, small)], runs[(who, mode, big)], small, big)
               for who in ("floor", "mini-kvm")}
        res[mode] = {"calls": [small, big], "floor_ns_per_call": per["floor"],
                     "mini_kvm_ns_per_call": per["mini-kvm"],
                     "ratio_to_floor": ratio(per["mini-kvm"], per["floor"])}
        rows.append([names[mode], fmt_us(per["floor"]), fmt_us(per["mini-kvm"]),
                     "%.3f" % res[mode]["ratio_to_floor"]])
    table("2. Hypercall round trip (HC_PUTCHAR, --quiet), per call, median of %d rounds" % rounds,
          ["guest code", "floor (bare KVM_RUN)", "mini-kvm", "x floor"], rows)
    return res


# ---- 3. compute -------------------------------------------------------------

def bench_compute(args, tmp):
    rounds = 5 if args.quick else 21
    native = (10, 110)            # sieve rounds: ~4 ms each natively
    tcg = (2, 12)
    commands = [[os.path.join(BIN, "sieve-host"), str(native[0])],
                [os.path.join(BIN, "sieve-host"), str(native[1])],
                [MINI_KVM, "--mode", "long", patched("sieve_ring3.bin", native[0], tmp)],
                [MINI_KVM, "--mode", "long", patched("sieve_ring3.bin", native[1], tmp)]]
    if QEMU:
        commands += [qemu_command(patched("qemu_sieve.bin", n, tmp)) for n in tcg]
    runs = spawn_time(rounds, commands)
    for r in runs[:4]:
        check_status(r, 41, "sieve")
    host = slope(runs[0], runs[1], *native)
    ours = slope(runs[2], runs[3], *native)
    res = {"rounds": rounds, "sieve_rounds": list(native), "host_ns_per_sieve": host,
           "mini_kvm_ns_per_sieve": ours, "speed_vs_native": ratio(host, ours),
           "goal_speed_vs_native": 0.9, "goal_speed_vs_qemu_tcg": 100}
    rows = [["host process (C calling the same code)", fmt_us(host), "1.00"],
            ["mini-kvm, 64-bit ring 3", fmt_us(ours), "%.2f" % (host / ours)]]
    if QEMU:
        for r in runs[4:]:
            check_status(r, 83, "qemu sieve")          # (41 << 1) | 1
        qemu = slope(runs[4], runs[5], *tcg)
        res.update(qemu_tcg_ns_per_sieve=qemu, qemu_sieve_rounds=list(tcg),
                   speed_vs_qemu_tcg=ratio(qemu, ours))
        rows.append(["qemu -accel tcg, 64-bit ring 3", fmt_us(qemu), "%.2f" % (host / qemu)])
    table("3. Compute: sieve of primes below 2^20, per sieve, median of %d rounds" % rounds,
          ["", "time per sieve", "speed x native"], rows)
    if QEMU:
        say("  mini-kvm is %.1fx as fast as QEMU TCG" % res["speed_vs_qemu_tcg"])
    return res


# ---- 4. interrupt latency ---------------------------------------------------

def bench_latency(args, tmp):
    runs = 3 if args.quick else 9
    ticks, hz = 200, 500
    names = ("timer_real.bin", "timer_busy.bin")
    samples = {(name, kind): [] for name in names for kind in ("inject", "handler")}
    for _ in range(runs):
        for name in names:                        # alternate the two guests
            log = os.path.join(tmp, "latency.txt")
            env = dict(os.environ, MINI_KVM_IRQ_LATENCY=log)
            image = patched(name, ticks, tmp)
            subprocess.run([MINI_KVM, "--timer-hz", str(hz), image], env=env, check=True,
                           stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
            with open(log) as f:
                for line in f:
                    _, kind, ns = line.split()
                    samples[(name, kind)].append(int(ns))
    res, rows = {"runs": runs, "ticks_per_run": ticks, "timer_hz": hz}, []
    labels = {"timer_real.bin": "guest idle in hlt", "timer_busy.bin": "guest busy"}
    ends = {"inject": "-> KVM_INTERRUPT", "handler": "-> handler's 1st exit"}
    for (name, kind), values in samples.items():
        if not values:
            sys.exit("bench: no latency samples (is MINI_KVM_IRQ_LATENCY supported?)")
        key = "%s_%s" % (name.split(".")[0], kind)
        res[key] = {"samples": len(values), "median_ns": median(values),
                    "p99_ns": percentile(values, 99), "max_ns": max(values)}
        rows.append([labels[name] + ", deadline " + ends[kind], len(values),
                     fmt_us(res[key]["median_ns"]), fmt_us(res[key]["p99_ns"]),
                     fmt_us(res[key]["max_ns"])])
    table("4. Interrupt latency from the timer's deadline (real-mode guest, %d Hz)" % hz,
          ["", "samples", "median", "p99", "max"], rows)
    say("  the handler's first instruction is an `out`: its exit is included")
    return res


# ---- 5. memory ----------------------------------------------------------------

def bench_memory(args, tmp):
    rounds = 5 if args.quick else 15
    commands = [[MINI_KVM, guest("hlt.bin")],
                [MINI_KVM, "--vcpus", "4", guest("hlt.bin")],
                [MINI_KVM, "--smp", "4", guest("exit.bin")]]
    if QEMU:
        commands += [qemu_command(guest("qemu_hlt.bin"), 1),
                     qemu_command(guest("qemu_hlt.bin"), 4)]
    runs = spawn_time(rounds, commands)
    check_status(runs[2], 0, "mini-kvm --smp 4 exit.bin")
    peak = [median([r[1] for r in x]) for x in runs]   # KiB
    wall = [median([r[0] for r in x]) for x in runs]
    res = {"rounds": rounds, "mini_kvm_1_vcpu_kib": peak[0], "mini_kvm_4_vcpus_kib": peak[1],
           "mini_kvm_smp4_kib": peak[2], "goal_4_vcpus_kib": 24 * 1024,
           "wall_ns": wall}
    rows = [["mini-kvm, 1 vCPU", "%.1f MiB" % (peak[0] / 1024), fmt_us(wall[0])],
            ["mini-kvm --vcpus 4 (4 guests)", "%.1f MiB" % (peak[1] / 1024), fmt_us(wall[1])],
            ["mini-kvm --smp 4 (1 guest; exit.bin)", "%.1f MiB" % (peak[2] / 1024),
             fmt_us(wall[2])]]
    if QEMU:
        res.update(qemu_1_vcpu_kib=peak[3], qemu_4_vcpus_kib=peak[4])
        rows += [["qemu -accel tcg -smp 1", "%.1f MiB" % (peak[3] / 1024), fmt_us(wall[3])],
                 ["qemu -accel tcg -smp 4", "%.1f MiB" % (peak[4] / 1024), fmt_us(wall[4])]]
    table("5. Peak RSS (hlt guest unless noted, 4 MiB RAM per guest), median of %d runs" % rounds,
          ["", "peak RSS", "start to exit"], rows)
    return res


# ---- 6. suite throughput ------------------------------------------------------

def bench_suite(args, tmp):
    script = os.path.join(BENCH, "suite_throughput.py")
    env = dict(os.environ, MINI_KVM=MINI_KVM)
    if os.path.exists(script):      # the suite's own benchmark (its engineer's)
        out_json = os.path.join(tmp, "suite_throughput.json")
        argv = [sys.executable, script, "--json", out_json,
                "--pytest", "auto" if args.quick else "1,auto"]
        proc = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True)
        if proc.returncode or not os.path.exists(out_json):
            sys.exit("bench: suite_throughput.py failed:\n" + proc.stdout[-2000:] + proc.stderr[-2000:])
        with open(out_json) as f:
            rows = json.load(f)["rows"]
        best = max(rows, key=lambda r: r["per_second"])
        table("6. Suite throughput (bench/suite_throughput.py, %d CPUs)" % os.cpu_count(),
              ["runner", "workers", "scenarios", "failed", "wall", "scenarios/s"],
              [[r["runner"], r["workers"], r["scenarios"], r["failed"], "%.1f s" % r["wall_s"],
                "%.1f" % r["per_second"]] for r in rows])
        return {"source": "bench/suite_throughput.py", "rows": rows,
                "scenarios_per_second": best["per_second"]}
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-n", "auto", "-p",
                           "no:cacheprovider", "suite"], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    wall = time.monotonic() - start
    counts = dict((k, int(v)) for v, k in re.findall(r"(\d+) (passed|failed|skipped|error)",
                                                   proc.stdout))
    ran = counts.get("passed", 0) + counts.get("failed", 0)
    res = {"source": "pytest -n auto suite", "counts": counts, "wall_seconds": wall,
           "scenarios_per_second": ran / wall if wall else None}
    table("6. Suite throughput (pytest -q -n auto suite, %d CPUs)" % os.cpu_count(),
          ["", "value"], [["scenarios run", ran], ["wall time", "%.1f s" % wall],
                          ["scenarios per second", "%.1f" % res["scenarios_per_second"]]])
    return res


def bench_linux(args, tmp):
    import linux_boot
    return linux_boot.bench(args, tmp, MINI_KVM, say, table)


def bench_xv6(args, tmp):
    import xv6_boot
    return xv6_boot.bench(args, tmp, MINI_KVM, say, table)


BENCHMARKS = [("start", bench_start), ("hypercall", bench_hypercall),
              ("compute", bench_compute), ("latency", bench_latency),
              ("memory", bench_memory), ("suite", bench_suite), ("linux", bench_linux),
              ("xv6", bench_xv6)]


def host_note():
    model = ""
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    git = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                         capture_output=True, text=True).stdout.strip()
    return {"kernel": platform.release(), "cpu": model, "cpus": os.cpu_count(),
            "load_average": os.getloadavg(), "commit": git,
            "qemu": subprocess.run([QEMU, "--version"], capture_output=True,
                                   text=True).stdout.splitlines()[0] if QEMU else None,
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds (a smoke test)")
    parser.add_argument("--mini-kvm", help="the binary to measure (default: vmm/mini-kvm)")
    parser.add_argument("--only", help="comma-separated: " + ",".join(n for n, _ in BENCHMARKS))
    args = parser.parse_args()
    global MINI_KVM
    MINI_KVM = os.path.abspath(args.mini_kvm) if args.mini_kvm else MINI_KVM
    chosen = args.only.split(",") if args.only else [n for n, _ in BENCHMARKS]
    for tool in ("spawn-time", "kvm-floor", "sieve-host", "kvm-probe"):
        if not os.path.exists(os.path.join(BIN, tool)):
            sys.exit("bench: bench/bin/%s is missing: run `make -C bench` first" % tool)
    if not QEMU:
        print("bench: qemu-system-x86_64 not found (apt-get install qemu-system-x86): "
              "QEMU columns are left out")
    os.makedirs(RESULTS, exist_ok=True)
    everything = {"host": host_note(), "quick": args.quick,
                  "mini_kvm": os.path.relpath(MINI_KVM, ROOT)}
    with tempfile.TemporaryDirectory(prefix="mini-kvm-bench-") as tmp:
        for name, run in BENCHMARKS:
            if name not in chosen:
                continue
            result = run(args, tmp)
            everything[name] = result
            with open(os.path.join(RESULTS, name + ".json"), "w") as f:
                json.dump({"host": everything["host"], name: result}, f, indent=2)
    if not args.only:
        with open(os.path.join(RESULTS, "latest.json"), "w") as f:
            json.dump(everything, f, indent=2)
        host = everything["host"]
        with open(os.path.join(RESULTS, "latest.txt"), "w") as f:
            f.write("Mini-KVM benchmarks, %s, commit %s%s\nhost: %s, %d CPUs, Linux %s, "
                    "load average %.1f at the start\n" %
                    (host["date"], host["commit"], " (--quick)" if args.quick else "",
                     host["cpu"], host["cpus"], host["kernel"], host["load_average"][0]))
            f.write("\n".join(REPORT).rstrip() + "\n")
    print("\nresults: bench/results/")


if __name__ == "__main__":
    main()
