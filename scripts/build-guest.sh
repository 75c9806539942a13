#!/usr/bin/env bash
# Builds the ZFS test guest kit: Debian's 6.1 kernel plus an OpenZFS 2.3.2 module compiled from
# zfs-dkms, packed with a busybox initramfs that mounts the host's root read-only over 9p and
# switch_roots into it. The kit is cached outside the work tree (ZSPLICE_GUEST_CACHE, default
# ~/.cache/zsplice-guest); the module build (minutes) happens once, the initramfs is rebuilt
# whenever scripts/guest-init changes. Prints the kit directory on stdout.
set -euo pipefail

KVER=6.1.0-56-amd64
ZFS_VER=2.3.2
here=$(cd "$(dirname "$0")" && pwd)
cache=${ZSPLICE_GUEST_CACHE:-$HOME/.cache/zsplice-guest}
kit="$cache/linux-$KVER-zfs-$ZFS_VER"
mkdir -p "$kit"
log() { echo "build-guest: $*" >&2; }

# 1. Kernel and module source, downloaded (not installed) from Debian.
if [ ! -f "$kit/vmlinuz" ] || [ ! -d "$kit/src/usr/src/zfs-$ZFS_VER" ]; then
    log "downloading linux-image-$KVER and zfs-dkms $ZFS_VER"
    dl=$(mktemp -d)
    chmod 755 "$dl"  # apt downloads as _apt
    (cd "$dl" && apt-get download -qq "linux-image-$KVER" "zfs-dkms/bookworm-backports")
    rm -rf "$kit/src" && mkdir -p "$kit/src"
    for deb in "$dl"/*.deb; do dpkg-deb -x "$deb" "$kit/src"; done
    rm -rf "$dl"
    cp "$kit/src/boot/vmlinuz-$KVER" "$kit/vmlinuz"
fi

# 2. The OpenZFS module, built against Debian's headers for the guest kernel.
if [ ! -f "$kit/zfs.ko" ] || [ ! -f "$kit/spl.ko" ]; then
    log "building the OpenZFS $ZFS_VER module for $KVER (a few minutes, once)"
    build=$(mktemp -d)
    cp -a "$kit/src/usr/src/zfs-$ZFS_VER" "$build/zfs"
    (
        cd "$build/zfs"
        ./configure -q --with-config=kernel \
            --with-linux="/usr/src/linux-headers-${KVER%-amd64}-common" \
            --with-linux-obj="/usr/src/linux-headers-$KVER" >"$build/configure.log" 2>&1 \
            || { tail -30 "$build/configure.log" >&2; exit 1; }
        make -s -j"$(nproc)" -C module >"$build/make.log" 2>&1 || { tail -30 "$build/make.log" >&2; exit 1; }
    )
    for m in spl zfs; do
        strip --strip-debug -o "$kit/$m.ko.tmp" "$build/zfs/module/$m.ko"
        mv "$kit/$m.ko.tmp" "$kit/$m.ko"
    done
    rm -rf "$build"
fi

# 3. The initramfs: busybox, the kernel modules the init needs (with their dependencies), the
#    ZFS module, and scripts/guest-init as /init.
stamp=$( (cat "$here/guest-init"; echo "$KVER") | sha256sum | cut -c1-16)
if [ ! -f "$kit/initrd-$stamp.cpio.gz" ]; then
    log "packing the initramfs"
    root=$(mktemp -d)
    mkdir -p "$root"/{bin,sbin,dev,proc,sys,host,newroot,run,lib/modules/$KVER/extra}
    cp /bin/busybox "$root/bin/busybox"
    for applet in $("$root/bin/busybox" --list); do
        [ "$applet" = busybox ] && continue
        ln -sf busybox "$root/bin/$applet"
    done
    moddir="$kit/src/lib/modules/$KVER"
    cp "$kit/spl.ko" "$kit/zfs.ko" "$root/lib/modules/$KVER/extra/"
    # Resolve the dependency closure of the modules init loads from the full kernel tree.
    depmod -b "$kit/src" "$KVER" 2>/dev/null
    want="virtio_pci virtio_blk 9pnet_virtio 9p overlay"
    declare -A seen=()
    queue=()
    for w in $want; do queue+=("$w"); done
    while [ ${#queue[@]} -gt 0 ]; do
        m=${queue[0]}; queue=("${queue[@]:1}")
        [ -n "${seen[$m]:-}" ] && continue
        seen[$m]=1
        line=$(grep -E "(^|/)${m//_/[_-]}\.ko(\.[a-z]+)?:" "$moddir/modules.dep" | head -1) || true
        [ -n "$line" ] || continue   # built into the kernel
        path=${line%%:*}
        mkdir -p "$root/lib/modules/$KVER/$(dirname "$path")"
        cp "$moddir/$path" "$root/lib/modules/$KVER/$path"
        for dep in ${line#*:}; do
            d=$(basename "$dep"); d=${d%%.ko*}
            queue+=("$d")
        done
    done
    # zfs.ko's own kernel dependencies (zlib etc.) when they are modules in this kernel.
    for dep in $(modinfo -F depends "$kit/zfs.ko" "$kit/spl.ko" | tr ',' ' '); do
        [ "$dep" = spl ] && continue
        line=$(grep -E "(^|/)${dep//_/[_-]}\.ko(\.[a-z]+)?:" "$moddir/modules.dep" | head -1) || true
        [ -n "$line" ] || continue
        path=${line%%:*}
        mkdir -p "$root/lib/modules/$KVER/$(dirname "$path")"
        cp "$moddir/$path" "$root/lib/modules/$KVER/$path"
    done
    cp "$moddir"/modules.{order,builtin,builtin.modinfo} "$root/lib/modules/$KVER/" 2>/dev/null || true
    depmod -b "$root" "$KVER"
    cp "$here/guest-init" "$root/init"
    chmod +x "$root/init"
    (cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) >"$kit/initrd-$stamp.cpio.gz.tmp"
    mv "$kit/initrd-$stamp.cpio.gz.tmp" "$kit/initrd-$stamp.cpio.gz"
    rm -rf "$root"
fi
ln -sf "initrd-$stamp.cpio.gz" "$kit/initrd.cpio.gz"
echo "$kit"
