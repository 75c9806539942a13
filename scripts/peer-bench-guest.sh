#!/usr/bin/env bash
# The peer benchmark's ZFS half, run as root where ZFS is (inside the guest by
# scripts/peer-bench.sh, which installs the peers and explains the output):
#   peer-bench-guest.sh PATH-TO-ZSPLICE [ZETTAREPL-VENV]
# Two pools on sparse 2 GiB file vdevs under /tmp (guest RAM): zbsrc and zbdst. Five workloads,
# each timed by wall clock around one tool invocation (or, for the shell loop, the whole loop):
#   W1 zbsrc/many: 100 child filesystems of 64 KiB random data, one recursive snapshot, full copy
#   W2 10 children changed, a second recursive snapshot, incremental copy (from W1's result)
#   W3 the same copy again with nothing new
#   W4 zbsrc/big: 768 MiB from /dev/urandom, one snapshot, full copy
#   W5 zbsrc/big's snapshot into a zstd-compressed stream file in /tmp
#   W6 zbsrc/wide: 1,000 filesystems two levels deep (wide/gN/dNNNN, 4 KiB each) with 100
#      recursive snapshots (100,000 snapshots): W6c the first full copy (every snapshot), W6a the
#      same again with nothing new, W6b 10% of the datasets changed and one new recursive
#      snapshot, incremental
#   W7 catch-ups: W7a one dataset (zbsrc/catch) whose destination has only the first of 1,001
#      snapshots (a small change between each two); W7b 100 datasets (zbsrc/catchmany) 100
#      snapshots behind. Every tool starts from the same seeded destination (the first
#      snapshot, received with zfs recv) and must bring over every intermediate snapshot.
# Each tool gets a freshly created destination pool, runs W1 → W2 → W3 in sequence, and the
# source is put back to W1's state (second snapshot destroyed, changed children rolled back) before
# the next tool makes its own W2 change. For W4 and W5 the destination pool is created afresh and
# the source pool is exported and imported first, so every tool starts with a cold cache. After
# each run the destination must hold every source snapshot of the tree with the source's guid (W5:
# the stream file, received back, must give the snapshot's guid), else the cell reads FAILED.
# Env: ZSPLICE_BENCH_NA_<TOOL>=why (set by peer-bench.sh for a peer it could not install);
# ZSPLICE_BENCH_CHILDREN and ZSPLICE_BENCH_BIG_MIB (default 100 and 768) shrink the workloads to
# try the script out quickly; ZSPLICE_BENCH_ROUNDS (default 2) rounds of W4-W5, fastest counts;
# ZSPLICE_BENCH_WIDE (datasets, default 1000), ZSPLICE_BENCH_WIDE_SNAPS (default 100),
# ZSPLICE_BENCH_BEHIND (W7a, default 1000), ZSPLICE_BENCH_BEHIND_MANY (W7b's datasets and
# snapshots behind, default 100) size W6 and W7; ZSPLICE_BENCH_WORKLOADS (default "W1 W2 W3 W4 W5
# W6 W7") runs a subset (W1-W3 and W6 go together); ZSPLICE_BENCH_LIMIT (default 900) stops a
# tool's cell after that many seconds (the cell says so, and that tool's later W6 cells are n/a).
# zsplice runs with --stats: its requests to the kernel and peak memory are printed per cell.
set -euo pipefail
zsplice=${1:?usage: peer-bench-guest.sh PATH-TO-ZSPLICE [ZETTAREPL-VENV]}
venv=${2:-}

