//! Finds libzfs_core.so.3 through pkg-config and says which Debian package provides it when it is
//! missing. Only libzfs_core is linked, never libzfs.so: its soname changes between OpenZFS
//! releases (.so.4 in 2.1, .so.6 in 2.3), while libzfs_core and libnvpair stay .so.3.
fn main() {
    println!("cargo:rerun-if-env-changed=PKG_CONFIG_PATH");
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
