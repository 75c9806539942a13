#!/usr/bin/env bash
# Fuzzes zsplice's parsers of untrusted input with cargo-fuzz (libFuzzer + AddressSanitizer),
# SECONDS (default 60) per target, one target after the other:
#   drr_stream    ZFS send streams (DrrParser fed in pieces vs verify() on the whole)
#   stream_file   zsplice stream files (sequential and mapped readers, writer round trip)
#   resume_token  receive resume tokens (the text, and nvlists inside a valid envelope)
#   task_config   stored task JSON, schedules, retentions, naming schemas, dataset names
# The targets live in fuzz/ (its own workspace). Needs only the stable toolchain: cargo-fuzz's
# -Z flags (-Zsanitizer=address and the coverage passes) are accepted by stable rustc under
# RUSTC_BOOTSTRAP=1, so no nightly is needed. cargo-fuzz is installed the first time (pinned).
# Seeds are written into an empty fuzz/corpus/<target> by `fuzz/examples/seeds.rs`; the corpus
# grows there between runs (fuzz/corpus, fuzz/artifacts and fuzz/target are git-ignored).
# Prints one line per target; exits non-zero if any target crashed, panicked, leaked, timed out
# or went over the memory limits, naming the input it saved and how to reproduce it.
#
#   scripts/fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."

secs=${1:-60}
if ! [[ $secs =~ ^[1-9][0-9]*$ ]]; then
    echo "usage: scripts/fuzz.sh [SECONDS]  (seconds per target, default 60)" >&2
    exit 2
fi
targets=(drr_stream stream_file resume_token task_config)
CARGO_FUZZ_VERSION=0.13.2
# Every input is bounded: 1 GiB of RSS, no single allocation over 256 MiB, 10 s per input.
limits=(-rss_limit_mb=1024 -malloc_limit_mb=256 -timeout=10)

export RUSTC_BOOTSTRAP=1
cargo=(cargo +stable)

# The targets link libzfs_core/libnvpair (resume_token) and build C/C++ (zstd, libFuzzer).
if ! pkg-config --exists libzfs_core 2>/dev/null || ! command -v c++ >/dev/null; then
    scripts/setup-host.sh
fi
if ! "${cargo[@]}" fuzz --version >/dev/null 2>&1; then
    echo "== installing cargo-fuzz $CARGO_FUZZ_VERSION"
    "${cargo[@]}" install --locked cargo-fuzz --version "$CARGO_FUZZ_VERSION"
fi

echo "== building the fuzz targets (AddressSanitizer)"
"${cargo[@]}" fuzz build --sanitizer address

empty=()
for t in "${targets[@]}"; do
    if [ -z "$(ls -A "fuzz/corpus/$t" 2>/dev/null)" ]; then
        empty+=("$t")
    fi
done
if [ ${#empty[@]} -gt 0 ]; then
    echo "== writing seeds for ${empty[*]}"
    "${cargo[@]}" run --quiet --manifest-path fuzz/Cargo.toml --example seeds -- \
        fuzz/corpus "${empty[@]}"
fi

logs=fuzz/target/fuzz-logs
mkdir -p "$logs"
failed=0
summary=()
for t in "${targets[@]}"; do
    log="$logs/$t.log"
    echo "== fuzzing $t for $secs s (log: $log)"
    start=$(date +%s)
    status=0
    "${cargo[@]}" fuzz run --sanitizer address "$t" "fuzz/corpus/$t" -- \
        -max_total_time="$secs" "${limits[@]}" >"$log" 2>&1 || status=$?
    took=$(($(date +%s) - start))
    runs=$(sed -n 's/^Done \([0-9]*\) runs in .*/\1/p' "$log" | tail -1)
    if [ "$status" -eq 0 ] && [ -n "$runs" ]; then
        summary+=("fuzz $t: $secs s, $runs runs, no crash")
        echo "${summary[-1]}"
        continue
    fi
    failed=1
    # What libFuzzer or a sanitizer reported, e.g. "deadly signal", "timeout", "out-of-memory
    # (malloc(...))", "detected memory leaks", "heap-buffer-overflow".
    what=$(grep -m1 -oE 'ERROR: (libFuzzer|AddressSanitizer|LeakSanitizer): .*' "$log" \
        | sed -E 's/^ERROR: [A-Za-z]+: //' || true)
    artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -1)
    summary+=("fuzz $t: FAILED after ${took} s${runs:+, $runs runs}: ${what:-exit status $status}")
    echo "${summary[-1]}"
    grep -m1 -A3 "panicked at" "$log" || true
    if [ -n "$artifact" ]; then
        echo "   input:     $artifact"
        fuzz="RUSTC_BOOTSTRAP=1 cargo +stable fuzz"
        echo "   reproduce: $fuzz run --sanitizer address $t $artifact"
        echo "   minimize:  $fuzz tmin --sanitizer address $t $artifact"
    else
        echo "   no input was saved; the end of $log:"
        tail -20 "$log" | sed 's/^/   /'
    fi
done

echo "== summary"
printf '%s\n' "${summary[@]}"
exit "$failed"
