//! The task's holds (`zsplice:<task>`) on each source's incremental base, kept crash-safe: the
//! snapshots about to gain or lose a hold are written to the task's record *before* ZFS is
//! touched, and cleared after. A crash in between leaves them listed, so the next run (or
//! `task delete`) settles exactly those, and no hold is ever left that nothing will release.

use std::collections::BTreeMap;

use zsplice_zfs::{ErrorKind, SnapshotName, Zfs};

use crate::error::EngineError;
use crate::model::task::Task;
use crate::replicate::pairs::Pair;
use crate::tasks::store::Store;
use crate::transfer::retry::retrying;

/// Where a run's or a deletion's hold decisions are told.
pub type HoldLog<'a> = &'a dyn Fn(&str);

/// Releases `tag` from `snap`; a snapshot or hold already gone is fine (someone destroyed the
/// snapshot, or the release happened before a crash).
fn release_one(zfs: &Zfs, snap: &str, tag: &str, log: HoldLog<'_>) -> Result<(), EngineError> {
    let Ok(s) = SnapshotName::new(snap) else {
        return Ok(());
    };
    match retrying(log, || zfs.release(&[(s.clone(), tag)])) {
        Ok(()) => Ok(()),
        Err(e) if matches!(e.kind(), ErrorKind::NotFound | ErrorKind::NoSuchHold) => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// Places `tag` on `snap`; one already there is fine.
fn hold_one(
    zfs: &Zfs,
    snap: &SnapshotName,
    tag: &str,
    log: HoldLog<'_>,
) -> Result<(), EngineError> {
    match retrying(log, || zfs.hold(&[(snap.clone(), tag)])) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// Settles what a crash left in flight: holds on snapshots listed in flight that are not the
/// recorded bases are released, and the recorded bases are held again (the crash may have come
/// after their release). Call with the task's lock held, before the run moves any hold.
pub fn settle(
    zfs: &Zfs,
    store: &Store,
    task: &mut Task,
    log: HoldLog<'_>,
) -> Result<(), EngineError> {
    if task.holds_in_flight.is_empty() {
        return Ok(());
    }
    let tag = task.hold_tag();
    for snap in std::mem::take(&mut task.holds_in_flight) {
        if task.held.values().any(|h| *h == snap) {
            if let Ok(s) = SnapshotName::new(&snap) {
                if let Err(e) = hold_one(zfs, &s, &tag, log) {
                    if !matches!(&e, EngineError::Zfs(z) if z.kind() == ErrorKind::NotFound) {
                        return Err(e);
                    }
                }
            }
        } else {
            release_one(zfs, &snap, &tag, log)?;
            log(&format!(
                "released hold '{tag}' on {snap}, left by an interrupted run"
            ));
        }
    }
    store.save_task(task)?;
    Ok(())
}

/// Holds each source's new incremental base and releases the old one, so nothing else can
/// destroy the snapshot the next run starts from. `bases` maps a source to its pair and the
/// short name of its new base.
pub fn move_forward(
    zfs: &Zfs,
    store: &Store,
    task: &mut Task,
    bases: &BTreeMap<String, (Pair, String)>,
    log: HoldLog<'_>,
) -> Result<(), EngineError> {
    let tag = task.hold_tag();
    let mut moves = Vec::new();
    for (source, (pair, base)) in bases {
        let new = pair.source.snapshot(base)?;
        let old = task.held.get(source).cloned();
        if old.as_deref() != Some(new.as_str()) {
            moves.push((source.clone(), new, old));
        }
    }
    if moves.is_empty() {
        return Ok(());
    }
    // Write-ahead: every snapshot about to change is on record before the first change.
    for (_, new, old) in &moves {
        task.holds_in_flight.push(new.to_string());
        task.holds_in_flight.extend(old.iter().cloned());
    }
    store.save_task(task)?;
    for (source, new, old) in moves {
        if let Err(e) = hold_one(zfs, &new, &tag, log) {
            log(&format!("warning: could not hold {new}: {e}"));
            continue;
        }
        if let Some(old) = &old {
            if let Err(e) = release_one(zfs, old, &tag, log) {
                log(&format!("warning: could not release {old}: {e}"));
                // Still in flight: the next run tries again.
                task.held.insert(source, new.to_string());
                task.holds_in_flight.retain(|s| s != new.as_str());
                continue;
            }
        }
        log(&format!("hold '{tag}' now on {new}"));
        task.held.insert(source, new.to_string());
        let done = [Some(new.to_string()), old];
        task.holds_in_flight
            .retain(|s| !done.contains(&Some(s.clone())));
    }
    store.save_task(task)?;
    Ok(())
}

/// Releases every hold the task has (its bases and anything in flight), for `task delete`.
/// Returns the snapshots it could not release, with why, so the user can release them by
/// hand; the task's record is not changed.
pub fn release_all(zfs: &Zfs, task: &Task, log: HoldLog<'_>) -> Vec<(String, EngineError)> {
    let tag = task.hold_tag();
    let mut snaps: Vec<&String> = task.held.values().chain(&task.holds_in_flight).collect();
    snaps.sort();
    snaps.dedup();
    let mut failed = Vec::new();
    for snap in snaps {
        match release_one(zfs, snap, &tag, log) {
            Ok(()) => log(&format!("released hold {tag} on {snap}")),
            Err(e) => failed.push((snap.clone(), e)),
        }
    }
    failed
}

/// Releases the holds on sources a changed definition no longer replicates (`kept` lists the
/// sources it does). Crash-safe as the other moves: the dropped bases move to the in-flight
/// list first, so a crash leaves them for the next run to release. Call with the task's lock.
pub fn drop_unkept(
    zfs: &Zfs,
    store: &Store,
    task: &mut Task,
    kept: &[&str],
    log: HoldLog<'_>,
) -> Result<(), EngineError> {
    let dropped: Vec<String> = task
        .held
        .keys()
        .filter(|src| !kept.contains(&src.as_str()))
        .cloned()
        .collect();
    if dropped.is_empty() {
        return store.save_task(task).map_err(Into::into);
    }
    for src in &dropped {
        if let Some(snap) = task.held.remove(src) {
            task.holds_in_flight.push(snap);
        }
    }
    store.save_task(task)?;
    let tag = task.hold_tag();
    let in_flight = std::mem::take(&mut task.holds_in_flight);
    for snap in in_flight {
        match release_one(zfs, &snap, &tag, log) {
            Ok(()) => log(&format!(
                "released hold {tag} on {snap} (no longer a source)"
            )),
            // Left in flight: the next run settles it.
            Err(e) => {
                log(&format!("{snap}: cannot release hold {tag}: {e}"));
                task.holds_in_flight.push(snap);
            }
        }
    }
    store.save_task(task)?;
    Ok(())
}
