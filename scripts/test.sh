#!/usr/bin/env bash
# Every test zsplice has, on a fresh Debian 12 machine:
#   1. installs what it needs (scripts/setup-host.sh),
#   2. format and lint checks (the systemd unit too; clippy with and without the
#      `fault-injection` feature), a check that a release binary carries no test hook, then unit
#      tests on the host (integration tests that need ZFS are reported as ignored there),
#   3. fuzzes the parsers of untrusted input for a bounded time (scripts/fuzz.sh),
#   4. builds the OpenZFS 2.3.2 guest (cached after the first time) and runs the integration
#      tests inside it against real pools, where skipping is not allowed.
# Exit status is non-zero when anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup-host.sh
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
if grep -rnE 'process::Command|Command::new|libc::(system|exec|fork|popen)' src zfs/src stream/src; then
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

echo "== unit tests on the host"
cargo test --workspace --quiet --features fault-injection

echo "== fuzzing (each target for ${ZSPLICE_FUZZ_SECONDS:-60} s)"
scripts/fuzz.sh "${ZSPLICE_FUZZ_SECONDS:-60}"

echo "== integration tests in the OpenZFS guest"
# Build the test binary here; the guest runs the host's own build over 9p.
# (Pick the integration target's artifact by name: cargo also reports the zsplice binary the
# tests run, in no fixed order.)
# The tests need the fault hook in the zsplice binary they start: the feature builds it in.
bin=$(cargo test --test integration --features fault-injection --no-run \
        --message-format=json 2>/dev/null \
    | grep '"name":"integration"' | sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | tail -1)
[ -x "$bin" ] || { echo "test.sh: could not find the integration test binary" >&2; exit 1; }
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
ZSPLICE_REQUIRE_ZFS=1 RUST_BACKTRACE=1 scripts/guest-run.sh --timeout 2400 -- \
    "$bin" --test-threads=2 --color never 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e
# Plain closing lines with the guest's totals: the fault suite's own, then all of them.
summary=$(grep -a 'test result:' "$log" | tail -1 || true)
passed=$(sed -n 's/.* \([0-9]*\) passed.*/\1/p' <<<"$summary")
failed=$(sed -n 's/.* \([0-9]*\) failed.*/\1/p' <<<"$summary")
fault_passed=$(grep -ac '^test faults::.* \.\.\. ok' "$log" || true)
fault_failed=$(grep -ac '^test faults::.* \.\.\. FAILED' "$log" || true)
echo
echo "fault suite: ${fault_passed:-0} passed, ${fault_failed:-0} failed"
echo "integration: ${passed:-0} passed, ${failed:-0} failed"
if [ "$rc" -ne 0 ] || [ -z "$passed" ] || [ "$passed" -eq 0 ]; then
    echo "test.sh: integration tests failed in the guest (exit $rc)" >&2
    exit 1
fi
