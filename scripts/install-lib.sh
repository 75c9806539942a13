#!/usr/bin/env bash
# Builds and installs the C library: libzsplice.so (with its soname link), libzsplice.a,
# zsplice.h and zsplice.pc, so `pkg-config --cflags --libs zsplice` finds them.
#   scripts/install-lib.sh [--prefix DIR] [--libdir DIR] [--includedir DIR] [--destdir DIR] [--no-build]
#   scripts/install-lib.sh --uninstall [--prefix DIR] [--libdir DIR] [--includedir DIR] [--destdir DIR]
# Defaults: --prefix /usr/local, --libdir PREFIX/lib, --includedir PREFIX/include. --destdir
# stages the files under DIR (for packaging) while the .pc file still names the final paths.
# --no-build installs what `cargo build --release --workspace` left in target/release.
# --uninstall removes what an install with the same directories put there.
# After installing under a prefix pkg-config does not search, point it there:
#   PKG_CONFIG_PATH=PREFIX/lib/pkgconfig pkg-config --cflags --libs zsplice
set -euo pipefail

prefix=/usr/local libdir="" includedir="" destdir="" build=1 uninstall=0
usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) prefix=${2:?--prefix needs a directory}; shift 2 ;;
        --libdir) libdir=${2:?--libdir needs a directory}; shift 2 ;;
        --includedir) includedir=${2:?--includedir needs a directory}; shift 2 ;;
        --destdir) destdir=${2:?--destdir needs a directory}; shift 2 ;;
        --no-build) build=0; shift ;;
        --uninstall) uninstall=1; shift ;;
        -h|--help) usage ;;
        *) echo "install-lib: unknown argument '$1'" >&2; usage ;;
    esac
done
for d in "$prefix" "${libdir:-/}" "${includedir:-/}"; do
    case "$d" in
        /*) ;;
        *) echo "install-lib: '$d' is not an absolute path (pkg-config needs one)" >&2; exit 2 ;;
    esac
done
libdir=${libdir:-$prefix/lib}
includedir=${includedir:-$prefix/include}

if [ "$uninstall" = 1 ]; then
    rm -fv "$destdir$libdir"/libzsplice.so "$destdir$libdir"/libzsplice.so.* \
        "$destdir$libdir/libzsplice.a" "$destdir$libdir/pkgconfig/zsplice.pc" \
        "$destdir$includedir/zsplice.h" >&2
    if [ -z "$destdir" ] && [ "$(id -u)" = 0 ] && command -v ldconfig >/dev/null; then
        ldconfig 2>/dev/null || true
    fi
    exit 0
fi

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
target=${CARGO_TARGET_DIR:-$root/target}
if [ "$build" = 1 ]; then
    cargo build --release -p zsplice-capi
fi
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
soname=$(readelf -d "$target/release/libzsplice.so" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
[ -n "$soname" ] || { echo "install-lib: $target/release/libzsplice.so has no soname; build it first" >&2; exit 1; }

install -d "$destdir$libdir/pkgconfig" "$destdir$includedir"
install -m 0755 "$target/release/libzsplice.so" "$destdir$libdir/libzsplice.so.$version"
ln -sfn "libzsplice.so.$version" "$destdir$libdir/$soname"
ln -sfn "$soname" "$destdir$libdir/libzsplice.so"
install -m 0644 "$target/release/libzsplice.a" "$destdir$libdir/libzsplice.a"
install -m 0644 include/zsplice.h "$destdir$includedir/zsplice.h"
sed -e "s|@PREFIX@|$prefix|" -e "s|@LIBDIR@|$libdir|" -e "s|@INCLUDEDIR@|$includedir|" \
    -e "s|@VERSION@|$version|" capi/zsplice.pc.in >"$destdir$libdir/pkgconfig/zsplice.pc"
echo "install-lib: installed libzsplice $version (soname $soname) under $destdir$prefix" >&2
case ":${PKG_CONFIG_PATH:-}:$(pkg-config --variable pc_path pkg-config 2>/dev/null):" in
    *":$libdir/pkgconfig:"*) ;;
    *) echo "install-lib: pkg-config does not search $libdir/pkgconfig; set PKG_CONFIG_PATH=$libdir/pkgconfig" >&2 ;;
esac
if [ -z "$destdir" ] && [ "$(id -u)" = 0 ] && command -v ldconfig >/dev/null; then
    ldconfig "$libdir" 2>/dev/null || true
fi
