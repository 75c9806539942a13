//! Finds libnvpair.so.3 through pkg-config (it ships with libzfs_core's .pc file) and says which
//! Debian package provides it when it is missing.
fn main() {
    println!("cargo:rerun-if-env-changed=PKG_CONFIG_PATH");
    // libnvpair has no .pc of its own; libzfs_core.pc lists -lnvpair beside -lzfs_core.
    match pkg_config::Config::new()
        .atleast_version("2.1")
        .cargo_metadata(false)
        .probe("libzfs_core")
    {
        Ok(lib) => {
            for dir in &lib.link_paths {
                println!("cargo:rustc-link-search=native={}", dir.display());
            }
            println!("cargo:rustc-link-lib=dylib=nvpair");
        }
        Err(e) => {
            eprintln!(
                "\nlibnvpair-sys: OpenZFS's libnvpair was not found through pkg-config \
                 (libzfs_core.pc): {e}\n\
                 On Debian 12 install it with: apt-get install -t bookworm-backports libzfslinux-dev\n\
                 (needs 'contrib' and bookworm-backports in the apt sources; scripts/setup-host.sh does all of it)\n"
            );
            std::process::exit(1);
        }
    }
}
