#!/usr/bin/env bash
# Whole-process benchmark (issue 5): the corpus copied by `cat` and `cp`, the naive
# aho-corasick reference (examples/naive_reference.rs) and `unspin fix`, each at 1k, 10k and
# 100k phrases; medians of hyperfine runs, MB/s, start-up + build time, peak memory. Prints
# a markdown table (also written to $OUT/results.md).
#
#   benches/run.sh                 # 200 MB corpus, 3 runs each
#   MB=50 RUNS=5 benches/run.sh    # smaller corpus, more runs
#
# Settings (environment): MB (corpus size, default 200), RUNS (default 3), SIZES (default
# "1k 10k 100k"), DATA (default target/bench-data), OUT (default target/bench-out).
# Needs hyperfine and GNU time (/usr/bin/time -v): on Debian, apt-get install -y hyperfine time.
set -euo pipefail
cd "$(dirname "$0")/.."

MB=${MB:-200}
RUNS=${RUNS:-3}
SIZES=${SIZES:-"1k 10k 100k"}
DATA=${DATA:-target/bench-data}
OUT=${OUT:-target/bench-out}

missing=0
if ! command -v hyperfine >/dev/null; then
    echo "run.sh: hyperfine is not installed (Debian: apt-get install -y hyperfine)" >&2
    missing=1
fi
if ! /usr/bin/time -v true >/dev/null 2>&1; then
    echo "run.sh: GNU time is not installed as /usr/bin/time (Debian: apt-get install -y time)" >&2
    missing=1
fi
if ! command -v python3 >/dev/null; then
    echo "run.sh: python3 is needed to generate the data and compute the table" >&2
    missing=1
fi
[ "$missing" = 0 ] || exit 2

# Data: regenerate when missing or of another size.
if [ ! -f "$DATA/meta.json" ] || ! python3 -c "import json,sys; sys.exit(json.load(open('$DATA/meta.json'))['mb'] != float('$MB'))"; then
    echo "== generating a $MB MB corpus and dictionaries in $DATA" >&2
    python3 benches/gen_corpus.py --mb "$MB" --out "$DATA"
fi
CORPUS="$DATA/corpus.txt"

