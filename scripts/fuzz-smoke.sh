#!/usr/bin/env bash
# Every fuzz target in fuzz/, coverage-guided, for a few seconds each (default 10; the first
# argument changes it): `npm run fuzz:smoke [-- seconds]`. CI runs it, so a target that no
# longer builds or an input that crashes one fails the run.
#
# cargo-fuzz needs a nightly toolchain for its sanitizers; this builds the same libFuzzer
# targets on the stable toolchain with LLVM's coverage instrumentation and no sanitizer
# (`--target` keeps the flags off build scripts). Each target starts from a scratch copy of
# its seed corpus in fuzz/corpus/<target> (the seeds are never rewritten); an input that
# crashes a target, takes over 5 s or runs it out of memory fails the run and is written to
# fuzz/artifacts/<target>/.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds="${1:-10}"
host="$(rustc -vV | sed -n 's/^host: //p')"
export RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 -Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table -Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing -Cdebug-assertions"
cargo build --release --locked --target "$host" --target-dir target/smoke --bins
targets="$(sed -n 's/^name = "\(.*\)"$/\1/p' Cargo.toml | grep -v '^agora-token-core-fuzz$')"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
for t in $targets; do
  mkdir -p "$scratch/$t" "artifacts/$t"
  if [ -d "corpus/$t" ]; then cp -R "corpus/$t/." "$scratch/$t/"; fi
  status=0
  "target/smoke/$host/release/$t" -max_total_time="$seconds" -max_len=16500 -rss_limit_mb=2048 -timeout=5 \
    -print_final_stats=1 -artifact_prefix="artifacts/$t/" "$scratch/$t" >"$scratch/$t.log" 2>&1 || status=$?
  runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$scratch/$t.log")"
  echo "fuzz $t: ${seconds}s, ${runs:-?} inputs, exit $status"
  if [ "$status" -ne 0 ]; then
    # A crash, a timeout (an input over 5 s) or running out of memory: show how, keep the input.
    tail -n 40 "$scratch/$t.log" >&2
    echo "fuzz $t: failed; the input is in fuzz/artifacts/$t/" >&2
    exit 1
  fi
done
