#!/usr/bin/env bash
# The main job, on a fresh Debian 12 machine: installs what is needed, builds zsplice, and runs a
# real replication: two pools, a dataset with files, a snapshot copied in full to the other pool,
# then a change copied incrementally, each step printed. Runs in the OpenZFS guest when this
# host has no ZFS, directly when it does.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-host.sh
cargo build --release --quiet --bin zsplice
if [ -e /dev/zfs ]; then
    exec scripts/demo-flow.sh "$PWD/target/release/zsplice"
fi
exec scripts/guest-run.sh --timeout 900 -- scripts/demo-flow.sh "$PWD/target/release/zsplice"