SRC=zbsrc DST=zbdst
S1=zsplice-20261125-1000 S2=zsplice-20261125-1100 S4=zsplice-20261125-1200
SCHEMA='zsplice-%Y%m%d-%H%M' # the strftime naming schema these names match (zettarepl needs one)
# Sizes (smaller ones only to try the script out quickly).
NCHILD=${ZSPLICE_BENCH_CHILDREN:-100} CHILD_KIB=64 BIG_MIB=${ZSPLICE_BENCH_BIG_MIB:-768}
NCHANGED=$(((NCHILD + 9) / 10))
ROUNDS=${ZSPLICE_BENCH_ROUNDS:-2} # rounds of W4-W5; the fastest of each tool counts
NWIDE=${ZSPLICE_BENCH_WIDE:-1000} NWSNAP=${ZSPLICE_BENCH_WIDE_SNAPS:-100}
NWCHANGED=$(((NWIDE + 9) / 10))
BEHIND=${ZSPLICE_BENCH_BEHIND:-1000} BEHIND_MANY=${ZSPLICE_BENCH_BEHIND_MANY:-100}
LIMIT=${ZSPLICE_BENCH_LIMIT:-900}
RUN=" ${ZSPLICE_BENCH_WORKLOADS:-W1 W2 W3 W4 W5 W6 W7} "
TOOLS=(zsplice loop sendR syncoid zettarepl listing)
declare -A TITLE=([zsplice]="zsplice" [loop]="shell loop" [sendR]="zfs send -R"
    [syncoid]="syncoid" [zettarepl]="zettarepl" [listing]="bare zfs list")
WORKLOADS=()
for w in W1 W2 W3 W4 W5 W6c W6a W6a2 W6b W7a W7b; do
    case "$RUN" in *" ${w:0:2} "*) WORKLOADS+=("$w") ;; esac
done
declare -A WTITLE=(
    [W1]="W1 $NCHILD small datasets, full"
    [W2]="W2 same, $NCHANGED changed, incremental"
    [W3]="W3 nothing new"
    [W4]="W4 one dataset, ${BIG_MIB} MiB incompressible, full"
    [W5]="W5 that dataset into a zstd stream file"
    [W6c]="W6c $NWIDE datasets x $NWSNAP snapshots, first full copy"
    [W6a]="W6a same, nothing new (first run after the copy)"
    [W6a2]="W6a same, nothing new again"
    [W6b]="W6b same, $NWCHANGED changed, one new snapshot"
    [W7a]="W7a one dataset $BEHIND snapshots behind"
    [W7b]="W7b $BEHIND_MANY datasets $BEHIND_MANY snapshots behind")
declare -A STATS # "W6a" → zsplice's --stats line
declare -A CELL SECS # "W1,zsplice" → what the table shows / seconds when it ran and verified

