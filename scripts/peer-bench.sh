#!/usr/bin/env bash
# Peer benchmark: zsplice against the ways people replicate ZFS locally today, on real OpenZFS,
# every tool on the same two pools in one run. From a fresh Debian 12 machine:
#   scripts/peer-bench.sh
# It installs what it needs (scripts/setup-host.sh; the peers: Debian's sanoid (syncoid), mbuffer,
# pv, lzop, zstd, and zettarepl from its public source into a venv under
# ${ZSPLICE_PEERS_DIR:-~/.cache/zsplice-peers}), builds zsplice, and runs
# scripts/peer-bench-guest.sh in the OpenZFS guest (directly when this host has /dev/zfs).
#
# Workloads (rows): W1 100 small datasets (64 KiB each), full copy; W2 the same with 10 changed,
# incremental; W3 the same with nothing new; W4 one dataset of 768 MiB incompressible data, full
# copy; W5 that snapshot into a zstd stream file; W6 a wide tree (1,000 datasets x 100 snapshots:
# first copy, nothing new, 10% changed); W7 catch-ups (one dataset 1,000 snapshots behind, 100
# datasets 100 behind). Tools (columns): zsplice (with --stats: its requests to the kernel and
# peak memory are printed under the table), a per-dataset `zfs send | zfs recv` shell loop,
# `zfs send -R`, syncoid, zettarepl, and the bare `zfs list -t snapshot -r` every peer starts
# with (W3, W6a). Each tool starts from a freshly created destination pool and must leave every
# source snapshot on the destination with the source's guid, or its cell reads FAILED.
# Under emulation W6 and W7 at full size take hours: ZSPLICE_BENCH_WORKLOADS (e.g. "W6 W7") picks
# rows, ZSPLICE_BENCH_WIDE / _WIDE_SNAPS / _BEHIND / _BEHIND_MANY size them, ZSPLICE_BENCH_LIMIT
# (seconds, default 900) stops a cell that runs longer (see scripts/peer-bench-guest.sh).
#
# Reading the output: the Markdown table at the end gives wall-clock seconds per cell; a peer's
# cell also gives zsplice's time divided by the peer's, so (0.42×) means zsplice took 0.42 of the
# peer's time (below 1 = zsplice faster). "n/a (why)" means the tool does not do that workload or
# could not be installed. A line per workload names the fastest tool. Times come from an emulated
# guest (QEMU TCG) on a small machine: compare tools within one run, not across machines.
#
# Env: ZSPLICE_GUEST_CPUS (guest CPUs, default 2), ZSPLICE_PEERS_DIR (peer cache),
# ZSPLICE_ZETTAREPL_SRC (a zettarepl source directory or tarball to install instead of downloading
# it from GitHub), ZSPLICE_GUEST_MEM (guest memory, default 8G).
set -euo pipefail
cd "$(dirname "$0")/.."
t_start=$EPOCHREALTIME

scripts/setup-host.sh

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
peers_dir=${ZSPLICE_PEERS_DIR:-$HOME/.cache/zsplice-peers}
mkdir -p "$peers_dir"

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
apt_install() {
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" \
        >/dev/null 2>&1
}

# --- Debian peers: sanoid (syncoid), its helpers mbuffer/pv/lzop, zstd; python3-venv for zettarepl.
apt_pkgs=(sanoid mbuffer pv lzop zstd python3-venv)
missing=()
for p in "${apt_pkgs[@]}"; do installed "$p" || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
    echo "peer-bench: installing ${missing[*]}" >&2
    if ! apt_install "${missing[@]}"; then
        $SUDO apt-get update -qq >/dev/null 2>&1 || true
        # One at a time, so one that cannot be had does not keep the others out.
        for p in "${missing[@]}"; do apt_install "$p" || echo "peer-bench: could not install $p" >&2; done
    fi
fi
# Why a peer is missing travels into the guest as ZSPLICE_BENCH_NA_<TOOL> (guest-run.sh passes
# ZSPLICE_* through); the guest script shows it in that tool's cells.
if ! installed sanoid || ! command -v syncoid >/dev/null; then
    export ZSPLICE_BENCH_NA_SYNCOID="apt package sanoid not installable"
fi
if ! command -v zstd >/dev/null; then
    export ZSPLICE_BENCH_NA_ZSTD="zstd not installed"
fi

# --- zettarepl (TrueNAS's replication engine; not packaged for Debian 12 nor on PyPI): from its
# public source into a venv, its dependencies (setup.py: coloredlogs croniter isodate jsonschema
# paramiko python-dateutil pytz pyyaml) from PyPI. Pinned to the TrueNAS 25.10.2.2 release: master
# uses Python 3.12 syntax, Debian 12 has 3.11. Debian's python3, so the venv also runs in the guest.
zr_version=TS-25.10.2.2
venv=$peers_dir/zettarepl-venv
zr_log=$peers_dir/zettarepl-install.log
zr_src=${ZSPLICE_ZETTAREPL_SRC:-https://github.com/truenas/zettarepl/archive/refs/tags/$zr_version.tar.gz}
# Kept once it works (remove the venv to install again); .zsplice-source says where it came from.
if ! "$venv/bin/zettarepl" --help >/dev/null 2>&1; then
    echo "peer-bench: installing zettarepl from $zr_src into $venv" >&2
    py=/usr/bin/python3
    [ -x "$py" ] || py=$(command -v python3 || true)
    rm -rf "$venv"
    if [ -n "$py" ] && "$py" -m venv "$venv" >"$zr_log" 2>&1 &&
        "$venv/bin/pip" install --quiet --disable-pip-version-check --use-pep517 \
            --timeout 30 --retries 2 "$zr_src" >>"$zr_log" 2>&1 &&
        "$venv/bin/zettarepl" --help >/dev/null 2>>"$zr_log"; then
        echo "$zr_src" >"$venv/.zsplice-source"
    else
        tail -3 "$zr_log" >&2 || true
        rm -rf "$venv"
        case "$zr_src" in
            http*) why="install from its GitHub source failed, see $zr_log" ;;
            *) why="could not install it from $zr_src, see $zr_log" ;;
        esac
        export ZSPLICE_BENCH_NA_ZETTAREPL="$why"
    fi
fi

cargo build --release --quiet --bin zsplice
bin=${CARGO_TARGET_DIR:-$PWD/target}/release/zsplice

export ZSPLICE_GUEST_CPUS=${ZSPLICE_GUEST_CPUS:-2}
set +e
if [ -e /dev/zfs ]; then
    ${SUDO:+$SUDO --preserve-env} scripts/peer-bench-guest.sh "$bin" "$venv"
else
    scripts/guest-run.sh --timeout "${ZSPLICE_BENCH_TIMEOUT:-86400}" -- \
        scripts/peer-bench-guest.sh "$bin" "$venv"
fi
rc=$?
set -e
awk -v a="$t_start" -v b="$EPOCHREALTIME" -v rc="$rc" \
    'BEGIN { printf "\npeer-bench: the whole script took %.0f s (exit %d)\n", b - a, rc }'
exit "$rc"
