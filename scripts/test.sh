#!/usr/bin/env bash
# Every test zsplice has, on a fresh Debian 12 machine:
#   1. installs what it needs (scripts/setup-host.sh), then starts building the OpenZFS guest
#      kits of 2.3.2, 2.1.11, 2.2.2 and 2.4.4 in the background (cached after the first time;
#      scripts/build-guest.sh),
#   2. format and lint checks (the systemd unit too; clippy with and without the
#      `fault-injection` feature), a check that a release binary carries no test hook, the C
#      library built, installed and compiled against (scripts/check-c-library.sh), then unit
#      tests on the host (integration tests that need ZFS are reported as ignored there; the
#      unit tests include the check that include/zsplice.h is what cbindgen generates),
#   3. fuzzes the parsers of untrusted input for a bounded time (scripts/fuzz.sh),
#   4. runs the integration tests against real pools in the OpenZFS 2.3.2 guest, where skipping
#      is not allowed, then the compatibility suite (ZSPLICE_SUITE=compat) with the same binary
#      in a 2.1.11, a 2.2.2 and a 2.4.4 guest, each with that release's module and userland;
#      stream files written on each release are received on the releases after it.
# Exit status is non-zero when anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup-host.sh
# The kits take minutes of compiling each, the first time; they build while the host checks
# below run (a lower priority: the host checks are what a developer waits for).
RELEASES=(2.3.2 2.1.11 2.2.2 2.4.4)
kits_log=$(mktemp)
trap 'rm -f "$kits_log"' EXIT
(
    for v in "${RELEASES[@]}"; do
        ZSPLICE_ZFS_VERSION=$v nice -n 10 scripts/build-guest.sh >/dev/null || exit 1
    done
) >"$kits_log" 2>&1 &
kits_pid=$!
echo "== format and lint"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --quiet -- -D warnings
# The fault suite's stall hook (src/transfer/fault.rs) only exists with this feature; the tests
# build with it.
cargo clippy --workspace --all-targets --quiet --features fault-injection -- -D warnings
# Every public item is documented and every doc link resolves (the crate example compiles with
# the unit tests below).
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --quiet
# The integration tests have their own harness (tests/integration/main.rs): a #[test] there would
# never run, and a test function left unregistered is dead code, which clippy refuses above.
if grep -rn '#\[test\]' tests/integration; then
    echo "test.sh: #[test] above never runs; register the function in tests/integration/main.rs" >&2
    exit 1
fi
# zsplice never starts a process (no shell, no zfs command, nothing to inject into); only the
# tests may, to set up pools and cross-check.
if grep -rnE 'process::Command|Command::new|libc::(system|exec|fork|popen)' src zfs/src stream/src capi/src; then
    echo "test.sh: the product code above starts a process; it must not" >&2
    exit 1
fi
# The systemd unit must load cleanly (unknown keys, bad values, a missing ExecStart binary),
# checked against the binary just built.
cargo build --quiet --bin zsplice
scripts/verify-unit.sh --exec "${CARGO_TARGET_DIR:-target}/debug/zsplice"
# A release build (no features) must not carry the fault hook: neither code nor its variable.
cargo build --release --quiet --bin zsplice
release="${CARGO_TARGET_DIR:-target}/release/zsplice"
[ -f "$release" ] || { echo "test.sh: no release binary at $release" >&2; exit 1; }
if n=$(grep -ac ZSPLICE_FAULT_STALL "$release"); then
    echo "test.sh: the release binary names ZSPLICE_FAULT_STALL ($n lines): the fault hook" \
        "must be behind the fault-injection feature" >&2
    exit 1
fi

# The C library as a C programmer gets it: built, installed, found by pkg-config, and the
# examples built against it with -Wall -Werror; zsplice.h compiled as C and as C++. The suite it
# builds runs on real pools in the guest (tests/integration/capi.rs, under valgrind).
echo "== the C library (libzsplice, zsplice.h, pkg-config)"
ZSPLICE_C_EXAMPLES=$(scripts/check-c-library.sh | tail -1)
export ZSPLICE_C_EXAMPLES

echo "== unit tests on the host"
cargo test --workspace --quiet --features fault-injection

echo "== fuzzing (each target for ${ZSPLICE_FUZZ_SECONDS:-60} s)"
scripts/fuzz.sh "${ZSPLICE_FUZZ_SECONDS:-60}"

echo "== OpenZFS guest kits"
if ! wait "$kits_pid"; then
    cat "$kits_log" >&2
    echo "test.sh: building the OpenZFS guest kits failed" >&2
    exit 1
fi
grep -a 'build-guest\[' "$kits_log" || echo "(all cached)"

echo "== integration tests in the OpenZFS 2.3.2 guest"
# Build the test binary here; the guest runs the host's own build over 9p.
# (Pick the integration target's artifact by name: cargo also reports the zsplice binary the
# tests run, in no fixed order.)
# The tests need the fault hook in the zsplice binary they start: the feature builds it in.
bin=$(cargo test --test integration --features fault-injection --no-run \
        --message-format=json 2>/dev/null \
    | grep '"name":"integration"' | sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | tail -1)
[ -x "$bin" ] || { echo "test.sh: could not find the integration test binary" >&2; exit 1; }
# Stream files each release writes (tests/integration/compat.rs) come back as test artifacts;
# the releases after it receive them. None may be left from an earlier run.
exchange="$PWD/target/test-artifacts"
rm -rf "$exchange"/streams-*
export ZSPLICE_STREAM_EXCHANGE="$exchange"
log=$(mktemp)
trap 'rm -f "$kits_log" "$log"' EXIT
# Runs one suite in one release's guest; its totals go to $results.
results=()
guest_suite() {
    local release=$1 suite=$2 timeout=$3 rc summary passed failed
    set +e
    ZSPLICE_ZFS_VERSION=$release ZSPLICE_SUITE=$suite ZSPLICE_REQUIRE_ZFS=1 RUST_BACKTRACE=1 \
        scripts/guest-run.sh --timeout "$timeout" -- \
        "$bin" --test-threads=2 --color never 2>&1 | tee "$log"
    rc=${PIPESTATUS[0]}
    set -e
    summary=$(grep -a 'test result:' "$log" | tail -1 || true)
    passed=$(sed -n 's/.* \([0-9]*\) passed.*/\1/p' <<<"$summary")
    failed=$(sed -n 's/.* \([0-9]*\) failed.*/\1/p' <<<"$summary")
    if [ "$suite" = all ]; then
        # The fault suite's own totals, for the closing lines.
        fault_passed=$(grep -ac '^test faults::.* \.\.\. ok' "$log" || true)
        fault_failed=$(grep -ac '^test faults::.* \.\.\. FAILED' "$log" || true)
    fi
    results+=("OpenZFS $release ($suite): ${passed:-0} passed, ${failed:-0} failed")
    if [ "$rc" -ne 0 ] || [ -z "$passed" ] || [ "$passed" -eq 0 ]; then
        results[-1]+=" (exit $rc)"
        return 1
    fi
}
status=0
guest_suite 2.3.2 all 2400 || status=1
for release in 2.1.11 2.2.2 2.4.4; do
    echo "== compatibility suite in the OpenZFS $release guest"
    guest_suite "$release" compat 900 || status=1
done
# Plain closing lines with the guests' totals.
echo
echo "fault suite (2.3.2): ${fault_passed:-0} passed, ${fault_failed:-0} failed"
printf '%s\n' "${results[@]}"
if [ "$status" -ne 0 ]; then
    echo "test.sh: integration tests failed in a guest" >&2
    exit 1
fi
