#!/usr/bin/env bash
# The `--jobs` benchmark (issue 5): `unspin check` over a folder of 10,000 generated article
# files with --jobs 1 and --jobs 2, with the shipped packs and with a 10k-phrase TSV
# dictionary (little start-up), medians of hyperfine runs. The data is generated, not
# committed: the prose of benches/gen_corpus.py cut into articles by benches/gen_articles.py.
#
#   benches/jobs.sh                      # 10,000 articles, 10 runs each
#   COUNT=2000 RUNS=5 benches/jobs.sh
#
# Settings (environment): COUNT (articles, default 10000), RUNS (default 10), DATA (default
# target/bench-jobs). Needs hyperfine (Debian: apt-get install -y hyperfine) and python3.
set -euo pipefail
cd "$(dirname "$0")/.."

COUNT=${COUNT:-10000}
RUNS=${RUNS:-10}
DATA=${DATA:-target/bench-jobs}

command -v hyperfine >/dev/null || { echo "jobs.sh: hyperfine is not installed" >&2; exit 2; }
cargo build --release --quiet --bin unspin
UNSPIN=target/release/unspin

MB=$(( COUNT * 43 / 10000 + 1 ))
if [ ! -f "$DATA/corpus/corpus.txt" ]; then
    python3 benches/gen_corpus.py --mb "$MB" --out "$DATA/corpus" >&2
fi
if [ ! -d "$DATA/articles-$COUNT" ]; then
    python3 benches/gen_articles.py --corpus "$DATA/corpus/corpus.txt" \
        --out "$DATA/articles-$COUNT" --count "$COUNT"
fi
ARTICLES="$DATA/articles-$COUNT"
TSV="$DATA/corpus/dict-10k.tsv"

echo "== $(nproc) cores, load average: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
hyperfine -i --warmup 2 --runs "$RUNS" -N \
    --export-json "$DATA/jobs.json" \
    "$UNSPIN check --jobs 1 $ARTICLES" \
    "$UNSPIN check --jobs 2 $ARTICLES" \
    "$UNSPIN check --no-default-dicts --dict $TSV --jobs 1 $ARTICLES" \
    "$UNSPIN check --no-default-dicts --dict $TSV --jobs 2 $ARTICLES" >&2
# Start-up alone (dictionaries and automaton), the part no thread count speeds up.
echo x > "$DATA/one.txt"
hyperfine -i --warmup 2 --runs "$RUNS" -N --export-json "$DATA/startup.json" \
    "$UNSPIN check $DATA/one.txt" \
    "$UNSPIN check --no-default-dicts --dict $TSV $DATA/one.txt" >&2
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

python3 - "$DATA" <<'EOF'
import json, statistics, sys
data = sys.argv[1]
r = json.load(open(f"{data}/jobs.json"))["results"]
s = json.load(open(f"{data}/startup.json"))["results"]
med = lambda x: statistics.median(x["times"])
cpu = lambda x: x["user"] + x["system"]  # hyperfine gives means for these
print("| dictionaries | start-up (wall) | `--jobs 1` | `--jobs 2` | speed-up | mean CPU, `--jobs 1` / `--jobs 2` |")
print("|---|---|---|---|---|---|")
for name, one, two, start in [("shipped packs", r[0], r[1], s[0]), ("10k-phrase TSV", r[2], r[3], s[1])]:
    print(f"| {name} | {med(start):.3f} s | {med(one):.3f} s | {med(two):.3f} s "
          f"| {med(one) / med(two):.2f}× | {cpu(one):.2f} s / {cpu(two):.2f} s |")
EOF
