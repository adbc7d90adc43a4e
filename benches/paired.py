#!/usr/bin/env python3
"""Paired rounds: the naive reference and `unspin fix`, one right after the other.

`benches/run.sh` times each command in a block of hyperfine runs, so a ratio compares two
blocks measured minutes apart, and on a shared machine the cache and the neighbours change
in between (the naive program at 100k took anywhere from 6.1 to 8.8 s in one evening's
blocks). Here each round runs the naive program and then unspin on the same input, so the
two times of a round share the machine's state; the ratio reported is the median of the
rounds' ratios, with their range.

    python3 benches/paired.py                   # 1k, 10k and 100k; 7 rounds each
    python3 benches/paired.py --rounds 11 --sizes 100k

Needs the data of benches/gen_corpus.py (target/bench-data) and release builds of unspin
and of examples/naive_reference.rs (this script builds them). Standard library only.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def timed(command, stdout_path):
    """Wall seconds and CPU seconds (user + system, all threads) of one run.

    The clock starts before `stdout_path` is opened: truncating the last run's 200 MB of
    output takes a tenth of a second, which the naive program pays inside its run (it
    creates its output file itself), and so does `unspin fix > FILE` in `run.sh`.
    """
    started = time.perf_counter()
    with open(stdout_path, "wb") as out:
        child = subprocess.Popen(command, stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    # unspin fix exits 1 when it changed something; anything above is a failure.
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"paired.py: {' '.join(command)} exited with {code}")
    return wall, usage.ru_utime + usage.ru_stime


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--sizes", nargs="+", default=["1k", "10k", "100k"])
    parser.add_argument("--data", default=os.path.join(ROOT, "target", "bench-data"))
    parser.add_argument("--out", default=os.path.join(ROOT, "target", "bench-out"))
    args = parser.parse_args()

    corpus = os.path.join(args.data, "corpus.txt")
    if not os.path.exists(corpus):
        sys.exit(f"paired.py: no {corpus}; run python3 benches/gen_corpus.py --mb 200 first")
    for build in (["--example", "naive_reference"], ["--bin", "unspin"]):
        subprocess.run(["cargo", "build", "--release", "--quiet", *build], cwd=ROOT, check=True)
    naive = os.path.join(ROOT, "target", "release", "examples", "naive_reference")
    unspin = os.path.join(ROOT, "target", "release", "unspin")
    os.makedirs(args.out, exist_ok=True)
    out_file = os.path.join(args.out, "paired.txt")

    size_mb = os.path.getsize(corpus) / 1e6
    load = " ".join(open("/proc/loadavg").read().split()[:3])
    print(f"Corpus: {size_mb:.1f} MB; {args.rounds} rounds, each the naive program then "
          f"`unspin fix` (after one warm-up round); load average at the start: {load}.\n")
    print("| phrases | naive, wall median | unspin, wall median | ratio of each round, median "
          "(min–max) | CPU ratio, median | target |")
    print("|---|---|---|---|---|---|")
    targets = {"10k": "≥ 2×", "100k": "≥ 5×"}
    for size in args.sizes:
        dictionary = os.path.join(args.data, f"dict-{size}.tsv")
        commands = (
            [naive, dictionary, corpus, out_file],
            [unspin, "fix", "--no-default-dicts", "--dict", dictionary, corpus],
        )
        rounds = []
        for round_number in range(args.rounds + 1):
            naive_time = timed(commands[0], os.devnull)
            # The naive program writes its output file itself; unspin's goes to the file.
            unspin_time = timed(commands[1], out_file)
            if round_number > 0:  # the first round warms the page cache and the binaries
                rounds.append((naive_time, unspin_time))
        wall_ratios = [n[0] / u[0] for n, u in rounds]
        cpu_ratios = [n[1] / u[1] for n, u in rounds]
        naive_wall = statistics.median(n[0] for n, _ in rounds)
        unspin_wall = statistics.median(u[0] for _, u in rounds)
        print(f"| {size} | {naive_wall:.2f} s | {unspin_wall:.2f} s | "
              f"{statistics.median(wall_ratios):.2f}× ({min(wall_ratios):.2f}–{max(wall_ratios):.2f}) | "
              f"{statistics.median(cpu_ratios):.2f}× | {targets.get(size, '—')} |", flush=True)
    os.remove(out_file)


if __name__ == "__main__":
    main()
