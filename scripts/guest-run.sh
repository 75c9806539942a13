#!/usr/bin/env bash
# Runs one command inside the ZFS test guest and exits with its exit status.
#   scripts/guest-run.sh [--timeout SECS] -- COMMAND [ARGS...]
# --timeout: the guest is stopped (exit 124) after SECS seconds, boot included (default 1800).
# Exit 125: the guest stopped without the command's exit status (it crashed, or never booted).
# The command runs as root in the current directory (the host's file system, read-only, with a
# throw-away overlay on top whose upper layer is guest RAM, so file vdevs under /tmp cost no host
# disk), with the OpenZFS module loaded: release ZSPLICE_ZFS_VERSION (2.1.11, 2.2.2, 2.3.2 or
# 2.4.4; default 2.3.2; see scripts/build-guest.sh), module and userland alike. /tmp is not
# replaced: the checkout may live there. Its output streams to this terminal.
# Env: ZSPLICE_GUEST_MEM (default 8G), ZSPLICE_GUEST_CPUS (default: host cores),
# ZSPLICE_GUEST_ARC (ARC cap in bytes, default 1 GiB).
# Test artifacts (e.g. the browser test's screenshots): the command sees ZSPLICE_ARTIFACT_DIR set
# to a writable shared directory, copied back afterwards to $ZSPLICE_ARTIFACT_DIR if the caller set
# it, else to ./target/test-artifacts.
set -euo pipefail

timeout_s=1800
while [ $# -gt 0 ]; do
    case "$1" in
        --timeout) timeout_s=$2; shift 2 ;;
        # The header above is the help: everything up to the first line that is not a comment.
        -h|--help) sed -n '2,/^[^#]/{/^#/s/^# \{0,1\}//p}' "$0"; exit 0 ;;
        --) shift; break ;;
        *) break ;;
    esac
done
[ $# -gt 0 ] || { echo "usage: guest-run.sh [--timeout SECS] -- COMMAND [ARGS...]" >&2; exit 2; }

here=$(cd "$(dirname "$0")" && pwd)
kit=$("$here/build-guest.sh")
io=$(mktemp -d /tmp/zsplice-guest-io.XXXXXX)
trap 'rm -rf "$io"' EXIT

# Pass through the variables tests read; everything else is the guest's own clean environment.
{
    echo '#!/bin/bash'
    echo 'export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8'
    echo 'dmesg -n 1 2>/dev/null || true  # keep kernel chatter off the console'
    echo 'mkdir -p /var/lib /var/tmp /run/lock'
    # Pseudo-terminals, for tests that play an interactive user through script(1).
    echo 'mkdir -p /dev/pts && mount -t devpts -o ptmxmode=0666 devpts /dev/pts 2>/dev/null || true'
    echo 'udevadm --version >/dev/null 2>&1 || true'
    # The selected release's own userland over the host's (2.3.2) one, as installed on a machine
    # of that release: its libzfs_core.so.3 and libnvpair.so.3 are what zsplice loads.
    # The host's own ZFS libraries and programs go first, so nothing can load a mix (a machine
    # of that release has only its own).
    # They stay in one folder (ZSPLICE_HOST_ZFS_LIBS), for the test that loads a library of
    # another release on purpose.
    if [ -d "$kit/userland" ]; then
        echo 'mkdir -p /opt/host-zfs-libs'
        echo 'cp -a /usr/lib/x86_64-linux-gnu/lib{zfs,zfs_core,nvpair,uutil,zpool}.so* /opt/host-zfs-libs/'
        echo 'export ZSPLICE_HOST_ZFS_LIBS=/opt/host-zfs-libs'
        echo 'rm -f /usr/lib/x86_64-linux-gnu/lib{zfs,zfs_core,nvpair,uutil,zpool,zfsbootenv}.so*'
        echo 'rm -f /usr/sbin/{zfs,zpool,zdb,zstream,zhack,zinject,ztest,zgenhostid,zstreamdump}'
        printf 'cp -a %q/userland/. / && ldconfig\n' "$kit"
    fi
    # Loopback comes up down; tests serve HTTP on 127.0.0.1 (the daemon, chromedriver).
    echo 'ip link set lo up'
    # devtmpfs has no /dev/shm; programs that share memory (chromium) expect one.
    echo 'mkdir -p /dev/shm && mount -t tmpfs -o mode=1777 shm /dev/shm 2>/dev/null || true'
    for v in $(compgen -e); do
        case "$v" in
            ZSPLICE_*|RUST_BACKTRACE|RUST_LOG|RUST_TEST_THREADS|CARGO_TARGET_DIR|NO_COLOR|TERM)
                printf 'export %s=%q\n' "$v" "${!v}" ;;
        esac
    done
    echo 'export ZSPLICE_IN_GUEST=1'
    # After the pass-through above: a host path the caller gave would not outlive the guest.
    echo 'export ZSPLICE_ARTIFACT_DIR=/zsplice-io/artifacts && mkdir -p "$ZSPLICE_ARTIFACT_DIR"'
    printf 'cd %q\n' "$PWD"
    printf '%q ' "$@"; echo
    echo 'echo $? > /zsplice-io/rc'
    echo 'sync'
    # Power off from within this process: reboot(2) does not return. (A power-off requested
    # through sysrq runs beside this script, whose file system goes away under it: the shell
    # then dies of SIGBUS, and the kernel panics on its way down at the end of init.)
    echo 'shopt -s execfail; exec busybox poweroff -f 2>/dev/null; echo o > /proc/sysrq-trigger'
    echo 'while :; do read -r -t 1 _ </dev/console || :; done'
} >"$io/stage2.sh"

mem=${ZSPLICE_GUEST_MEM:-8G}
cpus=${ZSPLICE_GUEST_CPUS:-$(nproc)}
arc=${ZSPLICE_GUEST_ARC:-1073741824}
set +e
timeout --foreground -k 10 "$timeout_s" qemu-system-x86_64 \
    -accel tcg,thread=multi -cpu max -smp "$cpus" -m "$mem" \
    -nographic -no-reboot -monitor none -serial stdio -nic none \
    -kernel "$kit/vmlinuz" -initrd "$kit/initrd.cpio.gz" \
    -append "console=ttyS0 quiet loglevel=3 panic=-1 zsplice.arc_max=$arc" \
    -virtfs local,path=/,mount_tag=hostroot,security_model=passthrough,readonly=on \
    -virtfs "local,path=$io,mount_tag=io,security_model=passthrough" </dev/null
qrc=$?
set -e
# Whatever the command left as artifacts, also after a failure or a timeout. Each directory it
# wrote replaces the one of an earlier run, so no stale screenshot stays beside new ones.
if [ -n "$(ls -A "$io/artifacts" 2>/dev/null)" ]; then
    artifacts=${ZSPLICE_ARTIFACT_DIR:-$PWD/target/test-artifacts}
    mkdir -p "$artifacts"
    for entry in "$io/artifacts"/*; do
        rm -rf "${artifacts:?}/$(basename "$entry")"
    done
    cp -r "$io/artifacts/." "$artifacts/"
    echo "guest-run: test artifacts in $artifacts" >&2
fi
if [ -f "$io/rc" ]; then
    exit "$(cat "$io/rc")"
fi
if [ "$qrc" -eq 124 ]; then
    echo "guest-run: the guest did not finish within ${timeout_s}s" >&2
    exit 124
else
    echo "guest-run: the guest stopped without reporting an exit status (qemu exit $qrc)" >&2
fi
exit 125
