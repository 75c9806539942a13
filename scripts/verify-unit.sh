#!/usr/bin/env bash
# Checks a zsplice systemd unit with `systemd-analyze verify`:
#   scripts/verify-unit.sh [--exec BINARY] [UNIT]
# UNIT defaults to contrib/systemd/zsplice.service. verify insists that ExecStart's binary
# exists, so --exec checks a copy whose ExecStart is BINARY instead (scripts/test.sh passes the
# binary it just built). systemd-analyze only warns about an unknown or misspelt key, with exit
# status 0, so anything it prints fails the check. Exit status is non-zero on any problem.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)

exec_bin=""
while [ $# -gt 0 ]; do
    case "$1" in
        --exec) exec_bin=$2; shift 2 ;;
        -h|--help) sed -n '2,3p' "$0"; exit 0 ;;
        -*) echo "verify-unit.sh: unknown option $1" >&2; exit 2 ;;
        *) break ;;
    esac
done
unit=${1:-$repo/contrib/systemd/zsplice.service}
command -v systemd-analyze >/dev/null || {
    echo "verify-unit.sh: systemd-analyze is missing (apt-get install systemd)" >&2
    exit 1
}

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# Verify under the unit's own name: systemd derives the unit type from it.
copy="$dir/$(basename "$unit")"
if [ -n "$exec_bin" ]; then
    exec_bin=$(realpath "$exec_bin")
    sed "s|^ExecStart=[^ ]*zsplice |ExecStart=$exec_bin |" "$unit" >"$copy"
    grep -q "^ExecStart=$exec_bin " "$copy" || {
        echo "verify-unit.sh: $unit has no 'ExecStart=.../zsplice ...' line to point at $exec_bin" >&2
        exit 1
    }
else
    cp "$unit" "$copy"
fi
if ! out=$(systemd-analyze verify "$copy" 2>&1) || [ -n "$out" ]; then
    printf '%s\n' "$out" >&2
    echo "verify-unit.sh: $unit does not verify cleanly" >&2
    exit 1
fi
echo "verify-unit.sh: $unit verifies cleanly"