work=$(mktemp -d /tmp/zsplice-peer-bench.XXXXXX)
logs=$work/logs
mkdir -p "$logs"
cleanup() {
    zpool destroy -f "$SRC" 2>/dev/null || true
    zpool destroy -f "$DST" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
fmt() { awk -v s="$1" 'BEGIN { printf (s < 10 ? "%.2f s" : "%.1f s"), s }'; }

# --- pools -------------------------------------------------------------------------------------
make_pool() { # NAME MOUNTPOINT
    rm -f "$work/$1.img"
    truncate -s 2G "$work/$1.img"
    zpool create -f -O mountpoint="$2" "$1" "$work/$1.img"
}
# The destination is never mounted (mountpoint=none on its root, inherited by everything received),
# so no tool pays for mounting: zsplice never mounts what it receives (like zfs receive -u).
reset_dst() {
    zpool destroy -f "$DST" 2>/dev/null || true
    make_pool "$DST" none
}
cold_src() { # export and import (without mounting): the source's blocks leave the ARC
    zpool export "$SRC"
    zpool import -N -d "$work" "$SRC"
}
child() { printf '%s/many/c%03d' "$SRC" "$1"; }
changed() { seq $((NCHILD / NCHANGED)) $((NCHILD / NCHANGED)) "$NCHILD"; } # c010, c020 ... c100
make_w2() { # the W2 change, then the second recursive snapshot
    local i
    for i in $(changed); do
        head -c $((CHILD_KIB * 1024)) /dev/urandom >"$work/mnt/many/$(printf c%03d "$i")/data.bin"
    done
    sync
    zfs snapshot -r "$SRC/many@$S2"
}
undo_w2() { # back to W1's state: second snapshot gone, changed children rolled back
    local h
    zfs holds -rH "$SRC/many@$S2" 2>/dev/null | while IFS=$'\t' read -r snap tag _; do
        zfs release "$tag" "$snap"
    done
    zfs destroy -r "$SRC/many@$S2"
    for h in $(changed); do zfs rollback "$(child "$h")@$S1"; done
}

# W6/W7 snapshot names: one minute apart, in the schema zettarepl is given.
wname() { date -u -d "2026-01-01 00:00 UTC + $1 minutes" +zsplice-%Y%m%d-%H%M; }
cname() { date -u -d "2025-01-01 00:00 UTC + $1 minutes" +zsplice-%Y%m%d-%H%M; }
wide_rel() { printf 'g%d/d%04d' $(($1 % 10)) "$1"; }
setup_w6() { # NWIDE filesystems under 10 groups, NWSNAP recursive snapshots, a small change between
    local i n
    zfs create "$SRC/wide"
    for i in $(seq 0 9); do zfs create "$SRC/wide/g$i"; done
    for i in $(seq 1 "$NWIDE"); do
        zfs create "$SRC/wide/$(wide_rel "$i")"
        head -c 4096 /dev/urandom >"$work/mnt/wide/$(wide_rel "$i")/data.bin"
    done
    for n in $(seq 1 "$NWSNAP"); do
        echo "$n" >>"$work/mnt/wide/$(wide_rel $((n % NWIDE + 1)))/log"
        zfs snapshot -r "$SRC/wide@$(wname "$n")"
    done
}
wide_changed() { seq 10 10 "$NWIDE"; }
make_w6b() {
    local i
    for i in $(wide_changed); do
        head -c 4096 /dev/urandom >"$work/mnt/wide/$(wide_rel "$i")/data.bin"
    done
    sync
    zfs snapshot -r "$SRC/wide@$(wname $((NWSNAP + 1)))"
}
undo_w6b() {
    local snap i
    snap=$(wname $((NWSNAP + 1)))
    zfs holds -rH "$SRC/wide@$snap" 2>/dev/null | while IFS=$'\t' read -r s tag _; do
        zfs release "$tag" "$s"
    done
    zfs destroy -r "$SRC/wide@$snap"
    for i in $(wide_changed); do zfs rollback "$SRC/wide/$(wide_rel "$i")@$(wname "$NWSNAP")"; done
}
setup_w7() { # zbsrc/catch: BEHIND+1 snapshots; zbsrc/catchmany: BEHIND_MANY children, as many + 1
    local n c
    zfs create "$SRC/catch"
    for n in $(seq 0 "$BEHIND"); do
        echo "$n" >>"$work/mnt/catch/log"
        zfs snapshot "$SRC/catch@$(cname "$n")"
    done
    zfs create "$SRC/catchmany"
    for c in $(seq 1 "$BEHIND_MANY"); do zfs create "$SRC/catchmany/$(printf c%03d "$c")"; done
    for n in $(seq 0 "$BEHIND_MANY"); do
        for c in $(seq 1 "$BEHIND_MANY"); do
            echo "$n" >>"$work/mnt/catchmany/$(printf c%03d "$c")/log"
        done
        zfs snapshot -r "$SRC/catchmany@$(cname "$n")"
    done
}
seed_w7() { # a fresh destination holding only the first snapshot of each W7 dataset
    reset_dst
    zfs send "$SRC/catch@$(cname 0)" | zfs recv -u "$DST/catch"
    zfs send -R "$SRC/catchmany@$(cname 0)" | zfs recv -u -d "$DST"
}

# --- the tools: copy SRC-DATASET DST-DATASET RECURSIVE(1|0) ------------------------------------
copy_zsplice() {
    local r=()
    [ "$3" = 1 ] && r=(-r)
    "$zsplice" --state-dir "$work/zsplice-state" replicate --stats "${r[@]}" "$1" "$2"
}
newest() { # newest snapshot's short name of one dataset, empty when none
    zfs list -H -d 1 -t snapshot -s createtxg -o name "$1" 2>/dev/null | tail -1 | sed 's/.*@//'
}
oldest() { # oldest snapshot's short name of one dataset
    zfs list -H -d 1 -t snapshot -s createtxg -o name "$1" 2>/dev/null | head -1 | sed 's/.*@//'
}
# The loop users write: each dataset on its own, parents first; when the destination lacks it,
# the oldest snapshot in full and every later one with one -I stream, else every snapshot after
# the destination's newest with one -I stream; skipped when already there.
copy_loop() {
    local depth=() ds d new old
    [ "$3" = 1 ] || depth=(-d 0)
    for ds in $(zfs list -H -r "${depth[@]}" -t filesystem -o name "$1"); do
        d=$2${ds#"$1"}
        new=$(newest "$ds")
        if zfs list -H -o name "$d" >/dev/null 2>&1; then
            old=$(newest "$d")
            [ "$old" = "$new" ] && continue
            zfs send -I "@$old" "$ds@$new" | zfs recv -u -F "$d"
        else
            old=$(oldest "$ds")
            zfs send "$ds@$old" | zfs recv -u "$d"
            [ "$old" = "$new" ] || zfs send -I "@$old" "$ds@$new" | zfs recv -u "$d"
        fi
    done
}
# One replication stream for the whole tree. recv -d drops the source pool's name, so
# zbsrc/many lands at zbdst/many (children included), like every other tool.
copy_sendR() {
    local new old
    new=$(newest "$1")
    if zfs list -H -o name "$2" >/dev/null 2>&1; then
        old=$(newest "$2")
        [ "$old" = "$new" ] && return 0
        zfs send -R -I "@$old" "$1@$new" | zfs recv -u -F -d "$DST"
    else
        zfs send -R "$1@$new" | zfs recv -u -d "$DST"
    fi
}
# What every peer starts with: one listing of the source tree's snapshots (nothing is copied).
copy_listing() { zfs list -H -p -t snapshot -r -o name,guid,createtxg "$1" >/dev/null; }
copy_syncoid() {
    local r=()
    [ "$3" = 1 ] && r=(-r)
    syncoid "${r[@]}" --no-sync-snap --no-privilege-elevation "$1" "$2"
}
# zettarepl runs only tasks that are due: `run --once` runs what is scheduled for this minute, so
# the task is auto with an every-minute schedule (an auto: false task is only run from TrueNAS's
# middleware). also-include-naming-schema picks up the snapshots made here.
copy_zettarepl() {
    local def=$work/zettarepl.yaml
    cat >"$def" <<YAML
timezone: "UTC"
replication-tasks:
  bench:
    direction: push
    transport:
      type: local
    source-dataset: $1
    target-dataset: $2
    recursive: $([ "$3" = 1 ] && echo true || echo false)
    properties: false
    also-include-naming-schema:
      - "$SCHEMA"
    auto: true
    schedule:
      minute: "*"
    retention-policy: none
    mount: false
    retries: 1
YAML
    "$venv/bin/zettarepl" run --once "$def"
}
stream_zsplice() { "$zsplice" send "$SRC/big@$S4" -o "$1" --compress zstd:1; }
stream_loop() { zfs send "$SRC/big@$S4" | zstd -q -1 -T0 >"$1"; }

# --- checks: every source snapshot of the tree on the destination, same guid -------------------
snapset() { # ROOT RECURSIVE: "relative-name guid" of every snapshot, sorted
    local depth=()
    [ "$2" = 1 ] || depth=(-d 1)
    zfs list -Hp -r "${depth[@]}" -t snapshot -o name,guid "$1" | sed "s|^$1|=|" | sort
}
verify_tree() { # SRC DST RECURSIVE
    local a b
    a=$(snapset "$1" "$3")
    b=$(snapset "$2" "$3" 2>/dev/null || true)
    [ -n "$a" ] && [ "$a" = "$b" ] && return 0
    echo "verify: destination $2 does not match source $1:"
    diff <(echo "$a") <(echo "$b") | head -8
    return 1
}
verify_wide() { # SRC DST SAMPLE...: every dataset's newest snapshot there with the source's guid
    # (one `zfs get` of all of them: listing every snapshot of an unmounted tree of 100,000
    # takes longer than most copies), and every snapshot of the SAMPLE datasets (relative names)
    local snap names a b rel
    snap=$(newest "$1")
    names=$(zfs list -H -r -t filesystem -o name "$1")
    # shellcheck disable=SC2046
    a=$(zfs get -H -p -o name,value guid $(printf '%s@'"$snap"'\n' $names) | sed "s|^$1|=|")
    # shellcheck disable=SC2046
    b=$(zfs get -H -p -o name,value guid $(printf '%s@'"$snap"'\n' $names | sed "s|^$1|$2|") 2>&1 |
        sed "s|^$2|=|")
    if [ "$a" != "$b" ]; then
        echo "verify: the newest snapshots of $2 do not match $1's:"
        diff <(echo "$a") <(echo "$b") | head -8
        return 1
    fi
    shift 2
    for rel in "$@"; do verify_tree "${SRC}${rel}" "${DST}${rel}" 0 || return 1; done
}
verify_stream() { # FILE: received back, the stream gives the source snapshot's guid. A zsplice
    # stream file (magic ZSPLSTRM: CRC'd frames and an index, not a bare zstd stream) is received
    # with `zsplice receive`; anything else is taken as zstd over a plain ZFS stream.
    local g
    if [ "$(head -c 8 "$1")" = ZSPLSTRM ]; then
        "$zsplice" receive -f "$1" "$DST/w5check"
    else
        zstd -dc "$1" | zfs recv -u "$DST/w5check"
    fi
    g=$(zfs get -H -o value guid "$DST/w5check@$S4")
    zfs destroy -r "$DST/w5check"
    [ "$g" = "$(zfs get -H -o value guid "$SRC/big@$S4")" ] && return 0
    echo "verify: the stream's snapshot guid $g is not the source's"
    return 1
}

na_reason() { # TOOL WORKLOAD → prints why the cell is n/a, or nothing
    if [ "$1" = listing ]; then
        case "$2" in W3 | W6a | W6a2) ;; *) echo "lists, copies nothing" ;; esac
        return
    fi
    if [ -n "${STOPPED[$1]:-}" ] && [ "${2:0:2}" = W6 ]; then
        echo "${STOPPED[$1]}"
        return
    fi
    case "$1" in
        syncoid)
            [ -n "${ZSPLICE_BENCH_NA_SYNCOID:-}" ] && { echo "$ZSPLICE_BENCH_NA_SYNCOID"; return; }
            command -v syncoid >/dev/null || { echo "syncoid not installed"; return; } ;;
        zettarepl)
            [ -n "${ZSPLICE_BENCH_NA_ZETTAREPL:-}" ] && { echo "$ZSPLICE_BENCH_NA_ZETTAREPL"; return; }
            [ -n "$venv" ] && [ -x "$venv/bin/zettarepl" ] || { echo "zettarepl not installed"; return; } ;;
    esac
    if [ "$2" = W5 ]; then
        case "$1" in
            zsplice)
                "$zsplice" send --help >/dev/null 2>&1 || echo "no zsplice send in this build" ;;
            loop)
                [ -n "${ZSPLICE_BENCH_NA_ZSTD:-}" ] && { echo "$ZSPLICE_BENCH_NA_ZSTD"; return; }
                command -v zstd >/dev/null || echo "zstd not installed" ;;
            *) echo "writes no stream files" ;;
        esac
    fi
}

