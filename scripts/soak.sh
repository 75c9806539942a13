#!/usr/bin/env bash
# The daemon soak (tests/integration/soak.rs) alone, in the OpenZFS guest: `zsplice daemon`
# runs two every-minute tasks over changing data while a seeded fault driver kills it (-9 and
# SIGTERM, restarting it at once), exports and imports the destination pool, and drops a damaged
# task file into the state dir; then everything the tasks promise is checked.
#   scripts/soak.sh [RUNS]     finished runs per task (default 20: about 25 minutes)
# Env: ZSPLICE_SOAK_SEED replays a seed the soak printed; ZSPLICE_SOAK_TIMEOUT (seconds)
# overrides the guest's time limit. `scripts/test.sh` runs the short soak (6 runs) with the
# other integration tests.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${1:-20}
if ! [[ $runs =~ ^[1-9][0-9]*$ ]] || [ "$runs" -lt 2 ]; then
    echo "usage: scripts/soak.sh [RUNS]  (finished runs per task, at least 2; default 20)" >&2
    exit 2
fi
# A minute per run, one more per rationed fault aimed at the runs (runs/5), the first
# minute, the clean run, the checks, and the guest's boot, with room to spare.
timeout_s=${ZSPLICE_SOAK_TIMEOUT:-$(( 60 * (runs + runs / 5 + 8) + 300 ))}

# Build the integration test binary on the host, as scripts/test.sh does; the guest runs it
# (and the zsplice binary it starts) over 9p, under an overlay that must not change beneath
# it. The soak restarts zsplice many times over half an hour, so it builds into a target dir
# of its own: a `cargo build` in the tree meanwhile would otherwise replace the binary under
# the running guest (seen: the restarted daemon dying of SIGSEGV).
target=${ZSPLICE_SOAK_TARGET_DIR:-$PWD/target/soak}
echo "== building the integration tests into $target"
bin=$(CARGO_TARGET_DIR=$target cargo test --test integration --no-run --message-format=json 2>/dev/null \
    | grep '"name":"integration"' | sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | tail -1)
[ -x "$bin" ] || { echo "soak.sh: could not find the integration test binary" >&2; exit 1; }

echo "== daemon soak: $runs runs per task, guest time limit ${timeout_s}s"
ZSPLICE_SOAK_RUNS=$runs ZSPLICE_REQUIRE_ZFS=1 RUST_BACKTRACE=1 \
    scripts/guest-run.sh --timeout "$timeout_s" -- \
    "$bin" soak:: --nocapture --test-threads=1 --color never
