#!/usr/bin/env bash
# CI smoke run: each fuzz target for a short while (default 30 s; FUZZ_SECONDS overrides).
# Fails if any target finds a crash. Installs cargo-fuzz if it is missing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
seconds=${FUZZ_SECONDS:-30}
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
for target in engine dictionary document; do
  echo "== fuzz smoke: $target (${seconds}s)"
  "$here/run.sh" "$target" "$seconds"
done
echo "fuzz smoke: no crash in ${seconds}s per target"
