#!/usr/bin/env bash
# The demo's flow, run where ZFS is (inside the guest by scripts/demo.sh): TrueNAS-style local
# replication with a stored task. zpool/zfs(8) only set up the pools, write files and show the
# result next to zsplice's own listing; every snapshot, send, receive, hold and destroy is
# zsplice's.
set -euo pipefail
zsplice=${1:?usage: demo-flow.sh PATH-TO-ZSPLICE}
work=$(mktemp -d /tmp/zsplice-demo.XXXXXX)
export ZSPLICE_STATE_DIR="$work/state"
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
# Each command as it would be typed: arguments with spaces or globs in single quotes.
quoted() {
    local a out=()
    for a in "$@"; do
        if [[ $a =~ ^[A-Za-z0-9_@%+=:,./-]+$ ]]; then out+=("$a"); else out+=("'${a//\'/\'\\\'\'}'"); fi
    done
    printf '%s' "${out[*]}"
}
run() { printf '$ %s\n' "$(quoted "$@")"; "$@" </dev/null; }
cleanup() { zpool destroy -f demosrc 2>/dev/null || true; zpool destroy -f demodst 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

say "two pools on file vdevs; sources: demosrc/home, and demosrc/projects with 3 children"
truncate -s 1G "$work/src.img" "$work/dst.img"
run zpool create -f -O mountpoint="$work/mnt/src" demosrc "$work/src.img"
run zpool create -f -O mountpoint="$work/mnt/dst" demodst "$work/dst.img"
zfs create demosrc/home
zfs create demosrc/projects
head -c 8M /dev/urandom >"$work/mnt/src/home/photos.bin"
echo "first version" >"$work/mnt/src/home/notes.txt"
for p in alpha beta gamma; do
    zfs create "demosrc/projects/$p"
    head -c 2M /dev/urandom >"$work/mnt/src/projects/$p/data.bin"
done
sync

say "a replication task: both sources into demodst/backup, keep 2 weeks, read-only copies"
run "$zsplice" task create nightly \
    --source demosrc/home --recursive-source demosrc/projects \
    --destination demodst/backup --naming-schema 'auto-%Y-%m-%d_%H-%M-%S' \
    --schedule '0 2 * * *' --retention 2w --readonly
run "$zsplice" task list

say "start it: one atomic snapshot of all sources, then a full copy"
run "$zsplice" task start nightly

say "change a file and start again: only the change travels"
sleep 1
echo "second version" >"$work/mnt/src/home/notes.txt"
sync
run "$zsplice" task start nightly
run "$zsplice" task list

say "the destination's snapshots (guids equal the source's)"
run "$zsplice" list -r -t snapshot demodst/backup
run zfs list -r -t snapshot -o name,guid demosrc
zfs mount demodst/backup/home 2>/dev/null || true
src_sum=$(cat "$work/mnt/src/home/notes.txt" "$work/mnt/src/home/photos.bin" | sha256sum | cut -c1-16)
dst_sum=$(cat "$work/mnt/dst/backup/home/notes.txt" "$work/mnt/dst/backup/home/photos.bin" | sha256sum | cut -c1-16)
echo "home contents sha256: source $src_sum, destination $dst_sum"
[ "$src_sum" = "$dst_sum" ] || { echo "demo: contents differ" >&2; exit 1; }

say "a destination that diverged is refused (exit 3), with what a re-copy would destroy"
zfs snapshot demodst/backup/projects/beta@made-on-the-destination
sleep 1
set +e
run "$zsplice" task start nightly
rc=$?
set -e
echo "(exit code $rc)"
[ "$rc" -eq 3 ] || { echo "demo: expected exit 3 (refused)" >&2; exit 1; }

say "allowed explicitly, the diverged dataset is copied again from scratch"
run "$zsplice" task start nightly --allow-from-scratch
run "$zsplice" task show nightly

say "the last run's log, saved to a file"
run "$zsplice" task log nightly --output "$work/nightly.log"
cat "$work/nightly.log"
echo

say "the same task over the HTTP API the web UI uses (zsplice daemon --listen)"
"$zsplice" daemon --listen 127.0.0.1:8080 --interval 5s 2>"$work/daemon.log" &
daemon=$!
# Every TCP listener wants a bearer token; without --token-file the daemon keeps one in its
# state directory, made at its first start.
token_file="$ZSPLICE_STATE_DIR/http-token"
for _ in $(seq 50); do
    [ -s "$token_file" ] && curl -sf -o /dev/null -H "Authorization: Bearer $(cat "$token_file")" \
        http://127.0.0.1:8080/api/v1/tasks && break
    sleep 0.2
done
grep -o 'serving the web UI.*' "$work/daemon.log" || true
echo "+ curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:8080/api/v1/tasks   (no token)"
curl -s -o /dev/null -w '%{http_code}\n' http://127.0.0.1:8080/api/v1/tasks
auth="Authorization: Bearer $(cat "$token_file")"
echo "+ auth=\"Authorization: Bearer \$(cat $token_file)\""
echo "+ curl -s -H \"\$auth\" http://127.0.0.1:8080/api/v1/tasks/nightly/runs   (each run's number and state)"
curl -s -H "$auth" http://127.0.0.1:8080/api/v1/tasks/nightly/runs | grep -o '"number":[0-9]*\|"state":"[a-z]*"' | paste - -
echo "+ curl -s -H \"\$auth\" http://127.0.0.1:8080/metrics | grep nightly"
sleep 1.5
curl -s -H "$auth" http://127.0.0.1:8080/metrics | grep 'task="nightly"' | grep -v ' 0$'
kill -TERM "$daemon"; wait "$daemon" || true
echo "(open http://127.0.0.1:8080/ after 'zsplice daemon --listen 127.0.0.1:8080' for the web UI; it asks"
echo " for the token in STATE_DIR/http-token: sudo cat /var/lib/zsplice/http-token for the service)"
echo
echo "demo finished: zsplice replicated two sources (five datasets) with libzfs_core only."