# run_cell W TOOL CHECK-COMMAND -- COMMAND...: times COMMAND (its output to a log), then CHECK.
run_cell() {
    local w=$1 tool=$2 check=$3 t0 t1 rc log=$logs/$1-$2.log
    shift 4
    [ "$tool" = listing ] && check=true # it copies nothing to check
    local why
    why=$(na_reason "$tool" "$w")
    if [ -n "$why" ]; then
        CELL[$w,$tool]="n/a ($why)"
        printf '  %-4s %-13s %s\n' "$w" "${TITLE[$tool]}" "${CELL[$w,$tool]}"
        return 0
    fi
    set +e
    t0=$EPOCHREALTIME
    limited "$log" "$@"
    rc=$?
    t1=$EPOCHREALTIME
    if [ "$rc" -eq 124 ]; then
        CELL[$w,$tool]="stopped after $LIMIT s"
        STOPPED[$tool]="$w did not finish"
        printf '  %-4s %-13s %s\n' "$w" "${TITLE[$tool]}" "${CELL[$w,$tool]}"
        set -e
        return 0
    fi
    [ "$tool" = zsplice ] && [ "$rc" -eq 0 ] &&
        STATS[$w]=$(grep -h 'zsplice: stats: ' "$log" | tail -1 | sed 's/^zsplice: stats: //')
    [ "$rc" -eq 0 ] && (set -e; eval "$check") >>"$log" 2>&1 </dev/null
    local ok=$?
    set -e
    if [ "${CELL[$w,$tool]:-}" = FAILED ]; then
        : # a failure in any round keeps the cell failed
    elif [ "$rc" -eq 0 ] && [ "$ok" -eq 0 ]; then
        # Over several rounds the fastest counts: emulation noise only ever adds time.
        local s
        s=$(secs "$t0" "$t1")
        [ "$ROUND" -gt 1 ] && printf '  %-4s %-13s %s this round\n' "$w" "${TITLE[$tool]}" "$(fmt "$s")"
        if [ -z "${SECS[$w,$tool]:-}" ] || awk -v s="$s" -v b="${SECS[$w,$tool]}" 'BEGIN { exit !(s < b) }'; then
            SECS[$w,$tool]=$s
        fi
        CELL[$w,$tool]=$(fmt "${SECS[$w,$tool]}")
    else
        CELL[$w,$tool]="FAILED"
        FAILED_LOGS+=("$log")
    fi
    printf '  %-4s %-13s %s%s\n' "$w" "${TITLE[$tool]}" "${CELL[$w,$tool]}" \
        "$([ "$ROUND" -gt 1 ] && echo ' (fastest round so far)')"
}
FAILED_LOGS=()
ROUND=1
declare -A STOPPED # tool → why its later W6 cells are n/a
# limited LOG COMMAND...: runs COMMAND (a function of this script) in its own process group,
# output to LOG; stops the whole group after LIMIT seconds and then returns 124.
limited() {
    local log=$1 pid dog rc
    shift
    rm -f "$log.stopped"
    set -m
    (set -e; "$@") >"$log" 2>&1 </dev/null &
    pid=$!
    (sleep "$LIMIT"; touch "$log.stopped"; kill -TERM -- "-$pid"; sleep 5; kill -KILL -- "-$pid") \
        >/dev/null 2>&1 &
    dog=$!
    set +m
    wait "$pid"
    rc=$?
    kill -TERM -- "-$dog" 2>/dev/null
    wait "$dog" 2>/dev/null
    [ -e "$log.stopped" ] && rc=124
    return "$rc"
}

