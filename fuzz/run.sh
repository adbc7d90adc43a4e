#!/usr/bin/env bash
# Runs one fuzz target for a while on a stable toolchain.
#
#   fuzz/run.sh TARGET SECONDS [extra libFuzzer flags...]
#
# TARGET is engine, dictionary or document. The corpus (fuzz/corpus/TARGET, not committed)
# is seeded from fixtures/ first; crashes land in fuzz/artifacts/TARGET. Needs cargo-fuzz
# (`cargo install cargo-fuzz --locked`) and a C++ compiler (libFuzzer is built from source).
# cargo-fuzz wants nightly; RUSTC_BOOTSTRAP=1 lets the stable compiler accept its -Z flags.
# No sanitizer: the library forbids unsafe code; debug assertions and overflow checks are on.
set -euo pipefail
target=${1:?usage: fuzz/run.sh TARGET SECONDS [libFuzzer flags...]}
seconds=${2:?usage: fuzz/run.sh TARGET SECONDS [libFuzzer flags...]}
shift 2
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
corpus="$here/corpus/$target"
mkdir -p "$corpus" "$here/artifacts/$target"

# Seeds (copied each run; libFuzzer names its own finds by hash, so copies never clash).
seed() { cp -f "$@" "$corpus/" 2>/dev/null || true; }
case "$target" in
  dictionary)
    seed "$root"/fixtures/dictionaries/*.yaml "$root"/fixtures/dictionaries/*.tsv \
      "$root"/fixtures/dictionaries/cli/*.yaml "$root"/dictionaries/kdrama/names.yaml \
      "$root"/dictionaries/kdrama/boilerplate.yaml "$root"/dictionaries/kdrama/spun.yaml
    ;;
  document)
    seed "$root"/fixtures/seeds/*.txt "$root"/fixtures/clean/*.txt
    # The same articles with CRLF line ends and with a byte-order mark.
    for f in "$root"/fixtures/seeds/00[24].garbled.txt; do
      b=$(basename "$f" .txt)
      sed 's/$/\r/' "$f" > "$corpus/$b.crlf.txt"
      { printf '\xEF\xBB\xBF'; cat "$f"; } > "$corpus/$b.bom.txt"
    done
    ;;
  engine)
    # Structured input (see fuzz_targets/engine.rs): two rules `ab` and `a b`, some text.
    printf '\x02\x01\x00\x01\x03\x00\x04\x01\x00\x04\x01\x0f\x12\x00' > "$corpus/seed-1"
    ;;
  *) echo "unknown target $target (engine, dictionary, document)" >&2; exit 2 ;;
esac

cd "$here"
export RUSTC_BOOTSTRAP=1
exec cargo fuzz run --sanitizer none "$target" "$corpus" -- \
  -max_total_time="$seconds" -print_final_stats=1 -max_len=8192 "$@"
