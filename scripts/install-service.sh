#!/usr/bin/env bash
# Installs zsplice as a systemd service:
#   scripts/install-service.sh [--prefix /usr/local] [--root DIR] [--no-start]
# Builds the release binary and installs it as PREFIX/bin/zsplice, the unit
# (contrib/systemd/zsplice.service, its ExecStart pointed at that binary) as
# /etc/systemd/system/zsplice.service and README.md under PREFIX/share/doc/zsplice; checks the
# installed unit with systemd-analyze verify; then, when systemd is running, reloads it and
# enables and starts the service (--no-start: enable only). --root DIR installs under DIR
# instead (a staging tree for packaging) and touches no running system. Safe to run again: it
# replaces the files and restarts the service.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; }
prefix=/usr/local
root=""
start=1
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) prefix=$2; shift 2 ;;
        --root) root=$2; shift 2 ;;
        --no-start) start=0; shift ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; exit 2 ;;
    esac
done
case "$prefix" in
    *[[:space:]]*|*'|'*) echo "install-service.sh: --prefix must have no spaces or '|'" >&2; exit 2 ;;
    /*) ;;
    *) echo "install-service.sh: --prefix must be an absolute path" >&2; exit 2 ;;
esac
prefix=${prefix%/}

SUDO=""
[ "$(id -u)" -eq 0 ] || [ -n "$root" ] || SUDO="sudo"

echo "== building the release binary"
cargo build --release --quiet --bin zsplice
built="${CARGO_TARGET_DIR:-target}/release/zsplice"

bin="$prefix/bin/zsplice"
unit="$root/etc/systemd/system/zsplice.service"
staged=$(mktemp)
trap 'rm -f "$staged"' EXIT
sed -e "s|^ExecStart=/usr/local/bin/zsplice |ExecStart=$bin |" \
    -e "s|^Documentation=file:///usr/local/|Documentation=file://$prefix/|" \
    contrib/systemd/zsplice.service >"$staged"

echo "== installing $root$bin and $unit"
$SUDO install -D -m 0755 "$built" "$root$bin"
$SUDO install -D -m 0644 README.md "$root$prefix/share/doc/zsplice/README.md"
$SUDO install -D -m 0644 "$staged" "$unit"
scripts/verify-unit.sh --exec "$root$bin" "$unit"

if [ -n "$root" ]; then
    echo "installed under $root; on the target machine run: systemctl daemon-reload && systemctl enable --now zsplice"
elif [ -d /run/systemd/system ]; then
    $SUDO systemctl daemon-reload
    if [ "$start" -eq 1 ]; then
        $SUDO systemctl enable zsplice.service
        # restart, not start: a second install must run the new binary.
        $SUDO systemctl restart zsplice.service
        systemctl --no-pager status zsplice.service || true
        echo "zsplice is running: journalctl -u zsplice -f shows its log; systemctl stop zsplice stops it cleanly"
    else
        $SUDO systemctl enable zsplice.service
        echo "zsplice is enabled (starts at boot); start it now with: systemctl start zsplice"
    fi
else
    echo "systemd is not running on this machine: zsplice is installed but not enabled or started."
    echo "On a machine booted with systemd run: systemctl daemon-reload && systemctl enable --now zsplice"
fi