# --- setup ---------------------------------------------------------------------------------------
say "setup: pools on 2 GiB file vdevs in $work"
zfs_version=$(cat /sys/module/zfs/version 2>/dev/null || zfs version | tail -1)
cpus=$(nproc)
echo "OpenZFS $zfs_version, $cpus CPUs, $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
make_pool "$SRC" "$work/mnt"
reset_dst
runs() { case "$RUN" in *" $1 "*) return 0 ;; esac; return 1; }
if runs W1 || runs W2 || runs W3; then
    zfs create "$SRC/many"
    for i in $(seq 1 "$NCHILD"); do
        zfs create "$(child "$i")"
        head -c $((CHILD_KIB * 1024)) /dev/urandom >"$work/mnt/many/$(printf c%03d "$i")/data.bin"
    done
    sync
    zfs snapshot -r "$SRC/many@$S1"
fi
if runs W4 || runs W5; then
    zfs create "$SRC/big"
    head -c $((BIG_MIB * 1024 * 1024)) /dev/urandom >"$work/mnt/big/data.bin"
    sync
    zfs snapshot "$SRC/big@$S4"
fi
if runs W6; then
    t0=$EPOCHREALTIME
    setup_w6
    echo "W6 tree: $((NWIDE + 11)) filesystems, $NWSNAP snapshots each, made in $(secs "$t0" "$EPOCHREALTIME") s"
