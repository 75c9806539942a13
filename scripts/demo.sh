#!/usr/bin/env bash
# The main job, on a fresh Debian 12 machine: installs what is needed, builds zsplice, and runs a
# real replication task between two pools: snapshots taken atomically, a full copy, then an
# incremental one, a refused divergence, the task list and log. Runs in the OpenZFS guest when this
# host has no ZFS, directly when it does.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-host.sh
cargo build --release --quiet --bin zsplice
target=${CARGO_TARGET_DIR:-target}
case $target in /*) ;; *) target="$PWD/$target" ;; esac
if [ -e /dev/zfs ]; then
    exec scripts/demo-flow.sh "$target/release/zsplice"
fi
exec scripts/guest-run.sh --timeout 900 -- scripts/demo-flow.sh "$target/release/zsplice"
