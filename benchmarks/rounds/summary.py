#!/usr/bin/env python3
"""Summary of benchmarks/rounds/run's results: per workload and thread count, the medians of the rounds and the
median of the rounds' ratios (jgrad / PyTorch for times; jgrad / OpenBLAS for sgemm's GFLOP/s), against the
performance issue's targets.   Usage: summary.py RESULTS_DIR"""
import glob
import os
import re
import statistics
import sys

TARGETS = {  # ratio bound, whether it is an upper bound, and whether jgrad must also beat NumPy
    "logreg-digits": (0.1, True, True), "logreg-cat": (0.25, True, True), "logreg-wide": (0.25, True, True),
    "logreg-big": (0.2, True, False), "logreg-minibatch": (0.2, True, False), "mlp": (0.7, True, False),
    "cnn": (0.5, True, False), "sgemm-1024": (0.95, False, False), "sgemm-2048": (0.95, False, False),
}
LINE = re.compile(r"workload=(\S+) engine=(\S+) (?:ms=(\S+))?.*?(?:gflops=(\S+))?\s*$")


def read(path):
    values = {}
    with open(path) as f:
        for line in f:
            m = LINE.match(line.strip())
            if m:
                workload, engine, ms, gflops = m.groups()
                values[(workload, engine)] = float(gflops if workload.startswith("sgemm") else ms)
    return values


def runs(directory, prefix, threads):
    paths = glob.glob(os.path.join(directory, f"{prefix}.t{threads}.*"))
    return {int(p.rsplit(".", 1)[1]): read(p) for p in paths}


def table(directory, jgrad_prefix, ref_prefix, threads, title):
    jgrad = runs(directory, jgrad_prefix, threads)
    ref = runs(directory, ref_prefix, threads)
    rounds = sorted(set(jgrad) & set(ref))
    if not rounds:
        return
    print(f"\n{title} ({len(rounds)} rounds)\n")
    print("| workload | reference | NumPy | jgrad | ratio (rounds) | target | holds |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    names = [w for w in TARGETS if any((w, "jgrad") in jgrad[r] for r in rounds)]
    for w in names:
        engine = "openblas" if w.startswith("sgemm") else "torch"
        pairs = [(jgrad[r][(w, "jgrad")], ref[r][(w, engine)]) for r in rounds
                 if (w, "jgrad") in jgrad[r] and (w, engine) in ref[r]]
        if not pairs:
            continue
        ratios = [j / t for j, t in pairs]
        ratio = statistics.median(ratios)
        numpy = [ref[r][(w, "numpy")] for r in rounds if (w, "numpy") in ref[r]]
        bound, upper, beat_numpy = TARGETS[w]
        holds = ratio <= bound if upper else ratio >= bound
        jgrad_median = statistics.median(j for j, _ in pairs)
        if beat_numpy and numpy:
            holds = holds and jgrad_median < statistics.median(numpy)
        target = ("<= " if upper else ">= ") + str(bound) + (" and faster than NumPy" if beat_numpy else "")
        print(f"| {w} | {statistics.median(t for _, t in pairs):.4g} | "
              f"{f'{statistics.median(numpy):.4g}' if numpy else '-'} | {jgrad_median:.4g} | "
              f"{ratio:.3f} ({', '.join(f'{x:.2f}' for x in ratios)}) | {target} | {'yes' if holds else 'no'} |")


def main():
    if len(sys.argv) != 2 or not os.path.isdir(sys.argv[1]):
        sys.exit("usage: summary.py RESULTS_DIR (a directory written by benchmarks/rounds/run)")
    directory = sys.argv[1]
    print("Times in ms (sgemm: GFLOP/s); ratio = jgrad / reference, the median of the rounds' ratios.")
    for threads in sorted({int(m) for m in re.findall(r"\.t(\d+)\.", " ".join(os.listdir(directory)))}):
        table(directory, "jgrad", "ref", threads,
              f"{threads} thread{'s' if threads > 1 else ''}, jgrad against torch-ref")
    table(directory, "jgrad256", "ref", 1, "1 thread, jgrad at 256 bits against torch-ref")
    table(directory, "jgrad256", "ref256", 1, "1 thread, jgrad at 256 bits against PyTorch and OpenBLAS forced to AVX2")
    for path in sorted(glob.glob(os.path.join(directory, "bandwidth.t*"))):
        for (w, _), v in read(path).items():
            print(f"\n{os.path.basename(path)}: {v:.3f} ms per read of 400 MB ({0.4 / v * 1e3:.1f} GB/s)")


if __name__ == "__main__":
    main()
