//! Gives libzsplice.so a soname with the ABI's version: libzsplice.so.0.MINOR while the version
//! is 0.x (each 0.x may change the ABI), libzsplice.so.MAJOR after, so a program built against
//! one ABI never loads an incompatible library.

fn main() {
    let major = std::env::var("CARGO_PKG_VERSION_MAJOR").unwrap_or_else(|_| "0".into());
    let minor = std::env::var("CARGO_PKG_VERSION_MINOR").unwrap_or_else(|_| "0".into());
    let soname = if major == "0" {
        format!("libzsplice.so.0.{minor}")
    } else {
        format!("libzsplice.so.{major}")
    };
    println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,{soname}");
    println!("cargo:rerun-if-changed=build.rs");
}
