#!/usr/bin/env python3
"""Runs imagepin binaries side by side, interleaved, with IMAGEPIN_TRACE_PHASES set, and prints the median of each phase.

    bench/phases.py RUNS LABEL=BINARY [LABEL=BINARY ...] -- ARGS...

Each round runs every binary once (in turn, so a noisy neighbour hurts all of them alike). Wall time and peak RSS come
from the process itself (wait4's rusage); the phases from the trace imagepin prints on standard error. A binary built
without the trace still gets wall time and peak RSS.
"""
import os
import re
import statistics
import subprocess
import sys
import time


def run_once(binary, args):
    env = dict(os.environ)
    start_epoch = time.time()
    env["IMAGEPIN_TRACE_PHASES"] = "%.6f" % start_epoch
    start = time.perf_counter()
    proc = subprocess.Popen([binary] + args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    err = proc.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(proc.pid, 0)
    wall = (time.perf_counter() - start) * 1000
    proc.returncode = os.waitstatus_to_exitcode(status)
    values = {"wall": wall, "peak MiB (rusage)": usage.ru_maxrss / 1024.0, "cpu user+sys": (usage.ru_utime + usage.ru_stime) * 1000}
    for line in err.splitlines():
        m = re.match(r"\s+(exec→Main|setup|walk|queuefull|read|parse|judge|scan|rewrite|resolve|output|Main→end|gc pauses|allocated)\s+([0-9.]+)", line)
        if m:
            values[m.group(1)] = float(m.group(2))
    return values


def main():
    argv = sys.argv[1:]
    runs = int(argv.pop(0))
    sep = argv.index("--")
    binaries = [b.split("=", 1) for b in argv[:sep]]
    args = argv[sep + 1:]
    results = {label: [] for label, _ in binaries}
    for _ in range(runs):
        for label, binary in binaries:
            results[label].append(run_once(binary, args))
    order = ["wall", "cpu user+sys", "exec→Main", "setup", "walk", "queuefull", "read", "parse", "judge", "scan", "rewrite", "resolve", "output", "Main→end",
             "gc pauses", "allocated", "peak MiB (rusage)"]
    labels = [label for label, _ in binaries]
    print("%-22s" % "median of %d (ms)" % runs + "".join("%14s" % l for l in labels))
    for key in order:
        row = []
        for label in labels:
            vals = [r[key] for r in results[label] if key in r]
            row.append("%14.1f" % statistics.median(vals) if vals else "%14s" % "-")
        unit = " (MiB)" if key == "allocated" else ""
        print("%-22s" % (key + unit) + "".join(row))


if __name__ == "__main__":
    main()