fi
if runs W7; then
    t0=$EPOCHREALTIME
    setup_w7
    echo "W7: $((BEHIND + 1)) snapshots of one dataset, $((BEHIND_MANY + 1)) of $BEHIND_MANY, made in $(secs "$t0" "$EPOCHREALTIME") s"
fi
zfs list -o name,used,refer,compressratio -d 1 "$SRC"

# --- W1-W3: each tool from a fresh destination ---------------------------------------------------
if runs W1 || runs W2 || runs W3; then
for tool in "${TOOLS[@]}"; do
    say "W1-W3: ${TITLE[$tool]}"
    reset_dst
    run_cell W1 "$tool" "verify_tree $SRC/many $DST/many 1" -- "copy_$tool" "$SRC/many" "$DST/many" 1
    make_w2
    run_cell W2 "$tool" "verify_tree $SRC/many $DST/many 1" -- "copy_$tool" "$SRC/many" "$DST/many" 1
    run_cell W3 "$tool" "verify_tree $SRC/many $DST/many 1" -- "copy_$tool" "$SRC/many" "$DST/many" 1
    undo_w2
done
fi

# --- W4-W5: cold source cache, fresh destination -------------------------------------------------
# Big single transfers are the noisiest under emulation: every tool runs them ROUNDS times, tools
# interleaved, and its fastest round counts.
if runs W4 || runs W5; then
for ROUND in $(seq 1 "$ROUNDS"); do
for tool in "${TOOLS[@]}"; do
    [ "$tool" = listing ] && continue
    say "W4-W5: ${TITLE[$tool]} (round $ROUND of $ROUNDS)"
    reset_dst
    if runs W4; then
        cold_src
        run_cell W4 "$tool" "verify_tree $SRC/big $DST/big 0" -- "copy_$tool" "$SRC/big" "$DST/big" 0
    fi
    if runs W5; then
        cold_src
        run_cell W5 "$tool" "verify_stream $work/stream.zst" -- "stream_$tool" "$work/stream.zst"
        rm -f "$work/stream.zst"
    fi
