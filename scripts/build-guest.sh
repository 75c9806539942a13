#!/usr/bin/env bash
# Builds the ZFS test guest kit for one OpenZFS release: Debian's 6.1 kernel, that release's
# kernel modules, and (for releases other than the host's 2.3.2) that release's own userland
# (libzfs_core.so.3, libnvpair.so.3, libzfs, zfs, zpool), packed with a busybox initramfs that
# mounts the host's root read-only over 9p and switch_roots into it. scripts/guest-run.sh lays
# the userland over the guest's /usr, so inside the guest `zfs version` and
# /sys/module/zfs/version both name the selected release, as on a real machine of that release.
#
#   ZSPLICE_ZFS_VERSION=2.1.11|2.2.2|2.3.2|2.4.4 scripts/build-guest.sh     (default 2.3.2)
#
# Where each release comes from:
#   2.1.11  Debian bookworm contrib: zfs-dkms for the module; libzfs4linux, libnvpair3linux,
#           libuutil3linux, zfsutils-linux for the userland.
#   2.3.2   Debian bookworm-backports contrib: zfs-dkms for the module; the userland is the one
#           scripts/setup-host.sh installs on the host (the guest sees the host's /usr).
#   2.2.2, 2.4.4  the upstream source archives in ../shared/openzfs (ZSPLICE_OPENZFS_SOURCES),
#           checked against their SHA256SUMS, built here: module and userland from one configure.
#
# Each kit is cached outside the work tree (ZSPLICE_GUEST_CACHE, default ~/.cache/zsplice-guest,
# one directory per release; the kernel package is shared). A build takes minutes once; after
# that the script only checks. The initramfs is rebuilt whenever scripts/guest-init changes.
# Kits for different releases may be built at the same time (each takes its own lock).
# Prints the kit directory on stdout.
set -euo pipefail

KVER=6.1.0-56-amd64
ZFS_VER=${ZSPLICE_ZFS_VERSION:-2.3.2}
here=$(cd "$(dirname "$0")" && pwd)
cache=${ZSPLICE_GUEST_CACHE:-$HOME/.cache/zsplice-guest}
log() { echo "build-guest[$ZFS_VER]: $*" >&2; }
die() { log "$*"; exit 1; }

case "$ZFS_VER" in
    2.1.11) origin=debian suite=bookworm ;;
    2.3.2) origin=debian suite=bookworm-backports ;;
    2.2.2 | 2.4.4) origin=archive ;;
    *)
        echo "build-guest: ZSPLICE_ZFS_VERSION=$ZFS_VER is not a release the test guests" \
            "carry; choose 2.1.11, 2.2.2, 2.3.2 or 2.4.4" >&2
        exit 2
        ;;
esac

kit="$cache/linux-$KVER-zfs-$ZFS_VER"
kernel="$cache/linux-$KVER"
mkdir -p "$kit" "$kernel"
# One builder per kit (and one kernel download) at a time; other releases build alongside.
exec 8>"$kit.lock"
flock 8

# Kits cached before releases were selectable kept the kernel package and the two modules in
# the kit itself; move them where they live now instead of building again.
if [ -d "$kit/src/boot" ] && [ ! -f "$kernel/vmlinuz" ] && [ -f "$kit/zfs.ko" ]; then
    rm -rf "$kernel/root" && mv "$kit/src" "$kernel/root"
    depmod -b "$kernel/root" "$KVER" 2>/dev/null
    cp "$kernel/root/boot/vmlinuz-$KVER" "$kernel/vmlinuz"
    mkdir -p "$kit/modules" && mv "$kit/zfs.ko" "$kit/spl.ko" "$kit/modules/"
    rm -f "$kit/vmlinuz"
fi

# As root, apt would first try (and warn about) downloading as its sandbox user.
apt_opts=()
[ "$(id -u)" -ne 0 ] || apt_opts=(-o APT::Sandbox::User=root)

