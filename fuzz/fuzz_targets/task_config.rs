//! Fuzzes the parsers of task definitions: what `zsplice task create` takes on its command line
//! and what the state directory's `tasks/<name>.json` files hold.
//!
//! - The whole input as a stored task (`serde_json::from_slice::<zsplice::model::task::Task>`), then
//!   `task.spec.validate()`; a task that parses must serialize and parse back to itself.
//! - Each piece of the input split at `\n` (when UTF-8) through the string parsers:
//!   `Schedule` (then `next_after` from now and from a time taken from the input, which must be
//!   later), `Retention` (its text must parse back to the same value), `NamingSchema::new` (a
//!   name it formats, in UTC, other offsets and local time, must be recognised by `matches()`
//!   and be a valid snapshot name),
//!   `DatasetName::new` and `SnapshotName::new` (what they accept, and the parts they split off,
//!   must be accepted again).
//!
//! Checks: nothing panics, loops or allocates without bound, and the properties above hold.
#![no_main]

use chrono::{DateTime, FixedOffset, Local, Utc};
use libfuzzer_sys::fuzz_target;
use zsplice::model::policy::{NamingSchema, Retention, Schedule};
use zsplice::model::task::Task;
use zsplice::zfs::{DatasetName, SnapshotName};

/// A time between 1970 and 2199 taken from the input, so failures reproduce.
fn time_of(data: &[u8]) -> DateTime<Utc> {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in data {
        h = (h ^ b as u64).wrapping_mul(0x100_0000_01b3);
    }
    let secs = (h % (230 * 365 * 86_400)) as i64;
    DateTime::from_timestamp(secs, 0).expect("in range")
}

fn piece(s: &str, t: &DateTime<Utc>) {
    if let Ok(schedule) = s.parse::<Schedule>() {
        assert_eq!(
            schedule.to_string().parse::<Schedule>().as_ref(),
            Ok(&schedule)
        );
        for after in [*t, Utc::now()] {
            if let Some(next) = schedule.next_after(&after) {
                assert!(next > after, "{schedule}: next after {after} is {next}");
            }
        }
    }
    if let Ok(retention) = s.parse::<Retention>() {
        assert_eq!(retention.to_string().parse::<Retention>(), Ok(retention));
    }
    if let Ok(schema) = NamingSchema::new(s) {
        // The runner names snapshots in local time: UTC, two other offsets and this host's zone.
        let zone = |secs| FixedOffset::east_opt(secs).expect("in range");
        for at in [
            t.fixed_offset(),
            t.with_timezone(&zone(5 * 3600 + 1800)),
            t.with_timezone(&zone(-8 * 3600)),
            Local::now().fixed_offset(),
        ] {
            let name = schema.format(&at);
            assert!(
                schema.matches(&name),
                "schema {s:?} does not recognise {name:?}, its own name for {at}"
            );
            if let Err(e) = SnapshotName::new(&format!("p/a@{name}")) {
                panic!("schema {s:?} names a snapshot {name:?} at {at}: {e}");
            }
        }
    }
    if let Ok(ds) = DatasetName::new(s) {
        assert_eq!(DatasetName::new(ds.as_str()).as_ref().ok(), Some(&ds));
        if let Some(parent) = ds.parent() {
            assert!(DatasetName::new(parent.as_str()).is_ok(), "parent of {ds}");
            assert!(parent.contains(&ds));
        }
        assert!(DatasetName::new(ds.pool()).is_ok(), "pool of {ds}");
    }
    if let Ok(snap) = SnapshotName::new(s) {
        assert!(DatasetName::new(snap.dataset().as_str()).is_ok(), "{snap}");
        assert!(!snap.short_name().is_empty());
        assert_eq!(
            snap.dataset().snapshot(snap.short_name()).as_ref().ok(),
            Some(&snap)
        );
    }
}

fuzz_target!(|data: &[u8]| {
    if let Ok(task) = serde_json::from_slice::<Task>(data) {
        let _ = task.spec.validate();
        let json = serde_json::to_vec(&task).unwrap();
        let back: Task = serde_json::from_slice(&json).expect("a task's own JSON parses back");
        assert_eq!(back, task);
    }

    let t = time_of(data);
    for part in data.split(|&b| b == b'\n') {
        if let Ok(s) = std::str::from_utf8(part) {
            piece(s, &t);
        }
    }
});
