#!/usr/bin/env bash
# Installs what building zsplice and running its ZFS test guest needs on a Debian 12 host:
# contrib + bookworm-backports sources (OpenZFS 2.3.2 lives there), the libzfs_core headers and
# libraries zsplice links, QEMU, the tools used to build the guest's initramfs,
# systemd-analyze (to check the service unit), valgrind (the C library's test), chromium with
# its WebDriver (the browser test; the guest runs the host's binaries, so installing them here is
# enough), and what building OpenZFS from source needs (the 2.2.2 and 2.4.4 guests).
# Idempotent: a second run installs nothing and takes a second.
set -euo pipefail

KVER=6.1.0-56-amd64
# tzdata: the daemon's daylight-saving tests read America/New_York from it.
tools=(busybox-static cpio kmod build-essential pkg-config tzdata)
# The browser test drives headless chromium through chromedriver; a font so its screenshots
# show text.
tools+=(chromium chromium-driver fonts-dejavu-core)
# ip: scripts/guest-run.sh brings the guest's loopback up with it (minimal images lack it).
tools+=(iproute2)
# curl: the demo shows the HTTP API with it.
tools+=(curl)
# valgrind: the C library's suite runs under it in the guest (tests/integration/capi.rs).
tools+=(valgrind)
# OpenZFS 2.2.2 and 2.4.4 (the compatibility guests) build from their source archives:
# autogen.sh, then the module and the userland (scripts/build-guest.sh).
tools+=(autoconf automake libtool python3 libblkid-dev uuid-dev libudev-dev libssl-dev
    zlib1g-dev libaio-dev libattr1-dev libelf-dev libtirpc-dev)
# systemd-analyze checks the service unit (scripts/verify-unit.sh); containers may lack it.
command -v systemd-analyze >/dev/null 2>&1 || tools+=(systemd)
need=(qemu-system-x86 zfsutils-linux libzfslinux-dev "linux-headers-$KVER" "${tools[@]}")

missing=()
for p in "${need[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

src=/etc/apt/sources.list.d/debian.sources
if [ -f "$src" ] && ! grep -q '^Components:.*contrib' "$src"; then
    echo "setup-host: enabling Debian 'contrib' (ZFS lives there)" >&2
    $SUDO sed -i '0,/^Components: main$/s//Components: main contrib/' "$src"
fi
bp=/etc/apt/sources.list.d/zsplice-backports.sources
if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    echo "setup-host: adding bookworm-backports (OpenZFS 2.3.2)" >&2
    $SUDO tee "$bp" >/dev/null <<'SRC'
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main contrib
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# zfsutils-linux's postinst wants to load the module; on a host without ZFS that fails harmlessly,
# so the ZFS packages come from backports and errors from their service scripts are tolerated.
# --no-install-recommends keeps zfs-dkms out: it would build modules for every installed kernel
# (minutes), while the guest's module is built once by scripts/build-guest.sh and cached.
$SUDO apt-get install -y -qq --no-install-recommends -t bookworm-backports \
    qemu-system-x86 zfsutils-linux libzfslinux-dev >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends "linux-headers-$KVER" "${tools[@]}" >/dev/null
echo "setup-host: installed ${missing[*]}" >&2