# Extracts the named Debian packages (apt-get download specs) into $1.
fetch_debs() {
    local into=$1 dl
    shift
    dl=$(mktemp -d)
    chmod 755 "$dl" # apt downloads as _apt
    (cd "$dl" && apt-get download -qq "${apt_opts[@]}" "$@") || { rm -rf "$dl"; die "apt-get download $* failed"; }
    for deb in "$dl"/*.deb; do dpkg-deb -x "$deb" "$into"; done
    rm -rf "$dl"
}

# 1. The guest kernel and its modules, downloaded (not installed) from Debian, shared by all kits.
(
    flock 9
    if [ ! -f "$kernel/vmlinuz" ]; then
        log "downloading linux-image-$KVER"
        rm -rf "$kernel/root" && mkdir -p "$kernel/root"
        fetch_debs "$kernel/root" "linux-image-$KVER"
        depmod -b "$kernel/root" "$KVER" 2>/dev/null
        cp "$kernel/root/boot/vmlinuz-$KVER" "$kernel/vmlinuz.tmp"
        mv "$kernel/vmlinuz.tmp" "$kernel/vmlinuz"
    fi
) 9>"$kernel.lock"
moddir="$kernel/root/lib/modules/$KVER"

# 2. The OpenZFS source tree this release builds from, configured.
prepare_source() {
    local tree=$1
    if [ "$origin" = debian ]; then
        local src
        src=$(mktemp -d)
        fetch_debs "$src" "zfs-dkms/$suite"
        [ -d "$src/usr/src/zfs-$ZFS_VER" ] \
            || die "Debian's $suite zfs-dkms is not $ZFS_VER (it has: $(ls "$src/usr/src"))"
        mv "$src/usr/src/zfs-$ZFS_VER" "$tree"
        rm -rf "$src"
        config=kernel
    else
        local sources=${ZSPLICE_OPENZFS_SOURCES:-$here/../../shared/openzfs}
        [ -d "$sources" ] || sources=/work/shared/openzfs
        [ -f "$sources/zfs-$ZFS_VER.tar.gz" ] \
            || die "no zfs-$ZFS_VER.tar.gz in $sources (set ZSPLICE_OPENZFS_SOURCES to the folder with the OpenZFS source archives)"
        (cd "$sources" && grep " zfs-$ZFS_VER.tar.gz\$" SHA256SUMS | sha256sum -c --quiet -) \
            || die "zfs-$ZFS_VER.tar.gz does not match $sources/SHA256SUMS"
        mkdir -p "$tree"
        tar -xzf "$sources/zfs-$ZFS_VER.tar.gz" -C "$tree" --strip-components=1
        (cd "$tree" && ./autogen.sh) >"$tree/../autogen.log" 2>&1 \
            || { tail -30 "$tree/../autogen.log" >&2; die "autogen.sh failed"; }
        config=all # module and userland from one configure
    fi
    log "configuring OpenZFS $ZFS_VER ($config)"
    (
        cd "$tree"
        ./configure -q --with-config=$config \
            --with-linux="/usr/src/linux-headers-${KVER%-amd64}-common" \
            --with-linux-obj="/usr/src/linux-headers-$KVER" \
            --prefix=/usr --libdir=/usr/lib/x86_64-linux-gnu --sbindir=/usr/sbin \
            --sysconfdir=/etc --localstatedir=/var \
            --disable-pyzfs --disable-sysvinit --disable-systemd
    ) >"$tree/../configure.log" 2>&1 || { tail -30 "$tree/../configure.log" >&2; die "configure failed"; }
    # zfs_gitrev.h is generated by the top-level make; the module build alone does not.
    [ -f "$tree/include/zfs_gitrev.h" ] || make -s -C "$tree" gitrev >/dev/null
}

have_modules() { [ -f "$kit/modules/zfs.ko" ] && [ -f "$kit/modules/spl.ko" ]; }
have_userland() { [ "$origin$ZFS_VER" = debian2.3.2 ] || [ -f "$kit/userland/usr/sbin/zfs" ]; }

if ! have_modules || ! have_userland; then
    build=$(mktemp -d)
    trap 'rm -rf "$build"' EXIT
    tree="$build/zfs"
    if [ "$origin" = archive ] || ! have_modules; then
        prepare_source "$tree"
    fi

    # 3. The kernel modules, built against Debian's headers for the guest kernel. 2.1 builds
    #    several (spl, zavl, znvpair, zunicode, zcommon, zlua, icp, zzstd, zfs under module/*/);
    #    2.2 and later only spl and zfs. All of them go into the initramfs.
    if ! have_modules; then
        log "building the OpenZFS $ZFS_VER kernel modules for $KVER (a few minutes, once)"
        make -s -j"$(nproc)" -C "$tree/module" >"$build/make-module.log" 2>&1 \
            || { tail -30 "$build/make-module.log" >&2; die "module build failed"; }
        rm -rf "$kit/modules.tmp" && mkdir -p "$kit/modules.tmp"
        find "$tree/module" -name '*.ko' | while read -r ko; do
            strip --strip-debug -o "$kit/modules.tmp/$(basename "$ko")" "$ko"
        done
        rm -rf "$kit/modules" && mv "$kit/modules.tmp" "$kit/modules"
    fi

    # 4. The release's own userland, laid out under usr/ as it is installed.
    if ! have_userland; then
        rm -rf "$kit/userland.tmp"
        lib="$kit/userland.tmp/usr/lib/x86_64-linux-gnu"
        mkdir -p "$lib" "$kit/userland.tmp/usr/sbin"
        if [ "$origin" = debian ]; then
            log "downloading the OpenZFS $ZFS_VER userland from Debian $suite"
            pkgs="$build/pkgs"
            mkdir -p "$pkgs"
            fetch_debs "$pkgs" "libzfs4linux/$suite" "libnvpair3linux/$suite" "libzpool5linux/$suite" \
                "libuutil3linux/$suite" "zfsutils-linux/$suite"
            # bookworm's packages still put these under /lib and /sbin.
            for d in lib usr/lib; do
                [ -d "$pkgs/$d/x86_64-linux-gnu" ] || continue
                cp -a "$pkgs/$d/x86_64-linux-gnu/." "$lib/"
            done
            for d in sbin usr/sbin; do
                for b in zfs zpool zdb zstream; do
                    [ -e "$pkgs/$d/$b" ] && cp -a "$pkgs/$d/$b" "$kit/userland.tmp/usr/sbin/"
                done
            done
        else
            log "building the OpenZFS $ZFS_VER userland (libzfs_core, libnvpair, libzfs, zfs, zpool)"
            make -s -j"$(nproc)" -C "$tree" zfs zpool >"$build/make-user.log" 2>&1 \
                || { tail -30 "$build/make-user.log" >&2; die "userland build failed"; }
            # libtool relinks on install, so nothing keeps a run path into the build tree; it
            # only installs into a directory ending in the configured libdir.
            (
                cd "$tree"
                for l in libnvpair libuutil libzfs_core libzfs; do
                    ./libtool --mode=install install -c "$l.la" "$lib/"
                done
                for b in zfs zpool; do
                    ./libtool --mode=install install -c "$b" "$kit/userland.tmp/usr/sbin/"
                done
            ) >"$build/install.log" 2>&1 || { tail -30 "$build/install.log" >&2; die "installing the userland failed"; }
            rm -f "$lib"/*.a "$lib"/*.la
        fi
        [ -e "$lib/libzfs_core.so.3" ] && [ -e "$lib/libnvpair.so.3" ] \
            && [ -x "$kit/userland.tmp/usr/sbin/zfs" ] || die "the $ZFS_VER userland is incomplete"
        rm -rf "$kit/userland" && mv "$kit/userland.tmp" "$kit/userland"
    fi
    rm -rf "$build"
    trap - EXIT
fi
echo "$ZFS_VER" >"$kit/zfs-version"

# 5. The initramfs: busybox, the kernel modules the init needs (with their dependencies), the
#    ZFS modules, and scripts/guest-init as /init.
stamp=$( (cat "$here/guest-init"; echo "$KVER"; ls "$kit/modules") | sha256sum | cut -c1-16)
if [ ! -f "$kit/initrd-$stamp.cpio.gz" ]; then
    log "packing the initramfs"
    root=$(mktemp -d)
    mkdir -p "$root"/{bin,sbin,dev,proc,sys,host,newroot,run,lib/modules/$KVER/extra}
    cp /bin/busybox "$root/bin/busybox"
    for applet in $("$root/bin/busybox" --list); do
        [ "$applet" = busybox ] && continue
        ln -sf busybox "$root/bin/$applet"
    done
    cp "$kit"/modules/*.ko "$root/lib/modules/$KVER/extra/"
    # Copies one kernel module (by name) from the kernel package with what it depends on.
    declare -A seen=()
    for m in $(ls "$kit/modules" | sed 's/\.ko$//'); do seen[$m]=1; done
    queue=(virtio_pci virtio_blk 9pnet_virtio 9p overlay)
    # The ZFS modules' own kernel dependencies (zlib etc.) when they are modules in this kernel.
    for dep in $(modinfo -F depends "$kit"/modules/*.ko | tr ',' ' '); do queue+=("$dep"); done
    while [ ${#queue[@]} -gt 0 ]; do
        m=${queue[0]}
        queue=("${queue[@]:1}")
        [ -n "${seen[$m]:-}" ] && continue
        seen[$m]=1
        line=$(grep -E "(^|/)${m//_/[_-]}\.ko(\.[a-z]+)?:" "$moddir/modules.dep" | head -1) || true
        [ -n "$line" ] || continue # built into the kernel
        path=${line%%:*}
        mkdir -p "$root/lib/modules/$KVER/$(dirname "$path")"
        cp "$moddir/$path" "$root/lib/modules/$KVER/$path"
        for dep in ${line#*:}; do
            d=$(basename "$dep")
            queue+=("${d%%.ko*}")
        done
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
ln -sf "../linux-$KVER/vmlinuz" "$kit/vmlinuz"
echo "$kit"
