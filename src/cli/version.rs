//! `zsplice version` and `--version`: zsplice's own version, the OpenZFS it found, and the
//! verdict (`zsplice::platform::report`).

use zsplice::platform::{report, PlatformReport, SUPPORTED};
use zsplice::EngineError;

use super::args::{VersionArgs, VERSION};
use super::json;
use super::output::outln;

/// `zsplice version`: exit 1 when zsplice refuses this module or pairing, so a script can ask.
pub fn print(args: &VersionArgs) -> Result<u8, EngineError> {
    let r = report();
    if args.json {
        json::print_result(&as_json(&r));
    } else {
        print_report(&r);
    }
    Ok(if r.problem.is_some() { 1 } else { 0 })
}

/// `--version`: the same lines; it always exits 0.
pub fn print_text() {
    print_report(&report());
}

fn print_report(r: &PlatformReport) {
    let p = &r.platform;
    outln!("zsplice {VERSION}");
    match &p.module {
        Some(m) => outln!("ZFS kernel module: {}", m.version),
        None => outln!("ZFS kernel module: not loaded (/sys/module/zfs/version is missing)"),
    }
    outln!("libzfs_core:       {}", p.userland);
    let (oldest, newest) = SUPPORTED;
    match (&r.problem, &p.module) {
        (Some(why), _) => outln!("supported:         no: {why}"),
        (None, Some(_)) => {
            outln!("supported:         yes (zsplice works with OpenZFS {oldest} to {newest})")
        }
        (None, None) => outln!(
            "supported:         unknown until the module is loaded (zsplice works with OpenZFS \
             {oldest} to {newest})"
        ),
    }
    if let Some(note) = &r.note {
        outln!("note:              {note}");
    }
}

fn as_json(r: &PlatformReport) -> serde_json::Value {
    let p = &r.platform;
    let (oldest, newest) = SUPPORTED;
    serde_json::json!({
        "zsplice": VERSION,
        "module": p.module.as_ref().map(|m| serde_json::json!({
            "version": m.version,
            "release": m.release.map(|r| r.to_string()),
        })),
        "libzfs_core": {
            "version": p.userland.version,
            "path": p.userland.path,
            "oldest_release_line": p.userland.calls.oldest_line().to_string(),
        },
        "supported": r.problem.is_none() && p.module.is_some(),
        "problem": r.problem,
        "note": r.note,
        "supported_releases": format!("{oldest} to {newest}"),
    })
}