done
done
ROUND=1
zfs mount -a # cold_src imported the source unmounted; the workloads below write to it
fi

# --- W6: the wide tree, each tool from a fresh destination -------------------------------------
# W6a runs twice: the first run with nothing new after a copy is also the first to see what the
# copy left at the destination; W6a2 is every later one.
if runs W6; then
wide_check="verify_wide $SRC/wide $DST/wide /wide /wide/g0 /wide/$(wide_rel 1) /wide/$(wide_rel "$NWIDE")"
for tool in "${TOOLS[@]}"; do
    say "W6: ${TITLE[$tool]}"
    reset_dst
    run_cell W6c "$tool" "$wide_check" -- "copy_$tool" "$SRC/wide" "$DST/wide" 1
    run_cell W6a "$tool" "$wide_check" -- "copy_$tool" "$SRC/wide" "$DST/wide" 1
    run_cell W6a2 "$tool" "$wide_check" -- "copy_$tool" "$SRC/wide" "$DST/wide" 1
    [ "$tool" = listing ] && continue
    make_w6b
    run_cell W6b "$tool" "$wide_check" -- "copy_$tool" "$SRC/wide" "$DST/wide" 1
    undo_w6b
done
fi

# --- W7: catch-ups, each tool from the same seeded destination -----------------------------------
if runs W7; then
many_check="verify_wide $SRC/catchmany $DST/catchmany /catchmany /catchmany/c001"
for tool in "${TOOLS[@]}"; do
    [ "$tool" = listing ] && continue
    say "W7: ${TITLE[$tool]}"
    seed_w7
    run_cell W7a "$tool" "verify_tree $SRC/catch $DST/catch 0" -- "copy_$tool" "$SRC/catch" "$DST/catch" 0
    run_cell W7b "$tool" "$many_check" -- "copy_$tool" "$SRC/catchmany" "$DST/catchmany" 1
done
fi