echo "== building (release)" >&2
cargo build --release --quiet --example naive_reference
cargo build --release --quiet --bin unspin
NAIVE=target/release/examples/naive_reference
UNSPIN=target/release/unspin
mkdir -p "$OUT"
rm -f "$OUT"/*.json "$OUT"/*.mem "$OUT"/*.txt
: > "$OUT/empty.txt"

# Is `unspin fix` with a TSV dictionary there yet?
head -n 10 "$CORPUS" > "$OUT/probe.in"
cli=1
"$UNSPIN" fix --no-default-dicts --dict "$DATA/dict-1k.tsv" "$OUT/probe.in" > "$OUT/probe.out" 2> "$OUT/probe.err" || true
# It must write the repaired text: about as many bytes as it read.
if [ "$(wc -c < "$OUT/probe.out")" -lt "$(( $(wc -c < "$OUT/probe.in") / 2 ))" ]; then
    cli=0
    echo "run.sh: 'unspin fix --no-default-dicts --dict DICT.tsv INPUT' failed; CLI rows pending:" >&2
    head -3 "$OUT/probe.err" >&2
fi
rm -f "$OUT/probe.in" "$OUT/probe.out"

# name<TAB>command lines, then hyperfine over them.
cmds=()
names=()
add() { names+=("$1"); cmds+=("$2"); }
add "cat" "cat $CORPUS > $OUT/cat.txt"
add "cp" "cp $CORPUS $OUT/cp.txt"
for s in $SIZES; do
    add "naive-$s" "$NAIVE $DATA/dict-$s.tsv $CORPUS $OUT/naive-$s.txt"
    add "naive-$s-empty" "$NAIVE $DATA/dict-$s.tsv $OUT/empty.txt $OUT/naive-$s-empty.out"
    if [ "$cli" = 1 ]; then
        add "unspin-$s" "$UNSPIN fix --no-default-dicts --dict $DATA/dict-$s.tsv $CORPUS > $OUT/unspin-$s.txt"
        add "unspin-$s-empty" "$UNSPIN fix --no-default-dicts --dict $DATA/dict-$s.tsv $OUT/empty.txt > $OUT/unspin-$s-empty.out"
    fi
done

echo "== timing: $RUNS runs each after one warm-up (load average: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
for i in "${!cmds[@]}"; do
    # unspin fix exits 1 when it changed something, as check does: allow it.
    hyperfine --style basic --warmup 1 --runs "$RUNS" -i \
        --export-json "$OUT/${names[$i]}.json" --command-name "${names[$i]}" "${cmds[$i]}" >&2
done

echo "== peak memory (one run each, /usr/bin/time -v)" >&2
for i in "${!cmds[@]}"; do
    /usr/bin/time -v -o "$OUT/${names[$i]}.mem" sh -c "${cmds[$i]}" 2> "$OUT/${names[$i]}.stderr" || true
done

# The naive program's own figure for building its automaton.
for s in $SIZES; do
    "$NAIVE" "$DATA/dict-$s.tsv" "$OUT/empty.txt" "$OUT/naive-$s-empty.out" 2> "$OUT/naive-$s.build" || true
done

python3 - "$OUT" "$CORPUS" "$cli" "$SIZES" "$RUNS" <<'EOF' | tee "$OUT/results.md"
import json, os, re, sys
out, corpus, cli, sizes, runs = sys.argv[1], sys.argv[2], sys.argv[3] == "1", sys.argv[4].split(), sys.argv[5]
size = os.path.getsize(corpus)

def result(name):
    path = f"{out}/{name}.json"
    return json.load(open(path))["results"][0] if os.path.exists(path) else None

def median(name):
    r = result(name)
    return r and r["median"]

def cpu(name):
    """Mean user + system time: what the process itself used, whatever else ran."""
    r = result(name)
    return r and r["user"] + r["system"]

def peak_mb(name):
    path = f"{out}/{name}.mem"
    if not os.path.exists(path):
        return None
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(path).read())
    return int(m.group(1)) / 1024 if m else None

def naive_build_ms(s):
    m = re.search(r"build ([0-9.]+) ms", open(f"{out}/naive-{s}.build").read())
    return float(m.group(1)) if m else None

def fmt(x, unit="", digits=0):
    return "—" if x is None else f"{x:,.{digits}f}{unit}"

def mbps(t):
    return None if t is None else size / 1e6 / t

print(f"Corpus: {size / 1e6:.1f} MB; wall time: median of {runs} runs (hyperfine, after one "
      f"warm-up run); CPU: mean user + system time of those runs. Load average at the end: "
      f"{' '.join(open('/proc/loadavg').read().split()[:3])} (2 cores).\n")
print("| contender | phrases | wall median | MB/s (wall) | CPU | MB/s (CPU) | start-up + build, empty input (wall) | build (self-reported) | peak RSS |")
print("|---|---|---|---|---|---|---|---|---|")
def row(label, phrases, name, build="—"):
    t, c = median(name), cpu(name)
    e = median(f"{name}-empty")
    print(f"| {label} | {phrases} | {fmt(t, ' s', 2)} | {fmt(mbps(t))} | {fmt(c, ' s', 2)} | {fmt(mbps(c))} | "
          f"{fmt(e and e * 1000, ' ms')} | {build} | {fmt(peak_mb(name), ' MB')} |")
for name in ["cat", "cp"]:
    row(f"`{name}`", "—", name)
for s in sizes:
    row("naive reference", s, f"naive-{s}", fmt(naive_build_ms(s), " ms"))
for s in sizes:
    if cli:
        row("`unspin fix`", s, f"unspin-{s}")
    else:
        print(f"| `unspin fix` | {s} | pending: CLI | | | | | | |")
if cli:
    print("\n| phrases | `unspin fix` ÷ naive, wall | ÷ naive, CPU | target |")
    print("|---|---|---|---|")
    targets = {"10k": "≥ 2×", "100k": "≥ 5×"}
    for s in sizes:
        n, u = median(f"naive-{s}"), median(f"unspin-{s}")
        nc, uc = cpu(f"naive-{s}"), cpu(f"unspin-{s}")
        if n and u:
            print(f"| {s} | {n / u:.2f}× | {nc / uc:.2f}× | {targets.get(s, '—')} |")
    first, last = median(f"unspin-{sizes[0]}"), median(f"unspin-{sizes[-1]}")
    if first and last:
        print(f"\n`unspin fix` at {sizes[-1]} takes {last / first:.2f}× its time at {sizes[0]} "
              f"(wall; CPU: {cpu(f'unspin-{sizes[-1]}') / cpu(f'unspin-{sizes[0]}'):.2f}×; target: within 2×).")
    for s in sizes:
        a, b = f"{out}/naive-{s}.txt", f"{out}/unspin-{s}.txt"
        if os.path.exists(a) and os.path.exists(b):
            with open(a, "rb") as fa, open(b, "rb") as fb:
                lines = diff = 0
                for la, lb in zip(fa, fb):
                    lines += 1
                    diff += la != lb
            print(f"\n{s}: outputs of unspin and the naive reference differ on {diff} of {lines} lines.", end="")
    print()
EOF
rm -f "$OUT"/*.txt "$OUT"/*.out
