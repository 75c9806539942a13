#!/usr/bin/env bash
# The C library as a C programmer gets it, checked on the host (scripts/test.sh runs this; the
# programs it builds then run on real pools in the guest, tests/integration/capi.rs):
#   1. `cargo build --release --workspace` leaves libzsplice.so and libzsplice.a in
#      target/release; the shared library exports only zsplice_* functions and imports nothing
#      that starts a process or installs a signal handler;
#   2. scripts/install-lib.sh installs it under target/c-prefix, and pkg-config finds it there;
#   3. examples/c builds against the installed header and library through pkg-config with
#      -Wall -Werror (the README's program, also linked statically, and the C ABI's suite), and
#      zsplice.h compiles as strict C99, C11 and C++11.
# (That include/zsplice.h is what cbindgen generates is a unit test of capi/, run with the others.)
# Prints the folder of the built programs last: ZSPLICE_C_EXAMPLES for the guest.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-$PWD/target}
case "$target" in /*) ;; *) target="$PWD/$target" ;; esac

cargo build --release --workspace --quiet
for f in libzsplice.so libzsplice.a; do
    [ -f "$target/release/$f" ] || { echo "check-c-library: no $target/release/$f" >&2; exit 1; }
done
so="$target/release/libzsplice.so"
if extra=$(nm -D --defined-only "$so" | awk '$2 == "T" && $3 !~ /^zsplice_/ {print $3}' | grep .); then
    echo "check-c-library: libzsplice.so exports more than zsplice_*: $extra" >&2
    exit 1
fi
if bad=$(nm -D --undefined-only "$so" | awk '{print $2}' \
        | grep -E '^(sigaction|signal|sigset|bsd_signal|fork|vfork|clone|execv.*|execl.*|posix_spawn.*|system|popen)(@|$)'); then
    echo "check-c-library: libzsplice.so would start processes or install signal handlers: $bad" >&2
    exit 1
fi

prefix="$target/c-prefix"
rm -rf "$prefix"
CARGO_TARGET_DIR="$target" scripts/install-lib.sh --prefix "$prefix" --no-build 2>/dev/null
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
pkg-config --exists zsplice || { echo "check-c-library: pkg-config does not find zsplice" >&2; exit 1; }
want=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
have=$(pkg-config --modversion zsplice)
[ "$have" = "$want" ] || { echo "check-c-library: pkg-config says $have, Cargo.toml $want" >&2; exit 1; }

out="$target/c-examples"
rm -rf "$out" && mkdir -p "$out"
make --no-print-directory -s -C examples/c OUT="$out" >&2
# The statically linked program runs without libzsplice.so anywhere (it prints its usage).
said=$("$out/replicate-static" 2>&1 || true)
grep -q "^zsplice $want" <<<"$said" \
    || { echo "check-c-library: the statically linked example does not run: $said" >&2; exit 1; }
echo "$out"
