//! Finds libzfs_core.so.3 through pkg-config and says which Debian package provides it when it is
//! missing. Only libzfs_core is linked, never libzfs.so: its soname changes between OpenZFS
//! releases (.so.4 in 2.1, .so.6 in 2.3), while libzfs_core and libnvpair stay .so.3.
//! A docs-only build (`DOCS_RS`, `ZSPLICE_DOCS_ONLY` or `--cfg docsrs`) skips the probe and
//! links nothing: see `docs_only`.
fn main() {
    println!("cargo:rerun-if-env-changed=PKG_CONFIG_PATH");
    if let Some(why) = docs_only() {
        println!(
            "cargo:warning=libzfs-sys: docs-only build ({why} is set): libzfs_core is not probed or linked"
        );
        return;
    }
    match pkg_config::Config::new()
        .atleast_version("2.1")
        .cargo_metadata(false)
        .probe("libzfs_core")
    {
        Ok(lib) => {
            for dir in &lib.link_paths {
                println!("cargo:rustc-link-search=native={}", dir.display());
            }
            println!("cargo:rustc-link-lib=dylib=zfs_core");
            println!("cargo:version={}", lib.version);
        }
        Err(e) => {
            eprintln!(
                "\nlibzfs-sys: OpenZFS's libzfs_core was not found through pkg-config: {e}\n\
                 On Debian 12 install it with: apt-get install -t bookworm-backports libzfslinux-dev\n\
                 (needs 'contrib' and bookworm-backports in the apt sources; scripts/setup-host.sh does all of it)\n"
            );
            std::process::exit(1);
        }
    }
}

/// A docs-only build (docs.rs sets `DOCS_RS`; `ZSPLICE_DOCS_ONLY` does the same on any host,
/// and so does `--cfg docsrs` in RUSTFLAGS): the declarations compile without the C library,
/// and rustdoc links nothing, so the pkg-config probe is skipped and no link flags are emitted.
/// A binary built this way would fail to link, which is why it is opt-in.
fn docs_only() -> Option<&'static str> {
    for var in ["DOCS_RS", "ZSPLICE_DOCS_ONLY"] {
        println!("cargo:rerun-if-env-changed={var}");
    }
    if std::env::var_os("DOCS_RS").is_some() {
        Some("DOCS_RS")
    } else if std::env::var_os("ZSPLICE_DOCS_ONLY").is_some() {
        Some("ZSPLICE_DOCS_ONLY")
    } else if std::env::var_os("CARGO_CFG_DOCSRS").is_some() {
        Some("cfg(docsrs)")
    } else {
        None
    }
}
