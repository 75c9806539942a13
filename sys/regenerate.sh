#!/usr/bin/env bash
# Regenerates the checked-in raw bindings of libnvpair-sys and libzfs-sys from the OpenZFS
# headers kept in vendor/openzfs/. Run it after updating vendor/ (see --vendor below); the output
# is committed, so ordinary builds need neither clang nor bindgen.
#   sys/regenerate.sh            regenerate sys/*/src/bindings.rs from vendor/
#   sys/regenerate.sh --vendor   first refresh vendor/openzfs from the installed libzfslinux-dev
#                                headers plus zfs_ioctl.h from the zfs-dkms source in the guest kit
# Needs: clang + libclang-dev (apt) and bindgen-cli (cargo install bindgen-cli).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
vendor="$root/vendor/openzfs"

command -v bindgen >/dev/null || { echo "regenerate: needs bindgen (cargo install bindgen-cli)" >&2; exit 1; }

if [ "${1:-}" = "--vendor" ]; then
    kit=$("$root/scripts/build-guest.sh")
    zsrc="$kit/src/usr/src/zfs-2.3.2"
    stage=$(mktemp -d)
    mkdir -p "$stage/libzfs/sys"
    cp -a /usr/include/libzfs/. "$stage/libzfs/"
    cp "$zsrc/include/sys/zfs_ioctl.h" "$stage/libzfs/sys/"
    # Keep exactly the headers the wrappers pull in.
    deps=$(for w in "$root"/sys/*/wrapper.h; do
        gcc -M -D_GNU_SOURCE -I"$stage/libzfs" -I/usr/include/libspl -I"$zsrc/include/os/linux/zfs" "$w"
    done | tr ' \\' '\n\n' | grep -E "^($stage/libzfs|/usr/include/libspl|$zsrc/include/os/linux/zfs)/" | sort -u)
    rm -rf "$vendor" && mkdir -p "$vendor/libzfs" "$vendor/libspl"
    for f in $deps; do
        case "$f" in
            "$stage/libzfs/"*) rel=libzfs/${f#"$stage/libzfs/"} ;;
            /usr/include/libspl/*) rel=libspl/${f#/usr/include/libspl/} ;;
            # zfs_ioctl.h reaches a few OS-specific kernel headers (abd_os.h); userspace
            # OpenZFS builds find them on this path too.
            "$zsrc/include/os/linux/zfs/"*) rel=libzfs/${f#"$zsrc/include/os/linux/zfs/"} ;;
        esac
        mkdir -p "$vendor/$(dirname "$rel")"
        cp "$f" "$vendor/$rel"
    done
    cp "$zsrc/LICENSE" "$zsrc/COPYRIGHT" "$zsrc/NOTICE" "$vendor/"
    echo "OpenZFS 2.3.2 (Debian zfs-dkms / libzfslinux-dev 2.3.2-2~bpo12+2)" >"$vendor/VERSION"
    rm -rf "$stage"
fi

clang_args=(-D_GNU_SOURCE -I"$vendor/libzfs" -I"$vendor/libspl")
common=(--no-prepend-enum-name --no-doc-comments --use-core --merge-extern-blocks
        --default-enum-style consts)

bindgen "$root/sys/libnvpair-sys/wrapper.h" "${common[@]}" \
    --allowlist-function 'nvlist_.*|nvpair_.*' \
    --allowlist-type 'nvlist_t|nvpair_t|data_type_t|boolean_t|uint_t' \
    --allowlist-var 'NV_.*|DATA_TYPE_.*|B_TRUE|B_FALSE' \
    --blocklist-function 'nvlist_(print|prt).*|nvlist_.*_va|nvpair_value_hrtime|nvlist_.*hrtime.*|nvlist_(xalloc|xdup|xunpack|xpack|lookup_nv_alloc)|nv_alloc.*' \
    --blocklist-type 'nv_alloc.*|FILE|_IO_.*|hrtime_t' \
    -o "$root/sys/libnvpair-sys/src/bindings.rs" -- "${clang_args[@]}"

bindgen "$root/sys/libzfs-sys/wrapper.h" "${common[@]}" \
    --allowlist-function 'lzc_.*|libzfs_core_(init|fini)' \
    --allowlist-type 'zfs_cmd_t|zfs_cmd|dmu_replay_record_t|dmu_replay_record|zfs_ioc_t|zfs_errno_t|lzc_send_flags|dmu_objset_type_t|zfs_type_t|dmu_objset_stats_t|drr_.*|zfs_stat_t|zinject_record_t|zfs_share_t|dmu_object_type_t' \
    --allowlist-var 'ZFS_IOC_.*|ZFS_ERR_.*|LZC_SEND_FLAG_.*|DMU_.*|ZFS_MAX_DATASET_NAME_LEN|MAXNAMELEN|MAXPATHLEN|DRR_.*|ZFS_TYPE_.*|DMU_BACKUP_.*|ZFS_SEND_RESUME_TOKEN_VERSION|ZFS_NUM_LEGACY_HISTORY_EVENTS' \
    --blocklist-type 'nvlist_t|nvlist|nvpair_t|nvpair|boolean_t|uint_t|data_type_t' \
    --blocklist-function 'lzc_send_progress|lzc_(ioctl_fd|get_vdev_prop|set_vdev_prop).*' \
    --raw-line 'pub use libnvpair_sys::{boolean_t, nvlist_t, uint_t, B_FALSE, B_TRUE};' \
    -o "$root/sys/libzfs-sys/src/bindings.rs" -- "${clang_args[@]}"

# bindgen's layout asserts (kept on) pin every struct's size and field offsets as clang saw them
# in the vendored headers: a binding that drifts from the ABI fails to compile. The libzfs-sys
# test `layout` also compiles C against the *installed* headers and compares.
echo "regenerate: wrote sys/libnvpair-sys/src/bindings.rs and sys/libzfs-sys/src/bindings.rs" >&2
