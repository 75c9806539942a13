#!/usr/bin/env bash
# The demo's flow, run where ZFS is (inside the guest by scripts/demo.sh). zpool/zfs(8) only set
# up the pools and show the result next to zsplice's own listing; every snapshot, send and
# receive is zsplice's.
set -euo pipefail
zsplice=${1:?usage: demo-flow.sh PATH-TO-ZSPLICE}
work=$(mktemp -d /tmp/zsplice-demo.XXXXXX)
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@"; }
cleanup() { zpool destroy -f demosrc 2>/dev/null || true; zpool destroy -f demodst 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

say "two pools on file vdevs"
truncate -s 1G "$work/src.img" "$work/dst.img"
run zpool create -f -O mountpoint="$work/mnt/src" demosrc "$work/src.img"
run zpool create -f -O mountpoint="$work/mnt/dst" demodst "$work/dst.img"
zfs create demosrc/data
head -c 8M /dev/urandom >"$work/mnt/src/data/photos.bin"
echo "first version" >"$work/mnt/src/data/notes.txt"
sync

say "snapshot and first (full) copy"
run "$zsplice" snapshot demosrc/data@demo-1
run "$zsplice" replicate --dry-run demosrc/data demodst/data
run "$zsplice" replicate demosrc/data demodst/data

say "change a file, snapshot, copy again (incremental: only the change travels)"
echo "second version" >"$work/mnt/src/data/notes.txt"
sync
run "$zsplice" snapshot demosrc/data@demo-2
run "$zsplice" replicate demosrc/data demodst/data
run "$zsplice" replicate demosrc/data demodst/data

say "what each side has (zsplice's listing, then zfs(8) for comparison)"
run "$zsplice" list -r -t all demosrc demodst
run zfs list -r -t snapshot -o name,guid,createtxg demosrc demodst

say "the copy's files"
zfs mount demodst/data 2>/dev/null || true
run cat "$work/mnt/dst/data/notes.txt"
src_sum=$(sha256sum <"$work/mnt/src/data/photos.bin" | cut -c1-16)
dst_sum=$(sha256sum <"$work/mnt/dst/data/photos.bin" | cut -c1-16)
echo "photos.bin sha256: source $src_sum, destination $dst_sum"
[ "$src_sum" = "$dst_sum" ] || { echo "demo: contents differ" >&2; exit 1; }

say "a destination that diverged is refused, and nothing is destroyed"
"$zsplice" snapshot demodst/data@made-on-the-destination >/dev/null
"$zsplice" snapshot demosrc/data@demo-3 >/dev/null
set +e
"$zsplice" replicate demosrc/data demodst/data
rc=$?
set -e
echo "(exit code $rc)"
[ "$rc" -eq 3 ] || { echo "demo: expected exit 3 (refused)" >&2; exit 1; }
echo
echo "demo finished: zsplice copied demosrc/data to demodst/data with libzfs_core only."