# --- results -----------------------------------------------------------------------------------
for log in "${FAILED_LOGS[@]}"; do
    say "failed: $(basename "$log" .log) (last lines of its log)"
    tail -15 "$log"
done

say "results"
cat <<EOF
How each tool ran (SRC zbsrc/many or zbsrc/big, DST zbdst/many or zbdst/big, SNAP the newest
snapshot; the destination pool's root has mountpoint=none, so nothing received is mounted):
  zsplice     zsplice --state-dir DIR replicate [-r] SRC DST
              W5: zsplice send zbsrc/big@SNAP -o FILE --compress zstd:1
  shell loop  per dataset, parents first: zfs send ds@FIRST | zfs recv -u DST/... then
              zfs send -I @FIRST ds@SNAP | zfs recv -u DST/... (full), or
              zfs send -I @OLD ds@SNAP | zfs recv -u -F DST/... (OLD: its newest there; nothing
              when that is SNAP)        W5: zfs send zbsrc/big@SNAP | zstd -q -1 -T0 >FILE
  zfs send -R zfs send -R SRC@SNAP | zfs recv -u -d zbdst, then
              zfs send -R -I @OLD SRC@SNAP | zfs recv -u -F -d zbdst (nothing when up to date)
  syncoid     syncoid [-r] --no-sync-snap --no-privilege-elevation SRC DST
  zettarepl   zettarepl run --once DEF.yaml: a local push task, recursive for W1-W3,
              also-include-naming-schema '$SCHEMA', properties: false, mount: false,
              retention-policy: none, auto with an every-minute schedule ('run --once' starts
              only tasks that are due)
  bare zfs list  zfs list -H -p -t snapshot -r -o name,guid,createtxg SRC (W3, W6a: what every
              peer's run starts with; it copies nothing)
W6 is zbsrc/wide ($((NWIDE + 11)) filesystems, $NWSNAP snapshots each); W7a zbsrc/catch, W7b
zbsrc/catchmany, each tool starting from a destination holding only their first snapshot. A cell
"stopped after N s" ran past the limit (ZSPLICE_BENCH_LIMIT) and was stopped.
EOF
echo
echo "OpenZFS $zfs_version in a guest with $cpus CPUs; wall-clock seconds; (×) = zsplice's time / the peer's"
echo
header="| workload | zsplice |"
rule="|---|---|"
for tool in "${TOOLS[@]:1}"; do header+=" ${TITLE[$tool]} |"; rule+="---|"; done
echo "$header"
echo "$rule"
for w in "${WORKLOADS[@]}"; do
    row="| ${WTITLE[$w]} | ${CELL[$w,zsplice]:-} |"
    for tool in "${TOOLS[@]:1}"; do
        c=${CELL[$w,$tool]:-}
        z=${SECS[$w,zsplice]:-}
        p=${SECS[$w,$tool]:-}
        if [ -n "$z" ] && [ -n "$p" ]; then
            c+=$(awk -v z="$z" -v p="$p" 'BEGIN { if (p > 0) printf " (%.2f×)", z / p }')
        fi
        row+=" $c |"
    done
    echo "$row"
done
echo
for w in "${WORKLOADS[@]}"; do
    best="" bt=""
    for tool in "${TOOLS[@]}"; do
        [ "$tool" = listing ] && continue
        s=${SECS[$w,$tool]:-}
        [ -n "$s" ] || continue
        if [ -z "$bt" ] || awk -v s="$s" -v b="$bt" 'BEGIN { exit !(s < b) }'; then best=$tool bt=$s; fi
    done
    if [ -n "$best" ]; then
        echo "${WTITLE[$w]}: fastest is ${TITLE[$best]} ($(fmt "$bt"))"
    else
        echo "${WTITLE[$w]}: no tool produced a result"
    fi
done
echo
echo "zsplice --stats per workload (requests to the kernel, peak memory):"
for w in "${WORKLOADS[@]}"; do
    [ -n "${STATS[$w]:-}" ] && echo "  ${w}: ${STATS[$w]}"
done
[ ${#FAILED_LOGS[@]} -eq 0 ]
